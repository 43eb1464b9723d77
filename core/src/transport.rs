//! How a driver should connect: proxy, trusted roots, connection pool limits.
//!
//! This is configuration only, shared by every runtime so that each offers the same
//! settings; the runtimes apply it to their sockets and TLS. Verification of server
//! certificates is always on: there is deliberately no setting to turn it off.

use std::time::Duration;

/// Which proxy to use for requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyConfig {
    /// Read `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` and `NO_PROXY` (either case) from
    /// the environment when the client is built, as Python's default client does.
    #[default]
    FromEnv,
    /// Connect directly, whatever the environment says.
    Direct,
    /// Tunnel through this proxy (`http://host:port`, credentials allowed in the URL).
    Url(String),
}

/// Connection settings for a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportConfig {
    /// The proxy to use.
    pub proxy: ProxyConfig,
    /// Root certificates (PEM) to trust instead of the bundled web PKI roots. Empty means
    /// the web PKI roots.
    pub root_certificates_pem: Vec<Vec<u8>>,
    /// Most idle connections kept for reuse, in all (Python keeps 100).
    pub max_idle_connections: usize,
    /// Most idle connections kept per host.
    pub max_idle_connections_per_host: usize,
    /// How long an idle connection is kept before it is closed (Python: 5 s).
    pub idle_timeout: Duration,
    /// Largest non-streaming response body accepted, in bytes.
    pub max_body_size: u64,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            proxy: ProxyConfig::FromEnv,
            root_certificates_pem: Vec::new(),
            max_idle_connections: 100,
            max_idle_connections_per_host: 100,
            idle_timeout: Duration::from_secs(5),
            max_body_size: 256 * 1024 * 1024,
        }
    }
}

impl TransportConfig {
    /// Uses this proxy (`http://host:port`).
    pub fn with_proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxyConfig::Url(url.into());
        self
    }

    /// Ignores proxy settings in the environment.
    pub fn without_proxy(mut self) -> Self {
        self.proxy = ProxyConfig::Direct;
        self
    }

    /// Trusts this PEM root certificate (repeatable); the web PKI roots are then not used.
    pub fn with_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }
}
