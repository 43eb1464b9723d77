//! Scripted responses: [`MockResponse`] and its builder methods.
//!
//! A response is a status, headers, a body kind and *pacing*: how the body bytes go out
//! on the wire (framing, chunk size, delays, early close, stalls). Pacing applies to every
//! body kind; line endings apply only to [`MockResponse::sse`] events.

use std::time::Duration;

use serde_json::Value;

use crate::sse::{LineEnding, SseEvent};

/// How a response body is delimited on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// A `content-length` header and exactly that many bytes (JSON bodies by default).
    ContentLength,
    /// `transfer-encoding: chunked` (SSE bodies by default).
    Chunked,
    /// No length at all: the body ends when the server closes the connection.
    CloseDelimited,
}

/// The body of a scripted response.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Bytes with a content type.
    Bytes(&'static str, Vec<u8>),
    /// A JSON value.
    Json(Value),
    /// The standard error body; `request_id` is filled in when sent.
    Error(String, String),
    /// SSE events, encoded with the pacing's line ending.
    Sse(Vec<SseEvent>),
    /// SSE body bytes, sent verbatim.
    SseRaw(Vec<u8>),
    /// Bytes written verbatim to the socket instead of a response; then close.
    Raw(Vec<u8>),
    /// Close the connection without answering.
    Close,
}

/// How the body goes out.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pacing {
    pub framing: Option<Framing>,
    pub chunk_size: Option<usize>,
    pub line_ending: LineEnding,
    pub chunk_delay: Option<Duration>,
    pub close_after: Option<usize>,
    pub stall_after: Option<(usize, Duration)>,
}

/// A response the server sends for one request, built with the methods below and queued
/// with [`MockServer::enqueue`](crate::MockServer::enqueue).
///
/// ```
/// use std::time::Duration;
/// use anthropic_mock::{MockResponse, LineEnding, sse};
///
/// // A 529 the client should retry after 10 ms.
/// let overloaded = MockResponse::error(529, "overloaded_error", "Overloaded")
///     .header("retry-after-ms", "10");
/// // A stream sent one byte per HTTP chunk with CRLF line endings, dropped mid-way.
/// let broken = MockResponse::sse(sse::text_message("claude-sonnet-4-5", "Hello there", 3))
///     .chunk_size(1)
///     .line_ending(LineEnding::CrLf)
///     .close_after(200);
/// // A response that arrives too late for a short read timeout.
/// let slow = MockResponse::json(200, serde_json::json!({"input_tokens": 3}))
///     .delay(Duration::from_millis(500));
/// # let _ = (overloaded, broken, slow);
/// ```
#[derive(Clone, Debug)]
pub struct MockResponse {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) delay: Option<Duration>,
    pub(crate) pacing: Pacing,
}

impl MockResponse {
    fn with_body(status: u16, body: Body) -> Self {
        MockResponse {
            status,
            headers: Vec::new(),
            body,
            delay: None,
            pacing: Pacing::default(),
        }
    }

    /// A JSON response (`content-type: application/json`, content-length framing).
    pub fn json(status: u16, body: Value) -> Self {
        Self::with_body(status, Body::Json(body))
    }

    /// The standard error body
    /// `{"type":"error","error":{"type":..,"message":..},"request_id":"req_mock_<n>"}`.
    pub fn error(status: u16, error_type: &str, message: &str) -> Self {
        Self::with_body(status, Body::Error(error_type.into(), message.into()))
    }

    /// Any body bytes with the given content type.
    pub fn body(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self::with_body(status, Body::Bytes(content_type, body.into()))
    }

    /// A `200 text/event-stream` response carrying these events, sent chunked.
    pub fn sse(events: Vec<SseEvent>) -> Self {
        Self::with_body(200, Body::Sse(events))
    }

    /// A `200 text/event-stream` response whose body is these bytes verbatim, sent chunked.
    pub fn sse_raw(body: impl Into<Vec<u8>>) -> Self {
        Self::with_body(200, Body::SseRaw(body.into()))
    }

    /// Bytes written verbatim to the socket in place of a response (a malformed head, a
    /// truncated response...), after which the connection is closed.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self::with_body(0, Body::Raw(bytes.into()))
    }

    /// Closes the connection after reading the request, without answering.
    pub fn close() -> Self {
        Self::with_body(0, Body::Close)
    }

    /// Sets the status code.
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a response header (kept in order and case). Setting `content-type`,
    /// `content-length`, `transfer-encoding` or `request-id` replaces the server's own.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long after reading the request before sending anything.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Chooses how the body is delimited (see [`Framing`]).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.pacing.framing = Some(framing);
        self
    }

    /// Sends at most `n` body bytes per write (per HTTP chunk when chunked); `n` is at
    /// least 1. Without it, SSE bodies go out one event per chunk and others in one write.
    pub fn chunk_size(mut self, n: usize) -> Self {
        self.pacing.chunk_size = Some(n.max(1));
        self
    }

    /// The line terminator for [`MockResponse::sse`] events.
    pub fn line_ending(mut self, ending: LineEnding) -> Self {
        self.pacing.line_ending = ending;
        self
    }

    /// Sleeps this long before each body write after the first.
    pub fn chunk_delay(mut self, delay: Duration) -> Self {
        self.pacing.chunk_delay = Some(delay);
        self
    }

    /// Closes the connection after `n` body bytes (not counting chunk framing), without
    /// finishing the body.
    pub fn close_after(mut self, n: usize) -> Self {
        self.pacing.close_after = Some(n);
        self
    }

    /// After `n` body bytes, sends nothing for `pause`, then continues.
    pub fn stall_after(mut self, n: usize, pause: Duration) -> Self {
        self.pacing.stall_after = Some((n, pause));
        self
    }

    /// The status code this response will be sent with (0 for `raw` and `close`).
    pub fn status_code(&self) -> u16 {
        self.status
    }
}
