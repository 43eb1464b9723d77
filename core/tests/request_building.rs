//! Byte-exact requests for each endpoint, and the exchange's decisions across attempts.

use std::time::{Duration, SystemTime};

use anthropic_core::endpoints::{messages, models};
use anthropic_core::types::{
    AnthropicBeta, MessageCountTokensParams, MessageCreateParams, MessageParam, Model,
    ModelListParams,
};
use anthropic_core::{
    ApiErrorKind, ClientConfig, Error, Exchange, HeadOutcome, Moment, RequestOptions, Timeout,
    TimeoutError, TimeoutKind, Timestamp,
};
use http::{HeaderMap, StatusCode};

fn config() -> ClientConfig {
    ClientConfig::new()
        .api_key("sk-test")
        .base_url("http://127.0.0.1:9")
}

fn hello() -> MessageCreateParams {
    MessageCreateParams {
        model: Model::new("claude-sonnet-4-5"),
        max_tokens: 1024,
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    }
}

fn moment(random: f64) -> Moment {
    Moment {
        now: Timestamp::ZERO,
        wall: SystemTime::now(),
        random,
    }
}

/// The headers of the first attempt, as (name, value) pairs in wire order.
fn first_request<T>(
    exchange: &mut Exchange<T>,
) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
    let request = attempt.request;
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    (
        request.method().to_string(),
        request.uri().to_string(),
        headers,
        request.body().to_vec(),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn messages_create_is_byte_exact() {
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let (method, uri, headers, body) = first_request(&mut exchange);
    assert_eq!(method, "POST");
    assert_eq!(uri, "http://127.0.0.1:9/v1/messages");
    let version = env!("CARGO_PKG_VERSION");
    let expected: Vec<(String, String)> = [
        ("accept", "application/json".to_owned()),
        ("accept-encoding", "gzip, deflate".to_owned()),
        ("content-type", "application/json".to_owned()),
        ("user-agent", format!("Anthropic/Rust {version}")),
        ("x-stainless-lang", "rust".to_owned()),
        ("x-stainless-package-version", version.to_owned()),
        (
            "x-stainless-os",
            header(&headers, "x-stainless-os").unwrap().to_owned(),
        ),
        (
            "x-stainless-arch",
            header(&headers, "x-stainless-arch").unwrap().to_owned(),
        ),
        ("x-api-key", "sk-test".to_owned()),
        ("anthropic-version", "2023-06-01".to_owned()),
        ("x-stainless-timeout", "600".to_owned()),
        ("x-stainless-read-timeout", "600".to_owned()),
        ("x-stainless-retry-count", "0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(headers, expected);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}],"model":"claude-sonnet-4-5"}"#
    );
}

#[test]
fn create_never_sends_stream_true_and_create_stream_always_does() {
    let mut params = hello();
    params.stream = Some(true);
    let call = messages::create(&params, false).unwrap();
    assert!(call.body_json().unwrap().get("stream").is_none());
    let call = messages::create_stream(&hello(), false).unwrap();
    assert_eq!(
        call.body_json().unwrap()["stream"],
        serde_json::Value::Bool(true)
    );
    assert!(call.is_streaming());
}

#[test]
fn beta_forms_add_the_query_flag_and_the_beta_header() {
    let mut params = hello();
    params.betas = vec![
        AnthropicBeta::from("files-api-2025-04-14"),
        AnthropicBeta::from("context-1m-2025-08-07"),
        AnthropicBeta::from("files-api-2025-04-14"),
    ];
    let call = messages::create(&params, true).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let (_, uri, headers, body) = first_request(&mut exchange);
    assert_eq!(uri, "http://127.0.0.1:9/v1/messages?beta=true");
    assert_eq!(
        header(&headers, "anthropic-beta"),
        Some("files-api-2025-04-14,context-1m-2025-08-07")
    );
    assert!(!String::from_utf8(body).unwrap().contains("betas"));

    // An explicit per-request header replaces the computed one entirely.
    let call = messages::create(&params, true).unwrap();
    let options = RequestOptions::new().header("anthropic-beta", "mine");
    let mut exchange = Exchange::new(&config(), call, &options, Timestamp::ZERO).unwrap();
    assert_eq!(
        header(&first_request(&mut exchange).2, "anthropic-beta"),
        Some("mine")
    );

    // `?beta=true` survives other query parameters.
    let list = models::list(
        &ModelListParams {
            limit: Some(5),
            ..Default::default()
        },
        true,
    );
    let mut exchange =
        Exchange::new(&config(), list, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert_eq!(
        first_request(&mut exchange).1,
        "http://127.0.0.1:9/v1/models?beta=true&limit=5"
    );
}

#[test]
fn count_tokens_and_models_requests() {
    let params = MessageCountTokensParams {
        model: Model::new("claude-sonnet-4-5"),
        messages: vec![MessageParam::user("Hi")],
        ..Default::default()
    };
    let call = messages::count_tokens(&params, false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let (method, uri, _, body) = first_request(&mut exchange);
    assert_eq!(
        (method.as_str(), uri.as_str()),
        ("POST", "http://127.0.0.1:9/v1/messages/count_tokens")
    );
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"messages":[{"role":"user","content":"Hi"}],"model":"claude-sonnet-4-5"}"#
    );

    let params = ModelListParams {
        after_id: Some("claude a".into()),
        limit: Some(20),
        ..Default::default()
    };
    let mut exchange = Exchange::new(
        &config(),
        models::list(&params, false),
        &RequestOptions::new(),
        Timestamp::ZERO,
    )
    .unwrap();
    let (method, uri, headers, body) = first_request(&mut exchange);
    assert_eq!(method, "GET");
    assert_eq!(
        uri,
        "http://127.0.0.1:9/v1/models?after_id=claude+a&limit=20"
    );
    assert_eq!(header(&headers, "content-type"), None);
    assert!(body.is_empty());

    let call = models::retrieve("a/b?c", &[], false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert_eq!(
        first_request(&mut exchange).1,
        "http://127.0.0.1:9/v1/models/a%2Fb%3Fc"
    );
    let err = models::retrieve("", &[], false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Expected a non-empty value for `model_id` but received ''"
    );
}

#[test]
fn credentials_are_checked_when_the_request_is_built() {
    let no_credentials = ClientConfig::new().base_url("http://127.0.0.1:9");
    let call = || messages::create(&hello(), false).unwrap();
    let err = Exchange::new(
        &no_credentials,
        call(),
        &RequestOptions::new(),
        Timestamp::ZERO,
    )
    .unwrap_err();
    assert!(matches!(err, Error::MissingCredentials));

    // An empty key counts as no key.
    let empty = no_credentials.clone().api_key("");
    assert!(matches!(
        Exchange::new(&empty, call(), &RequestOptions::new(), Timestamp::ZERO),
        Err(Error::MissingCredentials)
    ));

    // Omitting the header on purpose sends a credential-less request.
    let options = RequestOptions::new().omit_header("X-Api-Key");
    let mut exchange = Exchange::new(&no_credentials, call(), &options, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "x-api-key"), None);

    // A per-request key header counts; a token becomes a bearer header; both may be sent.
    let options = RequestOptions::new().header("X-Api-Key", "k");
    assert!(Exchange::new(&no_credentials, call(), &options, Timestamp::ZERO).is_ok());
    let both = no_credentials.api_key("key").auth_token("tok");
    let mut exchange =
        Exchange::new(&both, call(), &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "x-api-key"), Some("key"));
    assert_eq!(header(&headers, "authorization"), Some("Bearer tok"));
}

#[test]
fn header_layers_override_case_insensitively_and_can_remove() {
    let config = config()
        .default_header("User-Agent", "client-ua")
        .default_header("X-Custom", "client")
        .omit_default_header("x-stainless-arch");
    let options = RequestOptions::new()
        .header("x-custom", "request")
        .omit_header("USER-AGENT");
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "user-agent"), None);
    assert_eq!(header(&headers, "x-custom"), Some("request"));
    assert_eq!(header(&headers, "x-stainless-arch"), None);
    assert_eq!(headers.iter().filter(|(k, _)| k == "x-custom").count(), 1);

    let options = RequestOptions::new().header("x-evil", "a\r\nb: c");
    let call = messages::create(&hello(), false).unwrap();
    assert!(matches!(
        Exchange::new(&config, call, &options, Timestamp::ZERO),
        Err(Error::InvalidRequest(_))
    ));
}

/// `set_default_headers`/`set_default_query` replace the custom layer (`default_*` merge
/// into it); the SDK's own headers stay.
#[test]
fn set_defaults_replace_what_default_merges() {
    let base = config()
        .default_header("X-One", "1")
        .omit_default_header("x-stainless-arch")
        .default_query("a", "1");
    let merged = base
        .clone()
        .default_header("X-Two", "2")
        .default_query("b", "2");
    let replaced = base
        .set_default_headers([("X-Two", "2")])
        .set_default_query([("b", "2")]);
    let sent = |config: &ClientConfig| {
        let call = models::list(&ModelListParams::default(), false);
        let mut exchange =
            Exchange::new(config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
        first_request(&mut exchange)
    };
    let (_, uri, headers, _) = sent(&merged);
    assert_eq!(header(&headers, "x-one"), Some("1"));
    assert_eq!(header(&headers, "x-two"), Some("2"));
    assert_eq!(header(&headers, "x-stainless-arch"), None);
    assert!(uri.ends_with("/v1/models?a=1&b=2"), "{uri}");
    let (_, uri, headers, _) = sent(&replaced);
    assert_eq!(header(&headers, "x-one"), None);
    assert_eq!(header(&headers, "x-two"), Some("2"));
    assert!(header(&headers, "x-stainless-arch").is_some());
    assert_eq!(header(&headers, "anthropic-version"), Some("2023-06-01"));
    assert!(uri.ends_with("/v1/models?b=2"), "{uri}");
}

/// Omitting `Content-Type` cannot unlabel a JSON body: httpx labels what it encodes.
/// A raw body or a POST without one keeps the omission.
#[test]
fn an_omitted_content_type_still_labels_a_json_body() {
    let omit = RequestOptions::new().omit_header("Content-Type");
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config(), call, &omit, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "content-type"), Some("application/json"));

    let replaced = RequestOptions::new().header("Content-Type", "text/plain");
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config(), call, &replaced, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "content-type"), Some("text/plain"));

    let raw = anthropic_core::Call::<serde_json::Value>::new(http::Method::POST, "/v1/x", "Value")
        .raw_body(b"abc".to_vec(), "text/csv");
    let mut exchange = Exchange::new(&config(), raw, &omit, Timestamp::ZERO).unwrap();
    assert_eq!(
        header(&first_request(&mut exchange).2, "content-type"),
        None
    );

    let empty =
        anthropic_core::Call::<serde_json::Value>::new(http::Method::POST, "/v1/x", "Value");
    let mut exchange = Exchange::new(&config(), empty, &omit, Timestamp::ZERO).unwrap();
    assert_eq!(
        header(&first_request(&mut exchange).2, "content-type"),
        None
    );
}

#[test]
fn extra_body_and_query_merge() {
    let config = config()
        .default_query("dq", "1")
        .default_query("limit", "9");
    let options = RequestOptions::new()
        .query("limit", "5")
        .body_field("max_tokens", serde_json::json!(10))
        .body_field("z", serde_json::Value::Null);
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    let (_, uri, _, body) = first_request(&mut exchange);
    assert_eq!(uri, "http://127.0.0.1:9/v1/messages?dq=1&limit=5");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"max_tokens":10,"messages":[{"role":"user","content":"Hello, Claude"}],"model":"claude-sonnet-4-5","z":null}"#
    );
    // No body on GET, whatever the options say.
    let call = models::list(&ModelListParams::default(), false);
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    assert!(first_request(&mut exchange).3.is_empty());
    // An empty value in the request's query removes a client default.
    let removing = RequestOptions::new().query("dq", "");
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config, call, &removing, Timestamp::ZERO).unwrap();
    assert_eq!(
        first_request(&mut exchange).1,
        "http://127.0.0.1:9/v1/messages?limit=9"
    );
}

#[test]
fn timeout_headers_follow_the_effective_timeout() {
    let cases = [
        (None, Some("600")),
        (
            Some(Timeout::uniform(Duration::from_millis(30_500))),
            Some("30.5"),
        ),
        (Some(Timeout::NONE), None),
    ];
    for (timeout, expected) in cases {
        let mut options = RequestOptions::new();
        options.timeout = timeout;
        let call = models::list(&ModelListParams::default(), false);
        let mut exchange = Exchange::new(&config(), call, &options, Timestamp::ZERO).unwrap();
        let headers = first_request(&mut exchange).2;
        assert_eq!(header(&headers, "x-stainless-timeout"), expected);
        assert_eq!(header(&headers, "x-stainless-read-timeout"), expected);
    }
}

#[test]
fn the_read_timeout_header_is_the_requests_to_set_not_the_clients_defaults() {
    let config = config()
        .default_header("x-stainless-read-timeout", "foo")
        .default_header("x-stainless-timeout", "foo");
    let call = models::list(&ModelListParams::default(), false);
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "x-stainless-read-timeout"), Some("600"));
    // `x-stainless-timeout` is merged under the client's defaults (client.md §2.2).
    assert_eq!(header(&headers, "x-stainless-timeout"), Some("foo"));
    let options = RequestOptions::new().header("x-stainless-read-timeout", "bar");
    let call = models::list(&ModelListParams::default(), false);
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "x-stainless-read-timeout"), Some("bar"));
}

#[test]
fn legacy_completions_wait_600_seconds_to_connect_unless_a_timeout_was_chosen() {
    use anthropic_core::endpoints::completions;
    use anthropic_core::types::CompletionCreateParams;
    let params = CompletionCreateParams::new("claude-2.1", 256, "\n\nHuman: Hi\n\nAssistant:");
    let flat = Timeout::uniform(Duration::from_secs(600));
    let chosen = Timeout::uniform(Duration::from_secs(7));
    let mut per_request = RequestOptions::new();
    per_request.timeout = Some(chosen);
    let cases = [
        (config(), RequestOptions::new(), flat),
        (config().timeout(chosen), RequestOptions::new(), chosen),
        (config(), per_request, chosen),
    ];
    for (config, options, expected) in cases {
        let calls = [
            completions::create(&params).unwrap().decoding::<()>("()"),
            completions::create_stream(&params).unwrap().decoding("()"),
        ];
        for call in calls {
            let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
            assert_eq!(
                exchange.start_attempt(Timestamp::ZERO).unwrap().timeout,
                expected
            );
        }
    }
    // Messages keep the client's default: 5 s to connect.
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert_eq!(
        exchange.start_attempt(Timestamp::ZERO).unwrap().timeout,
        Timeout::DEFAULT
    );
}

#[test]
fn nan_and_infinite_floats_are_refused_before_sending() {
    use anthropic_core::endpoints::completions;
    use anthropic_core::types::CompletionCreateParams;
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let refused = |result: Result<(), Error>| match result {
            Err(Error::InvalidRequest(message)) => {
                assert!(
                    message.contains("Out of range float values are not JSON compliant"),
                    "{message}"
                )
            }
            other => panic!("{bad}: {other:?}"),
        };
        refused(messages::create(&hello().temperature(bad), false).map(drop));
        refused(messages::create_stream(&hello().top_p(bad), false).map(drop));
        let mut params =
            CompletionCreateParams::new("claude-2.1", 8, "\n\nHuman: Hi\n\nAssistant:");
        params.top_p = Some(bad);
        refused(completions::create(&params).map(drop));
    }
    let call = messages::create(&hello().temperature(0.5).top_p(1.0), false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let body = String::from_utf8(first_request(&mut exchange).3).unwrap();
    assert!(
        body.contains(r#""temperature":0.5"#) && body.contains(r#""top_p":1.0"#),
        "{body}"
    );
}

/// The stream helper's headers, and the request's own headers over them (streaming.md
/// §4.1: user `extra_headers` override them).
#[test]
fn the_helpers_headers_give_way_to_the_requests_own() {
    for (beta, helper) in [(false, "messages"), (true, "beta.messages")] {
        let call = messages::stream(&hello(), beta).unwrap();
        let mut exchange =
            Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
        let headers = first_request(&mut exchange).2;
        assert_eq!(
            header(&headers, "x-stainless-helper-method"),
            Some("stream")
        );
        assert_eq!(header(&headers, "x-stainless-stream-helper"), Some(helper));
    }
    let options = RequestOptions::new().header("X-Stainless-Stream-Helper", "mine");
    let call = messages::stream(&hello(), false).unwrap();
    let mut exchange = Exchange::new(&config(), call, &options, Timestamp::ZERO).unwrap();
    let headers = first_request(&mut exchange).2;
    assert_eq!(header(&headers, "x-stainless-stream-helper"), Some("mine"));
    assert_eq!(
        header(&headers, "x-stainless-helper-method"),
        Some("stream")
    );
    assert_eq!(
        headers
            .iter()
            .filter(|(n, _)| n == "x-stainless-stream-helper")
            .count(),
        1
    );
}

#[test]
fn long_request_guard_applies_only_with_default_timeouts() {
    let mut params = hello();
    params.max_tokens = 21_334;
    let err = Exchange::new(
        &config(),
        messages::create(&params, false).unwrap(),
        &RequestOptions::new(),
        Timestamp::ZERO,
    )
    .unwrap_err();
    assert!(matches!(err, Error::StreamingRequired));
    params.max_tokens = 21_333;
    assert!(
        Exchange::new(
            &config(),
            messages::create(&params, false).unwrap(),
            &RequestOptions::new(),
            Timestamp::ZERO
        )
        .is_ok()
    );
    params.max_tokens = 100_000;
    // An explicit timeout, on the call or the client, turns it off; streaming is never guarded.
    let options = RequestOptions::new().timeout(Duration::from_secs(3600));
    assert!(
        Exchange::new(
            &config(),
            messages::create(&params, false).unwrap(),
            &options,
            Timestamp::ZERO
        )
        .is_ok()
    );
    let patient = config().timeout(Duration::from_secs(600));
    assert!(
        Exchange::new(
            &patient,
            messages::create(&params, false).unwrap(),
            &RequestOptions::new(),
            Timestamp::ZERO
        )
        .is_ok()
    );
    assert!(
        Exchange::new(
            &config(),
            messages::create_stream(&params, false).unwrap(),
            &RequestOptions::new(),
            Timestamp::ZERO
        )
        .is_ok()
    );
    params.model = Model::new("claude-opus-4-20250514");
    params.max_tokens = 8_193;
    assert!(matches!(
        Exchange::new(
            &config(),
            messages::create(&params, false).unwrap(),
            &RequestOptions::new(),
            Timestamp::ZERO
        ),
        Err(Error::StreamingRequired)
    ));
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in pairs {
        map.insert(*k, v.parse().unwrap());
    }
    map
}

#[test]
fn retries_count_up_and_stop_at_the_budget() {
    let call = messages::create(&hello(), false).unwrap();
    let mut exchange =
        Exchange::new(&config(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let status = StatusCode::from_u16(529).unwrap();
    let mut counts = Vec::new();
    loop {
        let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
        counts.push(
            attempt.request.headers()["x-stainless-retry-count"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
        match exchange.handle_head(status, &headers(&[("retry-after-ms", "10")]), moment(0.5)) {
            HeadOutcome::Retry(delay) => assert_eq!(delay, Duration::from_millis(10)),
            HeadOutcome::Fail => break,
            HeadOutcome::Success => unreachable!(),
        }
    }
    assert_eq!(counts, ["0", "1", "2"]);
    let body = br#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let err = exchange.fail(status, headers(&[("request-id", "req_1")]), body);
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::Overloaded);
    assert_eq!(api.request_id(), Some("req_1"));
    assert_eq!(exchange.retries_taken(), 2);
}

#[test]
fn retry_decisions_through_the_exchange() {
    let new = |options: &RequestOptions| {
        Exchange::new(
            &config(),
            messages::create(&hello(), false).unwrap(),
            options,
            Timestamp::ZERO,
        )
        .unwrap()
    };
    let mut ex = new(&RequestOptions::new());
    let bad_request = StatusCode::BAD_REQUEST;
    assert_eq!(
        ex.handle_head(bad_request, &HeaderMap::new(), moment(0.0)),
        HeadOutcome::Fail
    );
    assert!(matches!(
        ex.handle_head(
            bad_request,
            &headers(&[("x-should-retry", "true")]),
            moment(0.0)
        ),
        HeadOutcome::Retry(_)
    ));
    let mut ex = new(&RequestOptions::new());
    let internal = StatusCode::INTERNAL_SERVER_ERROR;
    assert_eq!(
        ex.handle_head(
            internal,
            &headers(&[("x-should-retry", "false")]),
            moment(0.0)
        ),
        HeadOutcome::Fail
    );
    assert_eq!(
        ex.handle_head(StatusCode::OK, &HeaderMap::new(), moment(0.0)),
        HeadOutcome::Success
    );

    // Backoff with jitter for a 500 without hints: 0.5 s scaled into (0.375, 0.5].
    match ex.handle_head(internal, &HeaderMap::new(), moment(0.5)) {
        HeadOutcome::Retry(d) => assert_eq!(d, Duration::from_secs_f64(0.4375)),
        other => panic!("{other:?}"),
    }

    // Transport failures retry, then surface as they are.
    let mut ex = new(&RequestOptions::new().max_retries(1));
    let read_timeout = || Error::Timeout(TimeoutError::new(TimeoutKind::Read));
    assert!(ex.handle_error(read_timeout(), moment(0.0)).is_ok());
    match ex.handle_error(read_timeout(), moment(0.0)) {
        // The exchange says how long the limit was and how many attempts were made.
        Err(Error::Timeout(t)) => {
            assert_eq!(t.kind(), TimeoutKind::Read);
            assert_eq!(t.get_limit(), Timeout::DEFAULT.read);
            assert_eq!(t.get_attempts(), 2);
        }
        other => panic!("{other:?}"),
    }

    // Zero retries: the first failure is final.
    let mut ex = new(&RequestOptions::new().max_retries(0));
    assert_eq!(
        ex.handle_head(
            StatusCode::TOO_MANY_REQUESTS,
            &HeaderMap::new(),
            moment(0.0)
        ),
        HeadOutcome::Fail
    );
}

#[test]
fn an_overall_deadline_bounds_attempts_and_sleeps() {
    let start = Timestamp::ZERO;
    let at = |ms: u64| Timestamp::from_elapsed(Duration::from_millis(ms));
    let options = RequestOptions::new().timeout(Timeout::DEFAULT.total(Duration::from_secs(2)));
    let call = messages::create(&hello(), false).unwrap();
    let mut ex = Exchange::new(&config(), call, &options, start).unwrap();
    let attempt = ex.start_attempt(at(500)).unwrap();
    assert_eq!(attempt.timeout.total, Some(Duration::from_millis(1500)));
    assert_eq!(attempt.timeout.connect, Some(Duration::from_millis(1500)));
    // A retry whose sleep would end past the deadline is not taken.
    let late = Moment {
        now: at(1900),
        wall: SystemTime::now(),
        random: 0.0,
    };
    assert_eq!(
        ex.handle_head(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), late),
        HeadOutcome::Fail
    );
    match ex.start_attempt(at(3000)) {
        Err(Error::Timeout(t)) => {
            assert_eq!(t.kind(), TimeoutKind::Total);
            assert_eq!(t.get_limit(), Some(Duration::from_secs(2)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deadline_past_the_end_of_the_clock_is_no_deadline() {
    // Any host clock: 1000 s after its origin.
    let now = Timestamp::from_elapsed(Duration::from_secs(1000));
    let options = RequestOptions::new().timeout(Timeout::DEFAULT.total(Duration::MAX));
    let call = messages::create(&hello(), false).unwrap();
    let mut ex = Exchange::new(&config(), call, &options, now).unwrap();
    let attempt = ex.start_attempt(now).unwrap();
    assert_eq!(
        attempt.timeout.total, None,
        "the driver is given no deadline"
    );
    assert_eq!(attempt.timeout.connect, Timeout::DEFAULT.connect);
    // Retries are not cut short by it either.
    let moment = Moment {
        now,
        wall: SystemTime::UNIX_EPOCH,
        random: 0.0,
    };
    assert!(matches!(
        ex.handle_head(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), moment),
        HeadOutcome::Retry(_)
    ));
}
