//! Hardening cases of issue 11 that are not fault-matrix rows, on the blocking client.
//! The async clients run the same cases in `runtimes/async/tests/suite/cases.rs`.

mod support;

use anthropic_mock::{MockResponse, MockServer};

use support::client;

/// `.` and `..` as path ids go out as `%2E` and `%2E%2E`: a normalising proxy would
/// otherwise resolve `/v1/models/..` to `/v1/`.
#[test]
fn dot_segment_ids_are_percent_encoded() {
    let server = MockServer::start();
    let client = client(&server);
    for (id, path) in [("..", "/v1/models/%2E%2E"), (".", "/v1/models/%2E")] {
        server.enqueue(MockResponse::error(404, "not_found_error", "no such model"));
        let _ = client.models().retrieve(id);
        assert_eq!(server.last_request().unwrap().path, path);
    }
}

/// A field repeated at the top level of a response takes its last value, as inside a
/// content block and as in Python's `json`.
#[test]
fn a_repeated_response_field_takes_its_last_value() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        support::DUPLICATE_KEYS_MESSAGE,
    ));
    let message = client(&server)
        .messages()
        .create(&support::params("dup"))
        .unwrap();
    assert_eq!(message.id, "msg_last");
    assert_eq!(message.usage.output_tokens, 7);
}

/// Every request asks for `gzip, deflate`, as Python does; a gzip bomb stops at the body
/// limit (on decoded bytes), with a body-limit error, not retried.
#[test]
fn compression_is_asked_for_and_a_gzip_bomb_stops_at_the_limit() {
    use anthropic_blocking::{Client, ClientConfig, Error, TransportConfig};
    let server = MockServer::start();
    // 32 MiB of spaces inside a JSON string: about 32 KiB on the wire.
    let mut inflated = br#"{"id":""#.to_vec();
    inflated.extend(std::iter::repeat_n(b' ', 32 << 20));
    let bomb = anthropic_mock::faults::compress("gzip", &inflated);
    assert!(bomb.len() < 1 << 20);
    server.enqueue(
        MockResponse::body(200, "application/json", bomb).header("content-encoding", "gzip"),
    );
    let transport = TransportConfig {
        max_body_size: 1 << 20,
        ..TransportConfig::default()
    };
    let client = Client::with_transport(
        ClientConfig::new()
            .with_api_key("sk-ant-test-key")
            .with_base_url(server.url()),
        transport,
    )
    .unwrap();
    let err = client
        .messages()
        .create(&support::params("bomb"))
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("1048576-byte limit")),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 1, "not retried");
    assert_eq!(
        server.last_request().unwrap().header("accept-encoding"),
        Some("gzip, deflate")
    );
}
