//! The shared tool-runner cases (`runtimes/async/tests/tool_runner`) on tokio.

use std::future::Future;

#[path = "../../async/tests/tool_runner/mod.rs"]
#[macro_use]
mod tool_runner;

struct Harness;

impl tool_runner::Harness for Harness {
    type R = anthropic_tokio::Tokio;

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }
}

tool_runner_cases!(Harness);
