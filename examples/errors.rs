//! The Python README's "Error Handling": one error type, matched by kind.
//!
//! Against the mock server the request is answered with a scripted 429, not retried, so
//! the rate-limit branch runs; against the real API this is an ordinary request, with the
//! default retries.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};
use anthropic::{ApiErrorKind, Error};

fn main() {
    let (mut config, mock) = support::config();
    if let Some(mock) = &mock {
        mock.enqueue(
            anthropic_mock::MockResponse::error(
                429,
                "rate_limit_error",
                "Number of requests has exceeded your rate limit",
            )
            .header("retry-after", "30"),
        );
        // A 429 is retried (here after the 30 s it asks for): no retries, so that the
        // error itself comes back.
        config = config.max_retries(0);
    }
    let client = Client::new(config).expect("client");

    let result = client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello"));
    match result {
        Ok(message) => println!("{}", message.text()),
        Err(Error::Connection(e)) => println!("Connection failed: {}", e.message()),
        // Python's `APIConnectionError` also catches its subclass `APITimeoutError`.
        Err(Error::Timeout(t)) => println!("Timed out after {} attempt(s): {t}", t.get_attempts()),
        Err(Error::Api(e)) if e.kind() == ApiErrorKind::RateLimit => {
            println!(
                "Rate limited - implement backoff (request id {:?})",
                e.request_id()
            );
        }
        Err(Error::Api(e)) => println!("API error {}: {}", e.status().as_u16(), e.message()),
        Err(e) => println!("Other error: {e}"),
    }
}
