//! The async Claude API client, over any executor: the driver shared by
//! `anthropic-tokio`, `anthropic-smol` and `anthropic-async-std`.
//!
//! Everything protocol (paths, headers, bodies, retries, errors, HTTP/1.1 framing, event
//! decoding) happens in `anthropic-core`; this crate moves bytes between sockets and those
//! state machines: it connects (through a proxy tunnel if configured), speaks TLS with
//! rustls, keeps a pool of keep-alive connections, enforces timeouts, and sleeps between
//! retries. The executor is a type parameter: a [`Runtime`] gives TCP connections and
//! timers, nothing else.
//!
//! The API has the same shape as the blocking client's, with futures and streams:
//!
//! ```no_run
//! # async fn f<R: anthropic_async::Runtime + Default>() -> Result<(), anthropic_async::Error> {
//! use anthropic_async::Client;
//! use anthropic_async::types::{MessageCreateParams, MessageParam, Model};
//!
//! let client = Client::<R>::from_env()?;
//! let message = client
//!     .messages()
//!     .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
//!         .message(MessageParam::user("Hello, Claude")))
//!     .await?;
//! println!("{}", message.text());
//! # Ok(()) }
//! ```
//!
//! # Another executor
//!
//! Implement [`Runtime`] (connect and sleep; see its docs for a complete example) and
//! build the client with [`Client::with_runtime`]. The client spawns nothing: its futures
//! and streams do all their work when polled.
//!
//! # Behavior
//!
//! - **Timeouts** ([`Timeout`]): `connect` bounds TCP connect, the proxy tunnel and the
//!   TLS handshake together; `read` and `write` bound each socket read and write (a stream
//!   may run for an hour while bytes keep arriving); `total` bounds every attempt, the
//!   retry sleeps and the body, streams included. A timeout is [`Error::Timeout`].
//! - **Connections**: HTTP/1.1 keep-alive, pooled per origin and proxy, idle ones closed
//!   after `TransportConfig::idle_timeout` (checked when the next request starts: no
//!   background task). A pooled connection the server had closed is detected when a
//!   request fails on it before any response byte; the request is then sent once more on
//!   a fresh connection, without counting as a retry.
//! - **TLS**: rustls with the web PKI roots, or only the roots of
//!   `TransportConfig::root_certificates_pem`. Verification is always on.
//! - **Proxies**: an `http://` proxy, explicit or from `HTTPS_PROXY` / `HTTP_PROXY` /
//!   `ALL_PROXY` / `NO_PROXY` (read when the client is built; see
//!   [`anthropic_core::transport::ProxyRules`]), used through a `CONNECT` tunnel for
//!   `https` and `http` origins alike.
//! - **Compression**: `accept-encoding: gzip, deflate` is sent and such bodies are
//!   inflated (see [`anthropic_core::content`]), as on the blocking client. Redirects
//!   are not followed: a 3xx is returned as an [`ApiError`].

#[macro_use]
mod platform_client;
mod bedrock;
mod body;
mod client;
mod credentials;
mod driver;
mod foundry;
mod helper;
mod io;
mod limit;
mod read_buffer;
mod resources;
mod runtime;
mod stream;
mod streaming;
mod structured;
mod tool_runner;
mod transport;
mod vertex;

#[doc(hidden)]
pub use anthropic_core as __core;
pub use anthropic_core::response::{Parsed, Raw, RawResponse, ResponseMode, Streaming};
pub use anthropic_platform::files_from_dir;
pub use bedrock::BedrockClient;
pub use body::{ByteStream, CompletionStream, ItemStream, JsonlStream};
pub use client::Client;
pub use foundry::FoundryClient;
pub use helper::{MessageStream, TextStream};
pub use resources::{
    Batches, Beta, Completions, Files, Messages, Mode, Models, Pager, SkillVersions, Skills,
};
pub use runtime::{Runtime, connect_bound, set_keepalive};
pub use stream::EventStream;
pub use streaming::StreamingResponse;
pub use tool_runner::{StreamingToolRunner, ToolRunner};
pub use vertex::VertexClient;

pub use anthropic_core::{
    ApiError, ApiErrorKind, ClientConfig, Error, ProxyConfig, RequestOptions, Result, TcpKeepalive,
    Timeout, TransportConfig, types,
};
