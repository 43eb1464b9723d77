//! The shared async suite on smol (`smol::block_on`), plus a multi-threaded executor
//! running the client's futures.

use std::future::Future;

#[path = "../../async/tests/suite/mod.rs"]
#[macro_use]
mod suite;

struct Harness;

impl suite::Harness for Harness {
    type R = anthropic_smol::Smol;

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

async_suite!(Harness);

#[test]
fn futures_run_on_an_executor_with_worker_threads() {
    use anthropic_core::types::{MessageCreateParams, Model};
    use std::sync::Arc;
    let server = anthropic_mock::MockServer::start();
    let client = anthropic_smol::Client::new(
        anthropic_smol::ClientConfig::new()
            .with_api_key("k")
            .with_base_url(server.url()),
    )
    .unwrap();
    let executor = Arc::new(smol::Executor::new());
    let (stop, shutdown) = smol::channel::unbounded::<()>();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let executor = Arc::clone(&executor);
            let shutdown = shutdown.clone();
            std::thread::spawn(move || smol::block_on(executor.run(shutdown.recv())))
        })
        .collect();
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            executor.spawn(async move {
                let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64)
                    .user(format!("task {i}"));
                client.messages().create(&params).await.map(|m| m.text())
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let text = smol::block_on(task).unwrap();
        assert!(text.ends_with(&format!("task {i}")), "{text}");
    }
    drop(stop);
    for worker in workers {
        worker.join().unwrap().ok();
    }
    assert_eq!(server.request_count(), 4);
}
