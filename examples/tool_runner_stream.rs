//! The streaming tool runner: each turn arrives as a stream, text printed as it comes, then
//! the tools the turn calls (the runner runs them before opening the next turn).
//!
//! `cargo run --example tool_runner_stream`

mod support;

use std::io::Write;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};

/// Get the current weather for a location.
///
/// # Arguments
/// * `location` - The city and state, e.g. San Francisco, CA
#[anthropic::tool]
fn get_weather(location: String) -> String {
    format!("72°F and sunny in {location}")
}

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let mut runner = client
        .beta()
        .messages()
        .tool_runner(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
                .user("What's the weather in NYC?"),
            anthropic::tools![get_weather],
        )
        .streaming();
    let mut turn = 0;
    while let Some(stream) = runner.next_stream() {
        let stream = stream?;
        turn += 1;
        print!("[turn {turn}]");
        let mut started = false;
        for text in stream.text_stream() {
            if !started {
                print!(" ");
                started = true;
            }
            print!("{}", text?);
            std::io::stdout().flush().ok();
        }
        // The rest of the turn: its tool calls, whole (a tool-only turn has no text).
        for call in stream.final_message()?.tool_uses() {
            print!(" calls {}({})", call.name, call.input);
        }
        println!();
    }
    let last = runner.until_done()?;
    println!("stop reason: {:?}", last.stop_reason);
    Ok(())
}
