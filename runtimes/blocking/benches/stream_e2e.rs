//! End-to-end streaming throughput over loopback: the mock server sends one long message
//! of text deltas; the blocking client reads, decodes and accumulates it.
//!
//! Printed beside a baseline measured in the same run — the same bytes read with a plain
//! `TcpStream` and split on blank lines, no decoding — so the result reads as a ratio.
//!
//! `cargo bench -p anthropic-blocking --bench stream_e2e`

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use anthropic_blocking::{Client, ClientConfig};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::{MockResponse, MockServer, sse};

const DELTAS: usize = 100_000;
const ROUNDS: usize = 5;

fn main() {
    let text: String = (0..DELTAS).map(|i| format!("w{} ", i % 1000)).collect();
    let events = sse::text_message("claude-sonnet-4-5", &text, DELTAS);
    let body_len = sse::encode_all(&events, sse::LineEnding::Lf).len();
    let deltas = events
        .iter()
        .filter(|e| e.name() == Some("content_block_delta"))
        .count();
    let server = MockServer::start();
    server.set_capture(false);
    let client = Client::new(ClientConfig::new().api_key("bench").base_url(server.url())).unwrap();
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("bench");

    let mut helper = Vec::new();
    let mut raw = Vec::new();
    let mut baseline = Vec::new();
    for _ in 0..ROUNDS {
        server.enqueue(MockResponse::sse(events.clone()).chunk_size(16 * 1024));
        let start = Instant::now();
        let message = client
            .messages()
            .stream(&params)
            .unwrap()
            .final_message()
            .unwrap();
        helper.push(start.elapsed());
        assert_eq!(message.text().len(), text.len());

        server.enqueue(MockResponse::sse(events.clone()).chunk_size(16 * 1024));
        let start = Instant::now();
        let mut n = 0;
        for event in client.messages().create_stream(&params).unwrap() {
            event.unwrap();
            n += 1;
        }
        raw.push(start.elapsed());
        assert!(n > deltas);

        server.enqueue(MockResponse::sse(events.clone()).chunk_size(16 * 1024));
        let start = Instant::now();
        let count = naive(&server, body_len);
        baseline.push(start.elapsed());
        assert!(count > deltas);
    }
    let best = |v: &[Duration]| *v.iter().min().unwrap();
    let rate = |d: Duration| deltas as f64 / d.as_secs_f64();
    let (b, r, h) = (best(&baseline), best(&raw), best(&helper));
    println!(
        "stream_e2e: {DELTAS} text deltas, {:.1} MB body, best of {ROUNDS}",
        body_len as f64 / 1e6
    );
    println!(
        "  baseline (TcpStream read + blank-line split): {:>12.0} events/s",
        rate(b)
    );
    println!(
        "  blocking create_stream (typed events):       {:>12.0} events/s  ({:.2}x baseline time)",
        rate(r),
        r.as_secs_f64() / b.as_secs_f64()
    );
    println!(
        "  blocking stream helper (accumulated):        {:>12.0} events/s  ({:.2}x baseline time)",
        rate(h),
        h.as_secs_f64() / b.as_secs_f64()
    );
}

/// Reads the same response with no SDK: raw bytes, events counted by blank lines.
fn naive(server: &MockServer, body_len: usize) -> usize {
    let body = r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"bench"}]}"#;
    let mut tcp = TcpStream::connect(server.addr()).unwrap();
    write!(
        tcp,
        "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: bench\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut all = Vec::with_capacity(body_len + (1 << 16));
    tcp.read_to_end(&mut all).unwrap();
    all.windows(2).filter(|w| w == b"\n\n").count()
}
