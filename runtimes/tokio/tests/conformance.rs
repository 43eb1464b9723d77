//! OpenAPI conformance through the tokio client: the shared case table, sent by
//! `anthropic_tokio::Client` to Steady (see `runtimes/async/tests/conformance/mod.rs`).
//! Ignored by default; `.ci/run` runs it with `STEADY_BIN`/`STEADY_SPEC` and `--ignored`.

use std::future::Future;
use std::sync::OnceLock;

#[path = "../../async/tests/conformance/mod.rs"]
#[macro_use]
mod conformance;

struct Harness;

impl conformance::Harness for Harness {
    type R = anthropic_tokio::Tokio;

    /// One current-thread runtime for the whole binary: the client's pooled connections
    /// are registered with its reactor and must outlive each call.
    fn block_on<F: Future>(future: F) -> F::Output {
        static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
        RUNTIME
            .get_or_init(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
            })
            .block_on(future)
    }
}

conformance_suite!(Harness);
