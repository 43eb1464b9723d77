//! Incremental decoders for streamed bodies.
pub mod event;
