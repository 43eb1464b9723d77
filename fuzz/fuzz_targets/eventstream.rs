//! Fuzz target: the AWS event-stream (Bedrock) invariants of `checks/eventstream.rs`.
#![no_main]

#[path = "../checks/eventstream.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::eventstream(data));
