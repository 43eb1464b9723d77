//! The fast lane (a whole string-delta event recognised in the raw bytes) gives exactly
//! what the layered path gives: the same events, the same errors, the same offsets, on
//! every split of the input, for events at and around its edges.
//!
//! Three decoders run each input: the layered reference (`SseDecoder::feed`/`next_event`,
//! then `decode_event`, no lane anywhere), `EventDecoder` fed each chunk (the lane on its
//! buffer: what the clients run), and the borrowed loop (`lane::next_str_delta_from`,
//! `SseDecoder::next_event_from`, `decode_event_ref`) on each chunk in place (the fuzz
//! checks' `borrowed_run`, which the `event_decoder` target compares too).

#[path = "../../fuzz/checks/mod.rs"]
mod checks;

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{EventDecoder, SseDecoder, StreamError, StreamEvent};
use checks::parsers::borrowed_run;
use http::{HeaderMap, StatusCode};

/// What a decoder gave: the events, then the error that ended it (as text: the error
/// types carry no `PartialEq`), if any.
type Outcome = (Vec<StreamEvent>, Option<String>);

fn layered(limit: usize, chunks: &[&[u8]]) -> Outcome {
    let mut sse = SseDecoder::new().max_event_size(limit);
    let mut out = Vec::new();
    let drain = |sse: &mut SseDecoder, out: &mut Vec<StreamEvent>| -> Option<String> {
        loop {
            match sse.next_event() {
                Ok(Some(e)) => match decode_event(e.event, e.data) {
                    // Skipped by `EventDecoder`, as Python skips it.
                    Ok(Decoded::Event(StreamEvent::Ping)) => {}
                    Ok(Decoded::Event(event)) => out.push(event),
                    Ok(Decoded::Error(_)) => return Some("error event".into()),
                    Err(e) => return Some(e.to_string()),
                },
                Ok(None) => return None,
                Err(e) => return Some(StreamError::Sse(e).to_string()),
            }
        }
    };
    for c in chunks {
        sse.feed(c);
        if let Some(e) = drain(&mut sse, &mut out) {
            return (out, Some(e));
        }
    }
    sse.finish();
    let end = drain(&mut sse, &mut out);
    (out, end)
}

/// `EventDecoder`, with its end-of-stream rule left out of the comparison: the inputs
/// here need not end with `message_stop`.
fn event_decoder(limit: usize, chunks: &[&[u8]]) -> Outcome {
    let mut d = EventDecoder::with_sse(
        SseDecoder::new().max_event_size(limit),
        StatusCode::OK,
        HeaderMap::new(),
    );
    let mut out = Vec::new();
    let drain = |d: &mut EventDecoder, out: &mut Vec<StreamEvent>| -> Option<String> {
        loop {
            match d.next_event() {
                Ok(Some(event)) => out.push(event),
                Ok(None) => return None,
                Err(anthropic_core::Error::Api(_)) => return Some("error event".into()),
                Err(anthropic_core::Error::Stream(e)) => return Some(e.to_string()),
                Err(e) => panic!("unexpected error {e}"),
            }
        }
    };
    for c in chunks {
        d.feed(c);
        if let Some(e) = drain(&mut d, &mut out) {
            return (out, Some(e));
        }
    }
    d.finish();
    let end = drain(&mut d, &mut out).filter(|e| !e.contains("ended before"));
    (out, end)
}

/// Every decoder on the input whole, byte by byte, and split in two at every position;
/// all must agree with the layered reference on it whole.
fn check(limit: usize, input: &[u8]) -> Outcome {
    let expected = layered(limit, &[input]);
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    let mut splits: Vec<Vec<&[u8]>> = vec![vec![input], bytes];
    for at in 1..input.len() {
        splits.push(vec![&input[..at], &input[at..]]);
    }
    for chunks in &splits {
        let what = format!("{} chunks, first {} bytes", chunks.len(), chunks[0].len());
        assert_eq!(layered(limit, chunks), expected, "layered, {what}");
        assert_eq!(
            event_decoder(limit, chunks),
            expected,
            "EventDecoder, {what}"
        );
        assert_eq!(borrowed_run(limit, chunks), expected, "borrowed, {what}");
    }
    expected
}

fn delta_event(index: &str, ty: &str, key: &str, string: &str) -> String {
    format!(
        "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":{index},\"delta\":{{\"type\":\"{ty}\",\"{key}\":\"{string}\"}}}}\n\n"
    )
}

fn text_event(string: &str) -> String {
    delta_event("0", "text_delta", "text", string)
}

const PING: &str = "event: ping\ndata: {\"type\":\"ping\"}\n\n";

fn texts(outcome: &Outcome) -> Vec<String> {
    outcome
        .0
        .iter()
        .filter_map(|e| match e {
            StreamEvent::ContentBlockDelta { delta, .. } => {
                Some(serde_json::to_string(delta).unwrap())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn string_deltas_of_every_kind_and_escape() {
    let strings = [
        "Hello",
        "",
        "café ☕ — 日本",
        r#"say \"hi\""#,
        r"back\\slash \/ \b\f\n\r\t",
        r"\u00e9 and \ud83d\ude00",
        r"\u0000",
    ];
    let mut input = String::from(PING);
    for s in strings {
        input.push_str(&text_event(s));
        input.push_str(&delta_event("3", "input_json_delta", "partial_json", s));
        input.push_str(&delta_event("12", "thinking_delta", "thinking", s));
    }
    input.push_str(PING);
    let outcome = check(usize::MAX, input.as_bytes());
    assert_eq!(outcome.1, None);
    assert_eq!(texts(&outcome).len(), strings.len() * 3);
    // The leading `ping` is skipped: the first event is the first delta.
    assert!(matches!(
        &outcome.0[0],
        StreamEvent::ContentBlockDelta { index: 0, .. }
    ));
}

#[test]
fn near_misses_take_the_layered_path_with_the_same_result() {
    let near = [
        // Not the exact form: each goes the layered way, most still decode.
        text_event("x").replacen("event: ", "event:", 1),
        text_event("x").replacen("data: ", "data:", 1),
        text_event("x").replacen("\n\n", "\r\n\r\n", 1),
        text_event("x").replacen("\ndata", "\r\ndata", 1),
        text_event("x").replacen("\"index\":0", "\"index\": 0", 1),
        delta_event("01", "text_delta", "text", "leading zero"),
        delta_event("99999999999999999999", "text_delta", "text", "huge"),
        delta_event("", "text_delta", "text", "no digits"),
        delta_event("0", "signature_delta", "signature", "sig"),
        delta_event("0", "text_delta", "text", r"bad \x escape"),
        delta_event("0", "text_delta", "text", r"lone \ud83d surrogate"),
        delta_event("0", "text_delta", "text", "raw \t tab"),
        text_event("x").replacen("}}\n", "},\"extra\":1}\n", 1),
        text_event("x").replacen("}}\n", "}}\n: comment\n", 1),
        text_event("x").replacen("\n\n", "\nid: 7\n\n", 1),
        text_event("x").replacen("event: content_block_delta", "event: other", 1),
        format!("id: 1\n\n{}", text_event("after an id")),
        format!("\u{feff}{}", text_event("after a BOM")),
        text_event("x").replacen("\n\n", "\n", 1), // the stream ends inside the event
    ];
    for input in near {
        check(usize::MAX, input.as_bytes());
        check(usize::MAX, format!("{PING}{input}").as_bytes());
    }
}

#[test]
fn invalid_utf8_in_the_string_is_the_same_error_at_the_same_offset() {
    let mut input = format!("{PING}{}", text_event("ok")).into_bytes();
    let bad = text_event("bad ?? end").into_bytes();
    let at = bad.iter().position(|&b| b == b'?').unwrap();
    let mut bad = bad;
    bad[at] = 0xff;
    bad[at + 1] = 0xfe;
    input.extend_from_slice(&bad);
    input.extend_from_slice(text_event("never").as_bytes());
    let (events, error) = check(usize::MAX, &input);
    assert_eq!(
        events.len(),
        1,
        "the event before the bad one (the ping skipped)"
    );
    let error = error.expect("an error");
    assert!(error.contains("UTF-8"), "{error}");
}

#[test]
fn the_event_size_bound_holds_in_the_lane() {
    let event = text_event("twenty bytes of text");
    let input = format!("{PING}{event}");
    for limit in [
        event.len() - 30,
        event.len() - 2,
        event.len(),
        event.len() + 1,
    ] {
        check(limit, input.as_bytes());
    }
}
