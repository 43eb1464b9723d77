//! The runtime aliases this crate exports: the set every runtime crate exports
//! (`runtimes/async/tests/aliases`).

use anthropic_tokio as rt;
type Rt = anthropic_tokio::Tokio;

#[path = "../../async/tests/aliases/mod.rs"]
mod aliases;
