//! The tool runner and `parse::<T>()` on an async client, written once and run by each
//! runtime crate's `tests/tool_runner.rs` (`tool_runner_cases!(Harness)`), against the
//! mock server's scripted conversations.

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use anthropic_async::{Client, ClientConfig, Error, RequestOptions, Runtime};
use anthropic_core::tools::{
    AsyncRunnableTool, CompactionControl, ToolError, ToolFuture, ToolRunnerError,
};
use anthropic_core::types::{
    ContentBlock, CustomTool, MessageContent, MessageCreateParams, MessageParam, Tool,
};
use anthropic_mock::{MockResponse, MockServer};
use futures_util::StreamExt;
use serde_json::{Value, json};

/// A runtime under test.
pub trait Harness {
    /// The runtime.
    type R: Runtime + Default;
    /// Runs a future to completion on this runtime.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// One `#[test]` per case.
macro_rules! tool_runner_cases {
    ($harness:ty) => {
        tool_runner_cases!($harness;
            a_conversation_with_a_tool_error_and_an_unknown_tool,
            max_iterations_and_zero,
            compaction_summarises_and_continues,
            user_edits_during_an_iteration,
            tools_run_one_at_a_time_in_content_order,
            concurrent_tools_keep_call_order,
            the_streaming_runner_yields_each_turns_stream,
            the_runner_is_a_stream,
            parse_sends_the_schema_and_parses_the_reply,
            stream_with_output_checks_each_text_block,
            a_runner_with_an_output_type_checks_each_turn,
        );
    };
    ($harness:ty; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                <$harness as tool_runner::Harness>::block_on(tool_runner::$case::<$harness>())
            }
        )*
    };
}

/// Records when each call starts and ends.
type Log = Arc<Mutex<Vec<String>>>;

struct Weather {
    calls: Arc<AtomicUsize>,
    log: Log,
}

impl AsyncRunnableTool for Weather {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            "get_weather",
            json!({"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}),
        ))
    }
    fn call(&self, input: Value) -> ToolFuture<'_> {
        Box::pin(async move {
            let location = input["location"].as_str().unwrap_or("?").to_owned();
            self.log.lock().unwrap().push(format!("start {location}"));
            self.calls.fetch_add(1, Ordering::SeqCst);
            Yield(false).await;
            self.log.lock().unwrap().push(format!("end {location}"));
            Ok(MessageContent::Text(format!("sunny in {location}")))
        })
    }
}

/// A future that is pending once, so that concurrent calls interleave.
struct Yield(bool);

impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

struct Boom;

impl AsyncRunnableTool for Boom {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            "boom",
            json!({"type": "object", "properties": {}}),
        ))
    }
    fn call(&self, _: Value) -> ToolFuture<'_> {
        Box::pin(async { Err(ToolError::new("RuntimeError", "it's broken")) })
    }
}

/// `wait` finishes only once `signal` has run: a sequential runner would never finish
/// `wait`, so the concurrency case cannot pass by accident.
#[derive(Default)]
struct Gate {
    open: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

struct Wait(Arc<Gate>);
struct Signal(Arc<Gate>);

impl AsyncRunnableTool for Wait {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            "wait",
            json!({"type": "object", "properties": {}}),
        ))
    }
    fn call(&self, _: Value) -> ToolFuture<'_> {
        let gate = self.0.clone();
        Box::pin(std::future::poll_fn(move |cx| {
            if gate.open.load(Ordering::SeqCst) {
                Poll::Ready(Ok(MessageContent::Text("waited".into())))
            } else {
                *gate.waker.lock().unwrap() = Some(cx.waker().clone());
                Poll::Pending
            }
        }))
    }
}

impl AsyncRunnableTool for Signal {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            "signal",
            json!({"type": "object", "properties": {}}),
        ))
    }
    fn call(&self, _: Value) -> ToolFuture<'_> {
        let gate = self.0.clone();
        Box::pin(async move {
            gate.open.store(true, Ordering::SeqCst);
            if let Some(waker) = gate.waker.lock().unwrap().take() {
                waker.wake();
            }
            Ok(MessageContent::Text("signalled".into()))
        })
    }
}

struct Setup<R: Runtime> {
    server: MockServer,
    client: Client<R>,
    calls: Arc<AtomicUsize>,
    log: Log,
}

fn setup<H: Harness>() -> Setup<H::R> {
    let server = MockServer::start();
    let client = Client::<H::R>::new(
        ClientConfig::new()
            .api_key("k")
            .base_url(server.url())
            .max_retries(0),
    )
    .unwrap();
    Setup {
        server,
        client,
        calls: Arc::default(),
        log: Arc::default(),
    }
}

fn tools<R: Runtime>(s: &Setup<R>) -> Vec<Box<dyn AsyncRunnableTool>> {
    vec![
        Box::new(Weather {
            calls: s.calls.clone(),
            log: s.log.clone(),
        }),
        Box::new(Boom),
    ]
}

fn params() -> MessageCreateParams {
    MessageCreateParams::new("claude-sonnet-4-5", 1024).user("What's the weather in NYC?")
}

fn reply(content: Value, input_tokens: u64) -> MockResponse {
    MockResponse::json(
        200,
        json!({
            "id": "msg_scripted", "type": "message", "role": "assistant", "model": "m",
            "content": content, "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": input_tokens, "output_tokens": 10}
        }),
    )
}

pub async fn a_conversation_with_a_tool_error_and_an_unknown_tool<H: Harness>() {
    let s = setup::<H>();
    s.server.enqueue(reply(
        json!([
            {"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "NYC"}},
            {"type": "tool_use", "id": "t2", "name": "nope", "input": {}},
            {"type": "tool_use", "id": "t3", "name": "boom", "input": {}}
        ]),
        10,
    ));
    let mut runner = s.client.beta().messages().tool_runner(&params(), tools(&s));
    let last = runner.until_done().await.unwrap();
    assert!(
        last.text()
            .starts_with("Thanks, the tool returned: sunny in NYC")
    );
    let requests = s.server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.path, "/v1/messages?beta=true");
        assert_eq!(r.header("x-stainless-helper"), Some("BetaToolRunner"));
        assert_eq!(
            r.header("anthropic-beta"),
            Some("structured-outputs-2025-11-13")
        );
    }
    assert_eq!(
        requests[1].json()["messages"][2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": "sunny in NYC"},
            {"type": "tool_result", "tool_use_id": "t2", "content": "Error: Tool 'nope' not found", "is_error": true},
            {"type": "tool_result", "tool_use_id": "t3", "content": "RuntimeError: it's broken", "is_error": true}
        ]})
    );
    assert!(runner.next_message().await.is_none());
}

pub async fn max_iterations_and_zero<H: Harness>() {
    let s = setup::<H>();
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .max_iterations(1);
    runner.until_done().await.unwrap();
    assert_eq!(s.server.requests().len(), 1);
    assert_eq!(s.calls.load(Ordering::SeqCst), 1);
    assert_eq!(runner.params().messages.len(), 3);
    let mut none = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .max_iterations(0);
    assert!(matches!(
        none.until_done().await,
        Err(Error::ToolRunner(ToolRunnerError::NoMessage))
    ));
    assert_eq!(s.server.requests().len(), 1);
}

pub async fn compaction_summarises_and_continues<H: Harness>() {
    let s = setup::<H>();
    s.server.enqueue(reply(
        json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "A"}}]),
        500,
    ));
    s.server.enqueue(MockResponse::json(
        200,
        json!({"id": "msg_s", "type": "message", "role": "assistant", "model": "small",
               "content": [{"type": "text", "text": "<summary>S</summary>"}],
               "stop_reason": "end_turn", "stop_sequence": null,
               "usage": {"input_tokens": 5, "output_tokens": 5}}),
    ));
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params().betas(["b1"]), tools(&s))
        .compaction_control(
            CompactionControl::enabled()
                .threshold(400)
                .model("small")
                .summary_prompt("SUMMARIZE"),
        );
    runner.until_done().await.unwrap();
    let requests = s.server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[1].header("x-stainless-helper"), Some("compaction"));
    assert_eq!(
        requests[1].json(),
        json!({"max_tokens": 1024, "messages": [
            {"role": "user", "content": "What's the weather in NYC?"},
            {"role": "user", "content": "SUMMARIZE"}], "model": "small"})
    );
    assert_eq!(
        requests[2].json()["messages"],
        json!([{"role": "user", "content": [{"type": "text", "text": "<summary>S</summary>"}]}])
    );
    assert_eq!(requests[2].header("anthropic-beta"), Some("b1"));
}

pub async fn user_edits_during_an_iteration<H: Harness>() {
    let s = setup::<H>();
    let mut runner = s.client.beta().messages().tool_runner(&params(), tools(&s));
    let first = runner.next_message().await.unwrap().unwrap();
    let response = runner.generate_tool_call_response().await.unwrap();
    assert_eq!(
        runner.generate_tool_call_response().await.unwrap(),
        response
    );
    let id = first.tool_uses().next().unwrap().id.clone();
    runner.append_messages([
        first.to_param(),
        MessageParam::user(vec![ContentBlock::tool_result(id, "handled by hand")]),
    ]);
    runner.until_done().await.unwrap();
    let sent = s.server.requests()[1].json();
    assert_eq!(
        sent["messages"][2]["content"][0]["content"],
        "handled by hand"
    );
    assert_eq!(sent["messages"].as_array().unwrap().len(), 3);
    assert_eq!(
        s.calls.load(Ordering::SeqCst),
        2,
        "append_messages cleared the cache, as in Python"
    );
}

pub async fn tools_run_one_at_a_time_in_content_order<H: Harness>() {
    let s = setup::<H>();
    s.server.enqueue(reply(
        json!([
            {"type": "tool_use", "id": "a", "name": "get_weather", "input": {"location": "A"}},
            {"type": "tool_use", "id": "b", "name": "get_weather", "input": {"location": "B"}}
        ]),
        10,
    ));
    let mut runner = s.client.beta().messages().tool_runner(&params(), tools(&s));
    runner.until_done().await.unwrap();
    assert_eq!(
        *s.log.lock().unwrap(),
        ["start A", "end A", "start B", "end B"]
    );
}

pub async fn concurrent_tools_keep_call_order<H: Harness>() {
    let s = setup::<H>();
    let gate = Arc::new(Gate::default());
    s.server.enqueue(reply(
        json!([
            {"type": "tool_use", "id": "w", "name": "wait", "input": {}},
            {"type": "tool_use", "id": "a", "name": "get_weather", "input": {"location": "A"}},
            {"type": "tool_use", "id": "s", "name": "signal", "input": {}},
            {"type": "tool_use", "id": "b", "name": "get_weather", "input": {"location": "B"}}
        ]),
        10,
    ));
    let tools: Vec<Box<dyn AsyncRunnableTool>> = vec![
        Box::new(Wait(gate.clone())),
        Box::new(Signal(gate.clone())),
        Box::new(Weather {
            calls: s.calls.clone(),
            log: s.log.clone(),
        }),
    ];
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools)
        .concurrent_tools(true);
    runner.until_done().await.unwrap();
    let log = s.log.lock().unwrap().clone();
    assert_eq!(
        &log[..2],
        ["start A", "start B"],
        "both started before either ended: {log:?}"
    );
    let results = &s.server.requests()[1].json()["messages"][2]["content"];
    let ids: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tool_use_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["w", "a", "s", "b"]);
    assert_eq!(results[0]["content"], "waited");
}

pub async fn the_streaming_runner_yields_each_turns_stream<H: Harness>() {
    let s = setup::<H>();
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .streaming();
    // Python's `set_messages_params(lambda p: {**p, "max_tokens": 77})`.
    runner.params_mut().max_tokens = 77;
    assert_eq!(runner.params().max_tokens, 77);
    let mut turns = 0;
    let mut last_text = String::new();
    while let Some(stream) = runner.next_stream().await {
        let stream = stream.unwrap();
        turns += 1;
        if turns == 1 {
            continue;
        }
        let mut text = stream.text_stream();
        while let Some(piece) = text.next_text().await {
            last_text.push_str(&piece.unwrap());
        }
    }
    assert_eq!(turns, 2);
    assert!(
        last_text.starts_with("Thanks, the tool returned: sunny in example"),
        "{last_text}"
    );
    for r in s.server.requests() {
        assert_eq!(r.json()["stream"], true);
        assert_eq!(r.json()["max_tokens"], 77);
        assert_eq!(r.header("x-stainless-helper"), Some("BetaToolRunner"));
        assert_eq!(r.header("anthropic-beta"), None);
    }
}

pub async fn the_runner_is_a_stream<H: Harness>() {
    let s = setup::<H>();
    let runner = s.client.beta().messages().tool_runner(&params(), tools(&s));
    let messages: Vec<_> = runner.into_stream().collect().await;
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].as_ref().unwrap().tool_uses().count(), 1);
    assert!(messages[1].as_ref().unwrap().text().starts_with("Thanks"));
}

#[derive(Debug, serde::Deserialize, anthropic_core::schemars::JsonSchema, PartialEq)]
#[schemars(crate = "anthropic_core::schemars")]
struct Person {
    name: String,
    age: i64,
}

pub async fn parse_sends_the_schema_and_parses_the_reply<H: Harness>() {
    let s = setup::<H>();
    let parsed = s
        .client
        .beta()
        .messages()
        .parse::<Person>(&params())
        .await
        .unwrap();
    assert_eq!(
        parsed.parsed_output(),
        Some(&Person {
            name: "example".into(),
            age: 1
        })
    );
    let r = &s.server.requests()[0];
    assert_eq!(
        r.header("anthropic-beta"),
        Some("structured-outputs-2025-11-13")
    );
    assert_eq!(r.header("x-stainless-helper"), Some("beta.messages.parse"));
    assert_eq!(
        r.json()["output_format"]["schema"]["additionalProperties"],
        false
    );
    s.server.enqueue(MockResponse::json(
        200,
        json!({"id": "m", "type": "message", "role": "assistant", "model": "m",
               "content": [{"type": "text", "text": "{\"name\": 3}"}], "stop_reason": "end_turn",
               "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}),
    ));
    match s.client.beta().messages().parse::<Person>(&params()).await {
        Err(Error::OutputParse(e)) => assert_eq!(e.text, "{\"name\": 3}"),
        other => panic!("expected an output parse error, got {other:?}"),
    }
    let _ = RequestOptions::new();
}

/// `stream_with_output::<T>()` checks each text block against `T` as it finishes
/// (Python's stream with an `output_format` type): a reply that parses streams to its
/// end; one that does not ends the stream at its `content_block_stop`, read event by
/// event or through `final_message`.
pub async fn stream_with_output_checks_each_text_block<H: Harness>() {
    use anthropic_core::stream::{StreamError, StreamEvent};
    use anthropic_core::structured::ParsedMessage;
    let s = setup::<H>();
    let messages = s.client.beta().messages();
    s.server
        .enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
            "m",
            r#"{"name": "Ada", "age": 36}"#,
            4,
        )));
    let mut stream = messages
        .stream_with_output::<Person>(&params())
        .await
        .unwrap();
    let parsed = ParsedMessage::<Person>::parse(stream.final_message().await.unwrap()).unwrap();
    assert_eq!(
        parsed.parsed_output(),
        Some(&Person {
            name: "Ada".into(),
            age: 36
        })
    );
    assert_eq!(
        s.server.requests()[0].json()["output_format"]["schema"]["title"],
        "Person"
    );

    s.server
        .enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
            "m", "not json", 3,
        )));
    let mut stream = messages
        .stream_with_output::<Person>(&params())
        .await
        .unwrap();
    let mut deltas = 0;
    let end = loop {
        match stream.next_event().await {
            Some(Ok(StreamEvent::ContentBlockDelta { .. })) => deltas += 1,
            Some(Ok(StreamEvent::ContentBlockStop { .. })) => panic!("the stop went through"),
            Some(Ok(_)) => {}
            other => break other,
        }
    };
    assert_eq!(deltas, 3);
    assert!(
        matches!(
            end,
            Some(Err(Error::Stream(StreamError::InvalidOutput {
                index: 0,
                ..
            })))
        ),
        "{end:?}"
    );
    assert!(stream.next_event().await.is_none());

    s.server
        .enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
            "m",
            r#"{"name": 3}"#,
            2,
        )));
    let mut stream = messages
        .stream_with_output::<Person>(&params())
        .await
        .unwrap();
    let err = stream.final_message().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("does not parse as the output type"),
        "{err}"
    );
}

/// A runner with an output type checks every turn's text, as Python's runner sends each
/// turn through `parse()` (or `stream()` with the type): a reply that does not parse
/// ends the loop with the error `parse()` gives.
pub async fn a_runner_with_an_output_type_checks_each_turn<H: Harness>() {
    let s = setup::<H>();
    let text_reply = |text: &str| {
        MockResponse::json(
            200,
            json!({"id": "m", "type": "message", "role": "assistant", "model": "m",
                   "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                   "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}),
        )
    };
    s.server
        .enqueue(text_reply(r#"{"name": "Ada", "age": 36}"#));
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .output_format::<Person>()
        .unwrap();
    let message = runner.until_done().await.unwrap();
    assert_eq!(message.text(), r#"{"name": "Ada", "age": 36}"#);
    assert_eq!(
        s.server.requests()[0].json()["output_format"]["schema"]["title"],
        "Person"
    );

    s.server.enqueue(text_reply("not json"));
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .output_format::<Person>()
        .unwrap();
    match runner.next_message().await {
        Some(Err(Error::OutputParse(e))) => assert_eq!(e.text, "not json"),
        other => panic!("{other:?}"),
    }
    assert!(runner.next_message().await.is_none());

    s.server
        .enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
            "m", "not json", 2,
        )));
    let mut runner = s
        .client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&s))
        .output_format::<Person>()
        .unwrap()
        .streaming();
    let stream = runner.next_stream().await.unwrap().unwrap();
    let err = stream.final_message().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("does not parse as the output type"),
        "{err}"
    );
}
