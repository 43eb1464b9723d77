//! Structured outputs: `parse::<T>()` sends `T`'s JSON Schema as `output_format` and
//! parses Claude's reply into `T`.
//!
//! `cargo run --example structured_output`

mod support;

use anthropic::blocking::Client;
use anthropic::schemars::JsonSchema;
use anthropic::types::{MessageCreateParams, Model};
use serde::Deserialize;

/// A contact found in the text.
#[derive(Debug, Deserialize, JsonSchema)]
struct Contact {
    /// The person's full name.
    name: String,
    /// Their email address.
    email: String,
    /// Whether they asked for a demo.
    wants_demo: bool,
}

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let parsed = client.beta().messages().parse::<Contact>(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user(
            "Extract the contact: John Smith (john@example.com) would like a demo next week.",
        ),
    )?;
    match parsed.parsed_output() {
        Some(contact) => println!(
            "{} <{}>, wants a demo: {}",
            contact.name, contact.email, contact.wants_demo
        ),
        None => println!("no text in the reply"),
    }
    Ok(())
}
