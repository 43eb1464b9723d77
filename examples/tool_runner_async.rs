//! The tool runner on tokio: an `async fn` tool, and the two calls of one turn run
//! concurrently (`concurrent_tools`): both start before either returns.
//!
//! `cargo run --example tool_runner_async --features tokio`

mod support;

use std::time::Duration;

use anthropic::tokio::Client;
use anthropic::types::{MessageCreateParams, Model};
use anthropic_mock::MockResponse;
use serde_json::json;

/// Get the current weather for a location.
///
/// # Arguments
/// * `location` - The city and state, e.g. San Francisco, CA
#[anthropic::tool]
async fn get_weather(location: String) -> String {
    println!("  get_weather({location:?}) started");
    // A real tool would await an HTTP call here.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let weather = format!("72°F and sunny in {location}");
    println!("  get_weather({location:?}) returned {weather:?}");
    weather
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
    if let Some(server) = &mock {
        // What Claude answers to "weather in NYC and in Paris": two calls in one turn.
        server.enqueue(two_weather_calls());
    }
    let client = Client::new(config)?;

    let mut runner = client
        .beta()
        .messages()
        .tool_runner(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
                .user("What's the weather in NYC and in Paris?"),
            anthropic::async_tools![get_weather],
        )
        .concurrent_tools(true);
    // Each turn's message; the tools a turn calls run while the next one is awaited.
    while let Some(message) = runner.next_message().await {
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

/// The mock server's scripted first reply: two `get_weather` calls at once.
fn two_weather_calls() -> MockResponse {
    MockResponse::json(
        200,
        json!({
            "id": "msg_weather", "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [
                {"type": "tool_use", "id": "toolu_nyc", "name": "get_weather",
                 "input": {"location": "New York, NY"}},
                {"type": "tool_use", "id": "toolu_paris", "name": "get_weather",
                 "input": {"location": "Paris, France"}}
            ],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 20, "output_tokens": 40}
        }),
    )
}
