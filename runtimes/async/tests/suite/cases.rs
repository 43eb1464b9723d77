//! The cases: each an `async fn` generic over the harness.

use std::time::{Duration, Instant};

use anthropic_async::{
    ApiErrorKind, Client, ClientConfig, Error, RequestOptions, Runtime, Timeout, TransportConfig,
};
use anthropic_core::stream::{ContentDelta, StreamError, StreamEvent};
use anthropic_core::types::{
    MessageCountTokensParams, MessageCreateParams, MessageParam, Model, ModelListParams,
};
use anthropic_mock::sse::{self, LineEnding};
use anthropic_mock::{Framing, MockResponse, MockServer};
use futures_util::{Stream, StreamExt};

use super::Harness;
use super::servers::{ConnectProxy, TLS_MESSAGE, TestPki, TlsServer, test_pki};

type C<H> = Client<<H as Harness>::R>;

fn config(base_url: String) -> ClientConfig {
    ClientConfig::new()
        .with_api_key("sk-ant-test-key")
        .with_base_url(base_url)
        .with_timeout(Timeout::uniform(Duration::from_secs(5)))
}

fn client<H: Harness>(server: &MockServer) -> C<H> {
    Client::new(config(server.url())).unwrap()
}

fn client_with<H: Harness>(base_url: String, transport: TransportConfig) -> C<H> {
    Client::with_transport(config(base_url), transport).unwrap()
}

fn hello() -> MessageCreateParams {
    MessageCreateParams {
        model: Model::new("claude-sonnet-4-5"),
        max_tokens: 1024,
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    }
}

fn story() -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Write a story")
}

async fn sleep<H: Harness>(duration: Duration) {
    H::R::default().sleep(duration).await;
}

/// Collects the streamed text and the events' types, or the first error.
async fn collect(
    mut stream: impl Stream<Item = Result<StreamEvent, Error>> + Unpin,
) -> (String, Vec<&'static str>, Option<Error>) {
    let mut text = String::new();
    let mut kinds = Vec::new();
    while let Some(event) = stream.next().await {
        match event {
            Ok(event) => {
                if let StreamEvent::ContentBlockDelta {
                    delta: ContentDelta::Text { text: t },
                    ..
                } = &event
                {
                    text.push_str(t);
                }
                kinds.push(match event {
                    StreamEvent::MessageStart { .. } => "message_start",
                    StreamEvent::ContentBlockStart { .. } => "content_block_start",
                    StreamEvent::ContentBlockDelta { .. } => "content_block_delta",
                    StreamEvent::ContentBlockStop { .. } => "content_block_stop",
                    StreamEvent::MessageDelta { .. } => "message_delta",
                    StreamEvent::MessageStop => "message_stop",
                    StreamEvent::Ping => "ping",
                    _ => "unknown",
                });
            }
            Err(e) => return (text, kinds, Some(e)),
        }
    }
    (text, kinds, None)
}

fn retry_counts(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.header("x-stainless-retry-count").unwrap_or("").to_owned())
        .collect()
}

pub async fn create_sends_the_request_and_decodes_the_message<H: Harness>() {
    let server = MockServer::start();
    let message = client::<H>(&server)
        .messages()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(message.id, "msg_mock_1");
    assert_eq!(message.request_id.as_deref(), Some("req_mock_1"));

    let request = server.last_request().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.header("x-api-key"), Some("sk-ant-test-key"));
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

fn assert_send<T: Send>(value: T) -> T {
    value
}

/// Compile-time: every public future and stream is `Send` for any runtime.
pub async fn futures_are_send<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let params = hello();
    let message = assert_send(client.messages().create(&params))
        .await
        .unwrap();
    assert_eq!(message.id, "msg_mock_1");
    let messages = client.messages().with_raw_response();
    let raw = assert_send(messages.create(&params)).await.unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    let mut stream = assert_send(client.messages().create_stream(&params))
        .await
        .unwrap();
    assert_send(stream.next_event()).await.unwrap().unwrap();
    let stream = assert_send(stream);
    drop(stream);
    let list = assert_send(client.models().list_all(&ModelListParams::default()));
    assert!(!assert_send(list.collect::<Vec<_>>()).await.is_empty());
    assert_send(client.models().retrieve("claude-sonnet-4-5"))
        .await
        .unwrap();
    let counted = MessageCountTokensParams::new(Model::CLAUDE_SONNET_4_5).user("hi");
    assert_send(client.messages().count_tokens(&counted))
        .await
        .unwrap();
}

pub async fn count_tokens_models_and_beta<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let params = MessageCountTokensParams {
        model: Model::new("claude-sonnet-4-5"),
        messages: vec![MessageParam::user("Hello, Claude")],
        ..Default::default()
    };
    let count = client.messages().count_tokens(&params).await.unwrap();
    assert!(count.input_tokens > 0);
    assert!(count.request_id.is_some());
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages/count_tokens"
    );

    let page = client
        .models()
        .list(&ModelListParams {
            limit: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.has_more, Some(true));
    assert_eq!(server.last_request().unwrap().path, "/v1/models?limit=2");

    let model = client.models().retrieve(&page.data[0].id).await.unwrap();
    assert_eq!(model.id, page.data[0].id);
    let missing = client.models().retrieve("no-such-model").await.unwrap_err();
    assert_eq!(missing.as_api().unwrap().kind(), ApiErrorKind::NotFound);

    client
        .beta()
        .models()
        .list(&ModelListParams::default())
        .await
        .unwrap();
    assert_eq!(server.last_request().unwrap().path, "/v1/models?beta=true");
    client.beta().messages().create(&hello()).await.unwrap();
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages?beta=true"
    );
}

pub async fn list_all_is_a_lazy_stream_across_pages<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let params = ModelListParams {
        limit: Some(2),
        ..Default::default()
    };
    let first_page = client.models().list(&params).await.unwrap();
    let before = server.request_count();
    let mut all = client.models().list_all(&params);
    assert_eq!(
        server.request_count(),
        before,
        "nothing is fetched before polling"
    );
    let first = all.next().await.unwrap().unwrap();
    assert_eq!(first.id, first_page.data[0].id);
    assert_eq!(server.request_count(), before + 1);
    let rest: Vec<_> = all.collect().await;
    let ids: Vec<String> = std::iter::once(Ok(first))
        .chain(rest)
        .map(|m| m.unwrap().id)
        .collect();
    assert!(ids.len() > 2, "{ids:?}");
    assert_eq!(ids[1], first_page.data[1].id);
    let pages = server.request_count() - before;
    assert_eq!(
        pages,
        ids.len().div_ceil(2).max(pages),
        "one request per page"
    );
    assert!(server.last_request().unwrap().path.contains("after_id="));
}

pub async fn raw_response_and_with_options<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let raw = client
        .messages()
        .with_raw_response()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.request_id(), Some("req_mock_1"));
    assert_eq!(raw.retries_taken(), 0);
    assert_eq!(raw.parse().unwrap().id, "msg_mock_1");
    assert!(raw.text().contains("msg_mock_1"));

    // A changed copy shares the pool; per-request options reach the wire.
    let patient = client.with_options(|c| c.with_max_retries(5));
    assert_eq!(patient.config().max_retries(), 5);
    patient
        .messages()
        .with_options(
            RequestOptions::new()
                .header("x-custom", "1")
                .query("trace", "on"),
        )
        .create(&hello())
        .await
        .unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.header("x-custom"), Some("1"));
    assert_eq!(request.path, "/v1/messages?trace=on");
    assert_eq!(server.connection_count(), 1);
}

pub async fn a_full_stream_from_the_default_mock<H: Harness>() {
    let server = MockServer::start();
    let stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    assert_eq!(stream.request_id(), Some("req_mock_1"));
    assert_eq!(stream.status().as_u16(), 200);
    let (text, kinds, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        text,
        "Hello! This is the mock Claude server. You said: Write a story"
    );
    assert_eq!(kinds.first(), Some(&"message_start"));
    assert_eq!(kinds.last(), Some(&"message_stop"));
    assert_eq!(server.last_request().unwrap().json()["stream"], true);
}

pub async fn one_byte_chunks_give_the_whole_text<H: Harness>() {
    let text = "Once upon a time, in a land far away";
    let events = sse::text_message("claude-sonnet-4-5", text, 7);
    let mut results = Vec::new();
    let server = MockServer::start();
    let client = client::<H>(&server);
    for (chunk, ending) in [
        (1, LineEnding::Lf),
        (1, LineEnding::CrLf),
        (3, LineEnding::Cr),
        (4096, LineEnding::CrLf),
    ] {
        server.enqueue(
            MockResponse::sse(events.clone())
                .chunk_size(chunk)
                .line_ending(ending),
        );
        let stream = client.messages().create_stream(&story()).await.unwrap();
        let (got, kinds, error) = collect(stream).await;
        assert!(error.is_none(), "{error:?}");
        results.push((got, kinds));
    }
    assert_eq!(results[0].0, text);
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    // Streams read to the end hand their connection back.
    assert_eq!(server.connection_count(), 1);
}

pub async fn rate_limit_then_success_honours_retry_after_ms<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "50"),
    );
    let started = Instant::now();
    let raw = client::<H>(&server)
        .messages()
        .with_raw_response()
        .create(&hello())
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
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

pub async fn overloaded_then_success<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(529, "overloaded_error", "Overloaded").header("retry-after-ms", "10"),
    );
    client::<H>(&server)
        .messages()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(server.request_count(), 2);
}

pub async fn server_errors_exhaust_the_retry_budget<H: Harness>() {
    let server = MockServer::start();
    for _ in 0..3 {
        server.enqueue(MockResponse::error(500, "api_error", "boom").header("retry-after-ms", "5"));
    }
    let err = client::<H>(&server)
        .messages()
        .create(&hello())
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::InternalServer);
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(api.error_message(), Some("boom"));
    assert_eq!(api.request_id(), Some("req_mock_3"));
    assert_eq!(server.request_count(), 3);
    assert_eq!(retry_counts(&server), ["0", "1", "2"]);
}

pub async fn bad_request_is_not_retried<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    server.enqueue(MockResponse::error(400, "invalid_request_error", "bad"));
    let err = client.messages().create(&hello()).await.unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::BadRequest);
    assert_eq!(err.request_id(), Some("req_mock_1"));
    assert_eq!(server.request_count(), 1);

    server.enqueue(MockResponse::error(503, "api_error", "down").header("x-should-retry", "false"));
    let err = client.messages().create(&hello()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.request_count(), 2);
    // The error bodies were read: the connection is still the first one.
    client.messages().create(&hello()).await.unwrap();
    assert_eq!(server.connection_count(), 1);
}

pub async fn an_error_status_on_a_stream_is_returned_by_the_call<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::error(
        400,
        "invalid_request_error",
        "max_tokens: too large",
    ));
    let err = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::BadRequest);
    assert_eq!(api.error_message(), Some("max_tokens: too large"));
}

pub async fn a_read_timeout_fires_and_is_retried<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    server.enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_millis(300)))
        .max_retries(1);
    let started = Instant::now();
    let message = client
        .messages()
        .with_options(options.clone())
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert!(started.elapsed() < Duration::from_secs(3));

    for _ in 0..2 {
        server
            .enqueue(MockResponse::json(200, serde_json::json!({})).delay(Duration::from_secs(3)));
    }
    let err = client
        .messages()
        .with_options(options)
        .create(&hello())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

pub async fn a_stall_after_content_hits_the_read_timeout<H: Harness>() {
    let server = MockServer::start();
    let events = sse::text_message("m", "slow and then silent for a while", 6);
    let len = sse::encode_all(&events, LineEnding::Lf).len();
    server.enqueue(MockResponse::sse(events).stall_after(len * 2 / 3, Duration::from_secs(5)));
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client::<H>(&server)
        .messages()
        .with_options(options)
        .create_stream(&story())
        .await
        .unwrap();
    let started = Instant::now();
    let (text, _, error) = collect(stream).await;
    assert!(!text.is_empty());
    assert!(matches!(error, Some(Error::Timeout(_))), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.request_count(), 1);
}

pub async fn a_stall_before_content_is_retried<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::sse(sse::text_message("m", "never", 2))
            .stall_after(100, Duration::from_secs(5)),
    );
    let options = RequestOptions::new().timeout(Timeout::uniform(Duration::from_millis(300)));
    let stream = client::<H>(&server)
        .messages()
        .with_options(options)
        .create_stream(&story())
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert!(text.starts_with("Hello! This is the mock Claude server."));
    assert_eq!(server.request_count(), 2);
}

pub async fn the_total_deadline_ends_a_stream<H: Harness>() {
    let server = MockServer::start();
    let events = sse::text_message("m", "a stream that never finishes in time", 6);
    let len = sse::encode_all(&events, LineEnding::Lf).len();
    server.enqueue(MockResponse::sse(events).stall_after(len / 2, Duration::from_secs(5)));
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_secs(5)).with_total(Duration::from_millis(400)));
    let started = Instant::now();
    let stream = client::<H>(&server)
        .messages()
        .with_options(options)
        .create_stream(&story())
        .await
        .unwrap();
    let (_, _, error) = collect(stream).await;
    assert!(matches!(error, Some(Error::Timeout(_))), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

pub async fn a_body_cut_short_is_retried<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::json(
            200,
            serde_json::json!({"id": "x", "padding": "y".repeat(200)}),
        )
        .close_after(20),
    );
    let raw = client::<H>(&server)
        .messages()
        .with_raw_response()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(raw.retries_taken(), 1);
    assert_eq!(raw.parse().unwrap().id, "msg_mock_2");
    assert_eq!(server.request_count(), 2);
}

pub async fn a_connection_dropped_mid_stream_is_an_error<H: Harness>() {
    let events = sse::text_message("m", "alpha beta gamma delta epsilon", 5);
    let body = sse::encode_all(&events, LineEnding::Lf);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(events).close_after(body.len() * 2 / 3));
    let stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert!(!text.is_empty());
    assert!(
        matches!(
            error,
            Some(Error::Connection(_)) | Some(Error::Stream(StreamError::Incomplete { .. }))
        ),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

pub async fn a_stream_without_message_stop_is_incomplete<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "cut short", 2),
    )));
    let stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert_eq!(text, "cut short");
    assert!(
        matches!(error, Some(Error::Stream(StreamError::Incomplete { .. }))),
        "{error:?}"
    );
}

pub async fn overloaded_event_before_content_is_retried<H: Harness>() {
    let server = MockServer::start();
    let overloaded = sse::insert_error(
        sse::text_message("claude-sonnet-4-5", "never seen", 2),
        "content_block_delta",
        sse::error_event("overloaded_error", "Overloaded"),
    );
    server.enqueue(MockResponse::sse(overloaded));
    let mut stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    assert_eq!(stream.request_id(), Some("req_mock_1"));
    let first = stream.next_event().await.unwrap().unwrap();
    assert!(matches!(first, StreamEvent::MessageStart { .. }));
    assert_eq!(stream.request_id(), Some("req_mock_2"));
    assert_eq!(stream.retries_taken(), 1);
    let (text, kinds, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(server.request_count(), 2);
    assert!(text.starts_with("Hello! This is the mock Claude server."));
    assert_eq!(kinds.iter().filter(|k| **k == "message_start").count(), 0);
    assert_eq!(retry_counts(&server), ["0", "1"]);
}

pub async fn an_error_event_after_content_is_not_retried<H: Harness>() {
    let server = MockServer::start();
    let events = sse::text_message("claude-sonnet-4-5", "one two three four", 4);
    let cut = events
        .iter()
        .rposition(|e| e.name() == Some("content_block_stop"))
        .unwrap();
    let mut events = events[..cut].to_vec();
    events.push(sse::error_event("overloaded_error", "Overloaded"));
    server.enqueue(MockResponse::sse(events));
    let stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert_eq!(text, "one two three four");
    let error = error.expect("an error");
    let api = error.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::Overloaded);
    assert_eq!(api.status().as_u16(), 200);
    assert_eq!(api.request_id(), Some("req_mock_1"));
    assert_eq!(server.request_count(), 1);
}

pub async fn connections_are_reused<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    for _ in 0..5 {
        client.messages().create(&hello()).await.unwrap();
    }
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.request_count(), 5);
}

pub async fn a_connection_close_response_is_not_reused<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    server.enqueue(
        MockResponse::json(200, serde_json::json!({"id": "m", "type": "message", "role": "assistant", "model": "m", "content": [], "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}))
            .header("connection", "close"),
    );
    client.messages().create(&hello()).await.unwrap();
    let message = client.messages().create(&hello()).await.unwrap();
    assert_eq!(message.id, "msg_mock_2");
    assert_eq!(server.connection_count(), 2);
    assert_eq!(retry_counts(&server), ["0", "0"]);
}

pub async fn a_pooled_connection_closed_by_the_server_is_replaced<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    client.messages().create(&hello()).await.unwrap();
    // The server drops the idle connection when the next request arrives on it.
    server.enqueue(MockResponse::close());
    let raw = client
        .messages()
        .with_raw_response()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    // Sent again on a fresh connection without counting as a retry.
    assert_eq!(raw.retries_taken(), 0);
    assert_eq!(server.connection_count(), 2);
    assert_eq!(retry_counts(&server), ["0", "0", "0"]);
    // With retries disabled it works the same: the resend is not a retry.
    server.enqueue(MockResponse::close());
    client
        .messages()
        .with_options(RequestOptions::new().max_retries(0))
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(server.connection_count(), 3);
}

pub async fn idle_connections_expire<H: Harness>() {
    let server = MockServer::start();
    let transport = TransportConfig {
        idle_timeout: Duration::from_millis(100),
        ..TransportConfig::default()
    };
    let client = client_with::<H>(server.url(), transport);
    client.messages().create(&hello()).await.unwrap();
    client.messages().create(&hello()).await.unwrap();
    assert_eq!(server.connection_count(), 1);
    sleep::<H>(Duration::from_millis(250)).await;
    client.messages().create(&hello()).await.unwrap();
    assert_eq!(server.connection_count(), 2);
}

pub async fn connection_refused_is_a_connection_error<H: Harness>() {
    let server = MockServer::start();
    let url = server.url();
    drop(server);
    let client = Client::<H::R>::new(
        ClientConfig::new()
            .with_api_key("k")
            .with_base_url(url)
            .with_max_retries(1),
    )
    .unwrap();
    let err = client.messages().create(&hello()).await.unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
}

pub async fn missing_credentials_fail_before_sending<H: Harness>() {
    let server = MockServer::start();
    let client = Client::<H::R>::new(ClientConfig::new().with_base_url(server.url())).unwrap();
    let err = client.messages().create(&hello()).await.unwrap_err();
    assert!(matches!(err, Error::MissingCredentials));
    assert_eq!(server.request_count(), 0);
}

pub async fn undecodable_success_body_keeps_the_raw_text<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        "not json at all",
    ));
    let err = client::<H>(&server)
        .messages()
        .create(&hello())
        .await
        .unwrap_err();
    match err {
        Error::Decode(e) => {
            assert_eq!(e.expected, "Message");
            assert_eq!(e.body, "not json at all");
            assert_eq!(e.request_id.as_deref(), Some("req_mock_1"));
        }
        other => panic!("{other:?}"),
    }
}

fn tls_client<H: Harness>(server: &TlsServer, pki: Option<&TestPki>) -> C<H> {
    let mut transport = TransportConfig::default().without_proxy();
    if let Some(pki) = pki {
        transport = transport.with_root_certificate_pem(pki.ca_pem.clone());
    }
    let client = client_with::<H>(server.url(), transport);
    client.with_options(|c| c.with_max_retries(0))
}

pub async fn tls_with_a_custom_root<H: Harness>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let client = tls_client::<H>(&server, Some(&pki));
    for _ in 0..2 {
        let message = client.messages().create(&hello()).await.unwrap();
        assert_eq!(message.id, "msg_tls");
        assert_eq!(message.text(), "over TLS");
        assert_eq!(message.request_id.as_deref(), Some("req_tls"));
    }
    assert_eq!(server.requests.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(serde_json::from_str::<serde_json::Value>(TLS_MESSAGE).is_ok());
}

pub async fn tls_fails_with_the_default_roots<H: Harness>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let err = tls_client::<H>(&server, None)
        .messages()
        .create(&hello())
        .await
        .unwrap_err();
    match &err {
        Error::Connection(e) => assert!(
            e.message().to_ascii_lowercase().contains("certificate"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests.load(std::sync::atomic::Ordering::SeqCst), 0);
}

pub async fn invalid_root_pem_is_refused<H: Harness>() {
    let err = Client::<H::R>::with_transport(
        ClientConfig::new(),
        TransportConfig::default().with_root_certificate_pem("not a certificate"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

pub async fn proxy_tunnels_with_connect<H: Harness>() {
    let server = MockServer::start();
    let proxy = ConnectProxy::start();
    let client = client_with::<H>(
        server.url(),
        TransportConfig::default().with_proxy(proxy.url()),
    );
    let message = client.messages().create(&hello()).await.unwrap();
    assert_eq!(message.id, "msg_mock_1");
    client.messages().create(&hello()).await.unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "one tunnel, reused: {seen:?}");
    let authority = server.url().trim_start_matches("http://").to_owned();
    assert!(
        seen[0].starts_with(&format!("CONNECT {authority} HTTP/1.1\r\n")),
        "{seen:?}"
    );
    assert!(
        seen[0]
            .to_ascii_lowercase()
            .contains(&format!("host: {authority}"))
    );
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.last_request().unwrap().path, "/v1/messages");

    // Credentials in the proxy URL become a Basic proxy-authorization header.
    let proxy = ConnectProxy::start();
    let url = proxy.url().replace("http://", "http://user:secret@");
    let client = client_with::<H>(server.url(), TransportConfig::default().with_proxy(url));
    client.messages().create(&hello()).await.unwrap();
    assert!(
        proxy.seen()[0].contains("proxy-authorization: Basic dXNlcjpzZWNyZXQ="),
        "{:?}",
        proxy.seen()
    );
}

pub async fn proxy_refusal_is_a_connection_error<H: Harness>() {
    let server = MockServer::start();
    let proxy = ConnectProxy::refusing("407 Proxy Authentication Required");
    let client = client_with::<H>(
        server.url(),
        TransportConfig::default().with_proxy(proxy.url()),
    )
    .with_options(|c| c.with_max_retries(0));
    let err = client.messages().create(&hello()).await.unwrap_err();
    match &err {
        Error::Connection(e) => assert!(e.message().contains("407"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 0);
}

pub async fn every_framing_gives_the_same_result<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let events = sse::text_message("m", "framed three ways", 3);
    let mut texts = Vec::new();
    for framing in [
        Framing::Chunked,
        Framing::ContentLength,
        Framing::CloseDelimited,
    ] {
        server.enqueue(
            MockResponse::sse(events.clone())
                .framing(framing)
                .chunk_size(5),
        );
        let stream = client.messages().create_stream(&story()).await.unwrap();
        let (text, _, error) = collect(stream).await;
        assert!(error.is_none(), "{framing:?}: {error:?}");
        texts.push(text);
    }
    assert!(texts.iter().all(|t| t == "framed three ways"), "{texts:?}");
    // The close-delimited body could not leave its connection for reuse.
    client.messages().create(&hello()).await.unwrap();
    assert_eq!(server.connection_count(), 2);
    server.enqueue(
        MockResponse::json(200, serde_json::json!({"id": "cd", "type": "message", "role": "assistant", "model": "m", "content": [], "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}))
            .framing(Framing::CloseDelimited),
    );
    assert_eq!(client.messages().create(&hello()).await.unwrap().id, "cd");
}

pub async fn a_stream_dropped_early_closes_its_connection<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let mut stream = client.messages().create_stream(&story()).await.unwrap();
    assert!(stream.next_event().await.unwrap().is_ok());
    drop(stream);
    client.messages().create(&hello()).await.unwrap();
    assert_eq!(server.connection_count(), 2);
}

pub async fn a_one_mebibyte_delta_arrives_whole<H: Harness>() {
    let big = "x".repeat(1 << 20);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message("m", &big, 1)).chunk_size(8192));
    let stream = client::<H>(&server)
        .messages()
        .create_stream(&story())
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(text.len(), big.len());
}

pub async fn a_body_over_the_size_limit_is_refused<H: Harness>() {
    let server = MockServer::start();
    let transport = TransportConfig {
        max_body_size: 64,
        ..TransportConfig::default()
    };
    let client = client_with::<H>(server.url(), transport);
    let err = client.messages().create(&hello()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(server.request_count(), 1, "not retried");
}

// ------------------------------------------------------------ hardening (issue 11)
// The blocking client runs the same cases in `runtimes/blocking/tests/hardening.rs`.

/// A `Message` body with repeated keys at the top level, in `usage` and in a content
/// block (the blocking tests' `support::DUPLICATE_KEYS_MESSAGE`).
const DUPLICATE_KEYS_MESSAGE: &str = r#"{"id":"msg_first","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"one","text":"two"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1,"output_tokens":7},"id":"msg_last"}"#;

/// `.` and `..` as path ids go out as `%2E` and `%2E%2E`: a normalising proxy would
/// otherwise resolve `/v1/models/..` to `/v1/`.
pub async fn dot_segment_ids_are_percent_encoded<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    for (id, path) in [("..", "/v1/models/%2E%2E"), (".", "/v1/models/%2E")] {
        server.enqueue(MockResponse::error(404, "not_found_error", "no such model"));
        let _ = client.models().retrieve(id).await;
        assert_eq!(server.last_request().unwrap().path, path);
    }
}

/// A field repeated at the top level of a response takes its last value, as inside a
/// content block and as in Python's `json`.
pub async fn a_repeated_response_field_takes_its_last_value<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::body(
        200,
        "application/json",
        DUPLICATE_KEYS_MESSAGE,
    ));
    let message = client::<H>(&server)
        .messages()
        .create(&hello())
        .await
        .unwrap();
    assert_eq!(message.id, "msg_last");
    assert_eq!(message.usage.output_tokens, 7);
}

/// Every request asks for `gzip, deflate`, as Python does; a gzip bomb stops at the body
/// limit (on decoded bytes), with a body-limit error, not retried.
pub async fn compression_is_asked_for_and_a_gzip_bomb_stops_at_the_limit<H: Harness>() {
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
    let client = client_with::<H>(server.url(), transport);
    let err = client.messages().create(&hello()).await.unwrap_err();
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
