//! The async stream helper on each runtime, against the mock server.

use std::time::Duration;

use anthropic::stream::{Derived, StreamError};
use anthropic::types::{ContentBlock, MessageCreateParams, Model};
use anthropic::{ApiErrorKind, ClientConfig, Error, RequestOptions, Timeout};
use anthropic_mock::{MockResponse, MockServer, sse};

fn config(server: &MockServer) -> ClientConfig {
    ClientConfig::new()
        .with_api_key("sk-ant-test")
        .with_base_url(server.url())
        .with_timeout(Timeout::uniform(Duration::from_secs(5)))
}

fn params(text: &str) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(text)
}

/// The checks, written once over the generic async client.
async fn helper_checks<R: anthropic::async_client::Runtime + Default>() {
    let server = MockServer::start();
    let client = anthropic::async_client::Client::<R>::new(config(&server)).unwrap();

    // text_stream, then the final message and text.
    let mut stream = client
        .messages()
        .stream(&params("Write a poem"))
        .await
        .unwrap();
    let mut text = String::new();
    let mut pieces = stream.text_stream();
    while let Some(piece) = pieces.next_text().await {
        text.push_str(&piece.unwrap());
    }
    assert_eq!(
        text,
        "Hello! This is the mock Claude server. You said: Write a poem"
    );
    assert_eq!(stream.final_message().await.unwrap().text(), text);
    assert_eq!(stream.final_text().await.unwrap(), text);
    assert_eq!(
        server
            .last_request()
            .unwrap()
            .header("x-stainless-helper-method"),
        Some("stream")
    );

    // Derived events with growing snapshots; tool input parsed.
    server.enqueue(MockResponse::sse(sse::tool_use_message(
        "get_weather",
        r#"{"city": "Paris", "days": [1, 2]}"#,
        7,
    )));
    let mut stream = client.messages().stream(&params("weather")).await.unwrap();
    let mut last_input = None;
    while let Some(item) = stream.next_with_derived().await {
        if let (_, Some(Derived::InputJson { snapshot, .. })) = item.unwrap() {
            last_input = Some(snapshot.clone());
        }
    }
    assert_eq!(
        last_input,
        Some(serde_json::json!({"city": "Paris", "days": [1, 2]}))
    );
    let message = stream.final_message().await.unwrap();
    assert!(matches!(&message.content[0], ContentBlock::ToolUse(t) if t.input["city"] == "Paris"));
    assert!(matches!(
        stream.final_text().await,
        Err(Error::Stream(StreamError::NoTextBlock { .. }))
    ));

    // A truncated stream keeps the partial message.
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "partial text", 2),
    )));
    let mut stream = client.messages().stream(&params("x")).await.unwrap();
    match stream.final_message().await {
        Err(Error::Stream(StreamError::Incomplete {
            partial: Some(partial),
        })) => {
            assert_eq!(partial.text(), "partial text")
        }
        other => panic!("{other:?}"),
    }

    held_back_events_come_before_a_non_retried_error(&server, &client).await;
    fine_grained_beta_selects_the_tolerant_mode(&server, &client).await;
}

/// With `fine-grained-tool-streaming-2025-05-14` on a beta stream, tool input snapshots
/// show strings as they arrive (Python's beta helper); otherwise, or when the user says
/// so, the mode chosen.
async fn fine_grained_beta_selects_the_tolerant_mode<R: anthropic::async_client::Runtime>(
    server: &MockServer,
    client: &anthropic::async_client::Client<R>,
) {
    use anthropic::stream::PartialMode;
    let input = r#"{"city": "caf\u00e9 de Paris"}"#;
    let tool_stream = || MockResponse::sse(sse::tool_use_message("get", input, input.len()));
    let fine = params("x").beta("fine-grained-tool-streaming-2025-05-14");
    for (beta, params, explicit, shows_partial) in [
        (true, fine.clone(), None, true),
        (false, fine.clone(), None, false),
        (true, params("x"), None, false),
        (false, params("x"), Some(PartialMode::TrailingStrings), true),
    ] {
        server.enqueue(tool_stream());
        let messages = if beta {
            client.beta().messages()
        } else {
            client.messages()
        };
        let mut stream = messages.stream(&params).await.unwrap();
        if let Some(mode) = explicit {
            stream = stream.with_partial_mode(mode);
        }
        let mut snapshots = Vec::new();
        while let Some(item) = stream.next_with_derived().await {
            if let (_, Some(Derived::InputJson { snapshot, .. })) = item.unwrap() {
                snapshots.push(snapshot.clone());
            }
        }
        assert_eq!(
            snapshots.contains(&serde_json::json!({"city": "caf"})),
            shows_partial,
            "beta {beta}: {snapshots:?}"
        );
        let message = stream.final_message().await.unwrap();
        assert!(
            matches!(&message.content[0], ContentBlock::ToolUse(t) if t.input["city"] == "café de Paris")
        );
    }
}

/// Whether an error is the one expected.
type ErrorCheck = fn(&Error) -> bool;

/// `message_start` and `content_block_start` of a text stream, then `last`.
fn opening_then(last: sse::SseEvent) -> Vec<sse::SseEvent> {
    let mut events: Vec<_> = sse::text_message("m", "never seen", 2)
        .into_iter()
        .take(2)
        .collect();
    events.push(last);
    events
}

/// The events held back until content (for a retry before content) are delivered, in
/// order, before an error that is not retried; raw streams and the helper alike.
async fn held_back_events_come_before_a_non_retried_error<R: anthropic::async_client::Runtime>(
    server: &MockServer,
    client: &anthropic::async_client::Client<R>,
) {
    let cases: [(sse::SseEvent, u32, ErrorCheck); 3] = [
        (sse::error_event("invalid_request_error", "bad"), 2, |e| {
            e.as_api()
                .is_some_and(|a| a.kind() == ApiErrorKind::BadRequest)
        }),
        (sse::error_event("overloaded_error", "Overloaded"), 0, |e| {
            e.as_api()
                .is_some_and(|a| a.kind() == ApiErrorKind::Overloaded)
        }),
        (sse::SseEvent::new("content_block_delta", "{bad"), 2, |e| {
            matches!(e, Error::Stream(StreamError::EventDataNotJson { .. }))
        }),
    ];
    for (last, retries, expected) in cases {
        let before = server.request_count();
        let options = RequestOptions::new().max_retries(retries);
        server.enqueue(MockResponse::sse(opening_then(last.clone())));
        let mut stream = client
            .messages()
            .with_options(options.clone())
            .create_stream(&params("x"))
            .await
            .unwrap();
        let mut names = Vec::new();
        let error = loop {
            match stream.next_event().await {
                Some(Ok(event)) => names.push(event.event_name().unwrap_or("").to_owned()),
                Some(Err(e)) => break e,
                None => panic!("no error after {names:?}"),
            }
        };
        assert_eq!(names, ["message_start", "content_block_start"]);
        assert!(expected(&error), "{error:?}");
        assert!(stream.next_event().await.is_none());

        server.enqueue(MockResponse::sse(opening_then(last)));
        let mut stream = client
            .messages()
            .with_options(options)
            .stream(&params("x"))
            .await
            .unwrap();
        let error = stream.final_message().await.unwrap_err();
        assert!(expected(&error), "{error:?}");
        let snapshot = stream.current_message_snapshot().unwrap();
        assert_eq!(snapshot.content.len(), 1);
        assert_eq!(server.request_count(), before + 2);
    }
}

#[test]
fn stream_helper_on_tokio() {
    // `block_on` polls on this thread either way; the facade's `tokio` feature has `rt`.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(helper_checks::<anthropic_tokio::Tokio>());
}

#[test]
fn stream_helper_on_smol() {
    smol::block_on(helper_checks::<anthropic_smol::Smol>());
}

#[test]
fn stream_helper_on_async_std() {
    async_std::task::block_on(helper_checks::<anthropic_async_std::AsyncStd>());
}
