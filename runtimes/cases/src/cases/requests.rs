//! What a call sends and what it gives back: paths, headers, bodies, options, pages,
//! raw responses, the errors raised before or instead of a decoded value.

use std::time::Duration;

use anthropic_core::types::{MessageCountTokensParams, MessageParam, Model, ModelListParams};
use anthropic_core::{ApiErrorKind, ClientConfig, Error, RequestOptions, TransportConfig};
use anthropic_mock::defaults::MODELS;
use anthropic_mock::{MockResponse, MockServer};
use serde_json::json;

use super::{KEY, client, hello, message_json};
use crate::subject::{Subject, beta, ga};

/// The README's request: method, path, auth and version headers, the exact body.
pub fn create_sends_the_request_and_decodes_the_message<S: Subject>() {
    let server = MockServer::start();
    let message = client::<S>(&server).create(ga(), &hello()).unwrap();
    assert_eq!(message.id, "msg_mock_1");
    assert_eq!(message.request_id.as_deref(), Some("req_mock_1"));

    let request = server.last_request().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.header("x-api-key"), Some(KEY));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-stainless-retry-count"), Some("0"));
    assert_eq!(request.header("accept-encoding"), Some("gzip, deflate"));
    assert_eq!(
        request.header("host"),
        Some(server.url().trim_start_matches("http://"))
    );
    assert_eq!(
        request.body_text(),
        r#"{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}],"model":"claude-sonnet-4-5"}"#
    );
}

/// count_tokens, one page of models, retrieve (found and not), and the beta forms.
pub fn count_tokens_models_and_beta<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let params = MessageCountTokensParams {
        model: Model::new("claude-sonnet-4-5"),
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    };
    let count = client.count_tokens(ga(), &params).unwrap();
    assert!(count.input_tokens > 0);
    assert!(count.request_id.is_some());
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages/count_tokens"
    );

    let page = client
        .list_models(
            ga(),
            &ModelListParams {
                limit: Some(2),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.has_more, Some(true));
    assert_eq!(server.last_request().unwrap().path, "/v1/models?limit=2");

    let model = client.retrieve_model(ga(), &page.data[0].id).unwrap();
    assert_eq!(model.id, page.data[0].id);
    let missing = client.retrieve_model(ga(), "no-such-model").unwrap_err();
    assert_eq!(missing.as_api().unwrap().kind(), ApiErrorKind::NotFound);

    client
        .list_models(beta(), &ModelListParams::default())
        .unwrap();
    assert_eq!(server.last_request().unwrap().path, "/v1/models?beta=true");
    client.create(beta(), &hello()).unwrap();
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages?beta=true"
    );
    client.count_tokens(beta(), &params).unwrap();
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages/count_tokens?beta=true"
    );
}

/// `list_all` fetches nothing before it is advanced, then exactly one request per page,
/// each asking for the page after the last id it has, and yields every model in order.
pub fn list_all_fetches_lazily_one_request_per_page<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let params = ModelListParams {
        limit: Some(2),
        ..Default::default()
    };
    let mut all = client.list_all_models(ga(), &params);
    assert_eq!(
        server.request_count(),
        0,
        "nothing is fetched before advancing"
    );
    let first = all.next().unwrap().unwrap();
    assert_eq!(first.id, MODELS[0].0);
    assert_eq!(server.request_count(), 1);
    let ids: Vec<String> = std::iter::once(Ok(first))
        .chain(all)
        .map(|m| m.unwrap().id)
        .collect();
    let expected: Vec<&str> = MODELS.iter().map(|m| m.0).collect();
    assert_eq!(ids, expected);
    assert!(ids.len() > 2, "the mock must have more than one page");
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        ids.len().div_ceil(2),
        "one request per page"
    );
    assert_eq!(requests[0].path, "/v1/models?limit=2");
    for (i, request) in requests.iter().enumerate().skip(1) {
        assert_eq!(
            request.query("after_id").as_deref(),
            Some(ids[2 * i - 1].as_str())
        );
        assert_eq!(request.query("limit").as_deref(), Some("2"));
    }
}

/// A raw response: status, headers, request id, retries, the body as text and parsed.
pub fn raw_responses_carry_status_headers_and_request_id<S: Subject>() {
    let server = MockServer::start();
    let raw = client::<S>(&server).create_raw(ga(), &hello()).unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.request_id(), Some("req_mock_1"));
    assert_eq!(
        raw.headers()
            .get("request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req_mock_1")
    );
    assert_eq!(raw.retries_taken(), 0);
    assert_eq!(raw.parse().unwrap().id, "msg_mock_1");
    assert!(raw.text().contains("\"msg_mock_1\""));
    let counted = client::<S>(&server)
        .count_tokens(
            ga(),
            &MessageCountTokensParams::new(Model::CLAUDE_SONNET_4_5).user("hi"),
        )
        .unwrap();
    assert_eq!(counted.request_id.as_deref(), Some("req_mock_2"));
}

/// Client-level options (`with_options`: retries, default headers and query) and
/// per-request options (headers, query, extra body) all reach the wire; the changed copy
/// shares the pool.
pub fn client_and_request_options_reach_the_wire<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    client.create(ga(), &hello()).unwrap();
    let changed = client.with_config(|c: ClientConfig| {
        c.max_retries(5)
            .default_header("x-team", "sdk")
            .default_query("region", "eu")
    });
    assert_eq!(changed.config().get_max_retries(), 5);
    assert_eq!(
        client.config().get_max_retries(),
        2,
        "the original is unchanged"
    );
    let options = RequestOptions::new()
        .header("x-custom", "1")
        .query("trace", "on");
    changed.create(ga().options(options), &hello()).unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.header("x-custom"), Some("1"));
    assert_eq!(request.header("x-team"), Some("sdk"));
    assert_eq!(request.query("region").as_deref(), Some("eu"));
    assert_eq!(request.query("trace").as_deref(), Some("on"));
    assert_eq!(request.path_only(), "/v1/messages");
    assert_eq!(server.connection_count(), 1, "the copy shares the pool");

    // A per-request header replaces a default one; the original client sends neither.
    let options = RequestOptions::new().header("x-team", "override");
    changed.create(ga().options(options), &hello()).unwrap();
    assert_eq!(
        server.last_request().unwrap().header_all("x-team"),
        ["override"]
    );
    client.create(ga(), &hello()).unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.header("x-team"), None);
    assert_eq!(request.path, "/v1/messages");

    // A retry budget from `with_options` is used: five retries, six requests.
    for _ in 0..6 {
        server.enqueue(MockResponse::error(500, "api_error", "boom").header("retry-after-ms", "1"));
    }
    let before = server.request_count();
    changed.create(ga(), &hello()).unwrap_err();
    assert_eq!(server.request_count() - before, 6);
}

/// `with_options` twice on one resource: both take effect. The later wins per header,
/// query key and body field and for a scalar it sets; an omitted header drops the earlier
/// one; what only the earlier set (its retry budget) is kept.
pub fn chained_request_options_merge<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let first = RequestOptions::new()
        .timeout(Duration::from_secs(20))
        .max_retries(1)
        .header("x-first", "1")
        .header("x-shared", "first")
        .header("x-dropped", "first")
        .query("first", "1")
        .query("shared", "first")
        .body_field("first_field", json!(1))
        .body_field("shared_field", json!("first"));
    let second = RequestOptions::new()
        .timeout(Duration::from_secs(30))
        .header("X-Shared", "second")
        .omit_header("x-dropped")
        .query("shared", "second")
        .body_field("shared_field", json!("second"))
        .body_field("second_field", json!(2));
    let req = || ga().options(first.clone()).options(second.clone());
    client.create(req(), &hello()).unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.header("x-stainless-read-timeout"), Some("30"));
    assert_eq!(request.header("x-first"), Some("1"));
    assert_eq!(request.header_all("x-shared"), ["second"]);
    assert_eq!(request.header("x-dropped"), None);
    assert_eq!(request.query("first").as_deref(), Some("1"));
    assert_eq!(request.query("shared").as_deref(), Some("second"));
    let body = request.json();
    assert_eq!(body["first_field"], json!(1));
    assert_eq!(body["shared_field"], json!("second"));
    assert_eq!(body["second_field"], json!(2));
    assert_eq!(body["model"], json!("claude-sonnet-4-5"));

    // The first options' retry budget survives the second: one retry, two requests.
    for _ in 0..2 {
        server.enqueue(MockResponse::error(500, "api_error", "boom").header("retry-after-ms", "1"));
    }
    let before = server.request_count();
    client.create(req(), &hello()).unwrap_err();
    assert_eq!(server.request_count() - before, 2);
}

/// No credential: the call fails before anything is sent.
pub fn missing_credentials_fail_before_sending<S: Subject>() {
    let server = MockServer::start();
    let client = S::build(
        ClientConfig::new().base_url(server.url()),
        TransportConfig::default().proxy_direct(),
    )
    .unwrap();
    let err = client.create(ga(), &hello()).unwrap_err();
    assert!(matches!(err, Error::MissingCredentials), "{err:?}");
    assert!(err.to_string().contains("api_key or auth_token"), "{err}");
    assert_eq!(server.request_count(), 0);
}

/// A 200 whose body is not the type expected keeps the raw body and the request id.
pub fn undecodable_success_body_keeps_the_raw_text<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        "not json at all",
    ));
    let err = client::<S>(&server).create(ga(), &hello()).unwrap_err();
    match err {
        Error::Decode(e) => {
            assert_eq!(e.expected, "Message");
            assert_eq!(e.body, "not json at all");
            assert_eq!(e.request_id.as_deref(), Some("req_mock_1"));
        }
        other => panic!("{other:?}"),
    }
}

/// A redirect is returned as an error, never followed: the key stays with its host.
pub fn redirects_are_not_followed_so_credentials_stay_home<S: Subject>() {
    let elsewhere = MockServer::start();
    let server = MockServer::start();
    for status in [301, 302, 307, 308] {
        server.enqueue(
            MockResponse::json(status, message_json("moved"))
                .header("location", format!("{}/v1/messages", elsewhere.url())),
        );
        let err = client::<S>(&server).create(ga(), &hello()).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    }
    assert_eq!(server.request_count(), 4, "not retried either");
    assert_eq!(elsewhere.request_count(), 0);
}

/// `.` and `..` as path ids go out as `%2E` and `%2E%2E`: a normalising proxy would
/// otherwise resolve `/v1/models/..` to `/v1/`.
pub fn dot_segment_ids_are_percent_encoded<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    for (id, path) in [("..", "/v1/models/%2E%2E"), (".", "/v1/models/%2E")] {
        server.enqueue(MockResponse::error(404, "not_found_error", "no such model"));
        let err = client.retrieve_model(ga(), id).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
        assert_eq!(server.last_request().unwrap().path, path);
    }
}

/// A `Message` body with repeated keys at the top level, in `usage` and in a content
/// block.
const DUPLICATE_KEYS_MESSAGE: &str = r#"{"id":"msg_first","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"one","text":"two"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1,"output_tokens":7},"id":"msg_last"}"#;

/// A field repeated in a response takes its last value, at the top level as inside a
/// content block, as in Python's `json`.
pub fn a_repeated_response_field_takes_its_last_value<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        DUPLICATE_KEYS_MESSAGE,
    ));
    let message = client::<S>(&server).create(ga(), &hello()).unwrap();
    assert_eq!(message.id, "msg_last");
    assert_eq!(message.usage.output_tokens, 7);
    assert_eq!(message.text(), "two");
}
