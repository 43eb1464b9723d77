//! The shared platform-client suite (Bedrock, Vertex, Foundry) on tokio; see
//! `runtimes/async/tests/platforms/mod.rs`.

use std::future::Future;

#[path = "../../async/tests/platforms/mod.rs"]
#[macro_use]
mod platforms;

struct Harness;

impl platforms::Harness for Harness {
    type R = anthropic_tokio::Tokio;

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }
}

platform_suite!(Harness);
