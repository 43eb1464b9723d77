//! The stream helper's engine: builds the [`Message`] a Messages stream describes, event
//! by event, and derives the helper's extra events (text and tool-input snapshots, the
//! finished block, the final message).
//!
//! This is the sans-IO counterpart of the Python SDK's `MessageStream` /
//! `accumulate_event` (0.76.0). A driver decodes SSE bytes with
//! [`SseDecoder`](super::SseDecoder) and [`decode_event`](super::event::decode_event),
//! hands every [`StreamEvent`] to [`MessageAccumulator::handle`], and yields what the
//! helper yields:
//!
//! | raw event | the helper yields |
//! |---|---|
//! | `message_start`, `content_block_start`, `message_delta` | the raw event |
//! | `content_block_delta` | the raw event, then the [`Derived`] event if `handle` returns one |
//! | `content_block_stop` | **only** [`Derived::ContentBlockStop`] (it replaces the raw event) |
//! | `message_stop` | **only** [`Derived::MessageStop`] (it replaces the raw event) |
//! | `ping`, unknown events | nothing (they are ignored here, in any state) |
//!
//! ```
//! use anthropic_core::stream::{Derived, MessageAccumulator, SseDecoder};
//! use anthropic_core::stream::event::{decode_event, Decoded};
//!
//! let body = concat!(
//!     "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",",
//!     "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],",
//!     "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n",
//!     "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,",
//!     "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
//!     "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,",
//!     "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
//!     "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
//!     "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
//! );
//! let mut sse = SseDecoder::new();
//! let mut acc = MessageAccumulator::new();
//! sse.feed(body.as_bytes());
//! sse.finish();
//! while let Some(e) = sse.next_event()? {
//!     let Decoded::Event(event) = decode_event(e.event, e.data)? else { unreachable!() };
//!     if let Some(Derived::Text { text, snapshot }) = acc.handle(&event)? {
//!         println!("{text} (so far: {snapshot})");
//!     }
//! }
//! assert_eq!(acc.finish()?.text(), "Hi");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Accumulation rules (as Python's)
//!
//! - `message_start`: the snapshot becomes a copy of its message.
//! - `content_block_start`: a copy of its block is appended. A `text`, `thinking` or tool
//!   block that lacks the fields its deltas fill (a `thinking` start without `signature`,
//!   as in the API's streaming examples) gets them empty, so it is that block and takes
//!   its deltas, as Python's unvalidated block does, instead of staying an unknown block
//!   that every delta passes by.
//! - `content_block_delta`, by delta type, when the block has the matching type:
//!   `text_delta` appends to a `text` block; `citations_delta` appends to a `text` block's
//!   citations (`null` becomes a one-element list); `thinking_delta` appends to a
//!   `thinking` block; `signature_delta` **replaces** a `thinking` block's signature;
//!   `input_json_delta` extends the input of a `tool_use`, `server_tool_use` or
//!   `mcp_tool_use` block (below). A delta for a block of another type, or of a delta type
//!   this version does not know, changes nothing and derives nothing.
//! - `message_delta`: `stop_reason`, `stop_sequence`, `container` and
//!   `context_management` are set **even when null**; `usage.output_tokens` always;
//!   `usage.input_tokens`, `cache_creation_input_tokens`, `cache_read_input_tokens` and
//!   `server_tool_use` only when not null; `cache_creation` and `service_tier` never.
//!   Usage fields this version does not know are set on the message's usage when not
//!   null (Python's helper drops them; we keep what the server sent).
//!   (Python's stable helper leaves `container` and `context_management` alone and its
//!   beta helper resets them; [`Message`] is the beta-shaped type for both, so the beta
//!   rule applies. A GA stream carries neither.)
//!
//! Derived events follow Python's: [`Derived::Text`], [`Derived::Citation`],
//! [`Derived::Thinking`] and [`Derived::Signature`] for the matching block types, and
//! [`Derived::InputJson`] for `tool_use` and `mcp_tool_use` blocks. A `server_tool_use`
//! block's input is accumulated but, as in Python, derives **no** `InputJson` event.
//!
//! # Tool input
//!
//! Each tool block keeps a [`PartialJson`] parser, fed once per `input_json_delta`
//! ([`PartialMode::On`] by default, Python's mode; Python's beta helper switches to
//! [`PartialMode::TrailingStrings`] when the request carries the
//! `fine-grained-tool-streaming-2025-05-14` beta: [`MessageAccumulator::for_request`]
//! applies that rule, and [`MessageAccumulator::with_partial_mode`] /
//! [`MessageAccumulator::set_partial_mode`] take a caller's explicit choice). [`Derived::InputJson`]'s snapshot
//! borrows the parser's current value, which is what jiter's partial mode gives for the
//! text so far. The block's `input` in the message is brought up to date only when it is
//! looked at: by [`MessageAccumulator::snapshot`], the block's `content_block_stop`,
//! `message_stop` and [`MessageAccumulator::finish`].
//!
//! - Until some non-empty text arrives, `input` stays as `content_block_start` gave it
//!   (Python's rule). It also stays so while the text received shows no value yet
//!   (whitespace, `tru`, a top-level string in `On` mode): Python raises there, although
//!   the next piece may complete the value; we wait, and raise only for text that can
//!   never become JSON.
//! - Text that can never become JSON is [`StreamError::InvalidToolInput`] on the delta
//!   that brings it, and again on the block's `content_block_stop`. The block keeps the
//!   value it showed before that delta. Python raises too, with one exception: a stray
//!   character after a finished value inside a container (`{"a":1 "b":2}`,
//!   `{"a":[1]],"b":2}`) ends jiter's partial parse quietly, and Python's tool gets
//!   `{"a":1}` with the rest dropped. We refuse it: a tool must not run on half of what
//!   the model wrote.
//! - At `content_block_stop`, complete text gives `input` := the strict parse of the whole
//!   text. Text with something after the complete value (`{"a":1}x`, which jiter
//!   ignores) is [`StreamError::InvalidToolInput`]. Text that stops before its value is
//!   complete keeps the partial value (Python's result): the API ends a tool call early
//!   when `max_tokens` cuts it, and the truncated call must still reach the caller, who
//!   sees `stop_reason: max_tokens`. Text that stops before any value began (whitespace,
//!   `tru`) is [`StreamError::InvalidToolInput`] there, as Python raised at its delta: the
//!   start input must not pass for what the model sent.
//!
//! # Where we are strict (Python is silent or corrupts the snapshot)
//!
//! | situation | Python 0.76.0 | here |
//! |---|---|---|
//! | first message event is not `message_start` | `RuntimeError` | [`StreamError::EventBeforeMessageStart`] |
//! | a second `message_start` | ignored | [`StreamError::DuplicateMessageStart`] |
//! | `content_block_start` whose index is not the next position | appended anyway, later indices misaligned | [`StreamError::UnexpectedBlockIndex`] |
//! | delta or stop for a block never started | `IndexError` | [`StreamError::UnknownBlockIndex`] |
//! | a message event after `message_stop` | accumulated | [`StreamError::EventAfterMessageStop`] |
//! | tool input with a stray character after a value inside a container (`{"a":1 "b":2}`) | the input up to it, the rest dropped | [`StreamError::InvalidToolInput`] |
//! | the stream ends without `message_stop` | ends silently | [`MessageAccumulator::finish`] returns [`StreamError::Incomplete`] with the partial message |
//!
//! An event that fails is rejected whole: the snapshot is as before it (except that a
//! failed tool-input parser keeps the text it was given). The accumulator stays usable,
//! but a driver normally ends the stream at the first error, as Python does.
//! Deltas after their block's `content_block_stop` are accumulated, as in Python.
//!
//! # Cost
//!
//! [`MessageAccumulator::handle`] costs the same however long the message grows: text and
//! thinking are appended in place (amortized O(delta)); a tool-input piece costs
//! amortized O(piece + nesting depth) in the parser, never a re-parse of the text so far;
//! no event copies the text, the input or the message. [`Derived`] borrows the
//! accumulator's state, so making it is free. What costs O(size) is done once and only
//! on request: copying a tool block's parsed input into the message (at its
//! `content_block_stop`, or in [`MessageAccumulator::snapshot`] for inputs that changed
//! since the last call), [`Derived::to_owned_event`], and cloning the accumulator.
//! `message_start` and `content_block_start` copy their (small) message and block once.

use http::HeaderMap;
use serde_json::Value;

use super::event::{
    ContentDelta, Decoded, DecodedRef, MessageDeltaBody, MessageDeltaUsage, StrDelta, StrDeltaKind,
    StreamError, StreamEvent,
};
use super::event_ref::StreamEventRef;
use super::partial_json::{PartialJson, PartialJsonError, PartialMode};
use crate::request::Exchange;
use crate::types::{Citation, ContentBlock, ContextManagementResponse, Message};

/// Builds the streamed message and derives the stream helper's events. See the module
/// docs for the rules, the errors and the cost.
///
/// Inputs: [`handle`](Self::handle) (one event at a time). Getters:
/// [`snapshot`](Self::snapshot), [`is_started`](Self::is_started),
/// [`is_complete`](Self::is_complete), [`has_content`](Self::has_content). Output:
/// [`finish`](Self::finish).
#[derive(Debug, Clone)]
pub struct MessageAccumulator {
    mode: PartialMode,
    message: Option<Box<Message>>,
    /// Parallel to `message.content`: the tool-input state of tool blocks.
    tools: Vec<Option<ToolInput>>,
    /// Indices of tool blocks whose parser changed since their input was last synced.
    dirty: Vec<usize>,
    complete: bool,
    has_content: bool,
    output: Option<OutputCheck>,
}

/// A check of each finished `text` block against a structured-output type: Python's
/// stream with an `output_format` type validates the block's text at its
/// `content_block_stop` and raises out of the iteration when it does not parse
/// (streaming.md §5.6). Made by [`OutputCheck::parses_as`]; set with
/// [`MessageAccumulator::check_output`].
#[derive(Clone, Copy)]
pub struct OutputCheck(fn(&str) -> Result<(), String>);

impl OutputCheck {
    /// A check that a block's text is JSON that decodes into `T`, as
    /// [`crate::structured::parse_output`] decodes it.
    pub fn parses_as<T: serde::de::DeserializeOwned>() -> Self {
        OutputCheck(|text| crate::structured::parse_output::<T>(text).map(drop))
    }
}

impl OutputCheck {
    /// Whether `text` decodes into the type; serde's message when it does not.
    pub fn check(&self, text: &str) -> Result<(), String> {
        (self.0)(text)
    }
}

impl std::fmt::Debug for OutputCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutputCheck")
    }
}

impl Default for MessageAccumulator {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a block's `input` reflects its parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sync {
    /// The parser changed since the last sync.
    Dirty,
    /// `input` is the parser's partial value.
    Partial,
    /// `input` is the strict parse of the whole text (after `content_block_stop`).
    Final,
}

/// The tool-input state of one tool block.
#[derive(Debug)]
struct ToolInput {
    parser: PartialJson,
    /// The input as `content_block_start` gave it (kept while no value shows).
    start: Value,
    /// Whether `input_json_delta` derives [`Derived::InputJson`] (not for `server_tool_use`).
    derive: bool,
    sync: Sync,
    /// Once a piece was rejected: the value shown before it. (The parser's own value
    /// holds what it read of the rejected piece, which the block must not show.)
    before_error: Option<Value>,
}

impl Clone for ToolInput {
    fn clone(&self) -> Self {
        Self {
            parser: self.rebuilt_parser(),
            start: self.start.clone(),
            derive: self.derive,
            sync: self.sync,
            before_error: self.before_error.clone(),
        }
    }
}

impl ToolInput {
    fn new(block: &ContentBlock, mode: PartialMode) -> Option<Self> {
        let (input, derive) = match block {
            ContentBlock::ToolUse(b) => (&b.input, true),
            ContentBlock::McpToolUse(b) => (&b.input, true),
            ContentBlock::ServerToolUse(b) => (&b.input, false),
            _ => return None,
        };
        Some(Self {
            parser: PartialJson::with_mode(mode),
            start: input.clone(),
            derive,
            sync: Sync::Partial,
            before_error: None,
        })
    }

    /// The parser fed the same text afresh. `PartialJson` gives the same state for any
    /// split of its text, so this is its exact state (a stored error included), with its
    /// value even if that was moved out.
    fn rebuilt_parser(&self) -> PartialJson {
        let mut parser = PartialJson::with_mode(self.parser.mode());
        let _ = parser.push(self.parser.raw());
        parser
    }

    /// Restores the parser's value after [`sync_final`](Self::sync_final) moved it out.
    fn rebuild(&mut self) {
        self.parser = self.rebuilt_parser();
        self.sync = Sync::Partial;
    }

    /// What the block's `input` shows while the text is not final.
    fn current(&self) -> &Value {
        match &self.before_error {
            Some(shown) => shown,
            None => self.parser.value().unwrap_or(&self.start),
        }
    }

    /// [`current`](Self::current), moved out.
    fn into_current(self) -> Value {
        match self.before_error {
            Some(shown) => shown,
            None => self.parser.into_value().unwrap_or(self.start),
        }
    }

    /// Records the value shown before the rejected piece that began at byte `base` of the
    /// text: the parser fed the text up to it again (once per block, on an error that
    /// ends the stream).
    fn reject_from(&mut self, base: usize) {
        if self.before_error.is_some() {
            return;
        }
        let mut before = PartialJson::with_mode(self.parser.mode());
        let text = self.parser.raw().get(..base).unwrap_or_default();
        let shown = match before.push(text) {
            Ok(()) => before.take_value(),
            Err(_) => None,
        };
        self.before_error = Some(shown.unwrap_or_else(|| self.start.clone()));
    }

    /// Brings `input` up to date with the parser's partial value, if it changed.
    fn sync_partial(&mut self, block: &mut ContentBlock) {
        if self.sync != Sync::Dirty {
            return;
        }
        if let Some(input) = input_mut(block) {
            *input = self.current().clone();
        }
        self.sync = Sync::Partial;
    }

    /// Sets `input` to the strict parse of the whole text (see the module docs).
    ///
    /// Spec row kept here: "text after a complete tool-input JSON value is ignored" → a
    /// typed error ([`StreamError::InvalidToolInput`]); the snapshot up to it is kept.
    fn sync_final(&mut self, block: &mut ContentBlock, index: usize) -> Result<(), StreamError> {
        if self.sync == Sync::Final {
            return Ok(());
        }
        // The value moves from the parser into the block: no copy of the input, and one
        // tree to free, not two. (A later delta for the block rebuilds the parser.)
        let value = match self.parser.take_finished() {
            Ok(v) => v,
            // Truncated text: keep the partial value, as Python does; no text at all keeps
            // the start block's input.
            Err(e @ PartialJsonError::UnexpectedEnd { .. }) => match self.parser.take_value() {
                Some(value) => value,
                None if self.parser.raw().is_empty() => self.start.clone(),
                // Text in which no value ever began (whitespace, `tru`, a top-level string
                // in `On` mode): Python fails at its delta. A tool must not be called with
                // the start input as if the model had sent it.
                None => {
                    self.sync_partial(block);
                    return Err(StreamError::InvalidToolInput {
                        index,
                        reason: e.to_string(),
                    });
                }
            },
            Err(e) => {
                self.sync_partial(block);
                return Err(StreamError::InvalidToolInput {
                    index,
                    reason: e.to_string(),
                });
            }
        };
        if let Some(input) = input_mut(block) {
            *input = value;
        }
        self.sync = Sync::Final;
        Ok(())
    }
}

/// A `content_block_start` whose block lacks the fields its deltas fill (`text`,
/// `thinking`, `signature`, a tool's `input`), completed with them empty. Such a start
/// (the API's streaming examples leave `signature` out of a thinking block's, and so do
/// some proxies) does not fit its struct and would be kept as [`ContentBlock::Unknown`],
/// and every delta for it dropped; Python's unvalidated block takes the deltas. `None`
/// when the block needs no completing or is still not a known block with it.
fn completed_start(block: &ContentBlock) -> Option<ContentBlock> {
    let ContentBlock::Unknown(Value::Object(start)) = block else {
        return None;
    };
    let filled: &[&str] = match start.get("type")?.as_str()? {
        "text" => &["text"],
        "thinking" => &["thinking", "signature"],
        "tool_use" | "server_tool_use" | "mcp_tool_use" => &["input"],
        _ => return None,
    };
    let missing: Vec<&str> = filled
        .iter()
        .copied()
        .filter(|field| !start.contains_key(*field))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut completed = start.clone();
    for field in missing {
        let empty = match field {
            "input" => Value::Object(serde_json::Map::new()),
            _ => Value::String(String::new()),
        };
        completed.insert(field.to_owned(), empty);
    }
    match serde_json::from_value(Value::Object(completed)) {
        Ok(ContentBlock::Unknown(_)) | Err(_) => None,
        Ok(known) => Some(known),
    }
}

fn input_mut(block: &mut ContentBlock) -> Option<&mut Value> {
    match block {
        ContentBlock::ToolUse(b) => Some(&mut b.input),
        ContentBlock::McpToolUse(b) => Some(&mut b.input),
        ContentBlock::ServerToolUse(b) => Some(&mut b.input),
        _ => None,
    }
}

/// An event the stream helper adds to (or puts in place of) the raw events, borrowing the
/// accumulator's state: making one costs nothing, whatever the size of the message.
///
/// Field meanings follow Python's helper events (`type` in parentheses, see
/// [`Derived::type_tag`]). Use [`Derived::to_owned_event`] where a borrowed event cannot
/// be handed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Derived<'a> {
    /// (`text`) After a `text_delta` on a `text` block.
    Text {
        /// The text the delta added.
        text: &'a str,
        /// The block's whole text so far.
        snapshot: &'a str,
    },
    /// (`input_json`) After an `input_json_delta` on a `tool_use` or `mcp_tool_use` block.
    InputJson {
        /// The delta's JSON fragment.
        partial_json: &'a str,
        /// The tool input parsed from the text so far (partial values as jiter shows them;
        /// the start block's input while no value shows).
        snapshot: &'a Value,
    },
    /// (`citation`) After a `citations_delta` on a `text` block.
    Citation {
        /// The citation the delta added.
        citation: &'a Citation,
        /// All the block's citations so far.
        snapshot: &'a [Citation],
    },
    /// (`thinking`) After a `thinking_delta` on a `thinking` block.
    Thinking {
        /// The thinking text the delta added.
        thinking: &'a str,
        /// The block's whole thinking text so far.
        snapshot: &'a str,
    },
    /// (`signature`) After a `signature_delta` on a `thinking` block.
    Signature {
        /// The block's signature (the delta's, which replaced any earlier one).
        signature: &'a str,
    },
    /// (`content_block_stop`) Replaces the raw `content_block_stop`: the finished block.
    ContentBlockStop {
        /// The block's index.
        index: usize,
        /// The block, tool input final.
        content_block: &'a ContentBlock,
    },
    /// (`message_stop`) Replaces the raw `message_stop`: the final message.
    MessageStop {
        /// The message.
        message: &'a Message,
    },
}

/// [`Derived`] with owned fields, for drivers whose iterators cannot lend.
///
/// Making one clones the snapshots it carries (the whole text so far, the whole tool
/// input, all citations, the block, the message), so it costs O(size of the message so
/// far) per event; over a long stream that adds up to quadratic. The borrowed
/// [`Derived`] is the constant-cost form.
#[derive(Debug, Clone, PartialEq)]
pub enum HelperEvent {
    /// See [`Derived::Text`].
    Text {
        /// The text the delta added.
        text: String,
        /// The block's whole text so far.
        snapshot: String,
    },
    /// See [`Derived::InputJson`].
    InputJson {
        /// The delta's JSON fragment.
        partial_json: String,
        /// The tool input parsed from the text so far.
        snapshot: Value,
    },
    /// See [`Derived::Citation`].
    Citation {
        /// The citation the delta added.
        citation: Citation,
        /// All the block's citations so far.
        snapshot: Vec<Citation>,
    },
    /// See [`Derived::Thinking`].
    Thinking {
        /// The thinking text the delta added.
        thinking: String,
        /// The block's whole thinking text so far.
        snapshot: String,
    },
    /// See [`Derived::Signature`].
    Signature {
        /// The block's signature.
        signature: String,
    },
    /// See [`Derived::ContentBlockStop`].
    ContentBlockStop {
        /// The block's index.
        index: usize,
        /// The finished block.
        content_block: Box<ContentBlock>,
    },
    /// See [`Derived::MessageStop`].
    MessageStop {
        /// The final message.
        message: Box<Message>,
    },
}

impl Derived<'_> {
    /// Python's beta `parsed_snapshot()`: a `text` event's snapshot parsed as partial
    /// JSON in [`PartialMode::TrailingStrings`] (structured output streamed as text, read
    /// as it grows). `None` for any other event; an error where jiter raises: no value
    /// shows yet (empty text), or the text is not JSON.
    ///
    /// ```
    /// use anthropic_core::stream::Derived;
    /// use serde_json::json;
    ///
    /// let event = Derived::Text { text: "Par", snapshot: r#"{"city": "Par"# };
    /// assert_eq!(event.parsed_snapshot().unwrap().unwrap(), json!({"city": "Par"}));
    /// let prose = Derived::Text { text: "Hi", snapshot: "Hi" };
    /// assert!(prose.parsed_snapshot().unwrap().is_err());
    /// ```
    pub fn parsed_snapshot(&self) -> Option<Result<Value, PartialJsonError>> {
        let Derived::Text { snapshot, .. } = self else {
            return None;
        };
        let mut parser = PartialJson::with_mode(PartialMode::TrailingStrings);
        Some(parser.push(snapshot).and_then(|()| {
            parser.take_value().ok_or(PartialJsonError::UnexpectedEnd {
                offset: snapshot.len(),
            })
        }))
    }

    /// Python's `type` of this helper event: `text`, `input_json`, `citation`,
    /// `thinking`, `signature`, `content_block_stop` or `message_stop`.
    pub fn type_tag(&self) -> &'static str {
        match self {
            Derived::Text { .. } => "text",
            Derived::InputJson { .. } => "input_json",
            Derived::Citation { .. } => "citation",
            Derived::Thinking { .. } => "thinking",
            Derived::Signature { .. } => "signature",
            Derived::ContentBlockStop { .. } => "content_block_stop",
            Derived::MessageStop { .. } => "message_stop",
        }
    }

    /// The owned form. Clones the snapshots: O(size of the message so far), unlike the
    /// borrowed form (see [`HelperEvent`]).
    pub fn to_owned_event(&self) -> HelperEvent {
        match *self {
            Derived::Text { text, snapshot } => HelperEvent::Text {
                text: text.to_owned(),
                snapshot: snapshot.to_owned(),
            },
            Derived::InputJson {
                partial_json,
                snapshot,
            } => HelperEvent::InputJson {
                partial_json: partial_json.to_owned(),
                snapshot: snapshot.clone(),
            },
            Derived::Citation { citation, snapshot } => HelperEvent::Citation {
                citation: citation.clone(),
                snapshot: snapshot.to_vec(),
            },
            Derived::Thinking { thinking, snapshot } => HelperEvent::Thinking {
                thinking: thinking.to_owned(),
                snapshot: snapshot.to_owned(),
            },
            Derived::Signature { signature } => HelperEvent::Signature {
                signature: signature.to_owned(),
            },
            Derived::ContentBlockStop {
                index,
                content_block,
            } => HelperEvent::ContentBlockStop {
                index,
                content_block: Box::new(content_block.clone()),
            },
            Derived::MessageStop { message } => HelperEvent::MessageStop {
                message: Box::new(message.clone()),
            },
        }
    }
}

impl HelperEvent {
    /// Python's `type` of this helper event (see [`Derived::type_tag`]).
    pub fn type_tag(&self) -> &'static str {
        match self {
            HelperEvent::Text { .. } => "text",
            HelperEvent::InputJson { .. } => "input_json",
            HelperEvent::Citation { .. } => "citation",
            HelperEvent::Thinking { .. } => "thinking",
            HelperEvent::Signature { .. } => "signature",
            HelperEvent::ContentBlockStop { .. } => "content_block_stop",
            HelperEvent::MessageStop { .. } => "message_stop",
        }
    }
}

impl<'a> From<Derived<'a>> for HelperEvent {
    fn from(d: Derived<'a>) -> Self {
        d.to_owned_event()
    }
}

/// The beta that makes Python's beta helper parse tool input in its tolerant mode.
pub const FINE_GRAINED_TOOL_STREAMING: &str = "fine-grained-tool-streaming-2025-05-14";

/// The partial-JSON mode Python's stream helper uses for a request: the beta helper
/// (`beta` true: `client.beta().messages().stream(..)`) uses
/// [`PartialMode::TrailingStrings`] when the request's `anthropic-beta` header, as sent
/// (the user's own headers included), contains [`FINE_GRAINED_TOOL_STREAMING`]; every
/// other request uses [`PartialMode::On`] (the GA helper always does, whatever the header).
pub fn helper_partial_mode(beta: bool, headers: &HeaderMap) -> PartialMode {
    let fine_grained = headers
        .get_all("anthropic-beta")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(FINE_GRAINED_TOOL_STREAMING));
    if beta && fine_grained {
        PartialMode::TrailingStrings
    } else {
        PartialMode::On
    }
}

/// The wire `type` of a message event, for errors.
fn event_name(event: &StreamEvent) -> Option<&'static str> {
    Some(match event {
        StreamEvent::MessageStart { .. } => "message_start",
        StreamEvent::ContentBlockStart { .. } => "content_block_start",
        StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
        StreamEvent::ContentBlockStop { .. } => "content_block_stop",
        StreamEvent::MessageDelta { .. } => "message_delta",
        StreamEvent::MessageStop { .. } => "message_stop",
        StreamEvent::Ping | StreamEvent::Unknown { .. } => return None,
    })
}

impl MessageAccumulator {
    /// An accumulator parsing tool inputs in [`PartialMode::On`] (Python's default).
    pub fn new() -> Self {
        Self::with_partial_mode(PartialMode::On)
    }

    /// An accumulator parsing tool inputs in the given mode.
    /// [`PartialMode::TrailingStrings`] matches Python's beta helper when the request's
    /// `anthropic-beta` header holds `fine-grained-tool-streaming-2025-05-14`: strings
    /// still arriving show in [`Derived::InputJson`] snapshots.
    pub fn with_partial_mode(mode: PartialMode) -> Self {
        Self {
            mode,
            message: None,
            tools: Vec::new(),
            dirty: Vec::new(),
            complete: false,
            has_content: false,
            output: None,
        }
    }

    /// The stream helper's accumulator for the request `exchange` sends, in the mode
    /// Python's helper picks for it (see [`helper_partial_mode`]).
    pub fn for_request<T>(exchange: &Exchange<T>) -> Self {
        let beta = exchange
            .call()
            .query()
            .iter()
            .any(|(k, v)| k == "beta" && v == "true");
        Self::with_partial_mode(helper_partial_mode(beta, exchange.headers()))
    }

    /// The tool-input parsing mode.
    pub fn partial_mode(&self) -> PartialMode {
        self.mode
    }

    /// Changes the tool-input parsing mode for the tool blocks that start from now on
    /// (a block keeps the mode it started with). A stream helper calls it before the
    /// first event, when its user chose a mode.
    pub fn set_partial_mode(&mut self, mode: PartialMode) {
        self.mode = mode;
    }

    /// Checks every finished `text` block with `check` at its `content_block_stop`; a
    /// block that fails is [`StreamError::InvalidOutput`] there (the block stays in the
    /// message as received).
    pub fn check_output(&mut self, check: OutputCheck) {
        self.output = Some(check);
    }

    /// Whether `message_start` was received.
    pub fn is_started(&self) -> bool {
        self.message.is_some()
    }

    /// Whether `message_stop` was received.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Whether at least one `content_block_delta` was accepted (of any delta type, matching
    /// its block or not).
    pub fn has_content(&self) -> bool {
        self.has_content
    }

    /// The message so far, or `None` before `message_start`.
    ///
    /// Tool inputs that changed since the last look are copied into the message first
    /// (O(input size) each); everything else is already in place.
    pub fn snapshot(&mut self) -> Option<&Message> {
        self.sync_dirty();
        self.message.as_deref()
    }

    /// The final message. If `message_stop` never came, [`StreamError::Incomplete`]
    /// carrying everything received (`partial` is `None` if `message_start` never came
    /// either).
    pub fn finish(mut self) -> Result<Message, StreamError> {
        let Some(mut message) = self.message.take() else {
            return Err(StreamError::Incomplete { partial: None });
        };
        // Owned now: move the parsed inputs instead of copying them.
        for index in std::mem::take(&mut self.dirty) {
            let (Some(slot), Some(block)) =
                (self.tools.get_mut(index), message.content.get_mut(index))
            else {
                continue;
            };
            let Some(tool) = slot.take() else { continue };
            if tool.sync != Sync::Dirty {
                continue;
            }
            if let Some(input) = input_mut(block) {
                *input = tool.into_current();
            }
        }
        if self.complete {
            Ok(*message)
        } else {
            Err(StreamError::Incomplete {
                partial: Some(message),
            })
        }
    }

    /// The message so far as a final answer, without consuming the accumulator: a copy of
    /// it if `message_stop` arrived, else [`StreamError::Incomplete`] carrying the partial
    /// message. Stream helpers call this at the end of the stream (and may call it again).
    pub fn final_message(&mut self) -> Result<Message, StreamError> {
        let complete = self.complete;
        match self.snapshot() {
            Some(message) if complete => Ok(message.clone()),
            _ => Err(self.incomplete()),
        }
    }

    /// The final message's text (every `text` block, concatenated). A message without a
    /// `text` block is [`StreamError::NoTextBlock`], naming the block types it has.
    pub fn final_text(&mut self) -> Result<String, StreamError> {
        let message = self.final_message()?;
        if !message
            .content
            .iter()
            .any(|b| matches!(b, ContentBlock::Text(_)))
        {
            let types: Vec<&str> = message
                .content
                .iter()
                .map(|b| b.type_tag().unwrap_or("unknown"))
                .collect();
            return Err(StreamError::NoTextBlock {
                block_types: types.join(","),
            });
        }
        Ok(message.text())
    }

    /// [`StreamError::Incomplete`] with a copy of everything received so far: what a
    /// stream that ended early (or broke) reports.
    pub fn incomplete(&mut self) -> StreamError {
        StreamError::Incomplete {
            partial: self.snapshot().cloned().map(Box::new),
        }
    }

    fn sync_dirty(&mut self) {
        let Some(message) = self.message.as_deref_mut() else {
            return;
        };
        for index in self.dirty.drain(..) {
            if let (Some(Some(tool)), Some(block)) =
                (self.tools.get_mut(index), message.content.get_mut(index))
            {
                tool.sync_partial(block);
            }
        }
    }

    /// Applies one event and returns the helper's derived event, if any (see the module
    /// docs for which raw events it follows or replaces).
    ///
    /// `ping` and unknown events are ignored in every state. An error rejects the event
    /// and leaves the snapshot as it was.
    pub fn handle(&mut self, event: &StreamEvent) -> Result<Option<Derived<'_>>, StreamError> {
        let Some(name) = event_name(event) else {
            return Ok(None);
        };
        if self.complete {
            return Err(StreamError::EventAfterMessageStop { event: name });
        }
        if self.message.is_none() {
            let StreamEvent::MessageStart { message, .. } = event else {
                return Err(StreamError::EventBeforeMessageStart { event: name });
            };
            let mode = self.mode;
            self.tools = message
                .content
                .iter()
                .map(|b| ToolInput::new(b, mode))
                .collect();
            self.message = Some(message.clone());
            return Ok(None);
        }
        match event {
            StreamEvent::MessageStart { .. } => Err(StreamError::DuplicateMessageStart),
            StreamEvent::ContentBlockStart {
                index,
                content_block,
                ..
            } => self.start_block(*index, content_block),
            StreamEvent::ContentBlockDelta { index, delta, .. } => self.apply_delta(*index, delta),
            StreamEvent::ContentBlockStop { index, .. } => self.stop_block(*index),
            StreamEvent::MessageDelta {
                delta,
                usage,
                context_management,
                ..
            } => {
                self.merge_delta(delta, usage, context_management);
                Ok(None)
            }
            StreamEvent::MessageStop { .. } => {
                self.sync_dirty();
                self.complete = true;
                Ok(self
                    .message
                    .as_deref()
                    .map(|message| Derived::MessageStop { message }))
            }
            StreamEvent::Ping | StreamEvent::Unknown { .. } => Ok(None),
        }
    }

    /// [`handle`](Self::handle) for an event from
    /// [`decode_event_ref`](super::event::decode_event_ref): a string delta is applied
    /// from the borrowed text (no owned event, no copy but the append), anything else as
    /// [`handle`](Self::handle) applies it. The result, errors included, is the same as
    /// handling the owned event ([`DecodedRef::into_decoded`](super::event::DecodedRef::into_decoded)).
    /// An `error` event ([`Decoded::Error`]) is not a message
    /// event: it changes nothing here (the driver turns it into an API error).
    pub fn handle_ref(
        &mut self,
        event: &DecodedRef<'_>,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        match event {
            DecodedRef::StrDelta(d) => self.handle_str(d),
            DecodedRef::Decoded(decoded) => match &**decoded {
                Decoded::Event(event) => self.handle(event),
                Decoded::Error(_) => Ok(None),
            },
        }
    }

    /// [`handle`](Self::handle) for an event a client lent out (`next_ref`): a string
    /// delta is applied from the borrowed text, anything else as `handle` applies it;
    /// the same as handling [`StreamEventRef::into_owned`].
    pub fn handle_event_ref(
        &mut self,
        event: &StreamEventRef<'_>,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        match event {
            StreamEventRef::StrDelta(d) => self.handle_str(d),
            StreamEventRef::Event(event) => self.handle(event),
        }
    }

    fn handle_str(&mut self, d: &StrDelta<'_>) -> Result<Option<Derived<'_>>, StreamError> {
        if self.complete {
            return Err(StreamError::EventAfterMessageStop {
                event: "content_block_delta",
            });
        }
        if self.message.is_none() {
            return Err(StreamError::EventBeforeMessageStart {
                event: "content_block_delta",
            });
        }
        self.apply_str(d.index, d.kind, &d.text)
    }

    fn start_block(
        &mut self,
        index: usize,
        block: &ContentBlock,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        let Some(message) = self.message.as_deref_mut() else {
            return Ok(None);
        };
        let expected = message.content.len();
        if index != expected {
            return Err(StreamError::UnexpectedBlockIndex { index, expected });
        }
        let block = completed_start(block).unwrap_or_else(|| block.clone());
        // Keep `tools` exactly parallel to `content`.
        self.tools.resize_with(expected, || None);
        self.tools.push(ToolInput::new(&block, self.mode));
        message.content.push(block);
        Ok(None)
    }

    fn unknown_index(&self, event: &'static str, index: usize) -> StreamError {
        StreamError::UnknownBlockIndex {
            event,
            index,
            blocks: self.message.as_ref().map_or(0, |m| m.content.len()),
        }
    }

    fn apply_delta(
        &mut self,
        index: usize,
        delta: &ContentDelta,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        match delta {
            ContentDelta::Text { text, .. } => {
                return self.apply_str(index, StrDeltaKind::Text, text);
            }
            ContentDelta::InputJson { partial_json, .. } => {
                return self.apply_str(index, StrDeltaKind::InputJson, partial_json);
            }
            ContentDelta::Thinking { thinking, .. } => {
                return self.apply_str(index, StrDeltaKind::Thinking, thinking);
            }
            _ => {}
        }
        let blocks = self.message.as_ref().map_or(0, |m| m.content.len());
        if index >= blocks {
            return Err(self.unknown_index("content_block_delta", index));
        }
        self.has_content = true;
        let Some(block) = self
            .message
            .as_deref_mut()
            .and_then(|m| m.content.get_mut(index))
        else {
            return Ok(None);
        };
        Ok(match (delta, block) {
            (ContentDelta::Citations { citation, .. }, ContentBlock::Text(b)) => {
                // Python: null or empty becomes `[citation]`, else appended (the same here).
                let list = b.citations.get_or_insert_with(Vec::new);
                list.push((**citation).clone());
                list.split_last().map(|(citation, _)| Derived::Citation {
                    citation,
                    snapshot: list,
                })
            }
            (ContentDelta::Signature { signature, .. }, ContentBlock::Thinking(b)) => {
                // Replaced, not appended (Python's rule); the buffer is reused.
                b.signature.clear();
                b.signature.push_str(signature);
                Some(Derived::Signature {
                    signature: &b.signature,
                })
            }
            (ContentDelta::Compaction(d), ContentBlock::Compaction(b)) => {
                b.apply(d);
                None
            }
            // A mismatched block type, or a delta type this version does not know.
            _ => None,
        })
    }

    /// A text, thinking or tool-input delta (owned or borrowed: the same rules).
    fn apply_str(
        &mut self,
        index: usize,
        kind: StrDeltaKind,
        text: &str,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        let blocks = self.message.as_ref().map_or(0, |m| m.content.len());
        if index >= blocks {
            return Err(self.unknown_index("content_block_delta", index));
        }
        self.has_content = true;
        if kind == StrDeltaKind::InputJson {
            return self.apply_input_json(index, text);
        }
        let Some(block) = self
            .message
            .as_deref_mut()
            .and_then(|m| m.content.get_mut(index))
        else {
            return Ok(None);
        };
        Ok(match (kind, block) {
            (StrDeltaKind::Text, ContentBlock::Text(b)) => {
                let start = b.text.len();
                b.text.push_str(text);
                Some(Derived::Text {
                    text: b.text.get(start..).unwrap_or_default(),
                    snapshot: &b.text,
                })
            }
            (StrDeltaKind::Thinking, ContentBlock::Thinking(b)) => {
                let start = b.thinking.len();
                b.thinking.push_str(text);
                Some(Derived::Thinking {
                    thinking: b.thinking.get(start..).unwrap_or_default(),
                    snapshot: &b.thinking,
                })
            }
            // A mismatched block type.
            _ => None,
        })
    }

    fn apply_input_json(
        &mut self,
        index: usize,
        partial_json: &str,
    ) -> Result<Option<Derived<'_>>, StreamError> {
        let Some(Some(tool)) = self.tools.get_mut(index) else {
            // Not a tool block: ignored, as Python does.
            return Ok(None);
        };
        if tool.sync == Sync::Final {
            // A delta after the block's `content_block_stop` (accumulated, as in Python):
            // the final value moved into the block, so the parser is rebuilt from the text.
            tool.rebuild();
        }
        if partial_json.is_empty() && tool.parser.error().is_none() {
            // Nothing changes; Python still emits the event (with the same snapshot).
            return Ok(tool.derive.then(|| Derived::InputJson {
                partial_json: "",
                snapshot: tool.current(),
            }));
        }
        let base = tool.parser.raw().len();
        let pushed = tool.parser.push(partial_json);
        if tool.sync != Sync::Dirty {
            tool.sync = Sync::Dirty;
            self.dirty.push(index);
        }
        if let Err(e) = pushed {
            tool.reject_from(base);
            return Err(StreamError::InvalidToolInput {
                index,
                reason: e.to_string(),
            });
        }
        Ok(tool.derive.then(|| Derived::InputJson {
            partial_json: tool.parser.raw().get(base..).unwrap_or_default(),
            snapshot: tool.current(),
        }))
    }

    fn stop_block(&mut self, index: usize) -> Result<Option<Derived<'_>>, StreamError> {
        let blocks = self.message.as_ref().map_or(0, |m| m.content.len());
        if index >= blocks {
            return Err(self.unknown_index("content_block_stop", index));
        }
        let Some(block) = self
            .message
            .as_deref_mut()
            .and_then(|m| m.content.get_mut(index))
        else {
            return Ok(None);
        };
        if let Some(Some(tool)) = self.tools.get_mut(index) {
            tool.sync_final(block, index)?;
        }
        if let (Some(output), ContentBlock::Text(text)) = (self.output, &*block) {
            output
                .check(&text.text)
                .map_err(|reason| StreamError::InvalidOutput { index, reason })?;
        }
        Ok(Some(Derived::ContentBlockStop {
            index,
            content_block: block,
        }))
    }

    fn merge_delta(
        &mut self,
        delta: &MessageDeltaBody,
        usage: &MessageDeltaUsage,
        context_management: &Option<Box<ContextManagementResponse>>,
    ) {
        let Some(m) = self.message.as_deref_mut() else {
            return;
        };
        // Set even when null (Python's rule; a later `delta: {}` resets them).
        m.stop_reason = delta.stop_reason.clone();
        m.stop_sequence = delta.stop_sequence.clone();
        m.stop_details = delta.stop_details.as_deref().cloned();
        m.container = delta.container.clone();
        m.context_management = context_management.as_deref().cloned();
        let u = &mut m.usage;
        u.output_tokens = usage.output_tokens;
        if let Some(v) = usage.input_tokens {
            u.input_tokens = v;
        }
        if let Some(v) = usage.cache_creation_input_tokens {
            u.cache_creation_input_tokens = Some(v);
        }
        if let Some(v) = usage.cache_read_input_tokens {
            u.cache_read_input_tokens = Some(v);
        }
        if let Some(v) = &usage.server_tool_use {
            u.server_tool_use = Some(v.clone());
        }
        // Counters this version does not know: set when not null, as the known optional
        // ones are. (Python's helper drops them; the raw event keeps them, so we do too.)
        // `cache_creation` and `service_tier` are fields of the message's usage only: a
        // delta never changes them (Python's rule).
        for (key, value) in &usage.extra {
            if !value.is_null() && !matches!(key.as_str(), "cache_creation" | "service_tier") {
                u.extra.insert(key.clone(), value.clone());
            }
        }
    }
}
