//! [`FoundryClient`]: Claude on Microsoft Foundry (Python's `AnthropicFoundry`).

use anthropic_core::platform::FoundryOptions;
use anthropic_core::response::Parsed;
use anthropic_core::{ClientConfig, Error, TransportConfig};

use crate::client::Client;
use crate::resources::{Beta, Messages};
use crate::runtime::Runtime;

/// An async client for Claude on Microsoft Foundry (Azure). Cheap to clone.
///
/// The first-party API under `https://{resource}.services.ai.azure.com/anthropic/`,
/// authenticated with `api-key`, or with an Entra ID token from a provider called before
/// every attempt. Unlike Python, `ANTHROPIC_API_KEY` is never read or sent.
///
/// ```no_run
/// # async fn run<R: anthropic_async::Runtime + Default>() -> Result<(), anthropic_core::Error> {
/// use anthropic_async::FoundryClient;
/// use anthropic_core::platform::FoundryOptions;
/// use anthropic_core::types::{MessageCreateParams, MessageParam};
///
/// let client = FoundryClient::<R>::new(FoundryOptions::new().resource("my-resource").api_key("key"))?;
/// let message = client.messages().create(
///     &MessageCreateParams::new("claude-sonnet-4-5", 1024).message(MessageParam::user("Hello!")),
/// ).await?;
/// println!("{}", message.text());
/// # Ok(()) }
/// ```
///
/// Resources: `messages()` and `beta().messages()` (batches and models are refused, as
/// Python's Foundry client has none).
#[derive(Debug)]
pub struct FoundryClient<R: Runtime> {
    client: Client<R>,
}

impl<R: Runtime> Clone for FoundryClient<R> {
    fn clone(&self) -> Self {
        FoundryClient {
            client: self.client.clone(),
        }
    }
}

impl<R: Runtime + Default> FoundryClient<R> {
    /// A client with the SDK's defaults and these options; fails with Python's
    /// construction errors (no credentials; no base URL or resource; both).
    pub fn new(options: FoundryOptions) -> Result<Self, Error> {
        Self::with_config(options, ClientConfig::new())
    }

    /// A client with general options (timeout, retries, default headers and query) from
    /// `config`. Its base URL, API key and auth token are not used.
    pub fn with_config(options: FoundryOptions, config: ClientConfig) -> Result<Self, Error> {
        Self::with_transport(options, config, TransportConfig::default())
    }

    /// The same with explicit connection settings (proxy, root certificates, pool).
    pub fn with_transport(
        options: FoundryOptions,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        Self::with_runtime(R::default(), options, config, transport)
    }
}

impl<R: Runtime> FoundryClient<R> {
    /// A client on this runtime value (see [`Client::with_runtime`]).
    pub fn with_runtime(
        runtime: R,
        options: FoundryOptions,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        let config = options.resolve(config, &anthropic_platform::env)?;
        Ok(FoundryClient {
            client: Client::with_runtime(runtime, config, transport)?,
        })
    }

    /// A new client with a changed configuration sharing this one's connection pool; the
    /// API key or token provider and the base URL carry over (Python's `copy` is broken).
    pub fn with_options(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        FoundryClient {
            client: self.client.with_options(change),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.client.config()
    }

    /// The Messages API.
    pub fn messages(&self) -> Messages<'_, R, Parsed> {
        self.client.messages()
    }

    /// The beta Messages API.
    pub fn beta(&self) -> Beta<'_, R> {
        self.client.beta()
    }
}
