//! The shared table of client cases through the tokio client (the adapter:
//! `runtimes/async/tests/cases/mod.rs`). One multi-threaded runtime serves the whole
//! binary: pooled connections are registered with its reactor and outlive each call,
//! and calls come from many test threads at once.

use std::future::Future;
use std::sync::OnceLock;

#[path = "../../async/tests/cases/mod.rs"]
mod cases;

struct OnTokio;

impl cases::BlockOn for OnTokio {
    type R = anthropic_tokio::Tokio;
    const NAME: &'static str = "tokio";

    fn block_on<F: Future>(future: F) -> F::Output {
        static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
        RUNTIME
            .get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap()
            })
            .block_on(future)
    }
}

anthropic_client_cases::client_cases!(cases::Async<OnTokio>);

#[test]
fn futures_are_send() {
    cases::futures_are_send::<OnTokio>();
}

#[test]
fn futures_spawn_on_a_multi_threaded_runtime() {
    use anthropic_core::types::{MessageCreateParams, Model};
    let server = anthropic_mock::MockServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = anthropic_tokio::Client::new(
        anthropic_tokio::ClientConfig::new()
            .api_key("k")
            .base_url(server.url()),
    )
    .unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            runtime.spawn(async move {
                let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64)
                    .user(format!("task {i}"));
                let mut stream = client.messages().create_stream(&params).await?;
                let mut events = 0;
                while let Some(event) = stream.next_event().await {
                    event?;
                    events += 1;
                }
                Ok::<_, anthropic_tokio::Error>(events)
            })
        })
        .collect();
    for task in tasks {
        assert!(runtime.block_on(task).unwrap().unwrap() > 3);
    }
    assert_eq!(server.request_count(), 4);
}

#[cfg(target_os = "linux")]
#[test]
fn connections_have_tcp_keepalive() {
    cases::connections_have_tcp_keepalive::<OnTokio>();
}
