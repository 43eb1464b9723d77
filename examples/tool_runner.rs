//! The Python README's "Using the @beta_tool Decorator": a Rust function becomes a tool
//! with `#[anthropic::tool]`, and the tool runner calls it until Claude is done.
//!
//! `cargo run --example tool_runner`

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};
use serde_json::json;

/// Get the current weather for a location.
///
/// # Arguments
/// * `location` - The city and state, e.g. San Francisco, CA
#[anthropic::tool]
fn get_weather(location: String) -> String {
    json!({
        "location": location,
        "temperature": "72°F",
        "condition": "Sunny"
    })
    .to_string()
}

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let runner = client.beta().messages().tool_runner(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
            .user("What's the weather in NYC?"),
        anthropic::tools![get_weather],
    );
    for message in runner {
        let message = message?;
        for call in message.tool_uses() {
            println!("Claude calls {}({})", call.name, call.input);
        }
        if !message.text().is_empty() {
            println!("Claude: {}", message.text());
        }
    }
    Ok(())
}
