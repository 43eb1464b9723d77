//! Legacy Text Completions: `POST /v1/complete`, plain and streamed.
//!
//! The reply is the last `Human:` turn echoed back; streamed, it comes as `completion`
//! events (one per word) with a `ping` in between, the last carrying the stop reason.

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::script::MockResponse;
use crate::sse::SseEvent;
use crate::store::invalid;

pub(crate) fn handle(request: &CapturedRequest) -> MockResponse {
    if request.method != "POST" {
        return MockResponse::error(405, "invalid_request_error", "Method not allowed");
    }
    let body = request.json();
    let (Some(model), Some(prompt), Some(_)) = (
        body.get("model").and_then(Value::as_str),
        body.get("prompt").and_then(Value::as_str),
        body.get("max_tokens_to_sample").and_then(Value::as_u64),
    ) else {
        return invalid("model, prompt and max_tokens_to_sample are required");
    };
    if !prompt.starts_with("\n\nHuman:") || !prompt.trim_end().ends_with("Assistant:") {
        return invalid(
            "prompt must start with \"\\n\\nHuman:\" and end with \"\\n\\nAssistant:\"",
        );
    }
    let human = prompt
        .rsplit("\n\nHuman:")
        .next()
        .unwrap_or_default()
        .split("\n\nAssistant:")
        .next()
        .unwrap_or_default()
        .trim();
    let reply = format!(" You said: {human}");
    let id = format!(
        "compl_mock_{}",
        request.request_id.trim_start_matches("req_mock_")
    );
    let completion = |text: &str, stop: Option<&str>| json!({"type": "completion", "id": id, "completion": text, "stop_reason": stop, "model": model});
    if body.get("stream").and_then(Value::as_bool) != Some(true) {
        return MockResponse::json(200, completion(&reply, Some("stop_sequence")));
    }
    let words: Vec<&str> = reply.split_inclusive(' ').collect();
    let mut events = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        events.push(SseEvent::json(
            "completion",
            &completion(word, last.then_some("stop_sequence")),
        ));
        if i == 0 {
            events.push(SseEvent::json("ping", &json!({"type": "ping"})));
        }
    }
    MockResponse::sse(events)
}
