//! [`VertexClient`]: Claude on Google Vertex AI (Python's `AnthropicVertex`).

use anthropic_core::platform::VertexOptions;
use anthropic_core::response::Parsed;
use anthropic_core::{ClientConfig, Error, TransportConfig};

use crate::client::Client;
use crate::resources::{Beta, Messages};
use crate::runtime::Runtime;

/// An async client for Claude on Google Vertex AI. Cheap to clone.
///
/// The same client as [`Client`], with every request rewritten for Vertex (the model and
/// project in the URL, the version in the body) and authorized with a Google access
/// token before every attempt: a given `access_token`, or Application Default
/// Credentials (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's file, the metadata server),
/// refreshed before they expire. Errors map as Python's Vertex client maps them.
///
/// ```no_run
/// # async fn run<R: anthropic_async::Runtime + Default>() -> Result<(), anthropic_core::Error> {
/// use anthropic_async::VertexClient;
/// use anthropic_core::platform::VertexOptions;
/// use anthropic_core::types::{MessageCreateParams, MessageParam};
///
/// let client = VertexClient::<R>::new(VertexOptions::new().region("us-east5").project_id("my-project"))?;
/// let message = client.messages().create(
///     &MessageCreateParams::new("claude-sonnet-4@20250514", 1024)
///         .message(MessageParam::user("Hey Claude!")),
/// ).await?;
/// println!("{}", message.text());
/// # Ok(()) }
/// ```
///
/// Resources: `messages()` (`create`, `create_stream`, `stream`, `count_tokens`; batches
/// refused) and `beta().messages()`.
#[derive(Debug)]
pub struct VertexClient<R: Runtime> {
    client: Client<R>,
}

impl<R: Runtime> Clone for VertexClient<R> {
    fn clone(&self) -> Self {
        VertexClient {
            client: self.client.clone(),
        }
    }
}

impl<R: Runtime + Default> VertexClient<R> {
    /// A client with the SDK's defaults and these options. Fails with Python's error when
    /// no region is given (`region` or `CLOUD_ML_REGION`), or when Application Default
    /// Credentials name a file that cannot be read.
    pub fn new(options: VertexOptions) -> Result<Self, Error> {
        Self::with_config(options, ClientConfig::new())
    }

    /// A client with general options (timeout, retries, default headers and query) from
    /// `config`. Its base URL, API key and auth token are not used.
    pub fn with_config(options: VertexOptions, config: ClientConfig) -> Result<Self, Error> {
        Self::with_transport(options, config, TransportConfig::default())
    }

    /// The same with explicit connection settings (proxy, root certificates, pool).
    pub fn with_transport(
        options: VertexOptions,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        Self::with_runtime(R::default(), options, config, transport)
    }
}

impl<R: Runtime> VertexClient<R> {
    /// A client on this runtime value (see [`Client::with_runtime`]).
    pub fn with_runtime(
        runtime: R,
        options: VertexOptions,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        let config = options.resolve(
            config,
            &anthropic_platform::env,
            &anthropic_platform::read_file,
            anthropic_platform::RingSigner::shared(),
        )?;
        Ok(VertexClient {
            client: Client::with_runtime(runtime, config, transport)?,
        })
    }

    /// A new client with a changed configuration sharing this one's connection pool and
    /// token cache.
    pub fn with_options(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        VertexClient {
            client: self.client.with_options(change),
        }
    }

    /// The configuration (its platform holds the region, project and token source).
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
