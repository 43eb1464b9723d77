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

#[test]
fn the_helper_accumulates_the_events_before_a_non_retried_error() {
    let server = MockServer::start();
    let mut events: Vec<_> = sse::text_message("m", "never seen", 2)
        .into_iter()
        .take(2)
        .collect();
    events.push(sse::error_event("invalid_request_error", "bad"));
    server.enqueue(MockResponse::sse(events));
    let mut stream = client(&server).messages().stream(&params("x")).unwrap();
    let first = stream.next_event().unwrap().unwrap();
    assert!(matches!(
        first,
        anthropic_core::stream::StreamEvent::MessageStart { .. }
    ));
    assert!(stream.next_event().unwrap().is_ok());
    let error = stream.next_event().unwrap().unwrap_err();
    assert!(error.as_api().is_some(), "{error:?}");
    assert!(stream.next_event().is_none());
    let snapshot = stream.current_message_snapshot().unwrap();
    assert_eq!(snapshot.id, "msg_mock_stream");
    assert_eq!(snapshot.content.len(), 1);
}

/// The `input_json` snapshots of a tool stream whose `city` is cut inside an escape.
fn city_snapshots(stream: &mut anthropic_blocking::MessageStream) -> Vec<serde_json::Value> {
    let mut snapshots = Vec::new();
    while let Some(item) = stream.next_with_derived() {
        if let (_, Some(Derived::InputJson { snapshot, .. })) = item.unwrap() {
            snapshots.push(snapshot.clone());
        }
    }
    assert_eq!(
        stream
            .final_message()
            .unwrap()
            .tool_uses()
            .next()
            .unwrap()
            .input,
        serde_json::json!({"city": "café de Paris"})
    );
    snapshots
}

fn tool_stream() -> MockResponse {
    let input = r#"{"city": "caf\u00e9 de Paris"}"#;
    MockResponse::sse(sse::tool_use_message("get_weather", input, input.len()))
}

const FINE_GRAINED: &str = "fine-grained-tool-streaming-2025-05-14";

#[test]
fn the_fine_grained_beta_selects_the_tolerant_partial_json_mode_as_python_does() {
    use anthropic_core::stream::PartialMode;
    let server = MockServer::start();
    let client = client(&server);
    let trailing_city = serde_json::json!({"city": "caf"});

    // Beta helper with the beta (in the params, or in the user's own header): strings
    // show as they arrive, a dangling escape dropped.
    for (params, options) in [
        (
            params("x").beta(FINE_GRAINED),
            anthropic_blocking::RequestOptions::new(),
        ),
        (
            params("x"),
            anthropic_blocking::RequestOptions::new().header(
                "anthropic-beta",
                format!("files-api-2025-04-14,{FINE_GRAINED}"),
            ),
        ),
    ] {
        server.enqueue(tool_stream());
        let mut stream = client
            .beta()
            .messages()
            .with_options(options)
            .stream(&params)
            .unwrap();
        assert_eq!(stream.partial_mode(), PartialMode::TrailingStrings);
        let snapshots = city_snapshots(&mut stream);
        assert!(snapshots.contains(&trailing_city), "{snapshots:?}");
    }

    // Without the beta, and on the GA helper even with it (Python's stable helper never
    // switches): a string shows only once closed.
    for (beta, params) in [(true, params("x")), (false, params("x").beta(FINE_GRAINED))] {
        server.enqueue(tool_stream());
        let messages = if beta {
            client.beta().messages()
        } else {
            client.messages()
        };
        let mut stream = messages.stream(&params).unwrap();
        assert_eq!(stream.partial_mode(), PartialMode::On);
        let snapshots = city_snapshots(&mut stream);
        assert!(
            snapshots.iter().all(|s| s == &serde_json::json!({})
                || s == &serde_json::json!({"city": "café de Paris"})),
            "{snapshots:?}"
        );
    }

    // An explicit choice wins.
    server.enqueue(tool_stream());
    let mut stream = client
        .messages()
        .stream(&params("x"))
        .unwrap()
        .with_partial_mode(PartialMode::TrailingStrings);
    assert!(city_snapshots(&mut stream).contains(&trailing_city));
}
