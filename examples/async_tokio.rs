//! The Python README's "Async Support", on tokio.
//!
//! The same client is `anthropic::tokio::Client` with the `tokio` feature; the runtime
//! crate is used directly here so the example runs without feature flags.

mod support;

use anthropic::types::{MessageCreateParams, Model};
use anthropic_tokio::Client;

#[tokio::main]
async fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let message = client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello!"))
        .await?;
    if let Some(text) = message.content[0].as_text() {
        println!("{text}");
    }
    Ok(())
}
