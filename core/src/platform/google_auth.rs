//! Google access tokens for Vertex AI, sans-IO: a source says either "here is a token" or
//! "send this request to get one"; the driver sends it and hands the response back.
//!
//! Sources ([`AccessTokenSource`]):
//!
//! | source | token request |
//! |---|---|
//! | [`GivenToken`] (`access_token`) | none: the token is used as is, never refreshed |
//! | [`ServiceAccount`] (a `service_account` key file) | `POST token_uri` with a JWT (RS256, signed by the [`Rs256Signer`] the driver provides) |
//! | [`AuthorizedUser`] (`gcloud auth application-default login`) | `POST token_uri` with the refresh token |
//! | [`MetadataServer`] (on Google Cloud) | `GET http://{GCE_METADATA_HOST}/computeMetadata/v1/instance/service-accounts/default/token` |
//!
//! [`application_default`] finds Application Default Credentials as google-auth does:
//! `GOOGLE_APPLICATION_CREDENTIALS`, then gcloud's `application_default_credentials.json`,
//! then the metadata server. It also yields the project id the credentials name
//! (`GOOGLE_CLOUD_PROJECT` / `GCLOUD_PROJECT`, else a service-account key's `project_id`),
//! used when the client has none; for the metadata server's credentials, the lookup of the
//! machine's project on that server ([`super::gce_project`]). An `authorized_user` file
//! names no project, as in google-auth (its `quota_project_id` is a billing project, not
//! the one in the URL). google-auth would then ask `gcloud config` for one; a pure core
//! runs no program, so without a project in the client options or the environment the
//! call fails with Python's "No project_id was given…" error.
//!
//! # Token endpoints
//!
//! A service account's request goes to the key file's `token_uri` (Google's endpoint
//! when it names none), and its JWT's `aud` is always [`DEFAULT_TOKEN_URI`], as
//! google-auth signs it. An authorized user's request goes to the file's `token_uri`
//! too, where google-auth always uses [`DEFAULT_TOKEN_URI`]: a deliberate deviation, kept
//! because it is the one way to send that refresh elsewhere (the offline tests point it at
//! a local server); files `gcloud` writes name no `token_uri`, so they behave the same.
//!
//! # Refresh
//!
//! A source answers from its cache as google-auth's `credentials.expired` decides, with
//! time as an argument (tests move it):
//!
//! - A fetched token expires `expires_in` seconds after its response arrived, and is
//!   refreshed once `now` is within [`REFRESH_MARGIN`] of that (google-auth's 3 min 45 s
//!   threshold), so a request never carries a token about to expire.
//! - A token response without `expires_in` (or with `null`) gives a token that never
//!   expires and is never refreshed (google-auth's `expiry = None`). From the metadata
//!   server, whose answers always carry one, its absence fails the refresh, as in
//!   google-auth.
//! - Every token response taken is owed one hand-out, even when its token is already
//!   within the margin (a lifetime under 225 s) or past its expiry: the poll after a
//!   [`TokenPoll::Fetch`] is answered [`TokenPoll::Ready`], so a driver's
//!   ask–fetch–ask loop always ends after one fetch. Python likewise sends the token its
//!   refresh returned; later requests find it stale and refresh again. Responses and
//!   hand-outs are counted, not matched to callers: when concurrent requests all
//!   refresh, each response lets one poll through (a token held fresh answers everyone).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde::Deserialize;

use super::gce_project::MetadataProject;
use super::refresh;
use crate::error::Error;
use crate::request::url::encode_query;
use crate::secret::Secret;

/// The OAuth scope requested for Vertex AI.
pub const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
/// Google's token endpoint: where a credentials file naming no `token_uri` posts, and the
/// `aud` of every service-account JWT.
pub const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// How long before its expiry a token is refreshed.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(225);
/// The metadata server's host unless `GCE_METADATA_HOST` says otherwise.
pub const DEFAULT_METADATA_HOST: &str = "metadata.google.internal";

/// A request the driver must send to obtain a token; its response goes back to the
/// source's [`AccessTokenSource::handle_response`].
#[derive(Debug)]
pub struct TokenFetch {
    /// The request (absolute URI, headers, body). Its body may hold a signed assertion or
    /// a refresh token: never log it.
    pub request: http::Request<Vec<u8>>,
    /// Sent straight to its host, never through a proxy, whatever the environment says:
    /// the AWS container endpoint, which botocore never proxies (a proxy cannot reach the
    /// link-local address, and would see the endpoint's token in clear). Google's token
    /// requests go through the proxy the client would use, as google-auth's do.
    pub direct: bool,
}

impl TokenFetch {
    /// The most token requests a driver sends for one attempt before giving up (a source
    /// that keeps asking is broken).
    pub const MAX_PER_ATTEMPT: usize = 3;

    /// The request as an attempt for the driver's transport, with the limits a token
    /// request gets: 5 s to connect, 30 s per read or write, 60 s in all.
    pub fn attempt(&self) -> crate::Attempt<'_> {
        let mut request = http::Request::new(self.request.body().as_slice());
        *request.method_mut() = self.request.method().clone();
        *request.uri_mut() = self.request.uri().clone();
        *request.headers_mut() = self.request.headers().clone();
        crate::Attempt {
            request,
            timeout: crate::Timeout {
                connect: Some(Duration::from_secs(5)),
                read: Some(Duration::from_secs(30)),
                write: Some(Duration::from_secs(30)),
                total: Some(Duration::from_secs(60)),
            },
            form: None,
        }
    }

    /// The largest token response read.
    pub const MAX_RESPONSE: u64 = 1 << 20;
}

/// What a source answers.
#[derive(Debug)]
pub enum TokenPoll {
    /// A valid token.
    Ready(Secret),
    /// Fetch one first.
    Fetch(Box<TokenFetch>),
}

/// A source of Google access tokens, asked before every attempt.
pub trait AccessTokenSource: Send + Sync + fmt::Debug {
    /// A token valid at `now`, or the request that gets one.
    fn poll_token(&self, now: SystemTime) -> Result<TokenPoll, Error>;

    /// The response to the last [`TokenPoll::Fetch`], received at `now`.
    fn handle_response(&self, status: u16, body: &[u8], now: SystemTime) -> Result<(), Error> {
        let _ = (status, body, now);
        Err(Error::Credentials(
            "this token source does not fetch tokens".into(),
        ))
    }
}

/// Signs with RSASSA-PKCS1-v1_5 and SHA-256 (JWT `RS256`). Implemented outside the core
/// (on ring, in the runtime crates), because a pure core cannot hold a crypto library
/// that draws random numbers.
pub trait Rs256Signer: Send + Sync + fmt::Debug {
    /// The signature of `message` with the PKCS#8 DER private key `key`.
    fn sign(&self, key: &[u8], message: &[u8]) -> Result<Vec<u8>, String>;
}

/// A fixed token (`access_token`): never refreshed.
#[derive(Debug, Clone)]
pub struct GivenToken(pub Secret);

impl AccessTokenSource for GivenToken {
    fn poll_token(&self, _now: SystemTime) -> Result<TokenPoll, Error> {
        Ok(TokenPoll::Ready(self.0.clone()))
    }
}

/// Whether a token response must carry `expires_in`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpiresIn {
    /// OAuth token endpoints (google-auth's `_parse_expiry`): without it, the token never
    /// expires.
    Optional,
    /// The metadata server (google-auth reads `token_json["expires_in"]`): without it, the
    /// refresh fails.
    Required,
}

/// The token a source holds, refreshed [`REFRESH_MARGIN`] before its expiry.
#[derive(Debug)]
struct Cache(refresh::Cache<Secret>);

impl Default for Cache {
    fn default() -> Self {
        Cache(refresh::Cache::new(REFRESH_MARGIN))
    }
}

impl Cache {
    /// The token to use at `now`, or `None` when one must be fetched.
    fn take(&self, now: SystemTime) -> Option<Secret> {
        self.0.take(now)
    }

    fn store(
        &self,
        status: u16,
        body: &[u8],
        now: SystemTime,
        expires_in: ExpiresIn,
    ) -> Result<(), Error> {
        #[derive(Deserialize)]
        struct TokenResponse {
            access_token: Option<String>,
            expires_in: Option<serde_json::Value>,
        }
        if !(200..300).contains(&status) {
            return Err(Error::Credentials(format!(
                "the token endpoint answered {status}: {}",
                refresh::excerpt(body)
            )));
        }
        let response: TokenResponse = serde_json::from_slice(body).map_err(|e| {
            Error::Credentials(format!("the token endpoint's answer is not a token: {e}"))
        })?;
        let token = response
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::Credentials("Could not resolve API token from the environment".into())
            })?;
        let expiry = match lifetime(response.expires_in.as_ref())? {
            Some(seconds) => Some(expiry_after(now, seconds)),
            None if expires_in == ExpiresIn::Required => {
                return Err(Error::Credentials(
                    "the metadata server's token has no `expires_in`".into(),
                ));
            }
            None => None,
        };
        self.0.hold(Secret::new(token), expiry);
        Ok(())
    }
}

/// A response's `expires_in` in seconds: a number, or a string holding an integer (some
/// servers send one; google-auth reads it with `int()`). `None` when absent or `null`.
fn lifetime(value: Option<&serde_json::Value>) -> Result<Option<f64>, Error> {
    use serde_json::Value;
    let seconds = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok().map(|s| s as f64),
        Some(_) => None,
    };
    match seconds {
        Some(seconds) if seconds.is_finite() => Ok(Some(seconds)),
        _ => Err(Error::Credentials(format!(
            "the token endpoint's `expires_in` is not a number of seconds: {}",
            value.map_or(String::new(), |v| v.to_string())
        ))),
    }
}

/// `now + seconds` (negative: in the past), bounded so that it cannot overflow.
fn expiry_after(now: SystemTime, seconds: f64) -> SystemTime {
    let span = Duration::from_secs_f64(seconds.abs().min(1e9));
    if seconds >= 0.0 {
        now.checked_add(span).unwrap_or(now)
    } else {
        now.checked_sub(span).unwrap_or(now)
    }
}

/// A service-account key (`"type": "service_account"`).
pub struct ServiceAccount {
    client_email: String,
    private_key_id: Option<String>,
    /// PKCS#8 DER; never printed (`Debug` leaves it out).
    key_der: Vec<u8>,
    token_uri: String,
    signer: Arc<dyn Rs256Signer>,
    cache: Cache,
}

impl fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("client_email", &self.client_email)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl ServiceAccount {
    /// The signed JWT assertion for a token request at `now`.
    pub fn assertion(&self, now: SystemTime) -> Result<String, Error> {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let iat = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
        if let Some(kid) = &self.private_key_id {
            header["kid"] = kid.clone().into();
        }
        let claims = serde_json::json!({
            "iss": self.client_email,
            "scope": SCOPE,
            // google-auth's audience, whatever `token_uri` the request is posted to.
            "aud": DEFAULT_TOKEN_URI,
            "iat": iat,
            "exp": iat + 3600,
        });
        let signing_input = format!(
            "{}.{}",
            b64.encode(header.to_string()),
            b64.encode(claims.to_string())
        );
        let signature = self
            .signer
            .sign(&self.key_der, signing_input.as_bytes())
            .map_err(|e| {
                Error::Credentials(format!("could not sign the service-account JWT: {e}"))
            })?;
        Ok(format!("{signing_input}.{}", b64.encode(signature)))
    }
}

impl AccessTokenSource for ServiceAccount {
    fn poll_token(&self, now: SystemTime) -> Result<TokenPoll, Error> {
        if let Some(token) = self.cache.take(now) {
            return Ok(TokenPoll::Ready(token));
        }
        let body = encode_query(&[
            (
                "grant_type".into(),
                "urn:ietf:params:oauth:grant-type:jwt-bearer".into(),
            ),
            ("assertion".into(), self.assertion(now)?),
        ]);
        Ok(TokenPoll::Fetch(Box::new(form_post(
            &self.token_uri,
            body,
        )?)))
    }

    fn handle_response(&self, status: u16, body: &[u8], now: SystemTime) -> Result<(), Error> {
        self.cache.store(status, body, now, ExpiresIn::Optional)
    }
}

/// A user's refresh token (`"type": "authorized_user"`).
pub struct AuthorizedUser {
    client_id: String,
    client_secret: Secret,
    refresh_token: Secret,
    token_uri: String,
    cache: Cache,
}

impl fmt::Debug for AuthorizedUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizedUser")
            .field("client_id", &self.client_id)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl AccessTokenSource for AuthorizedUser {
    fn poll_token(&self, now: SystemTime) -> Result<TokenPoll, Error> {
        if let Some(token) = self.cache.take(now) {
            return Ok(TokenPoll::Ready(token));
        }
        let body = encode_query(&[
            ("grant_type".into(), "refresh_token".into()),
            ("client_id".into(), self.client_id.clone()),
            (
                "client_secret".into(),
                self.client_secret.expose().to_owned(),
            ),
            (
                "refresh_token".into(),
                self.refresh_token.expose().to_owned(),
            ),
        ]);
        Ok(TokenPoll::Fetch(Box::new(form_post(
            &self.token_uri,
            body,
        )?)))
    }

    fn handle_response(&self, status: u16, body: &[u8], now: SystemTime) -> Result<(), Error> {
        self.cache.store(status, body, now, ExpiresIn::Optional)
    }
}

/// The metadata server of a Google Cloud machine.
#[derive(Debug)]
pub struct MetadataServer {
    host: String,
    cache: Cache,
}

impl MetadataServer {
    /// The server at `host` (`metadata.google.internal`, or `GCE_METADATA_HOST`).
    pub fn new(host: impl Into<String>) -> Self {
        MetadataServer {
            host: host.into(),
            cache: Cache::default(),
        }
    }
}

impl AccessTokenSource for MetadataServer {
    fn poll_token(&self, now: SystemTime) -> Result<TokenPoll, Error> {
        if let Some(token) = self.cache.take(now) {
            return Ok(TokenPoll::Ready(token));
        }
        let uri = format!(
            "http://{}/computeMetadata/v1/instance/service-accounts/default/token?{}",
            self.host,
            encode_query(&[("scopes".into(), SCOPE.into())])
        );
        let request = http::Request::get(uri)
            .header("metadata-flavor", "Google")
            .body(Vec::new())
            .map_err(|e| Error::Credentials(format!("invalid metadata server URL: {e}")))?;
        Ok(TokenPoll::Fetch(Box::new(TokenFetch {
            request,
            direct: false,
        })))
    }

    fn handle_response(&self, status: u16, body: &[u8], now: SystemTime) -> Result<(), Error> {
        self.cache.store(status, body, now, ExpiresIn::Required)
    }
}

fn form_post(uri: &str, body: String) -> Result<TokenFetch, Error> {
    let request = http::Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body.into_bytes())
        .map_err(|e| Error::Credentials(format!("invalid token URI {uri:?}: {e}")))?;
    Ok(TokenFetch {
        request,
        direct: false,
    })
}

/// Credentials found by [`application_default`] and the project they name.
#[derive(Debug, Clone)]
pub struct Adc {
    /// The token source.
    pub source: Arc<dyn AccessTokenSource>,
    /// The project id from the environment or the credentials, if any.
    pub project_id: Option<String>,
    /// When the credentials are the metadata server's and no project id was found: the
    /// machine's project, to look up on that server ([`super::gce_project`]).
    pub metadata_project: Option<Arc<MetadataProject>>,
}

/// Loads Application Default Credentials (see the module docs). `signer` is needed only
/// for a service-account key. The files are read through `read_file`.
pub fn application_default(
    env: &dyn Fn(&str) -> Option<String>,
    read_file: &dyn Fn(&str) -> Option<String>,
    signer: Option<Arc<dyn Rs256Signer>>,
) -> Result<Adc, Error> {
    let env_project = env("GOOGLE_CLOUD_PROJECT")
        .or_else(|| env("GCLOUD_PROJECT"))
        .filter(|p| !p.is_empty());
    if let Some(path) = env("GOOGLE_APPLICATION_CREDENTIALS").filter(|p| !p.is_empty()) {
        let text = read_file(&path).ok_or_else(|| {
            Error::Credentials(format!(
                "File {path} (GOOGLE_APPLICATION_CREDENTIALS) was not found or cannot be read"
            ))
        })?;
        let (source, project) = from_json(&text, signer)?;
        return Ok(Adc {
            source,
            project_id: env_project.or(project),
            metadata_project: None,
        });
    }
    if let Some(path) = gcloud_adc_path(env) {
        if let Some(text) = read_file(&path) {
            let (source, project) = from_json(&text, signer)?;
            return Ok(Adc {
                source,
                project_id: env_project.or(project),
                metadata_project: None,
            });
        }
    }
    // google-auth: `GCE_METADATA_HOST`, else the older `GCE_METADATA_ROOT`, else the
    // default host.
    let host = env("GCE_METADATA_HOST")
        .filter(|h| !h.is_empty())
        .or_else(|| env("GCE_METADATA_ROOT").filter(|h| !h.is_empty()))
        .unwrap_or_else(|| DEFAULT_METADATA_HOST.to_owned());
    Ok(Adc {
        metadata_project: match env_project {
            None => Some(Arc::new(MetadataProject::new(host.clone()))),
            Some(_) => None,
        },
        source: Arc::new(MetadataServer::new(host)),
        project_id: env_project,
    })
}

/// gcloud's ADC file: `$CLOUDSDK_CONFIG/application_default_credentials.json`, else
/// `~/.config/gcloud/…` (`%APPDATA%\gcloud\…` on Windows).
pub fn gcloud_adc_path(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    const FILE: &str = "application_default_credentials.json";
    if let Some(dir) = env("CLOUDSDK_CONFIG").filter(|d| !d.is_empty()) {
        return Some(format!("{}/{FILE}", dir.trim_end_matches('/')));
    }
    if cfg!(windows) {
        if let Some(appdata) = env("APPDATA").filter(|d| !d.is_empty()) {
            return Some(format!("{appdata}\\gcloud\\{FILE}"));
        }
    }
    env("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| format!("{}/.config/gcloud/{FILE}", home.trim_end_matches('/')))
}

/// A token source from the JSON of a credentials file, and the project id it names.
pub fn from_json(
    text: &str,
    signer: Option<Arc<dyn Rs256Signer>>,
) -> Result<(Arc<dyn AccessTokenSource>, Option<String>), Error> {
    #[derive(Deserialize)]
    struct File {
        #[serde(rename = "type")]
        ty: Option<String>,
        client_email: Option<String>,
        private_key: Option<String>,
        private_key_id: Option<String>,
        token_uri: Option<String>,
        project_id: Option<String>,
        client_id: Option<String>,
        client_secret: Option<String>,
        refresh_token: Option<String>,
    }
    let file: File = serde_json::from_str(text)
        .map_err(|e| Error::Credentials(format!("the credentials file is not valid JSON: {e}")))?;
    let missing =
        |field: &str| Error::Credentials(format!("the credentials file has no `{field}`"));
    match file.ty.as_deref() {
        Some("service_account") => {
            let signer = signer.ok_or_else(|| {
                Error::Credentials(
                    "a service-account key needs an RS256 signer; the SDK's clients provide one"
                        .into(),
                )
            })?;
            let pem = file.private_key.ok_or_else(|| missing("private_key"))?;
            let der = pem_to_der(&pem)?;
            let source = ServiceAccount {
                client_email: file.client_email.ok_or_else(|| missing("client_email"))?,
                private_key_id: file.private_key_id,
                key_der: der,
                token_uri: file
                    .token_uri
                    .unwrap_or_else(|| DEFAULT_TOKEN_URI.to_owned()),
                signer,
                cache: Cache::default(),
            };
            Ok((Arc::new(source), file.project_id))
        }
        Some("authorized_user") => {
            let source = AuthorizedUser {
                client_id: file.client_id.ok_or_else(|| missing("client_id"))?,
                client_secret: Secret::new(
                    file.client_secret.ok_or_else(|| missing("client_secret"))?,
                ),
                refresh_token: Secret::new(
                    file.refresh_token.ok_or_else(|| missing("refresh_token"))?,
                ),
                token_uri: file
                    .token_uri
                    .unwrap_or_else(|| DEFAULT_TOKEN_URI.to_owned()),
                cache: Cache::default(),
            };
            // google-auth names no project for user credentials (`quota_project_id` is
            // for billing only).
            Ok((Arc::new(source), None))
        }
        other => Err(Error::Credentials(format!(
            "unsupported Google credentials type {:?} (supported: service_account, authorized_user)",
            other.unwrap_or("")
        ))),
    }
}

/// The DER bytes of a PEM `PRIVATE KEY` block.
pub fn pem_to_der(pem: &str) -> Result<Vec<u8>, Error> {
    let body: String = pem
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("-----") && !l.is_empty())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| Error::Credentials("the service-account private key is not valid PEM".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn refreshes_before_expiry_with_injected_time() {
        let user = AuthorizedUser {
            client_id: "cid".into(),
            client_secret: "csecret".into(),
            refresh_token: "rtoken".into(),
            token_uri: "http://127.0.0.1:1/token".into(),
            cache: Cache::default(),
        };
        let TokenPoll::Fetch(fetch) = user.poll_token(at(1000)).unwrap() else {
            panic!("a first poll fetches");
        };
        let body = String::from_utf8(fetch.request.body().clone()).unwrap();
        assert_eq!(
            body,
            "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rtoken"
        );
        user.handle_response(
            200,
            br#"{"access_token":"tok1","expires_in":3600}"#,
            at(1000),
        )
        .unwrap();
        // Valid until 225 s before expiry (t = 4600 - 225 = 4375).
        for t in [1000, 2000, 4374] {
            match user.poll_token(at(t)).unwrap() {
                TokenPoll::Ready(token) => assert_eq!(token.expose(), "tok1"),
                TokenPoll::Fetch(_) => panic!("refreshed too early at {t}"),
            }
        }
        assert!(matches!(
            user.poll_token(at(4375)).unwrap(),
            TokenPoll::Fetch(_)
        ));
        user.handle_response(200, br#"{"access_token":"tok2","expires_in":60}"#, at(4375))
            .unwrap();
        // A lifetime below the margin: used by the request that fetched it, then
        // refreshed on every request.
        assert!(matches!(
            user.poll_token(at(4376)).unwrap(),
            TokenPoll::Ready(token) if token.expose() == "tok2"
        ));
        assert!(matches!(
            user.poll_token(at(4376)).unwrap(),
            TokenPoll::Fetch(_)
        ));
        let e = user
            .handle_response(400, br#"{"error":"invalid_grant"}"#, at(4400))
            .unwrap_err();
        assert!(e.to_string().contains("invalid_grant"), "{e}");
        assert!(!format!("{user:?}").contains("rtoken"));
    }

    #[test]
    fn adc_discovery_order() {
        let user = r#"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r","quota_project_id":"qp"}"#;
        let files = |path: &str| match path {
            "/keys/user.json" | "/cfg/application_default_credentials.json" => {
                Some(user.to_owned())
            }
            _ => None,
        };
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let adc = application_default(
            &env(&[("GOOGLE_APPLICATION_CREDENTIALS", "/keys/user.json")]),
            &files,
            None,
        )
        .unwrap();
        // An authorized user names no project (its `quota_project_id` is for billing).
        assert_eq!(adc.project_id, None);
        let adc = application_default(
            &env(&[
                ("CLOUDSDK_CONFIG", "/cfg"),
                ("GOOGLE_CLOUD_PROJECT", "envp"),
            ]),
            &files,
            None,
        )
        .unwrap();
        assert_eq!(adc.project_id.as_deref(), Some("envp"));
        let adc = application_default(&env(&[("GCE_METADATA_HOST", "127.0.0.1:9")]), &files, None)
            .unwrap();
        let TokenPoll::Fetch(fetch) = adc.source.poll_token(at(0)).unwrap() else {
            panic!()
        };
        assert_eq!(
            fetch.request.uri().to_string(),
            "http://127.0.0.1:9/computeMetadata/v1/instance/service-accounts/default/token?scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform"
        );
        assert_eq!(fetch.request.headers()["metadata-flavor"], "Google");
        // On the metadata server without a project in the environment, the project is
        // looked up there too (on the same host); with one, it is not.
        let lookup = adc.metadata_project.expect("a project lookup");
        assert_eq!(
            lookup.request().unwrap().request.uri().to_string(),
            "http://127.0.0.1:9/computeMetadata/v1/project/project-id"
        );
        let adc = application_default(
            &env(&[("GCE_METADATA_ROOT", "10.0.0.1"), ("GCE_METADATA_HOST", "")]),
            &files,
            None,
        )
        .unwrap();
        assert!(
            adc.metadata_project
                .unwrap()
                .request()
                .unwrap()
                .request
                .uri()
                .to_string()
                .starts_with("http://10.0.0.1/")
        );
        let adc =
            application_default(&env(&[("GOOGLE_CLOUD_PROJECT", "envp")]), &files, None).unwrap();
        assert_eq!(adc.project_id.as_deref(), Some("envp"));
        assert!(adc.metadata_project.is_none());
        let e = application_default(
            &env(&[("GOOGLE_APPLICATION_CREDENTIALS", "/missing.json")]),
            &files,
            None,
        )
        .unwrap_err();
        assert!(e.to_string().contains("/missing.json"));
    }
}
