//! `client.messages()`.

use std::marker::PhantomData;

use anthropic_core::endpoints::messages;
use anthropic_core::types::{
    Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount,
};
use anthropic_core::{Error, RequestOptions};

use crate::client::Client;
use crate::helper::MessageStream;
use crate::stream::EventStream;
use anthropic_core::response::{Parsed, Raw, ResponseMode};

/// The Messages API.
#[derive(Debug, Clone)]
pub struct Messages<'a, M = Parsed> {
    client: &'a Client,
    beta: bool,
    options: RequestOptions,
    _mode: PhantomData<M>,
}

impl<'a> Messages<'a, Parsed> {
    pub(crate) fn new(client: &'a Client, beta: bool) -> Self {
        Messages {
            client,
            beta,
            options: RequestOptions::default(),
            _mode: PhantomData,
        }
    }
}

impl<'a, M: ResponseMode> Messages<'a, M> {
    /// Applies per-request options (timeout, retries, extra headers, query and body) to the
    /// calls made through this handle.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Returns raw responses (status, headers, body) instead of parsed values.
    pub fn with_raw_response(self) -> Messages<'a, Raw> {
        Messages {
            client: self.client,
            beta: self.beta,
            options: self.options,
            _mode: PhantomData,
        }
    }

    /// Creates a message (`POST /v1/messages`), waiting for the whole response.
    ///
    /// Refused before sending with [`Error::StreamingRequired`] when `max_tokens` could take
    /// longer than ten minutes and no timeout was set explicitly.
    pub fn create(&self, params: &MessageCreateParams) -> Result<M::Output<Message>, Error> {
        let call = messages::create(params, self.beta)?;
        M::finish(self.client.execute(call, &self.options)?)
    }

    /// Creates a message and streams its events as they arrive (Python's
    /// `create(..., stream=True)`): `"stream": true` is sent whatever `params.stream` says.
    /// An error status is returned here; errors inside the stream come from the iterator.
    pub fn create_stream(&self, params: &MessageCreateParams) -> Result<EventStream, Error> {
        EventStream::open(
            self.client,
            messages::create_stream(params, self.beta)?,
            &self.options,
        )
    }

    /// Streams a message with the stream helper (Python's `messages.stream`): events as
    /// they arrive, accumulated into the message; `text_stream()`, `final_message()`,
    /// `final_text()`.
    pub fn stream(&self, params: &MessageCreateParams) -> Result<MessageStream, Error> {
        MessageStream::open(
            self.client,
            messages::stream(params, self.beta)?,
            &self.options,
        )
    }

    /// Counts the tokens of a message request (`POST /v1/messages/count_tokens`).
    pub fn count_tokens(
        &self,
        params: &MessageCountTokensParams,
    ) -> Result<M::Output<MessageTokensCount>, Error> {
        let call = messages::count_tokens(params, self.beta)?;
        M::finish(self.client.execute(call, &self.options)?)
    }
}
