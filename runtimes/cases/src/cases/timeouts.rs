//! Timeouts: per read, before and after content, and the total deadline across attempts.
//! The bounds asserted are the ones a correct client cannot miss: a lower bound where a
//! wait is the subject, and an upper bound of seconds where a hang is.

use std::time::{Duration, Instant};

use anthropic_core::error::TimeoutKind;
use anthropic_core::{Error, RequestOptions, Timeout};
use anthropic_mock::sse::{self, LineEnding};
use anthropic_mock::{MockResponse, MockServer};

use super::{client, collect, hello, story};
use crate::subject::{Subject, ga};

/// A response that does not come within the read timeout is retried; when every attempt
/// stalls, the call fails with a timeout.
pub fn a_read_timeout_fires_and_is_retried<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    server.enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_millis(300)))
        .max_retries(1);
    let started = Instant::now();
    let message = client
        .create(ga().options(options.clone()), &hello())
        .unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert!(started.elapsed() < Duration::from_secs(3));

    for _ in 0..2 {
        server
            .enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    }
    let err = client.create(ga().options(options), &hello()).unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(server.request_count(), 4);
}

/// A stream that stalls after content has been handed out ends with a timeout, not a
/// retry (the content cannot be taken back).
pub fn a_stall_after_content_hits_the_read_timeout<S: Subject>() {
    let server = MockServer::start();
    let events = sse::text_message("m", "slow and then silent for a while", 6);
    let len = sse::encode_all(&events, LineEnding::Lf).len();
    server.enqueue(MockResponse::sse(events).stall_after(len * 2 / 3, Duration::from_secs(5)));
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client::<S>(&server)
        .create_stream(ga().options(options), &story())
        .unwrap();
    let started = Instant::now();
    let got = collect(stream);
    assert!(!got.text.is_empty());
    let Some(Error::Timeout(timeout)) = &got.error else {
        panic!("{:?}", got.error);
    };
    // Final after content, it still names the limit that fired and the attempts made.
    assert_eq!(timeout.kind(), TimeoutKind::Read);
    assert_eq!(timeout.get_limit(), Some(Duration::from_millis(300)));
    assert_eq!(timeout.get_attempts(), 1);
    assert!(timeout.to_string().contains("of 0.3 s"), "{timeout}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.request_count(), 1);
}

/// A stream that stalls before any content is retried.
pub fn a_stall_before_content_is_retried<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::sse(sse::text_message("m", "never", 2))
            .stall_after(100, Duration::from_secs(5)),
    );
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client::<S>(&server)
        .create_stream(ga().options(options), &story())
        .unwrap();
    let got = collect(stream);
    assert!(got.error.is_none(), "{:?}", got.error);
    assert!(
        got.text
            .starts_with("Hello! This is the mock Claude server.")
    );
    assert_eq!(server.request_count(), 2);
}

/// The total deadline ends a stream that is still receiving within its read timeout.
pub fn the_total_deadline_ends_a_stream<S: Subject>() {
    let server = MockServer::start();
    let events = sse::text_message("m", "a stream that never finishes in time", 6);
    let len = sse::encode_all(&events, LineEnding::Lf).len();
    server.enqueue(MockResponse::sse(events).stall_after(len / 2, Duration::from_secs(5)));
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_secs(5)).total(Duration::from_millis(400)));
    let started = Instant::now();
    let stream = client::<S>(&server)
        .create_stream(ga().options(options), &story())
        .unwrap();
    let got = collect(stream);
    let Some(Error::Timeout(timeout)) = &got.error else {
        panic!("{:?}", got.error);
    };
    // The configured deadline, not what remained of it when the last read began.
    assert_eq!(timeout.kind(), TimeoutKind::Total);
    assert_eq!(timeout.get_limit(), Some(Duration::from_millis(400)));
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// The total deadline bounds the whole call, every attempt and retry sleep included:
/// with attempts that each stall until their 1 s read timeout and a budget of five
/// retries, a 1.5 s deadline ends the call after the second attempt at the latest.
pub fn the_total_deadline_spans_every_attempt<S: Subject>() {
    let server = MockServer::start();
    for _ in 0..6 {
        server
            .enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    }
    let options = RequestOptions::new()
        .max_retries(5)
        .timeout(Timeout::uniform(Duration::from_secs(1)).total(Duration::from_millis(1500)));
    let started = Instant::now();
    let err = client::<S>(&server)
        .create(ga().options(options), &hello())
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}");
    };
    // The deadline, or the last attempt's read timeout when no retry fits in what is left:
    // either way named by its configured length.
    let configured = match timeout.kind() {
        TimeoutKind::Total => Duration::from_millis(1500),
        TimeoutKind::Read => Duration::from_secs(1),
        other => panic!("{other:?}: {timeout}"),
    };
    assert_eq!(timeout.get_limit(), Some(configured), "{timeout}");
    // Without the deadline the six attempts would take over 6 s.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let requests = server.request_count();
    assert!((1..=2).contains(&requests), "{requests} attempts");
}
