//! Raw event streams from the blocking client against the mock server over loopback.

mod support;

use support::client;

use std::time::Duration;

use anthropic_blocking::{ApiErrorKind, Error, RequestOptions, Timeout};
use anthropic_core::stream::{ContentDelta, StreamError, StreamEvent};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::sse::{self, LineEnding};
use anthropic_mock::{MockResponse, MockServer};

fn params() -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Write a story")
}

/// Collects the streamed text and the events' types, or the first error.
fn collect(
    stream: impl Iterator<Item = Result<StreamEvent, Error>>,
) -> (String, Vec<&'static str>, Option<Error>) {
    let mut text = String::new();
    let mut kinds = Vec::new();
    for event in stream {
        match event {
            Ok(event) => {
                if let StreamEvent::ContentBlockDelta {
                    delta: ContentDelta::Text { text: t },
                    ..
                } = &event
                {
                    text.push_str(t);
                }
                kinds.push(match event {
                    StreamEvent::MessageStart { .. } => "message_start",
                    StreamEvent::ContentBlockStart { .. } => "content_block_start",
                    StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
                    StreamEvent::ContentBlockStop { .. } => "content_block_stop",
                    StreamEvent::MessageDelta { .. } => "message_delta",
                    StreamEvent::MessageStop => "message_stop",
                    StreamEvent::Ping => "ping",
                    _ => "unknown",
                });
            }
            Err(e) => return (text, kinds, Some(e)),
        }
    }
    (text, kinds, None)
}

#[test]
fn a_full_stream_from_the_default_mock() {
    let server = MockServer::start();
    let stream = client(&server).messages().create_stream(&params()).unwrap();
    assert_eq!(stream.request_id(), Some("req_mock_1"));
    let (text, kinds, error) = collect(stream);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        text,
        "Hello! This is the mock Claude server. You said: Write a story"
    );
    assert_eq!(kinds.first(), Some(&"message_start"));
    assert_eq!(kinds.last(), Some(&"message_stop"));
    assert_eq!(server.last_request().unwrap().json()["stream"], true);
}

#[test]
fn one_byte_chunks_and_every_line_ending_give_the_same_events() {
    let events = sse::text_message(
        "claude-sonnet-4-5",
        "Once upon a time, in a land far away",
        7,
    );
    let mut results = Vec::new();
    for (chunk, ending) in [
        (1, LineEnding::Lf),
        (1, LineEnding::CrLf),
        (3, LineEnding::Cr),
        (4096, LineEnding::CrLf),
    ] {
        let server = MockServer::start();
        server.enqueue(
            MockResponse::sse(events.clone())
                .chunk_size(chunk)
                .line_ending(ending),
        );
        let (text, kinds, error) =
            collect(client(&server).messages().create_stream(&params()).unwrap());
        assert!(error.is_none(), "{error:?}");
        results.push((text, kinds));
    }
    assert_eq!(results[0].0, "Once upon a time, in a land far away");
    assert!(results.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn an_error_status_is_returned_by_the_call_with_its_body() {
    let server = MockServer::start();
    server.enqueue(MockResponse::error(
        400,
        "invalid_request_error",
        "max_tokens: too large",
    ));
    let err = client(&server)
        .messages()
        .create_stream(&params())
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::BadRequest);
    assert_eq!(api.error_message(), Some("max_tokens: too large"));
}

#[test]
fn overloaded_before_any_content_is_retried() {
    let server = MockServer::start();
    let overloaded = sse::insert_error(
        sse::text_message("claude-sonnet-4-5", "never seen", 2),
        "content_block_delta",
        sse::error_event("overloaded_error", "Overloaded"),
    );
    server.enqueue(MockResponse::sse(overloaded));
    let stream = client(&server).messages().create_stream(&params()).unwrap();
    let (text, kinds, error) = collect(stream);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(server.request_count(), 2);
    assert!(text.starts_with("Hello! This is the mock Claude server."));
    assert_eq!(kinds.iter().filter(|k| **k == "message_start").count(), 1);
    let counts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("x-stainless-retry-count").unwrap().to_owned())
        .collect();
    assert_eq!(counts, ["0", "1"]);
}

#[test]
fn an_error_after_content_is_a_typed_error_not_a_retry() {
    let server = MockServer::start();
    let events = sse::text_message("claude-sonnet-4-5", "one two three four", 4);
    let cut = events
        .iter()
        .rposition(|e| e.name() == Some("content_block_stop"))
        .unwrap();
    let mut events = events[..cut].to_vec();
    events.push(sse::error_event("overloaded_error", "Overloaded"));
    server.enqueue(MockResponse::sse(events));
    let (text, _, error) = collect(client(&server).messages().create_stream(&params()).unwrap());
    assert_eq!(text, "one two three four");
    let error = error.expect("an error");
    let api = error.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::Overloaded);
    assert_eq!(api.status().as_u16(), 200);
    assert_eq!(api.request_id(), Some("req_mock_1"));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_stream_without_message_stop_is_an_error() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "cut short", 2),
    )));
    let (text, _, error) = collect(client(&server).messages().create_stream(&params()).unwrap());
    assert_eq!(text, "cut short");
    assert!(
        matches!(error, Some(Error::Stream(StreamError::Incomplete { .. }))),
        "{error:?}"
    );
}

#[test]
fn a_connection_dropped_mid_stream_is_an_error() {
    let events = sse::text_message("m", "alpha beta gamma delta epsilon", 5);
    let body = sse::encode_all(&events, LineEnding::Lf);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(events).close_after(body.len() * 2 / 3));
    let (text, _, error) = collect(client(&server).messages().create_stream(&params()).unwrap());
    assert!(!text.is_empty());
    assert!(
        matches!(
            error,
            Some(Error::Connection(_)) | Some(Error::Stream(StreamError::Incomplete { .. }))
        ),
        "{error:?}"
    );
}

#[test]
fn a_stall_after_content_hits_the_read_timeout() {
    let server = MockServer::start();
    let events = sse::text_message("m", "slow and then silent for a while", 6);
    let len = sse::encode_all(&events, LineEnding::Lf).len();
    server.enqueue(MockResponse::sse(events).stall_after(len * 2 / 3, Duration::from_secs(5)));
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client(&server)
        .messages()
        .with_options(options)
        .create_stream(&params())
        .unwrap();
    let (text, _, error) = collect(stream);
    assert!(!text.is_empty());
    assert!(matches!(error, Some(Error::Timeout(_))), "{error:?}");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_stall_before_content_is_retried() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::sse(sse::text_message("m", "never", 2))
            .stall_after(100, Duration::from_secs(5)),
    );
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client(&server)
        .messages()
        .with_options(options)
        .create_stream(&params())
        .unwrap();
    let (text, _, error) = collect(stream);
    assert!(error.is_none(), "{error:?}");
    assert!(text.starts_with("Hello! This is the mock Claude server."));
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_one_mebibyte_delta_arrives_whole() {
    let big = "x".repeat(1 << 20);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message("m", &big, 1)).chunk_size(8192));
    let (text, _, error) = collect(client(&server).messages().create_stream(&params()).unwrap());
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text.len(), big.len());
}
