//! The platform clients (Bedrock, Vertex, Foundry) over loopback against the mock, on any
//! async runtime: written once, generic over a [`Harness`], included by each runtime
//! crate's `tests/platforms.rs` with `platform_suite!(Harness)`. The same cases as the
//! blocking client's `tests/platforms.rs`, where the mock verifies SigV4 signatures from
//! its test secret and RS256 JWTs from its test key.

#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anthropic_async::{
    ApiErrorKind, BedrockClient, ClientConfig, Error, FoundryClient, Runtime, VertexClient,
};
use anthropic_core::platform::foundry::FnTokenProvider;
use anthropic_core::platform::google_auth::{self, MetadataServer};
use anthropic_core::platform::{BedrockOptions, FoundryOptions, VertexOptions};
use anthropic_core::stream::{ContentDelta, StreamEvent};
use anthropic_core::types::{MessageCountTokensParams, MessageCreateParams};
use anthropic_mock::{MockResponse, MockServer, bedrock, google, sse};

/// A runtime under test.
pub trait Harness {
    /// The runtime.
    type R: Runtime + Default;
    /// Runs a future to completion on this runtime.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// One `#[test]` per case for a harness.
macro_rules! platform_suite {
    ($harness:ty) => {
        platform_suite!($harness;
            bedrock_messages_are_signed_and_answered,
            bedrock_streams_decode_from_the_event_stream,
            bedrock_retries_are_signed_anew,
            bedrock_errors_and_exceptions_are_mapped,
            vertex_with_an_access_token,
            vertex_service_account_and_metadata_tokens,
            foundry_api_key_and_entra_tokens_per_attempt,
        );
    };
    ($harness:ty; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                <$harness as $crate::platforms::Harness>::block_on(
                    $crate::platforms::$case::<$harness>(),
                )
            }
        )*
    };
}

const MODEL: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

fn params(model: &str) -> MessageCreateParams {
    MessageCreateParams::new(model, 256).user("Hello")
}

fn bedrock_client<H: Harness>(server: &MockServer, retries: u32) -> BedrockClient<H::R> {
    let options = BedrockOptions::new()
        .aws_region("us-west-2")
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key(bedrock::TEST_SECRET_KEY)
        .aws_session_token("session-token-1")
        .base_url(server.url());
    BedrockClient::with_config(options, ClientConfig::new().max_retries(retries)).unwrap()
}

pub async fn bedrock_messages_are_signed_and_answered<H: Harness>() {
    let server = MockServer::start();
    let client = bedrock_client::<H>(&server, 0);
    let message = client.messages().create(&params(MODEL)).await.unwrap();
    assert!(
        message.text().contains("You said: Hello"),
        "{}",
        message.text()
    );
    let request = server.last_request().unwrap();
    assert_eq!(request.path, format!("/model/{MODEL}/invoke"));
    assert_eq!(request.json()["anthropic_version"], "bedrock-2023-05-31");
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("session-token-1")
    );
    let verified = bedrock::verify(&request).expect("the mock verifies the signature");
    assert_eq!(verified.region, "us-west-2");
    assert!(
        verified
            .signed_headers
            .contains(&"x-amz-security-token".to_owned())
    );
}

pub async fn bedrock_streams_decode_from_the_event_stream<H: Harness>() {
    let server = MockServer::start();
    let client = bedrock_client::<H>(&server, 0);
    let mut stream = client.messages().stream(&params(MODEL)).await.unwrap();
    let text = stream.final_text().await.unwrap();
    assert!(text.contains("You said: Hello"), "{text}");
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        format!("/model/{MODEL}/invoke-with-response-stream")
    );
    bedrock::verify(&request).unwrap();

    let mut raw = client
        .messages()
        .create_stream(&params(MODEL))
        .await
        .unwrap();
    let mut last = None;
    while let Some(event) = raw.next_event().await {
        last = Some(event.unwrap());
    }
    assert_eq!(
        last,
        Some(StreamEvent::MessageStop {
            extra: Default::default()
        })
    );
}

pub async fn bedrock_retries_are_signed_anew<H: Harness>() {
    let server = MockServer::start();
    server.enqueue(
        bedrock::error(500, "InternalServerException", "boom").header("retry-after-ms", "1"),
    );
    server.enqueue(
        bedrock::error(503, "ServiceUnavailableException", "busy").header("retry-after-ms", "1"),
    );
    let client = bedrock_client::<H>(&server, 2);
    client.messages().create(&params(MODEL)).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut signatures = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        bedrock::verify(request).unwrap_or_else(|e| panic!("attempt {i}: {e}"));
        assert_eq!(
            request.header("x-stainless-retry-count"),
            Some(i.to_string().as_str())
        );
        signatures.push(request.header("authorization").unwrap().to_owned());
    }
    signatures.dedup();
    assert_eq!(signatures.len(), 3);
}

pub async fn bedrock_errors_and_exceptions_are_mapped<H: Harness>() {
    let server = MockServer::start();
    let client = bedrock_client::<H>(&server, 0);
    for (status, kind) in [
        (503, ApiErrorKind::ServiceUnavailable),
        (529, ApiErrorKind::InternalServer),
        (413, ApiErrorKind::Other),
    ] {
        server.enqueue(bedrock::error(status, "X", "nope"));
        let err = client.messages().create(&params(MODEL)).await.unwrap_err();
        assert_eq!(err.as_api().unwrap().kind(), kind, "{status}");
    }
    let events = sse::text_message(MODEL, "Hello there friend", 3);
    let cut = events.len() - 3;
    server.enqueue(bedrock::stream_with_exception(
        &events[..cut],
        "modelStreamErrorException",
        "bad",
    ));
    let mut stream = client
        .messages()
        .create_stream(&params(MODEL))
        .await
        .unwrap();
    let mut text = String::new();
    let error = loop {
        match stream.next_event().await {
            Some(Ok(StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Text { text: t, .. },
                ..
            })) => text.push_str(&t),
            Some(Ok(_)) => {}
            Some(Err(e)) => break e,
            None => panic!("the exception must end the stream with an error"),
        }
    };
    assert_eq!(text, "Hello there friend");
    let api = error.as_api().unwrap();
    assert_eq!(api.status().as_u16(), 424);
    let before = server.request_count();
    let err = client
        .messages()
        .count_tokens(&MessageCountTokensParams::from(params(MODEL)))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Token counting is not supported in Bedrock yet"
    );
    assert_eq!(server.request_count(), before);
}

fn vertex_options(server: &MockServer) -> VertexOptions {
    VertexOptions::new()
        .region("global")
        .project_id("envproj")
        .base_url(format!("{}/v1", server.url()))
}

pub async fn vertex_with_an_access_token<H: Harness>() {
    let server = MockServer::start();
    let client =
        VertexClient::<H::R>::new(vertex_options(&server).access_token("tok-given")).unwrap();
    let message = client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .await
        .unwrap();
    assert!(message.text().contains("You said: Hello"));
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        "/v1/projects/envproj/locations/global/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
    );
    assert_eq!(request.header("authorization"), Some("Bearer tok-given"));
    let text = client
        .messages()
        .stream(&params("claude-sonnet-4@20250514"))
        .await
        .unwrap()
        .final_text()
        .await
        .unwrap();
    assert!(text.contains("You said: Hello"));
    assert!(
        server
            .last_request()
            .unwrap()
            .path
            .ends_with(":streamRawPredict")
    );
    let count = client
        .messages()
        .count_tokens(&MessageCountTokensParams::from(params(
            "claude-sonnet-4@20250514",
        )))
        .await
        .unwrap();
    assert!(count.input_tokens > 0);
}

pub async fn vertex_service_account_and_metadata_tokens<H: Harness>() {
    let server = MockServer::start();
    let key = google::service_account_json(&format!("{}/token", server.url()));
    let (source, _) =
        google_auth::from_json(&key, Some(anthropic_platform::RingSigner::shared())).unwrap();
    let client = VertexClient::<H::R>::new(vertex_options(&server).token_source(source)).unwrap();
    client.messages().create(&params("m")).await.unwrap();
    client.messages().create(&params("m")).await.unwrap();
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path_only().to_owned())
        .collect();
    assert_eq!(
        paths.iter().filter(|p| *p == "/token").count(),
        1,
        "{paths:?}"
    );
    assert_eq!(paths[0], "/token");

    let server = MockServer::start();
    let source = Arc::new(MetadataServer::new(server.addr().to_string()));
    let client = VertexClient::<H::R>::new(vertex_options(&server).token_source(source)).unwrap();
    client.messages().create(&params("m")).await.unwrap();
    let requests = server.requests();
    assert!(
        requests[0]
            .path
            .starts_with("/computeMetadata/v1/instance/service-accounts/default/token")
    );
    assert!(
        requests[1]
            .header("authorization")
            .unwrap()
            .starts_with("Bearer ya29.mock-")
    );

    let server = MockServer::start();
    server.enqueue(MockResponse::json(
        400,
        serde_json::json!({"error": "invalid_grant"}),
    ));
    let user = google::authorized_user_json(&format!("{}/token", server.url()));
    let (source, _) = google_auth::from_json(&user, None).unwrap();
    let client = VertexClient::<H::R>::new(vertex_options(&server).token_source(source)).unwrap();
    let err = client.messages().create(&params("m")).await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(server.request_count(), 1);
}

pub async fn foundry_api_key_and_entra_tokens_per_attempt<H: Harness>() {
    let server = MockServer::start();
    let base = format!("{}/anthropic/", server.url());
    let client =
        FoundryClient::<H::R>::new(FoundryOptions::new().api_key("az-key").base_url(&base))
            .unwrap();
    client
        .messages()
        .create(&params("claude-sonnet-4-5"))
        .await
        .unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/anthropic/v1/messages");
    assert_eq!(request.header("api-key"), Some("az-key"));
    assert!(request.header("x-api-key").is_none());

    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider =
        FnTokenProvider(move || Ok(format!("aad{}", counter.fetch_add(1, Ordering::SeqCst) + 1)));
    server.enqueue(MockResponse::error(500, "api_error", "x").header("retry-after-ms", "1"));
    let client = FoundryClient::<H::R>::new(
        FoundryOptions::new()
            .azure_ad_token_provider(Arc::new(provider))
            .base_url(&base),
    )
    .unwrap();
    client
        .messages()
        .create(&params("claude-sonnet-4-5"))
        .await
        .unwrap();
    let auth: Vec<String> = server.requests()[1..]
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auth, ["Bearer aad1", "Bearer aad2"]);
}
