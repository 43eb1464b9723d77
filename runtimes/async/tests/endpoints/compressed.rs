//! Compressed bodies on every streamed path: a file download, `send_streaming`, a
//! streaming response, an event stream and batch results (JSON lines) sent with
//! `content-encoding: gzip` (or `deflate`) arrive inflated, as they arrive; a corrupt or
//! truncated one is an error, never the raw compressed bytes. An encoding the client did
//! not ask for passes through as it is (as for buffered bodies).

use crate::Client;
#[allow(unused_imports)]
use crate::prelude::*;

use anthropic_core::stream::{ContentDelta, StreamEvent};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_core::{Call, ClientConfig, Error, Method, RequestOptions};
use anthropic_mock::faults::compress;
use anthropic_mock::{MockResponse, MockServer, sse};
use serde_json::{Value, json};

fn client(server: &MockServer) -> Client {
    Client::new(
        ClientConfig::new()
            .api_key("sk-test")
            .base_url(server.url())
            .max_retries(0),
    )
    .unwrap()
}

/// 200 KiB of text that compresses well, so that its compressed form spans many reads.
fn document() -> Vec<u8> {
    (0..20_000u32)
        .flat_map(|i| format!("line {i:05}\n").into_bytes())
        .collect()
}

/// `data` gzipped with a byte in the middle flipped.
fn corrupt(data: &[u8]) -> Vec<u8> {
    let mut bytes = compress("gzip", data);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    bytes
}

/// `data` gzipped and cut short (the trailer and part of the deflate stream missing).
fn truncated(data: &[u8]) -> Vec<u8> {
    let mut bytes = compress("gzip", data);
    bytes.truncate(bytes.len() * 2 / 3);
    bytes
}

fn gzipped(content_type: &'static str, body: Vec<u8>) -> MockResponse {
    MockResponse::body(200, content_type, body)
        .chunk_size(997)
        .header("content-encoding", "gzip")
}

fn is_decode_failure(error: &Error) -> bool {
    matches!(error, Error::Connection(_)) && error.to_string().contains("could not decode")
}

pub async fn compressed_downloads_and_streamed_bodies_arrive_inflated() {
    let server = MockServer::start();
    let client = client(&server);
    let doc = document();
    let files = client.beta().files();
    for encoding in ["gzip", "deflate", "raw-deflate"] {
        server.enqueue(
            MockResponse::body(200, "application/octet-stream", compress(encoding, &doc))
                .chunk_size(997)
                .header("content-encoding", encoding.trim_start_matches("raw-")),
        );
        let download = aw!(files.download("file_gz")).unwrap();
        let bytes = aw!(download.bytes()).unwrap();
        assert!(bytes == doc, "{encoding}: {} bytes", bytes.len());
    }
    // write_to, through the same decoding.
    server.enqueue(gzipped("application/octet-stream", compress("gzip", &doc)));
    let mut download = aw!(files.download("file_gz")).unwrap();
    let mut sink = Vec::new();
    assert_eq!(aw!(download.write_to(&mut sink)).unwrap(), doc.len() as u64);
    assert!(sink == doc);
    // send_streaming.
    let page = json!({"data": [], "has_more": false, "first_id": null, "last_id": null});
    server.enqueue(gzipped(
        "application/json",
        compress("gzip", page.to_string().as_bytes()),
    ));
    let streamed = aw!(client.send_streaming(
        Call::<Value>::new(Method::GET, "/v1/models", "Value"),
        &RequestOptions::new()
    ))
    .unwrap();
    let body: Value = serde_json::from_slice(&aw!(streamed.bytes()).unwrap()).unwrap();
    assert_eq!(body, page);
    // A streaming response: its bytes, and its parsed result.
    let model = json!({"type": "model", "id": "claude-gz", "display_name": "Gz",
        "created_at": "2025-01-01T00:00:00Z"});
    let model_gz = compress("gzip", model.to_string().as_bytes());
    server.enqueue(gzipped("application/json", model_gz.clone()));
    let response = aw!(client
        .models()
        .with_streaming_response()
        .retrieve("claude-gz"))
    .unwrap();
    let bytes = aw!(response.into_body().bytes()).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), model);
    server.enqueue(gzipped("application/json", model_gz));
    let response = aw!(client
        .models()
        .with_streaming_response()
        .retrieve("claude-gz"))
    .unwrap();
    assert_eq!(aw!(response.parse()).unwrap().id, "claude-gz");
    // An encoding not asked for passes through untouched, as on a buffered body.
    server.enqueue(
        MockResponse::body(200, "application/octet-stream", b"as sent".to_vec())
            .header("content-encoding", "br"),
    );
    let download = aw!(files.download("file_br")).unwrap();
    assert_eq!(aw!(download.bytes()).unwrap(), b"as sent");
}

pub async fn corrupt_or_truncated_compressed_downloads_are_errors() {
    let server = MockServer::start();
    let client = client(&server);
    let doc = document();
    let files = client.beta().files();
    for body in [corrupt(&doc), truncated(&doc)] {
        server.enqueue(gzipped("application/octet-stream", body.clone()));
        let download = aw!(files.download("file_bad")).unwrap();
        let Err(err) = aw!(download.bytes()) else {
            panic!("a corrupt body read as bytes")
        };
        assert!(is_decode_failure(&err), "{err:?}");
        server.enqueue(gzipped("application/json", body));
        let response = aw!(client
            .models()
            .with_streaming_response()
            .retrieve("claude-bad"))
        .unwrap();
        let err = aw!(response.parse()).unwrap_err();
        assert!(is_decode_failure(&err), "{err:?}");
    }
    assert_eq!(
        server.request_count(),
        4,
        "a failure after the head is not retried"
    );
}

fn sse_body(text: &str) -> Vec<u8> {
    sse::encode_all(
        &sse::text_message("m", text, 7),
        anthropic_mock::LineEnding::Lf,
    )
}

pub async fn a_compressed_event_stream_is_inflated_before_the_decoder() {
    let server = MockServer::start();
    let client = client(&server);
    let text = "a gzip-encoded event stream, inflated as it arrives ".repeat(40);
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hi");
    server.enqueue(
        MockResponse::sse_raw(compress("gzip", &sse_body(&text)))
            .chunk_size(13)
            .header("content-encoding", "gzip"),
    );
    let events = aw!(aw!(client.messages().create_stream(&params))
        .unwrap()
        .collect::<Vec<_>>());
    let mut got = String::new();
    for event in &events {
        if let Ok(StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { text, .. },
            ..
        }) = event
        {
            got.push_str(text);
        }
    }
    assert!(events.iter().all(Result::is_ok), "{events:?}");
    assert_eq!(got, text);
    // Cut short: the inflater says so. Corrupt mid-body: the garbage inflated before the
    // checksum may trip the event decoder first; either way the stream ends in an error.
    for (body, decode_failure) in [
        (truncated(&sse_body(&text)), true),
        (corrupt(&sse_body(&text)), false),
    ] {
        server.enqueue(MockResponse::sse_raw(body).header("content-encoding", "gzip"));
        let events = aw!(aw!(client.messages().create_stream(&params))
            .unwrap()
            .collect::<Vec<_>>());
        let err = events.last().unwrap().as_ref().unwrap_err();
        assert!(!decode_failure || is_decode_failure(err), "{err:?}");
    }
}

const RESULT_LINE: &str = r#"{"custom_id":"r","result":{"type":"expired"}}"#;

fn scripted_results(server: &MockServer, body: Vec<u8>) {
    server.enqueue_for(
        "/v1/messages/batches/msgbatch_gz",
        MockResponse::json(
            200,
            json!({
                "id": "msgbatch_gz", "type": "message_batch", "processing_status": "ended",
                "request_counts": {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 500},
                "created_at": "2025-01-01T00:00:00Z", "expires_at": "2025-01-02T00:00:00Z",
                "ended_at": "2025-01-01T00:01:00Z",
                "results_url": format!("{}/results/gz", server.url()),
            }),
        ),
    );
    server.enqueue_for("/results/gz", gzipped("application/binary", body));
}

pub async fn compressed_batch_results_are_inflated_line_by_line() {
    let server = MockServer::start();
    let client = client(&server);
    let lines: Vec<u8> = (0..500)
        .map(|i| RESULT_LINE.replace("\"r\"", &format!("\"r{i}\"")) + "\n")
        .collect::<String>()
        .into_bytes();
    scripted_results(&server, compress("gzip", &lines));
    let results = aw!(aw!(client.messages().batches().results("msgbatch_gz"))
        .unwrap()
        .collect::<Vec<_>>());
    assert_eq!(results.len(), 500, "{:?}", results.first());
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result.as_ref().unwrap().custom_id, format!("r{i}"));
    }
    scripted_results(&server, corrupt(&lines));
    let results = aw!(aw!(client.messages().batches().results("msgbatch_gz"))
        .unwrap()
        .collect::<Vec<_>>());
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert!(is_decode_failure(err), "{err:?}");
}
