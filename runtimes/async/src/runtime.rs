//! What an executor provides: TCP connections and timers.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

use anthropic_core::TcpKeepalive;
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
///     anthropic_async::ClientConfig::new().api_key("sk-ant-..."),
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

    /// Connects to `host:port` from the local address `local` (the system picks the port),
    /// for `TransportConfig::local_address`. Only addresses of `local`'s family are
    /// tried. The default refuses with [`io::ErrorKind::Unsupported`]; the runtimes of this
    /// project implement it (see [`connect_bound`] for a blocking building block).
    fn connect_from(
        &self,
        host: &str,
        port: u16,
        local: IpAddr,
    ) -> impl Future<Output = io::Result<Self::Tcp>> + Send {
        let _ = (host, port, local);
        std::future::ready(Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this runtime cannot connect from a chosen local address",
        )))
    }

    /// Completes after `duration`. Used for timeouts (raced against each connect, read and
    /// write) and for the sleeps between retries.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;

    /// Whether nothing (no byte, no EOF, no error) is waiting to be read on an idle
    /// connection, checked without waiting before the pool reuses it. Under TLS this
    /// looks at the TCP stream: any TLS record waiting on an idle connection also means
    /// it is not reused (as httpcore does).
    ///
    /// The default polls one read with a no-op waker. That suits sockets whose reads try
    /// the system call first (async-io's, under smol and async-std). A socket that caches
    /// readiness (tokio's) may answer `Pending` although bytes arrived, so such a runtime
    /// peeks at the socket instead. When this returns `false` the connection is closed
    /// (so a byte taken by the check does not matter).
    fn is_quiet(&self, tcp: &mut Self::Tcp) -> bool {
        crate::io::poll_quiet(tcp)
    }

    /// Turns on TCP keep-alive on a connection just opened, as
    /// `TransportConfig::tcp_keepalive` asks (the client calls it once per connection).
    /// The default does nothing, for a runtime whose sockets cannot be reached; the
    /// runtimes of this project set it with [`set_keepalive`].
    fn set_keepalive(&self, tcp: &Self::Tcp, keepalive: &TcpKeepalive) -> io::Result<()> {
        let _ = (tcp, keepalive);
        Ok(())
    }
}

/// Sets `keepalive` on a connected socket (any type `socket2` can borrow: std's, tokio's,
/// async-io's): `SO_KEEPALIVE`, and the idle time, interval and probe count where the
/// system has them.
pub fn set_keepalive<S>(socket: &S, keepalive: &TcpKeepalive) -> io::Result<()>
where
    for<'a> socket2::SockRef<'a>: From<&'a S>,
{
    let probes = socket2::TcpKeepalive::new().with_time(keepalive.idle);
    // socket2 offers the interval and the count on these systems (its own list).
    #[cfg(any(
        target_os = "android",
        target_os = "freebsd",
        target_os = "illumos",
        target_os = "ios",
        target_os = "linux",
        target_os = "macos",
        target_os = "netbsd",
        target_os = "windows",
    ))]
    let probes = probes
        .with_interval(keepalive.interval)
        .with_retries(keepalive.retries);
    socket2::SockRef::from(socket).set_tcp_keepalive(&probes)
}

/// Binds a socket to `local` (any port) and connects it to the first of `addrs` of the
/// same family that accepts, blocking. Runtimes whose sockets cannot bind before
/// connecting run this on their blocking pool and adopt the connected stream.
pub fn connect_bound(addrs: &[SocketAddr], local: IpAddr) -> io::Result<TcpStream> {
    use socket2::{Domain, Protocol, Socket, Type};
    let mut last = None;
    for addr in addrs.iter().filter(|a| a.is_ipv4() == local.is_ipv4()) {
        let socket = Socket::new(
            Domain::for_address(*addr),
            Type::STREAM,
            Some(Protocol::TCP),
        )?;
        socket.bind(&SocketAddr::new(local, 0).into())?;
        match socket.connect(&(*addr).into()) {
            Ok(()) => {
                socket.set_tcp_nodelay(true)?;
                return Ok(socket.into());
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
