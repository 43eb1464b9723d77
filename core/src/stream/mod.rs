//! Incremental decoders for streamed bodies.
