//! The response reader: one state machine from the first byte of a response to the
//! keep-alive decision.
//!
//! ```text
//!            ┌─ 1xx head (100, 103, ...) ─┐
//!            ▼                            │
//!   ──▶ Head ─┴─ final head ─┬─▶ Body(ContentLength n | Chunked | CloseDelimited) ──┐
//!        │                   └─▶ (no body: HEAD, 204, 304, CONNECT 2xx) ────────────┴─▶ Done { reusable }
//!        └── any error, or EOF where the response is incomplete ──▶ Failed
//! ```
//!
//! Inputs: [`read_head`](ResponseReader::read_head) and
//! [`read_body`](ResponseReader::read_body) take the caller's bytes and say how many they
//! used; [`handle_eof`](ResponseReader::handle_eof) says the peer closed. Getters:
//! [`state`](ResponseReader::state), [`body_kind`](ResponseReader::body_kind),
//! [`is_reusable`](ResponseReader::is_reusable), [`trailers`](ResponseReader::trailers).

use http::{HeaderMap, Method, Request, header};

use super::body::{BodyKind, framing, has_token};
use super::chunked::ChunkedDecoder;
use super::error::{EofAt, H1Error};
use super::head::{HeadParser, ResponseHead};

/// Size bounds of a response. The defaults suit the Claude API and any sane server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest response head (status line, fields and the empty line), counting every
    /// `1xx` head before it: a server cannot keep the reader waiting with endless
    /// `103 Early Hints`. Default 64 KiB.
    pub max_head_bytes: usize,
    /// Most header fields in a head, and in a trailer section. Default 128; values above
    /// 10 000 are treated as 10 000.
    pub max_headers: usize,
    /// Longest chunk-size line, extensions included. Default 4 KiB.
    pub max_chunk_line: usize,
    /// Largest trailer section of a chunked body. Default 16 KiB.
    pub max_trailer_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head_bytes: 64 * 1024,
            max_headers: 128,
            max_chunk_line: 4 * 1024,
            max_trailer_bytes: 16 * 1024,
        }
    }
}

/// The reader's state, as seen from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderState {
    /// Waiting for (the rest of) a response head; 1xx heads keep the reader here.
    Head,
    /// Reading the body of the final response.
    Body,
    /// The response is complete.
    Done {
        /// Whether the connection may carry another request.
        reusable: bool,
    },
    /// An error happened, or the peer closed too early; the connection must be closed.
    Failed,
}

/// Progress of [`ResponseReader::read_head`].
#[derive(Debug)]
pub struct HeadProgress {
    /// Bytes of the input used. On `head: None` this is the whole input (buffered,
    /// bounded); after a head, the rest of the input belongs to what follows.
    pub consumed: usize,
    /// A complete head: informational (1xx, the reader then waits for the next head) or
    /// final (the reader moved to [`ReaderState::Body`] or [`ReaderState::Done`]).
    pub head: Option<ResponseHead>,
}

/// Progress of [`ResponseReader::read_body`].
#[derive(Debug, PartialEq, Eq)]
pub struct BodyProgress<'a> {
    /// Bytes of the input used (framing included).
    pub consumed: usize,
    /// Body bytes: a sub-slice of the input, possibly empty (pure framing was read).
    pub data: &'a [u8],
    /// Whether the body is complete (the reader is [`ReaderState::Done`]).
    pub done: bool,
}

#[derive(Debug)]
enum State {
    Head(HeadParser),
    Length { expected: u64, received: u64 },
    Chunked(ChunkedDecoder),
    Close,
    Done,
    Failed,
}

/// Reads one HTTP/1.1 response, incrementally and without I/O. See the module docs.
#[derive(Debug)]
pub struct ResponseReader {
    state: State,
    limits: Limits,
    method: Method,
    request_close: bool,
    received_any: bool,
    /// Bytes of the 1xx heads read so far, and of the head being read.
    informational_bytes: usize,
    head_bytes: usize,
    body_kind: Option<BodyKind>,
    keep_alive: bool,
    trailers: Option<HeaderMap>,
}

impl ResponseReader {
    /// A reader for the response to a request with this method and these headers (a
    /// `HEAD` response has no body; `Connection: close` on the request forbids reuse).
    pub fn new(method: &Method, request_headers: &HeaderMap) -> Self {
        ResponseReader {
            state: State::Head(HeadParser::default()),
            limits: Limits::default(),
            method: method.clone(),
            request_close: has_token(request_headers, header::CONNECTION, "close"),
            received_any: false,
            informational_bytes: 0,
            head_bytes: 0,
            body_kind: None,
            keep_alive: false,
            trailers: None,
        }
    }

    /// A reader for the response to `request`.
    pub fn for_request<B>(request: &Request<B>) -> Self {
        Self::new(request.method(), request.headers())
    }

    /// A reader for a proxy's answer to [`encode_connect`](super::encode_connect): a 2xx
    /// head ends the response (state `Done { reusable: false }`: the connection is now a
    /// tunnel), and every byte after it belongs to the tunnel.
    pub fn for_connect() -> Self {
        Self::new(&Method::CONNECT, &HeaderMap::new())
    }

    /// Uses these bounds instead of the defaults.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Limits {
            max_headers: limits.max_headers.min(10_000),
            ..limits
        };
        self
    }

    /// The current state.
    pub fn state(&self) -> ReaderState {
        match self.state {
            State::Head(_) => ReaderState::Head,
            State::Length { .. } | State::Chunked(_) | State::Close => ReaderState::Body,
            State::Done => ReaderState::Done {
                reusable: self.keep_alive,
            },
            State::Failed => ReaderState::Failed,
        }
    }

    /// How the final response's body is framed, once its head is read.
    pub fn body_kind(&self) -> Option<BodyKind> {
        self.body_kind
    }

    /// Whether the response is complete.
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// Whether the response is complete and the connection may carry another request.
    ///
    /// If the driver's buffer still holds bytes the reader did not consume once it is
    /// done, the server sent more than one response: close the connection instead.
    pub fn is_reusable(&self) -> bool {
        self.is_done() && self.keep_alive
    }

    /// Whether any byte of a response has arrived. A request that failed on a reused
    /// connection while this is `false` may be sent again on a fresh connection (see the
    /// [`pool`](super::pool) docs).
    pub fn received_any(&self) -> bool {
        self.received_any
    }

    /// The trailer fields of a chunked body, once done (`None` if there were none).
    pub fn trailers(&self) -> Option<&HeaderMap> {
        self.trailers.as_ref()
    }

    fn state_name(&self) -> &'static str {
        match self.state {
            State::Head(_) => "Head",
            State::Length { .. } | State::Chunked(_) | State::Close => "Body",
            State::Done => "Done",
            State::Failed => "Failed",
        }
    }

    fn fail(&mut self, e: H1Error) -> H1Error {
        self.state = State::Failed;
        self.keep_alive = false;
        e
    }

    /// Reads (part of) a response head from `input`.
    ///
    /// Returns the bytes used and, once complete, the head. Incomplete heads are buffered
    /// inside the reader (up to [`Limits::max_head_bytes`]), so the driver may drop the
    /// consumed bytes. After a final head, feed the rest of the input to
    /// [`read_body`](Self::read_body) (unless the state is already `Done`).
    pub fn read_head(&mut self, input: &[u8]) -> Result<HeadProgress, H1Error> {
        let State::Head(parser) = &mut self.state else {
            return Err(H1Error::WrongState {
                called: "read_head",
                state: self.state_name(),
            });
        };
        if !input.is_empty() {
            self.received_any = true;
        }
        // The 1xx heads already read use up part of the head limit.
        let max = self.limits.max_head_bytes;
        let room = max.saturating_sub(self.informational_bytes);
        let parsed = match parser.feed(input, room, self.limits.max_headers) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => {
                self.head_bytes += input.len();
                return Ok(HeadProgress {
                    consumed: input.len(),
                    head: None,
                });
            }
            Err(H1Error::HeadTooLarge { .. }) => {
                return Err(self.fail(H1Error::HeadTooLarge { limit: max }));
            }
            Err(e) => return Err(self.fail(e)),
        };
        let head_bytes = std::mem::take(&mut self.head_bytes) + parsed.consumed;
        let head = parsed.head;
        let status = head.status;
        if status == http::StatusCode::SWITCHING_PROTOCOLS {
            return Err(self.fail(H1Error::SwitchingProtocols));
        }
        if status.is_informational() {
            self.informational_bytes += head_bytes;
        } else {
            let (kind, keep_alive) = match framing(&self.method, self.request_close, &head) {
                Ok(f) => f,
                Err(e) => return Err(self.fail(e)),
            };
            self.body_kind = Some(kind);
            self.keep_alive = keep_alive;
            self.state = match kind {
                BodyKind::None | BodyKind::ContentLength(0) => State::Done,
                BodyKind::ContentLength(n) => State::Length {
                    expected: n,
                    received: 0,
                },
                BodyKind::Chunked => State::Chunked(ChunkedDecoder::new(
                    self.limits.max_chunk_line,
                    self.limits.max_trailer_bytes,
                    self.limits.max_headers,
                )),
                BodyKind::CloseDelimited => State::Close,
            };
        }
        Ok(HeadProgress {
            consumed: parsed.consumed,
            head: Some(head),
        })
    }

    /// Reads body bytes from `input`: returns the bytes used and the body data found, a
    /// sub-slice of `input` (nothing is copied). Call again with the rest of the input
    /// while `consumed < input.len()` and the body is not done: a chunked body yields at
    /// most one chunk's data per call. Once done, returns `consumed: 0`.
    pub fn read_body<'a>(&mut self, input: &'a [u8]) -> Result<BodyProgress<'a>, H1Error> {
        let (consumed, data) = match &mut self.state {
            State::Length { expected, received } => {
                let left = *expected - *received;
                let take = usize::try_from(left).map_or(input.len(), |l| l.min(input.len()));
                *received += take as u64;
                if *received == *expected {
                    self.state = State::Done;
                }
                (take, &input[..take])
            }
            State::Chunked(decoder) => match decoder.decode(input) {
                Ok((consumed, data)) => {
                    if decoder.is_done() {
                        self.trailers = decoder.take_trailers();
                        self.state = State::Done;
                    }
                    (consumed, data)
                }
                Err(e) => return Err(self.fail(e)),
            },
            State::Close => (input.len(), input),
            State::Done => (0, &input[..0]),
            State::Head(_) | State::Failed => {
                return Err(H1Error::WrongState {
                    called: "read_body",
                    state: self.state_name(),
                });
            }
        };
        Ok(BodyProgress {
            consumed,
            data,
            done: self.is_done(),
        })
    }

    /// Reads as much body as `input` holds, appending the data to `out`. Returns the
    /// bytes used. For bodies that are collected whole; a streaming consumer should use
    /// [`read_body`](Self::read_body) and never copy.
    pub fn read_body_into(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, H1Error> {
        let mut pos = 0;
        while pos < input.len() && !self.is_done() {
            let progress = self.read_body(&input[pos..])?;
            out.extend_from_slice(progress.data);
            pos += progress.consumed;
            if progress.consumed == 0 {
                break;
            }
        }
        Ok(pos)
    }

    /// The peer closed the connection (a read returned 0 bytes). This ends a
    /// close-delimited body (`Done`, not reusable); anywhere else before `Done` it is
    /// [`H1Error::UnexpectedEof`], saying where the response was cut.
    pub fn handle_eof(&mut self) -> Result<(), H1Error> {
        let at = match &self.state {
            State::Done => return Ok(()),
            State::Close => {
                self.state = State::Done;
                self.keep_alive = false;
                return Ok(());
            }
            State::Failed => {
                return Err(H1Error::WrongState {
                    called: "handle_eof",
                    state: "Failed",
                });
            }
            State::Head(_) if !self.received_any => EofAt::BeforeResponse,
            State::Head(parser) => EofAt::InHead {
                received: parser.buffered(),
            },
            State::Length { expected, received } => EofAt::InContentLength {
                expected: *expected,
                received: *received,
            },
            State::Chunked(decoder) => decoder.eof_at(),
        };
        Err(self.fail(H1Error::UnexpectedEof { at }))
    }
}
