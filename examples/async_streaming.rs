//! The Python README's "Async Streaming": the stream helper's text as it arrives, on
//! tokio, then the raw events of a second request
//! (`cargo run --example async_streaming --features tokio`).

mod support;

use std::io::Write;

use anthropic::stream::{ContentDelta, StreamEvent};
use anthropic::tokio::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    // `#[tokio::main]` in an application; a plain runtime here keeps the example's build to
    // the `tokio` feature alone.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(run())
}

async fn run() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello");

    let mut stream = client.messages().stream(&params).await?;
    let mut text = stream.text_stream();
    while let Some(piece) = text.next_text().await {
        print!("{}", piece?);
        std::io::stdout().flush().ok();
    }
    println!();
    let message = stream.final_message().await?;
    println!("({} output tokens)", message.usage.output_tokens);

    // The raw events. Both are `futures::Stream`s too (`StreamExt::next`); `next_event` and
    // `next_text` need no extra import.
    let mut events = client.messages().create_stream(&params).await?;
    while let Some(event) = events.next_event().await {
        if let StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { text },
            ..
        } = event?
        {
            print!("{text}");
        }
    }
    println!();
    Ok(())
}
