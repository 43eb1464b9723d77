//! Raw events taken by reference: the same stream as `streaming`, but each text delta's
//! string is lent from the client's read buffer (`next_ref`) instead of copied into a
//! `String` of its own. For a caller that only prints, forwards or appends the text.
//! `cargo run --example streaming_by_ref`

mod support;

use std::io::Write;

use anthropic::blocking::Client;
use anthropic::stream::StreamEventRef;
use anthropic::stream::event::StrDeltaKind;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let mut stream = client.messages().create_stream(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Write a story"),
    )?;

    let mut out = std::io::stdout().lock();
    while let Some(event) = stream.next_ref() {
        match event? {
            // Every text, tool-input and thinking delta comes in this one form.
            StreamEventRef::StrDelta(delta) if delta.kind == StrDeltaKind::Text => {
                out.write_all(delta.text.as_bytes()).ok();
                out.flush().ok();
            }
            // Anything else arrives owned, as `next_event` gives it.
            StreamEventRef::StrDelta(_) | StreamEventRef::Event(_) => {}
        }
    }
    writeln!(out).ok();
    Ok(())
}
