//! The async Claude API client on [tokio](https://tokio.rs): the shared driver of
//! `anthropic-async` on tokio's sockets and timers. This crate is only that glue (a
//! [`Runtime`] implementation); the client and its API are `anthropic-async`'s.
//!
//! ```no_run
//! use anthropic_tokio::Client;
//! use anthropic_tokio::types::{MessageCreateParams, MessageParam, Model};
//!
//! # async fn run() -> Result<(), anthropic_tokio::Error> {
//! let client = Client::from_env()?;
//! let message = client
//!     .messages()
//!     .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
//!         .message(MessageParam::user("Hello, Claude")))
//!     .await?;
//! println!("{}", message.text());
//! # Ok(()) }
//! ```
//!
//! The client's futures are `Send`: spawn them on a multi-threaded runtime freely. They
//! must run inside a tokio runtime with I/O and time enabled (`enable_all`).

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead as _, AsyncWrite as _, ReadBuf};

pub use anthropic_async::{
    ApiError, ApiErrorKind, ClientConfig, Error, Parsed, ProxyConfig, Raw, RawResponse,
    RequestOptions, ResponseMode, Result, Runtime, Streaming, TcpKeepalive, Timeout,
    TransportConfig, files_from_dir, types,
};

/// The tokio [`Runtime`]: `tokio::net::TcpStream` (with `TCP_NODELAY`) and
/// `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokio;

/// A Claude API client on tokio: `Client::new(config)`, `Client::from_env()`,
/// `Client::with_transport(config, transport)`.
pub type Client = anthropic_async::Client<Tokio>;
/// A Claude client on Amazon Bedrock, on tokio (Python's `AsyncAnthropicBedrock`).
pub type BedrockClient = anthropic_async::BedrockClient<Tokio>;
/// A Claude client on Google Vertex AI, on tokio (Python's `AsyncAnthropicVertex`).
pub type VertexClient = anthropic_async::VertexClient<Tokio>;
/// A Claude client on Microsoft Foundry, on tokio (Python's `AsyncAnthropicFoundry`).
pub type FoundryClient = anthropic_async::FoundryClient<Tokio>;
anthropic_async::runtime_aliases!(Tokio);

impl Runtime for Tokio {
    type Tcp = TokioTcp;

    async fn connect(&self, host: &str, port: u16) -> io::Result<TokioTcp> {
        let stream = tokio::net::TcpStream::connect((host, port)).await?;
        stream.set_nodelay(true)?;
        Ok(TokioTcp(stream))
    }

    async fn connect_from(&self, host: &str, port: u16, local: IpAddr) -> io::Result<TokioTcp> {
        let mut last = None;
        for addr in tokio::net::lookup_host((host, port)).await? {
            if addr.is_ipv4() != local.is_ipv4() {
                continue;
            }
            let socket = if addr.is_ipv4() {
                tokio::net::TcpSocket::new_v4()?
            } else {
                tokio::net::TcpSocket::new_v6()?
            };
            socket.bind(SocketAddr::new(local, 0))?;
            match socket.connect(addr).await {
                Ok(stream) => {
                    stream.set_nodelay(true)?;
                    return Ok(TokioTcp(stream));
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                "no address of the host has the local address's family",
            )
        }))
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }

    fn set_keepalive(&self, tcp: &TokioTcp, keepalive: &TcpKeepalive) -> io::Result<()> {
        anthropic_async::set_keepalive(&tcp.0, keepalive)
    }

    /// Peeks at the socket: tokio caches readiness (a short read clears it until the
    /// reactor next runs), so a polled read could miss bytes that already arrived.
    fn is_quiet(&self, tcp: &mut TokioTcp) -> bool {
        let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
        matches!(
            socket2::SockRef::from(&tcp.0).peek(&mut byte),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock
        )
    }
}

/// A tokio TCP stream seen through the `futures-io` traits.
#[derive(Debug)]
pub struct TokioTcp(pub tokio::net::TcpStream);

impl futures_io::AsyncRead for TokioTcp {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let mut buf = ReadBuf::new(buf);
        ready!(Pin::new(&mut self.0).poll_read(cx, &mut buf))?;
        Poll::Ready(Ok(buf.filled().len()))
    }
}

impl futures_io::AsyncWrite for TokioTcp {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
