//! The shared table of client cases through the smol client (the adapter:
//! `runtimes/async/tests/cases/mod.rs`), each future driven by `smol::block_on` over
//! smol's global reactor.

use std::future::Future;

#[path = "../../async/tests/cases/mod.rs"]
mod cases;

struct OnSmol;

impl cases::BlockOn for OnSmol {
    type R = anthropic_smol::Smol;
    const NAME: &'static str = "smol";

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

anthropic_client_cases::client_cases!(cases::Async<OnSmol>);

#[test]
fn futures_are_send() {
    cases::futures_are_send::<OnSmol>();
}

#[test]
fn futures_run_on_an_executor_with_worker_threads() {
    use anthropic_core::types::{MessageCreateParams, Model};
    use std::sync::Arc;
    let server = anthropic_mock::MockServer::start();
    let client = anthropic_smol::Client::new(
        anthropic_smol::ClientConfig::new()
            .api_key("k")
            .base_url(server.url()),
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

#[cfg(target_os = "linux")]
#[test]
fn connections_have_tcp_keepalive() {
    cases::connections_have_tcp_keepalive::<OnSmol>();
}
