//! I/O helpers: a connection that is plain TCP or TLS, timeouts raced against operations,
//! and error conversion.

use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use anthropic_core::error::ConnectionError;
use anthropic_core::{Error, TimeoutError, TimeoutKind};
use futures_io::{AsyncRead, AsyncWrite};
use futures_rustls::client::TlsStream;
use futures_util::future::{Either, select};

use crate::runtime::Runtime;

/// A connection to an origin (possibly through a proxy tunnel): TCP, or TLS over TCP.
pub(crate) enum Conn<S> {
    Plain(S),
    Tls(Box<TlsStream<S>>),
}

impl<S> Conn<S> {
    /// The TCP stream under the TLS layer, if any.
    pub(crate) fn tcp_mut(&mut self) -> &mut S {
        match self {
            Conn::Plain(s) => s,
            Conn::Tls(s) => s.get_mut().0,
        }
    }
}

/// One read polled with a no-op waker: `true` if it is `Pending` (nothing waiting). If it
/// is not, a byte may have been taken, so the stream must then be closed.
pub(crate) fn poll_quiet<S: AsyncRead + Unpin>(stream: &mut S) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    let mut byte = [0u8; 1];
    matches!(
        Pin::new(stream).poll_read(&mut cx, &mut byte),
        Poll::Pending
    )
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Conn<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(&mut **s).poll_read(cx, buf),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Conn<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(&mut **s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(&mut **s).poll_flush(cx),
        }
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_close(cx),
            Conn::Tls(s) => Pin::new(&mut **s).poll_close(cx),
        }
    }
}

/// How long one operation may take, and which limit that is (its own, or the call's
/// deadline when that is nearer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    pub(crate) duration: Option<Duration>,
    pub(crate) kind: TimeoutKind,
}

/// Runs `future`, failing with [`Error::Timeout`] naming the limit if it passes first.
pub(crate) async fn timed<R: Runtime, F: Future>(
    runtime: &R,
    limit: Limit,
    future: F,
) -> Result<F::Output, Error> {
    let Limit { duration, kind } = limit;
    let Some(limit) = duration else {
        return Ok(future.await);
    };
    let future = pin!(future);
    let sleep = pin!(runtime.sleep(limit));
    match select(future, sleep).await {
        Either::Left((output, _)) => Ok(output),
        // For the call's deadline this is what remained of it; the exchange, where there is
        // one, names the configured length instead (`TimeoutError::completed`).
        Either::Right(((), _)) => Err(TimeoutError::new(kind).limit(limit).into()),
    }
}

/// The limit for one operation of `kind`: its own, shortened to what remains before
/// `deadline`. Fails with [`Error::Timeout`] if the deadline has passed.
pub(crate) fn limit(
    kind: TimeoutKind,
    operation: Option<Duration>,
    deadline: Option<Instant>,
) -> Result<Limit, Error> {
    let Some(deadline) = deadline else {
        return Ok(Limit {
            duration: operation,
            kind,
        });
    };
    let remaining = deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Error::from(TimeoutError::new(TimeoutKind::Total)))?;
    Ok(match operation {
        Some(op) if op <= remaining => Limit {
            duration: Some(op),
            kind,
        },
        _ => Limit {
            duration: Some(remaining),
            kind: TimeoutKind::Total,
        },
    })
}

/// A socket error as the core's error: timeouts stay timeouts, anything else is a
/// connection error (certificate failures included, as Python's `APIConnectionError`).
pub(crate) fn io_error(error: io::Error) -> Error {
    if error.kind() == io::ErrorKind::TimedOut {
        return TimeoutError::new(TimeoutKind::Os).into();
    }
    Error::Connection(ConnectionError::new(
        error.to_string(),
        Some(Box::new(error)),
    ))
}

/// A connection error with a message of ours.
pub(crate) fn connection_error(message: impl Into<String>) -> Error {
    Error::Connection(ConnectionError::new(message, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_shrink_to_the_deadline() {
        let second = Duration::from_secs(1);
        let read = TimeoutKind::Read;
        let own = limit(read, Some(second), None).unwrap();
        assert_eq!((own.duration, own.kind), (Some(second), read));
        assert_eq!(limit(read, None, None).unwrap().duration, None);
        let soon = Instant::now() + Duration::from_millis(200);
        let shrunk = limit(read, Some(second), Some(soon)).unwrap();
        assert!(shrunk.duration.unwrap() <= Duration::from_millis(200));
        assert_eq!(shrunk.kind, TimeoutKind::Total);
        assert!(limit(read, None, Some(soon)).unwrap().duration.is_some());
        let past = Instant::now() - Duration::from_millis(1);
        assert!(matches!(
            limit(read, Some(second), Some(past)),
            Err(Error::Timeout(_))
        ));
    }

    #[test]
    fn io_errors_map_to_timeout_or_connection() {
        let timeout = io::Error::new(io::ErrorKind::TimedOut, "slow");
        assert!(matches!(io_error(timeout), Error::Timeout(_)));
        let reset = io::Error::new(io::ErrorKind::ConnectionReset, "reset by peer");
        match io_error(reset) {
            Error::Connection(e) => assert_eq!(e.message(), "reset by peer"),
            other => panic!("{other:?}"),
        }
    }
}
