//! The shared async suite on async-std (`async_std::task::block_on`), plus spawning the
//! client's futures on async-std's global executor.

use std::future::Future;

#[path = "../../async/tests/suite/mod.rs"]
#[macro_use]
mod suite;

struct Harness;

impl suite::Harness for Harness {
    type R = anthropic_async_std::AsyncStd;

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

async_suite!(Harness);

#[test]
fn futures_spawn_on_the_global_executor() {
    use anthropic_core::types::{MessageCreateParams, Model};
    let server = anthropic_mock::MockServer::start();
    let client = anthropic_async_std::Client::new(
        anthropic_async_std::ClientConfig::new()
            .with_api_key("k")
            .with_base_url(server.url()),
    )
    .unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            async_std::task::spawn(async move {
                let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64)
                    .user(format!("task {i}"));
                client.messages().create(&params).await.map(|m| m.text())
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let text = async_std::task::block_on(task).unwrap();
        assert!(text.ends_with(&format!("task {i}")), "{text}");
    }
    assert_eq!(server.request_count(), 4);
}
