//! Scripted responses: errors, headers, pacing and faults.

mod common;

use std::time::{Duration, Instant};

use anthropic_mock::{Framing, LineEnding, MockResponse, MockServer, SseEvent, sse};
use common::{Conn, HELLO, events};
use serde_json::json;

#[test]
fn scripted_error_with_retry_headers_then_default() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(529, "overloaded_error", "Overloaded")
            .header("retry-after-ms", "10")
            .header("x-should-retry", "true"),
    );
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after", "2"),
    );
    assert_eq!(server.pending(), 2);
    let mut conn = Conn::open(server.addr());

    let r = conn.request("POST", "/v1/messages", Some(HELLO));
    assert_eq!(r.status, 529);
    assert_eq!(r.header("retry-after-ms"), Some("10"));
    assert_eq!(r.header("x-should-retry"), Some("true"));
    assert_eq!(r.header("request-id"), Some("req_mock_1"));
    assert_eq!(
        r.json(),
        json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}, "request_id": "req_mock_1"})
    );

    let r = conn.request("POST", "/v1/messages", Some(HELLO));
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("2"));

    // Queue drained: the default behavior answers, on the same connection.
    assert_eq!(
        conn.request("POST", "/v1/messages", Some(HELLO)).status,
        200
    );
    assert_eq!(server.pending(), 0);
    assert_eq!(server.connection_count(), 1);
}

#[test]
fn enqueue_for_matches_by_path_prefix() {
    let server = MockServer::start();
    server.enqueue_for(
        "/v1/messages",
        MockResponse::json(201, json!({"scripted": true})),
    );
    let mut conn = Conn::open(server.addr());
    assert_eq!(conn.request("GET", "/v1/models", None).status, 200);
    let r = conn.request("POST", "/v1/messages", Some(HELLO));
    assert_eq!(r.status, 201);
    assert_eq!(r.json(), json!({"scripted": true}));
}

#[test]
fn handler_answers_before_defaults() {
    let server = MockServer::start();
    server.set_handler(|req| {
        (req.path_only() == "/v1/custom").then(|| MockResponse::body(200, "text/plain", "custom"))
    });
    let mut conn = Conn::open(server.addr());
    let r = conn.request("GET", "/v1/custom", None);
    assert_eq!(r.text(), "custom");
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(conn.request("GET", "/v1/models", None).status, 200);
}

#[test]
fn scripted_stream_one_byte_per_chunk() {
    let server = MockServer::start();
    let seq = sse::text_message("claude-sonnet-4-5", "Hello there", 3);
    let expected = sse::encode_all(&seq, LineEnding::Lf);
    server.enqueue(MockResponse::sse(seq).chunk_size(1));
    let r = Conn::open(server.addr()).request("POST", "/v1/messages", Some(HELLO));
    assert!(r.complete);
    assert_eq!(r.body, expected);
    assert_eq!(r.chunks.len(), expected.len());
    assert!(r.chunks.iter().all(|&c| c == 1));
    let evs = events(&r.text());
    assert_eq!(evs.last().unwrap().0, "message_stop");
    let text: String = evs
        .iter()
        .filter_map(|(_, d)| d["delta"]["text"].as_str())
        .collect();
    assert_eq!(text, "Hello there");
}

#[test]
fn default_stream_sends_one_event_per_chunk() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message("m", "a b", 2)));
    let r = Conn::open(server.addr()).request("POST", "/v1/messages", Some(HELLO));
    assert_eq!(r.chunks.len(), 8);
}

#[test]
fn close_after_cuts_mid_event() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message("m", "Hello there", 3)).close_after(150));
    let mut conn = Conn::open(server.addr());
    let r = conn.request("POST", "/v1/messages", Some(HELLO));
    assert!(!r.complete, "the last chunk must be missing");
    assert_eq!(r.body.len(), 150);
    assert!(r.text().starts_with("event: message_start\n"));
    assert_eq!(r.header("connection"), Some("close"));
    assert!(conn.at_eof());

    // Content-length bodies are cut too.
    server.enqueue(MockResponse::json(200, json!({"a": "0123456789"})).close_after(5));
    let r = Conn::open(server.addr()).request("GET", "/v1/models", None);
    assert!(!r.complete);
    assert_eq!(r.body, b"{\"a\":");
}

#[test]
fn line_endings_and_raw_sse() {
    let server = MockServer::start();
    let events_in = vec![SseEvent::new("ping", "{}"), SseEvent::comment("keep")];
    server.enqueue(MockResponse::sse(events_in.clone()).line_ending(LineEnding::CrLf));
    server.enqueue(MockResponse::sse(events_in).line_ending(LineEnding::Cr));
    server.enqueue(MockResponse::sse_raw("data: x\n\n").status(200));
    let mut conn = Conn::open(server.addr());
    assert_eq!(
        conn.request("GET", "/", None).text(),
        "event: ping\r\ndata: {}\r\n\r\n: keep\r\n\r\n"
    );
    assert_eq!(
        conn.request("GET", "/", None).text(),
        "event: ping\rdata: {}\r\r: keep\r\r"
    );
    assert_eq!(conn.request("GET", "/", None).text(), "data: x\n\n");
}

#[test]
fn error_event_and_missing_message_stop() {
    let server = MockServer::start();
    let seq = sse::insert_error(
        sse::text_message("m", "Hi", 1),
        "message_delta",
        sse::error_event("overloaded_error", "Overloaded"),
    );
    server.enqueue(MockResponse::sse(seq));
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::tool_use_message("get_weather", r#"{"city":"Paris"}"#, 4),
    )));
    let mut conn = Conn::open(server.addr());
    let evs = events(&conn.request("POST", "/v1/messages", Some(HELLO)).text());
    let (name, data) = evs.last().unwrap();
    assert_eq!(name, "error");
    assert_eq!(data["error"]["type"], "overloaded_error");
    let evs = events(&conn.request("POST", "/v1/messages", Some(HELLO)).text());
    assert_eq!(evs.last().unwrap().0, "message_delta");
    let json_text: String = evs
        .iter()
        .filter_map(|(_, d)| d["delta"]["partial_json"].as_str())
        .collect();
    assert_eq!(json_text, r#"{"city":"Paris"}"#);
}

#[test]
fn delay_and_stall_hold_the_bytes_back() {
    let server = MockServer::start();
    server.enqueue(MockResponse::json(200, json!({})).delay(Duration::from_millis(200)));
    server.enqueue(
        MockResponse::sse(sse::text_message("m", "Hi", 1))
            .stall_after(20, Duration::from_millis(200))
            .chunk_delay(Duration::from_millis(1)),
    );
    let mut conn = Conn::open(server.addr());
    let t = Instant::now();
    conn.request("GET", "/", None);
    assert!(t.elapsed() >= Duration::from_millis(200));
    let t = Instant::now();
    let r = conn.request("GET", "/", None);
    assert!(r.complete);
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.chunks[0], 20, "the stall point splits a chunk");
}

#[test]
fn raw_and_close_faults() {
    let server = MockServer::start();
    server.enqueue(MockResponse::raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
    ));
    server.enqueue(MockResponse::close());
    let mut conn = Conn::open(server.addr());
    let r = conn.request("GET", "/", None);
    assert_eq!(r.body, b"abc");
    assert!(!r.complete);

    let mut conn = Conn::open(server.addr());
    conn.send("GET", "/", None, &[]);
    assert!(conn.read_response().is_err());
    assert_eq!(server.request_count(), 2);
}

#[test]
fn close_delimited_and_chunked_json() {
    let server = MockServer::start();
    server.enqueue(MockResponse::json(200, json!({"a": 1})).framing(Framing::CloseDelimited));
    server.enqueue(
        MockResponse::json(200, json!({"b": 2}))
            .framing(Framing::Chunked)
            .chunk_size(3),
    );
    let mut conn = Conn::open(server.addr());
    let r = conn.request("GET", "/", None);
    assert_eq!(r.json(), json!({"a": 1}));
    assert_eq!(r.header("content-length"), None);
    let r = Conn::open(server.addr()).request("GET", "/", None);
    assert_eq!(r.json(), json!({"b": 2}));
    assert_eq!(r.chunks, [3, 3, 1]);
}
