//! OpenAPI conformance through the async-std client: the shared case table, sent by
//! `anthropic_async_std::Client` to Steady (see `runtimes/async/tests/conformance/mod.rs`).
//! Ignored by default; `.ci/run` runs it with `STEADY_BIN`/`STEADY_SPEC` and `--ignored`.

use std::future::Future;

#[path = "../../async/tests/conformance/mod.rs"]
#[macro_use]
mod conformance;

struct Harness;

impl conformance::Harness for Harness {
    type R = anthropic_async_std::AsyncStd;

    fn block_on<F: Future>(future: F) -> F::Output {
        async_std::task::block_on(future)
    }
}

conformance_suite!(Harness);
