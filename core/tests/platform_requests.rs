//! Platform requests through the exchange: Bedrock, Vertex and Foundry rewriting, auth on
//! every attempt (a retry is re-signed with its own time and re-authorized with the
//! provider's current token), refusals, and each platform's status → error table.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anthropic_core::endpoints::{completions, messages, models};
use anthropic_core::platform::aws_credentials::StaticCredentials;
use anthropic_core::platform::foundry::{self, FnTokenProvider, FoundrySettings};
use anthropic_core::platform::gce_project::MetadataProject;
use anthropic_core::platform::google_auth::{
    AccessTokenSource, GivenToken, MetadataServer, Rs256Signer, TokenPoll,
};
use anthropic_core::platform::vertex::NO_PROJECT;
use anthropic_core::platform::{
    AwsCredentials, Bedrock, Credential, CredentialStep, Platform, Vertex, VertexOptions,
};
use anthropic_core::types::{
    AI_PROMPT, CompletionCreateParams, HUMAN_PROMPT, MessageCountTokensParams, MessageCreateParams,
    MessageParam, Model,
};
use anthropic_core::{
    ApiErrorKind, ClientConfig, Error, Exchange, Moment, RequestOptions, Timestamp,
};
use http::{HeaderMap, StatusCode};

fn params(model: &str) -> MessageCreateParams {
    MessageCreateParams {
        model: Model::new(model),
        max_tokens: 256,
        messages: vec![MessageParam::user("Hello")],
        ..Default::default()
    }
}

fn bedrock() -> ClientConfig {
    let credentials =
        AwsCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    ClientConfig::new()
        .base_url("https://bedrock-runtime.us-east-1.amazonaws.com")
        .platform(Platform::Bedrock(Bedrock {
            region: "us-east-1".into(),
            credentials: Arc::new(StaticCredentials::new(credentials)),
        }))
}

fn credential(exchange: &Exchange<impl Sized>, at: SystemTime) -> Option<Credential> {
    let platform = exchange.credential_source()?.clone();
    match platform.credential_step(at, &|_| None).unwrap() {
        CredentialStep::Ready(c) => Some(c),
        CredentialStep::Fetch(_) => panic!("no fetch expected"),
    }
}

struct Sent {
    uri: String,
    headers: HeaderMap,
    body: serde_json::Value,
}

fn send<T>(exchange: &mut Exchange<T>, at: SystemTime) -> Sent {
    let c = credential(exchange, at);
    let attempt = exchange
        .start_attempt_with(Timestamp::ZERO, at, c.as_ref())
        .unwrap();
    Sent {
        uri: attempt.request.uri().to_string(),
        headers: attempt.request.headers().clone(),
        body: serde_json::from_slice(attempt.request.body()).unwrap_or_default(),
    }
}

fn moment() -> Moment {
    Moment {
        now: Timestamp::ZERO,
        wall: SystemTime::now(),
        random: 0.0,
    }
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn bedrock_rewrites_the_call_as_python_does() {
    let call =
        messages::create(&params("anthropic.claude-3-5-sonnet-20241022-v2:0"), false).unwrap();
    let mut exchange =
        Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(1_736_942_400));
    assert_eq!(
        sent.uri,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke"
    );
    assert_eq!(
        sent.body.to_string(),
        r#"{"max_tokens":256,"messages":[{"role":"user","content":"Hello"}],"anthropic_version":"bedrock-2023-05-31"}"#
    );
    assert!(sent.headers.get("x-api-key").is_none());
    assert!(sent.headers.get("anthropic-version").is_none());
    assert_eq!(sent.headers["x-amz-date"], "20250115T120000Z");
    assert_eq!(
        sent.headers["host"],
        "bedrock-runtime.us-east-1.amazonaws.com"
    );
    let auth = sent.headers["authorization"].to_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250115/us-east-1/bedrock/aws4_request, SignedHeaders=accept;accept-encoding;content-type;host;x-amz-date;x-stainless-arch;"), "{auth}");
    assert!(
        sent.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("AnthropicBedrock/Rust ")
    );
}

#[test]
fn bedrock_streams_betas_and_encoded_models() {
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude x";
    let call = messages::create_stream(&params(arn).betas(["b1", "b2"]), true).unwrap();
    let mut exchange =
        Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(0));
    assert_eq!(
        sent.uri,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.anthropic.claude%20x/invoke-with-response-stream"
    );
    assert_eq!(sent.body["anthropic_beta"], serde_json::json!(["b1", "b2"]));
    assert!(sent.body.get("stream").is_none() && sent.body.get("model").is_none());
    assert_eq!(sent.headers["anthropic-beta"], "b1,b2");
    // The per-request header wins, unsplit-trimmed like Python; a default beta is not copied.
    let config = bedrock().default_header("anthropic-beta", "dflt");
    let options = RequestOptions::new().header("anthropic-beta", "a, b");
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    assert_eq!(
        send(&mut exchange, at(0)).body["anthropic_beta"],
        serde_json::json!(["a", " b"])
    );
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert!(
        send(&mut exchange, at(0))
            .body
            .get("anthropic_beta")
            .is_none()
    );
    // Extra body fields are merged after the rewriting.
    let options = RequestOptions::new().body_field("anthropic_version", "custom".into());
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange = Exchange::new(&bedrock(), call, &options, Timestamp::ZERO).unwrap();
    assert_eq!(
        send(&mut exchange, at(0)).body["anthropic_version"],
        "custom"
    );
}

#[test]
fn bedrock_completions_go_to_invoke_as_pythons_do() {
    // Python 0.76.0's `AnthropicBedrock().completions.create(...)`, plain and streamed,
    // sends exactly these URLs and bodies (checked side by side).
    let params = CompletionCreateParams::new(
        "anthropic.claude-v2:1",
        5,
        format!("{HUMAN_PROMPT} Hi{AI_PROMPT}"),
    );
    let base = "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v2:1";
    let body = r#"{"max_tokens_to_sample":5,"prompt":"\n\nHuman: Hi\n\nAssistant:","anthropic_version":"bedrock-2023-05-31"}"#;

    let call = completions::create(&params).unwrap();
    let mut exchange =
        Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(0));
    assert_eq!(sent.uri, format!("{base}/invoke"));
    assert_eq!(sent.body.to_string(), body);
    assert!(
        sent.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256 ")
    );

    let call = completions::create_stream(&params).unwrap();
    let mut exchange =
        Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert_eq!(
        exchange.stream_framing(),
        anthropic_core::stream::StreamFraming::AwsEventStream
    );
    let sent = send(&mut exchange, at(0));
    assert_eq!(sent.uri, format!("{base}/invoke-with-response-stream"));
    assert_eq!(sent.body.to_string(), body);
}

#[test]
fn bedrock_refuses_count_tokens_and_batches() {
    let count = MessageCountTokensParams::from(params("m"));
    let call = messages::count_tokens(&count, false).unwrap();
    let err = Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Token counting is not supported in Bedrock yet"
    );
}

#[test]
fn every_retry_is_signed_anew() {
    let rotating = Arc::new(Rotating(AtomicUsize::new(0)));
    let config = ClientConfig::new()
        .base_url("https://bedrock-runtime.us-east-1.amazonaws.com")
        .platform(Platform::Bedrock(Bedrock {
            region: "us-east-1".into(),
            credentials: rotating.clone(),
        }));
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let first = send(&mut exchange, at(1_736_942_400));
    let outcome = exchange.handle_head(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HeaderMap::new(),
        moment(),
    );
    assert!(matches!(outcome, anthropic_core::HeadOutcome::Retry(_)));
    let second = send(&mut exchange, at(1_736_942_401));
    assert_eq!(first.headers["x-stainless-retry-count"], "0");
    assert_eq!(second.headers["x-stainless-retry-count"], "1");
    assert_eq!(first.headers["x-amz-date"], "20250115T120000Z");
    assert_eq!(second.headers["x-amz-date"], "20250115T120001Z");
    assert_ne!(
        first.headers["authorization"],
        second.headers["authorization"]
    );
    assert!(
        first.headers["authorization"]
            .to_str()
            .unwrap()
            .contains("Credential=AKID0/")
    );
    assert!(
        second.headers["authorization"]
            .to_str()
            .unwrap()
            .contains("Credential=AKID1/")
    );
    assert_eq!(second.headers["x-amz-security-token"], "token-1");
    assert_eq!(rotating.0.load(Ordering::SeqCst), 2);
}

#[derive(Debug)]
struct Rotating(AtomicUsize);

impl anthropic_core::platform::AwsCredentialsProvider for Rotating {
    fn credentials(&self, _now: SystemTime) -> Result<AwsCredentials, Error> {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Ok(AwsCredentials::new(format!("AKID{n}"), "s").session_token(format!("token-{n}")))
    }
}

#[test]
fn unresolvable_aws_credentials_fail_before_sending() {
    let failing = StaticCredentials::from_resolution(Err(Error::Credentials(
        "could not resolve credentials from session".into(),
    )));
    let config = ClientConfig::new()
        .base_url("https://x")
        .platform(Platform::Bedrock(Bedrock {
            region: "us-east-1".into(),
            credentials: Arc::new(failing),
        }));
    let call = messages::create(&params("m"), false).unwrap();
    let exchange = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let err = exchange
        .credential_source()
        .unwrap()
        .credential_step(at(0), &|_| None)
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)));
    assert_eq!(
        err.to_string(),
        "could not resolve credentials from session"
    );
    // Starting an attempt without the credential is refused too.
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&bedrock(), call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert!(matches!(
        exchange.start_attempt(Timestamp::ZERO),
        Err(Error::Credentials(_))
    ));
}

fn status_kinds(platform: ClientConfig) -> Vec<ApiErrorKind> {
    [400, 413, 429, 500, 503, 504, 529]
        .into_iter()
        .map(|code| {
            let call = messages::create(&params("m"), false).unwrap();
            let exchange =
                Exchange::new(&platform, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
            let err = exchange.fail(StatusCode::from_u16(code).unwrap(), HeaderMap::new(), b"{}");
            err.as_api().unwrap().kind()
        })
        .collect()
}

fn vertex(tokens: Arc<dyn AccessTokenSource>, project: Option<&str>) -> ClientConfig {
    ClientConfig::new()
        .base_url("https://europe-west1-aiplatform.googleapis.com/v1")
        .platform(Platform::Vertex(Vertex {
            region: "europe-west1".into(),
            project_id: project.map(str::to_owned),
            tokens,
            metadata_project: None,
        }))
}

/// A Foundry client's configuration for the resource `res`.
fn foundry_config(settings: FoundrySettings) -> ClientConfig {
    let settings = FoundrySettings {
        resource: Some("res".into()),
        ..settings
    };
    let (base, foundry) = foundry::resolve(settings, &|_| None).unwrap();
    ClientConfig::new()
        .base_url(base)
        .platform(Platform::Foundry(foundry))
}

fn foundry_key() -> ClientConfig {
    foundry_config(FoundrySettings {
        api_key: Some("k".into()),
        ..Default::default()
    })
}

#[test]
fn each_platform_maps_statuses_as_its_python_client() {
    use ApiErrorKind::*;
    assert_eq!(
        status_kinds(bedrock()),
        [
            BadRequest,
            Other,
            RateLimit,
            InternalServer,
            ServiceUnavailable,
            InternalServer,
            InternalServer
        ]
    );
    assert_eq!(
        status_kinds(vertex(Arc::new(GivenToken("t".into())), Some("p"))),
        [
            BadRequest,
            Other,
            RateLimit,
            InternalServer,
            ServiceUnavailable,
            DeadlineExceeded,
            InternalServer
        ]
    );
    assert_eq!(
        status_kinds(foundry_key()),
        [
            BadRequest,
            RequestTooLarge,
            RateLimit,
            InternalServer,
            InternalServer,
            InternalServer,
            Overloaded
        ]
    );
}

/// A Vertex client whose credentials are the metadata server's and whose project is
/// unknown: it will be looked up on that server.
fn vertex_on_gce() -> (ClientConfig, Arc<MetadataProject>) {
    let lookup = Arc::new(MetadataProject::new("169.254.169.254"));
    let config = ClientConfig::new()
        .base_url("https://aiplatform.googleapis.com/v1")
        .platform(Platform::Vertex(Vertex {
            region: "global".into(),
            project_id: None,
            tokens: Arc::new(MetadataServer::new("169.254.169.254")),
            metadata_project: Some(lookup.clone()),
        }));
    (config, lookup)
}

/// Drives the credential steps of `exchange` at `now`, answering each request with
/// `answer(uri)`; returns the URIs asked for and the credential.
fn drive_steps(
    exchange: &Exchange<impl Sized>,
    now: SystemTime,
    answer: impl Fn(&str) -> (u16, &'static str),
) -> (Vec<String>, Credential) {
    let platform = exchange.credential_source().unwrap().clone();
    let mut asked = Vec::new();
    loop {
        match platform.credential_step(now, &|_| None).unwrap() {
            CredentialStep::Ready(c) => return (asked, c),
            CredentialStep::Fetch(fetch) => {
                let uri = fetch.request.uri().to_string();
                assert_eq!(fetch.request.headers()["metadata-flavor"], "Google");
                let (status, body) = answer(&uri);
                asked.push(uri);
                platform
                    .handle_fetch(&fetch, status, body.as_bytes(), now)
                    .unwrap();
                assert!(asked.len() <= 3, "{asked:?}");
            }
        }
    }
}

const GCE_TOKEN: &str = r#"{"access_token":"ya29.gce","expires_in":3600,"token_type":"Bearer"}"#;

fn gce_answer(uri: &str) -> (u16, &'static str) {
    if uri.ends_with("/computeMetadata/v1/project/project-id") {
        (200, "gce-project-7\n")
    } else {
        assert!(uri.contains("/service-accounts/default/token"), "{uri}");
        (200, GCE_TOKEN)
    }
}

#[test]
fn vertex_project_from_the_metadata_server() {
    let (config, lookup) = vertex_on_gce();
    let call = messages::create(&params("claude-sonnet-4@20250514"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    // The project is asked for first, then the token; the first attempt's URL has it.
    let (asked, credential) = drive_steps(&exchange, at(1000), gce_answer);
    assert_eq!(
        asked,
        [
            "http://169.254.169.254/computeMetadata/v1/project/project-id",
            "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token?scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform",
        ]
    );
    let attempt = exchange
        .start_attempt_with(Timestamp::ZERO, at(1000), Some(&credential))
        .unwrap();
    assert_eq!(
        attempt.request.uri().to_string(),
        "https://aiplatform.googleapis.com/v1/projects/gce-project-7/locations/global/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
    );
    assert_eq!(
        attempt.request.headers()["authorization"],
        "Bearer ya29.gce"
    );
    let body: serde_json::Value = serde_json::from_slice(attempt.request.body()).unwrap();
    assert_eq!(body["anthropic_version"], "vertex-2023-10-16");
    assert!(body.get("model").is_none());
    assert_eq!(lookup.project_id().as_deref(), Some("gce-project-7"));

    // The next call asks for nothing: the project and the token are known.
    let count = MessageCountTokensParams::from(params("m"));
    let call = messages::count_tokens(&count, false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let (asked, credential) = drive_steps(&exchange, at(1001), |uri| panic!("asked {uri}"));
    assert!(asked.is_empty());
    let attempt = exchange
        .start_attempt_with(Timestamp::ZERO, at(1001), Some(&credential))
        .unwrap();
    assert!(
        attempt
            .request
            .uri()
            .path()
            .starts_with("/v1/projects/gce-project-7/locations/global/"),
        "{}",
        attempt.request.uri()
    );

    // Endpoints Vertex lacks are still refused before anything is fetched.
    let (config, lookup) = vertex_on_gce();
    let call = anthropic_core::endpoints::models::retrieve("m", &[], false).unwrap();
    let err = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert!(err.to_string().contains("not supported"), "{err}");
    assert!(lookup.is_pending());
}

#[test]
fn vertex_without_a_project_from_the_metadata_server_keeps_pythons_error() {
    let (config, _) = vertex_on_gce();
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let (asked, credential) = drive_steps(&exchange, at(0), |uri| {
        if uri.ends_with("/project/project-id") {
            (404, "Not Found")
        } else {
            (200, GCE_TOKEN)
        }
    });
    assert_eq!(asked.len(), 2);
    let err = exchange
        .start_attempt_with(Timestamp::ZERO, at(0), Some(&credential))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("No project_id was given and it could not be resolved from credentials."),
        "{err}"
    );
    // The lookup is not repeated: the machine names no project, so the next call fails
    // before anything is fetched or sent.
    let call = messages::create(&params("m"), false).unwrap();
    let err = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert!(
        err.to_string().starts_with("No project_id was given"),
        "{err}"
    );
}

#[test]
fn vertex_urls_bodies_and_tokens() {
    let config = vertex(Arc::new(GivenToken("tok".into())), Some("envproj"));
    let mut p = params("claude-sonnet-4@20250514");
    p.max_tokens = 1;
    let call = messages::create(&p, false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(0));
    assert_eq!(
        sent.uri,
        "https://europe-west1-aiplatform.googleapis.com/v1/projects/envproj/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"
    );
    assert_eq!(
        sent.body.to_string(),
        r#"{"max_tokens":1,"messages":[{"role":"user","content":"Hello"}],"anthropic_version":"vertex-2023-10-16"}"#
    );
    assert_eq!(sent.headers["authorization"], "Bearer tok");
    assert!(
        sent.headers.get("x-api-key").is_none() && sent.headers.get("anthropic-version").is_none()
    );

    let call = messages::stream(&params("claude-sonnet-4@20250514"), true).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(0));
    assert!(
        sent.uri
            .ends_with("/models/claude-sonnet-4@20250514:streamRawPredict"),
        "{}",
        sent.uri
    );
    assert_eq!(sent.body["stream"], true);

    let count = MessageCountTokensParams::from(params("claude-sonnet-4@20250514").betas(["b1"]));
    let call = messages::count_tokens(&count, true).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let sent = send(&mut exchange, at(0));
    assert!(
        sent.uri
            .ends_with("/publishers/anthropic/models/count-tokens:rawPredict"),
        "{}",
        sent.uri
    );
    assert_eq!(sent.body["model"], "claude-sonnet-4@20250514");
    assert_eq!(sent.body["anthropic_version"], "vertex-2023-10-16");
    assert_eq!(
        sent.headers["anthropic-beta"],
        "b1,token-counting-2024-11-01"
    );

    // A caller's own authorization header is left alone, and no token is asked for.
    let options = RequestOptions::new().header("authorization", "Bearer OVERRIDE");
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    assert!(exchange.credential_source().is_none());
    let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
    assert_eq!(
        attempt.request.headers()["authorization"],
        "Bearer OVERRIDE"
    );
}

#[test]
fn vertex_model_ids_are_escaped_as_httpx_escapes_them() {
    // The paths Python 0.76.0 sends (httpx 0.29's path set): `%` and an existing escape
    // stay, `|^[]\` stay, `` ` ``, `{`, `}`, `"`, `<`, `>`, space and non-ASCII are escaped.
    // `#` and `?` are escaped too, where Python would end the path at them.
    let config = vertex(Arc::new(GivenToken("tok".into())), Some("p"));
    for (model, path) in [
        ("a%2Fb", "a%2Fb"),
        ("a%zzb", "a%zzb"),
        ("a%", "a%"),
        ("x[y]z", "x[y]z"),
        ("q|^`{}\"<>\\", "q|^%60%7B%7D%22%3C%3E\\"),
        ("d e/f@g:h+&=~!$'()*,;", "d%20e/f@g:h+&=~!$'()*,;"),
        ("é", "%C3%A9"),
        ("h#frag", "h%23frag"),
        ("k?q=1", "k%3Fq=1"),
    ] {
        let call = messages::create(&params(model), false).unwrap();
        let mut exchange =
            Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
        let sent = send(&mut exchange, at(0));
        let expected = format!("/publishers/anthropic/models/{path}:rawPredict");
        assert!(sent.uri.ends_with(&expected), "{model}: {}", sent.uri);
    }
}

#[test]
fn vertex_without_a_project_keeps_pythons_error() {
    let config = vertex(Arc::new(GivenToken("tok".into())), None);
    let call = messages::create(&params("m"), false).unwrap();
    let err = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("No project_id was given and it could not be resolved from credentials.")
    );
}

#[derive(Debug)]
struct CountingSource(Mutex<Vec<String>>);

impl AccessTokenSource for CountingSource {
    fn poll_token(&self, _now: SystemTime) -> Result<TokenPoll, Error> {
        let mut tokens = self.0.lock().unwrap();
        Ok(TokenPoll::Ready(tokens.remove(0).into()))
    }
}

#[test]
fn token_providers_are_asked_on_every_attempt() {
    let source = Arc::new(CountingSource(Mutex::new(vec!["t1".into(), "t2".into()])));
    let config = vertex(source, Some("p"));
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    assert_eq!(
        send(&mut exchange, at(0)).headers["authorization"],
        "Bearer t1"
    );
    exchange.handle_head(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HeaderMap::new(),
        moment(),
    );
    assert_eq!(
        send(&mut exchange, at(1)).headers["authorization"],
        "Bearer t2"
    );

    let calls = Arc::new(AtomicUsize::new(0));
    let config = foundry_with_provider(calls.clone());
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange =
        Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
    let first = send(&mut exchange, at(0));
    assert_eq!(
        first.uri,
        "https://res.services.ai.azure.com/anthropic/v1/messages"
    );
    assert_eq!(first.headers["authorization"], "Bearer aad1");
    assert_eq!(first.headers["anthropic-version"], "2023-06-01");
    assert!(first.headers.get("api-key").is_none() && first.headers.get("x-api-key").is_none());
    exchange.handle_head(
        StatusCode::INTERNAL_SERVER_ERROR,
        &HeaderMap::new(),
        moment(),
    );
    assert_eq!(
        send(&mut exchange, at(1)).headers["authorization"],
        "Bearer aad2"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn foundry_api_key_and_construction_errors() {
    let call = messages::create(&params("m"), false).unwrap();
    let mut exchange = Exchange::new(
        &foundry_key(),
        call,
        &RequestOptions::new(),
        Timestamp::ZERO,
    )
    .unwrap();
    assert!(exchange.credential_source().is_none());
    let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
    assert_eq!(attempt.request.headers()["api-key"], "k");
    assert!(attempt.request.headers().get("x-api-key").is_none());
    assert_eq!(attempt.request.body_json_model(), "m");

    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let err = |settings: FoundrySettings, vars: &'static [(&'static str, &'static str)]| {
        foundry::resolve(settings, &env(vars))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(FoundrySettings::default(), &[]),
        foundry::MISSING_CREDENTIALS
    );
    assert_eq!(
        err(
            FoundrySettings::default(),
            &[("ANTHROPIC_FOUNDRY_API_KEY", "k")]
        ),
        foundry::MISSING_BASE_URL
    );
    assert_eq!(
        err(
            FoundrySettings {
                base_url: Some("https://x/".into()),
                ..Default::default()
            },
            &[
                ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
                ("ANTHROPIC_FOUNDRY_RESOURCE", "r")
            ]
        ),
        foundry::BOTH_BASE_URL_AND_RESOURCE
    );
    let (base, _) = foundry::resolve(
        FoundrySettings::default(),
        &env(&[
            ("ANTHROPIC_FOUNDRY_API_KEY", "k"),
            (
                "ANTHROPIC_FOUNDRY_BASE_URL",
                "http://127.0.0.1:1/anthropic/",
            ),
        ]),
    )
    .unwrap();
    assert_eq!(base, "http://127.0.0.1:1/anthropic/");
}

trait BodyModel {
    fn body_json_model(&self) -> String;
}

impl BodyModel for http::Request<&[u8]> {
    fn body_json_model(&self) -> String {
        let v: serde_json::Value = serde_json::from_slice(self.body()).unwrap();
        v["model"].as_str().unwrap_or("").to_owned()
    }
}

fn foundry_with_provider(calls: Arc<AtomicUsize>) -> ClientConfig {
    let provider = FnTokenProvider(move || {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(format!("aad{n}"))
    });
    foundry_config(FoundrySettings {
        token_provider: Some(Arc::new(provider)),
        ..Default::default()
    })
}

/// Python's Foundry client puts its credential in the request's own headers
/// (`_prepare_options`): over the client's default headers, under the caller's.
#[test]
fn foundry_credentials_go_over_default_headers_and_under_the_requests() {
    let sent = |config: &ClientConfig, options: &RequestOptions| {
        let call = messages::create(&params("m"), false).unwrap();
        let mut exchange = Exchange::new(config, call, options, Timestamp::ZERO).unwrap();
        send(&mut exchange, at(0)).headers
    };
    let none = RequestOptions::new();

    let keyed = foundry_key().default_header("api-key", "DH");
    assert_eq!(sent(&keyed, &none)["api-key"], "k");
    let own = RequestOptions::new().header("api-key", "R");
    assert_eq!(sent(&keyed, &own)["api-key"], "R");

    let calls = Arc::new(AtomicUsize::new(0));
    let tokened = foundry_with_provider(calls.clone()).default_header("authorization", "Bearer DH");
    assert_eq!(sent(&tokened, &none)["authorization"], "Bearer aad1");
    let own = RequestOptions::new().header("authorization", "Bearer R");
    assert_eq!(sent(&tokened, &own)["authorization"], "Bearer R");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "a caller's token needs no provider"
    );
}

/// A platform client authenticates its own way: a first-party key or token in the
/// configuration (as `ClientConfig::from_env` reads them) is never sent there.
#[test]
fn platform_clients_never_send_the_first_party_key_or_token() {
    let with_first_party = |config: ClientConfig| config.api_key("sk-ant").auth_token("at");
    let sent = |config: ClientConfig| {
        let call = messages::create(&params("m"), false).unwrap();
        let mut exchange =
            Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap();
        send(&mut exchange, at(0)).headers
    };

    let bedrock = sent(with_first_party(bedrock()));
    assert!(bedrock.get("x-api-key").is_none());
    let signature = bedrock["authorization"].to_str().unwrap();
    assert!(signature.starts_with("AWS4-HMAC-SHA256 "), "{signature}");
    assert!(!signature.contains("x-api-key"), "{signature}");

    let vertex = sent(with_first_party(vertex(
        Arc::new(GivenToken("google".into())),
        Some("p"),
    )));
    assert!(vertex.get("x-api-key").is_none());
    assert_eq!(vertex["authorization"], "Bearer google");

    let foundry = sent(with_first_party(foundry_key()));
    assert!(foundry.get("x-api-key").is_none());
    assert!(foundry.get("authorization").is_none());
    assert_eq!(foundry["api-key"], "k");
}

/// Bedrock and Vertex drop the beta endpoint's own `?beta=true`, not a `beta` parameter
/// of the caller's (Python removes it from the URL, not from the params).
#[test]
fn a_callers_beta_query_parameter_survives_bedrock_and_vertex() {
    let options = RequestOptions::new().query("beta", "x");
    let uri = |config: ClientConfig, options: &RequestOptions| {
        let call = messages::create(&params("m"), false).unwrap().beta(true);
        let mut exchange = Exchange::new(&config, call, options, Timestamp::ZERO).unwrap();
        send(&mut exchange, at(0)).uri
    };
    let bedrock_uri = uri(bedrock().default_query("d", "1"), &options);
    assert!(
        bedrock_uri.ends_with("/model/m/invoke?d=1&beta=x"),
        "{bedrock_uri}"
    );
    let bedrock_uri = uri(bedrock(), &RequestOptions::new());
    assert!(bedrock_uri.ends_with("/model/m/invoke"), "{bedrock_uri}");

    let google = || vertex(Arc::new(GivenToken("t".into())), Some("p"));
    let vertex_uri = uri(google().default_query("d", "1"), &options);
    assert!(
        vertex_uri.ends_with("/models/m:rawPredict?d=1&beta=x"),
        "{vertex_uri}"
    );
    let vertex_uri = uri(google(), &RequestOptions::new());
    assert!(vertex_uri.ends_with("/models/m:rawPredict"), "{vertex_uri}");
}

/// Python's Foundry client sets `models` to `None` but keeps `beta.models`.
#[test]
fn foundry_refuses_the_ga_models_endpoints_but_not_the_beta_ones() {
    let exchange = |beta: bool| {
        let call = models::retrieve("claude-x", &[], beta).unwrap();
        Exchange::new(
            &foundry_key(),
            call,
            &RequestOptions::new(),
            Timestamp::ZERO,
        )
    };
    let err = exchange(false).unwrap_err();
    assert!(
        err.to_string()
            .contains("The Models API is not supported in the Foundry client"),
        "{err}"
    );
    let sent = send(&mut exchange(true).unwrap(), at(0));
    assert_eq!(
        sent.uri,
        "https://res.services.ai.azure.com/anthropic/v1/models/claude-x?beta=true"
    );
    assert_eq!(sent.headers["api-key"], "k");
}

/// An empty variable is no setting: Python reads `ANTHROPIC_VERTEX_PROJECT_ID` with
/// `if project_id:`, and an empty Foundry key leaves it no credential to send.
#[test]
fn empty_platform_variables_count_as_unset() {
    let err = foundry::resolve(
        FoundrySettings {
            resource: Some("res".into()),
            ..Default::default()
        },
        &|name| (name == "ANTHROPIC_FOUNDRY_API_KEY").then(String::new),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), foundry::MISSING_CREDENTIALS);

    let config = VertexOptions::new()
        .region("us-east5")
        .access_token("t")
        .resolve(
            ClientConfig::new(),
            &|name| (name == "ANTHROPIC_VERTEX_PROJECT_ID").then(String::new),
            &|_| None,
            Arc::new(NoSigner),
        )
        .unwrap();
    let call = messages::create(&params("m"), false).unwrap();
    let err = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert!(err.to_string().contains(NO_PROJECT), "{err}");
}

/// A signer for configurations that hold no service-account key.
#[derive(Debug)]
struct NoSigner;

impl Rs256Signer for NoSigner {
    fn sign(&self, _key: &[u8], _message: &[u8]) -> Result<Vec<u8>, String> {
        Err("no key is configured".into())
    }
}
