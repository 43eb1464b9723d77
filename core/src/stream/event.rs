//! Typed Messages stream events, decoded from server-sent events.
//!
//! Dispatch follows Python's `Stream`: the SSE event name decides *whether* an event is a
//! message event, the JSON `type` decides *which* (data without a `type` takes it from the
//! event name). Where Python is lossy we are not:
//!
//! - an `error` event becomes the typed API error its `error.type` names
//!   (`overloaded_error` → [`ApiErrorKind::Overloaded`](crate::ApiErrorKind)), with the
//!   stream's status, headers and request id — not a bare status-200 error;
//! - an event of a name or type this version does not know is kept as
//!   [`StreamEvent::Unknown`] with its raw data, not dropped;
//! - data that is not a JSON object is a typed [`StreamError::InvalidEventData`] that keeps
//!   the raw data, instead of being handed on as `null` or a list.
//!
//! Text deltas are the hot path: [`ContentDelta`] is decoded in one pass by a hand-written
//! visitor (no intermediate `Value`, no buffering of the object), whatever the key order.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::types::{
    Citation, Container, ContentBlock, ContextManagementResponse, Message, ServerToolUsage,
    StopReason,
};

/// One event of a Messages stream (Python's `RawMessageStreamEvent`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// The message begins: id, model, role, input usage; `content` is normally empty.
    MessageStart {
        /// The message as known at the start.
        message: Box<Message>,
    },
    /// A content block begins at `index`.
    ContentBlockStart {
        /// Position of the block in `content`.
        index: usize,
        /// The block's initial state (empty text, empty tool input, …).
        content_block: ContentBlock,
    },
    /// A piece of the block at `index`.
    ContentBlockDelta {
        /// Position of the block in `content`.
        index: usize,
        /// The piece.
        delta: ContentDelta,
    },
    /// The block at `index` is complete.
    ContentBlockStop {
        /// Position of the block in `content`.
        index: usize,
    },
    /// Top-level changes: stop reason, cumulative output usage.
    MessageDelta {
        /// Stop reason, stop sequence, container.
        delta: MessageDeltaBody,
        /// Usage so far.
        usage: MessageDeltaUsage,
        /// Context management report (beta), if any.
        context_management: Option<ContextManagementResponse>,
    },
    /// The message is complete.
    MessageStop,
    /// A keep-alive.
    Ping,
    /// An event this version does not know, kept whole.
    Unknown {
        /// The SSE event name, if any.
        event: Option<String>,
        /// The raw data.
        data: String,
    },
}

/// A piece of a content block.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ContentDelta {
    /// Text appended to a `text` block.
    Text {
        /// The new text.
        text: String,
    },
    /// A fragment of a tool's input JSON.
    InputJson {
        /// The fragment (not valid JSON on its own).
        partial_json: String,
    },
    /// A citation added to a `text` block.
    Citations {
        /// The citation.
        citation: Citation,
    },
    /// Thinking appended to a `thinking` block.
    Thinking {
        /// The new thinking text.
        thinking: String,
    },
    /// The signature of a `thinking` block (replaces any earlier one).
    Signature {
        /// The signature.
        signature: String,
    },
    /// A delta type this version does not know, kept whole.
    Unknown(Value),
}

/// The `delta` of a `message_delta` event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageDeltaBody {
    /// Why the model stopped.
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    /// The stop sequence that matched, if any.
    #[serde(default)]
    pub stop_sequence: Option<String>,
    /// The container used (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `usage` of a `message_delta` event: cumulative counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageDeltaUsage {
    /// Output tokens so far.
    #[serde(default)]
    pub output_tokens: u64,
    /// Input tokens, when the server restates them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    /// Tokens written to the prompt cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation_input_tokens: Option<u64>,
    /// Tokens read from the prompt cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<u64>,
    /// Server tool requests made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_tool_use: Option<ServerToolUsage>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A stream that could not be decoded or accumulated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamError {
    /// An event's data is not a JSON object of the expected shape.
    InvalidEventData {
        /// The SSE event name.
        event: String,
        /// What went wrong.
        reason: String,
        /// The raw data.
        data: String,
    },
    /// The first message event was not `message_start`.
    EventBeforeMessageStart {
        /// The event's type.
        event: &'static str,
    },
    /// A second `message_start` arrived.
    DuplicateMessageStart,
    /// A delta or stop for a block index that was never started.
    UnknownBlockIndex {
        /// The event's type.
        event: &'static str,
        /// The index it named.
        index: usize,
        /// How many blocks had been started.
        blocks: usize,
    },
    /// A `content_block_start` whose index is not the next position.
    UnexpectedBlockIndex {
        /// The index it named.
        index: usize,
        /// The index expected.
        expected: usize,
    },
    /// A message event after `message_stop`.
    EventAfterMessageStop {
        /// The event's type.
        event: &'static str,
    },
    /// Tool input JSON that can never become valid.
    InvalidToolInput {
        /// The block index.
        index: usize,
        /// What the parser said.
        reason: String,
    },
    /// `final_text()` on a message without a `text` block.
    NoTextBlock {
        /// The types of the blocks the message has, joined by `,`.
        block_types: String,
    },
    /// The bytes are not a valid event stream (invalid UTF-8, an event over the size bound).
    Sse(crate::stream::SseError),
    /// The bytes are not a valid AWS event stream (Bedrock): a bad CRC, a frame over the
    /// size bounds, malformed headers.
    EventStream(crate::platform::eventstream::EventStreamError),
    /// The bytes are not valid JSON lines (invalid UTF-8, a line over the size bound).
    Jsonl(crate::stream::JsonlError),
    /// A streamed call's response ended without a single event, and its `content-type` is
    /// not `text/event-stream` (a server or proxy answered with JSON or HTML, say).
    NotAnEventStream {
        /// The response's `content-type`.
        content_type: String,
    },
    /// The stream ended before `message_stop`. Everything received is kept.
    Incomplete {
        /// The message as far as it was received, if `message_start` arrived.
        partial: Option<Box<Message>>,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::InvalidEventData {
                event,
                reason,
                data,
            } => {
                write!(
                    f,
                    "invalid data in `{event}` event: {reason} (data: {data:.200})"
                )
            }
            StreamError::EventBeforeMessageStart { event } => {
                write!(
                    f,
                    "Unexpected event order, got {event} before \"message_start\""
                )
            }
            StreamError::DuplicateMessageStart => f.write_str("a second message_start event"),
            StreamError::UnknownBlockIndex {
                event,
                index,
                blocks,
            } => write!(
                f,
                "{event} for content block {index}, but only {blocks} block(s) were started"
            ),
            StreamError::UnexpectedBlockIndex { index, expected } => write!(
                f,
                "content_block_start for index {index}, expected index {expected}"
            ),
            StreamError::EventAfterMessageStop { event } => {
                write!(f, "{event} event after message_stop")
            }
            StreamError::InvalidToolInput { index, reason } => {
                write!(
                    f,
                    "invalid tool input JSON in content block {index}: {reason}"
                )
            }
            StreamError::Sse(e) => write!(f, "invalid event stream: {e}"),
            StreamError::EventStream(e) => write!(f, "invalid event stream: {e}"),
            StreamError::Jsonl(e) => write!(f, "invalid JSON lines: {e}"),
            StreamError::NoTextBlock { block_types } => write!(
                f,
                "`final_text()` can only be called when the API returns a `text` content block.\n\
                 The API returned {block_types} content block type(s) that you can access by \
                 calling `final_message().content`"
            ),
            StreamError::NotAnEventStream { content_type } => write!(
                f,
                "the response to a streaming request has content-type `{content_type}`, not \
                 `text/event-stream`, and held no event: is the base URL (or a proxy) \
                 pointing at something other than the Claude API?"
            ),
            StreamError::Incomplete { partial: Some(_) } => f.write_str(
                "the stream ended before message_stop; the partial message received is kept \
                 in `StreamError::Incomplete { partial }`",
            ),
            StreamError::Incomplete { partial: None } => f.write_str(
                "the stream ended before message_stop, before any message_start: no part of \
                 a message was received",
            ),
        }
    }
}

impl std::error::Error for StreamError {}

/// What one SSE event means for a Messages stream.
#[allow(clippy::large_enum_variant)] // transient: matched and taken apart at once
#[derive(Debug)]
pub enum Decoded {
    /// A message event (or an unknown one, kept).
    Event(StreamEvent),
    /// An `error` event: its raw data, to become an API error with the stream's headers.
    Error(String),
}

/// Decodes one SSE event (`event` name and `data`) into a stream event.
pub fn decode_event(event: Option<&str>, data: &str) -> Result<Decoded, StreamError> {
    let name = match event {
        Some("error") => return Ok(Decoded::Error(data.to_owned())),
        Some("ping") => return Ok(Decoded::Event(StreamEvent::Ping)),
        Some(
            name @ ("message_start"
            | "message_delta"
            | "message_stop"
            | "content_block_start"
            | "content_block_delta"
            | "content_block_stop"),
        ) => name,
        other => {
            return Ok(Decoded::Event(StreamEvent::Unknown {
                event: other.map(str::to_owned),
                data: data.to_owned(),
            }));
        }
    };
    let invalid = |reason: String| StreamError::InvalidEventData {
        event: name.to_owned(),
        reason,
        data: data.to_owned(),
    };
    if name == "content_block_delta" {
        // The hottest path: the exact bytes the API sends, matched without a parser.
        if let Some(event) = exact_delta(data) {
            return Ok(Decoded::Event(event));
        }
        // The hot path: one pass, no intermediate value.
        match serde_json::from_str::<FastDelta>(data) {
            Ok(FastDelta {
                ty: None | Some(TypeTag::ContentBlockDelta),
                index: Some(index),
                delta: Some(delta),
            }) => {
                return Ok(Decoded::Event(StreamEvent::ContentBlockDelta {
                    index,
                    delta,
                }));
            }
            Ok(_) => {}
            Err(e) if e.is_syntax() || e.is_eof() => return Err(invalid(e.to_string())),
            Err(_) => {}
        }
    }
    let mut value: Value = serde_json::from_str(data).map_err(|e| invalid(e.to_string()))?;
    let Some(object) = value.as_object_mut() else {
        return Err(invalid("expected a JSON object".into()));
    };
    if !object.contains_key("type") {
        object.insert("type".into(), Value::String(name.to_owned()));
    }
    from_value(value, name, data).map(Decoded::Event)
}

/// Matches the exact serialization the API uses for string deltas,
/// `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}`
/// (also `input_json_delta`/`partial_json` and `thinking_delta`/`thinking`), and decodes
/// it without a JSON parser: a prefix comparison, the index digits, and `memchr2` over
/// the string (serde_json decodes it only when it holds a `\u` escape). Anything else
/// (other key order, whitespace, leading zeros, raw control characters, …) returns
/// `None` and takes the general path, so the result is always what that path gives.
fn exact_delta(data: &str) -> Option<StreamEvent> {
    const HEAD: &[u8] = br#"{"type":"content_block_delta","index":"#;
    const DELTA: &[u8] = br#","delta":{"type":""#;
    let bytes = data.as_bytes();
    let rest = bytes.strip_prefix(HEAD)?;
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 18 || (digits > 1 && rest[0] == b'0') {
        return None;
    }
    let index = rest[..digits]
        .iter()
        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0'));
    let rest = rest[digits..].strip_prefix(DELTA)?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix(br#"text_delta","text":""#) {
        (0, r)
    } else if let Some(r) = rest.strip_prefix(br#"input_json_delta","partial_json":""#) {
        (1, r)
    } else if let Some(r) = rest.strip_prefix(br#"thinking_delta","thinking":""#) {
        (2, r)
    } else {
        return None;
    };
    let start = bytes.len() - rest.len();
    // The string: plain runs are copied as they are (they start and end next to an
    // ASCII quote or backslash, so on char boundaries); the two-character escapes are
    // decoded here; a `\u` escape hands the whole string to serde_json.
    let mut text = String::new();
    let mut pos = start;
    loop {
        let run = memchr::memchr2(b'"', b'\\', bytes.get(pos..)?)?;
        if bytes[pos..pos + run].iter().any(|&c| c < 0x20) {
            return None;
        }
        text.push_str(data.get(pos..pos + run)?);
        pos += run;
        if bytes[pos] == b'"' {
            break;
        }
        text.push(match bytes.get(pos + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (t, end) = string_with_unicode_escapes(data, start)?;
                text = t;
                pos = end;
                break;
            }
            _ => return None,
        });
        pos += 2;
    }
    let end = pos - start;
    if rest.get(end + 1..)? != b"}}" {
        return None;
    }
    let delta = match kind {
        0 => ContentDelta::Text { text },
        1 => ContentDelta::InputJson { partial_json: text },
        _ => ContentDelta::Thinking { thinking: text },
    };
    Some(StreamEvent::ContentBlockDelta { index, delta })
}

/// Decodes the JSON string whose text starts at byte `start` (just after its opening
/// quote) with serde_json; returns it and the offset of its closing quote.
fn string_with_unicode_escapes(data: &str, start: usize) -> Option<(String, usize)> {
    let bytes = data.as_bytes();
    let mut pos = start;
    loop {
        pos += memchr::memchr2(b'"', b'\\', bytes.get(pos..)?)?;
        match bytes[pos] {
            b'"' => break,
            _ => pos += 2,
        }
    }
    let text = serde_json::from_str::<String>(data.get(start - 1..pos + 1)?).ok()?;
    Some((text, pos))
}

fn from_value(value: Value, name: &str, data: &str) -> Result<StreamEvent, StreamError> {
    let invalid = |reason: String| StreamError::InvalidEventData {
        event: name.to_owned(),
        reason,
        data: data.to_owned(),
    };
    let ty = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let index = || {
        value
            .get("index")
            .and_then(Value::as_u64)
            .map(|i| i as usize)
            .ok_or_else(|| invalid("missing or invalid `index`".into()))
    };
    Ok(match ty.as_str() {
        "message_start" => StreamEvent::MessageStart {
            message: parse(&value, "message").map_err(invalid)?,
        },
        "content_block_start" => StreamEvent::ContentBlockStart {
            index: index()?,
            content_block: parse(&value, "content_block").map_err(invalid)?,
        },
        "content_block_delta" => StreamEvent::ContentBlockDelta {
            index: index()?,
            delta: parse(&value, "delta").map_err(invalid)?,
        },
        "content_block_stop" => StreamEvent::ContentBlockStop { index: index()? },
        "message_delta" => StreamEvent::MessageDelta {
            delta: parse(&value, "delta").map_err(invalid)?,
            usage: parse(&value, "usage").map_err(invalid)?,
            context_management: parse(&value, "context_management").map_err(invalid)?,
        },
        "message_stop" => StreamEvent::MessageStop,
        _ => StreamEvent::Unknown {
            event: Some(name.to_owned()),
            data: data.to_owned(),
        },
    })
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value, key: &str) -> Result<T, String> {
    let field = value.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(field).map_err(|e| format!("`{key}`: {e}"))
}

#[derive(Deserialize)]
enum TypeTag {
    #[serde(rename = "content_block_delta")]
    ContentBlockDelta,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct FastDelta {
    #[serde(rename = "type")]
    ty: Option<TypeTag>,
    index: Option<usize>,
    delta: Option<ContentDelta>,
}

impl<'de> Deserialize<'de> for ContentDelta {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DeltaVisitor)
    }
}

struct DeltaVisitor;

impl<'de> Visitor<'de> for DeltaVisitor {
    type Value = ContentDelta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a content block delta object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ContentDelta, A::Error> {
        // Common shapes carry `type` and one string field; anything else is gathered into
        // `rest` so that an unknown delta is kept whole.
        let mut ty: Option<String> = None;
        let mut text: Option<(String, String)> = None;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => ty = Some(map.next_value()?),
                "text" | "partial_json" | "thinking" | "signature" if text.is_none() => {
                    match map.next_value::<Value>()? {
                        Value::String(s) => text = Some((key, s)),
                        other => {
                            rest.insert(key, other);
                        }
                    }
                }
                _ => {
                    let value: Value = map.next_value()?;
                    rest.insert(key, value);
                }
            }
        }
        let ty = ty.ok_or_else(|| de::Error::missing_field("type"))?;
        let known = match (ty.as_str(), &text) {
            ("text_delta", Some((k, _))) if k == "text" => true,
            ("input_json_delta", Some((k, _))) if k == "partial_json" => true,
            ("thinking_delta", Some((k, _))) if k == "thinking" => true,
            ("signature_delta", Some((k, _))) if k == "signature" => true,
            ("citations_delta", None) => rest.contains_key("citation"),
            _ => false,
        };
        if known {
            if let Some((_, s)) = text {
                return Ok(match ty.as_str() {
                    "text_delta" => ContentDelta::Text { text: s },
                    "input_json_delta" => ContentDelta::InputJson { partial_json: s },
                    "thinking_delta" => ContentDelta::Thinking { thinking: s },
                    _ => ContentDelta::Signature { signature: s },
                });
            }
            let citation = rest.remove("citation").unwrap_or(Value::Null);
            if let Ok(citation) = serde_json::from_value::<Citation>(citation.clone()) {
                return Ok(ContentDelta::Citations { citation });
            }
            rest.insert("citation".into(), citation);
        }
        let mut whole = Map::new();
        whole.insert("type".into(), Value::String(ty));
        if let Some((k, s)) = text {
            whole.insert(k, Value::String(s));
        }
        whole.extend(rest);
        Ok(ContentDelta::Unknown(Value::Object(whole)))
    }
}

impl ContentDelta {
    /// The delta's `type` on the wire.
    pub fn type_tag(&self) -> &str {
        match self {
            ContentDelta::Text { .. } => "text_delta",
            ContentDelta::InputJson { .. } => "input_json_delta",
            ContentDelta::Citations { .. } => "citations_delta",
            ContentDelta::Thinking { .. } => "thinking_delta",
            ContentDelta::Signature { .. } => "signature_delta",
            ContentDelta::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: &str) -> StreamEvent {
        match decode_event(Some(name), data).unwrap() {
            Decoded::Event(e) => e,
            Decoded::Error(e) => panic!("error event {e}"),
        }
    }

    /// The general (serde) decoding of a delta event.
    fn general(data: &str) -> Option<StreamEvent> {
        match serde_json::from_str::<FastDelta>(data) {
            Ok(FastDelta {
                ty: None | Some(TypeTag::ContentBlockDelta),
                index: Some(index),
                delta: Some(delta),
            }) => Some(StreamEvent::ContentBlockDelta { index, delta }),
            _ => None,
        }
    }

    #[test]
    fn exact_delta_agrees_with_the_general_path() {
        let matched = [
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
            r#"{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":""}}"#,
            r#"{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"café ☕ 😀"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\"b\\c\n\u00e9\ud83d\ude00"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\": \"x"}}"#,
            r#"{"type":"content_block_delta","index":1,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#,
            r#"{"type":"content_block_delta","index":999999999999999999,"delta":{"type":"text_delta","text":"x"}}"#,
        ];
        for data in matched {
            let exact = exact_delta(data);
            assert!(exact.is_some(), "{data}");
            assert_eq!(exact, general(data), "{data}");
        }
        // Random strings as serde_json writes them (every escape it uses).
        let alphabet: Vec<char> = "ab \"\\/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}é☕😀\u{2028}"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let text: String = (0..len)
                .map(|k| alphabet[((seed >> (k * 5)) % alphabet.len() as u64) as usize])
                .collect();
            let data = format!(
                r#"{{"type":"content_block_delta","index":{},"delta":{{"type":"text_delta","text":{}}}}}"#,
                seed % 1000,
                serde_json::to_string(&text).unwrap()
            );
            let exact = exact_delta(&data);
            assert!(exact.is_some(), "{data}");
            assert_eq!(exact, general(&data), "{data}");
        }
        let escapes = r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\\/\b\f\n\r\t\"x\u0041"}}"#;
        assert_eq!(exact_delta(escapes), general(escapes));
        assert!(exact_delta(escapes).is_some());
        // Not the exact shape: left to the general path (which may accept or reject).
        let unmatched = [
            r#"{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"x"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}} "#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x","y":1}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x
"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\x"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\ud800"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x\"}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"s"}}"#,
            r#"{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}"#,
            r#"{"type":"content_block_delta","index":99999999999999999999,"delta":{"type":"text_delta","text":"x"}}"#,
            r#"{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}"#,
        ];
        for data in unmatched {
            assert_eq!(exact_delta(data), None, "{data}");
        }
        // Every prefix of the matched inputs: the exact path never accepts what the
        // general path would not give the same way.
        for data in matched.iter().chain(&unmatched) {
            for (i, _) in data.char_indices() {
                let prefix = &data[..i];
                if let Some(e) = exact_delta(prefix) {
                    assert_eq!(Some(e), general(prefix), "{prefix}");
                }
            }
        }
    }

    #[test]
    fn text_delta_in_any_key_order() {
        for data in [
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
            r#"{"delta":{"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"}"#,
            r#"{"index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
        ] {
            assert_eq!(
                event("content_block_delta", data),
                StreamEvent::ContentBlockDelta {
                    index: 0,
                    delta: ContentDelta::Text { text: "Hi".into() }
                }
            );
        }
    }

    #[test]
    fn every_delta_kind() {
        let cases = [
            (
                r#"{"type":"input_json_delta","partial_json":"{\"a\""}"#,
                ContentDelta::InputJson {
                    partial_json: "{\"a\"".into(),
                },
            ),
            (
                r#"{"type":"thinking_delta","thinking":"hmm"}"#,
                ContentDelta::Thinking {
                    thinking: "hmm".into(),
                },
            ),
            (
                r#"{"type":"signature_delta","signature":"sig"}"#,
                ContentDelta::Signature {
                    signature: "sig".into(),
                },
            ),
        ];
        for (delta, expected) in cases {
            let data = format!(r#"{{"type":"content_block_delta","index":2,"delta":{delta}}}"#);
            assert_eq!(
                event("content_block_delta", &data),
                StreamEvent::ContentBlockDelta {
                    index: 2,
                    delta: expected
                }
            );
        }
        let data = r#"{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x","document_index":0,"document_title":null,"start_char_index":0,"end_char_index":1}}}"#;
        assert!(matches!(
            event("content_block_delta", data),
            StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Citations { .. },
                ..
            }
        ));
    }

    #[test]
    fn unknown_deltas_and_events_are_kept() {
        let data = r#"{"type":"content_block_delta","index":0,"delta":{"type":"future_delta","text":"x","n":[1]}}"#;
        match event("content_block_delta", data) {
            StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Unknown(v),
                ..
            } => {
                assert_eq!(
                    v,
                    serde_json::json!({"type":"future_delta","text":"x","n":[1]})
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            event("brand_new", "anything"),
            StreamEvent::Unknown {
                event: Some("brand_new".into()),
                data: "anything".into()
            }
        );
        assert!(matches!(
            event("message_stop", r#"{"type":"future_event"}"#),
            StreamEvent::Unknown { .. }
        ));
    }

    #[test]
    fn type_comes_from_the_data_then_the_event_name() {
        assert_eq!(event("message_stop", "{}"), StreamEvent::MessageStop);
        assert_eq!(
            event("message_stop", r#"{"type":"content_block_stop","index":3}"#),
            StreamEvent::ContentBlockStop { index: 3 }
        );
    }

    #[test]
    fn non_object_data_is_a_typed_error_keeping_the_data() {
        for data in ["null", "[1,2]", "3", "not json", ""] {
            match decode_event(Some("message_delta"), data) {
                Err(StreamError::InvalidEventData { data: kept, .. }) => assert_eq!(kept, data),
                other => panic!("{data}: {other:?}"),
            }
        }
    }

    #[test]
    fn message_delta_and_error() {
        let data = r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#;
        match event("message_delta", data) {
            StreamEvent::MessageDelta { delta, usage, .. } => {
                assert_eq!(delta.stop_reason, Some(StopReason::EndTurn));
                assert_eq!(usage.output_tokens, 15);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode_event(Some("error"), "{}"),
            Ok(Decoded::Error(_))
        ));
        assert!(matches!(
            decode_event(Some("ping"), "{}"),
            Ok(Decoded::Event(StreamEvent::Ping))
        ));
    }
}
