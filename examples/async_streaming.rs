//! The Python README's "Async Streaming": the stream helper's text as it arrives, on
//! tokio, then the raw events of a second request through `futures::StreamExt`.

mod support;

use std::io::Write;

use anthropic::stream::{ContentDelta, StreamEvent};
use anthropic::types::{MessageCreateParams, Model};
use anthropic_tokio::Client;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello");

    let mut stream = client.messages().stream(&params).await?;
    let mut text = stream.text_stream();
    while let Some(piece) = text.next().await {
        print!("{}", piece?);
        std::io::stdout().flush().ok();
    }
    println!();
    let message = stream.final_message().await?;
    println!("({} output tokens)", message.usage.output_tokens);

    // The raw events are a `futures::Stream` too.
    let mut events = client.messages().create_stream(&params).await?;
    while let Some(event) = events.next().await {
        if let StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { text, .. },
            ..
        } = event?
        {
            print!("{text}");
        }
    }
    println!();
    Ok(())
}
