//! [`VertexClient`]: Claude on Google Vertex AI (Python's `AnthropicVertex`).

use anthropic_core::platform::VertexOptions;

platform_client! {
    /// An async client for Claude on Google Vertex AI. Cheap to clone.
    ///
    /// The same client as [`Client`](crate::Client), with every request rewritten for Vertex (the model and
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
    VertexClient(VertexOptions) {
        new:
            /// A client with the SDK's defaults and these options. Fails with Python's error
            /// when no region is given (`region` or `CLOUD_ML_REGION`), or when Application
            /// Default Credentials name a file that cannot be read.
            ;
    }
}
