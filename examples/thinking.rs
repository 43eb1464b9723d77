//! The Python README's "Extended Thinking".

mod support;

use anthropic::blocking::Client;
use anthropic::types::{ContentBlock, MessageCreateParams, Model, ThinkingConfig};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let response = client.messages().create(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 16000)
            .thinking(ThinkingConfig::enabled(10000))
            .user("Prove that there are infinitely many primes"),
    )?;

    for block in &response.content {
        match block {
            ContentBlock::Thinking(thinking) => {
                let preview: String = thinking.thinking.chars().take(200).collect();
                println!("Thinking: {preview}...");
            }
            ContentBlock::Text(text) => println!("Answer: {}", text.text),
            _ => {}
        }
    }
    Ok(())
}
