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
//! scanned once for its closing quote; only the string's own bytes are checked for
//! UTF-8. Anything else, including every error, returns `None` and takes the layered path
//! ([`super::SseDecoder`], then [`super::event::decode_event`]), which implements every
//! rule; for the bytes it accepts, the lane gives exactly what that path gives, so the
//! events, errors and offsets of a stream never depend on which path ran (the test
//! below and the `event_decoder` fuzz target hold the two to that).

use std::borrow::Cow;

use super::event::{StrDelta, StrDeltaKind, StrText, exact_str_delta};
use super::sse::SseDecoder;

/// The event line and the start of the data line, up to the index.
const HEAD: &[u8] = b"event: content_block_delta\ndata: ";
/// Where the JSON data starts.
const DATA_AT: usize = HEAD.len();
const JSON_HEAD: &[u8] = br#"{"type":"content_block_delta","index":"#;
const DELTA: &[u8] = br#","delta":{"type":""#;
/// The JSON's end, the data line's LF and the empty line that dispatches.
const TAIL: &[u8] = b"\"}}\n\n";

/// A string delta recognised at the start of `bytes`: the length of the whole event and
/// the delta, its text borrowing `bytes` (or `scratch`, when the string held escapes).
pub(crate) fn str_delta<'a>(
    bytes: &'a [u8],
    scratch: &'a mut String,
) -> Option<(usize, StrDelta<'a>)> {
    let rest = bytes.strip_prefix(HEAD)?.strip_prefix(JSON_HEAD)?;
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
    let start = bytes.len() - rest.len();
    // The closing quote: the first `"` not escaped. A raw control character (a line end
    // among them) is left to the layered path.
    let mut escaped = false;
    let mut pos = start;
    loop {
        let c = *bytes.get(pos)?;
        if c == b'"' {
            break;
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
    let end = pos + TAIL.len();
    if bytes.get(pos..end)? != TAIL {
        return None;
    }
    let text = if escaped {
        // Rare: the JSON matcher decodes the escapes (into `scratch`), over the data line.
        let data = simdutf8::basic::from_utf8(&bytes[DATA_AT..end - 2]).ok()?;
        match exact_str_delta(data, scratch)? {
            (i, k, StrText::Scratch) if i == index && k == kind => {}
            _ => return None,
        }
        let scratch: &'a String = scratch;
        scratch.as_str()
    } else {
        simdutf8::basic::from_utf8(&bytes[start..pos]).ok()?
    };
    Some((
        end,
        StrDelta {
            index,
            kind,
            text: Cow::Borrowed(text),
        },
    ))
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
    sse.take_from(input, |bytes| str_delta(bytes, scratch))
}
