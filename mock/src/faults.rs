//! The fault matrix: network and server failures, each with the outcome a correct client
//! shows, as data that every runtime's test suite runs.
//!
//! A row says what the server does ([`Fault`]), which call the client makes ([`Call`]),
//! with how many retries and which read timeout, and what must come of it ([`Expect`]):
//! success after a number of requests, a given status error, a timeout, a connection
//! error, or a stream error. A runtime's test turns its own result into an [`Outcome`]
//! and compares; nothing here knows the SDK's types.

use std::time::Duration;

use crate::script::MockResponse;
use crate::sse::{self, LineEnding};

/// The call a row makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `messages.create`, non-streaming.
    Create,
    /// `messages.create` streamed; the stream is read to its end.
    Stream,
    /// `messages.create` twice. Before the second call the runner waits until the server
    /// has finished its first connection (`MockServer::wait_for_finished_connections`),
    /// so that whatever that connection sent after the first response is at the client.
    /// The second call's result is the row's outcome.
    CreateTwice,
}

/// What the server does.
#[derive(Debug)]
pub enum Fault {
    /// Nothing listens on the port.
    ConnectionRefused,
    /// These responses, one per request, then the default behavior.
    Script(Vec<MockResponse>),
}

/// How a call ended, as far as the matrix cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It succeeded (for a stream: it was read to `message_stop`).
    Ok,
    /// An API error with this HTTP status (200 for an `error` event inside a stream).
    Status(u16),
    /// A timeout.
    Timeout,
    /// A connection error (refused, reset, closed early, malformed or oversized response).
    Connection,
    /// A stream that ended before `message_stop`.
    Incomplete,
    /// A stream whose bytes or events could not be decoded.
    BadStream,
    /// A body refused for passing the client's body size limit (not retried).
    TooLarge,
}

/// What a row requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// Acceptable outcomes (a transport may see a cut stream as a connection error or as
    /// an incomplete stream, depending on where the cut falls).
    pub outcomes: &'static [Outcome],
    /// Requests the server must have received (`None` for a refused connection).
    pub requests: Option<usize>,
}

/// One row of the matrix.
#[derive(Debug)]
pub struct FaultCase {
    /// A short name for failure messages.
    pub name: &'static str,
    /// The call to make.
    pub call: Call,
    /// What the server does.
    pub fault: Fault,
    /// The client's retry budget for this row.
    pub max_retries: u32,
    /// The read timeout for this row.
    pub read_timeout: Duration,
    /// What must happen.
    pub expect: Expect,
}

impl FaultCase {
    fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }
}

const OK: &[Outcome] = &[Outcome::Ok];
const TIMEOUT: &[Outcome] = &[Outcome::Timeout];
const CONNECTION: &[Outcome] = &[Outcome::Connection];
const CUT: &[Outcome] = &[Outcome::Connection, Outcome::Incomplete];
const INCOMPLETE: &[Outcome] = &[Outcome::Incomplete];
const BAD_STREAM: &[Outcome] = &[Outcome::BadStream];
const TOO_LARGE: &[Outcome] = &[Outcome::TooLarge];

fn row(
    name: &'static str,
    call: Call,
    script: Vec<MockResponse>,
    max_retries: u32,
    outcomes: &'static [Outcome],
    requests: usize,
) -> FaultCase {
    FaultCase {
        name,
        call,
        fault: Fault::Script(script),
        max_retries,
        read_timeout: Duration::from_secs(2),
        expect: Expect {
            outcomes,
            requests: Some(requests),
        },
    }
}

fn error(status: u16, kind: &str) -> MockResponse {
    MockResponse::error(status, kind, "scripted failure")
}

fn stream_body() -> Vec<u8> {
    sse::encode_all(
        &sse::text_message(
            "claude-sonnet-4-5",
            "alpha beta gamma delta epsilon zeta",
            6,
        ),
        LineEnding::Lf,
    )
}

/// `data` compressed as `encoding` says: `gzip`, `deflate` (zlib-wrapped, RFC 9110) or
/// `raw-deflate` (what some servers send as `deflate`).
pub fn compress(encoding: &str, data: &[u8]) -> Vec<u8> {
    use flate2::Compression;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use std::io::Write;
    let level = Compression::default();
    let written = match encoding {
        "gzip" => {
            let mut e = GzEncoder::new(Vec::new(), level);
            e.write_all(data).and_then(|()| e.finish())
        }
        "deflate" => {
            let mut e = ZlibEncoder::new(Vec::new(), level);
            e.write_all(data).and_then(|()| e.finish())
        }
        _ => {
            let mut e = DeflateEncoder::new(Vec::new(), level);
            e.write_all(data).and_then(|()| e.finish())
        }
    };
    written.expect("compressing into a Vec")
}

/// A complete `Message` body.
const MESSAGE_JSON: &[u8] = br#"{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#;

/// A complete keep-alive `200` JSON response with this body.
fn ok_json_response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// The whole matrix.
pub fn matrix() -> Vec<FaultCase> {
    let body = stream_body();
    let text_events = || {
        sse::text_message(
            "claude-sonnet-4-5",
            "alpha beta gamma delta epsilon zeta",
            6,
        )
    };
    let head_cut = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-le".to_vec();
    let mut endless_header = b"HTTP/1.1 200 OK\r\nx-endless: ".to_vec();
    endless_header.extend(std::iter::repeat_n(b'a', 2 << 20));
    // 10 000 `103 Early Hints` heads (280 KB) before the answer: each head is small, all
    // of them together pass the 64 KiB head limit.
    let mut endless_hints = b"HTTP/1.1 103 Early Hints\r\n\r\n".repeat(10_000);
    endless_hints.extend_from_slice(&ok_json_response(MESSAGE_JSON));
    // A complete keep-alive answer, then, once the client had time to pool the
    // connection, an unsolicited second response on it (and then the close).
    let answer = ok_json_response(MESSAGE_JSON);
    let stale_body =
        br#"{"type":"error","error":{"type":"invalid_request_error","message":"stale"}}"#;
    let stale = [
        format!(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-should-retry: false\r\ncontent-length: {}\r\n\r\n",
            stale_body.len()
        )
        .as_bytes(),
        stale_body,
    ]
    .concat();
    let answer_len = answer.len();
    // An error response whose body stops halfway: what arrived is no answer (Python's
    // client reads the body inside `send`, so the cut is a connection error there).
    let error_cut = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"type\":\"error\",\"error\":{".to_vec();
    let answer_then_stale = [answer, stale].concat();
    let mut cases = vec![
        FaultCase {
            name: "connection refused",
            call: Call::Create,
            fault: Fault::ConnectionRefused,
            max_retries: 1,
            read_timeout: Duration::from_secs(2),
            expect: Expect { outcomes: CONNECTION, requests: None },
        },
        row("closed before the response", Call::Create, vec![MockResponse::close()], 0, CONNECTION, 1),
        row("closed before the response, retried", Call::Create, vec![MockResponse::close()], 1, OK, 2),
        row("closed mid-head", Call::Create, vec![MockResponse::raw(head_cut)], 0, CONNECTION, 1),
        row(
            "closed mid-chunk",
            Call::Stream,
            vec![MockResponse::sse_raw(body.clone()).chunk_size(64).close_after(body.len() / 2 + 3)],
            0,
            CUT,
            1,
        ),
        row(
            "closed mid-event after content",
            Call::Stream,
            vec![MockResponse::sse_raw(body.clone()).close_after(body.len() * 3 / 4)],
            0,
            CUT,
            1,
        ),
        row(
            "stall past the read timeout after content",
            Call::Stream,
            vec![MockResponse::sse_raw(body.clone()).stall_after(body.len() * 3 / 4, Duration::from_secs(10))],
            0,
            TIMEOUT,
            1,
        )
        .with_read_timeout(Duration::from_millis(500)),
        row(
            "stall before the head",
            Call::Create,
            vec![error(500, "api_error").delay(Duration::from_secs(10))],
            0,
            TIMEOUT,
            1,
        )
        .with_read_timeout(Duration::from_millis(500)),
        row(
            "slow trickle within the timeout",
            Call::Stream,
            vec![MockResponse::sse_raw(body.clone()).chunk_size(97).chunk_delay(Duration::from_millis(5))],
            0,
            OK,
            1,
        ),
        row(
            "error event after content",
            Call::Stream,
            vec![MockResponse::sse(sse::insert_error(
                text_events(),
                "content_block_stop",
                sse::error_event("overloaded_error", "Overloaded"),
            ))],
            2,
            &[Outcome::Status(200)],
            1,
        ),
        row("error status whose body is cut, retried", Call::Create, vec![MockResponse::raw(error_cut.clone())], 1, OK, 2),
        row("error status whose body is cut", Call::Create, vec![MockResponse::raw(error_cut)], 0, CONNECTION, 1),
        row(
            "error event before content, x-should-retry: false",
            Call::Stream,
            vec![MockResponse::sse(sse::insert_error(
                text_events(),
                "content_block_start",
                sse::error_event("overloaded_error", "Overloaded"),
            ))
            .header("x-should-retry", "false")],
            2,
            &[Outcome::Status(200)],
            1,
        ),
        row(
            "error event before content, retried",
            Call::Stream,
            vec![MockResponse::sse(sse::insert_error(
                text_events(),
                "content_block_start",
                sse::error_event("overloaded_error", "Overloaded"),
            ))],
            2,
            OK,
            2,
        ),
        row(
            "stream without message_stop",
            Call::Stream,
            vec![MockResponse::sse(sse::without_message_stop(text_events()))],
            0,
            INCOMPLETE,
            1,
        ),
        row(
            "malformed JSON in an event",
            Call::Stream,
            vec![MockResponse::sse_raw(
                [
                    &body[..body.len() / 2],
                    b"\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\n\n".as_slice(),
                ]
                .concat(),
            )],
            0,
            BAD_STREAM,
            1,
        ),
        row(
            "invalid UTF-8 in an event",
            Call::Stream,
            vec![MockResponse::sse_raw(
                [&body[..body.len() / 2], b"\n\nevent: content_block_delta\ndata: \xff\xfe\n\n".as_slice()].concat(),
            )],
            0,
            BAD_STREAM,
            1,
        ),
        row("endless header line", Call::Create, vec![MockResponse::raw(endless_header)], 0, CONNECTION, 1),
        row(
            "unsolicited response on an idle pooled connection",
            Call::CreateTwice,
            // The stale 400 must not be taken for the second call's answer: the client
            // sees bytes waiting on the idle connection and opens a new one.
            vec![MockResponse::raw(answer_then_stale).stall_after(answer_len, Duration::from_millis(50))],
            0,
            OK,
            2,
        ),
        row(
            "gzip JSON body",
            Call::Create,
            vec![MockResponse::body(200, "application/json", compress("gzip", MESSAGE_JSON)).header("content-encoding", "gzip")],
            0,
            OK,
            1,
        ),
        row(
            "deflate JSON body",
            Call::Create,
            vec![MockResponse::body(200, "application/json", compress("deflate", MESSAGE_JSON)).header("content-encoding", "deflate")],
            0,
            OK,
            1,
        ),
        row(
            "raw deflate JSON body",
            Call::Create,
            vec![MockResponse::body(200, "application/json", compress("raw-deflate", MESSAGE_JSON)).header("content-encoding", "deflate")],
            0,
            OK,
            1,
        ),
        row(
            "gzip stream in small chunks",
            Call::Stream,
            vec![MockResponse::sse_raw(compress("gzip", &body)).chunk_size(61).header("content-encoding", "gzip")],
            0,
            OK,
            1,
        ),
        row(
            "corrupt gzip body",
            Call::Create,
            vec![MockResponse::body(200, "application/json", {
                let mut b = compress("gzip", MESSAGE_JSON);
                let mid = b.len() / 2;
                b[mid] ^= 0x55;
                b
            })
            .header("content-encoding", "gzip")],
            0,
            CONNECTION,
            1,
        ),
        row("endless 1xx heads", Call::Create, vec![MockResponse::raw(endless_hints)], 0, CONNECTION, 1),
        row(
            "content-length over the body limit",
            Call::Create,
            // Refused when the head arrives: the client does not wait for 1 TiB.
            vec![MockResponse::raw(
                &b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1099511627776\r\n\r\n{"[..],
            )],
            2,
            TOO_LARGE,
            1,
        ),
        row(
            "endless SSE line",
            Call::Stream,
            vec![MockResponse::sse_raw({
                let mut b = b"event: content_block_delta\ndata: ".to_vec();
                b.extend(std::iter::repeat_n(b'x', 17 << 20));
                b
            })
            .chunk_size(1 << 20)],
            0,
            BAD_STREAM,
            1,
        ),
        row("x-should-retry: false on a 500", Call::Create, vec![error(500, "api_error").header("x-should-retry", "false")], 2, &[Outcome::Status(500)], 1),
        row(
            "x-should-retry: true on a 400",
            Call::Create,
            vec![error(400, "invalid_request_error").header("x-should-retry", "true").header("retry-after-ms", "1")],
            2,
            OK,
            2,
        ),
        row("400 is not retried", Call::Create, vec![error(400, "invalid_request_error")], 2, &[Outcome::Status(400)], 1),
        row(
            "5xx exhausts the budget",
            Call::Create,
            vec![
                error(503, "api_error").header("retry-after-ms", "1"),
                error(503, "api_error").header("retry-after-ms", "1"),
                error(503, "api_error").header("retry-after-ms", "1"),
            ],
            2,
            &[Outcome::Status(503)],
            3,
        ),
        row(
            "529 on a stream, then success",
            Call::Stream,
            vec![error(529, "overloaded_error").header("retry-after", "0.01")],
            2,
            OK,
            2,
        ),
    ];
    for (status, kind) in [
        (408, "timeout_error"),
        (409, "conflict"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (502, "api_error"),
        (529, "overloaded_error"),
    ] {
        for (header, value) in [
            ("retry-after-ms", "10"),
            ("retry-after", "0.01"),
            ("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT"),
            // A year too large for the date arithmetic: ignored, so plain backoff.
            ("retry-after", "Wed, 21 Oct 999999999999 07:28:00 GMT"),
            ("x-no-hint", "1"),
        ] {
            cases.push(FaultCase {
                name: "retryable status with a retry hint, then success",
                call: Call::Create,
                fault: Fault::Script(vec![error(status, kind).header(header, value)]),
                max_retries: 1,
                read_timeout: Duration::from_secs(2),
                expect: Expect {
                    outcomes: OK,
                    requests: Some(2),
                },
            });
        }
    }
    cases
}
