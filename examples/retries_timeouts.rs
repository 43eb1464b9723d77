//! The Python README's "Retries" and "Timeouts": client-wide settings, and per-request
//! overrides with `with_options`.

mod support;

use std::time::Duration;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};
use anthropic::{RequestOptions, Timeout};

fn main() -> Result<(), anthropic::Error> {
    let (config, mock) = support::config();

    // Global: five retries and a 30-second timeout (connect, and each read and write).
    let client = Client::new(config.max_retries(5).timeout(Duration::from_secs(30)))?;

    // Per client copy, sharing the connection pool: ten retries.
    let patient = client.with_options(|c| c.max_retries(10));

    if let Some(mock) = &mock {
        // Overloaded twice, then an answer: the client retries after the server's hint.
        for _ in 0..2 {
            mock.enqueue(
                anthropic_mock::MockResponse::error(529, "overloaded_error", "Overloaded")
                    .header("retry-after-ms", "200"),
            );
        }
    }
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello");
    let raw = patient.messages().with_raw_response().create(&params)?;
    println!(
        "answered after {} retries in {:?}",
        raw.retries_taken(),
        raw.elapsed()
    );

    // Per request: a 60-second timeout, and an overall deadline across every attempt.
    let options = RequestOptions::new()
        .timeout(Timeout::uniform(Duration::from_secs(60)).total(Duration::from_secs(120)));
    let message = client.messages().with_options(options).create(&params)?;
    println!("{}", message.text());
    Ok(())
}
