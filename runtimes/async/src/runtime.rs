//! What an executor provides: TCP connections and timers.

use std::future::Future;
use std::io;
use std::time::Duration;

use futures_io::{AsyncRead, AsyncWrite};

/// The executor glue the client needs: open a TCP connection, and sleep. Everything
/// else (TLS, proxies, HTTP/1.1, the pool, retries, timeouts, decoding) is done by this
/// crate and `anthropic-core` on top of these two operations.
///
/// The client never spawns a task: every future it returns does its work when polled,
/// so it runs on whatever executor polls it. Idle pooled connections are closed when the
/// next request finds them expired, or when the client is dropped.
///
/// Streams use the `futures-io` traits. A runtime whose sockets implement other traits
/// (tokio's) wraps them in a small adapter; see `anthropic-tokio`.
///
/// # Implementing it
///
/// ```
/// use std::time::Duration;
/// use anthropic_async::Runtime;
///
/// /// A runtime on smol's sockets and timers (what `anthropic-smol` does).
/// #[derive(Debug, Clone, Default)]
/// struct MySmol;
///
/// impl Runtime for MySmol {
///     type Tcp = smol::net::TcpStream;
///
///     async fn connect(&self, host: &str, port: u16) -> std::io::Result<Self::Tcp> {
///         smol::net::TcpStream::connect((host, port)).await
///     }
///
///     async fn sleep(&self, duration: Duration) {
///         smol::Timer::after(duration).await;
///     }
/// }
///
/// let client = anthropic_async::Client::with_runtime(
///     MySmol,
///     anthropic_async::ClientConfig::new().with_api_key("sk-ant-..."),
///     anthropic_async::TransportConfig::default(),
/// )?;
/// # Ok::<(), anthropic_async::Error>(())
/// ```
pub trait Runtime: Clone + Send + Sync + 'static {
    /// A connected TCP stream.
    type Tcp: AsyncRead + AsyncWrite + Unpin + Send + 'static;

    /// Connects to `host:port`. `host` is a DNS name (the runtime resolves it, trying each
    /// address in turn as it sees fit) or an IP literal (IPv6 without brackets). The client
    /// bounds the whole connect (TLS included) by the connect timeout, so this need not.
    fn connect(&self, host: &str, port: u16) -> impl Future<Output = io::Result<Self::Tcp>> + Send;

    /// Completes after `duration`. Used for timeouts (raced against each connect, read and
    /// write) and for the sleeps between retries.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}
