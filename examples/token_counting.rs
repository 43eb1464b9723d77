//! The Python README's "Token Counting": count before sending, read usage after.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCountTokensParams, MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let count = client.messages().count_tokens(
        &MessageCountTokensParams::new(Model::CLAUDE_SONNET_4_5_20250929).user("Hello, world!"),
    )?;
    println!("Input tokens: {}", count.input_tokens);

    let response = client.messages().create(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello, world!"),
    )?;
    println!(
        "Usage: input_tokens={}, output_tokens={}",
        response.usage.input_tokens, response.usage.output_tokens
    );
    Ok(())
}
