//! The AWS event-stream decoder and Bedrock's chunks: the spec's worked frame, every
//! header type, any split of the bytes, CRC mismatches, size bounds, hostile headers, and
//! chunks decoding to the same typed events as SSE.

use anthropic_core::ApiErrorKind;
use anthropic_core::Error;
use anthropic_core::platform::eventstream::{
    EventStreamDecoder, EventStreamError, Frame, HeaderValue, MAX_HEADERS_LENGTH, encode_frame,
};
use anthropic_core::stream::{
    CompletionEvents, ContentDelta, EventDecoder, ItemDecoder, MessageAccumulator, StreamError,
    StreamEvent, StreamFraming,
};
use anthropic_core::types::Completion;
use base64::Engine as _;
use http::{HeaderMap, StatusCode};

const SPEC_FRAME: &str = "000000870000004b87ea2bf30b3a6576656e742d747970650700056368756e6b0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b226279746573223a2265794a306558426c496a6f696257567a6332466e5a56397a64473977496e303d227dba48ab22";

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn chunk(event_json: &str) -> Vec<u8> {
    let payload = format!(
        r#"{{"bytes":"{}","p":"abcdefghij"}}"#,
        base64::engine::general_purpose::STANDARD.encode(event_json)
    );
    encode_frame(
        &[
            (":event-type", HeaderValue::String("chunk".into())),
            (
                ":content-type",
                HeaderValue::String("application/json".into()),
            ),
            (":message-type", HeaderValue::String("event".into())),
        ],
        payload.as_bytes(),
    )
}

fn exception(kind: &str, message: &str) -> Vec<u8> {
    encode_frame(
        &[
            (":exception-type", HeaderValue::String(kind.into())),
            (
                ":content-type",
                HeaderValue::String("application/json".into()),
            ),
            (":message-type", HeaderValue::String("exception".into())),
        ],
        format!(r#"{{"message":"{message}"}}"#).as_bytes(),
    )
}

const EVENTS: &[&str] = &[
    r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}"#,
    r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
    r#"{"type":"ping"}"#,
    r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
    r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}"#,
    r#"{"type":"content_block_stop","index":0}"#,
    r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}"#,
    r#"{"type":"message_stop"}"#,
];

fn stream_bytes() -> Vec<u8> {
    let mut bytes = Vec::new();
    for (i, event) in EVENTS.iter().enumerate() {
        bytes.extend(chunk(event));
        if i == 2 {
            // An event of another type is ignored.
            bytes.extend(encode_frame(
                &[
                    (":event-type", HeaderValue::String("metrics".into())),
                    (":message-type", HeaderValue::String("event".into())),
                ],
                b"{}",
            ));
        }
    }
    bytes
}

fn drain(decoder: &mut EventDecoder) -> Result<Vec<StreamEvent>, Error> {
    let mut out = Vec::new();
    while let Some(event) = decoder.next_event()? {
        out.push(event);
    }
    Ok(out)
}

fn frames_of(bytes: &[u8], splits: &[usize]) -> Result<Vec<Frame>, EventStreamError> {
    let mut decoder = EventStreamDecoder::new();
    let mut frames = Vec::new();
    let mut at = 0;
    for &split in splits.iter().chain(std::iter::once(&bytes.len())) {
        decoder.feed(&bytes[at..split]);
        at = split;
        while let Some(frame) = decoder.next_frame()? {
            frames.push(frame);
        }
    }
    decoder.finish();
    while let Some(frame) = decoder.next_frame()? {
        frames.push(frame);
    }
    Ok(frames)
}

#[test]
fn the_specs_worked_frame_in_three_fragments() {
    let bytes = unhex(SPEC_FRAME);
    assert_eq!(bytes.len(), 135);
    let frames = frames_of(&bytes, &[10, 80]).unwrap();
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].string_header(":event-type"), Some("chunk"));
    assert_eq!(frames[0].string_header(":message-type"), Some("event"));
    assert_eq!(
        frames[0].payload,
        br#"{"bytes":"eyJ0eXBlIjoibWVzc2FnZV9zdG9wIn0="}"#
    );
    // Our encoder produces the same bytes, both CRCs included.
    let encoded = encode_frame(
        &[
            (":event-type", HeaderValue::String("chunk".into())),
            (
                ":content-type",
                HeaderValue::String("application/json".into()),
            ),
            (":message-type", HeaderValue::String("event".into())),
        ],
        &frames[0].payload,
    );
    assert_eq!(encoded, bytes);
}

#[test]
fn every_header_type_round_trips() {
    let headers = vec![
        ("t", HeaderValue::Bool(true)),
        ("f", HeaderValue::Bool(false)),
        ("i8", HeaderValue::Byte(-5)),
        ("i16", HeaderValue::Int16(-300)),
        ("i32", HeaderValue::Int32(70_000)),
        ("i64", HeaderValue::Int64(-1 << 40)),
        ("bytes", HeaderValue::Bytes(vec![0, 255, 7])),
        ("str", HeaderValue::String("héllo".into())),
        ("ts", HeaderValue::Timestamp(1_736_942_400_000)),
        ("uuid", HeaderValue::Uuid(*b"0123456789abcdef")),
    ];
    let bytes = encode_frame(&headers, b"payload");
    let frames = frames_of(&bytes, &[]).unwrap();
    let got: Vec<(&str, &HeaderValue)> = frames[0]
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v))
        .collect();
    let want: Vec<(&str, &HeaderValue)> = headers.iter().map(|(n, v)| (*n, v)).collect();
    assert_eq!(got, want);
    assert_eq!(frames[0].payload, b"payload");
}

#[test]
fn any_split_gives_the_same_events() {
    let bytes = stream_bytes();
    let whole = {
        let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
        d.feed(&bytes);
        d.finish();
        drain(&mut d).unwrap()
    };
    // Every chunk but the `ping`, which is skipped as on SSE.
    assert_eq!(whole.len(), EVENTS.len() - 1);
    assert!(!whole.contains(&StreamEvent::Ping));
    assert_eq!(
        whole.last(),
        Some(&StreamEvent::MessageStop {
            extra: Default::default()
        })
    );
    for split in 0..=bytes.len() {
        let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
        d.feed(&bytes[..split]);
        let mut events = drain(&mut d).unwrap();
        d.feed(&bytes[split..]);
        events.extend(drain(&mut d).unwrap());
        d.finish();
        events.extend(drain(&mut d).unwrap());
        assert_eq!(events, whole, "split at {split}");
    }
    // Byte by byte.
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    let mut events = Vec::new();
    for b in &bytes {
        d.feed(std::slice::from_ref(b));
        events.extend(drain(&mut d).unwrap());
    }
    d.finish();
    events.extend(drain(&mut d).unwrap());
    assert_eq!(events, whole);
}

#[test]
fn chunks_accumulate_like_sse() {
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    d.feed(&stream_bytes());
    d.finish();
    let mut acc = MessageAccumulator::new();
    let mut deltas = 0;
    for event in drain(&mut d).unwrap() {
        if let StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { .. },
            ..
        } = &event
        {
            deltas += 1;
        }
        acc.handle(&event).unwrap();
    }
    assert_eq!(deltas, 2);
    let message = acc.finish().unwrap();
    assert_eq!(message.text(), "Hello world");
}

#[test]
fn a_stream_without_message_stop_is_incomplete() {
    let bytes = stream_bytes();
    let last = chunk(EVENTS[EVENTS.len() - 1]).len();
    for end in [bytes.len() - last, bytes.len() - 1] {
        let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
        d.feed(&bytes[..end]);
        d.finish();
        let result = drain(&mut d);
        assert!(
            matches!(
                result,
                Err(Error::Stream(StreamError::Incomplete { .. }))
                    | Err(Error::Stream(StreamError::EventStream(
                        EventStreamError::Truncated { .. }
                    )))
            ),
            "end {end}: {result:?}"
        );
    }
}

#[test]
fn a_frame_cut_off_after_message_stop_ends_the_stream() {
    // botocore only hands on whole frames, so Python returns the message; the SSE framing
    // drops a block cut off after `message_stop` the same way.
    let mut bytes = stream_bytes();
    let whole = drain_all(&bytes);
    let next = chunk(EVENTS[0]);
    bytes.extend_from_slice(&next[..7]);
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    d.feed(&bytes);
    d.finish();
    assert_eq!(drain(&mut d).unwrap(), whole);
    assert!(d.next_event().unwrap().is_none());
}

#[test]
fn a_chunk_without_bytes_is_skipped() {
    // botocore parses `{"p": ..}` to an empty chunk and `"bytes": ""` to an empty message;
    // Python's decoder yields neither.
    let mut bytes = Vec::new();
    for (i, event) in EVENTS.iter().enumerate() {
        bytes.extend(chunk(event));
        if i == 3 {
            for payload in [&br#"{"p":"x"}"#[..], br#"{"bytes":""}"#] {
                bytes.extend(encode_frame(
                    &[
                        (":event-type", HeaderValue::String("chunk".into())),
                        (":message-type", HeaderValue::String("event".into())),
                    ],
                    payload,
                ));
            }
        }
    }
    assert_eq!(drain_all(&bytes), drain_all(&stream_bytes()));
}

fn drain_all(bytes: &[u8]) -> Vec<StreamEvent> {
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    d.feed(bytes);
    d.finish();
    drain(&mut d).unwrap()
}

#[test]
fn crc_mismatches_are_typed_errors() {
    let good = unhex(SPEC_FRAME);
    let mut bad_prelude = good.clone();
    bad_prelude[9] ^= 1;
    match frames_of(&bad_prelude, &[]) {
        Err(e @ EventStreamError::PreludeChecksum { .. }) => {
            assert!(
                e.to_string()
                    .starts_with("Checksum mismatch: expected 0x87eb2bf3, calculated 0x87ea2bf3"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    let mut bad_payload = good.clone();
    bad_payload[100] ^= 0x20;
    match frames_of(&bad_payload, &[50]) {
        Err(e @ EventStreamError::MessageChecksum { .. }) => {
            assert!(e.to_string().contains("expected 0xba48ab22"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let mut bad_crc = good;
    let n = bad_crc.len();
    bad_crc[n - 1] ^= 0xff;
    assert!(matches!(
        frames_of(&bad_crc, &[]),
        Err(EventStreamError::MessageChecksum { .. })
    ));
}

/// A prelude with these lengths and a correct CRC.
fn prelude(total: u32, headers: u32) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&total.to_be_bytes());
    p.extend_from_slice(&headers.to_be_bytes());
    let crc = crc32(&p);
    p.extend_from_slice(&crc.to_be_bytes());
    p
}

fn crc32(bytes: &[u8]) -> u32 {
    // Bitwise CRC-32 (IEEE), independent of the decoder's implementation.
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn oversized_and_inconsistent_lengths_are_refused_from_the_prelude() {
    // Headers over 128 KiB: refused with only 12 bytes buffered.
    let too_big = (MAX_HEADERS_LENGTH + 1) as u32;
    let mut d = EventStreamDecoder::new();
    d.feed(&prelude(too_big + 16, too_big));
    assert_eq!(
        d.next_frame(),
        Err(EventStreamError::HeadersTooLarge(MAX_HEADERS_LENGTH + 1))
    );
    // After an error nothing more comes out.
    d.feed(&unhex(SPEC_FRAME));
    assert_eq!(d.next_frame(), Ok(None));
    // A payload over 24 MiB.
    let mut d = EventStreamDecoder::new();
    d.feed(&prelude(u32::MAX, 0));
    assert!(matches!(
        d.next_frame(),
        Err(EventStreamError::PayloadTooLarge(_))
    ));
    // A total too small for the headers, and one too small for a frame.
    for (total, headers) in [(20, 10), (15, 0), (0, 0)] {
        let mut d = EventStreamDecoder::new();
        d.feed(&prelude(total, headers));
        assert_eq!(
            d.next_frame(),
            Err(EventStreamError::InvalidLength { total, headers }),
            "{total} {headers}"
        );
    }
}

fn frame_with_raw_headers(block: &[u8]) -> Vec<u8> {
    let total = (16 + block.len()) as u32;
    let mut f = prelude(total, block.len() as u32);
    f.extend_from_slice(block);
    let crc = crc32(&f);
    f.extend_from_slice(&crc.to_be_bytes());
    f
}

#[test]
fn hostile_headers_are_typed_errors() {
    let cases: &[(&[u8], EventStreamError)] = &[
        (b"\x01a\x0a", EventStreamError::InvalidHeaderType(10)),
        (b"\x05ab", EventStreamError::HeaderOverrun),
        (b"\x01a\x07\x00\x09abc", EventStreamError::HeaderOverrun),
        (b"\x01a\x05\x00\x00", EventStreamError::HeaderOverrun),
        (b"\x01\xff\x00", EventStreamError::InvalidUtf8),
        (b"\x01a\x07\x00\x01\xff", EventStreamError::InvalidUtf8),
        (
            b"\x01a\x00\x01a\x01",
            EventStreamError::DuplicateHeader("a".into()),
        ),
    ];
    for (block, expected) in cases {
        let frame = frame_with_raw_headers(block);
        assert_eq!(frames_of(&frame, &[]).unwrap_err(), *expected, "{block:?}");
    }
}

#[test]
fn exceptions_become_typed_errors_after_the_events_before_them() {
    let cases = [
        ("throttlingException", 429, ApiErrorKind::RateLimit),
        ("validationException", 400, ApiErrorKind::BadRequest),
        ("modelStreamErrorException", 424, ApiErrorKind::Other),
        ("modelTimeoutException", 408, ApiErrorKind::Other),
        ("internalServerException", 500, ApiErrorKind::InternalServer),
        (
            "serviceUnavailableException",
            503,
            ApiErrorKind::ServiceUnavailable,
        ),
    ];
    for (kind, status, expected) in cases {
        let mut bytes = chunk(EVENTS[0]);
        bytes.extend(exception(kind, "Too many requests"));
        let mut headers = HeaderMap::new();
        headers.insert("x-amzn-requestid", "rid-1".parse().unwrap());
        let mut d = EventDecoder::bedrock(StatusCode::OK, headers);
        d.feed(&bytes);
        assert!(matches!(
            d.next_event(),
            Ok(Some(StreamEvent::MessageStart { .. }))
        ));
        let err = d.next_event().unwrap_err();
        let api = err.as_api().expect("an API error");
        assert_eq!(api.status().as_u16(), status, "{kind}");
        assert_eq!(api.kind(), expected, "{kind}");
        assert_eq!(api.body()["message"], "Too many requests");
        assert!(
            api.message()
                .starts_with("Bad response code, expected 200: ")
                && api.message().contains(kind),
            "{}",
            api.message()
        );
        assert_eq!(d.next_event().unwrap(), None);
    }
}

#[test]
fn an_in_band_error_event_in_a_chunk_is_a_typed_error() {
    let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
    d.feed(&chunk(
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
    ));
    let err = d.next_event().unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::Overloaded);
}

#[test]
fn a_chunk_that_is_not_base64_json_is_a_typed_error() {
    for payload in [
        &b"not json"[..],
        br#"{"bytes":"!!!"}"#,
        br#"{"bytes":"bnVsbA=="}"#,
    ] {
        let frame = encode_frame(
            &[
                (":event-type", HeaderValue::String("chunk".into())),
                (":message-type", HeaderValue::String("event".into())),
            ],
            payload,
        );
        let mut d = EventDecoder::bedrock(StatusCode::OK, HeaderMap::new());
        d.feed(&frame);
        let err = d.next_event().unwrap_err();
        assert!(
            matches!(
                err,
                Error::Stream(
                    StreamError::EventDataNotJson { .. } | StreamError::EventDataWrongShape { .. }
                )
            ),
            "{payload:?}: {err:?}"
        );
    }
}

fn completion_events() -> CompletionEvents {
    CompletionEvents::for_response(
        "Completion",
        StatusCode::OK,
        &HeaderMap::new(),
        StreamFraming::AwsEventStream,
    )
}

fn drain_completions(d: &mut CompletionEvents, out: &mut Vec<Result<Completion, String>>) {
    while let Some(item) = d.next_item() {
        out.push(item.map_err(|e| e.to_string()));
    }
}

#[test]
fn bedrock_completion_chunks_in_any_split() {
    // Bedrock's completion chunks carry no `type` (a typed one and a ping as well here);
    // every split of the bytes gives the same completions, the ping skipped.
    let mut body = chunk(r#"{"completion":" Hello","stop_reason":null,"stop":null}"#);
    body.extend(chunk(r#"{"type":"ping"}"#));
    body.extend(chunk(
        r#"{"type":"completion","completion":" world","stop_reason":"stop_sequence","stop":"\n\nHuman:"}"#,
    ));
    let whole = {
        let mut d = completion_events();
        let mut out = Vec::new();
        d.feed(&body);
        d.finish();
        drain_completions(&mut d, &mut out);
        assert!(d.is_done());
        out
    };
    let texts: Vec<_> = whole
        .iter()
        .map(|c| c.as_ref().unwrap().completion.as_str())
        .collect();
    assert_eq!(texts, [" Hello", " world"]);
    let last = whole[1].as_ref().unwrap();
    assert_eq!(last.stop_reason.as_deref(), Some("stop_sequence"));
    assert_eq!(last.extra["stop"], "\n\nHuman:");
    for split in 0..=body.len() {
        let mut d = completion_events();
        let mut out = Vec::new();
        d.feed(&body[..split]);
        drain_completions(&mut d, &mut out);
        d.feed(&body[split..]);
        drain_completions(&mut d, &mut out);
        d.finish();
        drain_completions(&mut d, &mut out);
        assert_eq!(out, whole, "split at {split}");
    }
}

#[test]
fn bedrock_completion_exceptions_and_error_chunks_are_typed_errors() {
    let mut body = chunk(r#"{"completion":" Hi","stop_reason":null}"#);
    body.extend(exception("throttlingException", "Too many requests"));
    let mut d = completion_events();
    d.feed(&body);
    assert_eq!(d.next_item().unwrap().unwrap().completion, " Hi");
    let err = d.next_item().unwrap().unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 429);
    assert_eq!(api.kind(), ApiErrorKind::RateLimit);
    assert!(d.next_item().is_none() && d.is_done());

    let mut d = completion_events();
    d.feed(&chunk(
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
    ));
    let err = d.next_item().unwrap().unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::Overloaded);
    assert!(d.next_item().is_none());

    // A chunk that is not a completion keeps its data in the error.
    let mut d = completion_events();
    d.feed(&chunk(r#"{"completion":7}"#));
    let err = d.next_item().unwrap().unwrap_err();
    assert!(
        matches!(&err, Error::Stream(StreamError::EventDataWrongShape { data, .. }) if data.contains("\"completion\":7")),
        "{err:?}"
    );
}
