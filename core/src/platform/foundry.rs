//! Microsoft Foundry (Azure): the first-party API under
//! `https://{resource}.services.ai.azure.com/anthropic/`, authenticated with an `api-key`
//! header or an Entra ID (Azure AD) token.
//!
//! Construction checks, in Python's order and with its texts ([`resolve`]): credentials
//! (an API key from the option or `ANTHROPIC_FOUNDRY_API_KEY`, or a token provider), then
//! the base URL (the option or `ANTHROPIC_FOUNDRY_BASE_URL`, else built from the resource,
//! the option or `ANTHROPIC_FOUNDRY_RESOURCE`; both set is an error).
//!
//! Per attempt: with a token provider, it is called for every attempt (retries included)
//! and its token sent as `authorization: Bearer …` unless the request already carries an
//! `authorization` header; otherwise `api-key: <key>` is sent unless the request carries
//! one. Unlike Python, `ANTHROPIC_API_KEY` and `ANTHROPIC_AUTH_TOKEN` are not read and no
//! `x-api-key` is sent: Python's Foundry client leaks them into every request through its
//! first-party base class, which sends an unrelated credential to Azure.

use std::fmt;
use std::sync::Arc;

use super::{Credential, CredentialStep};
use crate::error::Error;
use crate::request::Call;
use crate::secret::Secret;

/// Python's error without credentials.
pub const MISSING_CREDENTIALS: &str = "Missing credentials. Please pass one of `api_key`, `azure_ad_token_provider`, or the `ANTHROPIC_FOUNDRY_API_KEY` environment variable.";
/// Python's error without a base URL or resource.
pub const MISSING_BASE_URL: &str = "Must provide one of the `base_url` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` environment variable";
/// Python's error with both.
pub const BOTH_BASE_URL_AND_RESOURCE: &str = "base_url and resource are mutually exclusive";

/// A source of Entra ID tokens, called before every attempt.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// A bearer token. An empty one fails the call with Python's error.
    fn token(&self) -> Result<String, Error>;
}

/// A [`TokenProvider`] from a closure.
pub struct FnTokenProvider<F>(pub F);

impl<F> fmt::Debug for FnTokenProvider<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnTokenProvider")
    }
}

impl<F: Fn() -> Result<String, Error> + Send + Sync> TokenProvider for FnTokenProvider<F> {
    fn token(&self) -> Result<String, Error> {
        (self.0)()
    }
}

/// How Foundry requests authenticate.
#[derive(Clone)]
pub enum FoundryAuth {
    /// `api-key: <key>`.
    ApiKey(Secret),
    /// `authorization: Bearer <token>` from the provider, per attempt.
    TokenProvider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for FoundryAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FoundryAuth::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
            FoundryAuth::TokenProvider(p) => f.debug_tuple("TokenProvider").field(p).finish(),
        }
    }
}

/// The Foundry settings a client carries.
#[derive(Debug, Clone)]
pub struct Foundry {
    /// The authentication.
    pub auth: FoundryAuth,
}

impl PartialEq for Foundry {
    fn eq(&self, other: &Self) -> bool {
        match (&self.auth, &other.auth) {
            (FoundryAuth::ApiKey(a), FoundryAuth::ApiKey(b)) => a == b,
            (FoundryAuth::TokenProvider(a), FoundryAuth::TokenProvider(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The explicit options of a Foundry client.
#[derive(Debug, Clone, Default)]
pub struct FoundrySettings {
    /// `api_key`.
    pub api_key: Option<Secret>,
    /// `resource`.
    pub resource: Option<String>,
    /// `base_url`.
    pub base_url: Option<String>,
    /// `azure_ad_token_provider`.
    pub token_provider: Option<Arc<dyn TokenProvider>>,
}

/// Checks the options and the environment as Python's constructor does, and returns the
/// base URL and the authentication. A token provider wins over an API key.
pub fn resolve(
    settings: FoundrySettings,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Foundry), Error> {
    // An empty key, given or from the environment, cannot authenticate: Python fails
    // before sending too (its header check finds no credential).
    let api_key = settings
        .api_key
        .or_else(|| env("ANTHROPIC_FOUNDRY_API_KEY").map(Secret::new))
        .filter(|key| !key.expose().is_empty());
    let auth = match (settings.token_provider, api_key) {
        (Some(provider), _) => FoundryAuth::TokenProvider(provider),
        (None, Some(key)) => FoundryAuth::ApiKey(key),
        (None, None) => return Err(Error::Credentials(MISSING_CREDENTIALS.into())),
    };
    let base_url = settings
        .base_url
        .or_else(|| env("ANTHROPIC_FOUNDRY_BASE_URL"));
    let resource = settings
        .resource
        .or_else(|| env("ANTHROPIC_FOUNDRY_RESOURCE"));
    let base_url = match (base_url, resource) {
        (Some(_), Some(_)) => return Err(Error::InvalidRequest(BOTH_BASE_URL_AND_RESOURCE.into())),
        (Some(url), None) => url,
        (None, Some(resource)) => format!("https://{resource}.services.ai.azure.com/anthropic/"),
        (None, None) => return Err(Error::InvalidRequest(MISSING_BASE_URL.into())),
    };
    Ok((base_url, Foundry { auth }))
}

/// Foundry has no Batches and no GA Models API (Python sets those resources to `None`;
/// `beta.models` stays).
pub(crate) fn refuse<T>(call: &Call<T>) -> Result<(), Error> {
    if call.path.starts_with("/v1/messages/batches") {
        return Err(Error::InvalidRequest(
            "The Batch API is not supported in the Foundry client".into(),
        ));
    }
    if call.path.starts_with("/v1/models") && !call.is_beta() {
        return Err(Error::InvalidRequest(
            "The Models API is not supported in the Foundry client".into(),
        ));
    }
    Ok(())
}

impl Foundry {
    pub(crate) fn credential_step(&self) -> Result<CredentialStep, Error> {
        match &self.auth {
            FoundryAuth::TokenProvider(provider) => {
                let token = provider.token()?;
                if token.is_empty() {
                    return Err(Error::Credentials(
                        "Expected `azure_ad_token_provider` argument to return a string but it returned ''".into(),
                    ));
                }
                Ok(CredentialStep::Ready(Credential::Bearer(Secret::new(
                    token,
                ))))
            }
            FoundryAuth::ApiKey(_) => Err(Error::Credentials(
                "a Foundry client with an API key needs no per-attempt credential".into(),
            )),
        }
    }

    /// The `api-key` header value, for API-key clients.
    pub fn api_key(&self) -> Option<&Secret> {
        match &self.auth {
            FoundryAuth::ApiKey(key) => Some(key),
            FoundryAuth::TokenProvider(_) => None,
        }
    }
}
