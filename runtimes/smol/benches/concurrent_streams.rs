//! Resident memory per open stream on smol (`smol::block_on`):
//! `cargo bench -p anthropic-smol --bench concurrent_streams` (`CONCURRENT_STREAMS=10000` for
//! 10,000). The measurement is shared with the other async runtimes; see
//! `runtimes/async/tests/support/concurrent_streams.rs`.

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
