//! Compaction control (spec/tools.md §3): when a turn's token usage reaches a threshold,
//! the tool runner asks the model to summarise the conversation so far and continues
//! from that summary alone.
//!
//! The decision ([`CompactionControl::should_compact`]) and both halves of the exchange
//! ([`CompactionControl::summary_params`], [`summary_history`]) are pure; the runner
//! sends the request its driver is handed.

use crate::types::{
    ContentBlock, Message, MessageContent, MessageCreateParams, MessageParam, Model, Role, Usage,
};

/// The default token threshold, as Python's (`100_000`).
pub const DEFAULT_THRESHOLD: u64 = 100_000;

/// The default summary prompt: this SDK's own text, with the intent of Python's (a
/// continuation summary in five sections, wrapped in `<summary></summary>`).
pub const DEFAULT_SUMMARY_PROMPT: &str = "\
The conversation has grown long, so its history will be replaced by a summary that you \
write now. Another instance of you will pick up the work from that summary alone, with \
no access to the messages above, so make it complete enough to continue without asking \
the user to repeat anything.

Organise the summary in these five numbered sections:

1. Task overview: what the user asked for, the goal, and any requirements or constraints \
they gave.
2. Current state: what has been done so far, which steps succeeded, and which files, \
results or artefacts exist now.
3. Important discoveries: facts learned along the way, decisions made and why, errors \
met and how they were resolved, approaches that did not work.
4. Next steps: what remains to be done, in order, and anything that is blocked or \
uncertain.
5. Context to preserve: names, identifiers, paths, values, preferences and other details \
that later work depends on.

Be concise but do not leave out anything the next steps need. Put the whole summary \
between <summary> and </summary> tags.";

/// When and how the runner compacts (Python's `compaction_control` dict).
#[derive(Debug, Clone, PartialEq)]
pub struct CompactionControl {
    /// Whether compaction runs at all.
    pub enabled: bool,
    /// Compact when a turn's tokens (input + cache writes + cache reads + output) reach
    /// this many (inclusive).
    pub context_token_threshold: u64,
    /// The model that writes the summary (default: the runner's model).
    pub model: Option<Model>,
    /// The instruction sent to ask for the summary (default: [`DEFAULT_SUMMARY_PROMPT`]).
    pub summary_prompt: Option<String>,
}

impl Default for CompactionControl {
    fn default() -> Self {
        CompactionControl::enabled()
    }
}

impl CompactionControl {
    /// Enabled, with the default threshold, model and prompt.
    pub fn enabled() -> Self {
        CompactionControl {
            enabled: true,
            context_token_threshold: DEFAULT_THRESHOLD,
            model: None,
            summary_prompt: None,
        }
    }

    /// The same with another threshold.
    pub fn threshold(mut self, tokens: u64) -> Self {
        self.context_token_threshold = tokens;
        self
    }

    /// The same with another summarising model.
    pub fn model(mut self, model: impl Into<Model>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// The same with another summary prompt.
    pub fn summary_prompt(mut self, prompt: impl Into<String>) -> Self {
        self.summary_prompt = Some(prompt.into());
        self
    }

    /// The tokens a turn used, as Python counts them for the threshold.
    pub fn tokens_used(usage: &Usage) -> u64 {
        usage.input_tokens
            + usage.cache_creation_input_tokens.unwrap_or(0)
            + usage.cache_read_input_tokens.unwrap_or(0)
            + usage.output_tokens
    }

    /// Whether the turn that produced `message` calls for a compaction.
    pub fn should_compact(&self, message: &Message) -> bool {
        self.enabled && Self::tokens_used(&message.usage) >= self.context_token_threshold
    }

    /// The summary request for a runner whose current params are `params`: the history
    /// (see [`summary_history`]) plus the summary prompt as a user turn, the compaction
    /// model and the runner's `max_tokens`, nothing else (no tools, system, betas).
    pub fn summary_params(&self, params: &MessageCreateParams) -> MessageCreateParams {
        let mut messages = summary_history(&params.messages);
        let prompt = self
            .summary_prompt
            .clone()
            .unwrap_or_else(|| DEFAULT_SUMMARY_PROMPT.to_owned());
        messages.push(MessageParam::user(prompt));
        MessageCreateParams {
            model: self.model.clone().unwrap_or_else(|| params.model.clone()),
            max_tokens: params.max_tokens,
            messages,
            ..MessageCreateParams::default()
        }
    }
}

/// The history a summary request carries: the messages as they are, except that a last
/// assistant turn loses its `tool_use` blocks (their results do not exist yet, and the
/// API refuses a `tool_use` without one), and is dropped when nothing else is left.
///
/// Python keeps only the blocks that are plain dicts, so blocks of a response object
/// appended with `append_messages(message)` are dropped as well; here every block is the
/// same type and only `tool_use` is removed. A last assistant turn whose content is a
/// string has no blocks to keep, and is dropped, as in Python. Python also edits the
/// runner's own history in place; we do not, and on success the history is replaced by the
/// summary anyway. Every runner here, blocking and async, sends this cleaned history;
/// Python's async runner builds it and then sends the uncleaned one (a `tool_use` without
/// its result, which the API refuses).
pub fn summary_history(messages: &[MessageParam]) -> Vec<MessageParam> {
    let mut messages = messages.to_vec();
    let mut emptied = false;
    if let Some(last) = messages.last_mut().filter(|m| m.role == Role::Assistant) {
        emptied = match &mut last.content {
            MessageContent::Blocks(blocks) => {
                blocks.retain(|b| !matches!(b, ContentBlock::ToolUse(_)));
                blocks.is_empty()
            }
            // Python iterates the content for dict blocks: a string has none.
            _ => true,
        };
    }
    if emptied {
        messages.pop();
    }
    messages
}

/// The history after a compaction: one user turn holding the summary text (the reply's
/// first block, tags included), or `None` when that block is not text.
pub fn compacted_history(summary: &Message) -> Option<Vec<MessageParam>> {
    let text = summary.content.first()?.as_text()?;
    Some(vec![MessageParam::user(vec![ContentBlock::text(text)])])
}
