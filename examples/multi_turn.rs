//! The Python README's "Multi-turn Conversation", continued for one more turn with the
//! assistant's reply appended to the history.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, MessageParam, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let mut messages = vec![
        MessageParam::user("What is Python?"),
        MessageParam::assistant("Python is a high-level programming language..."),
        MessageParam::user("What are its main uses?"),
    ];

    let response = client.messages().create(&MessageCreateParams {
        model: Model::CLAUDE_SONNET_4_5_20250929,
        max_tokens: 1024,
        messages: messages.clone(),
        ..Default::default()
    })?;
    println!("Claude: {}", response.text());

    // Keep the conversation going: the reply goes back in as the assistant's turn.
    messages.push(response.to_param());
    messages.push(MessageParam::user("Which of those is the most popular?"));
    let response = client.messages().create(&MessageCreateParams {
        model: Model::CLAUDE_SONNET_4_5_20250929,
        max_tokens: 1024,
        messages,
        ..Default::default()
    })?;
    println!("Claude: {}", response.text());
    Ok(())
}
