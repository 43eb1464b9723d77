//! Invariant checks of the AWS event-stream decoder (Bedrock), shared by
//! `fuzz_targets/eventstream.rs` and the corpus replay in `core/tests/fuzz_corpus.rs`.
//! Standalone (included by `#[path]`) so that it does not touch `checks/mod.rs`.
//!
//! - Decoding the input whole, split at data-derived positions, and byte by byte gives
//!   the same frames and the same error.
//! - Every decoded frame re-encodes (`encode_frame`) to exactly the bytes it came from,
//!   so frames lose nothing and the decoder consumed exactly whole frames.
//! - An error other than `Truncated` is one the bytes justify: a CRC error means the
//!   CRCs really differ; a size error means the prelude really says so.
//! - The same bytes through `EventDecoder::bedrock` (chunk frames to typed events) give
//!   the same events and error under every split, and never panic.
#![allow(dead_code)]

use anthropic_core::platform::eventstream::{
    EventStreamDecoder, EventStreamError, Frame, MAX_HEADERS_LENGTH, MAX_PAYLOAD_LENGTH,
    encode_frame,
};
use anthropic_core::stream::{EventDecoder, StreamEvent};
use http::{HeaderMap, StatusCode};

fn cuts(data: &[u8]) -> Vec<usize> {
    if data.is_empty() {
        return Vec::new();
    }
    let mut seed = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut v: Vec<usize> = (0..1 + (seed % 5) as usize)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % (data.len() + 1)
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn pieces<'a>(data: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    for &c in cuts {
        out.push(&data[at..c]);
        at = c;
    }
    out.push(&data[at..]);
    out
}

fn frames(chunks: &[&[u8]]) -> (Vec<Frame>, Option<EventStreamError>) {
    let mut d = EventStreamDecoder::new();
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        loop {
            match d.next_frame() {
                Ok(Some(f)) => out.push(f),
                Ok(None) => break,
                Err(e) => {
                    assert_eq!(d.next_frame(), Ok(None), "nothing after an error");
                    return (out, Some(e));
                }
            }
        }
    }
    d.finish();
    loop {
        match d.next_frame() {
            Ok(Some(f)) => out.push(f),
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e)),
        }
    }
}

fn events(chunks: &[&[u8]]) -> (Vec<StreamEvent>, Option<String>) {
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    let mut out = Vec::new();
    for c in chunks.iter().map(Some).chain(std::iter::once(None)) {
        match c {
            Some(c) => d.feed(c),
            None => d.finish(),
        }
        loop {
            match d.next_event() {
                Ok(Some(e)) => out.push(e),
                Ok(None) => break,
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }
    (out, None)
}

/// The checks (panics when one fails).
pub fn eventstream(data: &[u8]) {
    let whole = frames(&[data]);
    let split = frames(&pieces(data, &cuts(data)));
    assert_eq!(whole, split, "split input decoded differently");
    if data.len() <= 4096 {
        let bytes: Vec<&[u8]> = data.chunks(1).collect();
        assert_eq!(
            whole,
            frames(&bytes),
            "byte-by-byte input decoded differently"
        );
    }

    let mut at = 0;
    for frame in &whole.0 {
        let headers: Vec<(&str, _)> = frame
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect();
        let encoded = encode_frame(&headers, &frame.payload);
        assert_eq!(
            &data[at..at + encoded.len()],
            &encoded[..],
            "a frame does not re-encode to its bytes"
        );
        at += encoded.len();
    }
    let rest = &data[at..];
    let be = |i: usize| u32::from_be_bytes(rest[i..i + 4].try_into().unwrap());
    match &whole.1 {
        None => assert!(rest.is_empty(), "bytes left without an error"),
        Some(EventStreamError::Truncated { buffered }) => assert_eq!(*buffered, rest.len()),
        Some(EventStreamError::PreludeChecksum {
            expected,
            calculated,
        }) => {
            assert_ne!(expected, calculated);
            assert_eq!(*expected, be(8));
        }
        Some(EventStreamError::MessageChecksum {
            expected,
            calculated,
        }) => {
            assert_ne!(expected, calculated);
            assert_eq!(*expected, be(be(0) as usize - 4));
        }
        Some(EventStreamError::HeadersTooLarge(n)) => {
            assert!(*n > MAX_HEADERS_LENGTH);
            assert_eq!(*n, be(4) as usize);
        }
        Some(EventStreamError::PayloadTooLarge(n)) => assert!(*n > MAX_PAYLOAD_LENGTH),
        Some(EventStreamError::InvalidLength { total, headers }) => {
            assert!((*total as usize) < 16 || (*total as usize) - 16 < *headers as usize)
        }
        Some(_) => assert!(rest.len() >= 16),
    }

    let whole_events = events(&[data]);
    assert_eq!(
        whole_events,
        events(&pieces(data, &cuts(data))),
        "events differ when split"
    );
}
