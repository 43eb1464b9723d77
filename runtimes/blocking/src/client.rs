//! The client: configuration plus a connection pool.

use std::sync::Arc;

use anthropic_core::{ClientConfig, Error, TransportConfig};

use crate::limit::ConnectionLimit;
use crate::proxy::Proxies;
use crate::resources::{Beta, Completions, Messages, Models};
use crate::transport::build_agent;
use anthropic_core::response::Parsed;

/// A blocking Claude API client. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) config: Arc<ClientConfig>,
    pub(crate) transport: Arc<TransportConfig>,
    pub(crate) agent: ureq::Agent,
    pub(crate) proxies: Arc<Proxies>,
    /// Connections in use, shared with every clone (`TransportConfig::max_connections`).
    pub(crate) limit: Arc<ConnectionLimit>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with this configuration and the default transport (proxy from the
    /// environment, web PKI roots).
    pub fn new(config: ClientConfig) -> Result<Client, Error> {
        Client::with_transport(config, TransportConfig::default())
    }

    /// A client configured from `ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN` and
    /// `ANTHROPIC_BASE_URL`. Missing credentials are reported by the first request, as in
    /// Python.
    pub fn from_env() -> Result<Client, Error> {
        Client::new(ClientConfig::from_env(|name| std::env::var(name).ok()))
    }

    /// A client with explicit connection settings (proxy, root certificates, pool).
    pub fn with_transport(
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Client, Error> {
        config.validate()?;
        // `ANTHROPIC_LOG` works by itself when the application set no subscriber.
        let anthropic_log = std::env::var("ANTHROPIC_LOG").ok();
        anthropic_core::logging::init_from_env_value(anthropic_log.as_deref(), |line| {
            eprintln!("{line}")
        });
        let agent = build_agent(&transport)?;
        let proxies = Proxies::resolve(&transport)?;
        Ok(Client {
            config: Arc::new(config),
            limit: ConnectionLimit::new(transport.max_connections),
            transport: Arc::new(transport),
            agent,
            proxies: Arc::new(proxies),
        })
    }

    /// A new client with a changed configuration that shares this one's connection pool
    /// (Python's `with_options`/`copy`). `change` starts from this client's configuration,
    /// so options merge: chained `with_options` calls all take effect, the later winning.
    ///
    /// ```no_run
    /// # let client = anthropic_blocking::Client::from_env()?;
    /// let patient = client.with_options(|c| c.max_retries(5));
    /// # Ok::<(), anthropic_core::Error>(())
    /// ```
    pub fn with_options(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Client {
        Client {
            config: Arc::new(change((*self.config).clone())),
            transport: Arc::clone(&self.transport),
            agent: self.agent.clone(),
            proxies: Arc::clone(&self.proxies),
            limit: Arc::clone(&self.limit),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The Messages API: `create`, `create_stream`, `stream`, `count_tokens`.
    pub fn messages(&self) -> Messages<'_, Parsed> {
        Messages::new(self, false)
    }

    /// The Models API: `list`, `list_all`, `retrieve`.
    pub fn models(&self) -> Models<'_, Parsed> {
        Models::new(self, false)
    }

    /// Legacy Text Completions (deprecated): `create`, `create_stream`.
    pub fn completions(&self) -> Completions<'_, Parsed> {
        Completions::new(self, false)
    }

    /// The beta forms of the endpoints (`?beta=true`).
    pub fn beta(&self) -> Beta<'_> {
        Beta::new(self, true)
    }
}
