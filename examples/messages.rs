//! The Python README's "Simple Message".

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, MessageParam, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let message = client.messages().create(&MessageCreateParams {
        model: Model::CLAUDE_SONNET_4_5_20250929,
        max_tokens: 1024,
        messages: vec![MessageParam::user("Explain recursion in programming")],
        ..Default::default()
    })?;

    if let Some(text) = message.content[0].as_text() {
        println!("{text}");
    }
    Ok(())
}
