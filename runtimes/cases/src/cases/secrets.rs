//! No credential shows anywhere a user or a log collector sees: not in logs at the most
//! verbose level, not in `Debug` of clients, configurations, handles and streams, not in
//! errors. And each credential was sent where it belongs, so that "absent" is not
//! passing because nothing was used: the API key, the auth token, a secret default
//! header, a secret per-request header, the proxy's credentials (as
//! `Proxy-Authorization`). A password in the base URL's userinfo only needs hiding.
//!
//! `tracing`'s dispatcher and its per-callsite interest are process-wide, so the case
//! runs in a child process of the test binary (its `secrets_child` entry point), which
//! installs a capturing subscriber as the global default, runs everything, and checks.

use std::io::Write;
use std::process::Command;
use std::sync::{Arc, Mutex};

use anthropic_core::types::{MessageCreateParams, Model, ModelListParams};
use anthropic_core::{ClientConfig, RequestOptions, TransportConfig};
use anthropic_mock::{MockResponse, MockServer};

use crate::servers::ConnectProxy;
use crate::subject::{Subject, ga};

const SECRETS: &[&str] = &[
    "SECRET-KEY-1",
    "SECRET-TOKEN-2",
    "SECRET-HEADER-3",
    "SECRET-EXTRA-4",
    "SECRET-URL-5",
    "SECRET-PROXY-6",
];
const CHILD: &str = "ANTHROPIC_CASES_SECRETS_CHILD";

/// Runs [`child`] in a child process and fails with its output if it failed.
pub fn credentials_never_show_and_were_all_sent<S: Subject>() {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new(exe)
        .args([
            "secrets_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("secrets-child-result: ok"),
        "{}: the secrets child failed:\n{stdout}\n{stderr}",
        S::NAME
    );
}

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

/// The child side. Does nothing unless started by
/// [`credentials_never_show_and_were_all_sent`].
pub fn child<S: Subject>() {
    if std::env::var(CHILD).is_err() {
        return;
    }
    let captured = Captured::default();
    let writer = captured.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish(),
    )
    .unwrap();

    let server = MockServer::start();
    let proxy = ConnectProxy::start();
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "5"),
    );
    server.enqueue_for(
        "/v1/models",
        MockResponse::error(401, "authentication_error", "invalid x-api-key"),
    );
    let config = ClientConfig::new()
        .api_key("sk-ant-SECRET-KEY-1")
        .auth_token("SECRET-TOKEN-2")
        .base_url(server.url())
        .default_header("X-Custom-Key", "SECRET-HEADER-3");
    let transport = TransportConfig::default().proxy(
        proxy
            .url()
            .replace("http://", "http://user:SECRET-PROXY-6@"),
    );
    let client = S::build(config.clone(), transport.clone()).unwrap();
    let options = RequestOptions::new().header("x-extra-api-key", "SECRET-EXTRA-4");
    let with_options = || ga().options(options.clone());
    let userinfo = config
        .clone()
        .base_url("https://user:SECRET-URL-5@gateway.example.com/anthropic");
    let mut shown = vec![
        format!("{client:?}"),
        format!("{config:?}"),
        format!("{transport:?}"),
        format!("{options:?}"),
        format!("{userinfo:?}"),
        format!(
            "{:?}",
            S::build(userinfo.clone(), TransportConfig::default().proxy_direct()).unwrap()
        ),
    ];
    shown.extend(client.debug_handles(with_options()));

    // A deprecated model, for the deprecation warning among the logs.
    let params = MessageCreateParams::new(Model::CLAUDE_3_5_HAIKU_20241022, 64).user("Hello");
    client.create(with_options(), &params).unwrap();
    let mut helper = client.stream(with_options(), &params).unwrap();
    shown.push(format!("{helper:?}"));
    crate::subject::Helper::final_message(&mut helper).unwrap();
    shown.push(format!("{helper:?}"));
    let events = client.create_stream(with_options(), &params).unwrap();
    shown.push(format!("{events:?}"));
    drop(events);
    let err = client
        .list_models(with_options(), &ModelListParams::default())
        .unwrap_err();
    shown.push(format!("{err}"));
    shown.push(format!("{err:?}"));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for secret in SECRETS {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    // Each credential was sent, where it belongs.
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        5,
        "429, retry, stream helper, stream, models"
    );
    for request in &requests {
        assert_eq!(request.header("x-api-key"), Some("sk-ant-SECRET-KEY-1"));
        assert_eq!(
            request.header("authorization"),
            Some("Bearer SECRET-TOKEN-2")
        );
        assert_eq!(request.header("x-custom-key"), Some("SECRET-HEADER-3"));
        assert_eq!(request.header("x-extra-api-key"), Some("SECRET-EXTRA-4"));
        assert_eq!(request.header("proxy-authorization"), None);
    }
    // As in Python, every attempt logs its options; a GET has no `json_data`.
    assert_eq!(
        logs.matches("Request options:").count(),
        requests.len(),
        "{logs}"
    );
    assert!(
        logs.contains("'url': '/v1/models', ") && logs.contains("'json_data': None}"),
        "{logs}"
    );
    let tunnels = proxy.seen();
    assert!(!tunnels.is_empty());
    for head in &tunnels {
        // base64("user:SECRET-PROXY-6")
        assert!(
            head.contains("dXNlcjpTRUNSRVQtUFJPWFktNg=="),
            "no proxy credentials on {head}"
        );
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
    println!("\nsecrets-child-result: ok");
}
