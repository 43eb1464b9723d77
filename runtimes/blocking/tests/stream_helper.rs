//! The stream helper (`client.messages().stream(..)`) against the mock server.

mod support;

use support::client;

use anthropic_blocking::Error;
use anthropic_core::stream::{Derived, StreamError};
use anthropic_core::types::{ContentBlock, MessageCreateParams, Model, StopReason, ThinkingConfig};
use anthropic_mock::{MockResponse, MockServer, sse};

fn params(text: &str) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(text)
}

#[test]
fn text_stream_then_final_message() {
    let server = MockServer::start();
    let mut stream = client(&server)
        .messages()
        .stream(&params("Write a poem"))
        .unwrap();
    let text: String = stream.text_stream().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        text,
        "Hello! This is the mock Claude server. You said: Write a poem"
    );
    let message = stream.final_message().unwrap();
    assert_eq!(message.text(), text);
    assert_eq!(message.stop_reason, Some(StopReason::EndTurn));
    assert!(message.usage.output_tokens > 0);
    assert_eq!(stream.final_text().unwrap(), text);
    let request = server.last_request().unwrap();
    assert_eq!(request.header("x-stainless-helper-method"), Some("stream"));
    assert_eq!(
        request.header("x-stainless-stream-helper"),
        Some("messages")
    );
    assert_eq!(request.json()["stream"], true);
}

#[test]
fn derived_events_carry_growing_snapshots() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message(
        "m",
        "one two three",
        3,
    )));
    let mut stream = client(&server).messages().stream(&params("x")).unwrap();
    let mut snapshots = Vec::new();
    let mut final_text = None;
    while let Some(item) = stream.next_with_derived() {
        match item.unwrap().1 {
            Some(Derived::Text { snapshot, .. }) => snapshots.push(snapshot.to_owned()),
            Some(Derived::MessageStop { message }) => final_text = Some(message.text()),
            _ => {}
        }
    }
    assert_eq!(snapshots.last().map(String::as_str), Some("one two three"));
    assert!(
        snapshots
            .windows(2)
            .all(|w| w[1].starts_with(&w[0]) && w[1].len() > w[0].len())
    );
    assert_eq!(final_text.as_deref(), Some("one two three"));
}

#[test]
fn thinking_and_tool_input_accumulate() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::thinking_message(
        "Let me think.",
        "sig-123",
        "The answer is 4.",
    )));
    let message = client(&server)
        .messages()
        .stream(&params("2+2?").thinking(ThinkingConfig::enabled(2048)))
        .unwrap()
        .final_message()
        .unwrap();
    match &message.content[0] {
        ContentBlock::Thinking(t) => {
            assert_eq!(t.thinking, "Let me think.");
            assert_eq!(t.signature, "sig-123");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(message.text(), "The answer is 4.");

    server.enqueue(MockResponse::sse(sse::tool_use_message(
        "get_weather",
        r#"{"location": "San Francisco, CA", "unit": "°F", "days": [1, 2, 3]}"#,
        9,
    )));
    let mut stream = client(&server)
        .messages()
        .stream(&params("weather?"))
        .unwrap();
    let message = stream.final_message().unwrap();
    let call = message.tool_uses().next().unwrap();
    assert_eq!(call.name, "get_weather");
    assert_eq!(
        call.input,
        serde_json::json!({"location": "San Francisco, CA", "unit": "°F", "days": [1, 2, 3]})
    );
    let err = stream.final_text().unwrap_err();
    assert!(
        matches!(err, Error::Stream(StreamError::NoTextBlock { ref block_types }) if block_types == "tool_use"),
        "{err:?}"
    );
}

#[test]
fn a_truncated_stream_keeps_the_partial_message() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "all of this text", 4),
    )));
    let mut stream = client(&server).messages().stream(&params("x")).unwrap();
    match stream.final_message() {
        Err(Error::Stream(StreamError::Incomplete {
            partial: Some(partial),
        })) => {
            assert_eq!(partial.text(), "all of this text");
        }
        other => panic!("{other:?}"),
    }
    // Asking again gives the same verdict, not a message that looks complete.
    assert!(matches!(
        stream.final_message(),
        Err(Error::Stream(StreamError::Incomplete { .. }))
    ));
}

#[test]
fn overload_before_content_is_retried_by_the_helper_too() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::insert_error(
        sse::text_message("m", "lost", 1),
        "content_block_start",
        sse::error_event("overloaded_error", "Overloaded"),
    )));
    let text = client(&server)
        .messages()
        .stream(&params("again"))
        .unwrap()
        .final_text()
        .unwrap();
    assert!(text.ends_with("You said: again"));
    assert_eq!(server.request_count(), 2);
}
