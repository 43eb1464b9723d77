//! The async stream helper on each runtime, against the mock server.

use std::time::Duration;

use anthropic::stream::{Derived, StreamError};
use anthropic::types::{ContentBlock, MessageCreateParams, Model};
use anthropic::{ClientConfig, Error, Timeout};
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
