//! The runtime aliases this crate exports: the set every runtime crate exports
//! (`runtimes/async/tests/aliases`).

use anthropic_async_std as rt;
type Rt = anthropic_async_std::AsyncStd;

#[path = "../../async/tests/aliases/mod.rs"]
mod aliases;
