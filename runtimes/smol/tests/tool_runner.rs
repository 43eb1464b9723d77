//! The shared tool-runner cases (`runtimes/async/tests/tool_runner`) on smol.

use std::future::Future;

#[path = "../../async/tests/tool_runner/mod.rs"]
#[macro_use]
mod tool_runner;

struct Harness;

impl tool_runner::Harness for Harness {
    type R = anthropic_smol::Smol;

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

tool_runner_cases!(Harness);
