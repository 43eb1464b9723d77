//! Tools the runner can call: the [`RunnableTool`] (blocking) and [`AsyncRunnableTool`]
//! traits, what a call returns, and the `tool_result` block each outcome becomes.
//!
//! `#[anthropic::tool]` implements these traits for a function; implement them by hand for
//! anything else (Python's `BetaBuiltinFunctionTool`): a local bash, text-editor or memory
//! tool, say. A tool's definition is any [`Tool`] param, sent verbatim; its name is the
//! definition's `name`, or `mcp_server_name` for an MCP toolset, as in Python.
//!
//! What a call's outcome becomes (the tool runner's contract, Python 0.76.0's table):
//!
//! | outcome | `tool_result` block |
//! |---|---|
//! | `Ok(content)` | `{"type":"tool_result","tool_use_id":…,"content":…}` |
//! | `Err(error)` | the same with `"content": error.to_string()` and `"is_error": true` |
//! | no tool of that name | `"content": "Error: Tool '<name>' not found"`, `"is_error": true` |
//!
//! Python sends `repr(exception)` (`RuntimeError("it's broken")`); a Rust error has no
//! repr, so the content is the [`ToolError`]'s text: `"<kind>: <message>"` where the kind
//! is the error type's name (`InvalidInput` for input that does not fit the arguments),
//! close to the `Type: message` form the spec allows.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use crate::types::{ContentBlock, MessageContent, Tool, ToolUseBlock};

/// What a tool call produces: the result content (a string or content blocks), or an
/// error the model is told about.
pub type ToolOutcome = Result<MessageContent, ToolError>;

/// A boxed future of a [`ToolOutcome`], what [`AsyncRunnableTool::call`] returns.
pub type ToolFuture<'a> = Pin<Box<dyn Future<Output = ToolOutcome> + Send + 'a>>;

/// A tool call that failed: sent to the model as an error `tool_result` whose content is
/// `"<kind>: <message>"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError {
    kind: String,
    message: String,
}

impl ToolError {
    /// An error of a named kind (`"InvalidInput"`, `"IoError"`, …) with a message.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        ToolError {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// The model's input did not fit the tool's arguments (a missing field, a wrong type,
    /// an unknown field, input that is not an object). Python says `Invalid arguments
    /// for function <name>` and hides the details; we add serde's reason, which tells the
    /// model what to fix.
    pub fn invalid_input(tool: &str, reason: impl fmt::Display) -> Self {
        ToolError::new(
            "InvalidInput",
            format!("Invalid arguments for function {tool}: {reason}"),
        )
    }

    /// The error returned by a tool function, named by its type (the last path segment of
    /// `E`'s type name, without generics: `std::io::Error` → `Error`, `MyError` →
    /// `MyError`). A box or a shared pointer is named by what it holds (`Box<MyError>` →
    /// `MyError`); a trait object or a plain string (`Box<dyn Error>`, `String`) has no
    /// name worth telling the model, so it is `Error`.
    pub fn from_error<E: fmt::Display + ?Sized>(error: &E) -> Self {
        ToolError::new(short_type_name::<E>(), error.to_string())
    }

    /// The kind (`InvalidInput`, the error type's name, …).
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ToolError {}

fn short_type_name<E: ?Sized>() -> String {
    let mut name = std::any::type_name::<E>();
    loop {
        if name.starts_with("dyn ") || matches!(name, "&str" | "str") {
            return "Error".to_owned();
        }
        let base = name.split('<').next().unwrap_or(name);
        let last = base.rsplit("::").next().unwrap_or(base);
        let inner = name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('<'))
            .and_then(|rest| rest.strip_suffix('>'));
        match (last, inner) {
            ("Box" | "Arc" | "Rc", Some(inner)) => name = inner,
            ("String", _) => return "Error".to_owned(),
            _ => return last.to_owned(),
        }
    }
}

/// The name the runner knows a tool by: `mcp_server_name` for an MCP toolset, else the
/// definition's `name` (empty if it has none).
pub fn tool_name(definition: &Tool) -> String {
    match definition {
        Tool::McpToolset(t) => t.mcp_server_name.clone(),
        Tool::Unknown(v) => v
            .get("mcp_server_name")
            .or_else(|| v.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        other => other.name().unwrap_or_default().to_owned(),
    }
}

/// A tool the blocking runner can call (and, through the blanket [`AsyncRunnableTool`]
/// support of `#[tool]`, the async ones too).
pub trait RunnableTool: Send + Sync {
    /// The definition sent in the request's `tools`.
    fn definition(&self) -> Tool;

    /// The name the model calls it by (see [`tool_name`]).
    fn name(&self) -> String {
        tool_name(&self.definition())
    }

    /// Runs the tool with the model's `input` (the `tool_use` block's `input`).
    ///
    /// A failure the model should see is an `Err` ([`ToolError`]): it becomes an
    /// `is_error` tool result, as a Python tool's exception does. A panic is not caught:
    /// it unwinds through the runner, which Python has no counterpart for (its runner
    /// catches every `Exception`), because a panic is a bug in the tool, not an answer.
    fn call(&self, input: Value) -> ToolOutcome;
}

/// A tool the async runners can call; its call is a future.
pub trait AsyncRunnableTool: Send + Sync {
    /// The definition sent in the request's `tools`.
    fn definition(&self) -> Tool;

    /// The name the model calls it by (see [`tool_name`]).
    fn name(&self) -> String {
        tool_name(&self.definition())
    }

    /// Runs the tool with the model's `input`.
    fn call(&self, input: Value) -> ToolFuture<'_>;
}

impl<T: RunnableTool + ?Sized> RunnableTool for Box<T> {
    fn definition(&self) -> Tool {
        (**self).definition()
    }
    fn name(&self) -> String {
        (**self).name()
    }
    fn call(&self, input: Value) -> ToolOutcome {
        (**self).call(input)
    }
}

impl<T: AsyncRunnableTool + ?Sized> AsyncRunnableTool for Box<T> {
    fn definition(&self) -> Tool {
        (**self).definition()
    }
    fn name(&self) -> String {
        (**self).name()
    }
    fn call(&self, input: Value) -> ToolFuture<'_> {
        (**self).call(input)
    }
}

/// Runs a blocking tool from an async runner: the call happens when the future is
/// polled, on the executor's thread (wrap a slow one in your runtime's `spawn_blocking`
/// inside an [`AsyncRunnableTool`] of your own instead).
#[derive(Debug, Clone)]
pub struct Blocking<T>(pub T);

impl<T: RunnableTool> AsyncRunnableTool for Blocking<T> {
    fn definition(&self) -> Tool {
        self.0.definition()
    }
    fn name(&self) -> String {
        self.0.name()
    }
    fn call(&self, input: Value) -> ToolFuture<'_> {
        Box::pin(async move { self.0.call(input) })
    }
}

/// The `tool_result` block for one call's outcome (see the module docs for the shapes).
pub fn result_block(tool_use_id: &str, outcome: ToolOutcome) -> ContentBlock {
    match outcome {
        Ok(content) => ContentBlock::tool_result(tool_use_id, content),
        Err(error) => ContentBlock::tool_error(tool_use_id, error.to_string()),
    }
}

/// The `tool_result` block for a call of a tool the runner does not have (Python's text,
/// which models are used to).
pub fn not_found_block(call: &ToolUseBlock) -> ContentBlock {
    tracing::warn!(
        target: "anthropic",
        "Tool '{}' not found in tool runner. If it is a raw tool definition, answer the call \
         yourself and add the result with `append_messages()`.",
        call.name
    );
    ContentBlock::tool_error(&call.id, format!("Error: Tool '{}' not found", call.name))
}

/// Turns a tool function's return value into a [`ToolOutcome`]: the macro calls this on
/// whatever the function returns (`String`, content blocks, or a `Result` of those).
#[diagnostic::on_unimplemented(
    message = "a tool function must return a String, &'static str, content blocks, or a Result of one of these; `{Self}` is none of them",
    label = "the tool's return type"
)]
pub trait IntoToolOutcome {
    /// The outcome.
    fn into_tool_outcome(self) -> ToolOutcome;
}

impl IntoToolOutcome for String {
    fn into_tool_outcome(self) -> ToolOutcome {
        Ok(MessageContent::Text(self))
    }
}

impl IntoToolOutcome for &str {
    fn into_tool_outcome(self) -> ToolOutcome {
        Ok(MessageContent::Text(self.to_owned()))
    }
}

impl IntoToolOutcome for MessageContent {
    fn into_tool_outcome(self) -> ToolOutcome {
        Ok(self)
    }
}

impl IntoToolOutcome for Vec<ContentBlock> {
    fn into_tool_outcome(self) -> ToolOutcome {
        Ok(MessageContent::Blocks(self))
    }
}

impl IntoToolOutcome for ContentBlock {
    fn into_tool_outcome(self) -> ToolOutcome {
        Ok(MessageContent::Blocks(vec![self]))
    }
}

impl<T: Into<MessageContent>, E: fmt::Display + 'static> IntoToolOutcome for Result<T, E> {
    fn into_tool_outcome(self) -> ToolOutcome {
        match self {
            Ok(value) => Ok(value.into()),
            Err(error) => match (&error as &dyn std::any::Any).downcast_ref::<ToolError>() {
                Some(tool_error) => Err(tool_error.clone()),
                None => Err(ToolError::from_error(&error)),
            },
        }
    }
}

/// The tool named `name` among `tools`; the last one wins when names repeat, as in
/// Python's name map.
pub fn find_tool<'t, T: ?Sized>(
    tools: &'t [Box<T>],
    name: &str,
    name_of: impl Fn(&T) -> String,
) -> Option<&'t T> {
    tools
        .iter()
        .rev()
        .map(|t| &**t)
        .find(|t| name_of(t) == name)
}

/// Runs `calls` in order, one at a time, with blocking tools: one `tool_result` block per
/// call, in call order.
pub fn run_calls(tools: &[Box<dyn RunnableTool>], calls: &[ToolUseBlock]) -> Vec<ContentBlock> {
    calls
        .iter()
        .map(|call| match find_tool(tools, &call.name, |t| t.name()) {
            Some(tool) => {
                let outcome = tool.call(call.input.clone());
                if let Err(error) = &outcome {
                    tracing::error!(target: "anthropic", "Error occurred while calling tool: {}: {error}", call.name);
                }
                result_block(&call.id, outcome)
            }
            None => not_found_block(call),
        })
        .collect()
}
