//! Incremental server-sent events (SSE) decoder.
//!
//! # Use
//!
//! ```
//! use anthropic_core::stream::SseDecoder;
//!
//! let mut decoder = SseDecoder::new();
//! let mut names = Vec::new();
//! for chunk in [&b"event: ping\ndata: {}\n"[..], b"\nevent: message_stop\r", b"\ndata: {}\r\n\r\n"] {
//!     decoder.feed(chunk);
//!     // Drain every complete event before feeding more.
//!     while let Some(event) = decoder.next_event()? {
//!         names.push(event.event_type().to_owned());
//!     }
//! }
//! decoder.finish();
//! while let Some(event) = decoder.next_event()? {
//!     names.push(event.event_type().to_owned());
//! }
//! assert_eq!(names, ["ping", "message_stop"]);
//! # Ok::<(), anthropic_core::stream::SseError>(())
//! ```
//!
//! The loop is: [`SseDecoder::feed`] the bytes of one read, call
//! [`SseDecoder::next_event`] until it returns `Ok(None)`, repeat; at the end of the body
//! call [`SseDecoder::finish`] and drain once more. Events borrow the decoder's buffers,
//! which are reused: once the buffers have grown to the largest event, decoding allocates
//! nothing. Memory held is one read's bytes plus one partial line plus one event.
//!
//! # How it decodes
//!
//! Two paths give the same events. The fast path takes a whole event of the shape every
//! Claude API event has, `event: NAME\ndata: DATA\n\n` (the `event` line optional), found
//! complete in the buffer: two `memchr` scans find its line ends, name and data are
//! borrowed from the buffer in place, and each is checked for UTF-8 once. Everything
//! else (comments, `id`, `retry`, CR line ends, several `data` lines, a BOM, an event
//! still arriving, anything over the bound) goes line by line through the general path,
//! which implements every rule below and copies fields into reusable buffers. The fast
//! path never consumes a byte unless it returns the whole event, and it never rescans
//! a line the general path is still waiting on, so decoding stays exact on every split
//! and linear on a long line fed in small pieces.
//!
//! # Rules
//!
//! These follow the Python SDK 0.76.0 (`SSEDecoder` in `anthropic/_streaming.py`), except
//! where marked **differs**:
//!
//! - Lines end in CR, LF or CRLF. A CR at the end of one feed and an LF at the start of
//!   the next are one line end (**differs**: Python can see an extra empty line there).
//! - A UTF-8 byte order mark at the very start of the stream is stripped (**differs**:
//!   Python keeps it, so the first field name becomes `\u{feff}event` and the first event
//!   loses its name). Only the first line of the stream is checked.
//! - Each line must be valid UTF-8 (checked once the whole line is in, so characters split
//!   across feeds are fine); otherwise [`SseError::InvalidUtf8`].
//! - An empty line dispatches. A line starting with `:` is a comment. Otherwise the line
//!   is split at its first colon into field name and value (no colon: the whole line is the
//!   name, the value is empty), and one leading space is removed from the value.
//! - `event`: sets the event name (last one wins). `data`: appends a data line; the lines
//!   are joined with `\n`. `id`: sets the last event id unless the value contains NUL; the
//!   last event id is never reset and is attached to every later event. `retry`: sets the
//!   retry for this event if the value is one or more ASCII digits that fit in a `u64`,
//!   otherwise the line is ignored (**differs**: Python's `int()` also accepts a sign,
//!   surrounding whitespace, `_` separators and non-ASCII digits; the SSE standard allows
//!   ASCII digits only, and the API never sends `retry`). Names are case-sensitive; other
//!   names are ignored.
//! - Dispatch happens on an empty line when there is an event name, a data line, a
//!   non-empty last event id or a retry. This matches Python and deliberately differs from
//!   the SSE standard, which skips events without data: an `event: ping` block with no
//!   `data` line produces an event with data `""`, and once a non-empty id was seen every
//!   extra empty line produces an empty event carrying that id.
//! - After [`SseDecoder::finish`], an unterminated last line is still checked and applied,
//!   but an event not closed by an empty line is **dropped**, as in Python and the SSE
//!   standard. [`SseDecoder::has_incomplete_event`] tells a driver that this happened.
//!
//! # Bounds
//!
//! [`SseDecoder::max_event_size`] (default 16 MiB) bounds both one line (complete or
//! still arriving: [`SseError::LineTooLong`]) and one event's name plus joined data
//! ([`SseError::EventTooLarge`]). Errors are sticky: once one is returned, every later
//! call to [`SseDecoder::next_event`] returns it again.

use std::fmt;
use std::ops::Range;

use super::lines::{LineSplitter, LineTooLong};

/// Default bound on one event (and one line), in bytes: 16 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched event, borrowing the decoder's buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEvent<'a> {
    /// The `event` field; `None` when absent or empty, which means the default `message`.
    pub event: Option<&'a str>,
    /// The `data` lines joined with `\n`; `""` when there were none.
    pub data: &'a str,
    /// The last event id seen on the stream so far (not reset between events).
    pub id: Option<&'a str>,
    /// The `retry` field of this event, in milliseconds.
    pub retry: Option<u64>,
}

impl SseEvent<'_> {
    /// The event type: the `event` field, or `"message"` when there is none.
    pub fn event_type(&self) -> &str {
        self.event.unwrap_or("message")
    }

    /// Copies the event out of the decoder's buffers.
    pub fn to_owned_event(&self) -> OwnedSseEvent {
        OwnedSseEvent {
            event: self.event.map(str::to_owned),
            data: self.data.to_owned(),
            id: self.id.map(str::to_owned),
            retry: self.retry,
        }
    }
}

/// An [`SseEvent`] that owns its strings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnedSseEvent {
    /// See [`SseEvent::event`].
    pub event: Option<String>,
    /// See [`SseEvent::data`].
    pub data: String,
    /// See [`SseEvent::id`].
    pub id: Option<String>,
    /// See [`SseEvent::retry`].
    pub retry: Option<u64>,
}

/// Why SSE decoding failed. Offsets count bytes from the start of the stream (a stripped
/// byte order mark included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// A line is not valid UTF-8.
    InvalidUtf8 {
        /// Offset of the first byte that is not part of a valid UTF-8 sequence.
        offset: u64,
    },
    /// A line (complete or still arriving) is longer than the bound.
    LineTooLong {
        /// The bound in bytes.
        limit: usize,
        /// Offset of the line's first byte.
        offset: u64,
    },
    /// The event's name plus joined data grew beyond the bound.
    EventTooLarge {
        /// The bound in bytes.
        limit: usize,
        /// Offset of the line that made the event too large.
        offset: u64,
    },
    /// [`SseDecoder::feed`] was called after [`SseDecoder::finish`].
    FedAfterFinish,
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 in event stream at byte {offset}")
            }
            Self::LineTooLong { limit, offset } => write!(
                f,
                "event stream line at byte {offset} is longer than the limit of {limit} bytes"
            ),
            Self::EventTooLarge { limit, offset } => write!(
                f,
                "event stream event grew beyond the limit of {limit} bytes at byte {offset}"
            ),
            Self::FedAfterFinish => f.write_str("event stream input fed after finish()"),
        }
    }
}

impl std::error::Error for SseError {}

/// The fields of the event being built.
#[derive(Debug, Default)]
struct Pending {
    event: String,
    data: String,
    data_lines: usize,
    retry: Option<u64>,
    last_id: Option<String>,
}

impl Pending {
    fn should_dispatch(&self) -> bool {
        !self.event.is_empty()
            || self.data_lines > 0
            || self.last_id.as_deref().is_some_and(|id| !id.is_empty())
            || self.retry.is_some()
    }

    fn reset(&mut self) {
        self.event.clear();
        self.data.clear();
        self.data_lines = 0;
        self.retry = None;
    }

    fn size(&self) -> usize {
        self.event.len() + self.data.len()
    }
}

/// Incremental SSE decoder: bytes in, borrowed [`SseEvent`]s out. See the module docs.
#[derive(Debug)]
pub struct SseDecoder {
    lines: LineSplitter,
    pending: Pending,
    /// The previous call returned an event: reset its fields before continuing.
    dispatched: bool,
    /// The first line of the stream is still to come (BOM check).
    first_line: bool,
    max_event: usize,
    error: Option<SseError>,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder for one stream, with the default bound ([`DEFAULT_MAX_EVENT_SIZE`]).
    pub fn new() -> Self {
        Self {
            lines: LineSplitter::new(DEFAULT_MAX_EVENT_SIZE),
            pending: Pending::default(),
            dispatched: false,
            first_line: true,
            max_event: DEFAULT_MAX_EVENT_SIZE,
            error: None,
        }
    }

    /// Sets the bound, in bytes, on one line and on one event's name plus joined data.
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event = bytes;
        self.lines.set_max_line(bytes);
        self
    }

    /// The bound set by [`SseDecoder::max_event_size`].
    pub fn get_max_event_size(&self) -> usize {
        self.max_event
    }

    /// Appends the bytes of one read. Any split is fine: a line, a CRLF or a UTF-8
    /// character may straddle two feeds. Feeding after [`SseDecoder::finish`] makes the
    /// next [`SseDecoder::next_event`] return [`SseError::FedAfterFinish`].
    pub fn feed(&mut self, input: &[u8]) {
        if self.lines.is_eof() {
            if !input.is_empty() && self.error.is_none() {
                self.error = Some(SseError::FedAfterFinish);
            }
            return;
        }
        if self.error.is_some() {
            // Failed for good: hold no more input.
            return;
        }
        self.lines.feed(input);
    }

    /// Signals the end of the body. Afterwards [`SseDecoder::next_event`] returns the
    /// events still buffered; an unterminated last line is applied, and an event without
    /// its closing empty line is dropped.
    pub fn finish(&mut self) {
        self.lines.finish();
    }

    /// Whether [`SseDecoder::finish`] was called.
    pub fn is_finished(&self) -> bool {
        self.lines.is_eof()
    }

    /// Whether bytes or fields of an event not yet closed by an empty line are held. After
    /// [`SseDecoder::finish`] and a final `Ok(None)`, `true` means the stream ended in the
    /// middle of an event, which was dropped.
    pub fn has_incomplete_event(&self) -> bool {
        let p = &self.pending;
        self.lines.pending() > 0
            || (!self.dispatched && (!p.event.is_empty() || p.data_lines > 0 || p.retry.is_some()))
    }

    /// The next complete event, or `Ok(None)` when more input is needed (or, after
    /// [`SseDecoder::finish`], when the stream is done).
    pub fn next_event(&mut self) -> Result<Option<SseEvent<'_>>, SseError> {
        match self.advance()? {
            Some(ready) => self.emit(ready),
            None => Ok(None),
        }
    }

    /// Finds the next complete event in the buffer without borrowing it (so a caller can
    /// loop on it); [`SseDecoder::emit`] hands it out.
    fn advance(&mut self) -> Result<Option<Ready>, SseError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.clear_dispatched();
        if let Some(found) = self.scan_in_place() {
            return Ok(Some(Ready::InPlace(found)));
        }
        match self.advance_inner() {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(Ready::Pending)),
            Err(e) => {
                self.error = Some(e.clone());
                Err(e)
            }
        }
    }

    fn emit(&mut self, ready: Ready) -> Result<Option<SseEvent<'_>>, SseError> {
        match ready {
            Ready::InPlace(found) => self.in_place_event(found),
            Ready::Pending => {
                let p = &self.pending;
                Ok(Some(SseEvent {
                    event: (!p.event.is_empty()).then_some(p.event.as_str()),
                    data: &p.data,
                    id: p.last_id.as_deref(),
                    retry: p.retry,
                }))
            }
        }
    }

    /// [`feed`](Self::feed) and [`next_event`](Self::next_event) in one, without copying
    /// the input where it can be decoded where it lies: while the decoder holds no partial
    /// line or event, a whole event of the common shape at the start of `input` is
    /// returned borrowing `input` itself, and `input` is advanced past it. Anything else
    /// (an event straddling two reads, a comment, CR line ends, …) is fed a line at a
    /// time, as `feed` would take it, until an event is complete or `input` is used up;
    /// so only the lines that need it are copied into the decoder's buffer.
    ///
    /// Loop until `Ok(None)` (then `input` is empty: read more); the events, errors and
    /// offsets are exactly those of `feed(input)` followed by `next_event` until `Ok(None)`:
    ///
    /// ```
    /// use anthropic_core::stream::SseDecoder;
    ///
    /// let mut decoder = SseDecoder::new();
    /// let mut names = Vec::new();
    /// for chunk in [&b"event: a\ndata: 1\n\nevent: b\nda"[..], b"ta: 2\n\n"] {
    ///     let mut rest = chunk;
    ///     while let Some(event) = decoder.next_event_from(&mut rest)? {
    ///         names.push(event.event_type().to_owned());
    ///     }
    ///     assert!(rest.is_empty());
    /// }
    /// assert_eq!(names, ["a", "b"]);
    /// # Ok::<(), anthropic_core::stream::SseError>(())
    /// ```
    pub fn next_event_from<'s, 'i: 's>(
        &'s mut self,
        input: &mut &'i [u8],
    ) -> Result<Option<SseEvent<'s>>, SseError> {
        while !input.is_empty() {
            if self.error.is_some() {
                // Failed for good: the input is dropped, as `feed` drops it.
                *input = &[];
                break;
            }
            if self.lines.is_drained() {
                self.clear_dispatched();
                if let Some(found) = self
                    .no_event_pending()
                    .then(|| InPlace::scan(input, 0, self.max_event))
                    .flatten()
                {
                    return self.input_event(found, input);
                }
            }
            // One line (or the rest) through the buffer; any split gives the same events.
            let n = memchr::memchr(b'\n', input).map_or(input.len(), |i| i + 1);
            self.feed(&input[..n]);
            *input = &input[n..];
            if let Some(ready) = self.advance()? {
                return self.emit(ready);
            }
        }
        self.next_event()
    }

    /// Clears the fields of the event the previous call returned.
    fn clear_dispatched(&mut self) {
        if self.dispatched {
            self.dispatched = false;
            self.pending.reset();
        }
    }

    /// Whether no event is being built (after [`clear_dispatched`](Self::clear_dispatched)),
    /// so that the next complete line starts a fresh event: the condition for decoding an
    /// event in place.
    fn no_event_pending(&self) -> bool {
        let p = &self.pending;
        !self.first_line && p.event.is_empty() && p.data_lines == 0 && p.retry.is_none()
    }

    /// Whether the fast lane may take the next event: no error, and no event being built.
    fn lane_open(&mut self) -> bool {
        if self.error.is_some() {
            return false;
        }
        self.clear_dispatched();
        self.no_event_pending()
    }

    /// The fast lane's hook on the buffered bytes ([`crate::stream::lane`]): when no event
    /// is being built and every byte fed was UTF-8, the unconsumed text from the start of
    /// a line, at most the event bound of it (so a whole event the lane finds there is
    /// within the bound), and where it starts in the buffer. The caller that recognises a
    /// whole event (ending in LF LF) at its start consumes it with
    /// [`SseDecoder::consume_buffered`].
    #[inline]
    pub(crate) fn lane_buffered(&mut self) -> Option<(usize, &str)> {
        if !self.lane_open() {
            return None;
        }
        let start = self.lines.fresh_start()?;
        let text = self.lines.text()?;
        let text = text.get(start..text.len().min(start.saturating_add(self.max_event)))?;
        Some((start, text))
    }

    /// Text of the buffer, by its place in it: a string the lane found, valid until the
    /// next [`SseDecoder::feed`] (which may move what was consumed out of the buffer).
    #[inline]
    pub(crate) fn buffered_text(&self, range: Range<usize>) -> Option<&str> {
        self.lines.text()?.get(range)
    }

    /// Consumes the first `n` bytes [`SseDecoder::lane_buffered`] returned: a whole event
    /// the caller recognised.
    #[inline]
    pub(crate) fn consume_buffered(&mut self, n: usize) {
        if let Some(start) = self.lines.fresh_start() {
            self.lines.consume_to(start + n);
        }
    }

    /// The same hook on input not yet fed, as [`SseDecoder::next_event_from`] takes it:
    /// when the decoder holds nothing, `recognise` is shown `input` (at most the event
    /// bound of it); on `(n, value)`, the `n` bytes count as fed and consumed and `input`
    /// moves past them.
    pub(crate) fn take_from<'i, T>(
        &mut self,
        input: &mut &'i [u8],
        recognise: impl FnOnce(&'i [u8]) -> Option<(usize, T)>,
    ) -> Option<T> {
        if input.is_empty() || !self.lines.is_drained() || !self.lane_open() {
            return None;
        }
        let bytes: &'i [u8] = input;
        let (n, value) = recognise(&bytes[..bytes.len().min(self.max_event)])?;
        self.lines.skip_fed(n);
        *input = &bytes[n..];
        Some(value)
    }

    /// Returns the event `found` at the start of `input` (the decoder drained), counting
    /// its bytes as fed and consumed, and advances `input` past it.
    fn input_event<'s, 'i: 's>(
        &'s mut self,
        found: InPlace,
        input: &mut &'i [u8],
    ) -> Result<Option<SseEvent<'s>>, SseError> {
        let bytes: &'i [u8] = input;
        let start = found.name.start;
        let offset = self.lines.end_offset();
        self.lines.skip_fed(found.end);
        *input = &bytes[found.end..];
        // One UTF-8 check for name and data, as in `in_place_event`.
        let text = match simdutf8::compat::from_utf8(&bytes[start..found.data.end]) {
            Ok(text) => text,
            Err(e) => {
                let e = SseError::InvalidUtf8 {
                    offset: offset + (start + e.valid_up_to()) as u64,
                };
                self.error = Some(e.clone());
                return Err(e);
            }
        };
        let event = &text[..found.name.len()];
        let data = &text[found.data.start - start..];
        Ok(Some(SseEvent {
            event: (!event.is_empty()).then_some(event),
            data,
            id: self.pending.last_id.as_deref(),
            retry: None,
        }))
    }

    /// The fast path: finds a whole event of the common shape (see [`InPlace`]) at the
    /// start of the unconsumed bytes, when no event is being built.
    fn scan_in_place(&self) -> Option<InPlace> {
        if !self.no_event_pending() {
            return None;
        }
        InPlace::scan(self.lines.buf(), self.lines.fresh_start()?, self.max_event)
    }

    /// Consumes the event found by [`SseDecoder::scan_in_place`] and returns it, borrowing
    /// the line buffer. One UTF-8 check covers name and data: the bytes between them
    /// (`\ndata:` and a space) are ASCII, so the first invalid byte, and the offset
    /// reported, are the ones the line-by-line path finds.
    fn in_place_event(&mut self, found: InPlace) -> Result<Option<SseEvent<'_>>, SseError> {
        self.lines.consume_to(found.end);
        let start = found.name.start;
        let text = match simdutf8::compat::from_utf8(&self.lines.buf()[start..found.data.end]) {
            Ok(text) => text,
            Err(e) => {
                let offset = self.lines.offset_of(start + e.valid_up_to());
                let e = SseError::InvalidUtf8 { offset };
                self.error = Some(e.clone());
                return Err(e);
            }
        };
        // Both cuts sit next to ASCII bytes, so they are char boundaries.
        let event = &text[..found.name.len()];
        let data = &text[found.data.start - start..];
        Ok(Some(SseEvent {
            event: (!event.is_empty()).then_some(event),
            data,
            id: self.pending.last_id.as_deref(),
            retry: None,
        }))
    }

    fn advance_inner(&mut self) -> Result<bool, SseError> {
        let limit = self.max_event;
        loop {
            let raw = match self.lines.next_line() {
                Ok(Some(raw)) => raw,
                Ok(None) => return Ok(false),
                Err(LineTooLong { offset }) => return Err(SseError::LineTooLong { limit, offset }),
            };
            let mut bytes = &self.lines.buf()[raw.range];
            let mut offset = raw.offset;
            if self.first_line {
                self.first_line = false;
                if let Some(rest) = bytes.strip_prefix(BOM) {
                    bytes = rest;
                    offset += BOM.len() as u64;
                }
            }
            let line = std::str::from_utf8(bytes).map_err(|e| SseError::InvalidUtf8 {
                offset: offset + e.valid_up_to() as u64,
            })?;
            if line.is_empty() {
                if self.pending.should_dispatch() {
                    self.dispatched = true;
                    return Ok(true);
                }
                continue;
            }
            apply_field(&mut self.pending, line);
            if self.pending.size() > limit {
                return Err(SseError::EventTooLarge {
                    limit,
                    offset: raw.offset,
                });
            }
        }
    }
}

/// A complete event found by [`SseDecoder::advance`].
#[derive(Debug)]
enum Ready {
    /// Of the common shape, in the line buffer.
    InPlace(InPlace),
    /// Built line by line in the pending fields.
    Pending,
}

/// An event of the common shape, whole in the line buffer, parsed in place:
///
/// ```text
/// [event:[ ]NAME LF] data:[ ]DATA LF LF
/// ```
///
/// Every Claude API event has this shape. Anything else (comments, `id`, `retry`, CR
/// line ends, several data lines, an event not yet complete, a line or event over the
/// bound) is left to the line-by-line path, which implements every rule. For this shape
/// the rules give exactly: name `NAME` (none if empty), data `DATA`, no retry, the last
/// event id unchanged; the line-by-line path gives the same.
#[derive(Debug)]
struct InPlace {
    /// `NAME` in the line buffer (empty, at the event's first byte, when there is no
    /// `event` line).
    name: Range<usize>,
    /// `DATA` in the line buffer.
    data: Range<usize>,
    /// Where the next line starts, after the empty line.
    end: usize,
}

impl InPlace {
    /// Looks for the shape at `buf[start..]`. `None` sends the caller to the
    /// line-by-line path; no bytes are consumed until a whole event is found.
    fn scan(buf: &[u8], start: usize, limit: usize) -> Option<InPlace> {
        let mut at = start;
        let mut name = start..start;
        if buf[at..].starts_with(b"event:") {
            (name, at) = lf_line(buf, at, b"event:".len(), limit)?;
        }
        if !buf[at..].starts_with(b"data:") {
            return None;
        }
        let (data, at) = lf_line(buf, at, b"data:".len(), limit)?;
        // An empty line must follow, and the event must fit in the bound.
        if buf.get(at) != Some(&b'\n') || name.len() + data.len() > limit {
            return None;
        }
        Some(InPlace {
            name,
            data,
            end: at + 1,
        })
    }
}

/// The line at `buf[start..]`, which begins with a field name and colon of `prefix`
/// bytes: its value (one leading space removed) and where the next line starts. `None`
/// unless the line is complete, ends with LF (not CR) and is within the bound.
fn lf_line(buf: &[u8], start: usize, prefix: usize, limit: usize) -> Option<(Range<usize>, usize)> {
    let from = start + prefix;
    let end = from + memchr::memchr2(b'\r', b'\n', &buf[from..])?;
    if buf[end] != b'\n' || end - start > limit {
        return None;
    }
    // `buf[end]` is the LF, so a space found here is inside the line.
    let value = if buf[from] == b' ' { from + 1 } else { from };
    Some((value..end, end + 1))
}

/// Applies one non-empty line to the event being built.
///
/// Spec row kept here: "`retry:` in SSE is read with Python's `int()` (`+5`, `1_000`,
/// ` 7 `, non-ASCII digits all count)" → only ASCII digits, as the SSE standard says; a
/// value too large for an integer is ignored.
fn apply_field(p: &mut Pending, line: &str) {
    if line.starts_with(':') {
        return;
    }
    let (name, value) = match line.split_once(':') {
        Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
        None => (line, ""),
    };
    match name {
        "event" => {
            p.event.clear();
            p.event.push_str(value);
        }
        "data" => {
            if p.data_lines > 0 {
                p.data.push('\n');
            }
            p.data.push_str(value);
            p.data_lines += 1;
        }
        "id" if !value.contains('\0') => {
            let id = p.last_id.get_or_insert_with(String::new);
            id.clear();
            id.push_str(value);
        }
        "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            // Only overflow can fail here; an out-of-range value is ignored.
            if let Ok(ms) = value.parse::<u64>() {
                p.retry = Some(ms);
            }
        }
        _ => {}
    }
}
