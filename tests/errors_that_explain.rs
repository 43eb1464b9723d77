//! Errors a user meets in their first hour, as the user sees them: through a real client
//! against the mock server, printed the way `fn main() -> Result<(), anthropic::Error>`
//! prints them (`Debug`).

use std::time::Duration;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};
use anthropic::{ClientConfig, Error, RequestOptions, Timeout, TimeoutKind};
use anthropic_mock::{MockResponse, MockServer};

fn params() -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hello")
}

#[test]
fn a_base_url_no_request_could_use_is_refused_when_the_client_is_built() {
    let error = Client::new(ClientConfig::new().api_key("k").base_url("ftp://x"))
        .expect_err("an ftp base URL");
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:#?}");
    let shown = format!("{error:?}");
    assert!(shown.contains("\"ftp://x/\""), "{shown}");
    assert!(shown.contains("its scheme is `ftp`"), "{shown}");
    assert!(shown.contains("ANTHROPIC_BASE_URL"), "{shown}");

    // One set later, through `with_options`, fails before any attempt: no retries.
    let server = MockServer::start();
    let client = Client::new(ClientConfig::new().api_key("k").base_url(server.url())).unwrap();
    let error = client
        .with_options(|c| c.base_url("localhost:8080"))
        .messages()
        .create(&params())
        .unwrap_err();
    assert!(matches!(error, Error::InvalidConfig(_)), "{error:#?}");
    assert!(server.requests().is_empty());
}

#[test]
fn missing_credentials_print_the_helpful_message_from_main() {
    let server = MockServer::start();
    let client = Client::new(ClientConfig::new().base_url(server.url())).unwrap();
    let error = client.messages().create(&params()).unwrap_err();
    let shown = format!("{error:?}");
    assert!(
        shown.starts_with("Could not resolve authentication method. Expected either api_key"),
        "{shown}"
    );
    assert_ne!(shown, "MissingCredentials");
}

#[test]
fn a_timeout_says_which_limit_how_long_and_after_how_many_attempts() {
    let server = MockServer::start();
    for _ in 0..2 {
        server
            .enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(5)));
    }
    let client = Client::new(
        ClientConfig::new()
            .api_key("k")
            .base_url(server.url())
            .max_retries(1),
    )
    .unwrap();
    let options = RequestOptions::new().timeout(Timeout::DEFAULT.read(Duration::from_millis(200)));
    let error = client
        .messages()
        .with_options(options)
        .create(&params())
        .unwrap_err();
    let Error::Timeout(timeout) = &error else {
        panic!("{error:#?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Read);
    assert_eq!(timeout.get_limit(), Some(Duration::from_millis(200)));
    assert_eq!(timeout.get_attempts(), 2);
    let shown = format!("{error:?}");
    assert!(shown.contains("the read timeout"), "{shown}");
    assert!(shown.contains("of 0.2 s"), "{shown}");
    assert!(shown.contains("the last of 2 attempts"), "{shown}");
}

#[test]
fn a_streaming_call_answered_with_json_names_the_content_type() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        r#"{"id":"msg_1","type":"message","content":[]}"#,
    ));
    let client = Client::new(ClientConfig::new().api_key("k").base_url(server.url())).unwrap();
    let mut stream = client.messages().stream(&params()).unwrap();
    let error = stream.final_message().unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("content-type `application/json`"), "{shown}");
    assert!(shown.contains("text/event-stream"), "{shown}");
    assert!(!shown.contains("kept"), "{shown}");
}
