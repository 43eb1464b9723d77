//! What the SDK logs at the most verbose level, and that no credential ever shows: not in
//! logs, not in `Debug` of clients and options, not in error messages.

use std::io::Write;
use std::sync::{Arc, Mutex};

use anthropic_blocking::{Client, ClientConfig, RequestOptions};
use anthropic_core::types::{MessageCreateParams, Model, ModelListParams};
use anthropic_mock::{MockResponse, MockServer};

const SECRETS: &[&str] = &[
    "SECRET-KEY-1",
    "SECRET-TOKEN-2",
    "SECRET-HEADER-3",
    "SECRET-EXTRA-4",
];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn debug_logs_tell_the_story_and_never_show_a_credential() {
    let server = MockServer::start();
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "5"),
    );
    server.enqueue_for(
        "/v1/models",
        MockResponse::error(401, "authentication_error", "invalid x-api-key"),
    );

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();

    let mut shown = Vec::new();
    tracing::subscriber::with_default(subscriber, || {
        let config = ClientConfig::new()
            .with_api_key("sk-ant-SECRET-KEY-1")
            .with_auth_token("SECRET-TOKEN-2")
            .with_base_url(server.url())
            .with_default_header("X-Custom-Key", "SECRET-HEADER-3");
        let client = Client::new(config).unwrap();
        let options = RequestOptions::new().header("x-extra-api-key", "SECRET-EXTRA-4");
        shown.push(format!("{client:?}"));
        shown.push(format!("{options:?}"));

        let params = MessageCreateParams::new(Model::CLAUDE_3_5_HAIKU_20241022, 64).user("Hello");
        client
            .messages()
            .with_options(options.clone())
            .create(&params)
            .unwrap();
        let stream = client
            .messages()
            .with_options(options.clone())
            .stream(&params)
            .unwrap();
        shown.push(format!("{stream:?}"));
        let err = client
            .models()
            .with_options(options)
            .list(&ModelListParams::default())
            .unwrap_err();
        shown.push(format!("{err}"));
        shown.push(format!("{err:?}"));
    });

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for secret in SECRETS {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // The lines Python's ANTHROPIC_LOG=debug shows, in our words.
    for expected in [
        "Request options:",
        "Sending HTTP Request: POST http://127.0.0.1",
        "HTTP Request: POST http://127.0.0.1",
        "\"HTTP/1.1 429 Too Many Requests\"",
        "Retrying due to status code 429",
        "2 retries left",
        "Retrying request to /v1/messages in 0.005000 seconds",
        "request_id: req_mock_",
        "is deprecated and will reach end-of-life on February 19th, 2026",
        "Not retrying",
        "Re-raising status error",
    ] {
        assert!(logs.contains(expected), "missing {expected:?} in:\n{logs}");
    }
}
