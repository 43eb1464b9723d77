//! The Python README's "Async Support", on tokio.
//!
//! `cargo run --example async_tokio --features tokio`

mod support;

use anthropic::tokio::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    // `#[tokio::main]` in an application; a plain runtime here keeps the example's build to
    // the `tokio` feature alone.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(run())
}

async fn run() -> Result<(), anthropic::Error> {
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
