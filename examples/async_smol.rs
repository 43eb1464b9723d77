//! The Python README's "Async Support", on smol.

mod support;

use anthropic::types::{MessageCreateParams, Model};
use anthropic_smol::Client;

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
