//! The Bedrock, Vertex and Foundry clients over loopback against the mock server: every
//! request signed or authorized as the platform wants (the mock verifies SigV4 from its
//! test secret and RS256 JWTs from its test key), messages, streaming, retries re-signed,
//! token refresh through the token endpoint and the metadata server, errors mapped per
//! platform.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anthropic_blocking::{
    ApiErrorKind, BedrockClient, ClientConfig, Error, FoundryClient, VertexClient,
};
use anthropic_core::platform::foundry::FnTokenProvider;
use anthropic_core::platform::google_auth::{self, MetadataServer};
use anthropic_core::platform::{BedrockOptions, FoundryOptions, VertexOptions};
use anthropic_core::stream::{ContentDelta, StreamEvent};
use anthropic_core::types::{MessageCountTokensParams, MessageCreateParams};
use anthropic_mock::{MockServer, bedrock, google, sse};

const MODEL: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

fn params(model: &str) -> MessageCreateParams {
    MessageCreateParams::new(model, 256).user("Hello")
}

fn bedrock_client(server: &MockServer, retries: u32) -> BedrockClient {
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key(bedrock::TEST_SECRET_KEY)
        .base_url(server.url());
    BedrockClient::with_config(options, ClientConfig::new().max_retries(retries)).unwrap()
}

#[test]
fn bedrock_messages_are_signed_and_answered() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    let message = client.messages().create(&params(MODEL)).unwrap();
    assert!(
        message.text().contains("You said: Hello"),
        "{}",
        message.text()
    );
    let request = server.last_request().unwrap();
    assert_eq!(request.path, format!("/model/{MODEL}/invoke"));
    assert_eq!(request.json()["anthropic_version"], "bedrock-2023-05-31");
    assert!(request.json().get("model").is_none());
    assert!(request.header("x-api-key").is_none());
    let verified = bedrock::verify(&request).expect("the mock verifies the signature");
    assert_eq!(verified.region, "us-east-1");
    assert!(verified.signed_headers.contains(&"host".to_owned()));
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("AnthropicBedrock/Rust")
    );
}

#[test]
fn bedrock_streams_decode_from_the_event_stream() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    let mut stream = client.messages().stream(&params(MODEL)).unwrap();
    let text = stream.final_text().unwrap();
    assert!(text.contains("You said: Hello"), "{text}");
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        format!("/model/{MODEL}/invoke-with-response-stream")
    );
    assert!(request.json().get("stream").is_none());
    bedrock::verify(&request).unwrap();

    // The raw stream, with a model id that needs encoding.
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude x";
    let events: Vec<StreamEvent> = client
        .messages()
        .create_stream(&params(arn))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        events.last(),
        Some(&StreamEvent::MessageStop {
            extra: Default::default()
        })
    );
    let request = server.last_request().unwrap();
    assert!(
        request
            .path
            .contains("inference-profile%2Fus.anthropic.claude%20x"),
        "{}",
        request.path
    );
    bedrock::verify(&request).unwrap();
}

#[test]
fn bedrock_retries_are_signed_anew() {
    let server = MockServer::start();
    server.enqueue(
        bedrock::error(500, "InternalServerException", "boom").header("retry-after-ms", "1"),
    );
    server.enqueue(
        bedrock::error(503, "ServiceUnavailableException", "busy").header("retry-after-ms", "1"),
    );
    let client = bedrock_client(&server, 2);
    client.messages().create(&params(MODEL)).unwrap();
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
    assert_eq!(signatures.len(), 3, "each attempt has its own signature");
}

#[test]
fn bedrock_errors_map_as_pythons_bedrock_client() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    for (status, kind) in [
        (503, ApiErrorKind::ServiceUnavailable),
        (529, ApiErrorKind::InternalServer),
        (413, ApiErrorKind::Other),
        (429, ApiErrorKind::RateLimit),
        (400, ApiErrorKind::BadRequest),
    ] {
        server.enqueue(bedrock::error(status, "X", "nope"));
        let err = client.messages().create(&params(MODEL)).unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!((api.status().as_u16(), api.kind()), (status, kind));
        assert_eq!(
            api.message(),
            format!("Error code: {status} - {{\"message\":\"nope\"}}")
        );
    }
    // A wrong secret: the mock's verification fails, Bedrock's 403.
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key("wrong")
        .base_url(server.url());
    let wrong = BedrockClient::new(options).unwrap();
    let err = wrong.messages().create(&params(MODEL)).unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::PermissionDenied);
    assert!(err.to_string().contains("signature"), "{err}");
    assert!(!err.to_string().contains("wrong"), "{err}");
    // Endpoints Bedrock lacks fail before anything is sent.
    let before = server.request_count();
    let err = client
        .messages()
        .count_tokens(&MessageCountTokensParams::from(params(MODEL)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Token counting is not supported in Bedrock yet"
    );
    assert_eq!(server.request_count(), before);
}

#[test]
fn bedrock_stream_exceptions_are_typed_errors() {
    let server = MockServer::start();
    let events = sse::text_message(MODEL, "Hello there friend", 3);
    let cut = events.len() - 3; // after the deltas, before content_block_stop
    server.enqueue(bedrock::stream_with_exception(
        &events[..cut],
        "throttlingException",
        "Too many requests",
    ));
    let client = bedrock_client(&server, 0);
    let mut text = String::new();
    let mut error = None;
    for event in client.messages().create_stream(&params(MODEL)).unwrap() {
        match event {
            Ok(StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Text { text: t, .. },
                ..
            }) => text.push_str(&t),
            Ok(_) => {}
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    assert_eq!(text, "Hello there friend");
    let error = error.expect("the exception ends the stream");
    let api = error.as_api().unwrap();
    assert_eq!(
        (api.status().as_u16(), api.kind()),
        (429, ApiErrorKind::RateLimit)
    );
    assert!(
        api.message().contains("throttlingException"),
        "{}",
        api.message()
    );
}

#[test]
fn unresolvable_aws_credentials_fail_before_sending() {
    let server = MockServer::start();
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_profile("a-profile-nobody-has")
        .base_url(server.url());
    let client = BedrockClient::new(options).unwrap();
    let err = client.messages().create(&params(MODEL)).unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("could not resolve credentials from session"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0);
}

fn vertex_options(server: &MockServer) -> VertexOptions {
    VertexOptions::new()
        .region("europe-west1")
        .project_id("envproj")
        .base_url(format!("{}/v1", server.url()))
}

#[test]
fn vertex_with_an_access_token() {
    let server = MockServer::start();
    let client = VertexClient::new(vertex_options(&server).access_token("tok-given")).unwrap();
    let message = client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .unwrap();
    assert!(message.text().contains("You said: Hello"));
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        "/v1/projects/envproj/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
    );
    assert_eq!(request.header("authorization"), Some("Bearer tok-given"));
    assert_eq!(request.json()["anthropic_version"], "vertex-2023-10-16");

    let text = client
        .messages()
        .stream(&params("claude-sonnet-4@20250514"))
        .unwrap()
        .final_text()
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
        .unwrap();
    assert!(count.input_tokens > 0);
    assert!(
        server
            .last_request()
            .unwrap()
            .path
            .ends_with("/models/count-tokens:rawPredict")
    );
}

#[test]
fn vertex_service_account_tokens_are_fetched_once_and_reused() {
    let server = MockServer::start();
    let key = google::service_account_json(&format!("{}/token", server.url()));
    let (source, project) =
        google_auth::from_json(&key, Some(anthropic_platform::RingSigner::shared())).unwrap();
    assert_eq!(project.as_deref(), Some(google::TEST_PROJECT));
    let client = VertexClient::new(vertex_options(&server).token_source(source)).unwrap();
    client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .unwrap();
    client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .unwrap();
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path_only()).collect();
    assert_eq!(paths[0], "/token", "{paths:?}");
    assert_eq!(
        paths.iter().filter(|p| **p == "/token").count(),
        1,
        "{paths:?}"
    );
    let token = format!(
        "Bearer ya29.mock-{}",
        requests[0].request_id.trim_start_matches("req_mock_")
    );
    assert_eq!(requests[1].header("authorization"), Some(token.as_str()));
    assert_eq!(requests[2].header("authorization"), Some(token.as_str()));
    assert!(
        requests[0]
            .body_text()
            .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
    );
}

#[test]
fn vertex_tokens_from_the_metadata_server_and_refresh_errors() {
    let server = MockServer::start();
    let source = Arc::new(MetadataServer::new(server.addr().to_string()));
    let client = VertexClient::new(vertex_options(&server).token_source(source)).unwrap();
    client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].path_only(),
        "/computeMetadata/v1/instance/service-accounts/default/token"
    );
    assert_eq!(requests[0].header("metadata-flavor"), Some("Google"));
    assert!(
        requests[1]
            .header("authorization")
            .unwrap()
            .starts_with("Bearer ya29.mock-")
    );

    // A token endpoint that refuses: a credentials error, and the API is never called.
    let server = MockServer::start();
    server.enqueue(anthropic_mock::MockResponse::json(
        400,
        serde_json::json!({"error": "invalid_grant"}),
    ));
    let user = google::authorized_user_json(&format!("{}/token", server.url()));
    let (source, _) = google_auth::from_json(&user, None).unwrap();
    let client = VertexClient::new(vertex_options(&server).token_source(source)).unwrap();
    let err = client
        .messages()
        .create(&params("claude-sonnet-4@20250514"))
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn vertex_errors_map_as_pythons_vertex_client() {
    let server = MockServer::start();
    let client = VertexClient::with_config(
        vertex_options(&server).access_token("t"),
        ClientConfig::new().max_retries(0),
    )
    .unwrap();
    for (status, kind) in [
        (504, ApiErrorKind::DeadlineExceeded),
        (503, ApiErrorKind::ServiceUnavailable),
        (529, ApiErrorKind::InternalServer),
    ] {
        server.enqueue(anthropic_mock::MockResponse::error(
            status,
            "api_error",
            "x",
        ));
        let err = client.messages().create(&params("m")).unwrap_err();
        assert_eq!(err.as_api().unwrap().kind(), kind, "{status}");
    }
    let err = VertexClient::new(VertexOptions::new().access_token("t").project_id("p"));
    if std::env::var("CLOUD_ML_REGION").is_err() {
        assert!(
            err.unwrap_err()
                .to_string()
                .starts_with("No region was given.")
        );
    }
}

#[test]
fn foundry_api_key_and_entra_tokens_per_attempt() {
    let server = MockServer::start();
    let base = format!("{}/anthropic/", server.url());
    let client =
        FoundryClient::new(FoundryOptions::new().api_key("az-key").base_url(&base)).unwrap();
    let message = client
        .messages()
        .create(&params("claude-sonnet-4-5"))
        .unwrap();
    assert!(message.text().contains("You said: Hello"));
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/anthropic/v1/messages");
    assert_eq!(request.header("api-key"), Some("az-key"));
    assert!(request.header("x-api-key").is_none());
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(request.json()["model"], "claude-sonnet-4-5");

    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider =
        FnTokenProvider(move || Ok(format!("aad{}", counter.fetch_add(1, Ordering::SeqCst) + 1)));
    server.enqueue(
        anthropic_mock::MockResponse::error(500, "api_error", "x").header("retry-after-ms", "1"),
    );
    let client = FoundryClient::new(
        FoundryOptions::new()
            .azure_ad_token_provider(Arc::new(provider))
            .base_url(&base),
    )
    .unwrap();
    let text = client
        .messages()
        .stream(&params("claude-sonnet-4-5"))
        .unwrap()
        .final_text()
        .unwrap();
    assert!(text.contains("You said: Hello"));
    let requests = server.requests();
    let auth: Vec<_> = requests[1..]
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(auth, ["Bearer aad1", "Bearer aad2"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let err = FoundryClient::new(FoundryOptions::new().resource("r").base_url(&base));
    if std::env::var("ANTHROPIC_FOUNDRY_API_KEY").is_err() {
        assert_eq!(
            err.unwrap_err().to_string(),
            "Missing credentials. Please pass one of `api_key`, `azure_ad_token_provider`, or the `ANTHROPIC_FOUNDRY_API_KEY` environment variable."
        );
    }
}
