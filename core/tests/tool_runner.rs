//! The tool runner's loop (spec/tools.md §2, §3, §6) driven by hand: scripted messages in,
//! requests and tool calls out. No I/O: the tools are plain functions.

use anthropic_core::tools::runnable::{ToolError, ToolOutcome, run_calls};
use anthropic_core::tools::{
    CompactionControl, RunnableTool, RunnerStep, ToolResponse, ToolRunner, ToolRunnerError,
};
use anthropic_core::types::{
    ContentBlock, CustomTool, Message, MessageContent, MessageCreateParams, MessageParam, Role,
    StopReason, Tool, Usage,
};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};

struct FnTool {
    name: &'static str,
    calls: AtomicUsize,
    f: fn(Value) -> ToolOutcome,
}

impl FnTool {
    fn new(name: &'static str, f: fn(Value) -> ToolOutcome) -> Self {
        FnTool {
            name,
            calls: AtomicUsize::new(0),
            f,
        }
    }
}

impl RunnableTool for FnTool {
    fn definition(&self) -> Tool {
        Tool::Custom(CustomTool::new(
            self.name,
            json!({"type": "object", "properties": {}}),
        ))
    }
    fn call(&self, input: Value) -> ToolOutcome {
        self.calls.fetch_add(1, Ordering::SeqCst);
        (self.f)(input)
    }
}

fn weather(input: Value) -> ToolOutcome {
    Ok(MessageContent::Text(format!(
        "sunny in {}",
        input["location"].as_str().unwrap_or("?")
    )))
}

fn boom(input: Value) -> ToolOutcome {
    if input["x"].is_number() {
        Err(ToolError::new("RuntimeError", "it's broken"))
    } else {
        Err(ToolError::invalid_input(
            "boom",
            "invalid type: string \"notint\", expected i64",
        ))
    }
}

fn message(content: Value, usage: (u64, u64)) -> Message {
    let mut m: Message = serde_json::from_value(json!({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m",
        "content": content, "stop_reason": "tool_use", "stop_sequence": null,
        "usage": {"input_tokens": usage.0, "output_tokens": usage.1}
    }))
    .unwrap();
    m.usage = Usage {
        input_tokens: usage.0,
        output_tokens: usage.1,
        ..Usage::default()
    };
    m
}

fn text_message(text: &str) -> Message {
    let mut m = message(json!([{"type": "text", "text": text}]), (10, 5));
    m.stop_reason = Some(StopReason::EndTurn);
    m
}

fn params() -> MessageCreateParams {
    MessageCreateParams::new("claude-sonnet-4-5", 1024).user("What's the weather in NYC?")
}

fn expect_turn(runner: &mut ToolRunner) -> MessageCreateParams {
    match runner.poll() {
        RunnerStep::SendTurn(p) => p,
        other => panic!("expected a turn, got {other:?}"),
    }
}

/// Drives the runner with the blocking tools until it asks for a turn or is done.
fn drive(runner: &mut ToolRunner, tools: &[Box<dyn RunnableTool>]) -> Option<MessageCreateParams> {
    loop {
        match runner.poll() {
            RunnerStep::SendTurn(p) => return Some(p),
            RunnerStep::RunTools(calls) => runner
                .handle_tool_results(run_calls(tools, &calls))
                .unwrap(),
            RunnerStep::SendCompaction(p) => panic!("unexpected compaction {p:?}"),
            RunnerStep::Done => return None,
        }
    }
}

fn json_of<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn vector_1_results_in_order_with_errors_and_unknown_tools() {
    let tools: Vec<Box<dyn RunnableTool>> = vec![
        Box::new(FnTool::new("get_weather", weather)),
        Box::new(FnTool::new("boom", boom)),
    ];
    let mut runner = ToolRunner::new(params(), tools.iter().map(|t| t.definition()).collect());
    let first = expect_turn(&mut runner);
    assert_eq!(json_of(&first.tools).as_array().unwrap().len(), 2);
    let reply = message(
        json!([
            {"type": "text", "text": "Let me check", "citations": null},
            {"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "NYC"}},
            {"type": "tool_use", "id": "t2", "name": "nope", "input": {}},
            {"type": "tool_use", "id": "t3", "name": "boom", "input": {"x": 1}},
            {"type": "tool_use", "id": "t4", "name": "boom", "input": {"x": "notint"}},
            {"type": "server_tool_use", "id": "s1", "name": "web_search", "input": {}}
        ]),
        (10, 5),
    );
    runner.handle_message(reply.clone()).unwrap();
    let second = drive(&mut runner, &tools).expect("a second turn");
    let messages = json_of(&second.messages);
    assert_eq!(messages.as_array().unwrap().len(), 3);
    assert_eq!(
        messages[0],
        json!({"role": "user", "content": "What's the weather in NYC?"})
    );
    assert_eq!(
        messages[1],
        json!({"role": "assistant", "content": json_of(&reply.content)})
    );
    assert_eq!(
        messages[2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": "sunny in NYC"},
            {"type": "tool_result", "tool_use_id": "t2", "content": "Error: Tool 'nope' not found", "is_error": true},
            {"type": "tool_result", "tool_use_id": "t3", "content": "RuntimeError: it's broken", "is_error": true},
            {"type": "tool_result", "tool_use_id": "t4", "content": "InvalidInput: Invalid arguments for function boom: invalid type: string \"notint\", expected i64", "is_error": true}
        ]})
    );
    runner.handle_message(text_message("It is sunny.")).unwrap();
    assert_eq!(drive(&mut runner, &tools), None);
    assert!(runner.is_done());
    assert_eq!(runner.final_message().unwrap().text(), "It is sunny.");
}

#[test]
fn vector_2_max_iterations_still_runs_the_last_tools() {
    let tool = FnTool::new("get_weather", weather);
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(tool)];
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]).max_iterations(1);
    expect_turn(&mut runner);
    runner
        .handle_message(message(
            json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"location": "A"}}]),
            (1, 1),
        ))
        .unwrap();
    assert_eq!(drive(&mut runner, &tools), None);
    let roles: Vec<Role> = runner
        .params()
        .messages
        .iter()
        .map(|m| m.role.clone())
        .collect();
    assert_eq!(roles, [Role::User, Role::Assistant, Role::User]);
    assert_eq!(runner.iteration_count(), 1);
}

#[test]
fn max_iterations_zero_sends_nothing_and_has_no_message() {
    let mut runner = ToolRunner::new(params(), vec![]).max_iterations(0);
    assert_eq!(runner.poll(), RunnerStep::Done);
    assert_eq!(
        runner.final_message().unwrap_err(),
        ToolRunnerError::NoMessage
    );
}

#[test]
fn vector_3_stop_reason_is_not_consulted() {
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(FnTool::new("get_weather", weather))];
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]);
    expect_turn(&mut runner);
    let mut reply = message(
        json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
        (1, 1),
    );
    reply.stop_reason = Some(StopReason::EndTurn);
    runner.handle_message(reply).unwrap();
    assert!(
        drive(&mut runner, &tools).is_some(),
        "a second request is made"
    );
}

#[test]
fn no_content_or_no_tool_use_stops() {
    let mut runner = ToolRunner::new(params(), vec![]);
    expect_turn(&mut runner);
    runner.handle_message(message(json!([]), (1, 1))).unwrap();
    assert_eq!(runner.poll(), RunnerStep::Done);
}

#[test]
fn runnable_tools_come_first_then_raw_tools() {
    let raw = Tool::web_search_20250305();
    let mut p = params();
    p.tools = vec![raw.clone()];
    let tool = FnTool::new("get_weather", weather);
    let mut runner = ToolRunner::new(p, vec![tool.definition()]);
    let sent = expect_turn(&mut runner);
    assert_eq!(sent.tools[0].name(), Some("get_weather"));
    assert_eq!(sent.tools[1], raw);
}

#[test]
fn generate_tool_call_response_is_cached_and_tools_run_once() {
    let tool = std::sync::Arc::new(FnTool::new("get_weather", weather));
    struct Shared(std::sync::Arc<FnTool>);
    impl RunnableTool for Shared {
        fn definition(&self) -> Tool {
            self.0.definition()
        }
        fn call(&self, input: Value) -> ToolOutcome {
            self.0.call(input)
        }
    }
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(Shared(tool.clone()))];
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]);
    expect_turn(&mut runner);
    assert_eq!(
        runner.tool_response(),
        ToolResponse::Nothing,
        "no turn handed out"
    );
    runner
        .handle_message(message(
            json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
            (1, 1),
        ))
        .unwrap();
    // The user asks for the results inside the iteration.
    let ToolResponse::Run(calls) = runner.tool_response() else {
        panic!("{:?}", runner.tool_response());
    };
    assert_eq!(calls, runner.pending_tool_calls());
    assert_eq!(calls[0].id, "t1");
    runner
        .handle_tool_results(run_calls(&tools, &calls))
        .unwrap();
    assert!(runner.pending_tool_calls().is_empty(), "cached");
    let cached = runner.cached_tool_response().cloned().unwrap();
    assert_eq!(runner.tool_response(), ToolResponse::Cached(&cached));
    assert_eq!(json_of(&cached)["content"][0]["tool_use_id"], "t1");
    let next = drive(&mut runner, &tools).unwrap();
    assert_eq!(tool.calls.load(Ordering::SeqCst), 1);
    assert_eq!(next.messages.len(), 3);
}

#[test]
fn append_messages_replaces_the_runners_own_append_and_tools_run_again() {
    let tool = std::sync::Arc::new(FnTool::new("get_weather", weather));
    struct Shared(std::sync::Arc<FnTool>);
    impl RunnableTool for Shared {
        fn definition(&self) -> Tool {
            self.0.definition()
        }
        fn call(&self, input: Value) -> ToolOutcome {
            self.0.call(input)
        }
    }
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(Shared(tool.clone()))];
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]);
    expect_turn(&mut runner);
    let reply = message(
        json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
        (1, 1),
    );
    runner.handle_message(reply.clone()).unwrap();
    let calls = runner.pending_tool_calls();
    runner
        .handle_tool_results(run_calls(&tools, &calls))
        .unwrap();
    runner.append_messages([
        reply.to_param(),
        MessageParam::user(vec![ContentBlock::tool_result("t1", "handled by hand")]),
    ]);
    let next = drive(&mut runner, &tools).unwrap();
    assert_eq!(
        tool.calls.load(Ordering::SeqCst),
        2,
        "the cache was cleared"
    );
    assert_eq!(next.messages.len(), 3, "only what the user appended");
    assert_eq!(
        json_of(&next.messages[2])["content"][0]["content"],
        "handled by hand"
    );
}

#[test]
fn set_params_keeps_the_cache_and_the_runner_appends_as_usual() {
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(FnTool::new("get_weather", weather))];
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]);
    expect_turn(&mut runner);
    runner
        .handle_message(message(
            json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
            (1, 1),
        ))
        .unwrap();
    let mut changed = runner.params().clone();
    changed.max_tokens = 77;
    runner.set_params(changed);
    let next = drive(&mut runner, &tools).unwrap();
    assert_eq!(next.max_tokens, 77);
    assert_eq!(next.messages.len(), 3);
}

#[test]
fn replacing_the_params_keeps_the_runners_betas() {
    use anthropic_core::types::AnthropicBeta;
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(FnTool::new("get_weather", weather))];
    let mut runner = ToolRunner::new(params().betas(["b1"]), vec![tools[0].definition()]);
    let tool_turn = || {
        message(
            json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
            (1, 1),
        )
    };
    let first = expect_turn(&mut runner);
    runner.handle_message(tool_turn()).unwrap();
    // Python's `set_messages_params(new)` with a dict that has no betas: the runner's
    // betas are request options and stay.
    let mut replacement = MessageCreateParams::new("claude-sonnet-4-5", 50);
    replacement.messages = first.messages.clone();
    replacement.tools = first.tools.clone();
    runner.set_params(replacement);
    let second = drive(&mut runner, &tools).unwrap();
    assert_eq!(second.max_tokens, 50);
    assert_eq!(second.betas, vec![AnthropicBeta::from("b1")]);

    // Params naming betas of their own do not override the runner's (Python's header wins).
    runner.handle_message(tool_turn()).unwrap();
    runner.set_params(second.clone().betas(["b2"]));
    let third = drive(&mut runner, &tools).unwrap();
    assert_eq!(third.betas, vec![AnthropicBeta::from("b1")]);

    // A runner without betas takes the new params'.
    let mut runner = ToolRunner::new(params(), vec![tools[0].definition()]);
    let first = expect_turn(&mut runner);
    runner.handle_message(tool_turn()).unwrap();
    runner.set_params(first.betas(["b2"]));
    let next = drive(&mut runner, &tools).unwrap();
    assert_eq!(next.betas, vec![AnthropicBeta::from("b2")]);
}

#[test]
fn vector_5_compaction() {
    let tools: Vec<Box<dyn RunnableTool>> = vec![Box::new(FnTool::new("get_weather", weather))];
    let mut p = MessageCreateParams::new("big", 10).user("hi").betas(["b1"]);
    p.system = Some("sys".into());
    let mut runner = ToolRunner::new(p, vec![tools[0].definition()]).compaction_control(
        CompactionControl::enabled()
            .threshold(100)
            .model("small")
            .summary_prompt("SUMMARIZE"),
    );
    expect_turn(&mut runner);
    let mut reply = message(
        json!([{"type": "tool_use", "id": "t1", "name": "get_weather", "input": {}}]),
        (50, 10),
    );
    reply.usage.cache_creation_input_tokens = Some(30);
    reply.usage.cache_read_input_tokens = Some(10);
    runner.handle_message(reply).unwrap();
    let RunnerStep::SendCompaction(summary) = runner.poll() else {
        panic!("compaction expected")
    };
    let call = anthropic_core::tools::requests::compaction(&summary).unwrap();
    assert_eq!(
        call.body_json().unwrap(),
        json!({"max_tokens": 10, "messages": [{"role": "user", "content": "hi"}, {"role": "user", "content": "SUMMARIZE"}], "model": "small"})
    );
    runner
        .handle_compaction(&text_message("<summary>S</summary>"))
        .unwrap();
    let next = expect_turn(&mut runner);
    assert_eq!(
        json_of(&next.messages),
        json!([{"role": "user", "content": [{"type": "text", "text": "<summary>S</summary>"}]}])
    );
    assert_eq!(next.tools.len(), 1);
    assert_eq!(next.betas, vec!["b1".into()]);
    assert_eq!(next.system, Some("sys".into()));
}

#[test]
fn compaction_below_the_threshold_does_not_run_and_a_non_text_reply_fails() {
    let control = CompactionControl::enabled().threshold(100);
    assert!(!control.should_compact(&message(json!([]), (50, 49))));
    assert!(control.should_compact(&message(json!([]), (50, 50))));
    let mut runner = ToolRunner::new(params(), vec![]).compaction_control(control);
    expect_turn(&mut runner);
    runner.handle_message(message(json!([]), (100, 0))).unwrap();
    assert!(matches!(runner.poll(), RunnerStep::SendCompaction(_)));
    let not_text = message(
        json!([{"type": "tool_use", "id": "x", "name": "y", "input": {}}]),
        (1, 1),
    );
    assert_eq!(
        runner.handle_compaction(&not_text),
        Err(ToolRunnerError::CompactionNotText)
    );
    assert_eq!(runner.poll(), RunnerStep::Done);
}

#[test]
fn the_summary_history_drops_a_trailing_assistant_tool_use() {
    use anthropic_core::tools::compaction::summary_history;
    let history = vec![
        MessageParam::user("hi"),
        MessageParam::assistant(vec![
            ContentBlock::text("checking"),
            ContentBlock::tool_use("t", "x", json!({})),
        ]),
    ];
    let kept = summary_history(&history);
    assert_eq!(
        json_of(&kept[1]),
        json!({"role": "assistant", "content": [{"type": "text", "text": "checking"}]})
    );
    let only_tools = vec![
        MessageParam::user("hi"),
        MessageParam::assistant(vec![ContentBlock::tool_use("t", "x", json!({}))]),
    ];
    assert_eq!(summary_history(&only_tools).len(), 1);
    // A string has no blocks to keep (Python iterates it for dicts): dropped too, while
    // a user's string turn stays.
    let string_turn = vec![MessageParam::user("hi"), MessageParam::assistant("done")];
    assert_eq!(summary_history(&string_turn).len(), 1);
    let ends_with_user = vec![MessageParam::assistant("done"), MessageParam::user("more")];
    assert_eq!(summary_history(&ends_with_user).len(), 2);
}

#[test]
fn vector_4_turn_headers() {
    let call = anthropic_core::tools::requests::turn(&params()).unwrap();
    let headers = format!("{call:?}");
    assert!(
        headers.contains("structured-outputs-2025-11-13"),
        "{headers}"
    );
    assert!(headers.contains("BetaToolRunner"));
    let call = anthropic_core::tools::requests::turn(&params().betas(["b1", "b2"])).unwrap();
    let headers = format!("{call:?}");
    assert!(headers.contains("\"b1,b2\""), "{headers}");
    assert!(!headers.contains("structured-outputs"), "{headers}");
    assert_eq!(call.query(), [("beta".to_owned(), "true".to_owned())]);
    assert!(call.body_json().unwrap().get("stream").is_none());
    let stream = anthropic_core::tools::requests::turn_stream(&params()).unwrap();
    let headers = format!("{stream:?}");
    assert!(!headers.contains("anthropic-beta"), "{headers}");
    assert_eq!(stream.body_json().unwrap()["stream"], true);
}

/// A tool's error is named by its type; a box is named by what it holds, and a trait
/// object or a string, which name nothing, is `Error`.
#[test]
fn a_tool_error_is_named_by_the_type_it_holds() {
    #[derive(Debug)]
    struct DiskFull;
    impl std::fmt::Display for DiskFull {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("disk full")
        }
    }
    impl std::error::Error for DiskFull {}
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(DiskFull);
    let cases: [(ToolError, &str); 6] = [
        (ToolError::from_error(&DiskFull), "DiskFull: disk full"),
        (
            ToolError::from_error(&Box::new(DiskFull)),
            "DiskFull: disk full",
        ),
        (
            ToolError::from_error(&std::sync::Arc::new(DiskFull)),
            "DiskFull: disk full",
        ),
        (ToolError::from_error(&boxed), "Error: disk full"),
        (
            ToolError::from_error(&String::from("disk full")),
            "Error: disk full",
        ),
        (
            ToolError::from_error(&std::io::Error::other("disk full")),
            "Error: disk full",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(error.to_string(), text);
    }
}
