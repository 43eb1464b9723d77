//! The default behavior: what the server answers when nothing is scripted, shaped like the
//! real Claude API and fully deterministic.
//!
//! | request | answer |
//! |---|---|
//! | no `x-api-key` and no `authorization` header | 401 `authentication_error` |
//! | `POST /v1/messages` (`?beta=true` too) | a `Message` (or its SSE stream when `"stream": true`) |
//! | `POST /v1/messages/count_tokens` | `{"input_tokens": N}` |
//! | `GET /v1/models` | a page of [`MODELS`] honoring `limit`, `after_id`, `before_id` |
//! | `GET /v1/models/{id}` | that model (a dateless alias resolves), or 404 |
//! | anything else | 404 `not_found_error` |
//!
//! A message's reply depends on the request:
//! - text: `Hello! This is the mock Claude server. You said: <last user text>` (the user
//!   text cut at 200 characters), or `Thanks, the tool returned: <content>` when the last
//!   user turn carries a `tool_result`; cut to `max_tokens` words with
//!   `stop_reason: "max_tokens"` when longer;
//! - with `tools` and `tool_choice` `{"type":"any"}` or `{"type":"tool","name":..}`: one
//!   `tool_use` block for the first (or named) tool, its input built from the tool's
//!   `input_schema` (strings `"example"`, numbers `1`, booleans `true`, first `enum`
//!   value), `stop_reason: "tool_use"`;
//! - with `thinking` `{"type":"enabled"}` (or `adaptive`): a signed thinking block first.
//! - a tool runner's turn (or one with `x-mock-tool-calls`), and any request with an
//!   `output_format`: see [`crate::conversation`].
//!
//! Streamed, text and thinking arrive word by word and tool input in pieces of about
//! eight characters.
//!
//! # A long stream for benchmarks: `x-mock-stream-deltas`
//!
//! A streamed request carrying the header `x-mock-stream-deltas: N` (1 to
//! [`MAX_STREAM_DELTAS`]) gets a text reply of exactly `N` `text_delta` events: the words
//! of the usual reply, repeated in order (each word followed by a space) until there are
//! `N`, one word per delta; `max_tokens` does not cut it and the `stop_reason` is
//! `end_turn`. Everything else about the stream (the events around the deltas, the
//! thinking block, a forced tool, which then replaces the text as usual) is unchanged.
//! Any HTTP client can ask for it (the SDKs through their default-headers setting), so
//! one server run serves the same bytes to every client under test. The body goes out in
//! HTTP chunks of [`STREAM_DELTAS_CHUNK`] bytes (events cut across chunk edges, as a busy
//! server's writes cut them); it is built directly as bytes, so even a long stream costs
//! the server milliseconds. The
//! header is ignored without `"stream": true`; a value that is not a number in range is
//! a 400 `invalid_request_error`. Token counts are derived from sizes: input tokens are a quarter of
//! the byte length of `system`, `messages` and `tools` (at least 1); output tokens are
//! about one per word.

use serde_json::{Map, Value, json};

use crate::capture::CapturedRequest;
use crate::conversation;
use crate::script::MockResponse;
use crate::sse::{self, Block, LineEnding, SseEvent};

/// The models the default `GET /v1/models` lists, newest first:
/// `(id, display_name, created_at)`.
pub const MODELS: &[(&str, &str, &str)] = &[
    (
        "claude-opus-4-5-20251101",
        "Claude Opus 4.5",
        "2025-11-24T00:00:00Z",
    ),
    (
        "claude-haiku-4-5-20251001",
        "Claude Haiku 4.5",
        "2025-10-15T00:00:00Z",
    ),
    (
        "claude-sonnet-4-5-20250929",
        "Claude Sonnet 4.5",
        "2025-09-29T00:00:00Z",
    ),
    (
        "claude-opus-4-1-20250805",
        "Claude Opus 4.1",
        "2025-08-05T00:00:00Z",
    ),
    (
        "claude-sonnet-4-20250514",
        "Claude Sonnet 4",
        "2025-05-22T00:00:00Z",
    ),
    (
        "claude-3-5-haiku-20241022",
        "Claude Haiku 3.5",
        "2024-10-22T00:00:00Z",
    ),
];

const MAX_ECHO_CHARS: usize = 200;

/// The largest `x-mock-stream-deltas` accepted (a stream of about 1 GB).
pub const MAX_STREAM_DELTAS: usize = 10_000_000;

/// The request header that asks for a long streamed text reply (see the module docs).
pub const STREAM_DELTAS_HEADER: &str = "x-mock-stream-deltas";

/// The HTTP chunk size of an `x-mock-stream-deltas` reply's body.
pub const STREAM_DELTAS_CHUNK: usize = 16 * 1024;

/// The answer the default behavior gives to `request` (used when no scripted response
/// matches; call it from a custom handler to fall back to it).
pub fn default_response(request: &CapturedRequest) -> MockResponse {
    if request.header("x-api-key").is_none() && request.header("authorization").is_none() {
        return MockResponse::error(401, "authentication_error", "x-api-key header is required");
    }
    let path = request.path_only();
    match (request.method.as_str(), path) {
        ("POST", "/v1/messages") => messages(request),
        ("POST", "/v1/messages/count_tokens") => count_tokens(request),
        ("GET", "/v1/models") => list_models(request),
        ("GET", p) if p.starts_with("/v1/models/") => retrieve_model(&p["/v1/models/".len()..]),
        _ => not_found(),
    }
}

fn not_found() -> MockResponse {
    MockResponse::error(404, "not_found_error", "Not found")
}

fn invalid(message: &str) -> MockResponse {
    MockResponse::error(400, "invalid_request_error", message)
}

/// The request body as an object, or the message of the 400 the API would answer.
fn body_object(request: &CapturedRequest) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("The request body must be a JSON object".to_owned()),
        Err(e) => Err(format!("The request body is not valid JSON: {e}")),
    }
}

fn require(body: &Map<String, Value>, field: &str, ok: fn(&Value) -> bool) -> Option<MockResponse> {
    match body.get(field) {
        None => Some(invalid(&format!("{field}: Field required"))),
        Some(v) if !ok(v) => Some(invalid(&format!("{field}: Input has the wrong type"))),
        Some(_) => None,
    }
}

/// Input tokens: a quarter of the serialized size of what the model reads.
fn input_tokens(body: &Map<String, Value>) -> u64 {
    let size: usize = ["system", "messages", "tools"]
        .iter()
        .filter_map(|k| body.get(*k))
        .map(|v| v.to_string().len())
        .sum();
    (size as u64 / 4).max(1)
}

/// The number in `req_mock_<n>`.
fn sequence(request: &CapturedRequest) -> String {
    request
        .request_id
        .strip_prefix("req_mock_")
        .unwrap_or(&request.request_id)
        .to_owned()
}

fn count_tokens(request: &CapturedRequest) -> MockResponse {
    let body = match body_object(request) {
        Ok(b) => b,
        Err(message) => return invalid(&message),
    };
    if let Some(r) = require(&body, "model", Value::is_string)
        .or_else(|| require(&body, "messages", Value::is_array))
    {
        return r;
    }
    MockResponse::json(200, json!({"input_tokens": input_tokens(&body)}))
}

fn messages(request: &CapturedRequest) -> MockResponse {
    let body = match body_object(request) {
        Ok(b) => b,
        Err(message) => return invalid(&message),
    };
    if let Some(r) = require(&body, "model", Value::is_string)
        .or_else(|| require(&body, "max_tokens", Value::is_u64))
        .or_else(|| require(&body, "messages", Value::is_array))
    {
        return r;
    }
    let streaming = body.get("stream").and_then(Value::as_bool) == Some(true);
    let long_stream = match request.header(STREAM_DELTAS_HEADER) {
        Some(v) if streaming => match v.trim().parse::<usize>() {
            Ok(d) if (1..=MAX_STREAM_DELTAS).contains(&d) => Some(d),
            _ => {
                return invalid(&format!(
                    "{STREAM_DELTAS_HEADER}: must be an integer between 1 and {MAX_STREAM_DELTAS}"
                ));
            }
        },
        _ => None,
    };
    let n = sequence(request);
    let model = body["model"].as_str().unwrap_or_default();
    let max_tokens = body["max_tokens"].as_u64().unwrap_or(0) as usize;
    let (user_text, tool_result) = last_user_turn(&body["messages"]);
    let mut blocks = Vec::new();
    if matches!(
        body.get("thinking")
            .and_then(|t| t.get("type"))
            .and_then(Value::as_str),
        Some("enabled" | "adaptive")
    ) {
        blocks.push(Block::Thinking {
            thinking: format!(
                "The user wrote \"{}\". A short, friendly answer fits.",
                truncate(&user_text, MAX_ECHO_CHARS)
            ),
            signature: format!("EqQBCkgIBhABGAIiQG1vY2stc2lnbmF0dXJl{n}"),
        });
    }
    let mut stop_reason = "end_turn";
    let conversation_calls = conversation::tool_calls(request, &body, tool_result.is_some());
    if let Some((name, input)) = forced_tool(&body) {
        blocks.push(Block::ToolUse {
            id: format!("toolu_mock_{n}"),
            name,
            input_json: input.to_string(),
        });
        stop_reason = "tool_use";
    } else if let Some(calls) = conversation_calls {
        for (i, (name, input)) in calls.into_iter().enumerate() {
            blocks.push(Block::ToolUse {
                id: format!("toolu_mock_{n}_{i}"),
                name,
                input_json: input.to_string(),
            });
        }
        stop_reason = "tool_use";
    } else {
        let structured = conversation::structured_text(&body);
        let mut text = match tool_result {
            _ if structured.is_some() => structured.unwrap_or_default(),
            Some(result) => format!(
                "Thanks, the tool returned: {}",
                truncate(&result, MAX_ECHO_CHARS)
            ),
            None if user_text.is_empty() => "Hello! This is the mock Claude server.".to_owned(),
            None => format!(
                "Hello! This is the mock Claude server. You said: {}",
                truncate(&user_text, MAX_ECHO_CHARS)
            ),
        };
        let words = sse::split_words(&text);
        if let Some(deltas) = long_stream {
            let id = format!("msg_mock_{n}");
            return long_text_stream(&id, model, blocks, &words, deltas, input_tokens(&body));
        }
        if words.len() > max_tokens {
            text = words[..max_tokens].concat().trim_end().to_owned();
            stop_reason = "max_tokens";
        }
        blocks.push(Block::Text(text));
    }
    let id = format!("msg_mock_{n}");
    let input = input_tokens(&body);
    if streaming {
        let events =
            sse::message_events_with(&id, model, &blocks, stop_reason, input, &stream_split);
        return MockResponse::sse(events).header("cache-control", "no-cache");
    }
    let content: Vec<Value> = blocks.iter().map(Block::to_json).collect();
    MockResponse::json(
        200,
        json!({
            "id": id,
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": null,
            "usage": sse::usage_json(input, sse::output_tokens(&blocks)),
        }),
    )
}

/// How streamed texts are cut into deltas: word by word, or in pieces of about eight
/// characters when there is a single word (tool input JSON).
fn stream_split(s: &str) -> Vec<String> {
    let words = sse::split_words(s);
    if words.len() > 1 {
        words
    } else {
        sse::split_pieces(s, s.chars().count().div_ceil(8))
    }
}

/// The words of a long stream, in order: `words`, each ending in whitespace (a space is
/// added to one that does not), repeated as often as needed.
fn cycle_words(words: &[String]) -> impl Iterator<Item = String> + Clone + '_ {
    words
        .iter()
        .map(|w| {
            if w.ends_with(char::is_whitespace) {
                w.clone()
            } else {
                format!("{w} ")
            }
        })
        .cycle()
}

/// The `x-mock-stream-deltas` answer: `blocks` (a thinking block, maybe) then a text block
/// of `deltas` words cycled from `words`, one per delta.
///
/// The events around the deltas come from [`sse::message_events_with`] (with an empty
/// text block, and the output token count then set to what the full text gives: one per
/// delta, since each delta is one word); the deltas themselves are encoded once per
/// distinct word and copied into the body. The bytes are exactly those of the event
/// builders given the full text (the tests compare the two), at a few nanoseconds per
/// delta instead of a microsecond and a few allocations.
fn long_text_stream(
    id: &str,
    model: &str,
    mut blocks: Vec<Block>,
    words: &[String],
    deltas: usize,
    input_tokens: u64,
) -> MockResponse {
    let thinking_tokens = if blocks.is_empty() {
        0
    } else {
        sse::output_tokens(&blocks)
    };
    let index = blocks.len();
    blocks.push(Block::Text(String::new()));
    let mut events =
        sse::message_events_with(id, model, &blocks, "end_turn", input_tokens, &stream_split);
    for e in &mut events {
        if e.name() == Some("message_delta") {
            let mut data: Value = serde_json::from_str(e.data.as_deref().unwrap_or("{}"))
                .expect("the builders write JSON");
            data["usage"]["output_tokens"] = json!(thinking_tokens + deltas as u64);
            *e = SseEvent::json("message_delta", &data);
        }
    }
    let stop = events
        .iter()
        .rposition(|e| e.name() == Some("content_block_stop"))
        .unwrap_or(events.len());
    // Each distinct delta event, whole: `event: ...\ndata: {...}\n\n`.
    let encoded: Vec<Vec<u8>> = cycle_words(words)
        .take(words.len().min(deltas))
        .map(|w| {
            let delta = json!({"type": "text_delta", "text": w});
            SseEvent::json(
                "content_block_delta",
                &json!({"type": "content_block_delta", "index": index, "delta": delta}),
            )
            .encode(LineEnding::Lf)
        })
        .collect();
    let cycle_len: usize = encoded.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(cycle_len * deltas.div_ceil(encoded.len()) + 4096);
    for e in &events[..stop] {
        out.extend_from_slice(&e.encode(LineEnding::Lf));
    }
    for delta in encoded.iter().cycle().take(deltas) {
        out.extend_from_slice(delta);
    }
    for e in &events[stop..] {
        out.extend_from_slice(&e.encode(LineEnding::Lf));
    }
    MockResponse::sse_raw(out)
        .chunk_size(STREAM_DELTAS_CHUNK)
        .header("cache-control", "no-cache")
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{}...", cut.trim_end())
    }
}

/// Text of the last user turn, and the text of its `tool_result` if it has one.
fn last_user_turn(messages: &Value) -> (String, Option<String>) {
    let Some(turn) = messages
        .as_array()
        .and_then(|m| m.iter().rev().find(|m| m["role"] == "user"))
    else {
        return (String::new(), None);
    };
    match &turn["content"] {
        Value::String(s) => (s.clone(), None),
        Value::Array(blocks) => {
            let text = texts(blocks);
            let result =
                blocks
                    .iter()
                    .find(|b| b["type"] == "tool_result")
                    .map(|b| match &b["content"] {
                        Value::String(s) => s.clone(),
                        Value::Array(inner) => texts(inner),
                        _ => String::new(),
                    });
            (text, result)
        }
        _ => (String::new(), None),
    }
}

fn texts(blocks: &[Value]) -> String {
    blocks
        .iter()
        .filter(|b| b["type"] == "text")
        .filter_map(|b| b["text"].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tool the request forces (`tool_choice` `any` or `tool`), with an input for it.
fn forced_tool(body: &Map<String, Value>) -> Option<(String, Value)> {
    let tools = body.get("tools")?.as_array()?;
    let choice = body.get("tool_choice")?;
    let tool = match choice["type"].as_str()? {
        "any" => tools.iter().find(|t| t["name"].is_string())?,
        "tool" => tools.iter().find(|t| t["name"] == choice["name"])?,
        _ => return None,
    };
    let input = match tool.get("input_schema") {
        Some(schema) => example(schema, 0),
        None => json!({}),
    };
    let input = if input.is_object() { input } else { json!({}) };
    Some((tool["name"].as_str()?.to_owned(), input))
}

/// A small value that fits `schema` reasonably.
fn example(schema: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    let ty = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ => "string",
    };
    match ty {
        "object" => {
            let props = schema["properties"].as_object();
            let required: Option<Vec<&str>> = schema["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect());
            let mut out = Map::new();
            for (name, sub) in props.into_iter().flatten() {
                if required.as_ref().is_none_or(|r| r.contains(&name.as_str())) {
                    out.insert(name.clone(), example(sub, depth + 1));
                }
            }
            Value::Object(out)
        }
        "array" => json!([example(&schema["items"], depth + 1)]),
        "integer" | "number" => json!(1),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => json!("example"),
    }
}

fn model_json((id, name, created): &(&str, &str, &str)) -> Value {
    json!({"type": "model", "id": id, "display_name": name, "created_at": created})
}

fn list_models(request: &CapturedRequest) -> MockResponse {
    let limit = match request.query("limit") {
        None => 20,
        Some(l) => match l.parse::<usize>() {
            Ok(l) if (1..=1000).contains(&l) => l,
            _ => return invalid("limit: Input should be an integer between 1 and 1000"),
        },
    };
    let position = |id: &str| MODELS.iter().position(|m| m.0 == id);
    let (page, has_more) = if let Some(before) = request.query("before_id") {
        let end = position(&before).unwrap_or(0);
        let start = end.saturating_sub(limit);
        (&MODELS[start..end], start > 0)
    } else {
        let start = match request.query("after_id") {
            Some(after) => position(&after).map_or(MODELS.len(), |i| i + 1),
            None => 0,
        };
        let end = (start + limit).min(MODELS.len());
        (&MODELS[start..end], end < MODELS.len())
    };
    MockResponse::json(
        200,
        json!({
            "data": page.iter().map(model_json).collect::<Vec<_>>(),
            "has_more": has_more,
            "first_id": page.first().map(|m| m.0),
            "last_id": page.last().map(|m| m.0),
        }),
    )
}

fn retrieve_model(id: &str) -> MockResponse {
    let undated = |full: &str| full.rsplit_once('-').map(|(base, _)| base == id);
    match MODELS
        .iter()
        .find(|m| m.0 == id)
        .or_else(|| MODELS.iter().find(|m| undated(m.0) == Some(true)))
    {
        Some(m) => MockResponse::json(200, model_json(m)),
        None => MockResponse::error(404, "not_found_error", &format!("model: {id}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_examples() {
        let schema = json!({
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "opt": {"type": "boolean"}
            },
            "required": ["city", "unit", "days", "tags"]
        });
        assert_eq!(
            example(&schema, 0),
            json!({"city": "example", "unit": "celsius", "days": 1, "tags": ["example"]})
        );
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abc def", 4), "abc...");
    }
}
