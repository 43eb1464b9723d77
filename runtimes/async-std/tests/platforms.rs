//! The shared platform-client suite (Bedrock, Vertex, Foundry) on async-std; see
//! `runtimes/async/tests/platforms/mod.rs`.

use std::future::Future;

#[path = "../../async/tests/platforms/mod.rs"]
#[macro_use]
mod platforms;

struct Harness;

impl platforms::Harness for Harness {
    type R = anthropic_async_std::AsyncStd;

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

platform_suite!(Harness);
