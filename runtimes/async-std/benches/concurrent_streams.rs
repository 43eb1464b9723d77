//! Resident memory per open stream on async-std (`async_std::task::block_on`, over
//! async-std's global reactor): `cargo bench -p anthropic-async-std --bench concurrent_streams`
//! (`CONCURRENT_STREAMS=10000` for 10,000). The measurement is shared with tokio and
//! smol; see `runtimes/async/tests/support/concurrent_streams.rs`.

use std::future::Future;

#[path = "../../async/tests/support/concurrent_streams.rs"]
mod concurrent_streams;

struct Harness;

impl concurrent_streams::Harness for Harness {
    type R = anthropic_async_std::AsyncStd;

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

fn main() {
    concurrent_streams::main::<Harness>("async-std");
}
