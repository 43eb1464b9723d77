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
//! - data that is not JSON is [`StreamError::EventDataNotJson`], and JSON that is not the
//!   event's shape (not an object, a field of the wrong type) is
//!   [`StreamError::EventDataWrongShape`]; both keep the raw data, instead of the data
//!   being handed on as `null` or a list.
//!
//! # Lossless, and serializable back
//!
//! Every known event and delta keeps the fields this version does not know in an
//! `extra` map (the rule content blocks and messages follow), at every level: the event,
//! its message, block, delta, usage, citation. [`StreamEvent`] and [`ContentDelta`]
//! implement [`Serialize`], writing the JSON object they were decoded from (`type`, the
//! known fields, then the unknown ones), so a server relaying a stream to a browser
//! forwards `event: {name}` / `data: {json}` without rebuilding anything. Two
//! simplifications, shared with the content types: an optional field sent as `null` is
//! written back absent, and `message_delta.delta` always writes `stop_reason` and
//! `stop_sequence` (as the API always sends them; absent reads as `null`). A `ping` is
//! written as `{"type":"ping"}`; an unknown event as its raw data.
//!
//! Text deltas are the hot path: [`ContentDelta`] is decoded in one pass by a hand-written
//! visitor (no intermediate `Value`, no buffering of the object), whatever the key order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::partial_json::short_escape;
use crate::types::Extra;
use crate::types::{
    Citation, Container, ContentBlock, ContextManagementResponse, Message, ServerToolUsage,
    StopReason,
};

/// One event of a Messages stream (Python's `RawMessageStreamEvent`).
///
/// Lossless: every known event keeps the top-level fields this version does not know in
/// its `extra` map (as content blocks do), and [`Serialize`] writes the event back as the
/// JSON object it was decoded from: its `type`, the known fields, then `extra` (see
/// [the module docs](crate::stream::event) for the one simplification, explicit `null`s on optional
/// fields). A relay can forward an event with `event: {event_name}` and
/// `data: {serde_json::to_string(&event)}`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// The message begins: id, model, role, input usage; `content` is normally empty.
    MessageStart {
        /// The message as known at the start.
        message: Box<Message>,
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// A content block begins at `index`.
    ContentBlockStart {
        /// Position of the block in `content`.
        index: usize,
        /// The block's initial state (empty text, empty tool input, …). Boxed, so that
        /// every event stays small (a block is large; most events are text deltas).
        content_block: Box<ContentBlock>,
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// A piece of the block at `index`.
    ContentBlockDelta {
        /// Position of the block in `content`.
        index: usize,
        /// The piece.
        delta: ContentDelta,
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// The block at `index` is complete.
    ContentBlockStop {
        /// Position of the block in `content`.
        index: usize,
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// Top-level changes: stop reason, cumulative output usage.
    MessageDelta {
        /// Stop reason, stop sequence, container (boxed, as are `usage` and
        /// `context_management`: one such event per message, and events stay small).
        delta: Box<MessageDeltaBody>,
        /// Usage so far.
        usage: Box<MessageDeltaUsage>,
        /// Context management report (beta), if any.
        context_management: Option<Box<ContextManagementResponse>>,
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// The message is complete.
    MessageStop {
        /// Fields of the event this version does not know, kept as sent.
        extra: Extra,
    },
    /// A keep-alive (serialized as `{"type":"ping"}`; its data is not kept).
    Ping,
    /// An event this version does not know, kept whole.
    ///
    /// Spec row kept here: "events with an unknown name (or no `event:` line) are
    /// dropped" → we hand them on as unknown events, so nothing the server sent is lost.
    Unknown {
        /// The SSE event name, if any.
        event: Option<String>,
        /// The raw data.
        data: String,
    },
}

/// A piece of a content block. Known deltas keep the fields this version does not know
/// in `extra`; [`Serialize`] writes the delta back as the JSON it was decoded from.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ContentDelta {
    /// Text appended to a `text` block.
    Text {
        /// The new text.
        text: String,
        /// Fields this version does not know, kept as sent.
        extra: Extra,
    },
    /// A fragment of a tool's input JSON.
    InputJson {
        /// The fragment (not valid JSON on its own).
        partial_json: String,
        /// Fields this version does not know, kept as sent.
        extra: Extra,
    },
    /// A citation added to a `text` block.
    Citations {
        /// The citation (boxed: a citation is large, and deltas stay small).
        citation: Box<Citation>,
        /// Fields this version does not know, kept as sent.
        extra: Extra,
    },
    /// Thinking appended to a `thinking` block.
    Thinking {
        /// The new thinking text.
        thinking: String,
        /// Fields this version does not know, kept as sent.
        extra: Extra,
    },
    /// The signature of a `thinking` block (replaces any earlier one).
    Signature {
        /// The signature.
        signature: String,
        /// Fields this version does not know, kept as sent.
        extra: Extra,
    },
    /// The content of a `compaction` block (beta).
    Compaction(Box<crate::types::CompactionDelta>),
    /// A delta type this version does not know (or a known type whose fields do not fit
    /// it), kept whole.
    ///
    /// Spec row kept here: "unknown block or delta types decode as text blocks with no
    /// text" → kept whole as unknown values that round-trip. (Boxed, as the other rare
    /// payloads are, so that a text delta event stays small to move.)
    Unknown(Box<Value>),
}

impl ContentDelta {
    /// A `text_delta`.
    pub fn text(text: impl Into<String>) -> Self {
        ContentDelta::Text {
            text: text.into(),
            extra: Extra::new(),
        }
    }

    /// An `input_json_delta`.
    pub fn input_json(partial_json: impl Into<String>) -> Self {
        ContentDelta::InputJson {
            partial_json: partial_json.into(),
            extra: Extra::new(),
        }
    }

    /// A `thinking_delta`.
    pub fn thinking(thinking: impl Into<String>) -> Self {
        ContentDelta::Thinking {
            thinking: thinking.into(),
            extra: Extra::new(),
        }
    }

    /// A `signature_delta`.
    pub fn signature(signature: impl Into<String>) -> Self {
        ContentDelta::Signature {
            signature: signature.into(),
            extra: Extra::new(),
        }
    }
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
    /// Details of the stop (a refusal's category and explanation), if sent (boxed: rare,
    /// and events stay small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_details: Option<Box<crate::types::StopDetails>>,
    /// The container used (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `usage` of a `message_delta` event: cumulative counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageDeltaUsage {
    /// Output tokens so far.
    ///
    /// Spec row kept here: "a `message_delta` with `usage: {}` sets `output_tokens` to
    /// null" → absent, it is 0, so the accumulated message's count reads 0, not null.
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
    pub extra: Extra,
}

/// A stream that could not be decoded or accumulated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamError {
    /// An event's data is not JSON at all (empty, truncated, not JSON syntax).
    EventDataNotJson {
        /// The SSE event name.
        event: String,
        /// What the JSON parser said.
        reason: String,
        /// The raw data.
        data: String,
    },
    /// An event's data is JSON, but not of the shape its event needs: not an object
    /// (`null`, a list, a number), or a known field of the wrong type or missing.
    ///
    /// Spec rows kept here: "event data that is not a JSON object (null, array, number)
    /// is handed on as is" and "event data of the wrong JSON type for a known event (a
    /// string where a number belongs) is accepted unchecked" → this typed error, keeping
    /// the raw data.
    EventDataWrongShape {
        /// The SSE event name.
        event: String,
        /// What did not fit.
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
    /// A finished `text` block that does not parse as the stream's structured-output
    /// type ([`OutputCheck`](super::accumulate::OutputCheck)).
    InvalidOutput {
        /// The block index.
        index: usize,
        /// What serde said.
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
            StreamError::EventDataNotJson {
                event,
                reason,
                data,
            } => {
                write!(
                    f,
                    "the data of a `{event}` event is not JSON: {reason} (data: {data:.200})"
                )
            }
            StreamError::EventDataWrongShape {
                event,
                reason,
                data,
            } => {
                write!(
                    f,
                    "the data of a `{event}` event does not have the event's shape: {reason} \
                     (data: {data:.200})"
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
            StreamError::InvalidOutput { index, reason } => {
                write!(
                    f,
                    "content block {index} does not parse as the output type: {reason}"
                )
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
            // A raw stream keeps no message, so a cut after some events lands here too.
            StreamError::Incomplete { partial: None } => f.write_str(
                "the stream ended before message_stop; no partial message is kept here: \
                 none had begun, or the stream was read raw and its events were handed out \
                 as they came",
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
///
/// Errors: [`StreamError::EventDataNotJson`] when the data of a message event is not
/// JSON, [`StreamError::EventDataWrongShape`] when it is JSON but not the event's shape.
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
                extra,
            }) => {
                return Ok(Decoded::Event(StreamEvent::ContentBlockDelta {
                    index,
                    delta,
                    extra,
                }));
            }
            Ok(_) => {}
            Err(e) if e.is_syntax() || e.is_eof() => return Err(not_json(name, data, &e)),
            Err(_) => {}
        }
    }
    let value: Value = serde_json::from_str(data).map_err(|e| not_json(name, data, &e))?;
    let Value::Object(object) = value else {
        return Err(wrong_shape(name, data, "expected a JSON object".into()));
    };
    from_object(object, name, data).map(Decoded::Event)
}

/// The error for event data that did not decode: [`StreamError::EventDataNotJson`] for a
/// syntax error or cut-off JSON, [`StreamError::EventDataWrongShape`] otherwise.
pub(crate) fn data_error(event: &str, data: &str, e: &serde_json::Error) -> StreamError {
    if e.is_syntax() || e.is_eof() {
        not_json(event, data, e)
    } else {
        wrong_shape(event, data, e.to_string())
    }
}

fn not_json(event: &str, data: &str, e: &serde_json::Error) -> StreamError {
    StreamError::EventDataNotJson {
        event: event.to_owned(),
        reason: e.to_string(),
        data: data.to_owned(),
    }
}

fn wrong_shape(event: &str, data: &str, reason: String) -> StreamError {
    StreamError::EventDataWrongShape {
        event: event.to_owned(),
        reason,
        data: data.to_owned(),
    }
}

/// Matches the exact serialization the API uses for string deltas,
/// `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}`
/// (also `input_json_delta`/`partial_json` and `thinking_delta`/`thinking`), and decodes
/// it without a JSON parser: a prefix comparison, the index digits, and `memchr2` over
/// the string (serde_json decodes it only when it holds a `\u` escape). Anything else
/// (other key order, whitespace, leading zeros, raw control characters, …) returns
/// `None` and takes the general path, so the result is always what that path gives.
fn exact_delta(data: &str) -> Option<StreamEvent> {
    let mut scratch = String::new();
    let (index, kind, text) = exact_str_delta(data, &mut scratch)?;
    let text = match text {
        StrText::Plain(range) => data.get(range)?.to_owned(),
        StrText::Scratch => scratch,
    };
    Some(
        StrDelta {
            index,
            kind,
            text: Cow::Owned(text),
        }
        .into_event(),
    )
}

/// Where [`exact_str_delta`] (or the fast lane) left the decoded string.
#[derive(Debug)]
pub(crate) enum StrText {
    /// In the data, as it is (no escape).
    Plain(std::ops::Range<usize>),
    /// In the scratch buffer (it held escapes).
    Scratch,
}

/// [`exact_delta`] without the event: the string is a range of `data` unless it holds
/// escapes, in which case it is decoded into `scratch` (cleared first).
fn exact_str_delta(data: &str, scratch: &mut String) -> Option<(usize, StrDeltaKind, StrText)> {
    let bytes = data.as_bytes();
    let (index, kind, start) = str_delta_head(bytes)?;
    let (close, escaped) = string_end(bytes, start)?;
    if bytes.get(close + 1..)? != b"}}" {
        return None;
    }
    if !escaped {
        return Some((index, kind, StrText::Plain(start..close)));
    }
    unescape(bytes.get(start - 1..close + 1)?, scratch)?;
    Some((index, kind, StrText::Scratch))
}

/// The start of a string delta's JSON up to its string:
/// `{"type":"content_block_delta","index":N,"delta":{"type":"KIND","KEY":"`. Gives the
/// index, the kind, and where the string's text starts.
fn str_delta_head(bytes: &[u8]) -> Option<(usize, StrDeltaKind, usize)> {
    let (index, kind, start) = str_delta_after_head(bytes.strip_prefix(JSON_HEAD)?)?;
    Some((index, kind, JSON_HEAD.len() + start))
}

/// How a string delta's JSON starts, up to its index.
pub(super) const JSON_HEAD: &[u8] = br#"{"type":"content_block_delta","index":"#;

/// [`str_delta_head`] after [`JSON_HEAD`] (a caller that compared it already): the
/// index, the kind, and where the string's text starts in `bytes`.
#[inline(always)] // on the hot path of both callers
pub(super) fn str_delta_after_head(bytes: &[u8]) -> Option<(usize, StrDeltaKind, usize)> {
    const DELTA: &[u8] = br#","delta":{"type":""#;
    let rest = bytes;
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 18 || (digits > 1 && rest[0] == b'0') {
        return None;
    }
    let index = rest[..digits]
        .iter()
        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0'));
    let rest = rest[digits..].strip_prefix(DELTA)?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix(br#"text_delta","text":""#) {
        (StrDeltaKind::Text, r)
    } else if let Some(r) = rest.strip_prefix(br#"input_json_delta","partial_json":""#) {
        (StrDeltaKind::InputJson, r)
    } else if let Some(r) = rest.strip_prefix(br#"thinking_delta","thinking":""#) {
        (StrDeltaKind::Thinking, r)
    } else {
        return None;
    };
    Some((index, kind, bytes.len() - rest.len()))
}

/// The closing quote of the JSON string whose text starts at `start` (the first `"` not
/// escaped), and whether the string holds escapes. `None` at a raw control character
/// (JSON forbids them; the general path reports it) or when the string does not end.
#[inline]
pub(super) fn string_end(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    let mut pos = start;
    loop {
        // Eight bytes at a time to the next byte that needs a look: a delta's string is
        // a few bytes long, so this finds its end in one step, with no branch per byte
        // to mispredict.
        if let Some(word) = bytes.get(pos..pos + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            let special = special_bytes(u64::from_le_bytes(eight));
            if special == 0 {
                pos += 8;
                continue;
            }
            pos += (special.trailing_zeros() / 8) as usize;
        }
        let c = *bytes.get(pos)?;
        if c == b'"' {
            return Some((pos, escaped));
        }
        if c < 0x20 {
            return None;
        }
        if c == b'\\' {
            escaped = true;
            pos += 1;
            if *bytes.get(pos)? < 0x20 {
                return None;
            }
        }
        pos += 1;
    }
}

/// The bytes of `word` (little-endian: byte `i` in bits `8i..8i+8`) that are a quote, a
/// backslash or a control character: the high bit of each such byte is set, and the
/// lowest set bit is always exact (a byte above a flagged one may be flagged wrongly, by
/// the borrow, but it is never looked at).
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))) | below_space
}

/// Decodes the JSON string `quoted` (quotes included; it ends at its first unescaped
/// quote) into `scratch`. The two-character escapes are decoded here; a `\u` escape hands
/// the whole string to serde_json (surrogate pairs and their errors are its rules).
/// `None` for an escape JSON does not have, or for bytes that are not UTF-8: only the
/// runs of non-ASCII bytes are checked (a character's bytes are never ASCII, so the
/// string is UTF-8 exactly when each run is), so a caller need not check the string
/// first, and an all-ASCII one, a tool input's usual delta, is checked for nothing.
pub(super) fn unescape(quoted: &[u8], scratch: &mut String) -> Option<()> {
    scratch.clear();
    let b = quoted.get(1..quoted.len().checked_sub(1)?)?;
    scratch.reserve(b.len());
    // Deltas are short and an escaped one holds several escapes (a tool input's every
    // quote): ASCII is copied a byte at a time (a call to copy each short run between
    // escapes, or a vector search for each backslash, costs more here), other text by runs.
    let mut at = 0;
    while let Some(&c) = b.get(at) {
        if c == b'\\' {
            let e = *b.get(at + 1)?;
            if e == b'u' {
                *scratch = serde_json::from_slice::<String>(quoted).ok()?;
                return Some(());
            }
            scratch.push(short_escape(e)?);
            at += 2;
        } else if c.is_ascii() {
            scratch.push(char::from(c));
            at += 1;
        } else {
            let n = b[at..].iter().take_while(|c| !c.is_ascii()).count();
            scratch.push_str(std::str::from_utf8(&b[at..at + n]).ok()?);
            at += n;
        }
    }
    Some(())
}

/// Which string delta a [`StrDelta`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrDeltaKind {
    /// `text_delta` (its `text`).
    Text,
    /// `input_json_delta` (its `partial_json`).
    InputJson,
    /// `thinking_delta` (its `thinking`).
    Thinking,
}

/// A `content_block_delta` of a string delta type with no field this version does not
/// know, its string borrowed (from the event data, or from the caller's scratch buffer
/// when it held escapes): what
/// [`decode_event_ref`] gives for the events that make up nearly all of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrDelta<'a> {
    /// Position of the block in `content`.
    pub index: usize,
    /// The delta's type.
    pub kind: StrDeltaKind,
    /// The delta's string, decoded.
    pub text: Cow<'a, str>,
}

impl StrDelta<'_> {
    /// The owned event: exactly what [`decode_event`] gives for the same data.
    #[inline]
    pub fn into_event(self) -> StreamEvent {
        let text = self.text.into_owned();
        let delta = match self.kind {
            StrDeltaKind::Text => ContentDelta::text(text),
            StrDeltaKind::InputJson => ContentDelta::input_json(text),
            StrDeltaKind::Thinking => ContentDelta::thinking(text),
        };
        StreamEvent::ContentBlockDelta {
            index: self.index,
            delta,
            extra: Extra::new(),
        }
    }
}

/// What [`decode_event_ref`] gives.
#[derive(Debug)]
pub enum DecodedRef<'a> {
    /// A string delta in the API's exact serialization, borrowing the data.
    StrDelta(StrDelta<'a>),
    /// Anything else, as [`decode_event`] decodes it (boxed: rare, and this stays small).
    Decoded(Box<Decoded>),
}

impl DecodedRef<'_> {
    /// The owned form: exactly what [`decode_event`] gives for the same event.
    pub fn into_decoded(self) -> Decoded {
        match self {
            DecodedRef::StrDelta(d) => Decoded::Event(d.into_event()),
            DecodedRef::Decoded(d) => *d,
        }
    }
}

/// [`decode_event`] for a consumer that only reads a delta's string (the accumulator
/// appends it, [`MessageAccumulator::handle_ref`](super::MessageAccumulator::handle_ref)):
/// a text, tool-input or thinking delta in the exact form the API sends comes back as a
/// [`StrDelta`] borrowing `data`, or, when its string holds escapes, `scratch` (a buffer
/// the caller keeps across events, so that decoding allocates nothing once it has grown);
/// every other event as [`decode_event`] gives it. Same errors as [`decode_event`].
pub fn decode_event_ref<'a>(
    event: Option<&str>,
    data: &'a str,
    scratch: &'a mut String,
) -> Result<DecodedRef<'a>, StreamError> {
    if event == Some("content_block_delta") {
        if let Some((index, kind, text)) = exact_str_delta(data, scratch) {
            let text = match text {
                StrText::Plain(range) => &data[range],
                StrText::Scratch => scratch.as_str(),
            };
            return Ok(DecodedRef::StrDelta(StrDelta {
                index,
                kind,
                text: Cow::Borrowed(text),
            }));
        }
    }
    decode_event(event, data).map(|d| DecodedRef::Decoded(Box::new(d)))
}

/// Types a message event from its data object (`name` is the SSE event name, whose
/// `type` the object takes when it has none). Known keys are taken out; what is left is
/// the event's `extra`.
fn from_object(
    mut object: Map<String, Value>,
    name: &str,
    data: &str,
) -> Result<StreamEvent, StreamError> {
    let shape = |reason: String| wrong_shape(name, data, reason);
    let ty = match object.get("type") {
        None => name,
        Some(Value::String(ty)) => match ty.as_str() {
            "message_start" => "message_start",
            "content_block_start" => "content_block_start",
            "content_block_delta" => "content_block_delta",
            "content_block_stop" => "content_block_stop",
            "message_delta" => "message_delta",
            "message_stop" => "message_stop",
            _ => "",
        },
        Some(_) => "",
    };
    if ty.is_empty() {
        return Ok(StreamEvent::Unknown {
            event: Some(name.to_owned()),
            data: data.to_owned(),
        });
    }
    object.remove("type");
    let mut index = || match object.remove("index") {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|i| usize::try_from(i).ok())
            .ok_or_else(|| shape("invalid `index`".into())),
        Some(_) => Err(shape("invalid `index`".into())),
        None => Err(shape("missing `index`".into())),
    };
    Ok(match ty {
        "message_start" => {
            let message = take(&mut object, "message").map_err(shape)?;
            StreamEvent::MessageStart {
                message,
                extra: object.into(),
            }
        }
        "content_block_start" => {
            let index = index()?;
            let content_block = take(&mut object, "content_block").map_err(shape)?;
            StreamEvent::ContentBlockStart {
                index,
                content_block,
                extra: object.into(),
            }
        }
        "content_block_delta" => {
            let index = index()?;
            let delta = take(&mut object, "delta").map_err(shape)?;
            StreamEvent::ContentBlockDelta {
                index,
                delta,
                extra: object.into(),
            }
        }
        "content_block_stop" => {
            let index = index()?;
            StreamEvent::ContentBlockStop {
                index,
                extra: object.into(),
            }
        }
        "message_delta" => {
            let delta = take(&mut object, "delta").map_err(shape)?;
            let usage = take(&mut object, "usage").map_err(shape)?;
            let context_management = take(&mut object, "context_management").map_err(shape)?;
            StreamEvent::MessageDelta {
                delta,
                usage,
                context_management,
                extra: object.into(),
            }
        }
        _ => StreamEvent::MessageStop {
            extra: object.into(),
        },
    })
}

/// Takes `key` out of `object` and decodes it (an absent key decodes as `null`).
fn take<T: serde::de::DeserializeOwned>(
    object: &mut Map<String, Value>,
    key: &str,
) -> Result<T, String> {
    let field = object.remove(key).unwrap_or(Value::Null);
    serde_json::from_value(field).map_err(|e| format!("`{key}`: {e}"))
}

#[derive(Deserialize)]
enum TypeTag {
    #[serde(rename = "content_block_delta")]
    ContentBlockDelta,
    #[serde(other)]
    Other,
}

/// A `content_block_delta` event decoded in one pass (no intermediate [`Value`] except
/// for fields this version does not know).
struct FastDelta {
    ty: Option<TypeTag>,
    index: Option<usize>,
    delta: Option<ContentDelta>,
    extra: Extra,
}

impl<'de> Deserialize<'de> for FastDelta {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FastDeltaVisitor;
        impl<'de> Visitor<'de> for FastDeltaVisitor {
            type Value = FastDelta;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a content_block_delta event object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FastDelta, A::Error> {
                let mut out = FastDelta {
                    ty: None,
                    index: None,
                    delta: None,
                    extra: Extra::new(),
                };
                // A duplicate key: the last one wins, as in a parsed `Value`.
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "type" => out.ty = Some(map.next_value()?),
                        "index" => out.index = Some(map.next_value()?),
                        "delta" => out.delta = Some(map.next_value()?),
                        _ => {
                            let value: Value = map.next_value()?;
                            out.extra.insert(key, value);
                        }
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(FastDeltaVisitor)
    }
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
        // `type` first in the map either way, then the fields in their order.
        let mut fields = Map::new();
        let mut ty: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "type" {
                let value: Value = map.next_value()?;
                match value {
                    Value::String(s) => ty = Some(s),
                    other => return Err(de::Error::custom(format!("invalid delta type {other}"))),
                }
            } else {
                let value: Value = map.next_value()?;
                fields.insert(key, value);
            }
        }
        let ty = ty.ok_or_else(|| de::Error::missing_field("type"))?;
        Ok(delta_from_fields(ty, fields))
    }
}

/// Types a delta from its `type` and its other fields; a delta that does not fit the
/// known shape of its type is kept whole as [`ContentDelta::Unknown`].
fn delta_from_fields(ty: String, mut fields: Map<String, Value>) -> ContentDelta {
    let key = match ty.as_str() {
        "text_delta" => "text",
        "input_json_delta" => "partial_json",
        "thinking_delta" => "thinking",
        "signature_delta" => "signature",
        "citations_delta" => "citation",
        _ => "",
    };
    match fields.remove(key) {
        Some(Value::String(s)) if key != "citation" => {
            let extra = Extra::from(fields);
            return match key {
                "text" => ContentDelta::Text { text: s, extra },
                "partial_json" => ContentDelta::InputJson {
                    partial_json: s,
                    extra,
                },
                "thinking" => ContentDelta::Thinking { thinking: s, extra },
                _ => ContentDelta::Signature {
                    signature: s,
                    extra,
                },
            };
        }
        Some(value) if key == "citation" => match Citation::deserialize(&value) {
            Ok(citation) => {
                return ContentDelta::Citations {
                    citation: Box::new(citation),
                    extra: fields.into(),
                };
            }
            Err(_) => {
                fields.insert(key.to_owned(), value);
            }
        },
        Some(value) => {
            fields.insert(key.to_owned(), value);
        }
        None => {}
    }
    if ty == "compaction_delta" {
        // One per compaction block: the copy kept for the `Unknown` fallback is cheap.
        let value = Value::Object(fields.clone());
        if let Ok(delta) = crate::types::CompactionDelta::deserialize(&value) {
            return ContentDelta::Compaction(Box::new(delta));
        }
    }
    let mut whole = Map::new();
    whole.insert("type".into(), Value::String(ty));
    whole.extend(fields);
    ContentDelta::Unknown(Box::new(Value::Object(whole)))
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
            ContentDelta::Compaction(_) => "compaction_delta",
            ContentDelta::Unknown(v) => v.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The fields this version does not know (none for [`ContentDelta::Unknown`], which
    /// keeps everything in its value).
    pub fn extra(&self) -> Option<&Map<String, Value>> {
        match self {
            ContentDelta::Text { extra, .. }
            | ContentDelta::InputJson { extra, .. }
            | ContentDelta::Citations { extra, .. }
            | ContentDelta::Thinking { extra, .. }
            | ContentDelta::Signature { extra, .. } => Some(extra),
            ContentDelta::Compaction(delta) => Some(&delta.extra),
            ContentDelta::Unknown(_) => None,
        }
    }
}

impl Serialize for ContentDelta {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (key, extra) = match self {
            ContentDelta::Unknown(value) => return value.serialize(serializer),
            ContentDelta::Compaction(delta) => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("type", self.type_tag())?;
                if let Some(content) = &delta.content {
                    map.serialize_entry("content", content)?;
                }
                if let Some(encrypted) = &delta.encrypted_content {
                    map.serialize_entry("encrypted_content", encrypted)?;
                }
                write_extra(&mut map, &delta.extra)?;
                return map.end();
            }
            ContentDelta::Text { extra, .. } => ("text", extra),
            ContentDelta::InputJson { extra, .. } => ("partial_json", extra),
            ContentDelta::Citations { extra, .. } => ("citation", extra),
            ContentDelta::Thinking { extra, .. } => ("thinking", extra),
            ContentDelta::Signature { extra, .. } => ("signature", extra),
        };
        let mut map = serializer.serialize_map(Some(2 + extra.len()))?;
        map.serialize_entry("type", self.type_tag())?;
        match self {
            ContentDelta::Text { text: s, .. }
            | ContentDelta::InputJson {
                partial_json: s, ..
            }
            | ContentDelta::Thinking { thinking: s, .. }
            | ContentDelta::Signature { signature: s, .. } => map.serialize_entry(key, s)?,
            ContentDelta::Citations { citation, .. } => map.serialize_entry(key, citation)?,
            ContentDelta::Unknown(_) | ContentDelta::Compaction(_) => {}
        }
        write_extra(&mut map, extra)?;
        map.end()
    }
}

fn write_extra<M: SerializeMap>(map: &mut M, extra: &Map<String, Value>) -> Result<(), M::Error> {
    for (key, value) in extra {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

impl StreamEvent {
    /// The SSE event name (and the data's `type`) of this event: `message_start`, …,
    /// `ping`; an unknown event's own name, if it had one.
    pub fn event_name(&self) -> Option<&str> {
        Some(match self {
            StreamEvent::MessageStart { .. } => "message_start",
            StreamEvent::ContentBlockStart { .. } => "content_block_start",
            StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
            StreamEvent::ContentBlockStop { .. } => "content_block_stop",
            StreamEvent::MessageDelta { .. } => "message_delta",
            StreamEvent::MessageStop { .. } => "message_stop",
            StreamEvent::Ping => "ping",
            StreamEvent::Unknown { event, .. } => return event.as_deref(),
        })
    }

    /// The fields of the event this version does not know (`None` for `ping` and unknown
    /// events, whose data is kept whole).
    pub fn extra(&self) -> Option<&Map<String, Value>> {
        match self {
            StreamEvent::MessageStart { extra, .. }
            | StreamEvent::ContentBlockStart { extra, .. }
            | StreamEvent::ContentBlockDelta { extra, .. }
            | StreamEvent::ContentBlockStop { extra, .. }
            | StreamEvent::MessageDelta { extra, .. }
            | StreamEvent::MessageStop { extra } => Some(extra),
            StreamEvent::Ping | StreamEvent::Unknown { .. } => None,
        }
    }
}

/// The event's data object as the API sent it: `type`, the known fields, then `extra`.
/// An unknown event writes its data as JSON when it is JSON, else as a JSON string.
impl Serialize for StreamEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let extra = match self {
            StreamEvent::Unknown { data, .. } => {
                return match serde_json::from_str::<Value>(data) {
                    Ok(value) => value.serialize(serializer),
                    Err(_) => serializer.serialize_str(data),
                };
            }
            StreamEvent::Ping => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("type", "ping")?;
                return map.end();
            }
            StreamEvent::MessageStart { extra, .. }
            | StreamEvent::ContentBlockStart { extra, .. }
            | StreamEvent::ContentBlockDelta { extra, .. }
            | StreamEvent::ContentBlockStop { extra, .. }
            | StreamEvent::MessageDelta { extra, .. }
            | StreamEvent::MessageStop { extra } => extra,
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &self.event_name())?;
        match self {
            StreamEvent::MessageStart { message, .. } => map.serialize_entry("message", message)?,
            StreamEvent::ContentBlockStart {
                index,
                content_block,
                ..
            } => {
                map.serialize_entry("index", index)?;
                map.serialize_entry("content_block", content_block)?;
            }
            StreamEvent::ContentBlockDelta { index, delta, .. } => {
                map.serialize_entry("index", index)?;
                map.serialize_entry("delta", delta)?;
            }
            StreamEvent::ContentBlockStop { index, .. } => map.serialize_entry("index", index)?,
            StreamEvent::MessageDelta {
                delta,
                usage,
                context_management,
                ..
            } => {
                map.serialize_entry("delta", delta)?;
                map.serialize_entry("usage", usage)?;
                if let Some(cm) = context_management {
                    map.serialize_entry("context_management", cm)?;
                }
            }
            _ => {}
        }
        write_extra(&mut map, extra)?;
        map.end()
    }
}

/// Decodes an event's data object, as [`decode_event`] does for an SSE event whose name
/// is the object's `type` (an object of an unknown `type` becomes
/// [`StreamEvent::Unknown`] named by it; `error` objects are not events and fail).
impl<'de> Deserialize<'de> for StreamEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = Map::<String, Value>::deserialize(deserializer)?;
        let name = match object.get("type") {
            Some(Value::String(ty)) => ty.clone(),
            _ => return Err(de::Error::missing_field("type")),
        };
        let data = Value::Object(object).to_string();
        match decode_event(Some(&name), &data) {
            Ok(Decoded::Event(event)) => Ok(event),
            Ok(Decoded::Error(_)) => Err(de::Error::custom(
                "an `error` event is an API error, not a stream event",
            )),
            Err(e) => Err(de::Error::custom(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_stay_small_enough_to_move_cheaply() {
        // Every event is moved through the decoder, the hold-back state and the driver:
        // rare payloads are boxed and `extra` is one pointer, so a delta event stays small.
        let size = std::mem::size_of::<StreamEvent>();
        assert!(size <= 56, "StreamEvent grew to {size} bytes");
    }

    /// `string_end` one byte at a time: the rule the word-at-a-time scan must keep.
    fn string_end_bytewise(bytes: &[u8], start: usize) -> Option<(usize, bool)> {
        let mut escaped = false;
        let mut pos = start;
        loop {
            match *bytes.get(pos)? {
                b'"' => return Some((pos, escaped)),
                c if c < 0x20 => return None,
                b'\\' => {
                    escaped = true;
                    if *bytes.get(pos + 1)? < 0x20 {
                        return None;
                    }
                    pos += 2;
                }
                _ => pos += 1,
            }
        }
    }

    #[test]
    fn the_string_scan_finds_what_a_byte_by_byte_scan_finds() {
        // Every string of up to 4 bytes over bytes that matter to the scan (quote,
        // backslash, controls at the edge, space, high bytes, bytes next to the borrow
        // edges), placed at every offset of a 20-byte window: each byte's position in
        // the eight-byte word, and the tail shorter than a word.
        let alphabet = [
            b'"', b'\\', 0x00, 0x1f, b' ', b'a', 0x7f, 0x80, 0xc3, 0xff, 0x21, 0x5b,
        ];
        let mut checked = 0;
        let mut text = Vec::new();
        for len in 0..=4u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                for pad in 0..14 {
                    let mut bytes = vec![b'x'; pad];
                    bytes.extend_from_slice(&text);
                    for start in [0, pad] {
                        assert_eq!(
                            string_end(&bytes, start),
                            string_end_bytewise(&bytes, start),
                            "{bytes:?} from {start}"
                        );
                        bytes.push(b'"');
                        assert_eq!(
                            string_end(&bytes, start),
                            string_end_bytewise(&bytes, start),
                            "{bytes:?} from {start}"
                        );
                        bytes.pop();
                        checked += 2;
                    }
                }
            }
        }
        assert!(checked > 1_000_000, "{checked}");
    }

    #[test]
    fn the_string_scan_handles_runs_of_escapes_across_words() {
        // Longer strings, dense with escapes as a tool input's deltas are (`\"` at every
        // quote, escaped backslashes, an escape's two bytes split by a word's edge), drawn
        // from a fixed pseudo-random sequence.
        let alphabet = [b'\\', b'\\', b'"', b'a', b'n', 0x1f, 0xc3, b' '];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let start = (next() % 9) as usize;
            assert_eq!(
                string_end(&bytes, start),
                string_end_bytewise(&bytes, start),
                "{bytes:?} from {start}"
            );
        }
    }

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
                extra,
            }) => Some(StreamEvent::ContentBlockDelta {
                index,
                delta,
                extra,
            }),
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
            let mut scratch = String::new();
            let borrowed =
                decode_event_ref(Some("content_block_delta"), data, &mut scratch).unwrap();
            assert!(matches!(borrowed, DecodedRef::StrDelta(_)), "{data}");
            let Decoded::Event(owned) = borrowed.into_decoded() else {
                panic!("{data}")
            };
            assert_eq!(Some(owned), exact, "{data}");
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
                    delta: ContentDelta::text("Hi"),
                    extra: Extra::new(),
                }
            );
        }
    }

    #[test]
    fn every_delta_kind() {
        let cases = [
            (
                r#"{"type":"input_json_delta","partial_json":"{\"a\""}"#,
                ContentDelta::input_json("{\"a\""),
            ),
            (
                r#"{"type":"thinking_delta","thinking":"hmm"}"#,
                ContentDelta::thinking("hmm"),
            ),
            (
                r#"{"type":"signature_delta","signature":"sig"}"#,
                ContentDelta::signature("sig"),
            ),
        ];
        for (delta, expected) in cases {
            let data = format!(r#"{{"type":"content_block_delta","index":2,"delta":{delta}}}"#);
            assert_eq!(
                event("content_block_delta", &data),
                StreamEvent::ContentBlockDelta {
                    index: 2,
                    delta: expected,
                    extra: Extra::new(),
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
                    *v,
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
        assert_eq!(
            event("message_stop", "{}"),
            StreamEvent::MessageStop {
                extra: Extra::new()
            }
        );
        assert_eq!(
            event("message_stop", r#"{"type":"content_block_stop","index":3}"#),
            StreamEvent::ContentBlockStop {
                index: 3,
                extra: Extra::new()
            }
        );
    }

    #[test]
    fn non_object_data_is_a_typed_error_keeping_the_data() {
        for data in ["null", "[1,2]", "3"] {
            match decode_event(Some("message_delta"), data) {
                Err(StreamError::EventDataWrongShape { data: kept, .. }) => assert_eq!(kept, data),
                other => panic!("{data}: {other:?}"),
            }
        }
        for data in ["not json", "", "{\"type\":", "{'a': 1}"] {
            match decode_event(Some("message_delta"), data) {
                Err(StreamError::EventDataNotJson { data: kept, .. }) => assert_eq!(kept, data),
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
