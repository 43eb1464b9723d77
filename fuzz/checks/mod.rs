//! Invariant checks shared by the fuzz targets and `core/tests/fuzz_corpus.rs`. The
//! HTTP/1.1 codec's checks are in `h1.rs`; those of the other parsers of server and
//! environment input (retry headers, API errors, bodies, `EventDecoder`, proxy settings,
//! pagination) in `parsers.rs`.
//!
//! Each check panics (through `assert!`) when an invariant breaks, not only when the
//! decoder crashes:
//!
//! - `sse`, `jsonl`: decoding the input whole, split at data-derived positions, and byte
//!   by byte gives the same items and the same error; without an error, the items equal
//!   those of a naive whole-input reference decoder written here.
//! - `partial_json`: pushing the text whole, in data-derived pieces and char by char gives
//!   the same snapshot and `finish()` result; the snapshot at sampled prefixes equals the
//!   one obtained by pushing that prefix whole; and `finish()` agrees with
//!   `serde_json::from_str` on the whole text (same value, or both fail).
//! - `accumulate`: SSE bytes through `SseDecoder`, `decode_event` and
//!   `MessageAccumulator`, whole and split at data-derived positions (and byte by byte
//!   for short inputs), give the same raw events, derived events, errors and final
//!   message; one run also looks at `snapshot()` after every event and swaps in a clone
//!   of the accumulator midway, which must change nothing.
#![allow(dead_code)]

pub mod h1;
pub mod parsers;

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{
    HelperEvent, JsonlDecoder, JsonlError, MessageAccumulator, OwnedSseEvent, PartialJson,
    PartialJsonError, PartialMode, SseDecoder, SseError, StreamError, StreamEvent,
};
use anthropic_core::types::Message;
use serde_json::Value;

/// Split positions derived from the input itself (sorted, deduplicated, in range).
fn cuts(data: &[u8]) -> Vec<usize> {
    if data.is_empty() {
        return Vec::new();
    }
    let mut seed = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let n = 1 + (seed % 5) as usize;
    let mut v: Vec<usize> = (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % (data.len() as u64 + 1)) as usize
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn pieces<'a>(data: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts {
        out.push(&data[start..c]);
        start = c;
    }
    out.push(&data[start..]);
    out
}

// ---------------------------------------------------------------- SSE

fn sse_run(limit: usize, chunks: &[&[u8]]) -> (Vec<OwnedSseEvent>, Option<SseError>) {
    let mut d = SseDecoder::new().max_event_size(limit);
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        loop {
            match d.next_event() {
                Ok(Some(e)) => out.push(e.to_owned_event()),
                Ok(None) => break,
                Err(e) => {
                    // Errors are sticky, even when more input comes.
                    assert_eq!(d.next_event().err(), Some(e.clone()));
                    for c in chunks {
                        d.feed(c);
                        assert_eq!(d.next_event().err(), Some(e.clone()));
                    }
                    return (out, Some(e));
                }
            }
        }
    }
    d.finish();
    loop {
        match d.next_event() {
            Ok(Some(e)) => out.push(e.to_owned_event()),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// A naive whole-input SSE decoder following the documented rules.
fn sse_reference(data: &[u8]) -> Vec<OwnedSseEvent> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let text = std::str::from_utf8(data).expect("reference needs UTF-8");
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        lines.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    // An unterminated last line cannot dispatch, so it is irrelevant here.
    let mut out = Vec::new();
    let (mut event, mut data_lines, mut id, mut retry) = (
        String::new(),
        Vec::<&str>::new(),
        None::<String>,
        None::<u64>,
    );
    for line in lines {
        if line.is_empty() {
            if !event.is_empty()
                || !data_lines.is_empty()
                || id.as_deref().is_some_and(|i: &str| !i.is_empty())
                || retry.is_some()
            {
                out.push(OwnedSseEvent {
                    event: (!event.is_empty()).then(|| event.clone()),
                    data: data_lines.join("\n"),
                    id: id.clone(),
                    retry,
                });
            }
            event.clear();
            data_lines.clear();
            retry = None;
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (name, value) = match line.find(':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(' ').unwrap_or(v))
            }
            None => (line, ""),
        };
        match name {
            "event" => event = value.to_owned(),
            "data" => data_lines.push(value),
            "id" if !value.contains('\0') => id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(r) = value.parse() {
                    retry = Some(r);
                }
            }
            _ => {}
        }
    }
    out
}

/// SSE: chunking never changes the output; the output matches the reference.
pub fn sse(data: &[u8]) {
    // A small bound for inputs starting with an odd byte, to exercise the bound errors.
    let limit = match data.first() {
        Some(&b) if b & 1 == 1 => 8 + usize::from(b >> 1),
        _ => 1 << 20,
    };
    let whole = sse_run(limit, &[data]);
    let split = sse_run(limit, &pieces(data, &cuts(data)));
    assert_eq!(whole, split, "split input decoded differently");
    let bytes: Vec<&[u8]> = data.chunks(1).collect();
    let byte_by_byte = sse_run(limit, &bytes);
    assert_eq!(
        whole, byte_by_byte,
        "byte-by-byte input decoded differently"
    );

    for e in &whole.0 {
        assert!(!e.data.contains('\r'));
        assert!(
            e.event
                .as_deref()
                .is_none_or(|n| !n.is_empty() && !n.contains(['\r', '\n']))
        );
    }
    match &whole.1 {
        None => assert_eq!(whole.0, sse_reference(data), "differs from the reference"),
        Some(SseError::InvalidUtf8 { offset }) => {
            assert!(std::str::from_utf8(data).is_err());
            assert!((*offset as usize) < data.len());
        }
        Some(SseError::LineTooLong { .. } | SseError::EventTooLarge { .. }) => {
            assert!(data.len() > limit);
        }
        Some(SseError::FedAfterFinish) => panic!("not fed after finish"),
    }
}

// ---------------------------------------------------------------- JSONL

fn jsonl_run(limit: usize, chunks: &[&[u8]]) -> (Vec<String>, Option<JsonlError>) {
    let mut d = JsonlDecoder::new().max_line_len(limit);
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        loop {
            match d.next_line() {
                Ok(Some(l)) => out.push(l.to_owned()),
                Ok(None) => break,
                Err(e) => {
                    for c in chunks {
                        d.feed(c);
                        assert_eq!(d.next_line().err(), Some(e.clone()));
                    }
                    return (out, Some(e));
                }
            }
        }
    }
    d.finish();
    loop {
        match d.next_line() {
            Ok(Some(l)) => out.push(l.to_owned()),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

fn jsonl_reference(text: &str) -> Vec<String> {
    text.split("\r\n")
        .flat_map(|s| s.split(['\r', '\n']))
        .map(|l| l.strip_prefix('\u{feff}').unwrap_or(l))
        .filter(|l| !l.bytes().all(|b| b == b' ' || b == b'\t'))
        .map(str::to_owned)
        .collect()
}

/// JSONL: chunking never changes the output; the output matches the reference.
pub fn jsonl(data: &[u8]) {
    let limit = match data.first() {
        Some(&b) if b & 1 == 1 => 8 + usize::from(b >> 1),
        _ => 1 << 20,
    };
    let whole = jsonl_run(limit, &[data]);
    let split = jsonl_run(limit, &pieces(data, &cuts(data)));
    assert_eq!(whole, split, "split input decoded differently");
    let bytes: Vec<&[u8]> = data.chunks(1).collect();
    assert_eq!(
        whole,
        jsonl_run(limit, &bytes),
        "byte-by-byte input decoded differently"
    );
    for l in &whole.0 {
        assert!(!l.contains(['\r', '\n']));
        assert!(l.len() <= limit);
    }
    match &whole.1 {
        None => {
            let text = std::str::from_utf8(data).expect("no error means valid UTF-8");
            assert_eq!(whole.0, jsonl_reference(text), "differs from the reference");
        }
        Some(JsonlError::InvalidUtf8 { .. }) => assert!(std::str::from_utf8(data).is_err()),
        Some(JsonlError::LineTooLong { .. }) => assert!(data.len() > limit),
        Some(JsonlError::FedAfterFinish) => panic!("not fed after finish"),
    }
}

// ---------------------------------------------------------------- partial JSON

type PjOutcome = (
    Option<Value>,
    Result<(), PartialJsonError>,
    bool,
    Result<Value, PartialJsonError>,
);

fn pj_run(mode: PartialMode, pieces: &[&str]) -> (PjOutcome, PartialJson) {
    let mut p = PartialJson::with_mode(mode);
    let mut first_err = Ok(());
    for piece in pieces {
        let r = p.push(piece);
        if first_err.is_ok() {
            first_err = r;
        }
    }
    assert_eq!(p.raw(), pieces.concat());
    let outcome = (p.value().cloned(), first_err, p.is_complete(), p.finish());
    (outcome, p)
}

/// Cut positions moved down to char boundaries.
fn char_cuts(text: &str, raw: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = raw
        .iter()
        .map(|&c| {
            let mut c = c.min(text.len());
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        })
        .collect();
    v.dedup();
    v
}

/// Partial JSON: chunking never changes snapshots or results; `finish()` agrees with
/// serde_json.
pub fn partial_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let cut = char_cuts(text, &cuts(data));
    for mode in [PartialMode::TrailingStrings, PartialMode::On] {
        let (whole, _) = pj_run(mode, &[text]);
        let mut split_pieces = Vec::new();
        let mut start = 0;
        for &c in &cut {
            split_pieces.push(&text[start..c]);
            start = c;
        }
        split_pieces.push(&text[start..]);
        let (split, _) = pj_run(mode, &split_pieces);
        assert_eq!(whole, split, "split text parsed differently");

        // Char by char, comparing the snapshot at the sampled cut points with a fresh
        // parser given that prefix whole.
        let mut p = PartialJson::with_mode(mode);
        let mut first_err = Ok(());
        let mut next_cut = cut.iter().peekable();
        for (i, ch) in text.char_indices() {
            while next_cut.peek().is_some_and(|&&c| c == i) {
                next_cut.next();
                let (prefix, _) = pj_run(mode, &[&text[..i]]);
                assert_eq!(
                    p.value(),
                    prefix.0.as_ref(),
                    "snapshot of prefix {i} differs"
                );
                assert_eq!(p.is_complete(), prefix.2);
            }
            let r = p.push(ch.encode_utf8(&mut [0; 4]));
            if first_err.is_ok() {
                first_err = r;
            }
        }
        let chars = (p.value().cloned(), first_err, p.is_complete(), p.finish());
        assert_eq!(whole, chars, "char-by-char text parsed differently");

        if whole.1.is_ok() {
            if let Some(v) = &whole.0 {
                // The snapshot is valid JSON. (Not compared after the round trip:
                // serde_json's default float parsing does not round-trip every f64.)
                let s = serde_json::to_string(v).expect("snapshot serializes");
                let back = serde_json::from_str::<Value>(&s).expect("reparses");
                assert_eq!(back.is_object(), v.is_object());
            }
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => {
                assert_eq!(whole.3, Ok(v.clone()), "finish() differs from serde_json");
                assert!(whole.2, "valid JSON not reported complete");
                assert_eq!(whole.1, Ok(()));
                // A long top-level number shows only once complete (MAX_PARTIAL_NUMBER_LEN).
                if !v.is_number() {
                    assert_eq!(whole.0.as_ref(), Some(&v), "complete snapshot differs");
                }
            }
            Err(_) => {
                assert!(
                    whole.3.is_err(),
                    "finish() accepted what serde_json rejects"
                );
                assert!(!whole.2);
            }
        }
    }
}

// ---------------------------------------------------------------- accumulate

/// One observable step of a helper stream.
#[derive(Debug, Clone, PartialEq)]
pub enum AccItem {
    /// A raw event the driver hands on (pings and unknown events included).
    Raw(Box<StreamEvent>),
    /// The helper's derived or replacement event.
    Derived(HelperEvent),
    /// An `error` SSE event's data.
    ErrorEvent(String),
    /// `decode_event` failed.
    Decode(StreamError),
    /// `MessageAccumulator::handle` failed (the run goes on, to exercise what follows).
    Accumulate(StreamError),
    /// The SSE decoder failed (sticky: the run stops).
    Sse(SseError),
}

/// How a run drives the accumulator besides `handle`.
#[derive(Debug, Clone, Copy)]
pub struct AccOptions {
    /// Tool-input parsing mode.
    pub mode: PartialMode,
    /// Call `snapshot()` after every event (it must not change any result).
    pub look: bool,
    /// Replace the accumulator by a clone of itself after this many events.
    pub clone_at: Option<usize>,
}

/// Decodes and accumulates `chunks` (SSE bytes); returns every step and `finish()`.
pub fn accumulate_run(
    chunks: &[&[u8]],
    opts: AccOptions,
) -> (Vec<AccItem>, Result<Message, StreamError>) {
    let mut sse = SseDecoder::new();
    let mut acc = MessageAccumulator::with_partial_mode(opts.mode);
    let mut items = Vec::new();
    let mut seen = 0usize;
    let mut step = |sse: &mut SseDecoder,
                    acc: &mut MessageAccumulator,
                    items: &mut Vec<AccItem>| {
        loop {
            let e = match sse.next_event() {
                Ok(Some(e)) => e,
                Ok(None) => return true,
                Err(e) => {
                    items.push(AccItem::Sse(e));
                    return false;
                }
            };
            let event = match decode_event(e.event, e.data) {
                Ok(Decoded::Event(event)) => event,
                Ok(Decoded::Error(data)) => {
                    items.push(AccItem::ErrorEvent(data));
                    continue;
                }
                Err(err) => {
                    items.push(AccItem::Decode(err));
                    continue;
                }
            };
            match acc.handle(&event) {
                Ok(d) => {
                    let d = d.map(|d| d.to_owned_event());
                    // The helper yields the raw event unless the derived one replaces it.
                    if !matches!(
                        d,
                        Some(
                            HelperEvent::ContentBlockStop { .. } | HelperEvent::MessageStop { .. }
                        )
                    ) {
                        items.push(AccItem::Raw(Box::new(event)));
                    }
                    items.extend(d.map(AccItem::Derived));
                }
                Err(err) => items.push(AccItem::Accumulate(err)),
            }
            if opts.look {
                let _ = acc.snapshot();
            }
            seen += 1;
            if opts.clone_at == Some(seen) {
                *acc = acc.clone();
            }
        }
    };
    let mut alive = true;
    for c in chunks {
        sse.feed(c);
        if !step(&mut sse, &mut acc, &mut items) {
            alive = false;
            break;
        }
    }
    if alive {
        sse.finish();
        step(&mut sse, &mut acc, &mut items);
    }
    (items, acc.finish())
}

/// Accumulation: chunking, looking at snapshots and cloning never change any result.
pub fn accumulate(data: &[u8]) {
    let mode = if data.first().is_some_and(|b| b & 1 == 1) {
        PartialMode::TrailingStrings
    } else {
        PartialMode::On
    };
    let plain = AccOptions {
        mode,
        look: false,
        clone_at: None,
    };
    let whole = accumulate_run(&[data], plain);
    let looking = AccOptions {
        mode,
        look: true,
        clone_at: Some(data.len() % 7),
    };
    let split = accumulate_run(&pieces(data, &cuts(data)), looking);
    assert_eq!(whole, split, "split input accumulated differently");
    if data.len() <= 512 {
        let bytes: Vec<&[u8]> = data.chunks(1).collect();
        assert_eq!(
            whole,
            accumulate_run(&bytes, plain),
            "byte-by-byte input accumulated differently"
        );
    }
    // Invariants of the final result.
    let (items, result) = &whole;
    let stopped = items
        .iter()
        .any(|i| matches!(i, AccItem::Derived(HelperEvent::MessageStop { .. })));
    match result {
        Ok(m) => {
            assert!(stopped, "a final message without message_stop");
            let last_stop = items.iter().rev().find_map(|i| match i {
                AccItem::Derived(HelperEvent::MessageStop { message }) => Some(message),
                _ => None,
            });
            assert_eq!(
                last_stop.map(|b| &**b),
                Some(m),
                "message_stop carried another message"
            );
        }
        Err(StreamError::Incomplete { .. }) => assert!(!stopped),
        Err(e) => panic!("finish() returned {e:?}"),
    }
}
