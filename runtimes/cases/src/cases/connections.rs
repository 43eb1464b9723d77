//! Connection reuse: kept alive, replaced when the server closed it, never reused after
//! `connection: close`, a close-delimited body or a stream dropped early, expired idle.

use std::time::Duration;

use anthropic_core::{Error, RequestOptions, TransportConfig};
use anthropic_mock::{MockResponse, MockServer};

use super::{client, client_with, hello, message_json, retry_counts, story};
use crate::servers::ResettingServer;
use crate::subject::{Events, Subject, ga};

/// How long a case waits for an event before it fails.
const PATIENCE: Duration = Duration::from_secs(5);

/// Sequential calls share one connection.
pub fn connections_are_reused<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    for _ in 0..5 {
        client.create(ga(), &hello()).unwrap();
    }
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.request_count(), 5);
}

/// After an answer with `connection: close`, the next call opens a new connection, and
/// that is not a retry.
pub fn a_connection_close_response_is_not_reused<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    server.enqueue(MockResponse::json(200, message_json("m")).header("connection", "close"));
    client.create(ga(), &hello()).unwrap();
    let message = client.create(ga(), &hello()).unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert_eq!(server.connection_count(), 2);
    assert_eq!(retry_counts(&server), ["0", "0"]);
}

/// The server resets an idle pooled connection when the next request arrives on it, so
/// it never read the request: it is sent again on a fresh connection without counting
/// as a retry, also with retries disabled.
pub fn a_pooled_connection_reset_on_arrival_is_replaced<S: Subject>() {
    let server = ResettingServer::start(message_json("msg_reset").to_string());
    let client = client_with::<S>(server.url(), TransportConfig::default().proxy_direct());
    client.create(ga(), &hello()).unwrap();
    let raw = client.create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.retries_taken(), 0, "the resend is not a retry");
    assert_eq!(server.connection_count(), 2);
    client
        .create(ga().options(RequestOptions::new().max_retries(0)), &hello())
        .unwrap();
    assert_eq!(server.connection_count(), 3);
    assert_eq!(server.retry_counts(), ["0", "0", "0", "0", "0"]);
}

/// A reset that comes a while after the request was written (past
/// [`STALE_WINDOW`](anthropic_core::h1::STALE_WINDOW): a load balancer cutting a call the
/// server took) is not sent again unasked: a counted retry, and with retries disabled the
/// call's error.
pub fn a_pooled_connection_reset_after_a_wait_is_a_counted_retry<S: Subject>() {
    let wait = anthropic_core::h1::STALE_WINDOW + Duration::from_millis(300);
    let server =
        ResettingServer::start_resetting_after(message_json("msg_reset").to_string(), wait);
    let client = client_with::<S>(server.url(), TransportConfig::default().proxy_direct());
    client.create(ga(), &hello()).unwrap();
    let raw = client.create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(server.retry_counts(), ["0", "0", "1"]);
    let err = client
        .create(ga().options(RequestOptions::new().max_retries(0)), &hello())
        .unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert_eq!(server.retry_counts(), ["0", "0", "1", "0"], "sent once");
}

/// The server reads a request on a pooled connection and closes it without answering (a
/// clean EOF): it may have acted on the request, so it is not sent again unasked. With
/// retries it is a counted retry, with retries disabled the call's connection error, as
/// in Python (httpcore never sends a request twice on its own).
pub fn a_request_closed_unanswered_on_a_pooled_connection_is_a_counted_retry<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    client.create(ga(), &hello()).unwrap();
    server.enqueue(MockResponse::close());
    let raw = client.create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(server.connection_count(), 2);
    assert_eq!(retry_counts(&server), ["0", "0", "1"]);
    server.enqueue(MockResponse::close());
    let err = client
        .create(ga().options(RequestOptions::new().max_retries(0)), &hello())
        .unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert_eq!(server.request_count(), 4, "sent once");
}

/// A complete keep-alive answer, after which the server closes the connection without a
/// word: the pooled connection is dead when the next request takes it (the case waits
/// for the server to have closed it). The request still succeeds on a new connection,
/// without spending a retry, with retries disabled too.
pub fn a_pooled_connection_closed_silently_between_requests_is_replaced<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let silent_close = || {
        let body = message_json("msg_then_closed").to_string();
        MockResponse::raw(format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_raw\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        ))
    };
    server.enqueue(silent_close());
    let first = client.create(ga(), &hello()).unwrap();
    assert_eq!(first.id, "msg_then_closed");
    assert!(server.wait_for_finished_connections(1, PATIENCE));
    let raw = client.create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.retries_taken(), 0, "the resend is not a retry");
    assert_eq!(server.connection_count(), 2);

    server.enqueue(silent_close());
    client.create(ga(), &hello()).unwrap();
    assert!(server.wait_for_finished_connections(2, PATIENCE));
    client
        .create(ga().options(RequestOptions::new().max_retries(0)), &hello())
        .unwrap();
    assert_eq!(server.connection_count(), 3);
    assert_eq!(server.request_count(), 4);
    assert!(retry_counts(&server).iter().all(|c| c == "0"));
}

/// At most `max_connections` connections are in use at once: calls beyond the limit wait
/// for one and then reuse it, so four concurrent calls under a limit of two open two
/// connections and all succeed (as httpx caps Python's client at 1,000).
pub fn at_most_max_connections_are_in_use<S: Subject>() {
    let server = MockServer::start();
    for i in 0..4 {
        server.enqueue(
            MockResponse::json(200, message_json(&format!("msg_{i}")))
                .delay(Duration::from_millis(200)),
        );
    }
    let transport = TransportConfig::default().proxy_direct().max_connections(2);
    let client = client_with::<S>(server.url(), transport);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let client = client.clone();
            scope.spawn(move || client.create(ga(), &hello()).unwrap());
        }
    });
    assert_eq!(server.request_count(), 4);
    assert_eq!(
        server.connection_count(),
        2,
        "the waiting calls reused the two"
    );
    assert!(retry_counts(&server).iter().all(|c| c == "0"));
}

/// An idle connection older than `idle_timeout` is not reused. Time passing is the
/// subject here, so the case waits three idle timeouts: the connection is then expired
/// whatever the scheduling. Reuse within the timeout is `connections_are_reused`.
pub fn idle_connections_expire<S: Subject>() {
    let server = MockServer::start();
    let transport = TransportConfig {
        idle_timeout: Duration::from_millis(20),
        ..TransportConfig::default().proxy_direct()
    };
    let client = client_with::<S>(server.url(), transport);
    client.create(ga(), &hello()).unwrap();
    assert_eq!(server.connection_count(), 1);
    std::thread::sleep(Duration::from_millis(60));
    client.create(ga(), &hello()).unwrap();
    assert_eq!(server.connection_count(), 2);
    assert_eq!(retry_counts(&server), ["0", "0"]);
}

/// A stream dropped before its end takes its connection with it: the next call opens a
/// new one (the rest of the body is never read into a pooled connection).
pub fn a_stream_dropped_early_closes_its_connection<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let mut stream = client.create_stream(ga(), &story()).unwrap();
    assert!(stream.next_event().unwrap().is_ok());
    drop(stream);
    client.create(ga(), &hello()).unwrap();
    assert_eq!(server.connection_count(), 2);
}
