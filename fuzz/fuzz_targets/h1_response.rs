//! Fuzz target: the `h1::response` invariants of `checks/h1.rs`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::h1::response(data));
