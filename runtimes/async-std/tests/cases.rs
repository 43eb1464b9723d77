//! The shared table of client cases through the async-std client (the adapter:
//! `runtimes/async/tests/cases/mod.rs`), each future driven by
//! `async_std::task::block_on` over async-std's global reactor.

use std::future::Future;

#[path = "../../async/tests/cases/mod.rs"]
mod cases;

struct OnAsyncStd;

impl cases::BlockOn for OnAsyncStd {
    type R = anthropic_async_std::AsyncStd;
    const NAME: &'static str = "async-std";

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

anthropic_client_cases::client_cases!(cases::Async<OnAsyncStd>);

#[test]
fn futures_are_send() {
    cases::futures_are_send::<OnAsyncStd>();
}

#[test]
fn futures_spawn_on_the_global_executor() {
    use anthropic_core::types::{MessageCreateParams, Model};
    let server = anthropic_mock::MockServer::start();
    let client = anthropic_async_std::Client::new(
        anthropic_async_std::ClientConfig::new()
            .api_key("k")
            .base_url(server.url()),
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

#[cfg(target_os = "linux")]
#[test]
fn connections_have_tcp_keepalive() {
    cases::connections_have_tcp_keepalive::<OnAsyncStd>();
}
