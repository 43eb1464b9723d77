//! Legacy Text Completions (deprecated: use the Messages API), with `HUMAN_PROMPT` and
//! `AI_PROMPT`, whole and streamed.

mod support;

use anthropic::blocking::Client;
use anthropic::types::CompletionCreateParams;
use anthropic::{AI_PROMPT, HUMAN_PROMPT};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let params = CompletionCreateParams::new(
        "claude-2.1",
        256,
        format!("{HUMAN_PROMPT} How many toes do dogs have?{AI_PROMPT}"),
    );

    let completion = client.completions().create(&params)?;
    println!("{}", completion.completion);

    for piece in client.completions().create_stream(&params)? {
        print!("{}", piece?.completion);
    }
    println!();
    Ok(())
}
