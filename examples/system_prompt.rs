//! The Python README's "With System Prompt".

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let message = client.messages().create(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
            .system("You are a helpful coding assistant. Be concise.")
            .user("How do I read a file in Python?"),
    )?;

    println!("{}", message.text());
    Ok(())
}
