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
//! - **No I/O, no clock.** Bytes come in as `&[u8]`, time as `Instant` arguments.
//! - **Split-independent.** Any split of a response into inputs gives the same heads, the
//!   same concatenated body bytes, the same errors and the same keep-alive decision as
//!   feeding it whole.
//! - **Bounded memory.** Only a head being read (≤ [`Limits::max_head_bytes`]) and a
//!   trailer section (≤ [`Limits::max_trailer_bytes`]) are buffered. Body data is handed
//!   out as sub-slices of the caller's input: a streamed body (server-sent events) is
//!   never buffered here, and nothing is allocated per chunk.
//! - **No panics** on any input; every refusal is a typed [`H1Error`] naming what was
//!   expected or which bound was hit, local (our request) or remote (the peer's bytes).
//! - **Strict where it matters.** Requests are validated before a byte is written;
//!   chunk framing requires CRLF everywhere (a bare LF is refused); the head
//!   accepts bare LF as `httparse` does (RFC 9112 §2.2).
//!
//! # Run loop for a driver
//!
//! 1. `key = PoolKey::from_uri(uri, proxy)`; take `pool.checkout(&key, now)` or connect
//!    (through `encode_connect` + `ResponseReader::for_connect` for an HTTPS proxy).
//! 2. `encode_request(&request, &mut out)`; write all of `out` to the socket.
//! 3. Make `reader = ResponseReader::for_request(&request)`.
//! 4. Read from the socket into `buf`. On 0 bytes, call `reader.handle_eof()`; on a
//!    read error or `UnexpectedEof { at: BeforeResponse }` on a reused connection, resend
//!    once on a fresh connection ([`should_retry_on_fresh`]).
//! 5. While the state is `Head`, call `read_head(&buf)`, drop `consumed` bytes; an
//!    informational head is skipped; a final head goes to `Exchange::handle_head`.
//! 6. While the state is `Body`, call `read_body(&buf)`, hand `data` to the consumer
//!    (SSE decoder or a collecting `Vec`), drop `consumed` bytes; read more when `buf` is
//!    empty.
//! 7. At `Done`: if `is_reusable()` and `buf` is empty, `pool.checkin(key, conn, now)`
//!    (close what it hands back); otherwise close the connection. On any error, close.
//! 8. Meanwhile, a timer at `pool.next_expiry()` calls `pool.poll_expired(now)` and
//!    closes what it returns.

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
pub use pool::{Pool, PoolConfig, PoolKey, should_retry_on_fresh};
pub use request::{
    RequestTarget, connect_authority, encode_connect, encode_request, encode_request_with,
};
pub use response::{BodyProgress, HeadProgress, Limits, ReaderState, ResponseReader};
