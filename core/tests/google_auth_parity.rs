//! Google token sources against google-auth 2.x, as `AnthropicVertex` 0.76.0 uses it:
//! a token fetched is used for the request that fetched it even when it is already inside
//! the 225 s early-expiry window (and refreshed again for the next), a token response
//! without `expires_in` never expires, an `authorized_user` file names no project, and a
//! service-account JWT's `aud` is Google's token endpoint whatever the file's `token_uri`.
//! Time is passed in; nothing here sleeps or opens a socket.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anthropic_core::endpoints::messages;
use anthropic_core::platform::google_auth::{
    self, AccessTokenSource, DEFAULT_TOKEN_URI, MetadataServer, Rs256Signer, TokenFetch, TokenPoll,
};
use anthropic_core::platform::vertex::NO_PROJECT;
use anthropic_core::platform::{CredentialStep, Platform, Vertex, VertexOptions};
use anthropic_core::types::{MessageCreateParams, MessageParam, Model};
use anthropic_core::{ClientConfig, Exchange, RequestOptions, Timestamp};
use base64::Engine as _;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Signs nothing: the signature is a fixed string (the claims are what is checked here).
#[derive(Debug)]
struct FakeSigner;

impl Rs256Signer for FakeSigner {
    fn sign(&self, _key: &[u8], _message: &[u8]) -> Result<Vec<u8>, String> {
        Ok(b"signature".to_vec())
    }
}

const TOKEN_URI: &str = "http://127.0.0.1:1/token";

fn service_account() -> Arc<dyn AccessTokenSource> {
    let key = serde_json::json!({
        "type": "service_account",
        "project_id": "sa-project",
        "private_key_id": "kid-1",
        "private_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "client_email": "sa@sa-project.iam.gserviceaccount.com",
        "token_uri": TOKEN_URI,
    });
    google_auth::from_json(&key.to_string(), Some(Arc::new(FakeSigner)))
        .unwrap()
        .0
}

const USER: &str = r#"{"type":"authorized_user","client_id":"cid","client_secret":"cs","refresh_token":"rt","quota_project_id":"quota-p","token_uri":"http://127.0.0.1:1/token"}"#;

fn authorized_user() -> Arc<dyn AccessTokenSource> {
    google_auth::from_json(USER, None).unwrap().0
}

fn metadata_server() -> Arc<dyn AccessTokenSource> {
    Arc::new(MetadataServer::new("127.0.0.1:1"))
}

/// Every source that fetches tokens, by name.
fn fetching_sources() -> Vec<(&'static str, Arc<dyn AccessTokenSource>)> {
    vec![
        ("service account", service_account()),
        ("authorized user", authorized_user()),
        ("metadata server", metadata_server()),
    ]
}

fn ready(poll: TokenPoll) -> String {
    match poll {
        TokenPoll::Ready(token) => token.expose().to_owned(),
        TokenPoll::Fetch(fetch) => {
            panic!("expected a token, got a fetch of {}", fetch.request.uri())
        }
    }
}

fn is_fetch(poll: TokenPoll) -> bool {
    matches!(poll, TokenPoll::Fetch(_))
}

/// One attempt's credential as the runtimes get it: ask, fetch (answering with `answer`),
/// ask again, at most [`TokenFetch::MAX_PER_ATTEMPT`] fetches. Returns the token and the
/// number of fetches, or the runtimes' "again and again" failure.
fn drive(
    source: &dyn AccessTokenSource,
    now: SystemTime,
    mut answer: impl FnMut() -> String,
) -> Result<(String, usize), String> {
    let mut fetches = 0;
    loop {
        match source.poll_token(now).map_err(|e| e.to_string())? {
            TokenPoll::Ready(token) => return Ok((token.expose().to_owned(), fetches)),
            TokenPoll::Fetch(_) if fetches == TokenFetch::MAX_PER_ATTEMPT => {
                return Err("the token source asked for a token request again and again".into());
            }
            TokenPoll::Fetch(_) => {
                fetches += 1;
                source
                    .handle_response(200, answer().as_bytes(), now)
                    .map_err(|e| e.to_string())?
            }
        }
    }
}

#[test]
fn a_token_shorter_than_the_refresh_margin_serves_the_request_that_fetched_it() {
    for (name, source) in fetching_sources() {
        // google-auth's `expired` is already true for a 100 s token (225 s margin), yet
        // Python sends the token it just got; the next request refreshes again.
        let mut n = 0;
        let mut answer = || {
            n += 1;
            format!(r#"{{"access_token":"short-{n}","expires_in":100}}"#)
        };
        for call in 1..=3 {
            let got = drive(source.as_ref(), at(1000 + call), &mut answer);
            assert_eq!(got, Ok((format!("short-{call}"), 1)), "{name}, call {call}");
        }
        // A token whose lifetime is already over when it arrives is still used once, as
        // Python uses whatever its refresh returned.
        let got = drive(source.as_ref(), at(5000), || {
            r#"{"access_token":"stale","expires_in":-5}"#.into()
        });
        assert_eq!(got, Ok(("stale".into(), 1)), "{name}");
        assert!(is_fetch(source.poll_token(at(5000)).unwrap()), "{name}");
    }
}

#[test]
fn short_tokens_through_the_vertex_platform_on_every_call() {
    for (name, source) in fetching_sources() {
        let platform = Platform::Vertex(Vertex {
            region: "us-east5".into(),
            project_id: Some("p".into()),
            tokens: source,
            metadata_project: None,
        });
        for call in 0..3u64 {
            let now = at(2000 + call);
            let mut fetches = 0;
            let token = loop {
                match platform.credential_step(now, &|_| None).unwrap() {
                    CredentialStep::Ready(credential) => break format!("{credential:?}"),
                    CredentialStep::Fetch(fetch) => {
                        fetches += 1;
                        assert!(fetches <= TokenFetch::MAX_PER_ATTEMPT, "{name}: loops");
                        let body = format!(r#"{{"access_token":"t{call}","expires_in":100}}"#);
                        platform
                            .handle_fetch(&fetch, 200, body.as_bytes(), now)
                            .unwrap();
                    }
                }
            };
            assert_eq!(fetches, 1, "{name}, call {call}: {token}");
        }
    }
}

#[test]
fn a_normal_token_is_reused_until_the_refresh_margin() {
    for (name, source) in fetching_sources() {
        assert!(is_fetch(source.poll_token(at(1000)).unwrap()), "{name}");
        source
            .handle_response(
                200,
                br#"{"access_token":"hour","expires_in":3600}"#,
                at(1000),
            )
            .unwrap();
        for t in [1000, 1001, 2000, 4374] {
            assert_eq!(
                ready(source.poll_token(at(t)).unwrap()),
                "hour",
                "{name} at {t}"
            );
        }
        // 225 s before the expiry (4600 - 225 = 4375) it is stale: refreshed, never handed
        // out again.
        assert!(is_fetch(source.poll_token(at(4375)).unwrap()), "{name}");
        assert!(is_fetch(source.poll_token(at(4376)).unwrap()), "{name}");
    }
}

#[test]
fn concurrent_refreshes_each_get_a_token() {
    // Two requests find the token stale and both fetch; both answers arrive before either
    // asks again: each must still get a token without a third fetch.
    let source = authorized_user();
    let body = br#"{"access_token":"short","expires_in":100}"#;
    assert!(is_fetch(source.poll_token(at(10)).unwrap()));
    assert!(is_fetch(source.poll_token(at(10)).unwrap()));
    source.handle_response(200, body, at(10)).unwrap();
    source.handle_response(200, body, at(10)).unwrap();
    assert_eq!(ready(source.poll_token(at(10)).unwrap()), "short");
    assert_eq!(ready(source.poll_token(at(10)).unwrap()), "short");
    assert!(is_fetch(source.poll_token(at(11)).unwrap()));
}

#[test]
fn a_token_without_expires_in_never_expires() {
    // google-auth's `_parse_expiry`: no `expires_in` (or `null`) → `expiry = None`, and
    // such credentials are never `expired`, so never refreshed.
    for body in [
        r#"{"access_token":"forever"}"#,
        r#"{"access_token":"forever","expires_in":null}"#,
    ] {
        for (name, source) in [
            ("service account", service_account()),
            ("authorized user", authorized_user()),
        ] {
            assert!(is_fetch(source.poll_token(at(0)).unwrap()));
            source.handle_response(200, body.as_bytes(), at(0)).unwrap();
            for t in [0, 3600, 3600 * 24 * 365 * 10] {
                assert_eq!(
                    ready(source.poll_token(at(t)).unwrap()),
                    "forever",
                    "{name} at {t}: {body}"
                );
            }
        }
    }
    // Some servers send `expires_in` as a string; google-auth reads it with `int()`.
    let source = authorized_user();
    source
        .handle_response(200, br#"{"access_token":"s","expires_in":"3600"}"#, at(0))
        .unwrap();
    assert_eq!(ready(source.poll_token(at(3000)).unwrap()), "s");
    assert!(is_fetch(source.poll_token(at(3375)).unwrap()));
    let e = authorized_user()
        .handle_response(200, br#"{"access_token":"s","expires_in":"soon"}"#, at(0))
        .unwrap_err();
    assert!(e.to_string().contains("expires_in"), "{e}");

    // The metadata server's token must have one: google-auth reads
    // `token_json["expires_in"]` and fails the refresh without it.
    let e = metadata_server()
        .handle_response(200, br#"{"access_token":"forever"}"#, at(0))
        .unwrap_err();
    assert!(e.to_string().contains("expires_in"), "{e}");
}

fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

fn files(path: &str) -> Option<String> {
    (path == "/keys/user.json" || path == "/cfg/application_default_credentials.json")
        .then(|| USER.to_owned())
}

#[test]
fn an_authorized_user_file_names_no_project() {
    // google-auth's `_get_authorized_user_credentials` returns `None` for the project; the
    // file's `quota_project_id` is for billing, never the project of the URL.
    assert_eq!(google_auth::from_json(USER, None).unwrap().1, None);
    for vars in [
        &[("GOOGLE_APPLICATION_CREDENTIALS", "/keys/user.json")][..],
        &[("CLOUDSDK_CONFIG", "/cfg")][..],
    ] {
        let adc = google_auth::application_default(&env(vars), &files, None).unwrap();
        assert_eq!(adc.project_id, None, "{vars:?}");
        assert!(adc.metadata_project.is_none(), "{vars:?}");
    }
    // The environment's project still applies.
    let adc = google_auth::application_default(
        &env(&[
            ("GOOGLE_APPLICATION_CREDENTIALS", "/keys/user.json"),
            ("GOOGLE_CLOUD_PROJECT", "env-project"),
        ]),
        &files,
        None,
    )
    .unwrap();
    assert_eq!(adc.project_id.as_deref(), Some("env-project"));
    // A service-account key still names its project.
    let key = serde_json::json!({
        "type": "service_account", "project_id": "sa-project", "private_key": "AAAA",
        "client_email": "sa@x", "token_uri": TOKEN_URI,
    });
    let (_, project) =
        google_auth::from_json(&key.to_string(), Some(Arc::new(FakeSigner))).unwrap();
    assert_eq!(project.as_deref(), Some("sa-project"));
}

#[test]
fn a_vertex_client_on_an_authorized_user_file_alone_has_pythons_no_project_error() {
    let config = VertexOptions::new()
        .region("us-east5")
        .resolve(
            ClientConfig::new(),
            &env(&[("GOOGLE_APPLICATION_CREDENTIALS", "/keys/user.json")]),
            &files,
            Arc::new(FakeSigner),
        )
        .unwrap();
    let params = MessageCreateParams {
        model: Model::new("claude-sonnet-4@20250514"),
        max_tokens: 1,
        messages: vec![MessageParam::user("Hello")],
        ..Default::default()
    };
    let call = messages::create(&params, false).unwrap();
    let err = Exchange::new(&config, call, &RequestOptions::new(), Timestamp::ZERO).unwrap_err();
    assert!(err.to_string().contains(NO_PROJECT), "{err}");
}

fn jwt_claims(fetch: &TokenFetch) -> serde_json::Value {
    let body = String::from_utf8(fetch.request.body().clone()).unwrap();
    let assertion = body
        .split('&')
        .find_map(|kv| kv.strip_prefix("assertion="))
        .expect("an assertion");
    let claims = assertion.split('.').nth(1).unwrap();
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(claims)
        .unwrap();
    serde_json::from_slice(&json).unwrap()
}

#[test]
fn a_service_account_jwt_is_for_googles_token_endpoint_wherever_it_is_posted() {
    // google-auth's `_make_authorization_grant_assertion`: `aud` is always
    // `https://oauth2.googleapis.com/token`; the request goes to the file's `token_uri`.
    let TokenPoll::Fetch(fetch) = service_account().poll_token(at(1000)).unwrap() else {
        panic!("a first poll fetches");
    };
    assert_eq!(fetch.request.uri().to_string(), TOKEN_URI);
    let claims = jwt_claims(&fetch);
    assert_eq!(claims["aud"], DEFAULT_TOKEN_URI);
    assert_eq!(claims["iss"], "sa@sa-project.iam.gserviceaccount.com");
    assert_eq!(claims["iat"], 1000);
    assert_eq!(claims["exp"], 4600);
}
