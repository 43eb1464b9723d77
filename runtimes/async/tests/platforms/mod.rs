//! The platform clients (Bedrock, Vertex, Foundry) over loopback against the mock, on every
//! client: every request signed or authorized as the platform wants (the mock verifies
//! SigV4 signatures from its test secret and RS256 JWTs from its test key), messages,
//! streaming, legacy completions on Bedrock, retries re-signed, token refresh through the
//! token endpoint and the metadata server, errors mapped per platform.
//!
//! Written once, as `async fn`s over `crate::{BedrockClient, VertexClient,
//! FoundryClient, Client}`, and included by the blocking client's `tests/platforms.rs` and by each
//! async runtime's, as the endpoint cases are (see `../endpoints/mod.rs` for what the
//! including crate defines: the client types, `aw!`, `mod prelude`, a `block_on`). A case's
//! helpers are plain functions, never `async fn`s: on the blocking client `aw!` does not
//! await.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[allow(unused_imports)]
use crate::prelude::*;
use crate::{BedrockClient, Client, FoundryClient, VertexClient};

use anthropic_core::platform::foundry::FnTokenProvider;
use anthropic_core::platform::google_auth::{self, MetadataServer};
use anthropic_core::platform::{BedrockOptions, FoundryOptions, VertexOptions};
use anthropic_core::stream::{ContentDelta, StreamEvent};
use anthropic_core::types::{
    AI_PROMPT, Completion, CompletionCreateParams, HUMAN_PROMPT, MessageCountTokensParams,
    MessageCreateParams,
};
use anthropic_core::{ApiErrorKind, ClientConfig, Error};
use anthropic_mock::{MockResponse, MockServer, bedrock, google, sse};

pub mod aws_sdk;

/// One `#[test]` per case, each run with `$block_on`.
macro_rules! platform_suite {
    ($block_on:path) => {
        platform_suite!($block_on;
            bedrock_messages_are_signed_and_answered,
            bedrock_streams_decode_from_the_event_stream,
            bedrock_completions_plain_and_streamed,
            bedrock_retries_are_signed_anew,
            bedrock_errors_map_as_pythons_bedrock_client,
            bedrock_stream_exceptions_are_typed_errors,
            unresolvable_aws_credentials_fail_before_sending,
            bedrock_credentials_from_the_container_endpoint,
            half_given_aws_keys_fail_before_sending,
            vertex_with_an_access_token,
            vertex_service_account_tokens_are_fetched_once_and_reused,
            vertex_tokens_from_the_metadata_server_and_refresh_errors,
            vertex_short_lived_and_unexpiring_tokens_as_google_auth,
            vertex_project_from_the_metadata_server,
            vertex_errors_map_as_pythons_vertex_client,
            foundry_api_key_and_entra_tokens_per_attempt,
            foundry_completions_beta_models_and_default_headers,
        );
        platform_suite!(@in aws_sdk, $block_on;
            static_keys_sign_requests_the_mock_verifies,
            a_closure_provider_is_asked_once_and_again_near_expiry,
            a_provider_that_would_wait_is_refused_until_refreshed,
            a_provider_error_fails_before_sending,
        );
    };
    (@in $module:ident, $block_on:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $block_on($crate::platforms::$module::$case())
            }
        )*
    };
    ($block_on:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $block_on($crate::platforms::$case())
            }
        )*
    };
}

const MODEL: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

fn params(model: &str) -> MessageCreateParams {
    MessageCreateParams::new(model, 256).user("Hello")
}

fn bedrock_options(server: &MockServer) -> BedrockOptions {
    BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key(bedrock::TEST_SECRET_KEY)
        .base_url(server.url())
}

fn bedrock_client(server: &MockServer, retries: u32) -> BedrockClient {
    BedrockClient::with_config(
        bedrock_options(server),
        ClientConfig::new().max_retries(retries),
    )
    .unwrap()
}

/// The text deltas of `events` up to the first error, and that error.
fn text_until_error(events: Vec<Result<StreamEvent, Error>>) -> (String, Option<Error>) {
    let mut text = String::new();
    for event in events {
        match event {
            Ok(StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Text { text: t, .. },
                ..
            }) => text.push_str(&t),
            Ok(_) => {}
            Err(e) => return (text, Some(e)),
        }
    }
    (text, None)
}

pub async fn bedrock_messages_are_signed_and_answered() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    let message = aw!(client.messages().create(&params(MODEL))).unwrap();
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

    // A session token is sent and signed.
    let client = BedrockClient::new(
        bedrock_options(&server)
            .aws_region("us-west-2")
            .aws_session_token("session-token-1"),
    )
    .unwrap();
    aw!(client.messages().create(&params(MODEL))).unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(
        request.header("x-amz-security-token"),
        Some("session-token-1")
    );
    let verified = bedrock::verify(&request).unwrap();
    assert_eq!(verified.region, "us-west-2");
    assert!(
        verified
            .signed_headers
            .contains(&"x-amz-security-token".to_owned())
    );
}

pub async fn bedrock_streams_decode_from_the_event_stream() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    let mut stream = aw!(client.messages().stream(&params(MODEL))).unwrap();
    let text = aw!(stream.final_text()).unwrap();
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
    let stream = aw!(client.messages().create_stream(&params(arn))).unwrap();
    let events: Vec<StreamEvent> = aw!(stream.collect::<Vec<_>>())
        .into_iter()
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

fn completion_params() -> CompletionCreateParams {
    CompletionCreateParams::new(
        "anthropic.claude-v2:1",
        64,
        format!("{HUMAN_PROMPT} Hi{AI_PROMPT}"),
    )
}

pub async fn bedrock_completions_plain_and_streamed() {
    let server = MockServer::start();
    let client = bedrock_client(&server, 0);
    let params = completion_params();
    let completion = aw!(client.completions().create(&params)).unwrap();
    assert_eq!(completion.completion, " You said: Hi");
    assert_eq!(completion.stop_reason.as_deref(), Some("stop_sequence"));
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/model/anthropic.claude-v2:1/invoke");
    // The body Python 0.76.0's `AnthropicBedrock().completions.create` sends.
    assert_eq!(
        request.body_text(),
        r#"{"max_tokens_to_sample":64,"prompt":"\n\nHuman: Hi\n\nAssistant:","anthropic_version":"bedrock-2023-05-31"}"#
    );
    bedrock::verify(&request).unwrap();

    // Streamed: Bedrock's chunks (no `type`) over the AWS event stream.
    let stream = aw!(client.completions().create_stream(&params)).unwrap();
    let pieces: Vec<Completion> = aw!(stream.collect::<Vec<_>>())
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        "/model/anthropic.claude-v2:1/invoke-with-response-stream"
    );
    assert!(request.json().get("stream").is_none());
    bedrock::verify(&request).unwrap();
    assert!(pieces.len() > 2, "{pieces:?}");
    let text: String = pieces.iter().map(|c| c.completion.as_str()).collect();
    assert_eq!(text, " You said: Hi");
    let (last, rest) = pieces.split_last().unwrap();
    assert!(rest.iter().all(|c| c.stop_reason.is_none()));
    assert_eq!(last.stop_reason.as_deref(), Some("stop_sequence"));
    assert_eq!(last.extra["stop"], "\n\nHuman:");

    // An exception frame after a piece: the piece, then the typed error, then the end.
    let mut body = bedrock::chunk(r#"{"completion":" Hi","stop_reason":null,"stop":null}"#);
    body.extend(bedrock::exception("modelStreamErrorException", "it broke"));
    server.enqueue(MockResponse::body(200, bedrock::EVENT_STREAM, body));
    let stream = aw!(client.completions().create_stream(&params)).unwrap();
    let items = aw!(stream.collect::<Vec<_>>());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().completion, " Hi");
    let api = items[1].as_ref().unwrap_err().as_api().unwrap();
    assert_eq!(api.status().as_u16(), 424);
    assert!(api.message().contains("modelStreamErrorException"));
}

pub async fn bedrock_retries_are_signed_anew() {
    let server = MockServer::start();
    server.enqueue(
        bedrock::error(500, "InternalServerException", "boom").header("retry-after-ms", "1"),
    );
    server.enqueue(
        bedrock::error(503, "ServiceUnavailableException", "busy").header("retry-after-ms", "1"),
    );
    let client = bedrock_client(&server, 2);
    aw!(client.messages().create(&params(MODEL))).unwrap();
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

pub async fn bedrock_errors_map_as_pythons_bedrock_client() {
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
        let err = aw!(client.messages().create(&params(MODEL))).unwrap_err();
        let api = err.as_api().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!((api.status().as_u16(), api.kind()), (status, kind));
        assert_eq!(
            api.message(),
            format!("Error code: {status} - {{\"message\":\"nope\"}}")
        );
    }
    // A wrong secret: the mock's verification fails, Bedrock's 403.
    let wrong = BedrockClient::new(bedrock_options(&server).aws_secret_key("wrong")).unwrap();
    let err = aw!(wrong.messages().create(&params(MODEL))).unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::PermissionDenied);
    assert!(err.to_string().contains("signature"), "{err}");
    assert!(!err.to_string().contains("wrong"), "{err}");
    // Endpoints Bedrock lacks fail before anything is sent.
    let before = server.request_count();
    let err = aw!(client
        .messages()
        .count_tokens(&MessageCountTokensParams::from(params(MODEL))))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Token counting is not supported in Bedrock yet"
    );
    assert_eq!(server.request_count(), before);
}

pub async fn bedrock_stream_exceptions_are_typed_errors() {
    let server = MockServer::start();
    let events = sse::text_message(MODEL, "Hello there friend", 3);
    let cut = events.len() - 3; // after the deltas, before content_block_stop
    let client = bedrock_client(&server, 0);
    for (exception, status, kind) in [
        ("throttlingException", 429, ApiErrorKind::RateLimit),
        ("modelStreamErrorException", 424, ApiErrorKind::Other),
    ] {
        server.enqueue(bedrock::stream_with_exception(
            &events[..cut],
            exception,
            "Too many requests",
        ));
        let stream = aw!(client.messages().create_stream(&params(MODEL))).unwrap();
        let (text, error) = text_until_error(aw!(stream.collect::<Vec<_>>()));
        assert_eq!(text, "Hello there friend");
        let error = error.expect("the exception ends the stream with an error");
        let api = error.as_api().unwrap();
        assert_eq!((api.status().as_u16(), api.kind()), (status, kind));
        assert!(api.message().contains(exception), "{}", api.message());
    }
}

pub async fn unresolvable_aws_credentials_fail_before_sending() {
    let server = MockServer::start();
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_profile("a-profile-nobody-has")
        .base_url(server.url());
    let client = BedrockClient::new(options).unwrap();
    let err = aw!(client.messages().create(&params(MODEL))).unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("could not resolve credentials from session"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0);
}

/// An environment lookup holding exactly `vars`.
fn environment(vars: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    }
}

/// A Bedrock client built from `vars` alone (no files), as `BedrockClient::new` would
/// resolve one in a process with that environment.
fn bedrock_from_env(vars: Vec<(&'static str, String)>, base_url: String) -> Client {
    let env = environment(vars);
    let config = BedrockOptions::new()
        .aws_region("us-east-1")
        .base_url(base_url)
        .resolve(ClientConfig::new().max_retries(0), &env, &|_| None);
    Client::new(config).unwrap()
}

pub async fn bedrock_credentials_from_the_container_endpoint() {
    // ECS / EKS Pod Identity: the keys come from the endpoint the environment names,
    // fetched before the first attempt with the token file's text as `Authorization`,
    // and held until 15 minutes before they expire.
    let server = MockServer::start();
    let expires = Arc::new(std::sync::Mutex::new("2999-01-01T00:00:00Z".to_owned()));
    let answer = Arc::clone(&expires);
    server.set_handler(move |request| {
        (request.path_only() == "/creds").then(|| {
            MockResponse::json(
                200,
                serde_json::json!({
                    "AccessKeyId": bedrock::TEST_ACCESS_KEY,
                    "SecretAccessKey": bedrock::TEST_SECRET_KEY,
                    "Token": "container-session-token",
                    "Expiration": *answer.lock().unwrap(),
                }),
            )
        })
    });
    let token_file = std::env::temp_dir().join(format!(
        "anthropic-container-token-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&token_file, "Bearer first").unwrap();
    let container_client = || {
        bedrock_from_env(
            vec![
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    format!("{}/creds", server.url()),
                ),
                (
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                    token_file.display().to_string(),
                ),
            ],
            server.url(),
        )
    };
    let client = container_client();
    for _ in 0..2 {
        aw!(client.messages().create(&params(MODEL))).unwrap();
    }
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path_only()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert_eq!(paths[0], "/creds", "fetched once, first");
    assert_eq!(requests[0].header("authorization"), Some("Bearer first"));
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    for api in &requests[1..] {
        assert!(api.path_only().starts_with("/model/"), "{}", api.path);
        assert_eq!(
            api.header("x-amz-security-token"),
            Some("container-session-token")
        );
        bedrock::verify(api).expect("signed with the fetched keys");
    }

    // Keys about to expire are fetched again, with the token file read anew (EKS rotates it).
    *expires.lock().unwrap() = "2000-01-01T00:00:00Z".to_owned();
    let server_requests = || server.requests().len();
    let client = container_client();
    let before = server_requests();
    aw!(client.messages().create(&params(MODEL))).unwrap();
    std::fs::write(&token_file, "Bearer rotated").unwrap();
    aw!(client.messages().create(&params(MODEL))).unwrap();
    let requests = server.requests();
    let fetches: Vec<_> = requests[before..]
        .iter()
        .filter(|r| r.path_only() == "/creds")
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(fetches, ["Bearer first", "Bearer rotated"]);
    std::fs::remove_file(&token_file).unwrap();

    // A full URI to a host credentials may not come from fails before anything is sent.
    let server = MockServer::start();
    let client = bedrock_from_env(
        vec![(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://metadata.example/creds".into(),
        )],
        server.url(),
    );
    let err = aw!(client.messages().create(&params(MODEL))).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Unsupported host 'metadata.example'"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0);
}

pub async fn half_given_aws_keys_fail_before_sending() {
    // An access key without its secret is not completed from the environment: that would
    // sign as another identity than the one named.
    let server = MockServer::start();
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .aws_access_key("AKIDHALF")
        .base_url(server.url());
    let env = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" => Some(bedrock::TEST_ACCESS_KEY.to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some(bedrock::TEST_SECRET_KEY.to_owned()),
        _ => None,
    };
    let config = options.resolve(ClientConfig::new(), &env, &|_| None);
    let client = Client::new(config).unwrap();
    let err = aw!(client.messages().create(&params(MODEL))).unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "`aws_access_key` was given without `aws_secret_key`"
    );
    assert_eq!(server.request_count(), 0);
}

fn vertex_options(server: &MockServer, region: &str) -> VertexOptions {
    VertexOptions::new()
        .region(region)
        .project_id("envproj")
        .base_url(format!("{}/v1", server.url()))
}

pub async fn vertex_with_an_access_token() {
    let server = MockServer::start();
    for region in ["europe-west1", "global"] {
        let options = vertex_options(&server, region).access_token("tok-given");
        let client = VertexClient::new(options).unwrap();
        let message = aw!(client
            .messages()
            .create(&params("claude-sonnet-4@20250514")))
        .unwrap();
        assert!(message.text().contains("You said: Hello"));
        let request = server.last_request().unwrap();
        assert_eq!(
            request.path,
            format!(
                "/v1/projects/envproj/locations/{region}/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
            )
        );
        assert_eq!(request.header("authorization"), Some("Bearer tok-given"));
        assert_eq!(request.json()["anthropic_version"], "vertex-2023-10-16");
    }
    let client =
        VertexClient::new(vertex_options(&server, "europe-west1").access_token("tok-given"))
            .unwrap();
    let mut stream = aw!(client
        .messages()
        .stream(&params("claude-sonnet-4@20250514")))
    .unwrap();
    let text = aw!(stream.final_text()).unwrap();
    assert!(text.contains("You said: Hello"));
    assert!(
        server
            .last_request()
            .unwrap()
            .path
            .ends_with(":streamRawPredict")
    );

    let count = aw!(client
        .messages()
        .count_tokens(&MessageCountTokensParams::from(params(
            "claude-sonnet-4@20250514",
        ))))
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

pub async fn vertex_service_account_tokens_are_fetched_once_and_reused() {
    let server = MockServer::start();
    let key = google::service_account_json(&format!("{}/token", server.url()));
    let (source, project) =
        google_auth::from_json(&key, Some(anthropic_platform::RingSigner::shared())).unwrap();
    assert_eq!(project.as_deref(), Some(google::TEST_PROJECT));
    let options = vertex_options(&server, "europe-west1").token_source(source);
    let client = VertexClient::new(options).unwrap();
    aw!(client
        .messages()
        .create(&params("claude-sonnet-4@20250514")))
    .unwrap();
    aw!(client
        .messages()
        .create(&params("claude-sonnet-4@20250514")))
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

pub async fn vertex_tokens_from_the_metadata_server_and_refresh_errors() {
    let server = MockServer::start();
    let source = Arc::new(MetadataServer::new(server.addr().to_string()));
    let options = vertex_options(&server, "europe-west1").token_source(source);
    let client = VertexClient::new(options).unwrap();
    aw!(client
        .messages()
        .create(&params("claude-sonnet-4@20250514")))
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
    server.enqueue(MockResponse::json(
        400,
        serde_json::json!({"error": "invalid_grant"}),
    ));
    let user = google::authorized_user_json(&format!("{}/token", server.url()));
    let (source, _) = google_auth::from_json(&user, None).unwrap();
    let options = vertex_options(&server, "europe-west1").token_source(source);
    let client = VertexClient::new(options).unwrap();
    let err = aw!(client
        .messages()
        .create(&params("claude-sonnet-4@20250514")))
    .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
    assert_eq!(server.request_count(), 1);
}

pub async fn vertex_short_lived_and_unexpiring_tokens_as_google_auth() {
    // A 100 s token is inside google-auth's 225 s early-expiry window the moment it
    // arrives: Python still sends it, and refreshes again for the next call.
    let server = MockServer::start();
    for n in 1..=2 {
        server.enqueue_for(
            "/token",
            MockResponse::json(
                200,
                serde_json::json!({"access_token": format!("short-{n}"), "expires_in": 100}),
            ),
        );
    }
    // A token with no `expires_in` never expires: fetched once, then reused.
    server.enqueue_for(
        "/token",
        MockResponse::json(200, serde_json::json!({"access_token": "forever"})),
    );
    let user = google::authorized_user_json(&format!("{}/token", server.url()));
    let (user, project) = google_auth::from_json(&user, None).unwrap();
    let key = google::service_account_json(&format!("{}/token", server.url()));
    let (key, _) =
        google_auth::from_json(&key, Some(anthropic_platform::RingSigner::shared())).unwrap();
    // The authorized user gets the two short tokens, the service account the lasting one.
    for source in [user, key] {
        let options = vertex_options(&server, "europe-west1").token_source(source);
        let client = VertexClient::new(options).unwrap();
        for _ in 0..2 {
            aw!(client
                .messages()
                .create(&params("claude-sonnet-4@20250514")))
            .unwrap();
        }
    }
    let requests = server.requests();
    let seen: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|r| (r.path_only(), r.header("authorization")))
        .collect();
    let api = "/v1/projects/envproj/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict";
    assert_eq!(
        seen,
        [
            ("/token", None),
            (api, Some("Bearer short-1")),
            ("/token", None),
            (api, Some("Bearer short-2")),
            ("/token", None),
            (api, Some("Bearer forever")),
            (api, Some("Bearer forever")),
        ]
    );
    assert_eq!(project, None, "an authorized_user file names no project");
}

/// A Vertex client resolved as `VertexClient::new` resolves one, with this environment
/// and no credential files.
fn vertex_from_env(vars: Vec<(&'static str, String)>, base_url: String) -> Client {
    let env = environment(vars);
    let config = VertexOptions::new()
        .region("us-east5")
        .base_url(base_url)
        .resolve(
            ClientConfig::new().max_retries(0),
            &env,
            &|_| None,
            anthropic_platform::RingSigner::shared(),
        )
        .unwrap();
    Client::new(config).unwrap()
}

pub async fn vertex_project_from_the_metadata_server() {
    // Application Default Credentials fall back to the metadata server (here the mock's,
    // through GCE_METADATA_HOST); with no project configured, the machine's project is
    // looked up there once, before the first request.
    let server = MockServer::start();
    let base = format!("{}/v1", server.url());
    let host = server.addr().to_string();
    let client = vertex_from_env(vec![("GCE_METADATA_HOST", host.clone())], base.clone());
    for _ in 0..2 {
        let message = aw!(client
            .messages()
            .create(&params("claude-sonnet-4@20250514")))
        .unwrap();
        assert!(message.text().contains("You said: Hello"));
    }
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path_only()).collect();
    assert_eq!(
        paths,
        [
            "/computeMetadata/v1/project/project-id",
            "/computeMetadata/v1/instance/service-accounts/default/token",
            "/v1/projects/mock-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict",
            "/v1/projects/mock-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict",
        ]
    );
    assert_eq!(requests[0].header("metadata-flavor"), Some("Google"));
    assert_eq!(google::TEST_PROJECT, "mock-project");

    // A project in the environment wins, and the server is not asked for one.
    let server = MockServer::start();
    let client = vertex_from_env(
        vec![
            ("GCE_METADATA_HOST", server.addr().to_string()),
            ("ANTHROPIC_VERTEX_PROJECT_ID", "env-project".into()),
        ],
        format!("{}/v1", server.url()),
    );
    aw!(client.messages().create(&params("m"))).unwrap();
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path_only().to_owned())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths[1].starts_with("/v1/projects/env-project/"),
        "{paths:?}"
    );

    // A server that names no project: Python's error, and no API request.
    let server = MockServer::start();
    server.enqueue(MockResponse::body(404, "text/html", "Not Found"));
    let client = vertex_from_env(
        vec![("GCE_METADATA_HOST", server.addr().to_string())],
        format!("{}/v1", server.url()),
    );
    let err = aw!(client.messages().create(&params("m"))).unwrap_err();
    assert!(
        err.to_string().starts_with("No project_id was given"),
        "{err}"
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.path_only().starts_with("/computeMetadata/")),
        "no API request was sent"
    );
}

pub async fn vertex_errors_map_as_pythons_vertex_client() {
    let server = MockServer::start();
    let client = VertexClient::with_config(
        vertex_options(&server, "europe-west1").access_token("t"),
        ClientConfig::new().max_retries(0),
    )
    .unwrap();
    for (status, kind) in [
        (504, ApiErrorKind::DeadlineExceeded),
        (503, ApiErrorKind::ServiceUnavailable),
        (529, ApiErrorKind::InternalServer),
    ] {
        server.enqueue(MockResponse::error(status, "api_error", "x"));
        let err = aw!(client.messages().create(&params("m"))).unwrap_err();
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

pub async fn foundry_api_key_and_entra_tokens_per_attempt() {
    let server = MockServer::start();
    let base = format!("{}/anthropic/", server.url());
    let client =
        FoundryClient::new(FoundryOptions::new().api_key("az-key").base_url(&base)).unwrap();
    let message = aw!(client.messages().create(&params("claude-sonnet-4-5"))).unwrap();
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
    server.enqueue(MockResponse::error(500, "api_error", "x").header("retry-after-ms", "1"));
    let client = FoundryClient::new(
        FoundryOptions::new()
            .azure_ad_token_provider(Arc::new(provider))
            .base_url(&base),
    )
    .unwrap();
    let mut stream = aw!(client.messages().stream(&params("claude-sonnet-4-5"))).unwrap();
    let text = aw!(stream.final_text()).unwrap();
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

/// Python's Foundry client keeps the first-party `completions` and `beta.models`, and puts
/// its `api-key` over the client's default headers.
pub async fn foundry_completions_beta_models_and_default_headers() {
    let server = MockServer::start();
    let base = format!("{}/anthropic/", server.url());
    let config = ClientConfig::new()
        .default_header("api-key", "from-defaults")
        .api_key("sk-ant-first-party");
    let client = FoundryClient::with_config(
        FoundryOptions::new().api_key("az-key").base_url(&base),
        config,
    )
    .unwrap();
    let params =
        CompletionCreateParams::new("claude-2.1", 64, format!("{HUMAN_PROMPT} Hi{AI_PROMPT}"));
    let completion = aw!(client.completions().create(&params)).unwrap();
    assert!(completion.completion.contains("Hi"), "{completion:?}");
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/anthropic/v1/complete");
    assert_eq!(request.header("api-key"), Some("az-key"));
    assert!(request.header("x-api-key").is_none());

    let model = aw!(client.beta().models().retrieve("claude-sonnet-4-5")).unwrap();
    assert!(model.id.starts_with("claude-sonnet-4-5"), "{model:?}");
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        "/anthropic/v1/models/claude-sonnet-4-5?beta=true"
    );
    assert_eq!(request.header("api-key"), Some("az-key"));
}
