//! The client: configuration, a runtime, and a connection pool.

use std::sync::Arc;

use anthropic_core::{ClientConfig, Error, TransportConfig};

use crate::resources::{Beta, Completions, Messages, Models};
use crate::runtime::Runtime;
use crate::transport::Transport;
use anthropic_core::response::Parsed;

/// An async Claude API client over the runtime `R`. Cheap to clone: clones share the
/// connection pool. Its futures are `Send`, so they can be spawned on a multi-threaded
/// executor.
///
/// The runtime crates name it for their runtime (`anthropic_tokio::Client` is
/// `Client<anthropic_tokio::Tokio>`); with another executor, implement [`Runtime`] and
/// build one with [`Client::with_runtime`].
pub struct Client<R: Runtime> {
    pub(crate) config: Arc<ClientConfig>,
    pub(crate) transport: Arc<Transport<R>>,
}

impl<R: Runtime> Clone for Client<R> {
    fn clone(&self) -> Self {
        Client {
            config: Arc::clone(&self.config),
            transport: Arc::clone(&self.transport),
        }
    }
}

impl<R: Runtime> std::fmt::Debug for Client<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl<R: Runtime + Default> Client<R> {
    /// A client with this configuration and the default transport (proxy from the
    /// environment, web PKI roots).
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        Self::with_transport(config, TransportConfig::default())
    }

    /// A client configured from `ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN` and
    /// `ANTHROPIC_BASE_URL`. Missing credentials are reported by the first request, as in
    /// Python.
    pub fn from_env() -> Result<Self, Error> {
        Self::new(ClientConfig::from_env(|name| std::env::var(name).ok()))
    }

    /// A client with explicit connection settings (proxy, root certificates, pool).
    pub fn with_transport(config: ClientConfig, transport: TransportConfig) -> Result<Self, Error> {
        Self::with_runtime(R::default(), config, transport)
    }
}

impl<R: Runtime> Client<R> {
    /// A client on this runtime value, with explicit connection settings. The proxy
    /// settings are resolved now (environment variables included); invalid proxy URLs and
    /// root certificates are reported here.
    pub fn with_runtime(
        runtime: R,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        config.validate()?;
        // `ANTHROPIC_LOG` works by itself when the application set no subscriber.
        let anthropic_log = std::env::var("ANTHROPIC_LOG").ok();
        anthropic_core::logging::init_from_env_value(anthropic_log.as_deref(), |line| {
            eprintln!("{line}")
        });
        Ok(Client {
            config: Arc::new(config),
            transport: Arc::new(Transport::new(runtime, &transport)?),
        })
    }

    /// A new client with a changed configuration that shares this one's connection pool
    /// (Python's `with_options`/`copy`). `change` starts from this client's configuration,
    /// so options merge: chained `with_options` calls all take effect, the later winning.
    pub fn with_options(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        Client {
            config: Arc::new(change((*self.config).clone())),
            transport: Arc::clone(&self.transport),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The runtime.
    pub fn runtime(&self) -> &R {
        &self.transport.runtime
    }

    /// The Messages API: `create`, `create_stream`, `stream`, `count_tokens`.
    pub fn messages(&self) -> Messages<'_, R, Parsed> {
        Messages::new(self, false)
    }

    /// The Models API: `list`, `list_all`, `retrieve`.
    pub fn models(&self) -> Models<'_, R, Parsed> {
        Models::new(self, false)
    }

    /// Legacy Text Completions (deprecated): `create`, `create_stream`.
    pub fn completions(&self) -> Completions<'_, R, Parsed> {
        Completions::new(self, false)
    }

    /// The beta forms of the endpoints (`?beta=true`).
    pub fn beta(&self) -> Beta<'_, R> {
        Beta::new(self, true)
    }
}
