//! The Python README's "Async Support", on smol: `cargo run --example async_smol --features smol`.

mod support;

use anthropic::smol::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    smol::block_on(async {
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
