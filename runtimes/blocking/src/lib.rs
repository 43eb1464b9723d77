//! Blocking client.
