//! What the blocking client's loopback tests share: a client pointed at a mock server.

#![allow(dead_code)]

use std::time::Duration;

use anthropic_blocking::{Client, ClientConfig, Timeout};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::MockServer;

/// A client for `server` with a test key and a 5-second timeout (so that a test that
/// goes wrong fails instead of hanging).
pub fn client(server: &MockServer) -> Client {
    Client::new(
        ClientConfig::new()
            .with_api_key("sk-ant-test-key")
            .with_base_url(server.url())
            .with_timeout(Timeout::uniform(Duration::from_secs(5))),
    )
    .unwrap()
}

/// A one-turn request.
pub fn params(text: &str) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(text)
}

/// A complete `Message` body, for scripted answers.
pub fn message_json() -> serde_json::Value {
    serde_json::json!({
        "id": "msg_scripted",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "scripted"}],
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "usage": {"input_tokens": 1, "output_tokens": 1}
    })
}

/// A `Message` body with repeated keys at the top level, in `usage` and in a content
/// block: decoded, the last value of each wins (`msg_last`, 7 output tokens, "two").
pub const DUPLICATE_KEYS_MESSAGE: &str = r#"{"id":"msg_first","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"one","text":"two"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1,"output_tokens":7},"id":"msg_last"}"#;
