//! Fuzz target: the tool-argument (`tools::lax`) invariants of `checks/lax.rs`.
#![no_main]

#[path = "../checks/lax.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::lax(data));
