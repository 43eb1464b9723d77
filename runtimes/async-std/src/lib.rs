//! The async Claude API client on [async-std](https://docs.rs/async-std): the shared
//! driver of `anthropic-async` on async-std's sockets and timers. This crate is only that
//! glue (a [`Runtime`] implementation); the client and its API are `anthropic-async`'s.
//!
//! async-std is no longer developed upstream (its authors point to smol, which runs on
//! the same `async-io` reactor); this crate is kept for programs already on it. Its
//! sockets are `futures-io` streams, used as they are.
//!
//! ```no_run
//! use anthropic_async_std::Client;
//! use anthropic_async_std::types::{MessageCreateParams, MessageParam, Model};
//!
//! async_std::task::block_on(async {
//!     let client = Client::from_env()?;
//!     let message = client
//!         .messages()
//!         .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
//!             .message(MessageParam::user("Hello, Claude")))
//!         .await?;
//!     println!("{}", message.text());
//!     Ok::<(), anthropic_async_std::Error>(())
//! })?;
//! # Ok::<(), anthropic_async_std::Error>(())
//! ```

use std::io;
use std::net::IpAddr;
use std::time::Duration;

pub use anthropic_async::{
    ApiError, ApiErrorKind, ClientConfig, Error, Parsed, ProxyConfig, Raw, RawResponse,
    RequestOptions, ResponseMode, Result, Runtime, Streaming, TcpKeepalive, Timeout,
    TransportConfig, files_from_dir, types,
};

/// The async-std [`Runtime`]: `async_std::net::TcpStream` (with `TCP_NODELAY`) and
/// `async_std::task::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncStd;

/// A Claude API client on async-std: `Client::new(config)`, `Client::from_env()`,
/// `Client::with_transport(config, transport)`.
pub type Client = anthropic_async::Client<AsyncStd>;
/// A Claude client on Amazon Bedrock, on async-std (Python's `AsyncAnthropicBedrock`).
pub type BedrockClient = anthropic_async::BedrockClient<AsyncStd>;
/// A Claude client on Google Vertex AI, on async-std (Python's `AsyncAnthropicVertex`).
pub type VertexClient = anthropic_async::VertexClient<AsyncStd>;
/// A Claude client on Microsoft Foundry, on async-std (Python's `AsyncAnthropicFoundry`).
pub type FoundryClient = anthropic_async::FoundryClient<AsyncStd>;
anthropic_async::runtime_aliases!(AsyncStd);

impl Runtime for AsyncStd {
    type Tcp = async_std::net::TcpStream;

    async fn connect(&self, host: &str, port: u16) -> io::Result<async_std::net::TcpStream> {
        let stream = async_std::net::TcpStream::connect((host, port)).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    async fn connect_from(
        &self,
        host: &str,
        port: u16,
        local: IpAddr,
    ) -> io::Result<async_std::net::TcpStream> {
        use async_std::net::ToSocketAddrs;
        let addrs: Vec<_> = (host, port).to_socket_addrs().await?.collect();
        let stream =
            async_std::task::spawn_blocking(move || anthropic_async::connect_bound(&addrs, local))
                .await?;
        Ok(async_std::net::TcpStream::from(stream))
    }

    async fn sleep(&self, duration: Duration) {
        async_std::task::sleep(duration).await;
    }

    fn set_keepalive(
        &self,
        tcp: &async_std::net::TcpStream,
        keepalive: &TcpKeepalive,
    ) -> io::Result<()> {
        anthropic_async::set_keepalive(tcp, keepalive)
    }
}
