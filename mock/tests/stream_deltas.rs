//! The `x-mock-stream-deltas` knob: a long streamed text reply for benchmarks.

mod common;

use anthropic_mock::MockServer;
use anthropic_mock::defaults::STREAM_DELTAS_CHUNK;
use anthropic_mock::sse::{self, Block, LineEnding};
use common::{Conn, HELLO, events};
use serde_json::{Value, json};

fn streamed(body: &str) -> String {
    body.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"")
}

fn ask(server: &MockServer, body: &str, deltas: &str) -> common::Response {
    let mut conn = Conn::open(server.addr());
    conn.send(
        "POST",
        "/v1/messages",
        Some(body),
        &[("X-Mock-Stream-Deltas", deltas)],
    );
    conn.read_response().expect("response")
}

/// The reply's words cycled to `n`, each ending in whitespace (a space added if not).
fn cycled(reply: &str, n: usize) -> Vec<String> {
    sse::split_words(reply)
        .into_iter()
        .map(|w| {
            if w.ends_with(char::is_whitespace) {
                w
            } else {
                format!("{w} ")
            }
        })
        .cycle()
        .take(n)
        .collect()
}

const REPLY: &str = "Hello! This is the mock Claude server. You said: Hello, Claude";

#[test]
fn gives_exactly_n_text_deltas_byte_for_byte_like_the_event_builders() {
    let server = MockServer::start();
    let r = ask(&server, &streamed(HELLO), "1000");
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/event-stream")
    );
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    let (last, full) = r.chunks.split_last().unwrap();
    assert!(full.iter().all(|&c| c == STREAM_DELTAS_CHUNK));
    assert!(*last <= STREAM_DELTAS_CHUNK);
    let body = r.text();
    let evs = events(&body);
    let deltas: Vec<&Value> = evs
        .iter()
        .filter(|(name, _)| name == "content_block_delta")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(deltas.len(), 1000);
    let words = cycled(REPLY, 1000);
    for (d, w) in deltas.iter().zip(&words) {
        assert_eq!(d["delta"], json!({"type": "text_delta", "text": w}));
    }
    // The same bytes the event builders give for that text cut into those words: the
    // fast path changes the cost, not the stream.
    let input = evs[0].1["message"]["usage"]["input_tokens"]
        .as_u64()
        .unwrap();
    let text: String = words.concat();
    let expected = sse::encode_all(
        &sse::message_events_with(
            "msg_mock_1",
            "claude-sonnet-4-5",
            &[Block::Text(text)],
            "end_turn",
            input,
            &|_| words.clone(),
        ),
        LineEnding::Lf,
    );
    assert_eq!(body.as_bytes(), &expected[..]);
    // max_tokens (1024 here, and the reply has 1000 words) does not cut it.
    let last_delta = &evs[evs.len() - 2].1;
    assert_eq!(last_delta["delta"]["stop_reason"], "end_turn");
    assert_eq!(last_delta["usage"]["output_tokens"], 1000);
}

#[test]
fn not_cut_by_max_tokens_and_one_delta_works() {
    let server = MockServer::start();
    let body = streamed(&HELLO.replace("1024", "3"));
    let evs = events(&ask(&server, &body, "50").text());
    let n = evs
        .iter()
        .filter(|(e, _)| e == "content_block_delta")
        .count();
    assert_eq!(n, 50);
    let evs = events(&ask(&server, &streamed(HELLO), "1").text());
    let deltas: Vec<_> = evs
        .iter()
        .filter(|(e, _)| e == "content_block_delta")
        .collect();
    assert_eq!(deltas.len(), 1);
    assert_eq!(deltas[0].1["delta"]["text"], "Hello! ");
}

#[test]
fn thinking_block_comes_first_and_text_is_block_one() {
    let server = MockServer::start();
    let mut body: Value = serde_json::from_str(HELLO).unwrap();
    body["stream"] = json!(true);
    body["thinking"] = json!({"type": "enabled", "budget_tokens": 1024});
    let evs = events(&ask(&server, &body.to_string(), "20").text());
    let starts: Vec<_> = evs
        .iter()
        .filter(|(e, _)| e == "content_block_start")
        .map(|(_, d)| d["content_block"]["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(starts, ["thinking", "text"]);
    let text_deltas: Vec<_> = evs
        .iter()
        .filter(|(e, d)| e == "content_block_delta" && d["delta"]["type"] == "text_delta")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(text_deltas.len(), 20);
    assert!(text_deltas.iter().all(|d| d["index"] == 1));
    assert!(
        evs.iter()
            .any(|(_, d)| d["delta"]["type"] == "signature_delta")
    );
    // Output tokens: a word per delta, plus the thinking's words.
    let thinking: String = evs
        .iter()
        .filter_map(|(_, d)| d["delta"]["thinking"].as_str())
        .collect();
    let message_delta = &evs.iter().find(|(e, _)| e == "message_delta").unwrap().1;
    assert_eq!(
        message_delta["usage"]["output_tokens"],
        thinking.split_whitespace().count() + 20
    );
}

#[test]
fn words_that_need_escaping_stay_valid_json() {
    let server = MockServer::start();
    let body = json!({
        "model": "m", "max_tokens": 10, "stream": true,
        "messages": [{"role": "user", "content": "say \"hi\"\tand\\ \u{e9}t\u{e9} \u{1}"}]
    })
    .to_string();
    let evs = events(&ask(&server, &body, "40").text());
    let text: String = evs
        .iter()
        .filter(|(e, _)| e == "content_block_delta")
        .map(|(_, d)| d["delta"]["text"].as_str().unwrap())
        .collect();
    let reply =
        "Hello! This is the mock Claude server. You said: say \"hi\"\tand\\ \u{e9}t\u{e9} \u{1}";
    assert_eq!(text, cycled(reply, 40).concat());
}

#[test]
fn ignored_without_stream_and_refused_when_out_of_range() {
    let server = MockServer::start();
    let r = ask(&server, HELLO, "1000");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json()["content"][0]["text"],
        "Hello! This is the mock Claude server. You said: Hello, Claude"
    );
    for bad in ["0", "ten", "-1", "10000001"] {
        let r = ask(&server, &streamed(HELLO), bad);
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json()["error"]["type"], "invalid_request_error");
    }
}
