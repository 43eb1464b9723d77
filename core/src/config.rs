//! Client configuration: credentials, base URL, timeout, retries, default headers and query.
//!
//! The environment is read only through a lookup function the caller passes to
//! [`ClientConfig::from_env`], so the core never touches the process environment and tests
//! can fake it. As in Python, the environment is read once, when the configuration is
//! made; an explicitly set value wins over the environment; a variable set to the empty
//! string counts as set. Missing credentials are not an error here: they fail each request
//! when it is built ([`crate::Error::MissingCredentials`]), before anything is sent, as
//! Python fails them.

use crate::error::Error;
use crate::platform::Platform;
use crate::request::HeaderOverrides;
use crate::request::url::normalize_base_url;
use crate::retry::DEFAULT_MAX_RETRIES;
use crate::secret::{Secret, redact_url_userinfo};
use crate::timeout::Timeout;

/// The API's address unless configured otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
/// The `anthropic-version` header sent on every request.
pub const API_VERSION: &str = "2023-06-01";
/// This SDK's version, as sent in the user agent.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything a client needs to build requests. Cheap to clone; `Debug` never shows a
/// credential (not even a password in the base URL's userinfo).
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    api_key: Option<Secret>,
    auth_token: Option<Secret>,
    base_url: String,
    timeout: Timeout,
    max_retries: u32,
    default_headers: HeaderOverrides,
    default_query: Vec<(String, String)>,
    platform: Option<Platform>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_key", &self.api_key)
            .field("auth_token", &self.auth_token)
            .field("base_url", &redact_url_userinfo(&self.base_url))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &self.default_headers)
            .field("default_query", &self.default_query)
            .finish()
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig::new()
    }
}

impl ClientConfig {
    /// A configuration with the SDK defaults and no credentials; the environment is not read.
    pub fn new() -> Self {
        ClientConfig {
            api_key: None,
            auth_token: None,
            base_url: normalize_base_url(DEFAULT_BASE_URL),
            timeout: Timeout::DEFAULT,
            max_retries: DEFAULT_MAX_RETRIES,
            default_headers: HeaderOverrides::new(),
            default_query: Vec::new(),
            platform: None,
        }
    }

    /// The defaults, with `ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN` and
    /// `ANTHROPIC_BASE_URL` read through `env` (pass `|name| std::env::var(name).ok()` for
    /// the process environment).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Self {
        let mut config = ClientConfig::new();
        config.api_key = env("ANTHROPIC_API_KEY").map(Secret::new);
        config.auth_token = env("ANTHROPIC_AUTH_TOKEN").map(Secret::new);
        if let Some(base_url) = env("ANTHROPIC_BASE_URL") {
            config.base_url = normalize_base_url(&base_url);
        }
        config
    }

    /// Sets the API key, sent as `x-api-key`.
    pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sets the auth token, sent as `authorization: Bearer <token>`.
    pub fn auth_token(mut self, auth_token: impl Into<Secret>) -> Self {
        self.auth_token = Some(auth_token.into());
        self
    }

    /// Sets the base URL (a trailing `/` is added if missing).
    pub fn base_url(mut self, base_url: impl AsRef<str>) -> Self {
        self.base_url = normalize_base_url(base_url.as_ref());
        self
    }

    /// Sets the timeout; a `Duration` applies to connect, read and write.
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Sets how many times a failed request is retried (0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Adds a header to every request, replacing the SDK's header of that name.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.set(name, value);
        self
    }

    /// Removes a header the SDK would send on every request.
    pub fn omit_default_header(mut self, name: impl Into<String>) -> Self {
        self.default_headers.omit(name);
        self
    }

    /// Replaces every default header set or removed so far with these (Python's
    /// `set_default_headers`, where `default_headers` merges): with `with_options`, a
    /// client whose custom headers are exactly these. The SDK's own headers stay.
    pub fn set_default_headers<K: Into<String>, V: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.default_headers = HeaderOverrides::new();
        headers.into_iter().fold(self, |config, (name, value)| {
            config.default_header(name, value)
        })
    }

    /// Replaces every default query parameter with these (Python's `set_default_query`).
    pub fn set_default_query<K: Into<String>, V: Into<String>>(
        mut self,
        query: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.default_query.clear();
        query.into_iter().fold(self, |config, (key, value)| {
            config.default_query(key, value)
        })
    }

    /// Adds a query parameter to every request.
    pub fn default_query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.default_query.retain(|(k, _)| *k != key);
        self.default_query.push((key, value.into()));
        self
    }

    /// Makes this the configuration of a cloud-platform client (Bedrock, Vertex, Foundry):
    /// requests are rewritten, authenticated and their errors mapped as that platform's
    /// client does (see [`crate::platform`]). The platform clients of the runtime crates
    /// set this; the base URL is set separately.
    pub fn platform(mut self, platform: Platform) -> Self {
        self.platform = Some(platform);
        self
    }

    /// The cloud platform, for a platform client.
    pub fn get_platform(&self) -> Option<&Platform> {
        self.platform.as_ref()
    }

    /// Checks what can be checked before any request: the base URL must be an absolute
    /// `http` or `https` URL with a host. Clients call this when they are built, so that
    /// a typo (`ftp://…`, `api.anthropic.com` without a scheme) is reported at once as
    /// [`Error::InvalidConfig`] instead of as a connection error after every retry.
    pub fn validate(&self) -> Result<(), Error> {
        check_base_url(&self.base_url)
    }

    /// The API key, if set.
    pub fn get_api_key(&self) -> Option<&Secret> {
        self.api_key.as_ref()
    }

    /// The auth token, if set.
    pub fn get_auth_token(&self) -> Option<&Secret> {
        self.auth_token.as_ref()
    }

    /// The base URL, always ending in `/`.
    pub fn get_base_url(&self) -> &str {
        &self.base_url
    }

    /// The timeout.
    pub fn get_timeout(&self) -> Timeout {
        self.timeout
    }

    /// The retry budget.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The headers added to (or removed from) every request.
    pub fn default_headers(&self) -> &HeaderOverrides {
        &self.default_headers
    }

    /// The query parameters added to every request.
    pub fn get_default_query(&self) -> &[(String, String)] {
        &self.default_query
    }
}

/// The error for a base URL no request could be sent to, if `base_url` is one.
pub(crate) fn check_base_url(base_url: &str) -> Result<(), Error> {
    let problem = match base_url.parse::<http::Uri>() {
        _ if !base_url.contains("://") => Some("it has no scheme".to_owned()),
        Err(e) => Some(format!("it is not a URL ({e})")),
        Ok(uri) => match uri.scheme_str() {
            None => Some("it has no scheme".to_owned()),
            Some("http" | "https") if uri.host().is_none_or(str::is_empty) => {
                Some("it has no host".to_owned())
            }
            Some("http" | "https") => None,
            Some(other) => Some(format!("its scheme is `{other}`")),
        },
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Error::InvalidConfig(format!(
            "invalid base URL {base_url:?}: {problem}; expected an http or https URL such as \
             \"{DEFAULT_BASE_URL}\" (set by `ClientConfig::base_url` or ANTHROPIC_BASE_URL)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn reads_the_environment_through_the_lookup() {
        let config = ClientConfig::from_env(env(&[
            ("ANTHROPIC_API_KEY", "sk-env"),
            ("ANTHROPIC_AUTH_TOKEN", "tok-env"),
            ("ANTHROPIC_BASE_URL", "http://localhost:8080/prefix"),
        ]));
        assert_eq!(config.get_api_key().unwrap().expose(), "sk-env");
        assert_eq!(config.get_auth_token().unwrap().expose(), "tok-env");
        assert_eq!(config.get_base_url(), "http://localhost:8080/prefix/");
    }

    #[test]
    fn defaults_without_environment() {
        let config = ClientConfig::from_env(env(&[]));
        assert!(config.get_api_key().is_none());
        assert!(config.get_auth_token().is_none());
        assert_eq!(config.get_base_url(), "https://api.anthropic.com/");
        assert_eq!(config.get_timeout(), Timeout::DEFAULT);
        assert_eq!(config.get_max_retries(), 2);
    }

    #[test]
    fn explicit_values_win_and_empty_env_counts_as_set() {
        let config = ClientConfig::from_env(env(&[
            ("ANTHROPIC_API_KEY", ""),
            ("ANTHROPIC_BASE_URL", ""),
        ]))
        .auth_token("explicit");
        assert!(config.get_api_key().unwrap().is_empty());
        assert_eq!(config.get_base_url(), "/");
        assert_eq!(config.get_auth_token().unwrap().expose(), "explicit");
        let config =
            ClientConfig::from_env(env(&[("ANTHROPIC_API_KEY", "sk-env")])).api_key("sk-explicit");
        assert_eq!(config.get_api_key().unwrap().expose(), "sk-explicit");
    }

    #[test]
    fn base_urls_that_no_request_could_use_are_refused() {
        for good in [
            "https://api.anthropic.com",
            "http://127.0.0.1:8080",
            "http://localhost:8080/prefix/",
            "https://[::1]:443",
        ] {
            assert!(
                ClientConfig::new().base_url(good).validate().is_ok(),
                "{good}"
            );
        }
        for (bad, says) in [
            ("ftp://x", "its scheme is `ftp`"),
            ("api.anthropic.com", "it has no scheme"),
            ("", "it has no scheme"),
            ("https://", "not a URL"),
            ("http://exa mple.com", "not a URL"),
        ] {
            let error = ClientConfig::new().base_url(bad).validate().unwrap_err();
            assert!(matches!(error, Error::InvalidConfig(_)), "{bad}: {error:?}");
            let message = error.to_string();
            assert!(message.contains(says), "{bad}: {message}");
            assert!(
                message.contains("expected an http or https URL"),
                "{message}"
            );
        }
    }

    #[test]
    fn debug_never_shows_credentials() {
        let config = ClientConfig::new()
            .api_key("sk-ant-SECRET1")
            .auth_token("tok-SECRET2")
            .default_header("X-Api-Key", "sk-ant-SECRET3")
            .base_url("https://user:SECRET4@proxy.example.com/anthropic");
        let shown = format!("{config:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(!shown.contains("user"), "{shown}");
        assert!(
            shown.contains("https://[redacted]@proxy.example.com/anthropic/"),
            "{shown}"
        );
    }
}
