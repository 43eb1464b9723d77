//! No credential shows in the async clients' logs at the most verbose level, in `Debug`
//! of their clients, handles and streams, or in errors. The only test in its binary:
//! `tracing`'s per-callsite interest cache is global.

use std::sync::Mutex;

use anthropic::types::{MessageCreateParams, Model, ModelListParams};
use anthropic::{ClientConfig, RequestOptions};
use anthropic_mock::{MockResponse, MockServer};

const SECRETS: &[&str] = &[
    "SECRET-KEY-1",
    "SECRET-TOKEN-2",
    "SECRET-HEADER-3",
    "SECRET-EXTRA-4",
];

async fn full_run<R: anthropic::async_client::Runtime + Default + std::fmt::Debug>(
    server: &MockServer,
    shown: &mut Vec<String>,
) {
    server.enqueue(
        MockResponse::error(429, "rate_limit_error", "slow down").header("retry-after-ms", "5"),
    );
    server.enqueue_for(
        "/v1/models",
        MockResponse::error(401, "authentication_error", "invalid x-api-key"),
    );
    let config = ClientConfig::new()
        .with_api_key("sk-ant-SECRET-KEY-1")
        .with_auth_token("SECRET-TOKEN-2")
        .with_base_url(server.url())
        .with_default_header("X-Custom-Key", "SECRET-HEADER-3");
    let client = anthropic::async_client::Client::<R>::new(config).unwrap();
    let options = RequestOptions::new().header("x-extra-api-key", "SECRET-EXTRA-4");
    shown.push(format!("{client:?}"));
    shown.push(format!(
        "{:?}",
        client.messages().with_options(options.clone())
    ));
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hello");
    client
        .messages()
        .with_options(options.clone())
        .create(&params)
        .await
        .unwrap();
    let mut stream = client
        .messages()
        .with_options(options.clone())
        .stream(&params)
        .await
        .unwrap();
    shown.push(format!("{stream:?}"));
    stream.final_message().await.unwrap();
    let events = client
        .messages()
        .with_options(options.clone())
        .create_stream(&params)
        .await
        .unwrap();
    shown.push(format!("{events:?}"));
    let err = client
        .models()
        .with_options(options)
        .list(&ModelListParams::default())
        .await
        .unwrap_err();
    shown.push(format!("{err}"));
    shown.push(format!("{err:?}"));
}

#[test]
fn async_clients_never_show_a_credential() {
    // The SDK's own logger, at its most verbose, writing into `LOGS`.
    static LOGS: Mutex<String> = Mutex::new(String::new());
    let subscriber = anthropic::logging::Logger::new(tracing::Level::TRACE, |line| {
        let mut logs = LOGS.lock().unwrap();
        logs.push_str(line);
        logs.push('\n');
    });
    let mut shown = Vec::new();
    tracing::subscriber::with_default(subscriber, || {
        let server = MockServer::start();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(full_run::<anthropic_tokio::Tokio>(&server, &mut shown));
        smol::block_on(full_run::<anthropic_smol::Smol>(&server, &mut shown));
        async_std::task::block_on(full_run::<anthropic_async_std::AsyncStd>(
            &server, &mut shown,
        ));
    });
    let logs = LOGS.lock().unwrap().clone();
    assert!(logs.contains("Retrying request to /v1/messages"), "{logs}");
    assert!(logs.contains("HTTP Request: POST"), "{logs}");
    for secret in SECRETS {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
