//! The Python README's "Synchronous Streaming": raw events as they arrive
//! (Python's `create(..., stream=True)`).

mod support;

use std::io::Write;

use anthropic::blocking::Client;
use anthropic::stream::{ContentDelta, StreamEvent};
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let stream = client.messages().create_stream(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Write a story"),
    )?;

    for event in stream {
        if let StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { text, .. },
            ..
        } = event?
        {
            print!("{text}");
            std::io::stdout().flush().ok();
        }
    }
    println!();
    Ok(())
}
