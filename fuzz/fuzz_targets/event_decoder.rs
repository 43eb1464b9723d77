//! Fuzz target: the `parsers::event_decoder` invariants of `checks/parsers.rs`.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::parsers::event_decoder(data));
