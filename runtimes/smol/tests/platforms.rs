//! The shared platform-client suite (Bedrock, Vertex, Foundry) on smol; see
//! `runtimes/async/tests/platforms/mod.rs`.

use std::future::Future;

#[path = "../../async/tests/platforms/mod.rs"]
#[macro_use]
mod platforms;

struct Harness;

impl platforms::Harness for Harness {
    type R = anthropic_smol::Smol;

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

platform_suite!(Harness);
