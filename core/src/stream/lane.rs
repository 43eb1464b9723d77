//! The fast lane: a whole string-delta event recognised in the raw bytes of the stream,
//! SSE framing and JSON at once.
//!
//! Nearly every event of a stream is one of these, byte for byte:
//!
//! ```text
//! event: content_block_delta LF
//! data: {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}} LF
//! LF
//! ```
//!
//! (or `input_json_delta`/`partial_json`, `thinking_delta`/`thinking`). Decoded layer by
//! layer, such an event is scanned for its line ends, checked for UTF-8 whole, then
//! matched again as JSON. Here one comparison covers the constant bytes (which are
//! ASCII, so they need no UTF-8 check), the index digits are read, and the string is
//! scanned once for its closing quote, eight bytes at a time. On the decoder's buffer,
//! which checked each read for UTF-8 as it came, the string is borrowed as it is; on a
//! caller's input ([`next_str_delta_from`]) only the string's own bytes are checked.
//! Anything else, including every error, returns `None` and takes the layered path
//! ([`super::SseDecoder`], then [`super::event::decode_event`]), which implements every
//! rule; for the bytes it accepts, the lane gives exactly what that path gives, so the
//! events, errors and offsets of a stream never depend on which path ran (the test
//! below and the `event_decoder` fuzz target hold the two to that).

use std::borrow::Cow;
use std::ops::Range;

use super::event::{
    JSON_HEAD, StrDelta, StrDeltaKind, StrText, str_delta_after_head, string_end, unescape,
};
use super::sse::SseDecoder;

/// The event line and the data line up to the index: `event: content_block_delta`, LF,
/// `data: ` and [`JSON_HEAD`], compared at once.
const HEAD: &[u8] =
    b"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":";
/// Where the JSON data starts.
const DATA_AT: usize = HEAD.len() - JSON_HEAD.len();
/// The JSON's end after the string's closing quote, the data line's LF and the empty
/// line that dispatches.
const TAIL: &[u8] = b"}}\n\n";

/// `bytes` after [`HEAD`], compared eight bytes at a time with the constant folded in and
/// no early exit: cheaper than a call to `memcmp`, which nearly every event made.
#[inline(always)]
fn after_head(bytes: &[u8]) -> Option<&[u8]> {
    const { assert!(HEAD.len() >= 8) };
    let head = bytes.get(..HEAD.len())?;
    let word = |s: &[u8], at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let mut diff = 0;
    let mut at = 0;
    while at + 8 <= HEAD.len() {
        diff |= word(head, at) ^ word(HEAD, at);
        at += 8;
    }
    // The last word overlaps the one before it.
    let last = HEAD.len() - 8;
    diff |= word(head, last) ^ word(HEAD, last);
    (diff == 0).then(|| &bytes[HEAD.len()..])
}

/// A string delta recognised at the start of `bytes`, its text not checked for UTF-8.
struct Found {
    /// The length of the whole event.
    len: usize,
    index: usize,
    kind: StrDeltaKind,
    /// The string with its quotes, in `bytes`.
    quoted: Range<usize>,
    /// Whether the string holds escapes.
    escaped: bool,
}

impl Found {
    /// The string without its quotes.
    fn unquoted(&self) -> Range<usize> {
        self.quoted.start + 1..self.quoted.end - 1
    }
}

#[inline(always)]
fn recognise(bytes: &[u8]) -> Option<Found> {
    let (index, kind, start) = str_delta_after_head(after_head(bytes)?)?;
    let json = &bytes[DATA_AT..];
    let start = start + JSON_HEAD.len();
    let (close, escaped) = string_end(json, start)?;
    let end = close + 1 + TAIL.len();
    if json.get(close + 1..end)? != TAIL {
        return None;
    }
    Some(Found {
        len: DATA_AT + end,
        index,
        kind,
        quoted: DATA_AT + start - 1..DATA_AT + close + 1,
        escaped,
    })
}

/// The delta `found` in `bytes`, its string taken as text by `text` (of a range of
/// `bytes`), or decoded into `scratch` when it holds escapes (which checks it for UTF-8
/// as it goes).
#[inline(always)]
fn delta<'a>(
    found: Found,
    bytes: &'a [u8],
    scratch: &'a mut String,
    text: impl Fn(Range<usize>) -> Option<&'a str>,
) -> Option<(usize, StrDelta<'a>)> {
    let text = if found.escaped {
        unescape(&bytes[found.quoted.clone()], scratch)?;
        let scratch: &'a String = scratch;
        scratch.as_str()
    } else {
        text(found.unquoted())?
    };
    Some((
        found.len,
        StrDelta {
            index: found.index,
            kind: found.kind,
            text: Cow::Borrowed(text),
        },
    ))
}

/// A string delta recognised at the start of `text` (the decoder's buffer, all of it
/// checked UTF-8 already): the length of the whole event and the delta, its string
/// borrowing `text` (or `scratch`, when it held escapes).
#[inline]
pub(crate) fn str_delta<'a>(
    text: &'a str,
    scratch: &'a mut String,
) -> Option<(usize, StrDelta<'a>)> {
    let found = recognise(text.as_bytes())?;
    // The range lies between two ASCII quotes: `get` only confirms the boundaries.
    delta(found, text.as_bytes(), scratch, |range| text.get(range))
}

/// [`str_delta`] for a caller that hands the string out later, by reference: the string
/// left where it is: the length of the whole event,
/// and the delta with its string as a range of `text`, or in `scratch` when it held
/// escapes (decoded there).
#[inline(always)] // once per lent event, in every driver's loop
pub(crate) fn str_delta_span(text: &str, scratch: &mut String) -> Option<(usize, Span)> {
    let found = recognise(text.as_bytes())?;
    let at = if found.escaped {
        unescape(&text.as_bytes()[found.quoted.clone()], scratch)?;
        StrText::Scratch
    } else {
        let range = found.unquoted();
        // The range lies between two ASCII quotes, so on character boundaries.
        debug_assert!(text.get(range.clone()).is_some());
        StrText::Plain(range)
    };
    Some((
        found.len,
        Span {
            index: found.index,
            kind: found.kind,
            text: at,
        },
    ))
}

/// A string delta whose string is still in the buffer it was found in (or the scratch
/// buffer): what [`str_delta_span`] gives.
#[derive(Debug)]
pub(crate) struct Span {
    pub(crate) index: usize,
    pub(crate) kind: StrDeltaKind,
    pub(crate) text: StrText,
}

/// [`str_delta`] on bytes not checked yet: the rest of the event is ASCII already
/// compared, so only the string is checked.
#[inline]
fn str_delta_in_bytes<'a>(
    bytes: &'a [u8],
    scratch: &'a mut String,
) -> Option<(usize, StrDelta<'a>)> {
    let found = recognise(bytes)?;
    delta(found, bytes, scratch, |range| utf8(&bytes[range]))
}

/// `bytes` as UTF-8. A delta's string is a few bytes: std's plain loop over them costs a
/// fraction of `from_utf8`'s set-up for a word-at-a-time pass (which simdutf8 also hands
/// short input to); a long one gets the vector check.
#[inline]
fn utf8(bytes: &[u8]) -> Option<&str> {
    if bytes.len() >= 64 {
        return simdutf8::basic::from_utf8(bytes).ok();
    }
    match bytes.utf8_chunks().next() {
        None => Some(""),
        Some(chunk) => chunk.invalid().is_empty().then(|| chunk.valid()),
    }
}

/// The fast lane for a consumer that decodes in place ([`SseDecoder::next_event_from`],
/// then [`decode_event_ref`](super::event::decode_event_ref)): when the decoder holds
/// nothing and `input` starts with a whole string-delta event of the exact form above,
/// consumes it and returns the delta, borrowing `input` (or `scratch`, when the string
/// held escapes); otherwise returns `None`, consuming nothing, and the caller goes on with
/// `next_event_from`. A stream gives the same events, errors and offsets whichever way
/// each of its events was decoded.
///
/// ```
/// use anthropic_core::stream::SseDecoder;
/// use anthropic_core::stream::event::{DecodedRef, decode_event_ref};
/// use anthropic_core::stream::lane::next_str_delta_from;
///
/// let body = b"event: ping\ndata: {\"type\":\"ping\"}\n\n\
/// event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n";
/// let (mut sse, mut scratch, mut text) = (SseDecoder::new(), String::new(), String::new());
/// let mut input = &body[..];
/// loop {
///     if let Some(delta) = next_str_delta_from(&mut sse, &mut input, &mut scratch) {
///         text.push_str(&delta.text);
///         continue;
///     }
///     let Some(event) = sse.next_event_from(&mut input)? else { break };
///     if let DecodedRef::StrDelta(delta) = decode_event_ref(event.event, event.data, &mut scratch)? {
///         text.push_str(&delta.text);
///     }
/// }
/// assert_eq!(text, "Hi");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn next_str_delta_from<'s, 'i: 's>(
    sse: &mut SseDecoder,
    input: &mut &'i [u8],
    scratch: &'s mut String,
) -> Option<StrDelta<'s>> {
    sse.take_from(input, |bytes| str_delta_in_bytes(bytes, scratch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lane_head_is_the_event_line_then_the_json_head() {
        assert!(HEAD.ends_with(JSON_HEAD));
        assert_eq!(&HEAD[..DATA_AT], b"event: content_block_delta\ndata: ");
    }
}
