//! The runtime aliases this crate exports: the set every runtime crate exports
//! (`runtimes/async/tests/aliases`).

use anthropic_smol as rt;
type Rt = anthropic_smol::Smol;

#[path = "../../async/tests/aliases/mod.rs"]
mod aliases;
