//! Fuzz target: the `parsers::api_error` invariants of `checks/parsers.rs`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::parsers::api_error(data));
