//! Batch results as typed JSON lines: any split of the body decodes the same, a malformed
//! line is an error carrying the line and decoding goes on, an unknown result type is kept.

use anthropic_core::Error;
use anthropic_core::stream::{JsonlItems, StreamError};
use anthropic_core::types::{BatchResult, MessageBatchIndividualResponse};
use http::StatusCode;

const BODY: &str = concat!(
    r#"{"custom_id":"a","result":{"type":"succeeded","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi ü"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":2}}}}"#,
    "\r\n",
    r#"{"custom_id":"b","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}}}"#,
    "\n\n",
    "{\"custom_id\": \"broken\", \"result\": \n",
    r#"{"custom_id":"c","result":{"type":"canceled"}}"#,
    "\r",
    r#"{"custom_id":"d","result":{"type":"expired"}}"#,
    "\n",
    r#"{"custom_id":"e","result":{"type":"teleported","where":"mars"}}"#,
);

type Outcome = Result<MessageBatchIndividualResponse, String>;

fn decode(chunks: &[&[u8]]) -> Vec<Outcome> {
    let mut items = JsonlItems::<MessageBatchIndividualResponse>::new(
        "MessageBatchIndividualResponse",
        StatusCode::OK,
        Some("req_1".into()),
    );
    let mut out = Vec::new();
    let drain = |items: &mut JsonlItems<_>, out: &mut Vec<Outcome>| {
        while let Some(item) = items.next_item() {
            out.push(item.map_err(|e| match e {
                Error::Decode(d) => {
                    assert_eq!(d.request_id.as_deref(), Some("req_1"));
                    assert_eq!(d.expected, "MessageBatchIndividualResponse");
                    d.body
                }
                other => panic!("unexpected error {other}"),
            }));
        }
    };
    for chunk in chunks {
        items.feed(chunk);
        drain(&mut items, &mut out);
    }
    assert!(!items.is_done() || chunks.is_empty());
    items.finish();
    drain(&mut items, &mut out);
    assert!(items.is_done());
    out
}

#[test]
fn the_whole_body_decodes_every_kind_of_line() {
    let out = decode(&[BODY.as_bytes()]);
    assert_eq!(out.len(), 6);
    let ok = |i: usize| out[i].as_ref().unwrap();
    assert_eq!(ok(0).custom_id, "a");
    match &ok(0).result {
        BatchResult::Succeeded(s) => assert_eq!(s.message.text(), "Hi ü"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(ok(1).result, BatchResult::Errored(_)));
    // The malformed line is an error carrying the raw line; decoding went on after it.
    assert_eq!(
        out[2].as_ref().unwrap_err(),
        "{\"custom_id\": \"broken\", \"result\": "
    );
    assert!(matches!(ok(3).result, BatchResult::Canceled(_)));
    assert!(matches!(ok(4).result, BatchResult::Expired(_)));
    // An unknown result type is kept whole and round-trips.
    match &ok(5).result {
        BatchResult::Unknown(v) => assert_eq!(v["where"], "mars"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        serde_json::to_string(ok(5)).unwrap(),
        r#"{"custom_id":"e","result":{"type":"teleported","where":"mars"}}"#
    );
}

#[test]
fn every_split_point_and_every_byte_alone_decode_the_same() {
    let bytes = BODY.as_bytes();
    let whole = decode(&[bytes]);
    for at in 0..=bytes.len() {
        assert_eq!(
            decode(&[&bytes[..at], &bytes[at..]]),
            whole,
            "split at {at}"
        );
    }
    let singles: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(decode(&singles), whole);
}

#[test]
fn bytes_that_are_not_json_lines_end_the_items() {
    let mut items =
        JsonlItems::<serde_json::Value>::new("Value", StatusCode::OK, None).max_line_len(8);
    items.feed(b"{\"a\":1}\n{\"much too long\":1}\n{\"b\":2}\n");
    assert!(items.next_item().unwrap().is_ok());
    match items.next_item() {
        Some(Err(Error::Stream(StreamError::Jsonl(_)))) => {}
        other => panic!("{other:?}"),
    }
    assert!(items.next_item().is_none());
    assert!(items.is_done());
}
