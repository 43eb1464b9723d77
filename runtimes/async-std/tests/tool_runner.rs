//! The shared tool-runner cases (`runtimes/async/tests/tool_runner`) on async-std.

use std::future::Future;

#[path = "../../async/tests/tool_runner/mod.rs"]
#[macro_use]
mod tool_runner;

struct Harness;

impl tool_runner::Harness for Harness {
    type R = anthropic_async_std::AsyncStd;

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

tool_runner_cases!(Harness);
