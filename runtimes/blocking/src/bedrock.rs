//! [`BedrockClient`]: Claude on Amazon Bedrock (Python's `AnthropicBedrock`).

use anthropic_core::platform::BedrockOptions;

use crate::resources::Completions;

platform_client! {
    /// A blocking client for Claude on Amazon Bedrock. Cheap to clone.
    ///
    /// The same client as [`Client`](crate::Client), with every request rewritten for Bedrock (the model in
    /// the URL, the version in the body), SigV4-signed anew for every attempt, streamed in the
    /// AWS event-stream framing, and its errors mapped as Python's Bedrock client maps them
    /// (see `anthropic_core::platform`). Retries, timeouts, default headers and query, the
    /// stream helper: all as on [`Client`](crate::Client).
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
    BedrockClient(BedrockOptions) {
        new:
            /// A client with the SDK's defaults (timeout, retries) and these options; the
            /// rest (region, credentials, base URL) comes from the environment and the AWS
            /// files.
            ;

        /// Legacy Text Completions (Python's `AnthropicBedrock().completions`): the model in
        /// the URL as for messages; `create_stream` reads Bedrock's event stream.
        pub fn completions(&self) -> Completions<'_> {
            self.client.completions()
        }
    }
}
