//! The client-side memory tool (spec/tools.md §4): the six commands the model sends,
//! decoded into [`MemoryCommand`], and the [`MemoryBackend`] trait a store implements.
//! [`MemoryTool`] wraps a backend into a tool the runner calls.
//!
//! As in Python, the SDK's part is the command protocol: the definition
//! (`{"type": "memory_20250818", "name": "memory"}`, plus `cache_control` when set), and
//! dispatch by `input["command"]`. An unknown or missing command is the error
//! `NotImplemented: Unknown command: <value>` (`None` when missing), Python's text. Where
//! Python passes missing fields through as `None`, a command missing a field it needs is
//! an `InvalidInput` error here, so a handler never sees a half-formed command.
//!
//! The storage is the backend's; the facade crate ships a directory-backed one
//! (`anthropic::memory::DirectoryMemory`) that keeps every path inside its root. The
//! memory tool is used with the `context-management-2025-06-27` beta, which the runner
//! does not add: put it in `betas`.

use serde::Deserialize;
use serde_json::Value;

use super::runnable::{AsyncRunnableTool, RunnableTool, ToolError, ToolFuture, ToolOutcome};
use crate::types::{AllowedCaller, BuiltinTool, CacheControl, Tool};

/// One command of the memory tool, as the model sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum MemoryCommand {
    /// Show a directory's listing or a file's contents (optionally lines `[start, end]`,
    /// 1-based, `end` of `-1` meaning the last line).
    View {
        /// The path (under `/memories`).
        path: String,
        /// The lines to show.
        #[serde(default)]
        view_range: Option<Vec<i64>>,
    },
    /// Create or overwrite a file.
    Create {
        /// The path.
        path: String,
        /// The file's contents.
        file_text: String,
    },
    /// Replace the one occurrence of `old_str` in a file with `new_str`.
    StrReplace {
        /// The path.
        path: String,
        /// The text to replace; it must occur exactly once.
        old_str: String,
        /// The replacement.
        #[serde(default)]
        new_str: String,
    },
    /// Insert text after line `insert_line` (0: at the top).
    Insert {
        /// The path.
        path: String,
        /// The line to insert after.
        insert_line: u64,
        /// The text to insert.
        insert_text: String,
    },
    /// Delete a file or directory.
    Delete {
        /// The path.
        path: String,
    },
    /// Rename or move a file or directory.
    Rename {
        /// The current path.
        old_path: String,
        /// The new path.
        new_path: String,
    },
}

const COMMANDS: &[&str] = &[
    "view",
    "create",
    "str_replace",
    "insert",
    "delete",
    "rename",
];

impl MemoryCommand {
    /// Decodes the model's input (see the module docs for the errors).
    pub fn from_input(input: Value) -> Result<MemoryCommand, ToolError> {
        let command = input.get("command").cloned();
        let known = command
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|c| COMMANDS.contains(&c));
        if !known {
            let shown = match command {
                None | Some(Value::Null) => "None".to_owned(),
                Some(Value::String(s)) => s,
                Some(other) => other.to_string(),
            };
            return Err(ToolError::new(
                "NotImplemented",
                format!("Unknown command: {shown}"),
            ));
        }
        super::lax::from_input(&input).map_err(|e| ToolError::invalid_input("memory", e))
    }
}

/// A store for the memory tool: one method per command. Each returns the text (or
/// blocks) the model reads, or an error it is told about.
pub trait MemoryBackend: Send + Sync {
    /// `view`.
    fn view(&self, path: &str, view_range: Option<&[i64]>) -> ToolOutcome;
    /// `create`.
    fn create(&self, path: &str, file_text: &str) -> ToolOutcome;
    /// `str_replace`.
    fn str_replace(&self, path: &str, old_str: &str, new_str: &str) -> ToolOutcome;
    /// `insert`.
    fn insert(&self, path: &str, insert_line: u64, insert_text: &str) -> ToolOutcome;
    /// `delete`.
    fn delete(&self, path: &str) -> ToolOutcome;
    /// `rename`.
    fn rename(&self, old_path: &str, new_path: &str) -> ToolOutcome;
    /// Removes every memory. Never called by the runner; not implemented by default.
    fn clear_all_memory(&self) -> ToolOutcome {
        Err(ToolError::new(
            "NotImplemented",
            "clear_all_memory not implemented",
        ))
    }

    /// Runs one decoded command.
    fn execute(&self, command: &MemoryCommand) -> ToolOutcome {
        match command {
            MemoryCommand::View { path, view_range } => self.view(path, view_range.as_deref()),
            MemoryCommand::Create { path, file_text } => self.create(path, file_text),
            MemoryCommand::StrReplace {
                path,
                old_str,
                new_str,
            } => self.str_replace(path, old_str, new_str),
            MemoryCommand::Insert {
                path,
                insert_line,
                insert_text,
            } => self.insert(path, *insert_line, insert_text),
            MemoryCommand::Delete { path } => self.delete(path),
            MemoryCommand::Rename { old_path, new_path } => self.rename(old_path, new_path),
        }
    }
}

/// The memory tool over a backend: a runnable tool named `memory`.
#[derive(Debug, Clone)]
pub struct MemoryTool<B> {
    backend: B,
    definition: BuiltinTool,
}

impl<B: MemoryBackend> MemoryTool<B> {
    /// The tool over `backend`.
    pub fn new(backend: B) -> Self {
        MemoryTool {
            backend,
            definition: BuiltinTool::named("memory"),
        }
    }

    /// The same with a cache breakpoint on the definition (`cache_control`).
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        self.definition = self.definition.cache_control(cache_control);
        self
    }

    /// The same, callable only by these callers (`allowed_callers`).
    pub fn allowed_callers(mut self, callers: impl IntoIterator<Item = AllowedCaller>) -> Self {
        self.definition = self.definition.allowed_callers(callers);
        self
    }

    /// The same, left out of the prompt until tool search finds it (`defer_loading`).
    pub fn defer_loading(mut self, defer: bool) -> Self {
        self.definition = self.definition.defer_loading(defer);
        self
    }

    /// The same, with example inputs in the definition (`input_examples`).
    pub fn input_examples(mut self, examples: impl IntoIterator<Item = Value>) -> Self {
        self.definition = self.definition.input_examples(examples);
        self
    }

    /// The same, requiring inputs that match the schema exactly (`strict`).
    pub fn strict(mut self, strict: bool) -> Self {
        self.definition = self.definition.strict(strict);
        self
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }
}

impl<B: MemoryBackend> RunnableTool for MemoryTool<B> {
    fn definition(&self) -> Tool {
        Tool::Memory20250818(self.definition.clone())
    }

    fn name(&self) -> String {
        "memory".to_owned()
    }

    fn call(&self, input: Value) -> ToolOutcome {
        let command = MemoryCommand::from_input(input)?;
        self.backend.execute(&command)
    }
}

impl<B: MemoryBackend> AsyncRunnableTool for MemoryTool<B> {
    fn definition(&self) -> Tool {
        RunnableTool::definition(self)
    }

    fn name(&self) -> String {
        "memory".to_owned()
    }

    fn call(&self, input: Value) -> ToolFuture<'_> {
        Box::pin(async move { RunnableTool::call(self, input) })
    }
}
