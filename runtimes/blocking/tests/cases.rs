//! The shared table of client cases (`anthropic-client-cases`) through the blocking
//! client: this file is only the adapter from the cases' [`Subject`] to
//! `anthropic_blocking`'s API.

use anthropic_blocking::{Client, EventStream, MessageStream};
use anthropic_client_cases::{Events, Helper, Req, Seen, Subject};
use anthropic_core::pagination::Page;
use anthropic_core::response::RawResponse;
use anthropic_core::stream::{Derived, StreamEvent, StreamEventRef};
use anthropic_core::types::{
    Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount, ModelInfo,
    ModelListParams,
};
use anthropic_core::{ClientConfig, Error, TransportConfig};
use http::StatusCode;

/// The blocking client under test.
#[derive(Debug, Clone)]
struct Blocking(Client);

fn messages(client: &Client, req: Req) -> anthropic_blocking::Messages<'_> {
    let messages = if req.beta {
        client.beta().messages()
    } else {
        client.messages()
    };
    req.options
        .into_iter()
        .fold(messages, |messages, options| messages.with_options(options))
}

fn models(client: &Client, req: Req) -> anthropic_blocking::Models<'_> {
    let models = if req.beta {
        client.beta().models()
    } else {
        client.models()
    };
    req.options
        .into_iter()
        .fold(models, |models, options| models.with_options(options))
}

impl Subject for Blocking {
    type Events = Stream;
    type Helper = HelperStream;
    const NAME: &'static str = "blocking";

    fn build(config: ClientConfig, transport: TransportConfig) -> Result<Self, Error> {
        Client::with_transport(config, transport).map(Blocking)
    }
    fn with_config(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        Blocking(self.0.with_options(change))
    }
    fn config(&self) -> &ClientConfig {
        self.0.config()
    }
    fn create(&self, req: Req, params: &MessageCreateParams) -> Result<Message, Error> {
        messages(&self.0, req).create(params)
    }
    fn create_raw(
        &self,
        req: Req,
        params: &MessageCreateParams,
    ) -> Result<RawResponse<Message>, Error> {
        messages(&self.0, req).with_raw_response().create(params)
    }
    fn create_stream(&self, req: Req, params: &MessageCreateParams) -> Result<Stream, Error> {
        messages(&self.0, req).create_stream(params).map(Stream)
    }
    fn stream(&self, req: Req, params: &MessageCreateParams) -> Result<HelperStream, Error> {
        messages(&self.0, req).stream(params).map(HelperStream)
    }
    fn count_tokens(
        &self,
        req: Req,
        params: &MessageCountTokensParams,
    ) -> Result<MessageTokensCount, Error> {
        messages(&self.0, req).count_tokens(params)
    }
    fn list_models(&self, req: Req, params: &ModelListParams) -> Result<Page<ModelInfo>, Error> {
        models(&self.0, req).list(params)
    }
    fn list_all_models(
        &self,
        req: Req,
        params: &ModelListParams,
    ) -> Box<dyn Iterator<Item = Result<ModelInfo, Error>> + '_> {
        Box::new(models(&self.0, req).list_all(params))
    }
    fn retrieve_model(&self, req: Req, id: &str) -> Result<ModelInfo, Error> {
        models(&self.0, req).retrieve(id)
    }
    fn debug_handles(&self, req: Req) -> Vec<String> {
        vec![
            format!("{:?}", messages(&self.0, req.clone())),
            format!("{:?}", models(&self.0, req)),
        ]
    }
}

/// `create_stream`'s event stream.
#[derive(Debug)]
struct Stream(EventStream);

impl Events for Stream {
    fn next_event(&mut self) -> Option<Result<StreamEvent, Error>> {
        self.0.next_event()
    }
    fn next_event_ref(&mut self) -> Option<Result<StreamEvent, Error>> {
        Some(self.0.next_ref()?.map(StreamEventRef::into_owned))
    }
    fn status(&self) -> StatusCode {
        self.0.status()
    }
    fn request_id(&self) -> Option<String> {
        self.0.request_id().map(str::to_owned)
    }
    fn retries_taken(&self) -> u32 {
        self.0.retries_taken()
    }
}

/// `stream`'s helper.
#[derive(Debug)]
struct HelperStream(MessageStream);

/// The owned form of a derived event.
fn seen(derived: Option<Derived<'_>>) -> Seen {
    match derived {
        Some(Derived::Text { snapshot, .. }) => Seen::Text(snapshot.to_owned()),
        Some(Derived::InputJson { snapshot, .. }) => Seen::InputJson(snapshot.clone()),
        Some(Derived::MessageStop { message }) => Seen::MessageStop(Box::new(message.clone())),
        _ => Seen::Other,
    }
}

impl Helper for HelperStream {
    fn next_text(&mut self) -> Option<Result<String, Error>> {
        self.0.text_stream().next()
    }
    fn next_derived(&mut self) -> Option<Result<(StreamEvent, Seen), Error>> {
        Some(
            self.0
                .next_with_derived()?
                .map(|(event, derived)| (event, seen(derived))),
        )
    }
    fn final_message(&mut self) -> Result<Message, Error> {
        self.0.final_message()
    }
    fn final_text(&mut self) -> Result<String, Error> {
        self.0.final_text()
    }
    fn request_id(&self) -> Option<String> {
        self.0.request_id().map(str::to_owned)
    }
    fn snapshot(&mut self) -> Option<Message> {
        self.0.current_message_snapshot().cloned()
    }
    fn partial_mode(self, mode: anthropic_core::stream::PartialMode) -> Self {
        HelperStream(self.0.partial_mode(mode))
    }
}

anthropic_client_cases::client_cases!(Blocking);
