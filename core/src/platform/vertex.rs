//! Google Vertex AI: URLs, request rewriting, project and region, status mapping.
//!
//! - Base URL: `ANTHROPIC_VERTEX_BASE_URL`, else `https://aiplatform.googleapis.com/v1` for
//!   the `global` region, else `https://{region}-aiplatform.googleapis.com/v1`.
//! - Region: the option, else `CLOUD_ML_REGION`, else a construction error (Python's text).
//! - Project: the option, else `ANTHROPIC_VERTEX_PROJECT_ID`, else the project the
//!   credentials name (resolved when the client is built, so the fallback works on the
//!   first request: Python rewrites the URL before loading credentials, which makes its
//!   fallback unreachable), else, when the credentials are the metadata server's, the
//!   machine's project from that server ([`super::gce_project`]): looked up once, by the
//!   first call that needs it, through the same credential steps as the token (the call's
//!   URL is then built by its first attempt). Without any, a Messages call fails with
//!   Python's text.
//! - Rewriting: any JSON object body gets `anthropic_version: "vertex-2023-10-16"`;
//!   `POST /v1/messages` loses `model` from the body and goes to
//!   `/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict`
//!   (`:streamRawPredict` when the body says `"stream": true`, which stays in the body);
//!   `count_tokens` goes to `…/models/count-tokens:rawPredict` with `model` kept, and its
//!   beta form adds `token-counting-2024-11-01` to `anthropic-beta`; batches are refused.
//!   The model is inserted as httpx inserts it, escaping only its path set (see
//!   `path_text`), and `#` and `?`, which would end the path.
//! - Auth: `authorization: Bearer <token>` from the [`AccessTokenSource`] before each
//!   attempt, unless the request already carries an `authorization` header.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::{Method, StatusCode};
use serde_json::Value;

use super::gce_project::MetadataProject;
use super::google_auth::{AccessTokenSource, TokenFetch, TokenPoll};
use super::{Credential, CredentialStep};
use crate::error::{ApiErrorKind, Error};
use crate::request::Call;

/// The `anthropic_version` Vertex expects in the body.
pub const VERTEX_VERSION: &str = "vertex-2023-10-16";

/// Python's error when no region is configured.
pub const NO_REGION: &str = "No region was given. The client should be instantiated with the `region` argument or the `CLOUD_ML_REGION` environment variable should be set.";
/// Python's error when no project id can be resolved.
pub const NO_PROJECT: &str = "No project_id was given and it could not be resolved from credentials. The client should be instantiated with the `project_id` argument or the `ANTHROPIC_VERTEX_PROJECT_ID` environment variable should be set.";

/// The Vertex settings a client carries.
#[derive(Clone)]
pub struct Vertex {
    /// The region (`us-east5`, `europe-west1`, `global`).
    pub region: String,
    /// The project id, if resolved.
    pub project_id: Option<String>,
    /// Asked for a token before every attempt.
    pub tokens: Arc<dyn AccessTokenSource>,
    /// Where the project id comes from when `project_id` is `None`: the metadata server
    /// (set only when the tokens come from it too).
    pub metadata_project: Option<Arc<MetadataProject>>,
}

impl fmt::Debug for Vertex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vertex")
            .field("region", &self.region)
            .field("project_id", &self.project_id)
            .field("tokens", &self.tokens)
            .field("metadata_project", &self.metadata_project)
            .finish()
    }
}

impl PartialEq for Vertex {
    fn eq(&self, other: &Self) -> bool {
        self.region == other.region
            && self.project_id == other.project_id
            && Arc::ptr_eq(&self.tokens, &other.tokens)
            && match (&self.metadata_project, &other.metadata_project) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// The region from the option or `CLOUD_ML_REGION`.
pub fn resolve_region(
    explicit: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    explicit
        .map(str::to_owned)
        .or_else(|| env("CLOUD_ML_REGION"))
        .ok_or_else(|| Error::InvalidRequest(NO_REGION.into()))
}

/// The base URL for a region (see the module docs).
pub fn base_url(region: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    if let Some(url) = env("ANTHROPIC_VERTEX_BASE_URL") {
        return url;
    }
    if region == "global" {
        "https://aiplatform.googleapis.com/v1".to_owned()
    } else {
        format!("https://{region}-aiplatform.googleapis.com/v1")
    }
}

impl Vertex {
    /// The project id: configured, else from the metadata server once it answered.
    pub fn project(&self) -> Option<String> {
        self.project_id
            .clone()
            .or_else(|| self.metadata_project.as_ref()?.project_id())
    }

    /// The metadata server's project lookup, while it is still to be made.
    fn pending_project(&self) -> Option<&MetadataProject> {
        match &self.metadata_project {
            Some(lookup) if self.project_id.is_none() && lookup.is_pending() => Some(lookup),
            _ => None,
        }
    }

    /// Whether `call` needs a project that is still to be fetched: its rewriting then
    /// waits for its first attempt (see [`crate::Exchange`]).
    pub(crate) fn defers_rewrite<T>(&self, call: &Call<T>) -> bool {
        call.method == Method::POST
            && matches!(
                call.path.as_str(),
                "/v1/messages" | "/v1/messages/count_tokens"
            )
            && self.pending_project().is_some()
    }

    pub(crate) fn rewrite<T>(&self, call: &mut Call<T>) -> Result<(), Error> {
        let path = call.path.clone();
        if path.starts_with("/v1/messages/batches") {
            return Err(Error::InvalidRequest(
                "The Batch API is not supported in the Vertex client yet".into(),
            ));
        }
        if path.starts_with("/v1/models") {
            return Err(Error::InvalidRequest(
                "The Models API is not supported in the Vertex client".into(),
            ));
        }
        if !matches!(path.as_str(), "/v1/messages" | "/v1/messages/count_tokens") {
            // Python's Vertex client has only messages (and token counting).
            return Err(Error::InvalidRequest(format!(
                "{path} is not supported in the Vertex client"
            )));
        }
        let mut body = match call.body.as_deref().map(serde_json::from_slice::<Value>) {
            Some(Ok(Value::Object(map))) => Some(map),
            _ => None,
        };
        if let Some(map) = body.as_mut() {
            if !map.contains_key("anthropic_version") {
                map.insert("anthropic_version".into(), VERTEX_VERSION.into());
            }
        }
        let is_post = call.method == Method::POST;
        if is_post && (path == "/v1/messages" || path == "/v1/messages/count_tokens") {
            let project = self
                .project()
                .ok_or_else(|| Error::InvalidRequest(NO_PROJECT.into()))?;
            let project = project.as_str();
            let prefix = format!(
                "/projects/{}/locations/{}/publishers/anthropic/models",
                path_text(project),
                path_text(&self.region)
            );
            if path == "/v1/messages" {
                let map = body.as_mut().ok_or_else(|| {
                    Error::InvalidRequest(
                        "Expected json data to be a dictionary for post /v1/messages".into(),
                    )
                })?;
                let model = match map.shift_remove("model") {
                    Some(Value::String(model)) => model,
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                let specifier = if matches!(map.get("stream"), Some(Value::Bool(true))) {
                    "streamRawPredict"
                } else {
                    "rawPredict"
                };
                call.path = format!("{prefix}/{}:{specifier}", path_text(&model));
            } else {
                // The beta form's `token-counting-2024-11-01` comes from the endpoint
                // itself (`endpoints::messages::count_tokens`), as on every platform.
                call.path = format!("{prefix}/count-tokens:rawPredict");
            }
            call.drop_beta_marker();
        }
        if let Some(map) = body {
            call.body = Some(crate::json::body_bytes(&Value::Object(map))?);
        }
        Ok(())
    }

    pub(crate) fn credential_step(&self, now: SystemTime) -> Result<CredentialStep, Error> {
        if let Some(lookup) = self.pending_project() {
            return Ok(CredentialStep::Fetch(Box::new(lookup.request()?)));
        }
        Ok(match self.tokens.poll_token(now)? {
            TokenPoll::Ready(token) if token.is_empty() => {
                return Err(Error::Credentials(
                    "Could not resolve API token from the environment".into(),
                ));
            }
            TokenPoll::Ready(token) => CredentialStep::Ready(Credential::Bearer(token)),
            TokenPoll::Fetch(fetch) => CredentialStep::Fetch(fetch),
        })
    }

    pub(crate) fn handle_fetch(
        &self,
        fetch: &TokenFetch,
        status: u16,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Error> {
        match &self.metadata_project {
            Some(lookup) if lookup.is_request(fetch) => {
                lookup.handle_response(status, body);
                Ok(())
            }
            _ => self.tokens.handle_response(status, body, now),
        }
    }
}

/// Vertex's status → error kind table: 413 is a plain status error, 503 service
/// unavailable, 504 deadline exceeded, 529 an internal server error.
pub fn error_kind(status: StatusCode) -> ApiErrorKind {
    match status.as_u16() {
        413 => ApiErrorKind::Other,
        503 => ApiErrorKind::ServiceUnavailable,
        504 => ApiErrorKind::DeadlineExceeded,
        529 => ApiErrorKind::InternalServer,
        _ => ApiErrorKind::from_status(status),
    }
}

/// Escapes what httpx escapes in a URL path for Python's Vertex client (its path
/// percent-encode set: controls, space, non-ASCII, `"`, `<`, `>`, `` ` ``, `{`, `}`),
/// plus `#` and `?`, which Python leaves to end the path (a model id `a#b` reaches
/// `…/models/a` there). Everything else stays, `%` too: an id already percent-encoded
/// (`a%2Fb`) is sent as given, as httpx sends it.
fn path_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' => {
                out.push_str(&format!("%{b:02X}"))
            }
            0x21..=0x7E => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
