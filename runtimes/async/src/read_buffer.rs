//! The read buffer of a response body, and the transport's pool of idle ones.
//!
//! A response holds a buffer only while bytes are in it, so that thousands of open
//! streams waiting for their next event cost little memory:
//!
//! - a read takes a buffer from the pool for the one poll of the connection; if the
//!   connection has nothing to give (`Pending`), the buffer goes straight back, so a
//!   stream waiting on the network holds none;
//! - when the bytes read are consumed, the buffer goes back to the pool;
//! - when only a few bytes (at most [`SPILL`]) are left to hand out, as after a short
//!   read, they are moved into an allocation of their own size and the buffer goes back
//!   to the pool, so a stream whose reader stops polling with a short tail unread does
//!   not pin the whole buffer (the body reader calls [`ReadBuffer::settle`] with each piece it
//!   hands out).
//!
//! Reads are [`READ_BUFFER`] (16 KiB) long until one fills its buffer: the connection
//! then has more waiting than the reader takes in one go, and the next reads are
//! [`LARGE_READ_BUFFER`] (64 KiB) long, a quarter of the system calls for a long stream
//! that arrives faster than it is read. They stay large while each read brings more than
//! a small buffer would hold, and go back to small after one that does not. So streams
//! that start together with short answers, or that wait on the network, never take a
//! large buffer, and the heap's high-water mark stays that of small ones.
//!
//! The pool keeps at most [`POOL_IDLE`] small and [`POOL_IDLE_LARGE`] large buffers;
//! buffers are zeroed once, when made.

use std::io;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use futures_io::AsyncRead;

/// The size of a response's first read, and of reads after one that was not longer.
pub(crate) const READ_BUFFER: usize = 16 * 1024;

/// The size of reads after one that filled its buffer, while each brings more than
/// [`READ_BUFFER`] bytes.
pub(crate) const LARGE_READ_BUFFER: usize = 64 * 1024;

/// A tail of at most this many bytes is moved out of the pooled buffer into its own
/// allocation (one short copy) instead of pinning the whole buffer.
const SPILL: usize = 4 * 1024;

/// Idle small buffers a pool keeps for the next reads; more are freed.
const POOL_IDLE: usize = 16;

/// Idle large buffers a pool keeps; more are freed.
const POOL_IDLE_LARGE: usize = 4;

/// Idle read buffers, shared by a transport's responses.
#[derive(Debug, Default)]
pub(crate) struct BufferPool {
    idle: Mutex<Idle>,
}

/// The pool's buffers, by size.
#[derive(Debug, Default)]
struct Idle {
    small: Vec<Box<[u8]>>,
    large: Vec<Box<[u8]>>,
}

impl Idle {
    /// The list for buffers of `len` bytes and its bound, if the pool keeps that size.
    fn list(&mut self, len: usize) -> Option<(&mut Vec<Box<[u8]>>, usize)> {
        match len {
            READ_BUFFER => Some((&mut self.small, POOL_IDLE)),
            LARGE_READ_BUFFER => Some((&mut self.large, POOL_IDLE_LARGE)),
            _ => None,
        }
    }
}

impl BufferPool {
    /// A buffer of `len` bytes ([`READ_BUFFER`] or [`LARGE_READ_BUFFER`]).
    fn take(&self, len: usize) -> Box<[u8]> {
        let popped = self.lock().list(len).and_then(|(list, _)| list.pop());
        popped.unwrap_or_else(|| vec![0; len].into_boxed_slice())
    }

    /// Keeps `buf` for a later read if it is of a pooled size and there is room.
    fn give(&self, buf: Box<[u8]>) {
        if !is_pooled(buf.len()) {
            // An empty buffer or a spilled tail: no lock taken.
            return;
        }
        let mut idle = self.lock();
        if let Some((list, bound)) = idle.list(buf.len()) {
            if list.len() < bound {
                list.push(buf);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Idle> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many buffers of `len` bytes are idle in the pool.
    #[cfg(test)]
    fn idle(&self, len: usize) -> usize {
        self.lock().list(len).map_or(0, |(list, _)| list.len())
    }
}

/// Whether a buffer of `len` bytes came from the pool (and goes back to it).
fn is_pooled(len: usize) -> bool {
    len == READ_BUFFER || len == LARGE_READ_BUFFER
}

/// Bytes read from a connection and not yet consumed (`start..end` of `bytes`). `bytes` is
/// empty (no allocation), a pooled buffer, or a spilled tail.
#[derive(Debug, Default)]
pub(crate) struct ReadBuffer {
    bytes: Box<[u8]>,
    start: usize,
    end: usize,
    /// Whether the next read is [`LARGE_READ_BUFFER`] long.
    large: bool,
}

impl ReadBuffer {
    /// The bytes read and not yet consumed.
    pub(crate) fn pending(&self) -> &[u8] {
        &self.bytes[self.start..self.end]
    }

    /// Whether every byte read has been consumed.
    pub(crate) fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Where the pending bytes begin in [`bytes`](Self::bytes).
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// The whole buffer, for ranges found in [`pending`](Self::pending).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Marks `n` pending bytes consumed.
    pub(crate) fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// How many bytes this buffer holds allocated (for tests of its lifecycle).
    #[cfg(test)]
    fn allocated(&self) -> usize {
        self.bytes.len()
    }

    /// Reads once from `conn` into an empty buffer (taken from `pool` for the poll, and
    /// given back if the read is `Pending`). `Ready(Ok(0))` is the end of the stream.
    pub(crate) fn poll_fill<S: AsyncRead + Unpin>(
        &mut self,
        pool: &BufferPool,
        conn: &mut S,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<usize>> {
        debug_assert!(self.is_empty(), "filled while bytes are pending");
        let len = if self.large {
            LARGE_READ_BUFFER
        } else {
            READ_BUFFER
        };
        let mut buf = std::mem::take(&mut self.bytes);
        if buf.len() != len {
            pool.give(buf);
            buf = pool.take(len);
        }
        self.start = 0;
        self.end = 0;
        match Pin::new(conn).poll_read(cx, &mut buf) {
            Poll::Pending => {
                pool.give(buf);
                Poll::Pending
            }
            Poll::Ready(Ok(n)) => {
                let n = n.min(len);
                self.bytes = buf;
                self.end = n;
                self.large = n == len || (self.large && n > READ_BUFFER);
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => {
                pool.give(buf);
                Poll::Ready(Err(e))
            }
        }
    }

    /// The caller is about to hand out `bytes()[at..]` and keep the rest pending: give the
    /// pooled buffer back if nothing is left from `at` on, or move that tail into its own
    /// allocation if it is short. Returns where `at` now is.
    pub(crate) fn settle(&mut self, pool: &BufferPool, at: usize) -> usize {
        if !is_pooled(self.bytes.len()) || self.end - at > SPILL {
            return at;
        }
        let tail: Box<[u8]> = self.bytes[at..self.end].into();
        pool.give(std::mem::replace(&mut self.bytes, tail));
        self.start -= at.min(self.start);
        self.end -= at;
        0
    }

    /// Gives the buffer back when every byte in it has been consumed.
    pub(crate) fn release_if_drained(&mut self, pool: &BufferPool) {
        if self.is_empty() {
            pool.give(std::mem::take(&mut self.bytes));
            self.start = 0;
            self.end = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    /// A connection that is either waiting (`Pending`) or has these bytes to give.
    struct Source(Option<Vec<u8>>);

    impl AsyncRead for Source {
        fn poll_read(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut [u8],
        ) -> Poll<io::Result<usize>> {
            match self.get_mut().0.take() {
                None => Poll::Pending,
                Some(bytes) => {
                    buf[..bytes.len()].copy_from_slice(&bytes);
                    Poll::Ready(Ok(bytes.len()))
                }
            }
        }
    }

    fn fill(buffer: &mut ReadBuffer, pool: &BufferPool, source: &mut Source) -> Poll<usize> {
        let mut cx = Context::from_waker(Waker::noop());
        buffer
            .poll_fill(pool, source, &mut cx)
            .map(|r| r.expect("read"))
    }

    #[test]
    fn a_read_waiting_on_the_network_holds_no_buffer() {
        let pool = BufferPool::default();
        let mut buffer = ReadBuffer::default();
        assert!(fill(&mut buffer, &pool, &mut Source(None)).is_pending());
        assert_eq!(buffer.allocated(), 0);
        assert_eq!(
            pool.idle(READ_BUFFER),
            1,
            "the buffer went back to the pool"
        );
        // The next read reuses it instead of allocating.
        let big = vec![7u8; READ_BUFFER];
        assert_eq!(
            fill(&mut buffer, &pool, &mut Source(Some(big))),
            Poll::Ready(READ_BUFFER)
        );
        assert_eq!(pool.idle(READ_BUFFER), 0);
        assert_eq!(buffer.allocated(), READ_BUFFER);
    }

    #[test]
    fn a_drained_buffer_goes_back_to_the_pool() {
        let pool = BufferPool::default();
        let mut buffer = ReadBuffer::default();
        let big = vec![1u8; READ_BUFFER];
        assert_eq!(
            fill(&mut buffer, &pool, &mut Source(Some(big))),
            Poll::Ready(READ_BUFFER)
        );
        buffer.consume(READ_BUFFER - 10);
        buffer.release_if_drained(&pool);
        assert_eq!(buffer.allocated(), READ_BUFFER, "bytes still pending");
        buffer.consume(10);
        buffer.release_if_drained(&pool);
        assert_eq!(buffer.allocated(), 0);
        assert_eq!(pool.idle(READ_BUFFER), 1);
    }

    #[test]
    fn a_short_read_or_tail_leaves_the_pooled_buffer_for_its_own_size() {
        let pool = BufferPool::default();
        let mut buffer = ReadBuffer::default();
        let event = b"7\r\nping\n\n\n\r\n".to_vec();
        assert_eq!(
            fill(&mut buffer, &pool, &mut Source(Some(event.clone()))),
            Poll::Ready(event.len())
        );
        // The chunk's data is about to be handed out: only it and what follows are kept.
        buffer.consume(3);
        assert_eq!(buffer.settle(&pool, 3), 0);
        assert_eq!(buffer.allocated(), event.len() - 3);
        assert_eq!(buffer.pending(), &event[3..]);
        assert_eq!(pool.idle(READ_BUFFER), 1);

        // A long read keeps the buffer until only a short tail is left to hand out.
        buffer.consume(event.len());
        let mut long = vec![b'a'; READ_BUFFER];
        long[READ_BUFFER - 3..].copy_from_slice(b"xyz");
        assert_eq!(
            fill(&mut buffer, &pool, &mut Source(Some(long))),
            Poll::Ready(READ_BUFFER)
        );
        assert_eq!(buffer.allocated(), READ_BUFFER);
        buffer.consume(READ_BUFFER - SPILL - 1);
        let at = buffer.start();
        assert_eq!(buffer.settle(&pool, at), at, "the tail is too long to copy");
        buffer.consume(1);
        let at = buffer.settle(&pool, buffer.start());
        assert_eq!(at, 0);
        assert_eq!(buffer.allocated(), SPILL);
        assert_eq!(pool.idle(READ_BUFFER), 1);
        assert_eq!(buffer.pending().len(), SPILL);
        assert!(buffer.pending().ends_with(b"xyz"));
    }

    #[test]
    fn the_pool_keeps_a_bounded_number_of_buffers() {
        let pool = BufferPool::default();
        for _ in 0..POOL_IDLE + 5 {
            pool.give(vec![0; READ_BUFFER].into_boxed_slice());
            pool.give(vec![0; LARGE_READ_BUFFER].into_boxed_slice());
        }
        pool.give(vec![0; 10].into_boxed_slice());
        assert_eq!(pool.idle(READ_BUFFER), POOL_IDLE);
        assert_eq!(pool.idle(LARGE_READ_BUFFER), POOL_IDLE_LARGE);
        assert_eq!(pool.idle(10), 0);
    }

    /// Fills `buffer` with `n` bytes and consumes them all; returns the length of the
    /// buffer the read went into.
    fn read_and_drain(buffer: &mut ReadBuffer, pool: &BufferPool, n: usize) -> usize {
        assert_eq!(
            fill(buffer, pool, &mut Source(Some(vec![b'x'; n]))),
            Poll::Ready(n)
        );
        let len = buffer.allocated();
        buffer.consume(n);
        buffer.release_if_drained(pool);
        assert_eq!(buffer.allocated(), 0, "a drained buffer is given back");
        len
    }

    #[test]
    fn reads_grow_after_a_full_one_and_shrink_after_one_a_small_buffer_holds() {
        let pool = BufferPool::default();
        let mut buffer = ReadBuffer::default();
        // Short answers never take a large buffer.
        for _ in 0..3 {
            assert_eq!(read_and_drain(&mut buffer, &pool, 5000), READ_BUFFER);
        }
        // A full read: more is waiting, so the next read is large, and stays large while
        // each brings more than a small buffer holds.
        assert_eq!(read_and_drain(&mut buffer, &pool, READ_BUFFER), READ_BUFFER);
        assert_eq!(
            read_and_drain(&mut buffer, &pool, LARGE_READ_BUFFER),
            LARGE_READ_BUFFER
        );
        assert_eq!(
            read_and_drain(&mut buffer, &pool, READ_BUFFER + 1),
            LARGE_READ_BUFFER
        );
        // This one would have fit a small buffer: the next is small.
        assert_eq!(
            read_and_drain(&mut buffer, &pool, READ_BUFFER),
            LARGE_READ_BUFFER
        );
        assert_eq!(read_and_drain(&mut buffer, &pool, 100), READ_BUFFER);
        // Each size went back to its own list and was reused, not made again.
        assert_eq!(pool.idle(READ_BUFFER), 1);
        assert_eq!(pool.idle(LARGE_READ_BUFFER), 1);
    }

    #[test]
    fn a_large_read_waiting_on_the_network_gives_its_buffer_back() {
        let pool = BufferPool::default();
        let mut buffer = ReadBuffer::default();
        assert_eq!(read_and_drain(&mut buffer, &pool, READ_BUFFER), READ_BUFFER);
        assert!(fill(&mut buffer, &pool, &mut Source(None)).is_pending());
        assert_eq!(buffer.allocated(), 0);
        assert_eq!(pool.idle(LARGE_READ_BUFFER), 1);
        // A tail of a large read spills like one of a small read.
        let mut long = vec![b'a'; LARGE_READ_BUFFER];
        long[LARGE_READ_BUFFER - 3..].copy_from_slice(b"xyz");
        assert_eq!(
            fill(&mut buffer, &pool, &mut Source(Some(long))),
            Poll::Ready(LARGE_READ_BUFFER)
        );
        buffer.consume(LARGE_READ_BUFFER - SPILL);
        assert_eq!(buffer.settle(&pool, buffer.start()), 0);
        assert_eq!(buffer.allocated(), SPILL);
        assert!(buffer.pending().ends_with(b"xyz"));
        assert_eq!(pool.idle(LARGE_READ_BUFFER), 1);
    }
}
