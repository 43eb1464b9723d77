//! [`FoundryClient`]: Claude on Microsoft Foundry (Python's `AnthropicFoundry`).

use anthropic_core::platform::FoundryOptions;

use crate::resources::Completions;

platform_client! {
    /// A blocking client for Claude on Microsoft Foundry (Azure). Cheap to clone.
    ///
    /// The first-party API under `https://{resource}.services.ai.azure.com/anthropic/`,
    /// authenticated with `api-key`, or with an Entra ID token from a provider called before
    /// every attempt. Unlike Python, `ANTHROPIC_API_KEY` is never read or sent.
    ///
    /// ```no_run
    /// use anthropic_blocking::FoundryClient;
    /// use anthropic_core::platform::FoundryOptions;
    /// use anthropic_core::types::{MessageCreateParams, MessageParam};
    ///
    /// let client = FoundryClient::new(FoundryOptions::new().resource("my-resource").api_key("key"))?;
    /// let message = client.messages().create(
    ///     &MessageCreateParams::new("claude-sonnet-4-5", 1024).message(MessageParam::user("Hello!")),
    /// )?;
    /// println!("{}", message.text());
    /// # Ok::<(), anthropic_core::Error>(())
    /// ```
    ///
    /// Resources: `messages()`, `beta()` (messages, models, files, skills) and the legacy
    /// `completions()`, as Python's Foundry client has them. Batches and the GA models
    /// endpoints are refused before sending, as Python's Foundry client has none.
    FoundryClient(FoundryOptions) {
        new:
            /// A client with the SDK's defaults and these options; fails with Python's
            /// construction errors (no credentials; no base URL or resource; both).
            ;

        /// Legacy Text Completions (Python's `AnthropicFoundry().completions`, inherited
        /// from the first-party client).
        pub fn completions(&self) -> Completions<'_> {
            self.client.completions()
        }
    }
}
