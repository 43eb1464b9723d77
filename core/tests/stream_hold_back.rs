//! The hold-back rule as a sans-IO state machine: no socket, no sleep; the test plays
//! the driver.

use std::time::SystemTime;

use anthropic_core::endpoints::messages::{self, EventStream};
use anthropic_core::error::{ConnectionError, TimeoutError, TimeoutKind};
use anthropic_core::stream::hold_back::Output;
use anthropic_core::stream::{HoldBack, StreamError, StreamEvent};
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
            Event("ping"),
            Event("content_block_delta"),
            Event("content_block_stop"),
            Event("message_delta"),
            Event("message_stop"),
            End
        ]
    );
    assert_eq!(poll_all(&mut hold, &mut ex), [End]);
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
        assert_eq!(
            &seen[..3],
            [
                Event("message_start"),
                Event("content_block_start"),
                Event("ping")
            ],
            "{error}"
        );
        match &seen[3] {
            Error(e) => assert!(e.starts_with(error), "{e} vs {error}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(seen[4], End);
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
    assert_eq!(seen[3], Error(format!("{:?}", ApiErrorKind::Overloaded)));
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
    assert_eq!(seen.len(), 5);
    assert!(hold.is_released());
    hold.handle_bytes(OVERLOADED.as_bytes());
    assert_eq!(
        poll_all(&mut hold, &mut ex),
        [Error("Overloaded".into()), End]
    );
    assert_eq!(ex.retries_taken(), 0);
}
