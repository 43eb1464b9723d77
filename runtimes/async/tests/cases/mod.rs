//! The shared table of client cases (`anthropic-client-cases`) through an async client:
//! one adapter from the cases' [`Subject`] to `anthropic_async`'s API, generic over the
//! runtime. Each future is driven to completion with the runtime's `block_on`
//! ([`BlockOn`]). Included by `tests/cases.rs` of `anthropic-tokio`, `anthropic-smol` and
//! `anthropic-async-std`:
//!
//! ```ignore
//! #[path = "../../async/tests/cases/mod.rs"]
//! mod cases;
//!
//! struct OnMyRuntime;
//! impl cases::BlockOn for OnMyRuntime {
//!     type R = MyRuntime;
//!     const NAME: &'static str = "my-runtime";
//!     fn block_on<F: std::future::Future>(future: F) -> F::Output { .. }
//! }
//! anthropic_client_cases::client_cases!(cases::Async<OnMyRuntime>);
//! ```
//!
//! `block_on` must keep the runtime's reactor alive between calls and usable from any
//! thread: pooled connections are registered with it and outlive each call, and the
//! soak sends from several threads at once.

use std::fmt::Debug;
use std::future::Future;
use std::marker::PhantomData;

use anthropic_async::{Client, EventStream, MessageStream, Runtime};
use anthropic_client_cases::{Events, Helper, Req, Seen, Subject};
use anthropic_core::pagination::Page;
use anthropic_core::response::RawResponse;
use anthropic_core::stream::{Derived, StreamEvent, StreamEventRef};
use anthropic_core::types::{
    Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount, ModelInfo,
    ModelListParams,
};
use anthropic_core::{ClientConfig, Error, TransportConfig};
use futures_util::StreamExt;
use http::StatusCode;

/// A runtime, and how to block on one of its futures.
pub trait BlockOn: 'static {
    /// The runtime.
    type R: Runtime + Default + Debug;
    /// Its name, for failure messages.
    const NAME: &'static str;
    /// Runs a future to completion.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// An async client under test, on the runtime `B` names.
pub struct Async<B: BlockOn> {
    client: Client<B::R>,
    _runtime: PhantomData<fn() -> B>,
}

impl<B: BlockOn> Clone for Async<B> {
    fn clone(&self) -> Self {
        Async {
            client: self.client.clone(),
            _runtime: PhantomData,
        }
    }
}

impl<B: BlockOn> Debug for Async<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.client.fmt(f)
    }
}

fn messages<R: Runtime>(client: &Client<R>, req: Req) -> anthropic_async::Messages<'_, R> {
    let messages = if req.beta {
        client.beta().messages()
    } else {
        client.messages()
    };
    req.options
        .into_iter()
        .fold(messages, |messages, options| messages.with_options(options))
}

fn models<R: Runtime>(client: &Client<R>, req: Req) -> anthropic_async::Models<'_, R> {
    let models = if req.beta {
        client.beta().models()
    } else {
        client.models()
    };
    req.options
        .into_iter()
        .fold(models, |models, options| models.with_options(options))
}

impl<B: BlockOn> Subject for Async<B>
where
    Client<B::R>: Send + Sync,
{
    type Events = Stream<B>;
    type Helper = HelperStream<B>;
    const NAME: &'static str = B::NAME;

    fn build(config: ClientConfig, transport: TransportConfig) -> Result<Self, Error> {
        Client::with_transport(config, transport).map(|client| Async {
            client,
            _runtime: PhantomData,
        })
    }
    fn with_config(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        Async {
            client: self.client.with_options(change),
            _runtime: PhantomData,
        }
    }
    fn config(&self) -> &ClientConfig {
        self.client.config()
    }
    fn create(&self, req: Req, params: &MessageCreateParams) -> Result<Message, Error> {
        B::block_on(messages(&self.client, req).create(params))
    }
    fn create_raw(
        &self,
        req: Req,
        params: &MessageCreateParams,
    ) -> Result<RawResponse<Message>, Error> {
        B::block_on(
            messages(&self.client, req)
                .with_raw_response()
                .create(params),
        )
    }
    fn create_stream(&self, req: Req, params: &MessageCreateParams) -> Result<Stream<B>, Error> {
        B::block_on(messages(&self.client, req).create_stream(params)).map(|s| Stream {
            stream: s,
            _runtime: PhantomData,
        })
    }
    fn stream(&self, req: Req, params: &MessageCreateParams) -> Result<HelperStream<B>, Error> {
        B::block_on(messages(&self.client, req).stream(params)).map(|s| HelperStream {
            stream: s,
            _runtime: PhantomData,
        })
    }
    fn count_tokens(
        &self,
        req: Req,
        params: &MessageCountTokensParams,
    ) -> Result<MessageTokensCount, Error> {
        B::block_on(messages(&self.client, req).count_tokens(params))
    }
    fn list_models(&self, req: Req, params: &ModelListParams) -> Result<Page<ModelInfo>, Error> {
        B::block_on(models(&self.client, req).list(params))
    }
    fn list_all_models(
        &self,
        req: Req,
        params: &ModelListParams,
    ) -> Box<dyn Iterator<Item = Result<ModelInfo, Error>> + '_> {
        let mut all = models(&self.client, req).list_all(params);
        Box::new(std::iter::from_fn(move || B::block_on(all.next())))
    }
    fn retrieve_model(&self, req: Req, id: &str) -> Result<ModelInfo, Error> {
        B::block_on(models(&self.client, req).retrieve(id))
    }
    fn debug_handles(&self, req: Req) -> Vec<String> {
        vec![
            format!("{:?}", messages(&self.client, req.clone())),
            format!("{:?}", models(&self.client, req)),
        ]
    }
}

/// `create_stream`'s event stream.
pub struct Stream<B: BlockOn> {
    stream: EventStream<B::R>,
    _runtime: PhantomData<fn() -> B>,
}

impl<B: BlockOn> Debug for Stream<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.stream.fmt(f)
    }
}

impl<B: BlockOn> Events for Stream<B> {
    fn next_event(&mut self) -> Option<Result<StreamEvent, Error>> {
        B::block_on(self.stream.next_event())
    }
    fn next_event_ref(&mut self) -> Option<Result<StreamEvent, Error>> {
        B::block_on(async {
            Some(
                self.stream
                    .next_ref()
                    .await?
                    .map(StreamEventRef::into_owned),
            )
        })
    }
    fn status(&self) -> StatusCode {
        self.stream.status()
    }
    fn request_id(&self) -> Option<String> {
        self.stream.request_id().map(str::to_owned)
    }
    fn retries_taken(&self) -> u32 {
        self.stream.retries_taken()
    }
}

/// `stream`'s helper.
pub struct HelperStream<B: BlockOn> {
    stream: MessageStream<B::R>,
    _runtime: PhantomData<fn() -> B>,
}

impl<B: BlockOn> Debug for HelperStream<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.stream.fmt(f)
    }
}

/// The owned form of a derived event.
fn seen(derived: Option<Derived<'_>>) -> Seen {
    match derived {
        Some(Derived::Text { snapshot, .. }) => Seen::Text(snapshot.to_owned()),
        Some(Derived::InputJson { snapshot, .. }) => Seen::InputJson(snapshot.clone()),
        Some(Derived::MessageStop { message }) => Seen::MessageStop(Box::new(message.clone())),
        _ => Seen::Other,
    }
}

impl<B: BlockOn> Helper for HelperStream<B> {
    fn next_text(&mut self) -> Option<Result<String, Error>> {
        B::block_on(self.stream.text_stream().next_text())
    }
    fn next_derived(&mut self) -> Option<Result<(StreamEvent, Seen), Error>> {
        B::block_on(async {
            let item = self.stream.next_with_derived().await?;
            Some(item.map(|(event, derived)| (event, seen(derived))))
        })
    }
    fn final_message(&mut self) -> Result<Message, Error> {
        B::block_on(self.stream.final_message())
    }
    fn final_text(&mut self) -> Result<String, Error> {
        B::block_on(self.stream.final_text())
    }
    fn request_id(&self) -> Option<String> {
        self.stream.request_id().map(str::to_owned)
    }
    fn snapshot(&mut self) -> Option<Message> {
        self.stream.current_message_snapshot().cloned()
    }
    fn partial_mode(self, mode: anthropic_core::stream::PartialMode) -> Self {
        HelperStream {
            stream: self.stream.partial_mode(mode),
            ..self
        }
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

/// What is the async clients' own, not a behavior case: every public future and stream
/// is `Send` for any runtime (checked at compile time, run once to be sure they work).
pub fn futures_are_send<B: BlockOn>() {
    let server = anthropic_mock::MockServer::start();
    let client =
        Client::<B::R>::new(ClientConfig::new().api_key("k").base_url(server.url())).unwrap();
    B::block_on(async {
        let params = MessageCreateParams::new(anthropic_core::types::Model::CLAUDE_SONNET_4_5, 64)
            .user("hi");
        let message = assert_send(client.messages().create(&params))
            .await
            .unwrap();
        assert_eq!(message.id, "msg_mock_1");
        let messages = client.messages().with_raw_response();
        let raw = assert_send(messages.create(&params)).await.unwrap();
        assert_eq!(raw.status().as_u16(), 200);
        let mut stream = assert_send(client.messages().create_stream(&params))
            .await
            .unwrap();
        assert_send(stream.next_event()).await.unwrap().unwrap();
        drop(assert_send(stream));
        let mut helper = assert_send(client.messages().stream(&params))
            .await
            .unwrap();
        assert_send(helper.final_message()).await.unwrap();
        let list = assert_send(client.models().list_all(&ModelListParams::default()));
        assert!(!assert_send(list.collect::<Vec<_>>()).await.is_empty());
        assert_send(client.models().retrieve("claude-sonnet-4-5"))
            .await
            .unwrap();
        let counted =
            MessageCountTokensParams::new(anthropic_core::types::Model::CLAUDE_SONNET_4_5)
                .user("hi");
        assert_send(client.messages().count_tokens(&counted))
            .await
            .unwrap();
    });
}

/// Every connection the client opens has TCP keep-alive on (`TransportConfig::tcp_keepalive`,
/// Python's 60 s / 60 s / 5 by default), and none with it turned off: read from the
/// kernel's table of this process's sockets (Linux), where an idle connection with
/// keep-alive has its keep-alive timer armed (`tr` 2) and one without has no timer.
#[cfg(target_os = "linux")]
pub fn connections_have_tcp_keepalive<B: BlockOn>() {
    use anthropic_core::TcpKeepalive;
    use anthropic_mock::MockServer;
    for (keepalive, timer) in [(Some(TcpKeepalive::PYTHON), "02"), (None, "00")] {
        let server = MockServer::start();
        let transport = TransportConfig::default()
            .proxy_direct()
            .tcp_keepalive(keepalive);
        let config = anthropic_client_cases::cases::config(server.url());
        let client = Client::<B::R>::with_transport(config, transport).unwrap();
        let params = MessageCreateParams::new(anthropic_core::types::Model::CLAUDE_SONNET_4_5, 16)
            .user("hi");
        B::block_on(client.messages().create(&params)).unwrap();
        // The client's end of the pooled connection: remote port = the server's.
        let port = format!(":{:04X}", server.addr().port());
        let timers: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .flat_map(|table| {
                table
                    .lines()
                    .skip(1)
                    .filter_map(|line| {
                        let fields: Vec<&str> = line.split_whitespace().collect();
                        let client_side = fields.get(2)?.ends_with(&port) && fields[3] == "01";
                        client_side.then(|| fields[5].split(':').next().unwrap_or("").to_owned())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(timers, [timer], "{keepalive:?} on {}", B::NAME);
        drop(client);
    }
}
