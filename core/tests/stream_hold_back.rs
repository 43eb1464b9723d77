//! The hold-back rule as a sans-IO state machine: no socket, no sleep; the test plays
//! the driver.

use std::borrow::Cow;
use std::time::SystemTime;

use anthropic_core::endpoints::messages::{self, EventStream};
use anthropic_core::error::{ConnectionError, TimeoutError, TimeoutKind};
use anthropic_core::stream::event::StrDeltaKind;
use anthropic_core::stream::hold_back::{Output, Ready};
use anthropic_core::stream::{HoldBack, StreamError, StreamEvent, StreamEventRef};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_core::{
    ApiErrorKind, ClientConfig, Error, Exchange, Moment, RequestOptions, Timestamp,
};
use http::{HeaderMap, StatusCode};

const START: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n\
event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
event: ping\ndata: {\"type\":\"ping\"}\n\n";
const CONTENT: &str = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n\
event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n\
event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
const OVERLOADED: &str = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
const INVALID: &str = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}\n\n";

fn exchange(max_retries: u32) -> Exchange<EventStream> {
    let config = ClientConfig::new()
        .api_key("sk-test")
        .base_url("http://127.0.0.1:9");
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("hi");
    let call = messages::create_stream(&params, false).unwrap();
    let options = RequestOptions::new().max_retries(max_retries);
    Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap()
}

fn moment() -> Moment {
    Moment {
        now: Timestamp::ZERO,
        wall: SystemTime::now(),
        random: 0.5,
    }
}

/// What the driver would see, polling until it must read (`Read`) or the stream ends.
#[derive(Debug, PartialEq)]
enum Seen {
    Event(&'static str),
    Error(String),
    Read,
    Retry,
    End,
}

fn poll_all(hold: &mut HoldBack, exchange: &mut Exchange<EventStream>) -> Vec<Seen> {
    let mut seen = Vec::new();
    loop {
        let s = match hold.poll_output(exchange, moment) {
            Output::Event(e) => Seen::Event(name(&e)),
            Output::Error(e) => Seen::Error(kind(&e)),
            Output::Read => Seen::Read,
            Output::Retry(_) => Seen::Retry,
            Output::End => Seen::End,
        };
        let stop = matches!(s, Seen::Read | Seen::Retry | Seen::End);
        seen.push(s);
        if stop {
            return seen;
        }
    }
}

fn name(e: &StreamEvent) -> &'static str {
    match e {
        StreamEvent::MessageStart { .. } => "message_start",
        StreamEvent::ContentBlockStart { .. } => "content_block_start",
        StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
        StreamEvent::ContentBlockStop { .. } => "content_block_stop",
        StreamEvent::MessageDelta { .. } => "message_delta",
        StreamEvent::MessageStop { .. } => "message_stop",
        StreamEvent::Ping => "ping",
        _ => "unknown",
    }
}

fn kind(e: &Error) -> String {
    match e {
        Error::Api(a) => format!("{:?}", a.kind()),
        Error::Stream(StreamError::Incomplete { .. }) => "incomplete".into(),
        Error::Stream(s) => format!("stream: {s}"),
        Error::Connection(_) => "connection".into(),
        Error::Timeout(_) => "Timeout".into(),
        other => format!("{other:?}"),
    }
}

use Seen::*;

#[test]
fn opening_events_wait_for_the_first_content_then_come_out_in_order() {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    assert_eq!(poll_all(&mut hold, &mut ex), [Read]);
    hold.handle_bytes(START.as_bytes());
    assert_eq!(poll_all(&mut hold, &mut ex), [Read]);
    assert!(!hold.is_released());
    hold.handle_bytes(CONTENT.as_bytes());
    hold.handle_end();
    assert_eq!(
        poll_all(&mut hold, &mut ex),
        [
            Event("message_start"),
            Event("content_block_start"),
            Event("content_block_delta"),
            Event("content_block_stop"),
            Event("message_delta"),
            Event("message_stop"),
            End
        ]
    );
    assert_eq!(poll_all(&mut hold, &mut ex), [End]);
}

/// After `message_stop` the message is whole: a block the body cuts off after it is
/// dropped (Python drops any block without its blank line), not an incomplete stream.
/// Cut anywhere before `message_stop`, the stream is incomplete.
#[test]
fn a_block_cut_off_after_message_stop_is_dropped_and_one_before_it_is_not() {
    let whole = format!("{START}{CONTENT}");
    for tail in [
        "event: ping\ndata: {\"type\":\"ping\"}",
        "event: ping\n",
        "data: x",
    ] {
        let mut ex = exchange(2);
        let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
        hold.handle_bytes(format!("{whole}{tail}").as_bytes());
        hold.handle_end();
        let seen = poll_all(&mut hold, &mut ex);
        assert_eq!(
            seen[seen.len() - 2..],
            [Event("message_stop"), End],
            "{tail:?}"
        );
    }
    let stop = whole.rfind("event: message_stop").unwrap();
    for cut in [stop, stop + 25, whole.len() - 1] {
        let mut ex = exchange(2);
        let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
        hold.handle_bytes(&whole.as_bytes()[..cut]);
        hold.handle_end();
        let seen = poll_all(&mut hold, &mut ex);
        assert_eq!(
            seen[seen.len() - 2..],
            [Error("incomplete".into()), End],
            "cut at {cut}: {seen:?}"
        );
    }
}

#[test]
fn a_retryable_error_before_content_is_retried_and_the_first_attempts_events_dropped() {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(START.as_bytes());
    hold.handle_bytes(OVERLOADED.as_bytes());
    assert_eq!(poll_all(&mut hold, &mut ex), [Retry]);
    assert_eq!(ex.retries_taken(), 1);
    // The driver reopens; the new response streams normally.
    let mut headers = HeaderMap::new();
    headers.insert("request-id", "req_2".parse().unwrap());
    hold.handle_reopened(StatusCode::OK, headers);
    assert_eq!(hold.headers()["request-id"], "req_2");
    hold.handle_bytes(START.as_bytes());
    hold.handle_bytes(CONTENT.as_bytes());
    hold.handle_end();
    let seen = poll_all(&mut hold, &mut ex);
    assert_eq!(seen.first(), Some(&Event("message_start")));
    assert_eq!(
        seen.iter()
            .filter(|s| **s == Event("message_start"))
            .count(),
        1
    );
    assert_eq!(seen.last(), Some(&End));

    // A connection failure before content is retried too.
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(START.as_bytes());
    assert_eq!(poll_all(&mut hold, &mut ex), [Read]);
    hold.handle_read_error(Error::Connection(ConnectionError::new("reset", None)));
    assert_eq!(poll_all(&mut hold, &mut ex), [Retry]);
    // And if reopening fails for good, that error ends the stream.
    hold.handle_reopen_error(TimeoutError::new(TimeoutKind::Read).into());
    assert_eq!(poll_all(&mut hold, &mut ex), [Error("Timeout".into()), End]);
}

#[test]
fn held_events_come_out_before_an_error_that_is_not_retried() {
    let cases: [(u32, &str, &str); 4] = [
        (2, INVALID, "BadRequest"),
        (0, OVERLOADED, "Overloaded"),
        (
            2,
            "event: content_block_delta\ndata: {bad\n\n",
            "stream: the data of a `content_block_delta` event is not JSON",
        ),
        (2, "", "incomplete"),
    ];
    for (retries, last, error) in cases {
        let mut ex = exchange(retries);
        let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
        hold.handle_bytes(START.as_bytes());
        hold.handle_bytes(last.as_bytes());
        hold.handle_end();
        let seen = poll_all(&mut hold, &mut ex);
        // The `ping` among them is skipped.
        assert_eq!(
            &seen[..2],
            [Event("message_start"), Event("content_block_start")],
            "{error}"
        );
        match &seen[2] {
            Error(e) => assert!(e.starts_with(error), "{e} vs {error}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(seen[3], End);
        assert_eq!(ex.retries_taken(), 0);
    }
    // The same with the budget spent by an earlier retry.
    let mut ex = exchange(1);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(OVERLOADED.as_bytes());
    assert_eq!(poll_all(&mut hold, &mut ex), [Retry]);
    hold.handle_reopened(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(START.as_bytes());
    hold.handle_bytes(OVERLOADED.as_bytes());
    let seen = poll_all(&mut hold, &mut ex);
    assert_eq!(seen[0], Event("message_start"));
    assert_eq!(seen[2], Error(format!("{:?}", ApiErrorKind::Overloaded)));
}

#[test]
fn after_content_nothing_is_retried() {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(START.as_bytes());
    hold.handle_bytes(
        CONTENT
            .split("event: content_block_stop")
            .next()
            .unwrap()
            .as_bytes(),
    );
    let seen = poll_all(&mut hold, &mut ex);
    assert_eq!(seen.len(), 4);
    assert!(hold.is_released());
    hold.handle_bytes(OVERLOADED.as_bytes());
    assert_eq!(
        poll_all(&mut hold, &mut ex),
        [Error("Overloaded".into()), End]
    );
    assert_eq!(ex.retries_taken(), 0);
}

/// The lending driver's loop (`poll_ready`, then `take_ref`), its events made owned for
/// comparison: a full event where `poll_all` keeps only names.
#[derive(Debug, PartialEq)]
enum Step {
    Event(StreamEvent),
    Error(String),
    Read,
    Retry,
    End,
}

/// Polls one way until the driver must act, as [`poll_all`] does.
fn steps(hold: &mut HoldBack, exchange: &mut Exchange<EventStream>, by_ref: bool) -> Vec<Step> {
    let mut out = Vec::new();
    loop {
        let step = if by_ref {
            match hold.poll_ready(exchange, moment) {
                Output::Event(Ready) => Step::Event(hold.take_ref().unwrap().into_owned()),
                Output::Error(e) => Step::Error(format!("{e:?}")),
                Output::Read => Step::Read,
                Output::Retry(_) => Step::Retry,
                Output::End => Step::End,
            }
        } else {
            match hold.poll_output(exchange, moment) {
                Output::Event(e) => Step::Event(e),
                Output::Error(e) => Step::Error(format!("{e:?}")),
                Output::Read => Step::Read,
                Output::Retry(_) => Step::Retry,
                Output::End => Step::End,
            }
        };
        let stop = matches!(step, Step::Read | Step::Retry | Step::End);
        out.push(step);
        if stop {
            return out;
        }
    }
}

/// What a driver does between polls.
#[derive(Clone, Copy)]
enum Input<'a> {
    Bytes(&'a [u8]),
    End,
    ReadError,
    Reopened,
}

/// Plays `inputs` into a fresh state, polling after each, and returns everything seen.
fn play(inputs: &[Input<'_>], by_ref: bool) -> Vec<Step> {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    let mut seen = steps(&mut hold, &mut ex, by_ref);
    for input in inputs {
        match *input {
            Input::Bytes(b) => hold.handle_bytes(b),
            Input::End => hold.handle_end(),
            Input::ReadError => {
                hold.handle_read_error(Error::Connection(ConnectionError::new("reset", None)))
            }
            Input::Reopened => hold.handle_reopened(StatusCode::OK, HeaderMap::new()),
        }
        seen.extend(steps(&mut hold, &mut ex, by_ref));
    }
    seen
}

/// String deltas of every kind, with escapes, characters of every width, unknown fields
/// (which take the layered path), and a signature delta (not a string delta).
const DELTAS: &str = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\\"b\\\\c\\n é 中 😀\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\u00e9\\ud83d\\ude00\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"k\\\": [1, \"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\",\"future\":1}}\n\n\
event: content_block_delta\ndata: {\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"text\":\"reordered\",\"type\":\"text_delta\"}}\n\n";

#[test]
fn events_lent_out_are_the_events_handed_over_in_any_split() {
    let whole = format!("{START}{DELTAS}{CONTENT}");
    let cut = format!("{START}{DELTAS}");
    let cases: [(&str, Vec<Input<'_>>); 4] = [
        ("whole", vec![Input::Bytes(whole.as_bytes()), Input::End]),
        ("cut short", vec![Input::Bytes(cut.as_bytes()), Input::End]),
        (
            "error after content",
            vec![
                Input::Bytes(cut.as_bytes()),
                Input::Bytes(OVERLOADED.as_bytes()),
            ],
        ),
        (
            "connection lost after content",
            vec![Input::Bytes(cut.as_bytes()), Input::ReadError],
        ),
    ];
    for (name, inputs) in cases {
        let Input::Bytes(body) = inputs[0] else {
            unreachable!()
        };
        for split in 0..=body.len() {
            let mut split_inputs = vec![Input::Bytes(&body[..split]), Input::Bytes(&body[split..])];
            split_inputs.extend_from_slice(&inputs[1..]);
            let owned = play(&split_inputs, false);
            assert!(owned.iter().any(|s| matches!(s, Step::Event(_))), "{name}");
            assert_eq!(play(&split_inputs, true), owned, "{name}, split at {split}");
        }
    }
    // Byte by byte.
    let bytes: Vec<Input<'_>> = whole
        .as_bytes()
        .chunks(1)
        .map(Input::Bytes)
        .chain([Input::End])
        .collect();
    assert_eq!(play(&bytes, true), play(&bytes, false));
}

#[test]
fn a_retry_before_content_is_the_same_lent_out() {
    let inputs = [
        Input::Bytes(START.as_bytes()),
        Input::Bytes(OVERLOADED.as_bytes()),
        Input::Reopened,
        Input::Bytes(START.as_bytes()),
        Input::ReadError,
        Input::Reopened,
        Input::Bytes(START.as_bytes()),
        Input::Bytes(DELTAS.as_bytes()),
        Input::Bytes(CONTENT.as_bytes()),
        Input::End,
    ];
    let owned = play(&inputs, false);
    assert_eq!(owned.iter().filter(|s| **s == Step::Retry).count(), 2);
    assert_eq!(play(&inputs, true), owned);
}

#[test]
fn a_string_delta_is_lent_from_the_read_buffer() {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(format!("{START}{DELTAS}").as_bytes());
    let mut lent = Vec::new();
    while let Output::Event(Ready) = hold.poll_ready(&mut ex, moment) {
        if let Some(StreamEventRef::StrDelta(d)) = hold.take_ref() {
            lent.push((
                d.kind,
                d.text.to_string(),
                matches!(d.text, Cow::Borrowed(_)),
            ));
        }
    }
    assert_eq!(
        lent,
        [
            // The first content: held events came before it, so it was decoded owned.
            (StrDeltaKind::Text, "a\"b\\c\n é 中 😀".into(), false),
            (StrDeltaKind::Text, "é😀".into(), true),
            (StrDeltaKind::InputJson, "{\"k\": [1, ".into(), true),
            (StrDeltaKind::Thinking, "hm".into(), true),
            // Decoded by the layered path: an exact string delta still, owned.
            (StrDeltaKind::Text, "reordered".into(), false),
        ]
    );
}

#[test]
fn a_lent_event_not_taken_survives_the_next_read() {
    let first = format!("{START}{}", DELTAS.split_inclusive("\n\n").nth(1).unwrap());
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(first.as_bytes());
    hold.handle_bytes(DELTAS.split_inclusive("\n\n").nth(3).unwrap().as_bytes());
    // Out: the held events (the `ping` skipped) and the first delta; the next one waits,
    // lent from the buffer.
    for _ in 0..3 {
        assert!(matches!(
            hold.poll_ready(&mut ex, moment),
            Output::Event(Ready)
        ));
        hold.take_ref().unwrap();
    }
    assert!(matches!(
        hold.poll_ready(&mut ex, moment),
        Output::Event(Ready)
    ));
    // A driver that reads before taking it (the buffer is compacted), then polls again.
    hold.handle_bytes(CONTENT.as_bytes());
    assert!(matches!(
        hold.poll_ready(&mut ex, moment),
        Output::Event(Ready)
    ));
    let Some(StreamEventRef::StrDelta(d)) = hold.take_ref() else {
        panic!("not a string delta");
    };
    assert_eq!((d.kind, d.text.as_ref()), (StrDeltaKind::Thinking, "hm"));
    assert!(hold.take_ref().is_none());
}

#[test]
fn an_event_found_by_poll_ready_and_not_taken_is_the_next_one_poll_output_gives() {
    let mut ex = exchange(2);
    let mut hold = HoldBack::new(StatusCode::OK, HeaderMap::new());
    hold.handle_bytes(format!("{START}{DELTAS}").as_bytes());
    let owned = play(
        &[Input::Bytes(format!("{START}{DELTAS}").as_bytes())],
        false,
    );
    let mut mixed = Vec::new();
    // Alternate: found by `poll_ready` and left there, then handed over by `poll_output`.
    loop {
        if !matches!(hold.poll_ready(&mut ex, moment), Output::Event(Ready)) {
            break;
        }
        match hold.poll_output(&mut ex, moment) {
            Output::Event(e) => mixed.push(Step::Event(e)),
            _ => break,
        }
    }
    let events: Vec<_> = owned
        .into_iter()
        .filter(|s| matches!(s, Step::Event(_)))
        .collect();
    assert_eq!(mixed, events);
}
