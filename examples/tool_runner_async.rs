//! The tool runner on tokio: an `async fn` tool, two calls in one turn run concurrently
//! (`concurrent_tools`), the loop awaited with `until_done()`.
//!
//! `cargo run --example tool_runner_async --features tokio`

mod support;

use anthropic::RequestOptions;
use anthropic::tokio::Client;
use anthropic::types::{MessageCreateParams, Model};

/// Get the current weather for a location.
///
/// # Arguments
/// * `location` - The city and state, e.g. San Francisco, CA
#[anthropic::tool]
async fn get_weather(location: String) -> String {
    // A real tool would await an HTTP call here.
    format!("72°F and sunny in {location}")
}

fn main() -> Result<(), anthropic::Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(run())
}

async fn run() -> Result<(), anthropic::Error> {
    let (config, mock) = support::config();
    let client = Client::new(config)?;
    let mut messages = client.beta().messages();
    if mock.is_some() {
        // Ask the mock server for two tool calls in one turn, as Claude makes for
        // "weather in NYC and in Paris".
        messages = messages.with_options(RequestOptions::new().header("x-mock-tool-calls", "2"));
    }

    let mut runner = messages
        .tool_runner(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
                .user("What's the weather in NYC and in Paris?"),
            anthropic::async_tools![get_weather],
        )
        .concurrent_tools(true);
    let last = runner.until_done().await?;
    println!("{}", last.text());
    Ok(())
}
