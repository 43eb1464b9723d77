//! The tool runner and `parse::<T>()` on the blocking client, against the mock server's
//! scripted conversations: the requests on the wire (path, headers, bodies) and the loop's
//! decisions (tool errors, unknown tools, `max_iterations`, compaction, user edits).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anthropic_blocking::{Client, ClientConfig, Error, RequestOptions};
use anthropic_core::tools::{
    CompactionControl, RunnableTool, ToolError, ToolOutcome, ToolRunnerError,
};
use anthropic_core::types::{
    ContentBlock, CustomTool, MessageContent, MessageCreateParams, MessageParam, Tool,
};
use anthropic_mock::{MockResponse, MockServer};
use serde_json::{Value, json};

struct Weather {
    calls: Arc<AtomicUsize>,
}

impl RunnableTool for Weather {
    fn definition(&self) -> Tool {
        Tool::Custom(
            CustomTool::new(
                "get_weather",
                json!({"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}),
            )
            .description("Get the weather"),
        )
    }
    fn call(&self, input: Value) -> ToolOutcome {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(MessageContent::Text(format!(
            "sunny in {}",
            input["location"].as_str().unwrap_or("?")
        )))
    }
}

struct Boom;

impl RunnableTool for Boom {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            "boom",
            json!({"type": "object", "properties": {}}),
        ))
    }
    fn call(&self, _: Value) -> ToolOutcome {
        Err(ToolError::new("RuntimeError", "it's broken"))
    }
}

fn setup() -> (MockServer, Client, Arc<AtomicUsize>) {
    let server = MockServer::start();
    let client = Client::new(
        ClientConfig::new()
            .api_key("k")
            .base_url(server.url())
            .max_retries(0),
    )
    .unwrap();
    (server, client, Arc::new(AtomicUsize::new(0)))
}

fn tools(calls: &Arc<AtomicUsize>) -> Vec<Box<dyn RunnableTool>> {
    vec![
        Box::new(Weather {
            calls: calls.clone(),
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

#[test]
fn a_conversation_with_a_tool_error_and_an_unknown_tool() {
    let (server, client, calls) = setup();
    server.enqueue(reply(
        json!([
            {"type": "text", "text": "Checking"},
            {"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "NYC"}},
            {"type": "tool_use", "id": "t2", "name": "nope", "input": {}},
            {"type": "tool_use", "id": "t3", "name": "boom", "input": {}}
        ]),
        10,
    ));
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls));
    let first = runner.next().unwrap().unwrap();
    assert_eq!(first.tool_uses().count(), 3);
    let last = runner.until_done().unwrap();
    assert!(
        last.text()
            .starts_with("Thanks, the tool returned: sunny in NYC"),
        "{}",
        last.text()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert_eq!(r.path, "/v1/messages?beta=true");
        assert_eq!(r.header("x-stainless-helper"), Some("BetaToolRunner"));
        assert_eq!(
            r.header("anthropic-beta"),
            Some("structured-outputs-2025-11-13")
        );
        assert!(r.json().get("stream").is_none());
        assert_eq!(r.json()["tools"][0]["name"], "get_weather");
        assert_eq!(r.json()["tools"][1]["name"], "boom");
    }
    let messages = &requests[1].json()["messages"];
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(
        messages[1]["content"][0],
        json!({"type": "text", "text": "Checking"})
    );
    assert_eq!(
        messages[2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": "sunny in NYC"},
            {"type": "tool_result", "tool_use_id": "t2", "content": "Error: Tool 'nope' not found", "is_error": true},
            {"type": "tool_result", "tool_use_id": "t3", "content": "RuntimeError: it's broken", "is_error": true}
        ]})
    );
    // Done: the loop is over and until_done returns the last message again.
    assert!(runner.next().is_none());
    assert_eq!(runner.until_done().unwrap().id, last.id);
}

#[test]
fn the_mock_calls_the_offered_tools_and_betas_replace_the_structured_outputs_beta() {
    let (server, client, calls) = setup();
    let params = params().betas(["b1", "b2"]);
    let options = RequestOptions::new().header("x-mock-tool-calls", "3");
    let mut runner = client.beta().messages().with_options(options).tool_runner(
        &params,
        vec![Box::new(Weather {
            calls: calls.clone(),
        }) as Box<dyn RunnableTool>],
    );
    let first = runner.next().unwrap().unwrap();
    assert_eq!(first.tool_uses().count(), 3, "three parallel calls");
    runner.until_done().unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("anthropic-beta"), Some("b1,b2"));
    let results = &requests[1].json()["messages"][2]["content"];
    let ids: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tool_use_id"].as_str().unwrap())
        .collect();
    let called: Vec<String> = first.tool_uses().map(|t| t.id.clone()).collect();
    assert_eq!(ids, called, "results in call order");
}

#[test]
fn max_iterations_stops_after_running_the_last_tools_and_zero_is_an_error() {
    let (server, client, calls) = setup();
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .max_iterations(1);
    let last = runner.until_done().unwrap();
    assert_eq!(last.tool_uses().count(), 1);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the last turn's tools still ran"
    );
    assert_eq!(runner.params().messages.len(), 3);

    let mut none = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .max_iterations(0);
    assert!(matches!(
        none.until_done(),
        Err(Error::ToolRunner(ToolRunnerError::NoMessage))
    ));
    assert_eq!(server.requests().len(), 1, "nothing sent");
}

#[test]
fn compaction_summarises_and_continues_from_the_summary() {
    let (server, client, calls) = setup();
    server.enqueue(reply(
        json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "A"}}]),
        500,
    ));
    server.enqueue(MockResponse::json(
        200,
        json!({"id": "msg_s", "type": "message", "role": "assistant", "model": "small",
               "content": [{"type": "text", "text": "<summary>S</summary>"}],
               "stop_reason": "end_turn", "stop_sequence": null,
               "usage": {"input_tokens": 5, "output_tokens": 5}}),
    ));
    let params = params().betas(["b1"]).system("sys");
    let mut runner = client
        .beta()
        .messages()
        .with_options(RequestOptions::new().header("x-extra", "1"))
        .tool_runner(&params, tools(&calls))
        // The mock's own turns use far fewer tokens than the scripted first one.
        .compaction_control(
            CompactionControl::enabled()
                .threshold(400)
                .model("small")
                .summary_prompt("SUMMARIZE"),
        );
    let last = runner.until_done().unwrap();
    assert!(last.text().starts_with("Thanks"));
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        4,
        "turn, compaction, turn (tool_use), turn (text)"
    );
    assert_eq!(requests[1].header("x-stainless-helper"), Some("compaction"));
    assert_eq!(requests[1].header("anthropic-beta"), None);
    assert_eq!(requests[1].header("x-extra"), None);
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
    assert_eq!(requests[2].header("x-extra"), Some("1"));
    assert_eq!(requests[2].json()["system"], "sys");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the compacted turn's tool never ran; the next one's did"
    );
}

#[test]
fn user_edits_during_an_iteration() {
    let (server, client, calls) = setup();
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls));
    runner.next().unwrap().unwrap();
    // Ask for the results early: cached, so the tool runs once.
    let response = runner.generate_tool_call_response().unwrap();
    assert_eq!(runner.generate_tool_call_response().unwrap(), response);
    runner.params_mut().max_tokens = 77;
    let second = runner.next().unwrap().unwrap();
    assert!(second.text().starts_with("Thanks"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let sent = server.requests()[1].json();
    assert_eq!(sent["max_tokens"], 77);
    assert_eq!(sent["messages"].as_array().unwrap().len(), 3);

    // append_messages: the runner appends nothing itself.
    let (server, client, calls) = setup();
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls));
    let first = runner.next().unwrap().unwrap();
    let id = first.tool_uses().next().unwrap().id.clone();
    runner.append_messages([
        first.to_param(),
        MessageParam::user(vec![ContentBlock::tool_result(id, "handled by hand")]),
    ]);
    runner.until_done().unwrap();
    let sent = server.requests()[1].json();
    assert_eq!(
        sent["messages"][2]["content"][0]["content"],
        "handled by hand"
    );
    assert_eq!(sent["messages"].as_array().unwrap().len(), 3);
}

#[test]
fn the_streaming_runner_yields_each_turns_stream() {
    let (server, client, calls) = setup();
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .streaming();
    // Python's `set_messages_params(lambda p: {**p, "max_tokens": 77})`.
    runner.params_mut().max_tokens = 77;
    assert_eq!(runner.params().max_tokens, 77);
    let mut texts = Vec::new();
    let mut turns = 0;
    while let Some(stream) = runner.next_stream() {
        let stream = stream.unwrap();
        turns += 1;
        if turns == 1 {
            continue; // left unread: the runner reads it to its end
        }
        let text: String = stream.text_stream().map(Result::unwrap).collect();
        texts.push(text);
    }
    assert_eq!(turns, 2);
    assert!(
        texts[0].starts_with("Thanks, the tool returned: sunny in example"),
        "{texts:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let requests = server.requests();
    for r in &requests {
        assert_eq!(r.json()["stream"], true);
        assert_eq!(r.json()["max_tokens"], 77);
        assert_eq!(r.header("x-stainless-helper"), Some("BetaToolRunner"));
        assert_eq!(r.header("x-stainless-helper-method"), Some("stream"));
        assert_eq!(r.header("anthropic-beta"), None);
    }
    assert!(runner.until_done().unwrap().text().starts_with("Thanks"));
}

#[derive(Debug, serde::Deserialize, anthropic_core::schemars::JsonSchema, PartialEq)]
#[schemars(crate = "anthropic_core::schemars")]
struct Person {
    name: String,
    age: i64,
}

#[test]
fn parse_sends_the_schema_and_parses_the_reply() {
    let (server, client, _) = setup();
    let parsed = client
        .beta()
        .messages()
        .parse::<Person>(&params().betas(["b1"]))
        .unwrap();
    assert_eq!(
        parsed.parsed_output(),
        Some(&Person {
            name: "example".into(),
            age: 1
        })
    );
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v1/messages?beta=true");
    assert_eq!(
        r.header("anthropic-beta"),
        Some("b1,structured-outputs-2025-11-13")
    );
    assert_eq!(r.header("x-stainless-helper"), Some("beta.messages.parse"));
    assert_eq!(
        r.json()["output_format"],
        json!({"schema": {"type": "object", "title": "Person",
            "properties": {"name": {"type": "string", "title": "Name"}, "age": {"type": "integer", "title": "Age"}},
            "additionalProperties": false, "required": ["name", "age"]}, "type": "json_schema"})
    );

    server.enqueue(MockResponse::json(
        200,
        json!({"id": "m", "type": "message", "role": "assistant", "model": "m",
               "content": [{"type": "text", "text": "not json"}], "stop_reason": "end_turn",
               "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}),
    ));
    match client.beta().messages().parse::<Person>(&params()) {
        Err(Error::OutputParse(e)) => {
            assert_eq!(e.text, "not json");
            assert!(e.request_id.is_some());
        }
        other => panic!("expected an output parse error, got {other:?}"),
    }
}

/// `stream_with_output::<T>()` checks each text block against `T` as it finishes
/// (Python's stream with an `output_format` type): a reply that parses streams to its
/// end; one that does not ends the stream at its `content_block_stop`, read event by
/// event or through `final_message`.
#[test]
fn stream_with_output_checks_each_text_block() {
    use anthropic_core::stream::{StreamError, StreamEvent};
    use anthropic_core::structured::ParsedMessage;
    let (server, client, _) = setup();
    let messages = client.beta().messages();
    server.enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
        "m",
        r#"{"name": "Ada", "age": 36}"#,
        4,
    )));
    let mut stream = messages.stream_with_output::<Person>(&params()).unwrap();
    let parsed = ParsedMessage::<Person>::parse(stream.final_message().unwrap()).unwrap();
    assert_eq!(
        parsed.parsed_output(),
        Some(&Person {
            name: "Ada".into(),
            age: 36
        })
    );
    assert_eq!(
        server.requests()[0].json()["output_format"]["schema"]["title"],
        "Person"
    );

    server.enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
        "m", "not json", 3,
    )));
    let mut stream = messages.stream_with_output::<Person>(&params()).unwrap();
    let mut deltas = 0;
    let end = loop {
        match stream.next_event() {
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
    assert!(stream.next_event().is_none());

    server.enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
        "m",
        r#"{"name": 3}"#,
        2,
    )));
    let mut stream = messages.stream_with_output::<Person>(&params()).unwrap();
    let err = stream.final_message().unwrap_err();
    assert!(
        err.to_string()
            .contains("does not parse as the output type"),
        "{err}"
    );
}

/// A runner with an output type checks every turn's text, as Python's runner sends each
/// turn through `parse()` (or `stream()` with the type): a reply that does not parse
/// ends the loop with the error `parse()` gives.
#[test]
fn a_runner_with_an_output_type_checks_each_turn() {
    let (server, client, calls) = setup();
    let text_reply = |text: &str| {
        MockResponse::json(
            200,
            json!({"id": "m", "type": "message", "role": "assistant", "model": "m",
                   "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                   "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}),
        )
    };
    server.enqueue(text_reply(r#"{"name": "Ada", "age": 36}"#));
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .output_format::<Person>()
        .unwrap();
    let message = runner.until_done().unwrap();
    assert_eq!(message.text(), r#"{"name": "Ada", "age": 36}"#);
    assert_eq!(
        server.requests()[0].json()["output_format"]["schema"]["title"],
        "Person"
    );

    server.enqueue(text_reply("not json"));
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .output_format::<Person>()
        .unwrap();
    match runner.next() {
        Some(Err(Error::OutputParse(e))) => assert_eq!(e.text, "not json"),
        other => panic!("{other:?}"),
    }
    assert!(runner.next().is_none());

    server.enqueue(MockResponse::sse(anthropic_mock::sse::text_message(
        "m", "not json", 2,
    )));
    let mut runner = client
        .beta()
        .messages()
        .tool_runner(&params(), tools(&calls))
        .output_format::<Person>()
        .unwrap()
        .streaming();
    let stream = runner.next_stream().unwrap().unwrap();
    let err = stream.final_message().unwrap_err();
    assert!(
        err.to_string()
            .contains("does not parse as the output type"),
        "{err}"
    );
}
