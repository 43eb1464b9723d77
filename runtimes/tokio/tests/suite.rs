//! The shared async suite on tokio (a current-thread runtime per test), plus what is
//! tokio's own: spawning the client's futures on a multi-threaded runtime.

use std::future::Future;

#[path = "../../async/tests/suite/mod.rs"]
#[macro_use]
mod suite;

struct Harness;

impl suite::Harness for Harness {
    type R = anthropic_tokio::Tokio;

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }
}

async_suite!(Harness);

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
            .with_api_key("k")
            .with_base_url(server.url()),
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
