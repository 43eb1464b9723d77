//! Server-sent events: one event value ([`SseEvent`]), its wire encoding, and builders for
//! the canonical Messages API event sequences.
//!
//! The builders return the *whole* sequence a real message stream carries:
//!
//! ```text
//! message_start
//! content_block_start (index 0) [ping after the first block start]
//! content_block_delta ...        (text_delta / input_json_delta / thinking_delta + signature_delta)
//! content_block_stop  (index 0)
//! ... further blocks ...
//! message_delta       (stop_reason, usage.output_tokens)
//! message_stop
//! ```
//!
//! Fault tests edit the returned `Vec` ([`without_message_stop`], [`insert_error`]) or
//! splice in events of their own ([`SseEvent::json`], [`SseEvent::comment`]).

use serde_json::{Value, json};

/// The model id the builders put in `message_start` when the caller names none.
pub const DEFAULT_MODEL: &str = "claude-sonnet-4-5-20250929";

/// The line terminator used when encoding events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (what the real API sends).
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
    /// A bare `\r`.
    Cr,
}

impl LineEnding {
    /// The terminator's bytes.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// One server-sent event (or a comment line).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, if any.
    pub event: Option<String>,
    /// The data; each line becomes one `data:` line. `None` writes no `data:` line at all.
    pub data: Option<String>,
    /// The `id:` field, if any.
    pub id: Option<String>,
    /// The `retry:` field, if any.
    pub retry: Option<u64>,
    /// A comment (`: text`) written before the fields; an event with only a comment is
    /// written as the comment line and a blank line.
    pub comment: Option<String>,
}

impl SseEvent {
    /// An event with a name and data text.
    pub fn new(event: impl Into<String>, data: impl Into<String>) -> Self {
        SseEvent {
            event: Some(event.into()),
            data: Some(data.into()),
            ..Self::default()
        }
    }

    /// An event whose data is `value` serialized as compact JSON.
    pub fn json(event: impl Into<String>, value: &Value) -> Self {
        Self::new(event, value.to_string())
    }

    /// A nameless event carrying only data.
    pub fn data(data: impl Into<String>) -> Self {
        SseEvent {
            data: Some(data.into()),
            ..Self::default()
        }
    }

    /// A comment line (`: text`), which decoders ignore.
    pub fn comment(text: impl Into<String>) -> Self {
        SseEvent {
            comment: Some(text.into()),
            ..Self::default()
        }
    }

    /// Sets the `id:` field.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the `retry:` field.
    pub fn retry(mut self, millis: u64) -> Self {
        self.retry = Some(millis);
        self
    }

    /// The event's name, if any.
    pub fn name(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// Encodes the event, terminated by a blank line, with the given line ending.
    pub fn encode(&self, ending: LineEnding) -> Vec<u8> {
        let nl = ending.as_str();
        let mut out = String::new();
        if let Some(comment) = &self.comment {
            out.push_str(": ");
            out.push_str(comment);
            out.push_str(nl);
        }
        if let Some(event) = &self.event {
            out.push_str("event: ");
            out.push_str(event);
            out.push_str(nl);
        }
        if let Some(id) = &self.id {
            out.push_str("id: ");
            out.push_str(id);
            out.push_str(nl);
        }
        if let Some(retry) = self.retry {
            out.push_str(&format!("retry: {retry}{nl}"));
        }
        if let Some(data) = &self.data {
            for line in data.split('\n') {
                out.push_str("data: ");
                out.push_str(line);
                out.push_str(nl);
            }
        }
        out.push_str(nl);
        out.into_bytes()
    }
}

/// Encodes a sequence of events back to back.
pub fn encode_all(events: &[SseEvent], ending: LineEnding) -> Vec<u8> {
    events.iter().flat_map(|e| e.encode(ending)).collect()
}

/// One content block of a message, as the builders stream and the default server answers it.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A `text` block.
    Text(String),
    /// A `thinking` block with its signature.
    Thinking {
        /// The thinking text.
        thinking: String,
        /// The signature (sent as one `signature_delta`).
        signature: String,
    },
    /// A `tool_use` block. `input_json` is streamed verbatim as `input_json_delta` pieces,
    /// so a test may pass invalid JSON on purpose.
    ToolUse {
        /// The tool use id (`toolu_...`).
        id: String,
        /// The tool's name.
        name: String,
        /// The input object's JSON text.
        input_json: String,
    },
}

impl Block {
    /// The block as it appears in a non-streamed `Message`'s `content`.
    pub fn to_json(&self) -> Value {
        match self {
            Block::Text(text) => json!({"type": "text", "text": text}),
            Block::Thinking {
                thinking,
                signature,
            } => json!({"type": "thinking", "thinking": thinking, "signature": signature}),
            Block::ToolUse {
                id,
                name,
                input_json,
            } => {
                let input = serde_json::from_str::<Value>(input_json)
                    .unwrap_or_else(|_| Value::String(input_json.clone()));
                json!({"type": "tool_use", "id": id, "name": name, "input": input})
            }
        }
    }

    /// The block as `content_block_start` announces it (empty text, empty input).
    fn start_json(&self) -> Value {
        match self {
            Block::Text(_) => json!({"type": "text", "text": ""}),
            Block::Thinking { .. } => json!({"type": "thinking", "thinking": "", "signature": ""}),
            Block::ToolUse { id, name, .. } => {
                json!({"type": "tool_use", "id": id, "name": name, "input": {}})
            }
        }
    }
}

/// The usage object of a `Message` (cache fields included, as the real API sends them).
pub fn usage_json(input_tokens: u64, output_tokens: u64) -> Value {
    json!({
        "input_tokens": input_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
        "output_tokens": output_tokens,
        "service_tier": "standard"
    })
}

/// A rough, deterministic output-token count for some blocks (about one per word).
pub fn output_tokens(blocks: &[Block]) -> u64 {
    let words = |s: &str| s.split_whitespace().count() as u64;
    blocks
        .iter()
        .map(|b| match b {
            Block::Text(t) => words(t),
            Block::Thinking { thinking, .. } => words(thinking),
            Block::ToolUse { input_json, .. } => (input_json.len() as u64).div_ceil(4),
        })
        .sum::<u64>()
        .max(1)
}

/// Splits `s` into `pieces` parts of about equal length, on char boundaries, dropping
/// empty parts (so `pieces` larger than the text gives one char per part).
pub fn split_pieces(s: &str, pieces: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let pieces = pieces.clamp(1, chars.len());
    let size = chars.len().div_ceil(pieces);
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

/// Splits `s` after each run of whitespace, so every piece is a word with its trailing
/// whitespace (the way the real API tends to cut text deltas).
pub fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_space = false;
    for c in s.chars() {
        if in_space && !c.is_whitespace() {
            out.push(std::mem::take(&mut current));
        }
        in_space = c.is_whitespace();
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The full event sequence of a message with these blocks, each block's text cut into
/// `pieces` deltas (see [`split_pieces`]).
pub fn message_events(
    id: &str,
    model: &str,
    blocks: &[Block],
    stop_reason: &str,
    input_tokens: u64,
    pieces: usize,
) -> Vec<SseEvent> {
    message_events_with(id, model, blocks, stop_reason, input_tokens, &|s| {
        split_pieces(s, pieces)
    })
}

/// [`message_events`] with a custom splitter for delta texts.
pub fn message_events_with(
    id: &str,
    model: &str,
    blocks: &[Block],
    stop_reason: &str,
    input_tokens: u64,
    split: &dyn Fn(&str) -> Vec<String>,
) -> Vec<SseEvent> {
    let mut events = Vec::new();
    let start_usage = usage_json(input_tokens, 1);
    events.push(SseEvent::json(
        "message_start",
        &json!({
            "type": "message_start",
            "message": {
                "id": id, "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": start_usage
            }
        }),
    ));
    for (index, block) in blocks.iter().enumerate() {
        events.push(SseEvent::json(
            "content_block_start",
            &json!({"type": "content_block_start", "index": index, "content_block": block.start_json()}),
        ));
        if index == 0 {
            events.push(SseEvent::json("ping", &json!({"type": "ping"})));
        }
        let delta = |delta: Value| {
            SseEvent::json(
                "content_block_delta",
                &json!({"type": "content_block_delta", "index": index, "delta": delta}),
            )
        };
        match block {
            Block::Text(text) => {
                for piece in split(text) {
                    events.push(delta(json!({"type": "text_delta", "text": piece})));
                }
            }
            Block::Thinking {
                thinking,
                signature,
            } => {
                for piece in split(thinking) {
                    events.push(delta(json!({"type": "thinking_delta", "thinking": piece})));
                }
                events.push(delta(
                    json!({"type": "signature_delta", "signature": signature}),
                ));
            }
            Block::ToolUse { input_json, .. } => {
                events.push(delta(
                    json!({"type": "input_json_delta", "partial_json": ""}),
                ));
                for piece in split(input_json) {
                    events.push(delta(
                        json!({"type": "input_json_delta", "partial_json": piece}),
                    ));
                }
            }
        }
        events.push(SseEvent::json(
            "content_block_stop",
            &json!({"type": "content_block_stop", "index": index}),
        ));
    }
    events.push(SseEvent::json(
        "message_delta",
        &json!({
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": null},
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": output_tokens(blocks)
            }
        }),
    ));
    events.push(SseEvent::json(
        "message_stop",
        &json!({"type": "message_stop"}),
    ));
    events
}

/// A one-text-block message stream whose text arrives in `pieces` `text_delta` events.
pub fn text_message(model: &str, text: &str, pieces: usize) -> Vec<SseEvent> {
    let blocks = [Block::Text(text.to_owned())];
    message_events("msg_mock_stream", model, &blocks, "end_turn", 10, pieces)
}

/// A one-`tool_use`-block message stream (tool use id `toolu_mock_stream`) whose
/// `input_json` arrives in `pieces` `input_json_delta` events, ending with
/// `stop_reason: "tool_use"`.
pub fn tool_use_message(name: &str, input_json: &str, pieces: usize) -> Vec<SseEvent> {
    let blocks = [Block::ToolUse {
        id: "toolu_mock_stream".to_owned(),
        name: name.to_owned(),
        input_json: input_json.to_owned(),
    }];
    message_events(
        "msg_mock_stream",
        DEFAULT_MODEL,
        &blocks,
        "tool_use",
        10,
        pieces,
    )
}

/// A message stream with a thinking block (thinking deltas word by word, then one
/// `signature_delta`) followed by a text block (word by word).
pub fn thinking_message(thinking: &str, signature: &str, text: &str) -> Vec<SseEvent> {
    let blocks = [
        Block::Thinking {
            thinking: thinking.to_owned(),
            signature: signature.to_owned(),
        },
        Block::Text(text.to_owned()),
    ];
    message_events_with(
        "msg_mock_stream",
        DEFAULT_MODEL,
        &blocks,
        "end_turn",
        10,
        &split_words,
    )
}

/// An `error` event with the standard error body, e.g.
/// `error_event("overloaded_error", "Overloaded")`.
pub fn error_event(error_type: &str, message: &str) -> SseEvent {
    SseEvent::json(
        "error",
        &json!({"type": "error", "error": {"type": error_type, "message": message}}),
    )
}

/// The sequence without its `message_stop` event(s): a stream that ends early but cleanly.
pub fn without_message_stop(mut events: Vec<SseEvent>) -> Vec<SseEvent> {
    events.retain(|e| e.name() != Some("message_stop"));
    events
}

/// Replaces everything from the first event named `before` (or the end, if none) with
/// `error`: e.g. `insert_error(events, "message_delta", error_event(..))` fails a
/// stream after its content blocks.
pub fn insert_error(mut events: Vec<SseEvent>, before: &str, error: SseEvent) -> Vec<SseEvent> {
    let at = events
        .iter()
        .position(|e| e.name() == Some(before))
        .unwrap_or(events.len());
    events.truncate(at);
    events.push(error);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_multiline_data_and_endings() {
        let e = SseEvent::new("a", "1\n2").id("x");
        assert_eq!(
            e.encode(LineEnding::Lf),
            b"event: a\nid: x\ndata: 1\ndata: 2\n\n"
        );
        assert_eq!(
            SseEvent::comment("hi").encode(LineEnding::CrLf),
            b": hi\r\n\r\n"
        );
    }

    #[test]
    fn splits() {
        assert_eq!(split_pieces("Hello", 2), ["Hel", "lo"]);
        assert_eq!(split_pieces("ab", 9), ["a", "b"]);
        assert_eq!(split_words("Hi there  you"), ["Hi ", "there  ", "you"]);
    }

    #[test]
    fn text_message_sequence() {
        let names: Vec<_> = text_message("m", "Hello", 2)
            .iter()
            .map(|e| e.name().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "message_start",
                "content_block_start",
                "ping",
                "content_block_delta",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop"
            ]
        );
        let cut = insert_error(
            text_message("m", "Hello", 2),
            "message_delta",
            error_event("overloaded_error", "Overloaded"),
        );
        assert_eq!(cut.last().unwrap().name(), Some("error"));
        assert_eq!(cut.len(), 7);
    }
}
