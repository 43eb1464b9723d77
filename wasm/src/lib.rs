//! `anthropic-core` driven on `wasm32-unknown-unknown`, as a browser or an edge worker
//! would drive it: a module with no imports (no wasm-bindgen, no WASI), whose exports run
//! a call's exchange and a stream's decoding on times and bytes they are given, and
//! return `0` when every check holds, or the number of the first check that failed.
//!
//! CI (`.ci/run`) builds it with `cargo build --target wasm32-unknown-unknown` and runs
//! `run.mjs`, which instantiates it with `WebAssembly.instantiate` under node. The check
//! numbers are the `Err(n)`s of [`exchange`] (1-30) and [`stream`] (40-49).

mod exchange;
mod stream;

use std::time::Duration;

use anthropic_core::Timestamp;

/// Drives an exchange through a success, then through a 529 retried into a success, then
/// into its deadline. `now_ms` is the host's monotonic clock in milliseconds
/// (`performance.now()`): the call starts then, and its later events are placed after it.
#[unsafe(no_mangle)]
pub extern "C" fn check_exchange(now_ms: f64) -> u32 {
    let Ok(elapsed) = Duration::try_from_secs_f64(now_ms / 1000.0) else {
        return 1;
    };
    code(exchange::run(Timestamp::from_elapsed(elapsed)))
}

/// Decodes a canned Messages stream fed in pushes of `chunk` bytes and accumulates it into
/// a `Message`; the same stream cut before `message_stop` must be an error.
#[unsafe(no_mangle)]
pub extern "C" fn check_stream(chunk: u32) -> u32 {
    code(stream::run(chunk.max(1) as usize))
}

fn code(result: Result<(), u32>) -> u32 {
    match result {
        Ok(()) => 0,
        Err(check) => check,
    }
}

/// `Ok` if `holds`, else the check's number.
fn check(holds: bool, number: u32) -> Result<(), u32> {
    if holds { Ok(()) } else { Err(number) }
}

/// Maps any error to the check's number.
fn failed<E>(number: u32) -> impl FnOnce(E) -> u32 {
    move |_| number
}
