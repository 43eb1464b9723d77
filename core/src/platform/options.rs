//! The options of the three platform clients (Python's constructor arguments) and their
//! resolution against the environment and the credential files, into the
//! [`ClientConfig`] a platform client runs on.
//!
//! Pure: the environment and the files come through lookups the runtime crates pass in
//! (`anthropic-platform` gives the process's own). The general options (timeout, retries,
//! default headers and query) come from the [`ClientConfig`] given; its API key and auth
//! token are not used by any platform.

use std::fmt;
use std::sync::Arc;

use super::aws_credentials::{
    AwsCredentialsProvider, AwsSettings, default_provider, resolve_region,
};
use super::foundry::{FoundrySettings, TokenProvider};
use super::google_auth::{
    AccessTokenSource, GivenToken, Rs256Signer, application_default, from_json,
};
use super::{Bedrock, Platform, Vertex, bedrock, foundry, vertex};
use crate::config::ClientConfig;
use crate::error::Error;
use crate::secret::Secret;

/// A lookup of environment variables (`|name| std::env::var(name).ok()`).
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;
/// A lookup of file contents by path (`|path| std::fs::read_to_string(path).ok()`).
pub type FileLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The options of a Bedrock client (Python's `AnthropicBedrock(...)`).
///
/// ```
/// use anthropic_core::platform::options::BedrockOptions;
/// let options = BedrockOptions::new().aws_region("us-west-2").aws_profile("work");
/// ```
#[derive(Clone, Default)]
pub struct BedrockOptions {
    settings: AwsSettings,
    base_url: Option<String>,
    provider: Option<Arc<dyn AwsCredentialsProvider>>,
}

impl fmt::Debug for BedrockOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BedrockOptions")
            .field("settings", &self.settings)
            .field("base_url", &self.base_url)
            .field("provider", &self.provider)
            .finish()
    }
}

impl BedrockOptions {
    /// Nothing set: everything from the environment.
    pub fn new() -> Self {
        BedrockOptions::default()
    }

    /// `aws_region`.
    pub fn aws_region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(region.into());
        self
    }

    /// `aws_access_key` (with [`aws_secret_key`](Self::aws_secret_key)).
    pub fn aws_access_key(mut self, key: impl Into<String>) -> Self {
        self.settings.access_key = Some(key.into());
        self
    }

    /// `aws_secret_key`.
    pub fn aws_secret_key(mut self, secret: impl Into<Secret>) -> Self {
        self.settings.secret_key = Some(secret.into());
        self
    }

    /// `aws_session_token`.
    pub fn aws_session_token(mut self, token: impl Into<Secret>) -> Self {
        self.settings.session_token = Some(token.into());
        self
    }

    /// `aws_profile`: the profile of the shared files to take credentials from.
    pub fn aws_profile(mut self, profile: impl Into<String>) -> Self {
        self.settings.profile = Some(profile.into());
        self
    }

    /// `base_url` (else `ANTHROPIC_BEDROCK_BASE_URL`, else the region's endpoint).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A credentials source of your own (asked before every attempt), replacing the
    /// key/environment/files chain.
    pub fn credentials_provider(mut self, provider: Arc<dyn AwsCredentialsProvider>) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The configuration of the client. Credentials that cannot be resolved are not an
    /// error here: every request then fails before sending with [`Error::Credentials`]
    /// (as Python's lazy resolution does). Logs Python's warning when the region falls
    /// back to `us-east-1`.
    pub fn resolve(
        self,
        config: ClientConfig,
        env: EnvLookup<'_>,
        files: FileLookup<'_>,
    ) -> ClientConfig {
        let (region, fell_back) = resolve_region(self.settings.region.as_deref(), env, files);
        if fell_back {
            tracing::warn!(target: "anthropic", "No AWS region specified, defaulting to us-east-1");
        }
        let credentials = self
            .provider
            .unwrap_or_else(|| default_provider(&self.settings, env, files));
        let base_url = self
            .base_url
            .unwrap_or_else(|| bedrock::base_url(&region, env));
        config
            .base_url(base_url)
            .platform(Platform::Bedrock(Bedrock {
                region,
                credentials,
            }))
    }
}

/// The options of a Vertex AI client (Python's `AnthropicVertex(...)`).
#[derive(Clone, Default)]
pub struct VertexOptions {
    region: Option<String>,
    project_id: Option<String>,
    access_token: Option<Secret>,
    tokens: Option<Arc<dyn AccessTokenSource>>,
    credentials_json: Option<Secret>,
    base_url: Option<String>,
}

impl fmt::Debug for VertexOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VertexOptions")
            .field("region", &self.region)
            .field("project_id", &self.project_id)
            .field("access_token", &self.access_token)
            .field("tokens", &self.tokens)
            .field(
                "credentials_json",
                &self.credentials_json.as_ref().map(|_| "[redacted]"),
            )
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl VertexOptions {
    /// Nothing set: everything from the environment.
    pub fn new() -> Self {
        VertexOptions::default()
    }

    /// `region` (else `CLOUD_ML_REGION`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// `project_id` (else `ANTHROPIC_VERTEX_PROJECT_ID`, else the credentials' project).
    pub fn project_id(mut self, project: impl Into<String>) -> Self {
        self.project_id = Some(project.into());
        self
    }

    /// `access_token`: a fixed token; Google credentials are then never loaded.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// `credentials`: a token source of your own, instead of Application Default
    /// Credentials.
    pub fn token_source(mut self, source: Arc<dyn AccessTokenSource>) -> Self {
        self.tokens = Some(source);
        self
    }

    /// The contents of a Google credentials file (a `service_account` key or an
    /// `authorized_user` file), instead of finding Application Default Credentials. Its
    /// project id is used when none is configured.
    pub fn credentials_json(mut self, json: impl Into<Secret>) -> Self {
        self.credentials_json = Some(json.into());
        self
    }

    /// `base_url` (else `ANTHROPIC_VERTEX_BASE_URL`, else the region's endpoint).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The configuration of the client, or Python's error when no region is given.
    /// Without an access token or a source, Application Default Credentials are found
    /// now (their files read through `files`); their project id is used when none is
    /// configured.
    pub fn resolve(
        self,
        config: ClientConfig,
        env: EnvLookup<'_>,
        files: FileLookup<'_>,
        signer: Arc<dyn Rs256Signer>,
    ) -> Result<ClientConfig, Error> {
        let region = vertex::resolve_region(self.region.as_deref(), env)?;
        let mut project_id = self
            .project_id
            // Python reads the variable with `if project_id:`: empty is unset.
            .or_else(|| env("ANTHROPIC_VERTEX_PROJECT_ID").filter(|p| !p.is_empty()));
        let mut metadata_project = None;
        let tokens: Arc<dyn AccessTokenSource> = match (self.access_token, self.tokens) {
            (Some(token), _) => Arc::new(GivenToken(token)),
            (None, Some(source)) => source,
            (None, None) if self.credentials_json.is_some() => {
                let json = self.credentials_json.expect("checked");
                let (source, project) = from_json(json.expose(), Some(signer))?;
                if project_id.is_none() {
                    project_id = project;
                }
                source
            }
            (None, None) => {
                let adc = application_default(env, files, Some(signer))?;
                if project_id.is_none() {
                    project_id = adc.project_id;
                    metadata_project = adc.metadata_project;
                }
                adc.source
            }
        };
        let base_url = self
            .base_url
            .unwrap_or_else(|| vertex::base_url(&region, env));
        Ok(config.base_url(base_url).platform(Platform::Vertex(Vertex {
            region,
            project_id,
            tokens,
            metadata_project,
        })))
    }
}

/// The options of a Foundry client (Python's `AnthropicFoundry(...)`).
#[derive(Clone, Debug, Default)]
pub struct FoundryOptions(FoundrySettings);

impl FoundryOptions {
    /// Nothing set: everything from the environment.
    pub fn new() -> Self {
        FoundryOptions::default()
    }

    /// `api_key` (else `ANTHROPIC_FOUNDRY_API_KEY`), sent as `api-key`.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.0.api_key = Some(key.into());
        self
    }

    /// `resource`: the Azure resource name (else `ANTHROPIC_FOUNDRY_RESOURCE`).
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.0.resource = Some(resource.into());
        self
    }

    /// `base_url` (else `ANTHROPIC_FOUNDRY_BASE_URL`); exclusive with `resource`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.0.base_url = Some(url.into());
        self
    }

    /// `azure_ad_token_provider`: called before every attempt for an Entra ID token.
    pub fn azure_ad_token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.0.token_provider = Some(provider);
        self
    }

    /// The configuration of the client, or Python's construction errors.
    pub fn resolve(self, config: ClientConfig, env: EnvLookup<'_>) -> Result<ClientConfig, Error> {
        let (base_url, foundry) = foundry::resolve(self.0, env)?;
        Ok(config
            .base_url(base_url)
            .platform(Platform::Foundry(foundry)))
    }
}
