//! The blocking client against the project's mock server over loopback TCP.

mod support;

use support::client;

use std::time::{Duration, Instant};

use anthropic_blocking::{ApiErrorKind, Client, ClientConfig, Error, RequestOptions, Timeout};
use anthropic_core::types::{
    MessageCountTokensParams, MessageCreateParams, MessageParam, Model, ModelListParams,
};
use anthropic_mock::{MockResponse, MockServer};

fn hello() -> MessageCreateParams {
    MessageCreateParams {
        model: Model::new("claude-sonnet-4-5"),
        max_tokens: 1024,
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    }
}

#[test]
fn create_sends_the_request_and_decodes_the_message() {
    let server = MockServer::start();
    let message = client(&server).messages().create(&hello()).unwrap();
    assert_eq!(message.id, "msg_mock_1");
    assert_eq!(message.request_id.as_deref(), Some("req_mock_1"));

    let request = server.last_request().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.header("x-api-key"), Some("sk-ant-test-key"));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-stainless-retry-count"), Some("0"));
    assert_eq!(
        request.body_text(),
        r#"{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}],"model":"claude-sonnet-4-5"}"#
    );
}

#[test]
fn count_tokens_and_models() {
    let server = MockServer::start();
    let client = client(&server);
    let params = MessageCountTokensParams {
        model: Model::new("claude-sonnet-4-5"),
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    };
    let count = client.messages().count_tokens(&params).unwrap();
    assert!(count.input_tokens > 0);
    assert!(count.request_id.is_some());

    let page = client
        .models()
        .list(&ModelListParams {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.has_more, Some(true));
    assert_eq!(server.last_request().unwrap().path, "/v1/models?limit=2");

    let all: Vec<_> = client
        .models()
        .list_all(&ModelListParams {
            limit: Some(2),
            ..Default::default()
        })
        .collect::<Result<_, _>>()
        .unwrap();
    let first_page_ids: Vec<_> = page.data.iter().map(|m| m.id.clone()).collect();
    assert!(all.len() > 2);
    assert_eq!(
        all[..2].iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        first_page_ids
    );

    let model = client.models().retrieve(&all[0].id).unwrap();
    assert_eq!(model.id, all[0].id);
    let missing = client.models().retrieve("no-such-model").unwrap_err();
    assert_eq!(missing.as_api().unwrap().kind(), ApiErrorKind::NotFound);

    client
        .beta()
        .models()
        .list(&ModelListParams::default())
        .unwrap();
    assert_eq!(server.last_request().unwrap().path, "/v1/models?beta=true");
}

#[test]
fn rate_limit_then_success_honours_retry_after_ms() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "50"),
    );
    let started = Instant::now();
    let raw = client(&server)
        .messages()
        .with_raw_response()
        .create(&hello())
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(
        raw.parse().unwrap().request_id.as_deref(),
        Some("req_mock_2")
    );
    let counts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("x-stainless-retry-count").unwrap().to_owned())
        .collect();
    assert_eq!(counts, ["0", "1"]);
    let bodies: Vec<_> = server.requests().iter().map(|r| r.body.clone()).collect();
    assert_eq!(bodies[0], bodies[1]);
}

#[test]
fn overloaded_then_success() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(529, "overloaded_error", "Overloaded").header("retry-after-ms", "10"),
    );
    client(&server).messages().create(&hello()).unwrap();
    assert_eq!(server.request_count(), 2);
}

#[test]
fn server_errors_exhaust_the_retry_budget() {
    let server = MockServer::start();
    for _ in 0..3 {
        server.enqueue(MockResponse::error(500, "api_error", "boom").header("retry-after-ms", "5"));
    }
    let err = client(&server).messages().create(&hello()).unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::InternalServer);
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.error_message(), Some("boom"));
    assert_eq!(api.request_id(), Some("req_mock_3"));
    assert_eq!(server.request_count(), 3);
}

#[test]
fn bad_request_is_not_retried_and_should_retry_false_wins() {
    let server = MockServer::start();
    server.enqueue(MockResponse::error(400, "invalid_request_error", "bad"));
    let err = client(&server).messages().create(&hello()).unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::BadRequest);
    assert_eq!(server.request_count(), 1);

    let server = MockServer::start();
    server.enqueue(MockResponse::error(503, "api_error", "down").header("x-should-retry", "false"));
    let err = client(&server).messages().create(&hello()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1);

    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(400, "invalid_request_error", "try again")
            .header("x-should-retry", "true")
            .header("retry-after-ms", "5"),
    );
    client(&server).messages().create(&hello()).unwrap();
    assert_eq!(server.request_count(), 2);
}

#[test]
fn a_read_timeout_fires_and_is_retried() {
    let server = MockServer::start();
    server.enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_millis(300)))
        .max_retries(1);
    let started = Instant::now();
    let message = client(&server)
        .messages()
        .with_options(options.clone())
        .create(&hello())
        .unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert!(started.elapsed() < Duration::from_secs(3));

    for _ in 0..2 {
        server
            .enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    }
    let err = client(&server)
        .messages()
        .with_options(options)
        .create(&hello())
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[test]
fn connection_refused_is_a_connection_error_after_retries() {
    let server = MockServer::start();
    let url = server.url();
    drop(server);
    let client = Client::new(
        ClientConfig::new()
            .with_api_key("k")
            .with_base_url(url)
            .with_max_retries(1),
    )
    .unwrap();
    let err = client.messages().create(&hello()).unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
}

#[test]
fn connections_are_reused() {
    let server = MockServer::start();
    let client = client(&server);
    for _ in 0..5 {
        client.messages().create(&hello()).unwrap();
    }
    assert_eq!(server.connection_count(), 1);
}

#[test]
fn missing_credentials_fail_before_sending() {
    let server = MockServer::start();
    let client = Client::new(ClientConfig::new().with_base_url(server.url())).unwrap();
    let err = client.messages().create(&hello()).unwrap_err();
    assert!(matches!(err, Error::MissingCredentials));
    assert_eq!(server.request_count(), 0);
}

#[test]
fn undecodable_success_body_keeps_the_raw_text() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        "not json at all",
    ));
    let err = client(&server).messages().create(&hello()).unwrap_err();
    match err {
        Error::Decode(e) => {
            assert_eq!(e.expected, "Message");
            assert_eq!(e.body, "not json at all");
            assert_eq!(e.request_id.as_deref(), Some("req_mock_1"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn redirects_are_not_followed_so_credentials_stay_home() {
    let elsewhere = MockServer::start();
    let server = MockServer::start();
    server.enqueue(
        MockResponse::json(302, serde_json::json!({}))
            .header("location", format!("{}/v1/messages", elsewhere.url())),
    );
    let client = Client::new(
        ClientConfig::new()
            .with_api_key("sk-ant-SECRET-KEY-1")
            .with_base_url(server.url()),
    )
    .unwrap();
    let err = client.messages().create(&hello()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(elsewhere.request_count(), 0);
}
