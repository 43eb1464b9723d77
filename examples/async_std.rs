//! The Python README's "Async Support", on async-std:
//! `cargo run --example async_std --features async-std`.

mod support;

use anthropic::async_std::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    async_std::task::block_on(async {
        let client = Client::new(config)?;
        let message = client
            .messages()
            .create(
                &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello!"),
            )
            .await?;
        println!("{}", message.text());
        Ok(())
    })
}
