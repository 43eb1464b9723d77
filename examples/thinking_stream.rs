//! The Python README's "Streaming with Thinking".

mod support;

use std::io::Write;

use anthropic::blocking::Client;
use anthropic::stream::{ContentDelta, StreamEvent};
use anthropic::types::{MessageCreateParams, Model, ThinkingConfig};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let stream = client.messages().stream(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 16000)
            .thinking(ThinkingConfig::enabled(10000))
            .user("Solve this problem..."),
    )?;

    for event in stream {
        if let StreamEvent::ContentBlockDelta { delta, .. } = event? {
            match delta {
                ContentDelta::Thinking { thinking, .. } => print!("[Thinking] {thinking}"),
                ContentDelta::Text { text, .. } => print!("{text}"),
                _ => {}
            }
            std::io::stdout().flush().ok();
        }
    }
    println!();
    Ok(())
}
