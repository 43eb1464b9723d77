//! Where the examples send their requests: the real API when `ANTHROPIC_API_KEY` is set,
//! otherwise the project's mock Claude server started on 127.0.0.1, so every example runs
//! on a fresh machine with no network.

#![allow(dead_code)]

use anthropic::ClientConfig;
use anthropic_mock::MockServer;

/// The configuration to use, and the mock server (if one was started) to keep alive for as
/// long as the client is used.
pub fn config() -> (ClientConfig, Option<MockServer>) {
    let env = |name: &str| std::env::var(name).ok();
    if env("ANTHROPIC_API_KEY").is_some_and(|key| !key.is_empty()) {
        return (ClientConfig::from_env(env), None);
    }
    let server = MockServer::start();
    eprintln!(
        "ANTHROPIC_API_KEY is not set: using the mock Claude server at {}",
        server.url()
    );
    let config = ClientConfig::new()
        .api_key("mock-key")
        .base_url(server.url());
    (config, Some(server))
}

/// The model the examples ask for.
pub const MODEL: &str = "claude-sonnet-4-5";
