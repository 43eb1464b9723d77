//! The Python README's "Raw Response Access": headers first, then the parsed message.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let response = client
        .messages()
        .with_raw_response()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello"))?;

    // The API's request id header is `request-id`.
    println!("status: {}", response.status());
    println!("request-id: {:?}", response.request_id());
    let message = response.parse()?;
    println!("{}", message.text());
    Ok(())
}
