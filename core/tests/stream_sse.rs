//! SSE decoder: byte vectors for every rule, the traps, bounds, and chunking properties.

use anthropic_core::stream::{OwnedSseEvent, SseDecoder, SseError};

/// Decodes with `feed` + `next_event` and, on a copy of the decoder, with
/// `next_event_from` (events decoded where they lie in the input); both must agree.
fn decode_with(d: SseDecoder, chunks: &[&[u8]]) -> Result<Vec<OwnedSseEvent>, SseError> {
    let limit = d.get_max_event_size();
    let fed = decode_fed(d, chunks);
    let in_place = decode_in_place(SseDecoder::new().max_event_size(limit), chunks);
    assert_eq!(fed, in_place, "feed and next_event_from disagree");
    fed
}

fn decode_in_place(mut d: SseDecoder, chunks: &[&[u8]]) -> Result<Vec<OwnedSseEvent>, SseError> {
    let mut out = Vec::new();
    for c in chunks {
        let mut rest = *c;
        while let Some(e) = d.next_event_from(&mut rest)? {
            out.push(e.to_owned_event());
        }
        assert!(rest.is_empty());
    }
    d.finish();
    while let Some(e) = d.next_event()? {
        out.push(e.to_owned_event());
    }
    Ok(out)
}

fn decode_fed(mut d: SseDecoder, chunks: &[&[u8]]) -> Result<Vec<OwnedSseEvent>, SseError> {
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        while let Some(e) = d.next_event()? {
            out.push(e.to_owned_event());
        }
    }
    d.finish();
    while let Some(e) = d.next_event()? {
        out.push(e.to_owned_event());
    }
    Ok(out)
}

fn decode(chunks: &[&[u8]]) -> Vec<OwnedSseEvent> {
    decode_with(SseDecoder::new(), chunks).unwrap()
}

fn ev(event: Option<&str>, data: &str, id: Option<&str>, retry: Option<u64>) -> OwnedSseEvent {
    OwnedSseEvent {
        event: event.map(str::to_owned),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry,
    }
}

fn data(d: &str) -> OwnedSseEvent {
    ev(None, d, None, None)
}

#[test]
fn spec_examples() {
    let cases: &[(&[u8], Vec<OwnedSseEvent>)] = &[
        (
            b"event: a\ndata: 1\n\n",
            vec![ev(Some("a"), "1", None, None)],
        ),
        (
            b"data: a\ndata:b\ndata:  c\ndata\ndata:\n\n",
            vec![data("a\nb\n c\n\n")],
        ),
        (
            b"event:  a\ndata:\t1\n\n",
            vec![ev(Some(" a"), "\t1", None, None)],
        ),
        (b"event\ndata\n\n", vec![data("")]),
        (b"event\n\n", vec![]),
        (b": hello\n\n", vec![]),
        (b"foo: bar\n\n", vec![]),
        (b"Event: x\nDATA: y\n data: z\n\n", vec![]),
        (b"data: a: b\n\n", vec![data("a: b")]),
        (
            b"id: abc\ndata: 1\n\ndata: 2\n\n",
            vec![
                ev(None, "1", Some("abc"), None),
                ev(None, "2", Some("abc"), None),
            ],
        ),
        (
            b"id: x\ndata: 1\n\nid: a\0b\ndata: 2\n\n",
            vec![
                ev(None, "1", Some("x"), None),
                ev(None, "2", Some("x"), None),
            ],
        ),
        (
            b"id: x\ndata: 1\n\nid\ndata: 2\n\n",
            vec![
                ev(None, "1", Some("x"), None),
                ev(None, "2", Some(""), None),
            ],
        ),
        (
            b"retry: 100\ndata: 1\n\ndata: 2\n\n",
            vec![ev(None, "1", None, Some(100)), data("2")],
        ),
        (
            b"id: 7\ndata: 1\n\n\n\ndata: 2\n\n",
            vec![
                ev(None, "1", Some("7"), None),
                ev(None, "", Some("7"), None),
                ev(None, "", Some("7"), None),
                ev(None, "2", Some("7"), None),
            ],
        ),
        // An event with a name but no data line is dispatched (as Python does).
        (b"event: ping\n\n", vec![ev(Some("ping"), "", None, None)]),
        // A retry-only block too.
        (b"retry: 5\n\n", vec![ev(None, "", None, Some(5))]),
        // The last event name wins.
        (
            b"event: a\nevent: b\ndata: x\n\n",
            vec![ev(Some("b"), "x", None, None)],
        ),
    ];
    for (input, want) in cases {
        assert_eq!(
            &decode(&[input]),
            want,
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn retry_only_ascii_digits() {
    for bad in [
        "-5",
        "+5",
        " 12 ",
        "1_000",
        "10a",
        "١٢",
        "",
        "99999999999999999999999",
    ] {
        let input = format!("retry:{bad}\ndata: x\n\n");
        assert_eq!(
            decode(&[input.as_bytes()]),
            vec![data("x")],
            "retry {bad:?}"
        );
    }
    assert_eq!(
        decode(&[b"retry:0012\ndata: x\n\n"]),
        vec![ev(None, "x", None, Some(12))]
    );
    assert_eq!(
        decode(&[b"retry: 7\ndata: x\n\n"]),
        vec![ev(None, "x", None, Some(7))]
    );
}

#[test]
fn data_without_space_and_comments_and_multiline() {
    assert_eq!(decode(&[b"data:{\"a\":1}\n\n"]), vec![data("{\"a\":1}")]);
    assert_eq!(
        decode(&[b": ping\n:\ndata: one\n: in between\ndata: two\n\n"]),
        vec![data("one\ntwo")]
    );
}

#[test]
fn line_endings_all_equivalent() {
    let lf = b"event: a\ndata: 1\ndata: 2\n\nevent: b\ndata: 3\n\n".to_vec();
    let crlf = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r\n");
    let cr = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r");
    let want = vec![
        ev(Some("a"), "1\n2", None, None),
        ev(Some("b"), "3", None, None),
    ];
    assert_eq!(decode(&[&lf]), want);
    assert_eq!(decode(&[crlf.as_bytes()]), want);
    assert_eq!(decode(&[cr.as_bytes()]), want);
    // Mixed.
    assert_eq!(
        decode(&[b"event: a\r\ndata: 1\rdata: 2\n\r\nevent: b\rdata: 3\r\n\n"]),
        want
    );
}

#[test]
fn cr_lf_split_across_feeds_is_one_line_end() {
    // With an id seen, an extra empty line would dispatch an extra event (Python does).
    let want = vec![
        ev(None, "1", Some("7"), None),
        ev(None, "2", Some("7"), None),
    ];
    assert_eq!(
        decode(&[b"id: 7\r\ndata: 1\r\n\r", b"\ndata: 2\r\n\r\n"]),
        want
    );
    assert_eq!(
        decode(&[
            b"id: 7\r",
            b"\ndata: 1\r",
            b"\n\r",
            b"\ndata: 2\r\n\r",
            b"\n"
        ]),
        want
    );
    // CR CR LF with the split after CR CR: still CR, CRLF (one empty line, no extra
    // event), the same as unsplit.
    assert_eq!(decode(&[b"id: 7\ndata: 1\r\r", b"\ndata: 2\n\n"]), want);
    assert_eq!(
        decode(&[b"id: 7\ndata: 1\r\r", b"\ndata: 2\n\n"]),
        decode(&[b"id: 7\ndata: 1\r\r\ndata: 2\n\n"])
    );
}

#[test]
fn event_dispatched_on_cr_without_waiting_for_next_byte() {
    let mut d = SseDecoder::new();
    d.feed(b"data: 1\r\r");
    assert_eq!(
        d.next_event().unwrap().map(|e| e.data.to_owned()),
        Some("1".into())
    );
    assert_eq!(d.next_event().unwrap(), None);
}

#[test]
fn multibyte_split_across_feeds() {
    let s = "data: café ☕ 😀\n\n".as_bytes();
    for i in 0..s.len() {
        assert_eq!(
            decode(&[&s[..i], &s[i..]]),
            vec![data("café ☕ 😀")],
            "split at {i}"
        );
    }
    let bytes: Vec<&[u8]> = s.chunks(1).collect();
    assert_eq!(decode(&bytes), vec![data("café ☕ 😀")]);
}

#[test]
fn invalid_utf8_is_a_typed_error() {
    let r = decode_with(SseDecoder::new(), &[b"data: ok\n\ndata: a\xff\n\n"]);
    assert_eq!(r, Err(SseError::InvalidUtf8 { offset: 17 }));
    // Events before the bad line still come out, then the error; it is sticky.
    let mut d = SseDecoder::new();
    d.feed(b"data: ok\n\ndata: \xe2\x82\n\n");
    assert_eq!(d.next_event().unwrap().unwrap().data, "ok");
    assert_eq!(d.next_event(), Err(SseError::InvalidUtf8 { offset: 16 }));
    assert_eq!(d.next_event(), Err(SseError::InvalidUtf8 { offset: 16 }));
    // A truncated character at the end of the stream.
    assert_eq!(
        decode_with(SseDecoder::new(), &[b"data: \xe2\x82"]),
        Err(SseError::InvalidUtf8 { offset: 6 })
    );
    // Invalid UTF-8 in a comment is an error too (Python decodes every line).
    assert_eq!(
        decode_with(SseDecoder::new(), &[b": \xc3\x28\n"]),
        Err(SseError::InvalidUtf8 { offset: 2 })
    );
}

#[test]
fn bom_is_stripped_once() {
    let want = vec![ev(Some("message_start"), "{}", None, None)];
    assert_eq!(
        decode(&[b"\xEF\xBB\xBFevent: message_start\ndata: {}\n\n"]),
        want
    );
    assert_eq!(
        decode(&[b"\xEF", b"\xBB", b"\xBFevent: message_start\ndata: {}\n\n"]),
        want
    );
    // Only at the start of the stream: a BOM on a later line is part of the field name.
    assert_eq!(
        decode(&[b"data: 1\n\n\xEF\xBB\xBFevent: x\ndata: 2\n\n"]),
        vec![data("1"), data("2")]
    );
    // A BOM alone as the first line is an empty line.
    assert_eq!(decode(&[b"\xEF\xBB\xBF\ndata: 1\n\n"]), vec![data("1")]);
}

#[test]
fn unterminated_last_event_is_dropped() {
    for tail in [&b"data: 2\n"[..], b"data: 2", b"event: x\ndata: 2"] {
        let mut d = SseDecoder::new();
        d.feed(b"data: 1\n\n");
        d.feed(tail);
        assert_eq!(d.next_event().unwrap().unwrap().data, "1");
        assert_eq!(d.next_event().unwrap(), None);
        assert!(d.has_incomplete_event());
        d.finish();
        assert_eq!(d.next_event().unwrap(), None);
        assert!(d.has_incomplete_event(), "{tail:?}");
        assert_eq!(d.next_event().unwrap(), None);
    }
    // A complete stream leaves nothing incomplete.
    let mut d = SseDecoder::new();
    d.feed(b"id: 1\ndata: 1\n\n: bye\n");
    d.finish();
    assert!(d.next_event().unwrap().is_some());
    assert_eq!(d.next_event().unwrap(), None);
    assert!(!d.has_incomplete_event());
    // A final CR is a line end even though no LF can follow.
    assert_eq!(decode(&[b"data: 1\n\r"]), vec![data("1")]);
}

#[test]
fn events_left_in_the_buffer_come_out_after_finish() {
    let mut d = SseDecoder::new();
    d.feed(b"data: 1\n\ndata: 2\n\n");
    d.finish();
    assert!(d.is_finished());
    assert_eq!(d.next_event().unwrap().unwrap().data, "1");
    assert_eq!(d.next_event().unwrap().unwrap().data, "2");
    assert_eq!(d.next_event().unwrap(), None);
    d.feed(b"data: 3\n\n");
    assert_eq!(d.next_event(), Err(SseError::FedAfterFinish));
}

#[test]
fn event_over_the_bound_is_a_typed_error() {
    assert_eq!(
        SseDecoder::new().max_event_size(10).get_max_event_size(),
        10
    );
    assert_eq!(SseDecoder::new().get_max_event_size(), 16 * 1024 * 1024);
    // Each line fits; the joined data does not.
    let r = decode_with(
        SseDecoder::new().max_event_size(12),
        &[b"data: 12345\ndata: 67890\ndata: abcde\n\n"],
    );
    assert_eq!(
        r,
        Err(SseError::EventTooLarge {
            limit: 12,
            offset: 24
        })
    );
    // Exactly at the bound is fine.
    let r = decode_with(
        SseDecoder::new().max_event_size(10),
        &[b"data:01234\ndata:5678\n\n"],
    );
    assert_eq!(r, Ok(vec![data("01234\n5678")]));
    // One line over the bound, complete or still arriving.
    let r = decode_with(
        SseDecoder::new().max_event_size(10),
        &[b"data: 1\n\ndata: 123456\n\n"],
    );
    assert_eq!(
        r,
        Err(SseError::LineTooLong {
            limit: 10,
            offset: 9
        })
    );
    let mut d = SseDecoder::new().max_event_size(10);
    d.feed(b"data: 1\n\ndata: 12");
    assert_eq!(d.next_event().unwrap().unwrap().data, "1");
    assert_eq!(d.next_event().unwrap(), None);
    d.feed(b"3456");
    assert_eq!(
        d.next_event(),
        Err(SseError::LineTooLong {
            limit: 10,
            offset: 9
        })
    );
    // Memory stays bounded: further input is not processed.
    assert_eq!(
        d.next_event(),
        Err(SseError::LineTooLong {
            limit: 10,
            offset: 9
        })
    );
}

#[test]
fn multi_megabyte_line_in_small_chunks() {
    let payload: String = (0..3 * 1024 * 1024)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let stream = format!("event: content_block_delta\ndata: {payload}\n\n");
    let mut d = SseDecoder::new();
    let mut got = Vec::new();
    for chunk in stream.as_bytes().chunks(7) {
        d.feed(chunk);
        while let Some(e) = d.next_event().unwrap() {
            got.push((e.event.map(str::to_owned), e.data.len(), e.data == payload));
        }
    }
    d.finish();
    assert!(d.next_event().unwrap().is_none());
    assert_eq!(
        got,
        vec![(Some("content_block_delta".to_owned()), payload.len(), true)]
    );
}

/// A recorded-looking stream covering text, tool use with input_json_delta, thinking
/// with a signature, redacted thinking, citations, a comment, a ping and an error event.
fn recorded() -> Vec<u8> {
    let mut v = Vec::new();
    for part in [
        &include_bytes!("../../fuzz/corpus/sse/text.sse")[..],
        include_bytes!("../../fuzz/corpus/sse/tool_use.sse"),
        include_bytes!("../../fuzz/corpus/sse/thinking_citations.sse"),
        include_bytes!("../../fuzz/corpus/sse/error.sse"),
    ] {
        v.extend_from_slice(part);
    }
    v
}

#[test]
fn recorded_stream_decodes_to_the_expected_events() {
    let events = decode(&[&recorded()]);
    let names: Vec<&str> = events.iter().map(|e| e.event.as_deref().unwrap()).collect();
    assert_eq!(names.len(), 38);
    assert_eq!(names.first(), Some(&"message_start"));
    assert_eq!(names.last(), Some(&"error"));
    for name in [
        "ping",
        "content_block_delta",
        "message_delta",
        "message_stop",
    ] {
        assert!(names.contains(&name));
    }
    for e in &events {
        let v: serde_json::Value = serde_json::from_str(&e.data).unwrap();
        assert!(v.get("type").is_some());
    }
    assert!(events.iter().any(|e| e.data.contains("signature_delta")));
    assert!(events.iter().any(|e| e.data.contains("input_json_delta")));
    assert!(events.iter().any(|e| e.data.contains("citations_delta")));
    assert!(events.iter().any(|e| e.data.contains("overloaded_error")));
}

fn variants() -> Vec<Vec<u8>> {
    let lf = recorded();
    let text = String::from_utf8(lf.clone()).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&lf);
    vec![
        lf,
        text.replace('\n', "\r\n").into_bytes(),
        text.replace('\n', "\r").into_bytes(),
        bom,
    ]
}

#[test]
fn every_single_split_gives_the_same_events() {
    let want = decode(&[&recorded()]);
    for stream in variants() {
        assert_eq!(decode(&[&stream]), want);
        for i in 0..=stream.len() {
            assert_eq!(decode(&[&stream[..i], &stream[i..]]), want, "split at {i}");
        }
    }
}

#[test]
fn random_multi_splits_give_the_same_events() {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let want = decode(&[&recorded()]);
    for stream in variants() {
        for round in 0..300 {
            let n = 1 + next() % if round % 10 == 0 { 400 } else { 20 };
            let mut cuts: Vec<usize> = (0..n)
                .map(|_| (next() % (stream.len() as u64 + 1)) as usize)
                .collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for c in cuts {
                chunks.push(&stream[start..c]);
                start = c;
            }
            chunks.push(&stream[start..]);
            assert_eq!(decode(&chunks), want, "round {round}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(decode(&bytes), want);
    }
}
