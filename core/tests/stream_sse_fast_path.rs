//! SSE decoder: the in-place fast path (`event: X\ndata: Y\n\n` whole in the buffer) gives
//! exactly what the line-by-line path gives, at its edges.
//!
//! Feeding an input whole takes the fast path wherever it applies; feeding it byte by
//! byte never does for an event with an `event` line (the line-by-line path has already
//! taken that line when the event completes). Comparing the two, and each with the
//! expected events and errors, pins the fast path to the rules.

use anthropic_core::stream::{OwnedSseEvent, SseDecoder, SseError};

fn run(limit: usize, chunks: &[&[u8]]) -> (Vec<OwnedSseEvent>, Option<SseError>) {
    let mut d = SseDecoder::new().max_event_size(limit);
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        loop {
            match d.next_event() {
                Ok(Some(e)) => out.push(e.to_owned_event()),
                Ok(None) => break,
                Err(e) => return (out, Some(e)),
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

/// [`run`] through `next_event_from`, which decodes events in the input where they lie.
fn run_from(limit: usize, chunks: &[&[u8]]) -> (Vec<OwnedSseEvent>, Option<SseError>) {
    let mut d = SseDecoder::new().max_event_size(limit);
    let mut out = Vec::new();
    for c in chunks {
        let mut rest = *c;
        loop {
            match d.next_event_from(&mut rest) {
                Ok(Some(e)) => out.push(e.to_owned_event()),
                Ok(None) => break,
                Err(e) => return (out, Some(e)),
            }
        }
        assert!(rest.is_empty(), "input left over");
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

/// Decodes whole, byte by byte and split at every position, with `feed` and with
/// `next_event_from`; all must agree.
fn check(limit: usize, input: &[u8]) -> (Vec<OwnedSseEvent>, Option<SseError>) {
    let whole = run(limit, &[input]);
    assert_eq!(whole, run_from(limit, &[input]), "in place: {input:?}");
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(whole, run(limit, &bytes), "byte by byte: {input:?}");
    assert_eq!(
        whole,
        run_from(limit, &bytes),
        "in place, byte by byte: {input:?}"
    );
    for i in 0..=input.len() {
        for (f, how) in [(run as fn(_, &[&[u8]]) -> _, "fed"), (run_from, "in place")] {
            assert_eq!(
                whole,
                f(limit, &[&input[..i], &input[i..]]),
                "{how}, split at {i}: {input:?}"
            );
        }
    }
    whole
}

fn ev(event: Option<&str>, data: &str, id: Option<&str>) -> OwnedSseEvent {
    OwnedSseEvent {
        event: event.map(str::to_owned),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry: None,
    }
}

const BIG: usize = 1 << 20;

#[test]
fn common_shapes() {
    let cases: &[(&[u8], Vec<OwnedSseEvent>)] = &[
        (b"event: a\ndata: 1\n\n", vec![ev(Some("a"), "1", None)]),
        (b"event:a\ndata:1\n\n", vec![ev(Some("a"), "1", None)]),
        (b"event:  a\ndata:  1\n\n", vec![ev(Some(" a"), " 1", None)]),
        (b"event: \ndata: \n\n", vec![ev(None, "", None)]),
        (b"event:\ndata:\n\n", vec![ev(None, "", None)]),
        (b"data: 1\n\n", vec![ev(None, "1", None)]),
        (b"data: a: b\n\n", vec![ev(None, "a: b", None)]),
        (
            b"event: a\ndata: 1\n\nevent: b\ndata: 2\n\n",
            vec![ev(Some("a"), "1", None), ev(Some("b"), "2", None)],
        ),
        // Not the shape: the line-by-line path takes these.
        (
            b"event: a\ndata: 1\ndata: 2\n\n",
            vec![ev(Some("a"), "1\n2", None)],
        ),
        (b"data: 1\nevent: a\n\n", vec![ev(Some("a"), "1", None)]),
        (
            b"event: a\nevent: b\ndata: 1\n\n",
            vec![ev(Some("b"), "1", None)],
        ),
        (
            b"event: a\r\ndata: 1\r\n\r\n",
            vec![ev(Some("a"), "1", None)],
        ),
        (b"event: a\ndata: 1\r\n\n", vec![ev(Some("a"), "1", None)]),
        (b"event: a\ndata: 1\n\r\n", vec![ev(Some("a"), "1", None)]),
        (
            b"event: a\n: hi\ndata: 1\n\n",
            vec![ev(Some("a"), "1", None)],
        ),
        (b"events: a\ndata: 1\n\n", vec![ev(None, "1", None)]),
        (b"Event: a\ndata: 1\n\n", vec![ev(None, "1", None)]),
        (b"datum: 1\n\n", vec![]),
        (b"event: a\ndata 1\n\n", vec![ev(Some("a"), "", None)]),
        (b"event: a\n\n", vec![ev(Some("a"), "", None)]),
        // The last event id is carried into fast-path events.
        (
            b"id: 7\n\nevent: a\ndata: 1\n\nid\ndata: 2\n\n",
            vec![
                ev(None, "", Some("7")),
                ev(Some("a"), "1", Some("7")),
                ev(None, "2", Some("")),
            ],
        ),
        // A BOM is stripped from the first line only.
        (
            b"\xEF\xBB\xBFevent: a\ndata: 1\n\nevent: b\ndata: \xEF\xBB\xBF\n\n",
            vec![ev(Some("a"), "1", None), ev(Some("b"), "\u{feff}", None)],
        ),
        // Multi-byte characters in name and data.
        (
            "event: é☕\ndata: — café ☕\n\n".as_bytes(),
            vec![ev(Some("é☕"), "— café ☕", None)],
        ),
        // Unterminated: dropped.
        (b"event: a\ndata: 1\n", vec![]),
        (b"event: a\ndata: 1", vec![]),
    ];
    for (input, want) in cases {
        assert_eq!(check(BIG, input), (want.clone(), None), "{input:?}");
    }
}

#[test]
fn invalid_utf8_offsets_match_the_line_path() {
    let cases: &[(&[u8], u64)] = &[
        (b"event: a\xff\ndata: 1\n\n", 8),
        (b"event: a\ndata: 1\xff\n\n", 16),
        (b"event: \xe2\x98\ndata: 1\n\n", 7),
        (b"event: a\ndata: \xe2\x98\n\n", 15),
        (b"data: 1\n\nevent: a\ndata: \xc3\n\n", 24),
        (b"event: \xff\ndata: \xff\n\n", 7),
    ];
    for (input, offset) in cases {
        assert_eq!(
            check(BIG, input).1,
            Some(SseError::InvalidUtf8 { offset: *offset }),
            "{input:?}"
        );
    }
}

#[test]
fn bounds_match_the_line_path() {
    // Name plus data exactly at the bound, and one over (each line within it).
    assert_eq!(
        check(12, b"event:abcdef\ndata:abcdef\n\n"),
        (vec![ev(Some("abcdef"), "abcdef", None)], None)
    );
    assert_eq!(
        check(12, b"event:abcdef\ndata:abcdefg\n\n"),
        (
            vec![],
            Some(SseError::EventTooLarge {
                limit: 12,
                offset: 13
            })
        )
    );
    // A line over the bound (prefix included), though its value fits.
    assert_eq!(
        check(8, b"event: abcd\ndata: 1\n\n"),
        (
            vec![],
            Some(SseError::LineTooLong {
                limit: 8,
                offset: 0
            })
        )
    );
    assert_eq!(
        check(8, b"data: 1\n\nevent: a\ndata: 123\n\n"),
        (
            vec![ev(None, "1", None)],
            Some(SseError::LineTooLong {
                limit: 8,
                offset: 18
            })
        )
    );
}

#[test]
fn long_data_line_in_small_pieces_without_event_line() {
    // No `event` line: the fast path looks at the line once, then leaves it to the
    // line-by-line path until it ends (linear, not quadratic).
    let payload = "x".repeat(2 * 1024 * 1024);
    let stream = format!("data: {payload}\n\ndata: 1\n\n");
    let mut d = SseDecoder::new();
    let mut got = Vec::new();
    for chunk in stream.as_bytes().chunks(5) {
        d.feed(chunk);
        while let Some(e) = d.next_event().unwrap() {
            got.push(e.data.len());
        }
    }
    d.finish();
    assert!(d.next_event().unwrap().is_none());
    assert_eq!(got, vec![payload.len(), 1]);
}
