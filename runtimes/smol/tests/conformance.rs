//! OpenAPI conformance through the smol client: the shared case table, sent by
//! `anthropic_smol::Client` to Steady (see `runtimes/async/tests/conformance/mod.rs`).
//! Ignored by default; `.ci/run` runs it with `STEADY_BIN`/`STEADY_SPEC` and `--ignored`.

use std::future::Future;

#[path = "../../async/tests/conformance/mod.rs"]
#[macro_use]
mod conformance;

struct Harness;

impl conformance::Harness for Harness {
    type R = anthropic_smol::Smol;

    fn block_on<F: Future>(future: F) -> F::Output {
        smol::block_on(future)
    }
}

conformance_suite!(Harness);
