//! The cloud platforms that serve Claude: Amazon Bedrock, Google Vertex AI and Microsoft
//! Foundry. Each is the first-party client's machinery (retries, timeouts, options,
//! stream helper) with three things changed, all decided here:
//!
//! 1. **Request rewriting**, once per call, before the request is built: Bedrock and
//!    Vertex move the model into the URL and the version into the body
//!    ([`bedrock`], [`vertex`]); endpoints a platform lacks are refused before sending,
//!    with Python's messages.
//! 2. **Authentication per attempt**: every attempt, retries included, is signed or
//!    authorized anew with a [`Credential`] the driver obtains just before it (so a
//!    signature carries the attempt's own time and a refreshed token is used at once).
//!    The driver asks [`Platform::credential_step`] and hands the result to
//!    [`crate::Exchange::start_attempt_with`]; a source that needs the network (an OAuth
//!    token endpoint, a metadata server) answers [`CredentialStep::Fetch`] with the HTTP
//!    request to send, and the driver passes the response back
//!    ([`Platform::handle_fetch`]).
//! 3. **Status → error mapping** ([`Platform::error_kind`]) and, for Bedrock, the stream
//!    framing (AWS event stream instead of SSE; see [`crate::stream::EventDecoder`]).
//!
//! A [`Platform`] rides in the [`crate::ClientConfig`], so every resource method and the
//! drivers' run loops work unchanged for all three.

pub mod aws_container;
pub mod aws_credentials;
pub mod bedrock;
pub mod eventstream;
pub mod foundry;
pub mod gce_project;
pub mod google_auth;
pub mod options;
mod refresh;
pub mod sigv4;
pub mod vertex;

use std::time::SystemTime;

use http::StatusCode;

use crate::error::{ApiErrorKind, Error};
use crate::request::Call;
use crate::secret::Secret;

pub use aws_credentials::{AwsCredentials, AwsCredentialsProvider};
pub use bedrock::Bedrock;
pub use foundry::{Foundry, FoundryAuth, TokenProvider};
pub use google_auth::{AccessTokenSource, TokenFetch};
pub use options::{BedrockOptions, FoundryOptions, VertexOptions};
pub use vertex::Vertex;

/// Which cloud platform a client talks to, with its settings and credential sources.
#[derive(Debug, Clone, PartialEq)]
pub enum Platform {
    /// Amazon Bedrock: SigV4-signed `InvokeModel` calls.
    Bedrock(Bedrock),
    /// Google Vertex AI: `rawPredict` calls with a Google access token.
    Vertex(Vertex),
    /// Microsoft Foundry: first-party paths with an `api-key` or Entra ID token.
    Foundry(Foundry),
}

/// What authenticates one attempt.
#[derive(Debug, Clone)]
pub enum Credential {
    /// Sign the attempt with SigV4 (Bedrock).
    Aws(AwsCredentials),
    /// Send `authorization: Bearer <token>` unless the request already has an
    /// `authorization` header (Vertex, Foundry with a token provider).
    Bearer(Secret),
}

/// The answer to "what credential for the next attempt?".
#[derive(Debug)]
pub enum CredentialStep {
    /// Use this.
    Ready(Credential),
    /// Send this request first (a token refresh) and pass its response to
    /// [`Platform::handle_fetch`], then ask again.
    Fetch(Box<TokenFetch>),
}

impl Platform {
    /// The credential for the next attempt at wall-clock time `now`, or the request to
    /// send to get one; `files` reads a file a source names (a rotated token). Errors
    /// fail the call before anything is sent.
    pub fn credential_step(
        &self,
        now: SystemTime,
        files: options::FileLookup<'_>,
    ) -> Result<CredentialStep, Error> {
        match self {
            Platform::Bedrock(b) => b.credentials.poll_credentials(now, files),
            Platform::Vertex(v) => v.credential_step(now),
            Platform::Foundry(f) => f.credential_step(),
        }
    }

    /// Takes the response to the [`CredentialStep::Fetch`] request `fetch` (a token, or
    /// Vertex's project id from the metadata server).
    pub fn handle_fetch(
        &self,
        fetch: &TokenFetch,
        status: u16,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Error> {
        match self {
            Platform::Vertex(v) => v.handle_fetch(fetch, status, body, now),
            Platform::Bedrock(b) => b.credentials.handle_response(fetch, status, body, now),
            Platform::Foundry(_) => Err(Error::Credentials(
                "a token response arrived for a platform that fetches none".into(),
            )),
        }
    }

    /// Whether attempts need a [`Credential`] at all (Foundry with an API key does not).
    pub fn needs_credential(&self) -> bool {
        match self {
            Platform::Foundry(f) => matches!(f.auth, FoundryAuth::TokenProvider(_)),
            _ => true,
        }
    }

    /// The error kind this platform's client gives a status (Python's per-client table).
    pub fn error_kind(&self, status: StatusCode) -> ApiErrorKind {
        match self {
            Platform::Bedrock(_) => bedrock::error_kind(status),
            Platform::Vertex(_) => vertex::error_kind(status),
            Platform::Foundry(_) => ApiErrorKind::from_status(status),
        }
    }

    /// The user agent's product name (`AnthropicBedrock/Rust 0.1.0`).
    pub fn user_agent_name(&self) -> &'static str {
        match self {
            Platform::Bedrock(_) => "AnthropicBedrock",
            Platform::Vertex(_) => "AnthropicVertex",
            Platform::Foundry(_) => "AnthropicFoundry",
        }
    }

    /// Rewrites a call for this platform before its request is built (see the platform
    /// modules), or refuses an endpoint the platform lacks. `beta_header` is the
    /// per-request `anthropic-beta` value.
    pub(crate) fn rewrite<T>(
        &self,
        call: &mut Call<T>,
        beta_header: Option<&str>,
    ) -> Result<(), Error> {
        match self {
            Platform::Bedrock(_) => bedrock::rewrite(call, beta_header),
            Platform::Vertex(v) => v.rewrite(call),
            Platform::Foundry(_) => foundry::refuse(call),
        }
    }

    /// Whether `call` cannot be rewritten yet, because the platform must first fetch
    /// something it needs (Vertex's project id from the metadata server, fetched by the
    /// credential steps before the first attempt).
    pub(crate) fn defers_rewrite<T>(&self, call: &Call<T>) -> bool {
        match self {
            Platform::Vertex(v) => v.defers_rewrite(call),
            _ => false,
        }
    }

    /// Authenticates one attempt's request with the credential the driver obtained.
    pub(crate) fn authorize<B: AsRef<[u8]>>(
        &self,
        request: &mut http::Request<B>,
        wall: SystemTime,
        credential: Option<&Credential>,
    ) -> Result<(), Error> {
        match (self, credential) {
            (Platform::Foundry(f), _) if f.api_key().is_some() => Ok(()),
            (Platform::Bedrock(b), Some(Credential::Aws(credentials))) => {
                let params = sigv4::SigningParams {
                    credentials,
                    region: &b.region,
                    service: bedrock::SERVICE,
                    time: wall,
                };
                sigv4::sign(request, &params).map(|_| ())
            }
            (Platform::Vertex(_) | Platform::Foundry(_), Some(Credential::Bearer(token))) => {
                if !request.headers().contains_key(http::header::AUTHORIZATION) {
                    let mut value =
                        http::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                            .map_err(|_| {
                                Error::Credentials(
                                    "the access token is not a valid header value".into(),
                                )
                            })?;
                    value.set_sensitive(true);
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, value);
                }
                Ok(())
            }
            (Platform::Vertex(_) | Platform::Foundry(_), None)
                if request.headers().contains_key(http::header::AUTHORIZATION) =>
            {
                Ok(())
            }
            _ => Err(Error::Credentials(format!(
                "no {} credential was provided for this attempt",
                self.user_agent_name()
            ))),
        }
    }

    /// Whether the `anthropic-version` header is sent (Foundry only: Bedrock and Vertex
    /// carry the version in the body).
    pub fn sends_version_header(&self) -> bool {
        matches!(self, Platform::Foundry(_))
    }
}
