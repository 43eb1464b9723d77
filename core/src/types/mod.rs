//! The Messages API as serde types: request params, content blocks, tools, the response
//! message, usage, models, betas and error bodies (GA and beta in one set of types).
//!
//! Everything is re-exported flat here (`types::Message`, `types::ContentBlock`, ...).
//!
//! Round-trip guarantee: every open enum keeps values this version does not know. String
//! enums have an `Other(String)` variant; tagged unions (content blocks, sources,
//! citations, tools, tool choice, thinking, ...) have an `Unknown(serde_json::Value)`
//! variant holding the object exactly as received; known response objects keep unknown
//! fields in an `extra` field ([`Extra`]: it reads as a `serde_json::Map` and allocates
//! nothing while empty). Serializing what was decoded gives back the same JSON (the
//! same keys, in the same order for unknown values), so a reply can be sent back in the
//! next request unchanged. The machinery lives in one place, the `unknown` module.

#[macro_use]
mod unknown;

mod batch;
mod beta;
mod cache;
mod capabilities;
mod citation;
mod compaction;
mod completion;
mod content;
mod error_body;
mod extra;
mod file;
mod finite;
mod list;
mod message;
mod model;
mod params;
mod skill;
mod source;
mod stop_details;
mod thinking;
mod tool_builders;
mod tools;

pub use batch::*;
pub use beta::*;
pub use cache::*;
pub use capabilities::*;
pub use citation::*;
pub use compaction::*;
pub use completion::*;
pub use content::*;
pub use error_body::*;
pub use extra::Extra;
pub use file::*;
pub use list::*;
pub use message::*;
pub use model::*;
pub use params::*;
pub use skill::*;
pub use source::*;
pub use stop_details::*;
pub use thinking::*;
pub use tools::*;
