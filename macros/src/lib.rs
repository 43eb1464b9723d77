//! `#[tool]`: turns a Rust function into a tool the model can call, the way Python's
//! `@beta_tool` / `@beta_async_tool` turn a function into one.
//!
//! Use it through the facade, `#[anthropic::tool]`; the generated code refers to
//! `::anthropic` (say `#[tool(crate = my_path)]` when that is not the name of the crate
//! that re-exports `anthropic_core`).
//!
//! ```ignore
//! /// Get the current weather for a location.
//! ///
//! /// # Arguments
//! /// * `location` - The city and state, e.g. San Francisco, CA
//! #[anthropic::tool]
//! fn get_weather(location: String, unit: Option<Unit>) -> Result<String, MyError> { .. }
//! ```
//!
//! The function becomes a unit struct of the same name (pass `get_weather` to the tool
//! runner) implementing `RunnableTool` (plain `fn`) and `AsyncRunnableTool` (plain and
//! `async fn`); the original function stays callable as `get_weather::run(..)`.
//!
//! - Definition: `name` (the function's, or `name = "..."`), `description` (the doc
//!   comment before its first heading, or `description = "..."`), `input_schema`
//!   (generated from the argument types with schemars, or `input_schema = <serde_json
//!   Value expression>`), `defer_loading = <bool>` when given.
//! - Arguments: any owned type implementing `serde::Deserialize` and
//!   `schemars::JsonSchema`. `Option<T>` may be left out by the model (it defaults to
//!   `null`); `#[tool(default = <expr>)]` on an argument gives a default. A single
//!   argument marked `#[tool(input)]` takes the whole input (the struct form: its type's
//!   fields are the tool's arguments). Its schema says `additionalProperties: false`, as
//!   every function tool's does, but the type's own `Deserialize` decides what it takes:
//!   give it `#[serde(deny_unknown_fields)]` to refuse keys the schema does not list, as
//!   the plain-argument form (and Python's function) does. An argument named with a raw
//!   identifier (`r#type`) is the key `type`.
//! - Return: `String`, `&'static str`, content blocks, or a `Result` of one of these
//!   whose error implements `Display` (it becomes an error `tool_result`).
//! - Refused at compile time, with a message saying why: methods (`self`), generic
//!   functions, borrowed argument types, patterns instead of argument names, functions
//!   returning nothing, unknown options.

mod docs;
mod expand;

use proc_macro::TokenStream;

/// Turns a function into a tool; see the crate docs.
#[proc_macro_attribute]
pub fn tool(attr: TokenStream, item: TokenStream) -> TokenStream {
    match expand::expand(attr.into(), item.into()) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}
