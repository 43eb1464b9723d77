//! Fuzz target: the `parsers::retry` invariants of `checks/parsers.rs`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::parsers::retry(data));
