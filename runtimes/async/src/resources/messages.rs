//! `client.messages()`.

use std::marker::PhantomData;

use anthropic_core::endpoints::messages;
use anthropic_core::types::{
    Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount,
};
use anthropic_core::{Error, RequestOptions};

use crate::client::Client;
use crate::helper::MessageStream;
use crate::runtime::Runtime;
use crate::stream::EventStream;
use anthropic_core::response::{Parsed, Raw, ResponseMode};

/// The Messages API.
#[derive(Debug)]
pub struct Messages<'a, R: Runtime, M = Parsed> {
    client: &'a Client<R>,
    beta: bool,
    options: RequestOptions,
    _mode: PhantomData<fn() -> M>,
}

impl<R: Runtime, M> Clone for Messages<'_, R, M> {
    fn clone(&self) -> Self {
        Messages {
            client: self.client,
            beta: self.beta,
            options: self.options.clone(),
            _mode: PhantomData,
        }
    }
}

impl<'a, R: Runtime> Messages<'a, R, Parsed> {
    pub(crate) fn new(client: &'a Client<R>, beta: bool) -> Self {
        Messages {
            client,
            beta,
            options: RequestOptions::default(),
            _mode: PhantomData,
        }
    }
}

impl<'a, R: Runtime, M: ResponseMode> Messages<'a, R, M> {
    /// Applies per-request options (timeout, retries, extra headers, query and body) to the
    /// calls made through this handle.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Returns raw responses (status, headers, body) instead of parsed values.
    pub fn with_raw_response(self) -> Messages<'a, R, Raw> {
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
    pub async fn create(&self, params: &MessageCreateParams) -> Result<M::Output<Message>, Error> {
        let call = messages::create(params, self.beta)?;
        M::finish(self.client.execute(call, &self.options).await?)
    }

    /// Creates a message and streams its events as they arrive (Python's
    /// `create(..., stream=True)`): `"stream": true` is sent whatever `params.stream` says.
    /// An error status is returned here; errors inside the stream come from the stream.
    pub async fn create_stream(
        &self,
        params: &MessageCreateParams,
    ) -> Result<EventStream<R>, Error> {
        let call = messages::create_stream(params, self.beta)?;
        EventStream::open(self.client, call, &self.options).await
    }

    /// Streams a message with the stream helper (Python's `messages.stream`): events as
    /// they arrive, accumulated into the message; `text_stream()`, `final_message()`,
    /// `final_text()`.
    pub async fn stream(&self, params: &MessageCreateParams) -> Result<MessageStream<R>, Error> {
        let call = messages::stream(params, self.beta)?;
        MessageStream::open(self.client, call, &self.options).await
    }

    /// Counts the tokens of a message request (`POST /v1/messages/count_tokens`).
    pub async fn count_tokens(
        &self,
        params: &MessageCountTokensParams,
    ) -> Result<M::Output<MessageTokensCount>, Error> {
        let call = messages::count_tokens(params, self.beta)?;
        M::finish(self.client.execute(call, &self.options).await?)
    }
}
