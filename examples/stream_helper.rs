//! The Python README's "Stream Helper": print text as it arrives, then take the final
//! message.

mod support;

use std::io::Write;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let mut stream = client.messages().stream(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Write a poem"),
    )?;

    for text in stream.text_stream() {
        print!("{}", text?);
        std::io::stdout().flush().ok();
    }
    println!();

    // The final message, accumulated from the events.
    let final_message = stream.final_message()?;
    println!(
        "({} content block(s), stop reason {})",
        final_message.content.len(),
        final_message
            .stop_reason
            .as_ref()
            .map_or("none", |r| r.as_str())
    );
    Ok(())
}
