//! The project README's code blocks, compiled (and, where they need no network, run) by
//! `cargo test`: this crate's documentation is the README.
#![doc = include_str!("../../README.md")]
