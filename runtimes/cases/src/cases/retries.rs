//! What is retried, how often, after how long, and what the last failure looks like.

use std::time::{Duration, Instant};

use anthropic_core::{ApiErrorKind, Error, TransportConfig};
use anthropic_mock::{MockResponse, MockServer};

use super::{client, config, hello, retry_counts};
use crate::net::RefusingPort;
use crate::subject::{Subject, ga};

/// `retry-after-ms` sets the delay before the retry. 700 ms is longer than any first
/// default back-off (at most 0.5 s), so a client that ignored the header and backed off
/// by default would retry sooner than this asserts.
pub fn retry_after_ms_sets_the_delay<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "700"),
    );
    let started = Instant::now();
    let raw = client::<S>(&server).create_raw(ga(), &hello()).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(
        raw.parse().unwrap().request_id.as_deref(),
        Some("req_mock_2")
    );
    assert_eq!(retry_counts(&server), ["0", "1"]);
    let bodies: Vec<_> = server.requests().iter().map(|r| r.body.clone()).collect();
    assert_eq!(bodies[0], bodies[1]);
}

/// A 529 is retried and the retry's answer returned.
pub fn overloaded_then_success<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(529, "overloaded_error", "Overloaded").header("retry-after-ms", "10"),
    );
    let message = client::<S>(&server).create(ga(), &hello()).unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert_eq!(server.request_count(), 2);
}

/// Two retries by default; the last error carries its status, message and request id.
pub fn server_errors_exhaust_the_retry_budget<S: Subject>() {
    let server = MockServer::start();
    for _ in 0..3 {
        server.enqueue(MockResponse::error(500, "api_error", "boom").header("retry-after-ms", "5"));
    }
    let err = client::<S>(&server).create(ga(), &hello()).unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::InternalServer);
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.error_message(), Some("boom"));
    assert_eq!(api.request_id(), Some("req_mock_3"));
    assert_eq!(server.request_count(), 3);
    assert_eq!(retry_counts(&server), ["0", "1", "2"]);
}

/// A 400 is not retried; `x-should-retry` wins over the status both ways; error bodies
/// are read, so the connection stays in use.
pub fn bad_request_is_not_retried_and_should_retry_wins<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    server.enqueue(MockResponse::error(400, "invalid_request_error", "bad"));
    let err = client.create(ga(), &hello()).unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::BadRequest);
    assert_eq!(err.request_id(), Some("req_mock_1"));
    assert_eq!(server.request_count(), 1);

    server.enqueue(MockResponse::error(503, "api_error", "down").header("x-should-retry", "false"));
    let err = client.create(ga(), &hello()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 2);

    server.enqueue(
        MockResponse::error(400, "invalid_request_error", "try again")
            .header("x-should-retry", "true")
            .header("retry-after-ms", "5"),
    );
    client.create(ga(), &hello()).unwrap();
    assert_eq!(server.request_count(), 4);
    assert_eq!(server.connection_count(), 1);
}

/// A body cut short is a failed attempt, retried.
pub fn a_body_cut_short_is_retried<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::json(
            200,
            serde_json::json!({"id": "x", "padding": "y".repeat(200)}),
        )
        .close_after(20),
    );
    let raw = client::<S>(&server).create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(raw.parse().unwrap().id, "msg_mock_2");
    assert_eq!(server.request_count(), 2);
}

/// Nothing accepts connections on the port: a connection error, after the retries. The
/// port is held by a socket that never listens, so nothing else can take it meanwhile.
pub fn connection_refused_is_a_connection_error_after_retries<S: Subject>() {
    let port = RefusingPort::new();
    let client = S::build(
        config(port.url()).max_retries(1),
        TransportConfig::default().proxy_direct(),
    )
    .unwrap();
    let started = Instant::now();
    let err = client.create(ga(), &hello()).unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    // One retry was taken: its default back-off (at least 0.375 s) was slept.
    assert!(
        started.elapsed() >= Duration::from_millis(375),
        "{:?}",
        started.elapsed()
    );
}
