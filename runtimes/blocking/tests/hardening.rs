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
