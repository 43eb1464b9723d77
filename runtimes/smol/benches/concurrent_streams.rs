//! Memory with 1,000 concurrent streams on smol (`smol::block_on`): resident memory per
//! open stream. `cargo bench -p anthropic-smol --bench concurrent_streams`.
//! The measurement is shared with tokio; see `runtimes/async/tests/support/concurrent_streams.rs`.

use std::future::Future;

#[path = "../../async/tests/support/concurrent_streams.rs"]
mod concurrent_streams;

struct Harness;

impl concurrent_streams::Harness for Harness {
    type R = anthropic_smol::Smol;

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

fn main() {
    concurrent_streams::main::<Harness>("smol");
}
