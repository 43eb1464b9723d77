//! The tool runner on the blocking client: `client.beta().messages().tool_runner(params,
//! tools)`. The loop is [`anthropic_core::tools::ToolRunner`]'s; this file only sends its
//! requests and runs its tool calls, one at a time in content order.

use anthropic_core::schemars::JsonSchema;
use anthropic_core::structured::ParsedMessage;
use anthropic_core::tools::{
    CompactionControl, RunnableTool, RunnerStep, ToolResponse, ToolRunner as Loop, requests,
    runnable,
};
use anthropic_core::types::{Message, MessageCreateParams, MessageParam};
use anthropic_core::{Error, RequestOptions};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::helper::MessageStream;

/// The agent loop: an [`Iterator`] of each turn's message (Python's `BetaToolRunner`).
/// Nothing is sent until the first `next()`.
///
/// Between two items the conversation can be changed:
/// [`append_messages`](Self::append_messages), [`set_messages_params`](Self::set_messages_params),
/// [`generate_tool_call_response`](Self::generate_tool_call_response).
pub struct ToolRunner<'a> {
    client: &'a Client,
    options: RequestOptions,
    state: Loop,
    tools: Vec<Box<dyn RunnableTool>>,
    failed: bool,
}

impl std::fmt::Debug for ToolRunner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolRunner")
            .field("state", &self.state)
            .field("tools", &self.state.tool_names())
            .finish_non_exhaustive()
    }
}

impl<'a> ToolRunner<'a> {
    pub(crate) fn new(
        client: &'a Client,
        options: RequestOptions,
        params: &MessageCreateParams,
        tools: Vec<Box<dyn RunnableTool>>,
    ) -> Self {
        let definitions = tools.iter().map(|t| t.definition()).collect();
        ToolRunner {
            client,
            options,
            state: Loop::new(params.clone(), definitions),
            tools,
            failed: false,
        }
    }

    /// At most `n` model requests (see [`Loop::max_iterations`]).
    pub fn max_iterations(mut self, n: u32) -> Self {
        self.state = self.state.max_iterations(n);
        self
    }

    /// Compacts the conversation when a turn's usage reaches the threshold.
    pub fn compaction_control(mut self, control: CompactionControl) -> Self {
        self.state = self.state.compaction_control(control);
        self
    }

    /// The streaming form: each turn's [`MessageStream`].
    pub fn streaming(self) -> StreamingToolRunner<'a> {
        StreamingToolRunner {
            runner: self,
            current: None,
        }
    }

    /// Runs the loop to its end and returns the last message (at once if the loop is
    /// already over).
    pub fn until_done(&mut self) -> Result<Message, Error> {
        for item in self.by_ref() {
            item?;
        }
        Ok(self.state.final_message()?.clone())
    }

    /// Runs the tools the last message asks for (once: the result is cached until the loop
    /// moves on) and returns the tool-result turn, or `None` when there is nothing to run.
    /// Outside an iteration (before the first turn, or once the loop has ended) there is
    /// nothing to run: Python would run the last message's tools once more there, though
    /// no turn will send their results.
    pub fn generate_tool_call_response(&mut self) -> Option<MessageParam> {
        let calls = match self.state.tool_response() {
            ToolResponse::Cached(turn) => return Some(turn.clone()),
            ToolResponse::Run(calls) => calls,
            ToolResponse::Nothing => return None,
        };
        let results = runnable::run_calls(&self.tools, &calls);
        self.state.handle_tool_results(results).ok()?;
        self.state.cached_tool_response().cloned()
    }

    /// Appends turns; the runner then appends nothing itself this iteration (see
    /// [`Loop::append_messages`]).
    pub fn append_messages(&mut self, messages: impl IntoIterator<Item = MessageParam>) {
        self.state.append_messages(messages);
    }

    /// Replaces the params of the next requests; the runner's betas stay, as in Python
    /// (see [`Loop::set_params`]).
    pub fn set_messages_params(&mut self, params: MessageCreateParams) {
        self.state.set_params(params);
    }

    /// The params of the next request, to change in place.
    pub fn params_mut(&mut self) -> &mut MessageCreateParams {
        self.state.params_mut()
    }

    /// The params of the next request.
    pub fn params(&self) -> &MessageCreateParams {
        self.state.params()
    }

    /// The last turn's message.
    pub fn last_message(&self) -> Option<&Message> {
        self.state.last_message()
    }

    /// Drives the loop until it wants a turn sent (returns its params) or is over.
    fn advance(&mut self) -> Result<Option<MessageCreateParams>, Error> {
        loop {
            match self.state.poll() {
                RunnerStep::SendTurn(params) => return Ok(Some(params)),
                RunnerStep::SendCompaction(params) => {
                    let call = requests::compaction(&params)?;
                    let summary: Message = self
                        .client
                        .execute(call, &RequestOptions::default())?
                        .parse()?;
                    self.state.handle_compaction(&summary)?;
                }
                RunnerStep::RunTools(calls) => {
                    let results = runnable::run_calls(&self.tools, &calls);
                    self.state.handle_tool_results(results)?;
                }
                RunnerStep::Done => return Ok(None),
            }
        }
    }

    fn fail<T>(&mut self, error: Error) -> Option<Result<T, Error>> {
        self.failed = true;
        Some(Err(error))
    }
}

impl Iterator for ToolRunner<'_> {
    type Item = Result<Message, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let params = match self.advance() {
            Ok(Some(params)) => params,
            Ok(None) => return None,
            Err(e) => return self.fail(e),
        };
        let message = match requests::turn(&params)
            .and_then(|call| self.client.execute(call, &self.options))
            .and_then(|raw| raw.parse())
        {
            Ok(message) => message,
            Err(e) => return self.fail(e),
        };
        if let Err(e) = self.state.handle_message(message.clone()) {
            return self.fail(e.into());
        }
        Some(Ok(message))
    }
}

/// The streaming tool runner (Python's `BetaStreamingToolRunner`): each turn is a
/// [`MessageStream`] the caller may read as it arrives. When the caller asks for the next
/// turn, whatever is left of the current stream is read to its final message first.
///
/// ```no_run
/// # fn f(mut runner: anthropic_blocking::StreamingToolRunner<'_>) -> Result<(), anthropic_blocking::Error> {
/// while let Some(stream) = runner.next_stream() {
///     for text in stream?.text_stream() {
///         print!("{}", text?);
///     }
/// }
/// # Ok(()) }
/// ```
pub struct StreamingToolRunner<'a> {
    runner: ToolRunner<'a>,
    current: Option<MessageStream>,
}

impl std::fmt::Debug for StreamingToolRunner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingToolRunner")
            .field("runner", &self.runner)
            .finish_non_exhaustive()
    }
}

impl StreamingToolRunner<'_> {
    /// The next turn's stream, opened; `None` when the loop is over.
    pub fn next_stream(&mut self) -> Option<Result<&mut MessageStream, Error>> {
        if let Err(e) = self.finish_current() {
            return self.runner.fail(e);
        }
        if self.runner.failed {
            return None;
        }
        let params = match self.runner.advance() {
            Ok(Some(params)) => params,
            Ok(None) => return None,
            Err(e) => return self.runner.fail(e),
        };
        let opened = requests::turn_stream(&params)
            .and_then(|call| MessageStream::open(self.runner.client, call, &self.runner.options));
        match opened {
            Ok(stream) => Some(Ok(self
                .current
                .insert(stream.checking(self.runner.state.output_check())))),
            Err(e) => self.runner.fail(e),
        }
    }

    /// Reads the current stream to its end and hands its message to the loop.
    fn finish_current(&mut self) -> Result<(), Error> {
        if let Some(mut stream) = self.current.take() {
            let message = stream.final_message()?;
            self.runner.state.handle_message(message)?;
        }
        Ok(())
    }

    /// Runs the loop to its end and returns the final message of the last stream.
    pub fn until_done(&mut self) -> Result<Message, Error> {
        while let Some(stream) = self.next_stream() {
            stream?;
        }
        if self.runner.failed && self.runner.state.last_message().is_none() {
            return Err(anthropic_core::tools::ToolRunnerError::NoMessage.into());
        }
        Ok(self.runner.state.final_message()?.clone())
    }

    /// See [`ToolRunner::generate_tool_call_response`] (the current stream is read to its
    /// end first).
    pub fn generate_tool_call_response(&mut self) -> Result<Option<MessageParam>, Error> {
        self.finish_current()?;
        Ok(self.runner.generate_tool_call_response())
    }

    /// See [`ToolRunner::append_messages`].
    pub fn append_messages(&mut self, messages: impl IntoIterator<Item = MessageParam>) {
        self.runner.append_messages(messages);
    }

    /// See [`ToolRunner::set_messages_params`].
    pub fn set_messages_params(&mut self, params: MessageCreateParams) {
        self.runner.set_messages_params(params);
    }

    /// See [`ToolRunner::params_mut`]: Python's `set_messages_params` with a function of
    /// the current params.
    pub fn params_mut(&mut self) -> &mut MessageCreateParams {
        self.runner.params_mut()
    }

    /// See [`ToolRunner::params`].
    pub fn params(&self) -> &MessageCreateParams {
        self.runner.params()
    }

    /// The last completed turn's message.
    pub fn last_message(&self) -> Option<&Message> {
        self.runner.last_message()
    }
}

/// The tool runner and structured outputs on a Messages handle. They always use the beta
/// endpoint (`?beta=true`), as Python's (which exist only under `client.beta.messages`);
/// reach them through `client.beta().messages()`.
impl<'a, M> crate::resources::Messages<'a, M> {
    /// The agent loop over `params` with these tools (`anthropic::tools![..]`): each turn's
    /// request is sent when the runner is iterated, the tools the reply calls are run, and
    /// their results are sent back, until a reply calls none. Raw tool definitions in
    /// `params.tools` are sent after the runnable ones.
    pub fn tool_runner(
        &self,
        params: &MessageCreateParams,
        tools: impl IntoIterator<Item = Box<dyn RunnableTool>>,
    ) -> ToolRunner<'a> {
        ToolRunner::new(
            self.client,
            self.options.clone(),
            params,
            tools.into_iter().collect(),
        )
    }

    /// A structured-output request (Python's `beta.messages.parse`): `T`'s JSON Schema is
    /// sent as `output_format` with the `structured-outputs-2025-11-13` beta, and the
    /// reply's text is parsed into `T` ([`ParsedMessage::parsed_output`]); a reply that
    /// does not parse is [`Error::OutputParse`], with the raw text.
    pub fn parse<T: JsonSchema + DeserializeOwned>(
        &self,
        params: &MessageCreateParams,
    ) -> Result<ParsedMessage<T>, Error> {
        crate::structured::parse(self.client, &self.options, params)
    }

    /// The stream helper with `T`'s schema as `output_format` (Python's `stream(...,
    /// output_format=T)`): each text block is checked against `T` as it finishes, and
    /// one that does not parse is [`StreamError::InvalidOutput`](anthropic_core::stream::StreamError::InvalidOutput)
    /// there, ending the stream; parse its final message with [`ParsedMessage::parse`].
    pub fn stream_with_output<T: JsonSchema + DeserializeOwned>(
        &self,
        params: &MessageCreateParams,
    ) -> Result<MessageStream, Error> {
        crate::structured::stream::<T>(self.client, &self.options, params)
    }
}

impl ToolRunner<'_> {
    /// Asks every turn for replies of type `T` (its schema as `output_format`), as
    /// Python's runner does with an output type: a turn whose text does not parse as `T`
    /// is [`Error::OutputParse`], ending the loop (when streaming, the turn's stream ends
    /// at that block). Parse each message with [`ParsedMessage::parse`].
    pub fn output_format<T: JsonSchema + DeserializeOwned>(mut self) -> Result<Self, Error> {
        self.state.output_type::<T>()?;
        Ok(self)
    }
}
