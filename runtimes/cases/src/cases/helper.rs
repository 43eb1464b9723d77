//! The stream helper (`messages().stream(..)`): text as it arrives, derived events with
//! snapshots, accumulation of thinking and tool input, and the final message.

use anthropic_core::Error;
use anthropic_core::stream::{PartialMode, StreamError};
use anthropic_core::types::{ContentBlock, StopReason, ThinkingConfig};
use anthropic_mock::{MockResponse, MockServer, sse};

use super::{client, say};
use crate::subject::{Helper, Seen, Subject, beta, ga};

/// `text_stream`, then the final message and text; the helper's headers are sent.
pub fn text_stream_then_final_message<S: Subject>() {
    let server = MockServer::start();
    let mut stream = client::<S>(&server)
        .stream(ga(), &say("Write a poem"))
        .unwrap();
    assert_eq!(stream.request_id().as_deref(), Some("req_mock_1"));
    let mut text = String::new();
    while let Some(piece) = stream.next_text() {
        text.push_str(&piece.unwrap());
    }
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

/// Text snapshots grow with every delta; `message_stop` carries the whole message.
pub fn derived_events_carry_growing_snapshots<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message(
        "m",
        "one two three",
        3,
    )));
    let mut stream = client::<S>(&server).stream(ga(), &say("x")).unwrap();
    let mut snapshots = Vec::new();
    let mut final_text = None;
    while let Some(item) = stream.next_derived() {
        match item.unwrap().1 {
            Seen::Text(snapshot) => snapshots.push(snapshot),
            Seen::MessageStop(message) => final_text = Some(message.text()),
            _ => {}
        }
    }
    assert_eq!(snapshots.len(), 3);
    assert_eq!(snapshots.last().map(String::as_str), Some("one two three"));
    assert!(
        snapshots
            .windows(2)
            .all(|w| w[1].starts_with(&w[0]) && w[1].len() > w[0].len())
    );
    assert_eq!(final_text.as_deref(), Some("one two three"));
}

/// Thinking with its signature, and tool input parsed from its JSON deltas (with a
/// parsed snapshot on the way); `final_text` of a tool-only message names its blocks.
pub fn thinking_and_tool_input_accumulate<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    server.enqueue(MockResponse::sse(sse::thinking_message(
        "Let me think.",
        "sig-123",
        "The answer is 4.",
    )));
    let message = client
        .stream(ga(), &say("2+2?").thinking(ThinkingConfig::enabled(2048)))
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

    let input = r#"{"location": "San Francisco, CA", "unit": "°F", "days": [1, 2, 3]}"#;
    server.enqueue(MockResponse::sse(sse::tool_use_message(
        "get_weather",
        input,
        9,
    )));
    let mut stream = client.stream(ga(), &say("weather?")).unwrap();
    let mut last_input = None;
    while let Some(item) = stream.next_derived() {
        if let (_, Seen::InputJson(snapshot)) = item.unwrap() {
            last_input = Some(snapshot);
        }
    }
    let expected: serde_json::Value = serde_json::from_str(input).unwrap();
    assert_eq!(last_input.as_ref(), Some(&expected));
    let message = stream.final_message().unwrap();
    let call = message.tool_uses().next().unwrap();
    assert_eq!(call.name, "get_weather");
    assert_eq!(call.input, expected);
    let err = stream.final_text().unwrap_err();
    assert!(
        matches!(err, Error::Stream(StreamError::NoTextBlock { ref block_types }) if block_types == "tool_use"),
        "{err:?}"
    );
}

/// `text_stream` gives only the text, while the thinking and tool input it passes over
/// still reach the message; read a byte at a time and whole. A stream cut short ends the
/// text with the partial message.
pub fn text_stream_passes_over_other_deltas_but_keeps_them<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let input = r#"{"city": "Paris", "note": "a \"quoted\" word"}"#;
    let blocks = [
        sse::Block::Thinking {
            thinking: "Let me think.".into(),
            signature: "sig-9".into(),
        },
        sse::Block::Text("Four, then.".into()),
        sse::Block::ToolUse {
            id: "toolu_1".into(),
            name: "lookup".into(),
            input_json: input.into(),
        },
    ];
    let events = sse::message_events("m", sse::DEFAULT_MODEL, &blocks, "tool_use", 10, 4);
    for chunk in [4096, 1] {
        server.enqueue(MockResponse::sse(events.clone()).chunk_size(chunk));
        let mut stream = client.stream(ga(), &say("2+2?")).unwrap();
        let mut pieces = Vec::new();
        while let Some(piece) = stream.next_text() {
            pieces.push(piece.unwrap());
        }
        assert_eq!(pieces.concat(), "Four, then.", "chunk {chunk}");
        assert!(pieces.len() > 1, "chunk {chunk}: {pieces:?}");
        let message = stream.final_message().unwrap();
        match &message.content[0] {
            ContentBlock::Thinking(t) => {
                assert_eq!(
                    (t.thinking.as_str(), t.signature.as_str()),
                    ("Let me think.", "sig-9")
                );
            }
            other => panic!("chunk {chunk}: {other:?}"),
        }
        let call = message.tool_uses().next().expect("the tool block");
        assert_eq!(
            call.input,
            serde_json::from_str::<serde_json::Value>(input).unwrap()
        );
    }

    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "cut short here", 3),
    )));
    let mut stream = client.stream(ga(), &say("x")).unwrap();
    let mut text = String::new();
    let end = loop {
        match stream.next_text() {
            Some(Ok(piece)) => text.push_str(&piece),
            other => break other,
        }
    };
    assert_eq!(text, "cut short here");
    match end {
        Some(Err(Error::Stream(StreamError::Incomplete {
            partial: Some(partial),
        }))) => assert_eq!(partial.text(), "cut short here"),
        other => panic!("{other:?}"),
    }
    assert!(stream.next_text().is_none());
}

/// A stream cut before `message_stop` keeps the partial message, and says so again when
/// asked again.
pub fn a_truncated_stream_keeps_the_partial_message<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "all of this text", 4),
    )));
    let mut stream = client::<S>(&server).stream(ga(), &say("x")).unwrap();
    match stream.final_message() {
        Err(Error::Stream(StreamError::Incomplete {
            partial: Some(partial),
        })) => assert_eq!(partial.text(), "all of this text"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        stream.final_message(),
        Err(Error::Stream(StreamError::Incomplete { .. }))
    ));
}

/// The helper retries an overload before content like the raw stream does.
pub fn overload_before_content_is_retried_by_the_helper_too<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::insert_error(
        sse::text_message("m", "lost", 1),
        "content_block_start",
        sse::error_event("overloaded_error", "Overloaded"),
    )));
    let text = client::<S>(&server)
        .stream(ga(), &say("again"))
        .unwrap()
        .final_text()
        .unwrap();
    assert!(text.ends_with("You said: again"), "{text}");
    assert_eq!(server.request_count(), 2);
}

/// With `fine-grained-tool-streaming-2025-05-14` on a beta stream, tool-input snapshots
/// show strings as they arrive (Python's beta helper parses in its tolerant mode); the GA
/// helper, or a beta stream without that beta, does not; a user's explicit mode wins.
pub fn the_fine_grained_beta_selects_the_tolerant_partial_json_mode<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let input = r#"{"city": "caf\u00e9 de Paris"}"#;
    let fine = say("x").beta("fine-grained-tool-streaming-2025-05-14");
    for (req, params, explicit, shows_partial) in [
        (beta(), fine.clone(), None, true),
        (ga(), fine.clone(), None, false),
        (beta(), say("x"), None, false),
        (ga(), say("x"), Some(PartialMode::TrailingStrings), true),
    ] {
        server.enqueue(MockResponse::sse(sse::tool_use_message(
            "get",
            input,
            input.len(),
        )));
        let label = format!("{} beta {} explicit {explicit:?}", S::NAME, req.beta);
        let mut stream = client.stream(req, &params).unwrap();
        if let Some(mode) = explicit {
            stream = stream.partial_mode(mode);
        }
        let mut snapshots = Vec::new();
        while let Some(item) = stream.next_derived() {
            if let (_, Seen::InputJson(snapshot)) = item.unwrap() {
                snapshots.push(snapshot);
            }
        }
        assert_eq!(
            snapshots.contains(&serde_json::json!({"city": "caf"})),
            shows_partial,
            "{label}: {snapshots:?}"
        );
        let message = stream.final_message().unwrap();
        assert!(
            matches!(&message.content[0], ContentBlock::ToolUse(t) if t.input["city"] == "café de Paris"),
            "{label}"
        );
    }
}
