//! Incremental decoders for streamed bodies.
//!
//! The Claude API streams in three framings, each with a decoder here:
//!
//! | decoder | framing | used by |
//! |---|---|---|
//! | [`SseDecoder`] | server-sent events | `messages.create` with `stream: true`, the stream helper, legacy completions |
//! | [`JsonlDecoder`] | JSON Lines | message batch results |
//! | [`PartialJson`] | JSON text arriving in fragments | `input_json_delta.partial_json` of tool-use blocks |
//!
//! On top of them: [`EventDecoder`] (SSE bytes to typed [`StreamEvent`]s, the end of the
//! stream checked), [`HoldBack`] (what a driver runs on a streamed response: the
//! retry-before-content rule) and [`MessageAccumulator`] (the stream helper's message).
//!
//! They exist because a driver reads the network in arbitrary pieces and must turn each
//! piece into events as soon as they are complete, without doing I/O here (the core is
//! sans-IO: bytes in, items out) and without the quadratic re-scanning or re-parsing that a
//! naive "append and parse everything again" loop costs on long streams.
//!
//! # Guarantees
//!
//! - **Any chunking gives the same output.** Feeding the input whole, byte by byte or in
//!   any other split produces the same items and the same errors, in the same order. A
//!   CRLF, a UTF-8 character, a JSON escape or a number may straddle two pieces.
//! - **Bounded memory.** [`SseDecoder`] and [`JsonlDecoder`] hold at most one read, one
//!   partial line and one event or line, and reject a line or event above a configurable
//!   bound with a typed error instead of growing. Their buffers are reused, so the steady
//!   state allocates nothing per event.
//! - **Linear time.** A line's bytes are searched for a terminator once, however many
//!   feeds it arrives in; [`PartialJson`] costs amortized O(fragment) per push (plus the
//!   nesting depth), never re-parsing the text received so far.
//! - **Typed errors, never a panic.** Every input, however hostile, gives items or one of
//!   [`SseError`], [`JsonlError`], [`PartialJsonError`]. The decoders are fuzzed
//!   (`fuzz/` at the repository root) with invariant checks, not only for crashes.
//!
//! Where behavior differs from the Python SDK 0.76.0, each module's docs say so and why.

mod lines;
mod text_buffer;

pub mod accumulate;
pub mod decode;
pub mod event;
pub mod event_ref;
pub mod hold_back;
pub mod items;
pub mod jsonl;
pub mod jsonl_items;
pub mod lane;
pub mod partial_json;
pub mod sse;

pub use accumulate::{Derived, HelperEvent, MessageAccumulator, OutputCheck};
pub use decode::{EventDecoder, StreamFraming};
pub use event::{ContentDelta, MessageDeltaBody, MessageDeltaUsage, StreamError, StreamEvent};
pub use event_ref::StreamEventRef;
pub use hold_back::HoldBack;
pub use items::{CompletionEvents, ItemDecoder};
pub use jsonl::{JsonlDecoder, JsonlError};
pub use jsonl_items::JsonlItems;
pub use partial_json::{PartialJson, PartialJsonError, PartialMode};
pub use sse::{OwnedSseEvent, SseDecoder, SseError, SseEvent};
