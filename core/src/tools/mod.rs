//! Tools: function tools from Rust code, the tool runner's loop, compaction, the memory
//! tool (spec/tools.md), all pure.
//!
//! - [`runnable`]: the [`RunnableTool`] / [`AsyncRunnableTool`] traits `#[anthropic::tool]`
//!   implements, and the `tool_result` block each call outcome becomes.
//! - [`schema`]: input schemas from Rust types, shaped like Python's `@beta_tool` ones.
//! - [`runner`]: [`ToolRunner`], the agent loop as a state machine; drivers send the
//!   requests it asks for and run the tool calls it hands out.
//! - [`compaction`]: [`CompactionControl`], summarising a long conversation into one turn.
//! - [`memory`]: the client-side memory tool's commands and a trait to implement them.
//! - [`requests`]: the requests the runner makes (headers and bodies as Python sends them).
//!
//! Nothing here runs user code on its own or does I/O: the drivers in the runtime crates
//! call the tools and move the bytes.

pub mod compaction;
pub mod lax;
pub mod memory;
pub mod requests;
pub mod runnable;
pub mod runner;
pub mod schema;

pub use compaction::CompactionControl;
pub use memory::{MemoryBackend, MemoryCommand, MemoryTool};
pub use runnable::{
    AsyncRunnableTool, Blocking, IntoToolOutcome, RunnableTool, ToolError, ToolFuture, ToolOutcome,
};
pub use runner::{RunnerStep, ToolResponse, ToolRunner, ToolRunnerError};
pub use schema::FunctionSchema;

/// Builds a `Vec<Box<dyn RunnableTool>>` from tool values, for the blocking runner:
/// `tools![get_weather, calculator]`.
#[macro_export]
macro_rules! tools {
    ($($tool:expr),* $(,)?) => {
        vec![$(::std::boxed::Box::new($tool) as ::std::boxed::Box<dyn $crate::tools::RunnableTool>),*]
    };
}

/// Builds a `Vec<Box<dyn AsyncRunnableTool>>` from tool values, for the async runners:
/// `async_tools![get_weather, fetch_page]` (a `#[tool]` on a plain `fn` works here too).
#[macro_export]
macro_rules! async_tools {
    ($($tool:expr),* $(,)?) => {
        vec![$(::std::boxed::Box::new($tool) as ::std::boxed::Box<dyn $crate::tools::AsyncRunnableTool>),*]
    };
}

/// What the code `#[anthropic::tool]` generates refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use schemars;
    pub use serde;
    pub use serde_json;
}
