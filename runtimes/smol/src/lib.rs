//! The async Claude API client on [smol](https://docs.rs/smol): the shared driver of
//! `anthropic-async` on smol's sockets and timers. This crate is only that glue (a
//! [`Runtime`] implementation); the client and its API are `anthropic-async`'s.
//!
//! ```no_run
//! use anthropic_smol::Client;
//! use anthropic_smol::types::{MessageCreateParams, MessageParam, Model};
//!
//! smol::block_on(async {
//!     let client = Client::from_env()?;
//!     let message = client
//!         .messages()
//!         .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
//!             .message(MessageParam::user("Hello, Claude")))
//!         .await?;
//!     println!("{}", message.text());
//!     Ok::<(), anthropic_smol::Error>(())
//! })?;
//! # Ok::<(), anthropic_smol::Error>(())
//! ```
//!
//! smol's sockets and timers run on `async-io`'s reactor thread, so the client's futures
//! work under any executor (`smol::block_on`, an `async-executor`, ...).

use std::io;
use std::net::IpAddr;
use std::time::Duration;

pub use anthropic_async::{
    ApiError, ApiErrorKind, ClientConfig, Error, Parsed, ProxyConfig, Raw, RawResponse,
    RequestOptions, ResponseMode, Result, Runtime, Streaming, TcpKeepalive, Timeout,
    TransportConfig, files_from_dir, types,
};

/// The smol [`Runtime`]: `smol::net::TcpStream` (with `TCP_NODELAY`) and `smol::Timer`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Smol;

/// A Claude API client on smol: `Client::new(config)`, `Client::from_env()`,
/// `Client::with_transport(config, transport)`.
pub type Client = anthropic_async::Client<Smol>;
/// A Claude client on Amazon Bedrock, on smol (Python's `AsyncAnthropicBedrock`).
pub type BedrockClient = anthropic_async::BedrockClient<Smol>;
/// A Claude client on Google Vertex AI, on smol (Python's `AsyncAnthropicVertex`).
pub type VertexClient = anthropic_async::VertexClient<Smol>;
/// A Claude client on Microsoft Foundry, on smol (Python's `AsyncAnthropicFoundry`).
pub type FoundryClient = anthropic_async::FoundryClient<Smol>;
anthropic_async::runtime_aliases!(Smol);

impl Runtime for Smol {
    type Tcp = smol::net::TcpStream;

    async fn connect(&self, host: &str, port: u16) -> io::Result<smol::net::TcpStream> {
        let stream = smol::net::TcpStream::connect((host, port)).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    async fn connect_from(
        &self,
        host: &str,
        port: u16,
        local: IpAddr,
    ) -> io::Result<smol::net::TcpStream> {
        let addrs = smol::net::resolve((host, port)).await?;
        let stream = smol::unblock(move || anthropic_async::connect_bound(&addrs, local)).await?;
        smol::net::TcpStream::try_from(stream)
    }

    async fn sleep(&self, duration: Duration) {
        smol::Timer::after(duration).await;
    }

    fn set_keepalive(
        &self,
        tcp: &smol::net::TcpStream,
        keepalive: &TcpKeepalive,
    ) -> io::Result<()> {
        anthropic_async::set_keepalive(tcp, keepalive)
    }
}
