//! The client under test, as the cases see it: a small blocking interface every client's
//! adapter implements. Each method is one call of the client's public API, made through
//! the GA or beta resource with or without per-request options ([`Req`]).

use std::fmt::Debug;

use anthropic_core::pagination::Page;
use anthropic_core::response::RawResponse;
use anthropic_core::stream::{PartialMode, StreamEvent};
use anthropic_core::types::{
    Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount, ModelInfo,
    ModelListParams,
};
use anthropic_core::{ClientConfig, Error, RequestOptions, TransportConfig};
use http::StatusCode;

/// How a call is made: through the GA or the beta resource, with per-request options
/// (`resource.with_options(..)`, once per entry, in order) or without.
#[derive(Debug, Clone, Default)]
pub struct Req {
    /// Through `client.beta()`.
    pub beta: bool,
    /// Each passed to the resource's `with_options` in turn (a chain of calls).
    pub options: Vec<RequestOptions>,
}

/// A call through the GA resource, without options.
pub fn ga() -> Req {
    Req::default()
}

/// A call through the beta resource, without options.
pub fn beta() -> Req {
    Req {
        beta: true,
        options: Vec::new(),
    }
}

impl Req {
    /// The same call with these per-request options too: one more `with_options` in the
    /// chain.
    pub fn options(mut self, options: RequestOptions) -> Req {
        self.options.push(options);
        self
    }
}

/// A client under test. Every method blocks until the client's call returns.
pub trait Subject: Sized + Clone + Debug + Send + Sync {
    /// The client's raw event stream (`create_stream`).
    type Events: Events;
    /// The client's stream helper (`stream`).
    type Helper: Helper;

    /// The client's name, for failure messages.
    const NAME: &'static str;

    /// `Client::with_transport(config, transport)`.
    fn build(config: ClientConfig, transport: TransportConfig) -> Result<Self, Error>;
    /// `client.with_options(change)`: a changed copy sharing the connection pool.
    fn with_config(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self;
    /// `client.config()`.
    fn config(&self) -> &ClientConfig;

    /// `messages().create(params)`.
    fn create(&self, req: Req, params: &MessageCreateParams) -> Result<Message, Error>;
    /// `messages().with_raw_response().create(params)`.
    fn create_raw(
        &self,
        req: Req,
        params: &MessageCreateParams,
    ) -> Result<RawResponse<Message>, Error>;
    /// `messages().create_stream(params)`.
    fn create_stream(&self, req: Req, params: &MessageCreateParams) -> Result<Self::Events, Error>;
    /// `messages().stream(params)`.
    fn stream(&self, req: Req, params: &MessageCreateParams) -> Result<Self::Helper, Error>;
    /// `messages().count_tokens(params)`.
    fn count_tokens(
        &self,
        req: Req,
        params: &MessageCountTokensParams,
    ) -> Result<MessageTokensCount, Error>;
    /// `models().list(params)`: one page.
    fn list_models(&self, req: Req, params: &ModelListParams) -> Result<Page<ModelInfo>, Error>;
    /// `models().list_all(params)`: every model, fetched lazily as the iterator advances.
    fn list_all_models(
        &self,
        req: Req,
        params: &ModelListParams,
    ) -> Box<dyn Iterator<Item = Result<ModelInfo, Error>> + '_>;
    /// `models().retrieve(id)`.
    fn retrieve_model(&self, req: Req, id: &str) -> Result<ModelInfo, Error>;
    /// `Debug` of the resource handles made with `req` (`messages()`, `models()`), for the
    /// secrets cases.
    fn debug_handles(&self, req: Req) -> Vec<String>;
}

/// A raw event stream of the client under test.
pub trait Events: Debug {
    /// The next event, or the error that ended the stream, or `None` at its end.
    fn next_event(&mut self) -> Option<Result<StreamEvent, Error>>;
    /// The same, taken by reference (`next_ref`) and made owned
    /// ([`StreamEventRef::into_owned`](anthropic_core::stream::StreamEventRef::into_owned)).
    fn next_event_ref(&mut self) -> Option<Result<StreamEvent, Error>>;
    /// The HTTP status of the response being read.
    fn status(&self) -> StatusCode;
    /// Its `request-id`.
    fn request_id(&self) -> Option<String>;
    /// How many retries were taken to open it (so far: a retried stream counts again).
    fn retries_taken(&self) -> u32;
}

/// What the stream helper derived from an event, owned (the clients' own type borrows
/// from the snapshot).
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// Text with its block's snapshot.
    Text(String),
    /// Tool input with its parsed snapshot.
    InputJson(serde_json::Value),
    /// The final message, at `message_stop`.
    MessageStop(Box<Message>),
    /// Anything else, or nothing.
    Other,
}

/// The stream helper of the client under test.
pub trait Helper: Debug {
    /// The next piece of text (`text_stream()`), or `None` at the end.
    fn next_text(&mut self) -> Option<Result<String, Error>>;
    /// The next event with what the helper derived from it (`next_with_derived`).
    fn next_derived(&mut self) -> Option<Result<(StreamEvent, Seen), Error>>;
    /// `final_message()`.
    fn final_message(&mut self) -> Result<Message, Error>;
    /// `final_text()`.
    fn final_text(&mut self) -> Result<String, Error>;
    /// Its `request-id`.
    fn request_id(&self) -> Option<String>;
    /// `current_message_snapshot()`, owned.
    fn snapshot(&mut self) -> Option<Message>;
    /// `partial_mode(mode)`: how tool input is parsed into snapshots.
    fn partial_mode(self, mode: PartialMode) -> Self;
}
