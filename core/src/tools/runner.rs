//! The tool runner's loop (spec/tools.md §2) as a state machine: it decides which request
//! to send and which tool calls to run; a driver sends, runs, and feeds the results back.
//!
//! ```text
//!            poll ─► SendTurn(params) ──handle_message──► [yielded to the user]
//!              ▲                                                 │ poll
//!              │                       ┌── compaction due ─► SendCompaction ──handle_compaction──┐
//!              │                       │                                                          │
//!              │                       └── tool_use blocks ─► RunTools(calls) ──handle_tool_results
//!              │                                                  │ none: Done                    │
//!              └──────────────── history extended (or replaced) ◄─┴───────────────────────────────┘
//! ```
//!
//! Exactly Python 0.76.0's loop:
//!
//! - `max_iterations` is checked before each turn's request; `Some(0)` sends nothing, and
//!   asking for the final message then is [`ToolRunnerError::NoMessage`].
//! - `stop_reason` is never consulted: the loop goes on while the last message has a
//!   `tool_use` block (`server_tool_use`, `mcp_tool_use` and other blocks are not run),
//!   and stops when it has none, or no content, or is not the assistant's.
//! - After each turn: first the compaction check (when it runs, that turn's tools never
//!   run and the next request carries the one-turn summary history); otherwise the tool
//!   calls, one `tool_result` per `tool_use`, in content order; then the assistant
//!   message and the results are appended to the history, unless the user appended
//!   messages during the iteration.
//! - During an iteration (between a yielded message and the next `poll`), the user may
//!   [`set_params`](ToolRunner::set_params) (no effect on the cached tool results),
//!   [`append_messages`](ToolRunner::append_messages) (clears the cache, the runner then
//!   appends nothing itself), or ask for the tool results early through the driver's
//!   `generate_tool_call_response` ([`pending_tool_calls`](ToolRunner::pending_tool_calls)
//!   plus [`handle_tool_results`](ToolRunner::handle_tool_results)): the results are
//!   cached until the loop advances, so each tool runs once.

use std::fmt;

use super::compaction::{self, CompactionControl};
use crate::stream::OutputCheck;
use crate::structured::OutputParseError;
use crate::types::{
    ContentBlock, Message, MessageContent, MessageCreateParams, MessageParam, Role, Tool,
    ToolUseBlock,
};

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerStep {
    /// Send one turn with these params (through [`super::requests::turn`] or
    /// [`super::requests::turn_stream`]), hand the message to
    /// [`ToolRunner::handle_message`], and give it to the user.
    SendTurn(MessageCreateParams),
    /// Send the compaction request with these params (through
    /// [`super::requests::compaction`]) and hand the reply to
    /// [`ToolRunner::handle_compaction`]. The reply is not given to the user.
    SendCompaction(MessageCreateParams),
    /// Run these calls in order (a call whose tool is unknown becomes
    /// [`super::runnable::not_found_block`]) and hand the results, in the same order, to
    /// [`ToolRunner::handle_tool_results`].
    RunTools(Vec<ToolUseBlock>),
    /// The loop is over; [`ToolRunner::last_message`] is the final message.
    Done,
}

/// What `generate_tool_call_response` needs for the turn handed out: the tool-result
/// turn already made, the calls to run for it, or nothing to answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolResponse<'a> {
    /// The tools already ran this iteration: their result turn, cached.
    Cached(&'a MessageParam),
    /// Run these calls and hand the results to [`ToolRunner::handle_tool_results`]; the
    /// turn is then [`ToolRunner::cached_tool_response`].
    Run(Vec<ToolUseBlock>),
    /// No turn is handed out, or its message asks for no tool.
    Nothing,
}

/// A failure of the loop itself (API errors come from the driver's requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolRunnerError {
    /// The loop ended without any message: `max_iterations` of 0, or the first turn's
    /// request failed (its error was handed out then).
    NoMessage,
    /// The compaction reply's first block is not text.
    CompactionNotText,
    /// An input came in a state that does not expect it (a driver bug).
    UnexpectedInput(&'static str),
    /// A turn's text block does not parse as the runner's output type
    /// ([`ToolRunner::check_output`]); as a client error, [`crate::Error::OutputParse`].
    InvalidOutput(Box<OutputParseError>),
}

impl fmt::Display for ToolRunnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolRunnerError::NoMessage => f.write_str(
                "the tool runner has no final message: no turn completed (max_iterations \
                 was 0, or the first request failed)",
            ),
            ToolRunnerError::CompactionNotText => {
                f.write_str("Compaction response content is not of type 'text'")
            }
            ToolRunnerError::UnexpectedInput(what) => {
                write!(f, "tool runner: {what} was not expected now")
            }
            ToolRunnerError::InvalidOutput(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for ToolRunnerError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before a turn's request.
    Ready,
    /// A turn's request is out.
    AwaitingTurn,
    /// A turn's message was handed to the user; the iteration is open.
    Yielded,
    /// The compaction request is out.
    AwaitingCompaction,
    /// The tool calls were handed out at the end of the iteration.
    AwaitingTools,
    /// Finished.
    Done,
}

/// The tool runner's state: the params of the next request, the last message, the
/// counters and the cached tool results.
#[derive(Debug, Clone)]
pub struct ToolRunner {
    params: MessageCreateParams,
    tool_names: Vec<String>,
    max_iterations: Option<u32>,
    compaction: Option<CompactionControl>,
    iteration_count: u32,
    messages_modified: bool,
    cached_response: Option<MessageParam>,
    last_message: Option<Message>,
    state: State,
    output: Option<OutputCheck>,
}

impl ToolRunner {
    /// A runner over `params` whose runnable tools have these `definitions`: the
    /// request's `tools` are the definitions first, in order, then the raw tools already
    /// in `params.tools` (Python's order). Nothing is sent until the first
    /// [`poll`](Self::poll).
    pub fn new(mut params: MessageCreateParams, definitions: Vec<Tool>) -> Self {
        let tool_names = definitions.iter().map(super::runnable::tool_name).collect();
        let raw = std::mem::take(&mut params.tools);
        params.tools = definitions;
        params.tools.extend(raw);
        ToolRunner {
            params,
            tool_names,
            max_iterations: None,
            compaction: None,
            iteration_count: 0,
            messages_modified: false,
            cached_response: None,
            last_message: None,
            state: State::Ready,
            output: None,
        }
    }

    /// At most `n` model requests (unset: unlimited). The tools the `n`-th message asks
    /// for still run, and their results are appended to the params, as in Python.
    pub fn max_iterations(mut self, n: u32) -> Self {
        self.max_iterations = Some(n);
        self
    }

    /// Compacts the history when a turn's usage reaches the threshold.
    pub fn compaction_control(mut self, control: CompactionControl) -> Self {
        self.compaction = Some(control);
        self
    }

    /// The next thing to do. Call it to start, and after each input; after a
    /// [`RunnerStep::SendTurn`] whose message was handed in, calling it again closes the
    /// iteration (the user has moved on).
    pub fn poll(&mut self) -> RunnerStep {
        loop {
            match self.state {
                State::Ready => {
                    if self
                        .max_iterations
                        .is_some_and(|max| self.iteration_count >= max)
                    {
                        self.state = State::Done;
                        continue;
                    }
                    self.state = State::AwaitingTurn;
                    return RunnerStep::SendTurn(self.params.clone());
                }
                State::Yielded => {
                    self.iteration_count += 1;
                    let compact = match (&self.compaction, &self.last_message) {
                        (Some(control), Some(message)) if control.should_compact(message) => {
                            Some((control, message))
                        }
                        _ => None,
                    };
                    if let Some((control, message)) = compact {
                        tracing::info!(
                            target: "anthropic",
                            "Token usage {} has reached the threshold of {}; compacting the conversation.",
                            CompactionControl::tokens_used(&message.usage),
                            control.context_token_threshold
                        );
                        self.state = State::AwaitingCompaction;
                        return RunnerStep::SendCompaction(control.summary_params(&self.params));
                    }
                    if self.cached_response.is_some() {
                        self.close_iteration();
                        continue;
                    }
                    let calls = self.pending_tool_calls();
                    if calls.is_empty() {
                        self.state = State::Done;
                        continue;
                    }
                    self.state = State::AwaitingTools;
                    return RunnerStep::RunTools(calls);
                }
                State::AwaitingTurn | State::AwaitingCompaction | State::AwaitingTools => {
                    // The driver has not fed the input it was asked for; ask again.
                    return self.repeat_request();
                }
                State::Done => return RunnerStep::Done,
            }
        }
    }

    fn repeat_request(&self) -> RunnerStep {
        match self.state {
            State::AwaitingTurn => RunnerStep::SendTurn(self.params.clone()),
            State::AwaitingCompaction => RunnerStep::SendCompaction(
                self.compaction
                    .as_ref()
                    .map(|c| c.summary_params(&self.params))
                    .unwrap_or_default(),
            ),
            State::AwaitingTools => RunnerStep::RunTools(self.pending_tool_calls()),
            _ => RunnerStep::Done,
        }
    }

    /// The message of the turn just sent. The iteration is open until the next
    /// [`poll`](Self::poll).
    /// With an output check ([`check_output`](Self::check_output)), a text block that
    /// does not parse is [`ToolRunnerError::InvalidOutput`], as Python's runner sends
    /// each turn through `parse()`.
    pub fn handle_message(&mut self, message: Message) -> Result<(), ToolRunnerError> {
        if self.state != State::AwaitingTurn {
            return Err(ToolRunnerError::UnexpectedInput("a turn's message"));
        }
        if let Some(output) = self.output {
            for text in message.content.iter().filter_map(|b| b.as_text()) {
                output.check(text).map_err(|reason| {
                    ToolRunnerError::InvalidOutput(Box::new(OutputParseError {
                        text: text.to_owned(),
                        message: reason,
                        request_id: message.request_id.clone(),
                    }))
                })?;
            }
        }
        self.last_message = Some(message);
        self.state = State::Yielded;
        Ok(())
    }

    /// The compaction reply: the history becomes one user turn with its text.
    pub fn handle_compaction(&mut self, summary: &Message) -> Result<(), ToolRunnerError> {
        if self.state != State::AwaitingCompaction {
            return Err(ToolRunnerError::UnexpectedInput("a compaction reply"));
        }
        let history = compaction::compacted_history(summary).ok_or_else(|| {
            self.state = State::Done;
            ToolRunnerError::CompactionNotText
        })?;
        self.params.messages = history;
        self.messages_modified = false;
        self.cached_response = None;
        self.state = State::Ready;
        Ok(())
    }

    /// The `tool_use` blocks of the last message that still need results: none when the
    /// results are cached, or the last message has no content or is not the assistant's.
    pub fn pending_tool_calls(&self) -> Vec<ToolUseBlock> {
        if self.cached_response.is_some() {
            return Vec::new();
        }
        match &self.last_message {
            Some(m) if m.role == Role::Assistant => m.tool_uses().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The results of [`pending_tool_calls`](Self::pending_tool_calls), one block per
    /// call in the same order. They are cached as the tool-result user turn; at the end
    /// of the iteration they close it.
    pub fn handle_tool_results(
        &mut self,
        results: Vec<ContentBlock>,
    ) -> Result<(), ToolRunnerError> {
        if !matches!(self.state, State::Yielded | State::AwaitingTools) {
            return Err(ToolRunnerError::UnexpectedInput("tool results"));
        }
        self.cached_response = Some(MessageParam::user(MessageContent::Blocks(results)));
        if self.state == State::AwaitingTools {
            self.close_iteration();
        }
        Ok(())
    }

    fn close_iteration(&mut self) {
        if let (false, Some(message), Some(response)) = (
            self.messages_modified,
            self.last_message.as_ref(),
            self.cached_response.clone(),
        ) {
            self.params.messages.push(message.to_param());
            self.params.messages.push(response);
        }
        self.messages_modified = false;
        self.cached_response = None;
        self.state = State::Ready;
    }

    /// What answering the turn handed out takes (Python's `generate_tool_call_response`):
    /// the cached result turn, the calls to run, or nothing outside an iteration or when
    /// the message asks for no tool.
    pub fn tool_response(&self) -> ToolResponse<'_> {
        if let Some(cached) = &self.cached_response {
            return ToolResponse::Cached(cached);
        }
        if !self.in_iteration() {
            return ToolResponse::Nothing;
        }
        match self.pending_tool_calls() {
            calls if calls.is_empty() => ToolResponse::Nothing,
            calls => ToolResponse::Run(calls),
        }
    }

    /// The cached tool-result turn, if the tools already ran this iteration.
    pub fn cached_tool_response(&self) -> Option<&MessageParam> {
        self.cached_response.as_ref()
    }

    /// Appends turns to the history; the runner then appends nothing itself this
    /// iteration, and the cached tool results are dropped (the tools run again at the end
    /// of the iteration unless asked for before, and their results are discarded), as in
    /// Python.
    pub fn append_messages(&mut self, messages: impl IntoIterator<Item = MessageParam>) {
        self.params.messages.extend(messages);
        self.messages_modified = true;
        self.cached_response = None;
    }

    /// Replaces the params of the next requests (the cached tool results stay; the
    /// runner appends the assistant message and the results to the new params as usual).
    ///
    /// The runner's `betas` stay whatever the new params name: in Python the betas given to
    /// `tool_runner` are request options (an `anthropic-beta` header), which replacing the
    /// params leaves alone and which win over the params' own. A runner without betas
    /// takes the new params'. To change the runner's, edit them in
    /// [`params_mut`](Self::params_mut).
    pub fn set_params(&mut self, mut params: MessageCreateParams) {
        if !self.params.betas.is_empty() {
            params.betas = std::mem::take(&mut self.params.betas);
        }
        self.params = params;
    }

    /// The params of the next request.
    pub fn params(&self) -> &MessageCreateParams {
        &self.params
    }

    /// Changes the params of the next requests in place (like
    /// [`set_params`](Self::set_params) with a function).
    pub fn params_mut(&mut self) -> &mut MessageCreateParams {
        &mut self.params
    }

    /// The last turn's message.
    pub fn last_message(&self) -> Option<&Message> {
        self.last_message.as_ref()
    }

    /// The final message: the last one, or [`ToolRunnerError::NoMessage`] when none was
    /// received.
    pub fn final_message(&self) -> Result<&Message, ToolRunnerError> {
        self.last_message.as_ref().ok_or(ToolRunnerError::NoMessage)
    }

    /// How many turns have completed.
    pub fn iteration_count(&self) -> u32 {
        self.iteration_count
    }

    /// Asks every turn for replies of type `T`: its schema as `output_format`, and each
    /// turn's text checked against `T` ([`check_output`](Self::check_output)), as
    /// Python's runner sends each turn through `parse()` (or `stream()` with the type).
    pub fn output_type<T: schemars::JsonSchema + serde::de::DeserializeOwned>(
        &mut self,
    ) -> Result<(), crate::Error> {
        let format = crate::structured::output_format_for::<T>().map_err(|e| {
            crate::Error::InvalidRequest(format!("could not make the output schema: {e}"))
        })?;
        self.params.output_format = Some(format);
        self.check_output(OutputCheck::parses_as::<T>());
        Ok(())
    }

    /// Checks every turn's text against a structured-output type: see
    /// [`handle_message`](Self::handle_message). A streaming driver sets the same check
    /// on each turn's stream ([`output_check`](Self::output_check)).
    pub fn check_output(&mut self, check: OutputCheck) {
        self.output = Some(check);
    }

    /// The output check, if one is set.
    pub fn output_check(&self) -> Option<OutputCheck> {
        self.output
    }

    /// Whether the loop is over.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Whether a turn's message was handed out and its iteration is still open.
    pub fn in_iteration(&self) -> bool {
        self.state == State::Yielded
    }

    /// The names of the runnable tools, in definition order.
    pub fn tool_names(&self) -> &[String] {
        &self.tool_names
    }
}

impl From<ToolRunnerError> for crate::Error {
    fn from(e: ToolRunnerError) -> Self {
        match e {
            // What `parse()` gives for the same reply.
            ToolRunnerError::InvalidOutput(e) => crate::Error::OutputParse(e),
            e => crate::Error::ToolRunner(e),
        }
    }
}

impl From<crate::structured::OutputParseError> for crate::Error {
    fn from(e: crate::structured::OutputParseError) -> Self {
        crate::Error::OutputParse(Box::new(e))
    }
}
