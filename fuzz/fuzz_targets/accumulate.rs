//! Fuzz target: the `accumulate` invariants of `checks/mod.rs`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::accumulate(data));
