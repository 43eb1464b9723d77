//! The cases, by topic. Each is a `pub fn name<S: Subject>()` that panics on failure;
//! [`client_cases!`](crate::client_cases) makes one `#[test]` of each per client.

pub mod connections;
pub mod faults;
pub mod helper;
pub mod proxies;
pub mod proxy_env;
pub mod requests;
pub mod retries;
pub mod secrets;
pub mod soak;
pub mod streams;
pub mod timeouts;
pub mod tls;

use std::time::Duration;

use anthropic_core::stream::{ContentDelta, StreamEvent};
use anthropic_core::types::{MessageCreateParams, MessageParam, Model};
use anthropic_core::{ClientConfig, Error, Timeout, TransportConfig};
use anthropic_mock::MockServer;

use crate::subject::{Events, Subject};

/// The API key every case's client sends.
pub const KEY: &str = "sk-ant-test-key";

/// A configuration for `base_url` with the test key and 5-second timeouts, so that a
/// case that goes wrong fails instead of hanging.
pub fn config(base_url: impl AsRef<str>) -> ClientConfig {
    ClientConfig::new()
        .api_key(KEY)
        .base_url(base_url)
        .timeout(Timeout::uniform(Duration::from_secs(5)))
}

/// A client of `server` with [`config`] and the default transport, minus any proxy of
/// the environment (the cases' servers are local).
pub fn client<S: Subject>(server: &MockServer) -> S {
    client_with(server.url(), TransportConfig::default().proxy_direct())
}

/// A client of `base_url` with [`config`] and this transport.
pub fn client_with<S: Subject>(base_url: impl AsRef<str>, transport: TransportConfig) -> S {
    S::build(config(base_url), transport).unwrap_or_else(|e| panic!("{}: {e}", S::NAME))
}

/// The README's first request.
pub fn hello() -> MessageCreateParams {
    MessageCreateParams {
        model: Model::new("claude-sonnet-4-5"),
        max_tokens: 1024,
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    }
}

/// A request to stream.
pub fn story() -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Write a story")
}

/// A one-turn request saying `text`.
pub fn say(text: &str) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(text)
}

/// A complete `Message` body with this id, for scripted answers.
pub fn message_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "scripted"}],
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "usage": {"input_tokens": 1, "output_tokens": 1}
    })
}

/// What a stream gave: its text, the event types in order, and the error that ended it.
pub struct Collected {
    /// Every text delta, concatenated.
    pub text: String,
    /// The event types, in order.
    pub kinds: Vec<&'static str>,
    /// The error that ended the stream, if one did.
    pub error: Option<Error>,
}

/// Reads a stream to its end (or first error), taking its events owned and by
/// reference in turn, so that every case reading a stream runs both ways and their mix.
pub fn collect(mut stream: impl Events) -> Collected {
    let mut collected = Collected {
        text: String::new(),
        kinds: Vec::new(),
        error: None,
    };
    let mut by_ref = false;
    while let Some(event) = {
        by_ref = !by_ref;
        if by_ref {
            stream.next_event_ref()
        } else {
            stream.next_event()
        }
    } {
        match event {
            Ok(event) => {
                if let StreamEvent::ContentBlockDelta {
                    delta: ContentDelta::Text { text, .. },
                    ..
                } = &event
                {
                    collected.text.push_str(text);
                }
                collected.kinds.push(kind(&event));
            }
            Err(e) => {
                collected.error = Some(e);
                break;
            }
        }
    }
    collected
}

/// An event's type name.
pub fn kind(event: &StreamEvent) -> &'static str {
    match event {
        StreamEvent::MessageStart { .. } => "message_start",
        StreamEvent::ContentBlockStart { .. } => "content_block_start",
        StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
        StreamEvent::ContentBlockStop { .. } => "content_block_stop",
        StreamEvent::MessageDelta { .. } => "message_delta",
        StreamEvent::MessageStop { .. } => "message_stop",
        StreamEvent::Ping => "ping",
        _ => "unknown",
    }
}

/// The `x-stainless-retry-count` of every request the server got.
pub fn retry_counts(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.header("x-stainless-retry-count").unwrap_or("").to_owned())
        .collect()
}
