//! [`BedrockClient`]: Claude on Amazon Bedrock (Python's `AnthropicBedrock`).

use anthropic_core::platform::BedrockOptions;
use anthropic_core::response::Parsed;
use anthropic_core::{ClientConfig, Error, TransportConfig};

use crate::client::Client;
use crate::resources::{Beta, Completions, Messages};

/// A blocking client for Claude on Amazon Bedrock. Cheap to clone.
///
/// The same client as [`Client`], with every request rewritten for Bedrock (the model in
/// the URL, the version in the body), SigV4-signed anew for every attempt, streamed in the
/// AWS event-stream framing, and its errors mapped as Python's Bedrock client maps them
/// (see `anthropic_core::platform`). Retries, timeouts, default headers and query, the
/// stream helper: all as on [`Client`].
///
/// ```no_run
/// use anthropic_blocking::BedrockClient;
/// use anthropic_core::platform::BedrockOptions;
/// use anthropic_core::types::{MessageCreateParams, MessageParam};
///
/// let client = BedrockClient::new(BedrockOptions::new().aws_region("us-east-1"))?;
/// let message = client.messages().create(
///     &MessageCreateParams::new("anthropic.claude-sonnet-4-5-20250929-v1:0", 256)
///         .message(MessageParam::user("Hello!")),
/// )?;
/// println!("{}", message.text());
/// # Ok::<(), anthropic_core::Error>(())
/// ```
///
/// Resources: `messages()` (`create`, `create_stream`, `stream`; `count_tokens` and
/// batches are refused before sending, as in Python), `beta().messages()`, and the legacy
/// `completions()` (`create`, `create_stream`, streamed over the AWS event stream).
#[derive(Clone, Debug)]
pub struct BedrockClient {
    client: Client,
}

impl BedrockClient {
    /// A client with the SDK's defaults (timeout, retries) and these options; the rest
    /// (region, credentials, base URL) comes from the environment and the AWS files.
    pub fn new(options: BedrockOptions) -> Result<Self, Error> {
        Self::with_config(options, ClientConfig::new())
    }

    /// A client with general options (timeout, retries, default headers and query) from
    /// `config`. Its base URL, API key and auth token are not used.
    pub fn with_config(options: BedrockOptions, config: ClientConfig) -> Result<Self, Error> {
        Self::with_transport(options, config, TransportConfig::default())
    }

    /// The same with explicit connection settings (proxy, root certificates, pool).
    pub fn with_transport(
        options: BedrockOptions,
        config: ClientConfig,
        transport: TransportConfig,
    ) -> Result<Self, Error> {
        let config = options.resolve(
            config,
            &anthropic_platform::env,
            &anthropic_platform::read_file,
        );
        Ok(BedrockClient {
            client: Client::with_transport(config, transport)?,
        })
    }

    /// A new client with a changed configuration sharing this one's connection pool.
    pub fn with_options(&self, change: impl FnOnce(ClientConfig) -> ClientConfig) -> Self {
        BedrockClient {
            client: self.client.with_options(change),
        }
    }

    /// The configuration (its platform holds the region and credentials source).
    pub fn config(&self) -> &ClientConfig {
        self.client.config()
    }

    /// The Messages API.
    pub fn messages(&self) -> Messages<'_, Parsed> {
        self.client.messages()
    }

    /// Legacy Text Completions (Python's `AnthropicBedrock().completions`): the model in
    /// the URL as for messages; `create_stream` reads Bedrock's event stream.
    pub fn completions(&self) -> Completions<'_> {
        self.client.completions()
    }

    /// The beta Messages API (`beta().messages().create(..)`, with `betas` sent in the body
    /// as Bedrock wants them).
    pub fn beta(&self) -> Beta<'_> {
        self.client.beta()
    }
}
