//! Quickstart: send one message and print the reply.
//!
//! `cargo run --example quickstart` talks to the real API when `ANTHROPIC_API_KEY` is set,
//! and to the project's mock Claude server on 127.0.0.1 otherwise. With
//! `ANTHROPIC_LOG=info` (or `debug`) it also logs each HTTP request to stderr: building the
//! client turns the logger on, nothing needs calling.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let message = client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello, Claude"))?;

    println!("{}", message.text());
    println!(
        "(model {}, stop reason {}, {} input / {} output tokens, request id {})",
        message.model,
        message.stop_reason.as_ref().map_or("none", |r| r.as_str()),
        message.usage.input_tokens,
        message.usage.output_tokens,
        message.request_id.as_deref().unwrap_or("none"),
    );
    Ok(())
}
