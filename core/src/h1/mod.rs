//! Sans-IO HTTP/1.1 client codec: request serialization, incremental response parsing,
//! keep-alive decisions and connection-pool policy.
//!
//! # Why
//!
//! The async runtimes (tokio, smol, async-std) and any user's own event loop speak
//! HTTP/1.1 over their own sockets. Framing is where the subtle bugs live (chunked
//! parsing, `Content-Length` conflicts, when a connection may be reused, what an early
//! close means), so it lives here once, tested with byte vectors, and every driver only
//! moves bytes. The blocking runtime uses ureq's own HTTP instead.
//!
//! # States
//!
//! ```text
//!   encode_request(req, out)            ─▶ bytes to write        (request.rs)
//!   encode_connect(authority, h, out)   ─▶ proxy CONNECT head   (request.rs)
//!
//!   ResponseReader                                              (response.rs)
//!            ┌─ 1xx head ─┐
//!            ▼            │
//!   ──▶ Head ─┴───────────┴─ final head ──▶ Body(ContentLength n | Chunked | CloseDelimited)
//!        (head.rs)               │             (body.rs, chunked.rs)   │
//!                                └── no body (HEAD, 204, 304) ─────────┴──▶ Done { reusable }
//!   any error / early EOF ──▶ Failed
//!
//!   Pool<C>: checkout / checkin / poll_expired / next_expiry   (pool.rs)
//! ```
//!
//! # Guarantees
//!
//! - **No I/O, no clock.** Bytes come in as `&[u8]`, time as
//!   [`Timestamp`](crate::time::Timestamp) arguments.
//! - **Split-independent.** Any split of a response into inputs gives the same heads, the
//!   same concatenated body bytes, the same errors and the same keep-alive decision as
//!   feeding it whole.
//! - **Bounded memory.** Only a head being read (≤ [`Limits::max_head_bytes`]) and a
//!   trailer section (≤ [`Limits::max_trailer_bytes`]) are buffered. Body data is handed
//!   out as sub-slices of the caller's input: a streamed body (server-sent events) is
//!   never buffered here, and nothing is allocated per chunk.
//! - **Nothing left behind.** Until a response is done, the reader consumes every byte
//!   it is given (partial heads and partial chunk framing are kept inside, bounded), so a
//!   driver never has to hold back a partial frame: it drops `consumed` bytes and, once
//!   its buffer is empty, reads more. Only after a head (body bytes follow) or after
//!   `Done` does input remain.
//! - **No panics** on any input; every refusal is a typed [`H1Error`] naming what was
//!   expected or which bound was hit, local (our request) or remote (the peer's bytes).
//! - **Strict where it matters.** Requests are validated before a byte is written;
//!   chunk framing requires CRLF everywhere (a bare LF is refused); the head
//!   accepts bare LF as `httparse` does (RFC 9112 §2.2).
//!
//! # Requests
//!
//! [`encode_request`] writes `METHOD target HTTP/1.1`, then `host` (from the URI
//! authority, with the port unless it is the scheme's default; skipped if the request
//! has a Host header), the request's headers in [`HeaderMap`](http::HeaderMap) order,
//! `content-length` (for a non-empty body, and `0` for an empty `POST`/`PUT`/`PATCH`;
//! a request's own `content-length` must match its body), an empty line and the body.
//! Header names go out lowercase, as the `http` crate stores them. Every byte is checked
//! before the first one is appended: names must be tokens; values must hold no CR, LF,
//! NUL, other control byte or DEL; the target must be visible ASCII. On error `out` is
//! untouched. A `Transfer-Encoding` on a request is refused (bodies are always sized).
//!
//! # Framing and keep-alive (RFC 9112 §6.3)
//!
//! First match wins: a response to `HEAD`, a 1xx, 204 or 304 has no body; a 2xx to
//! `CONNECT` opens a tunnel; `Transfer-Encoding` with `chunked` last is chunked (any
//! `Content-Length` is ignored, and the connection is then not reused); another
//! `Transfer-Encoding` is close-delimited; `Content-Length` values must all be the same
//! decimal number ([`H1Error::ConflictingContentLength`],
//! [`H1Error::InvalidContentLength`]); otherwise the body is close-delimited.
//!
//! 1xx heads (100 Continue, 103 Early Hints) are returned as informational and the reader
//! waits for the final head; 101 is [`H1Error::SwitchingProtocols`].
//!
//! After `Done`, the connection is reusable unless: `Connection: close` on the request or
//! the response; an HTTP/1.0 response without `Connection: keep-alive`; a close-delimited
//! body; `Transfer-Encoding` together with `Content-Length`, or on HTTP/1.0; a `CONNECT`
//! tunnel; any error. The driver adds two rules of its own: close if bytes remain unread
//! after `Done`, close if the final response arrived before the request body was
//! fully written, and close an idle connection that has anything waiting on it when it
//! is taken from the pool.
//!
//! # Strictness
//!
//! - Response heads follow `httparse`: CRLF or bare LF line ends (RFC 9112 §2.2 lets a
//!   recipient accept bare LF), no obsolete line folding, at most
//!   [`Limits::max_headers`] fields in at most [`Limits::max_head_bytes`].
//! - Chunked framing is strict, as h11 and hyper: chunk-size lines, the CRLF after chunk
//!   data and trailer lines must end with CRLF; a bare LF is an error
//!   ([`H1Error::ChunkSizeExpectedCrLf`], [`H1Error::ChunkExpectedCrLf`],
//!   [`H1Error::TrailerExpectedCrLf`]). Lenient line ends in chunk framing are a known
//!   smuggling vector and no server this SDK talks to needs them.
//! - Chunk sizes are hex, overflow of 64 bits is [`H1Error::ChunkSizeOverflow`]; leading
//!   zeros are allowed within [`Limits::max_chunk_line`]. Chunk extensions
//!   (`;name=value`, `;name="quoted"`) are checked byte by byte and skipped.
//! - Trailers are parsed as header fields (bounded by [`Limits::max_trailer_bytes`]) and
//!   kept: [`ResponseReader::trailers`].
//! - An EOF where the response is incomplete is [`H1Error::UnexpectedEof`], saying where
//!   ([`EofAt`]): before the response, in the head, in a content-length body with the
//!   bytes missing, in a chunk-size line, in chunk data, after chunk data, in trailers.
//!
//! # Run loop for a driver
//!
//! 1. `key = PoolKey::from_uri(uri, proxy)`; take `pool.checkout(&key, now)` or connect
//!    (through `encode_connect` + `ResponseReader::for_connect` for an HTTPS proxy).
//!    Before reusing a pooled connection, check without waiting that nothing is waiting
//!    on it (no bytes, no EOF, no error; under TLS, no record at all); if something is,
//!    close it and take the next one: otherwise the request would read an unsolicited
//!    or late response as its answer (httpcore and hyper check the same).
//! 2. `encode_request(&request, &mut out)`; write all of `out` to the socket.
//! 3. Make `reader = ResponseReader::for_request(&request)`.
//! 4. Read from the socket into `buf`. On 0 bytes, call `reader.handle_eof()`. On a reset
//!    or broken pipe before any response byte on a reused connection, soon after the
//!    request was written, resend once on a fresh connection ([`should_retry_on_fresh`]);
//!    any other failure, a clean EOF included, goes to the retry policy.
//! 5. While the state is `Head`, call `read_head(&buf)`, drop `consumed` bytes; an
//!    informational head is skipped; a final head goes to `Exchange::handle_head`.
//! 6. While the state is `Body`, call `read_body(&buf)`, hand `data` to the consumer
//!    (SSE decoder or a collecting `Vec`), drop `consumed` bytes; read more when `buf` is
//!    empty.
//! 7. At `Done`: if `is_reusable()` and `buf` is empty, `pool.checkin(key, conn, now)`
//!    (close what it hands back); otherwise close the connection. On any error, close.
//! 8. Meanwhile, a timer at `pool.next_expiry()` calls `pool.poll_expired(now)` and
//!    closes what it returns.
//!
//! ```text
//! conn, reused = pool.checkout(key, now).map(|c| (c, true)) or (connect(), false)
//! out.clear(); encode_request(&req, &mut out)?; conn.write_all(&out)
//! reader = ResponseReader::for_request(&req)
//! loop:
//!     if buf.is_empty(): n = conn.read(&mut tmp); if n == 0 { reader.handle_eof()?; } else { buf += tmp[..n] }
//!     match reader.state():
//!         Head => p = reader.read_head(&buf)?; buf.drain(..p.consumed); if final head: exchange.handle_head(..)
//!         Body => p = reader.read_body(&buf)?; sink(p.data); buf.drain(..p.consumed)
//!         Done { reusable } => if reusable && buf.is_empty() { pool.checkin(key, conn, now) }; break
//! on error: if should_retry_on_fresh(reused, reader.received_any(), &error, waited, attempt.form) { resend on a fresh connection } else { close; exchange.handle_error(..) }
//! ```

mod body;
mod chunked;
mod error;
mod head;
pub mod pool;
mod request;
mod response;

pub use body::BodyKind;
pub use error::{EofAt, H1Error};
pub use head::ResponseHead;
pub use pool::{Pool, PoolConfig, PoolKey, STALE_WINDOW, should_retry_on_fresh};
pub use request::{
    RequestTarget, connect_authority, encode_connect, encode_request, encode_request_head,
    encode_request_with, frames_empty_body,
};
pub use response::{BodyProgress, HeadProgress, Limits, ReaderState, ResponseReader};
