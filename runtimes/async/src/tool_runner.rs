//! The tool runner on the async clients: `client.beta().messages().tool_runner(params,
//! tools)`. The loop is [`anthropic_core::tools::ToolRunner`]'s; this file only sends its
//! requests and awaits its tool calls: one at a time in content order, as Python does, or
//! all of one turn's calls at once with [`ToolRunner::concurrent_tools`] (results still in
//! call order).

use anthropic_core::schemars::JsonSchema;
use anthropic_core::structured::ParsedMessage;
use anthropic_core::tools::{
    AsyncRunnableTool, CompactionControl, RunnerStep, ToolResponse, ToolRunner as Loop, requests,
    runnable,
};
use anthropic_core::types::{
    ContentBlock, Message, MessageCreateParams, MessageParam, ToolUseBlock,
};
use anthropic_core::{Error, RequestOptions};
use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::helper::MessageStream;
use crate::runtime::Runtime;

/// The agent loop on an async client (Python's `BetaAsyncToolRunner`): each turn's
/// message from [`next_message`](Self::next_message), or as a [`Stream`] from
/// [`into_stream`](Self::into_stream); [`until_done`](Self::until_done) runs it to the end.
/// Nothing is sent until the first item is asked for.
pub struct ToolRunner<'a, R: Runtime> {
    client: &'a Client<R>,
    options: RequestOptions,
    state: Loop,
    tools: Vec<Box<dyn AsyncRunnableTool>>,
    concurrent: bool,
    failed: bool,
}

impl<R: Runtime> std::fmt::Debug for ToolRunner<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolRunner")
            .field("state", &self.state)
            .field("tools", &self.state.tool_names())
            .field("concurrent", &self.concurrent)
            .finish_non_exhaustive()
    }
}

/// Runs one turn's calls: in order, one at a time, or all at once; results in call order.
async fn run_calls(
    tools: &[Box<dyn AsyncRunnableTool>],
    calls: &[ToolUseBlock],
    concurrent: bool,
) -> Vec<ContentBlock> {
    let one = |call: &ToolUseBlock| {
        let tool = runnable::find_tool(tools, &call.name, |t| t.name());
        let input = call.input.clone();
        let id = call.id.clone();
        let call = call.clone();
        async move {
            match tool {
                Some(tool) => {
                    let outcome = tool.call(input).await;
                    if let Err(error) = &outcome {
                        tracing::error!(target: "anthropic", "Error occurred while calling tool: {}: {error}", call.name);
                    }
                    runnable::result_block(&id, outcome)
                }
                None => runnable::not_found_block(&call),
            }
        }
    };
    if concurrent {
        futures_util::future::join_all(calls.iter().map(one)).await
    } else {
        let mut results = Vec::with_capacity(calls.len());
        for call in calls {
            results.push(one(call).await);
        }
        results
    }
}

impl<'a, R: Runtime> ToolRunner<'a, R> {
    pub(crate) fn new(
        client: &'a Client<R>,
        options: RequestOptions,
        params: &MessageCreateParams,
        tools: Vec<Box<dyn AsyncRunnableTool>>,
    ) -> Self {
        let definitions = tools.iter().map(|t| t.definition()).collect();
        ToolRunner {
            client,
            options,
            state: Loop::new(params.clone(), definitions),
            tools,
            concurrent: false,
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

    /// Runs the tool calls of one turn concurrently (off by default: Python awaits them
    /// one after another). The results are sent in call order either way.
    pub fn concurrent_tools(mut self, concurrent: bool) -> Self {
        self.concurrent = concurrent;
        self
    }

    /// The streaming form: each turn's [`MessageStream`].
    pub fn streaming(self) -> StreamingToolRunner<'a, R> {
        StreamingToolRunner {
            runner: self,
            current: None,
        }
    }

    /// The next turn's message; `None` when the loop is over. After an error the loop is
    /// over.
    pub async fn next_message(&mut self) -> Option<Result<Message, Error>> {
        if self.failed {
            return None;
        }
        let params = match self.advance().await {
            Ok(Some(params)) => params,
            Ok(None) => return None,
            Err(e) => return self.fail(e),
        };
        let call = match requests::turn(&params) {
            Ok(call) => call,
            Err(e) => return self.fail(e),
        };
        let message: Message = match self.client.execute(call, &self.options).await {
            Ok(raw) => match raw.parse() {
                Ok(message) => message,
                Err(e) => return self.fail(e),
            },
            Err(e) => return self.fail(e),
        };
        if let Err(e) = self.state.handle_message(message.clone()) {
            return self.fail(e.into());
        }
        Some(Ok(message))
    }

    /// The loop as a [`Stream`] of each turn's message.
    pub fn into_stream(self) -> impl Stream<Item = Result<Message, Error>> + 'a {
        futures_util::stream::unfold(self, |mut runner| async move {
            let item = runner.next_message().await?;
            Some((item, runner))
        })
    }

    /// Runs the loop to its end and returns the last message (at once if the loop is
    /// already over).
    pub async fn until_done(&mut self) -> Result<Message, Error> {
        while let Some(item) = self.next_message().await {
            item?;
        }
        Ok(self.state.final_message()?.clone())
    }

    /// Runs the tools the last message asks for (once: the result is cached until the loop
    /// moves on) and returns the tool-result turn, or `None` when there is nothing to run.
    /// Outside an iteration (before the first turn, or once the loop has ended) there is
    /// nothing to run: Python would run the last message's tools once more there, though
    /// no turn will send their results.
    pub async fn generate_tool_call_response(&mut self) -> Option<MessageParam> {
        let calls = match self.state.tool_response() {
            ToolResponse::Cached(turn) => return Some(turn.clone()),
            ToolResponse::Run(calls) => calls,
            ToolResponse::Nothing => return None,
        };
        let results = run_calls(&self.tools, &calls, self.concurrent).await;
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

    async fn advance(&mut self) -> Result<Option<MessageCreateParams>, Error> {
        loop {
            match self.state.poll() {
                RunnerStep::SendTurn(params) => return Ok(Some(params)),
                RunnerStep::SendCompaction(params) => {
                    let call = requests::compaction(&params)?;
                    let summary: Message = self
                        .client
                        .execute(call, &RequestOptions::default())
                        .await?
                        .parse()?;
                    self.state.handle_compaction(&summary)?;
                }
                RunnerStep::RunTools(calls) => {
                    let results = run_calls(&self.tools, &calls, self.concurrent).await;
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

/// The streaming tool runner on an async client (Python's `BetaAsyncStreamingToolRunner`):
/// each turn is a [`MessageStream`]; when the next turn is asked for, whatever is left of
/// the current one is read to its final message first.
pub struct StreamingToolRunner<'a, R: Runtime> {
    runner: ToolRunner<'a, R>,
    current: Option<MessageStream<R>>,
}

impl<R: Runtime> std::fmt::Debug for StreamingToolRunner<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingToolRunner")
            .field("runner", &self.runner)
            .finish_non_exhaustive()
    }
}

impl<R: Runtime> StreamingToolRunner<'_, R> {
    /// The next turn's stream, opened; `None` when the loop is over.
    pub async fn next_stream(&mut self) -> Option<Result<&mut MessageStream<R>, Error>> {
        if let Err(e) = self.finish_current().await {
            return self.runner.fail(e);
        }
        if self.runner.failed {
            return None;
        }
        let params = match self.runner.advance().await {
            Ok(Some(params)) => params,
            Ok(None) => return None,
            Err(e) => return self.runner.fail(e),
        };
        let call = match requests::turn_stream(&params) {
            Ok(call) => call,
            Err(e) => return self.runner.fail(e),
        };
        match MessageStream::open(self.runner.client, call, &self.runner.options).await {
            Ok(stream) => Some(Ok(self
                .current
                .insert(stream.checking(self.runner.state.output_check())))),
            Err(e) => self.runner.fail(e),
        }
    }

    async fn finish_current(&mut self) -> Result<(), Error> {
        if let Some(mut stream) = self.current.take() {
            let message = stream.final_message().await?;
            self.runner.state.handle_message(message)?;
        }
        Ok(())
    }

    /// Runs the loop to its end and returns the final message of the last stream.
    pub async fn until_done(&mut self) -> Result<Message, Error> {
        while let Some(stream) = self.next_stream().await {
            stream?;
        }
        Ok(self.runner.state.final_message()?.clone())
    }

    /// See [`ToolRunner::generate_tool_call_response`] (the current stream is read to its
    /// end first).
    pub async fn generate_tool_call_response(&mut self) -> Result<Option<MessageParam>, Error> {
        self.finish_current().await?;
        Ok(self.runner.generate_tool_call_response().await)
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
impl<'a, R: Runtime, M> crate::resources::Messages<'a, R, M> {
    /// The agent loop over `params` with these tools (`anthropic::async_tools![..]`): each
    /// turn's request is sent when the runner is polled, the tools the reply calls are
    /// awaited, and their results are sent back, until a reply calls none. Raw tool
    /// definitions in `params.tools` are sent after the runnable ones.
    pub fn tool_runner(
        &self,
        params: &MessageCreateParams,
        tools: impl IntoIterator<Item = Box<dyn AsyncRunnableTool>>,
    ) -> ToolRunner<'a, R> {
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
    pub async fn parse<T: JsonSchema + DeserializeOwned>(
        &self,
        params: &MessageCreateParams,
    ) -> Result<ParsedMessage<T>, Error> {
        crate::structured::parse(self.client, &self.options, params).await
    }

    /// The stream helper with `T`'s schema as `output_format` (Python's `stream(...,
    /// output_format=T)`): each text block is checked against `T` as it finishes, and
    /// one that does not parse is [`StreamError::InvalidOutput`](anthropic_core::stream::StreamError::InvalidOutput)
    /// there, ending the stream; parse its final message with [`ParsedMessage::parse`].
    pub async fn stream_with_output<T: JsonSchema + DeserializeOwned>(
        &self,
        params: &MessageCreateParams,
    ) -> Result<MessageStream<R>, Error> {
        crate::structured::stream::<T, R>(self.client, &self.options, params).await
    }
}

impl<R: Runtime> ToolRunner<'_, R> {
    /// Asks every turn for replies of type `T` (its schema as `output_format`), as
    /// Python's runner does with an output type: a turn whose text does not parse as `T`
    /// is [`Error::OutputParse`], ending the loop (when streaming, the turn's stream ends
    /// at that block). Parse each message with [`ParsedMessage::parse`].
    pub fn output_format<T: JsonSchema + DeserializeOwned>(mut self) -> Result<Self, Error> {
        self.state.output_type::<T>()?;
        Ok(self)
    }
}
