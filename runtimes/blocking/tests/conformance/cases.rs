//! The conformance cases: every request the SDK can build, as data, and the checks applied
//! to what Steady answers.
//!
//! Runtime-agnostic: a case is a [`Call`] (which SDK method, GA or beta, with which
//! params), and a runtime supplies a [`Sender`] that performs it with its own client. The
//! async runtimes can include this file with `#[path]` and run the same table.
//!
//! Fields are sent only where the Python SDK 0.76.0 sends them (`shared/spec/endpoints.md`
//! §3.1/§3.2): beta-only params, tools and blocks go through the beta endpoint only, even
//! where the (newer) OpenAPI spec has since added them to the GA endpoint.

use std::fmt::Write as _;

use anthropic_core::types::{
    AllAmount, AllowedCaller, AnthropicBeta, BashCodeExecutionToolResultContent, BuiltinTool,
    CacheControl, CacheTtl, CharLocationCitation, Citation, CitationsConfig, ClearThinkingEdit,
    ClearToolInputs, ClearToolUsesEdit, CodeExecutionCaller, CodeExecutionOutput,
    CodeExecutionResult, CodeExecutionToolResultContent, ComputerTool, ContainerConfig,
    ContentBlock, ContentBlockLocationCitation, ContextAmount, ContextEdit,
    ContextManagementConfig, CustomTool, DocumentBlock, DocumentSource, Effort, ImageMediaType,
    McpServer, McpToolConfig, McpToolConfiguration, McpToolResultBlock, McpToolUseBlock,
    McpToolset, Message, MessageContent, MessageCountTokensParams, MessageCreateParams,
    MessageParam, Metadata, ModelListParams, OutputConfig, OutputFormat, PageLocationCitation,
    RedactedThinkingBlock, SearchResultBlock, SearchResultLocationCitation, ServerToolName,
    ServerToolResultBlock, ServerToolUseBlock, ServiceTierParam, SkillParam, SkillType, TextBlock,
    TextEditorCodeExecutionToolResultContent, TextEditorCreateResult, TextEditorStrReplaceResult,
    TextEditorTool, TextEditorViewResult, ThinkingConfig, Tool, ToolCaller, ToolChoice,
    ToolReferenceBlock, ToolResultBlock, ToolResultError, ToolSearchResult,
    ToolSearchToolResultContent, ToolUseBlock, UserLocation, WebFetchResult, WebFetchTool,
    WebFetchToolResultContent, WebSearchResult, WebSearchTool, WebSearchToolResultContent,
    WebSearchToolResultOther,
};
use http::HeaderMap;
use serde::Serialize;
use serde_json::{Value, json};

/// The model every case asks for.
pub const MODEL: &str = "claude-sonnet-4-5";

/// One SDK call.
#[derive(Debug, Clone)]
pub enum Call {
    /// `messages.create` (non-streaming).
    Create {
        beta: bool,
        params: MessageCreateParams,
    },
    /// `messages.create` with `"stream": true` (core `create_stream`).
    CreateStream {
        beta: bool,
        params: MessageCreateParams,
    },
    /// `messages.count_tokens`.
    CountTokens {
        beta: bool,
        params: MessageCountTokensParams,
    },
    /// `models.list` (one page; Steady always answers `has_more: true`, so never page on).
    ListModels { beta: bool, params: ModelListParams },
    /// `models.retrieve` (with `betas` as the `anthropic-beta` header).
    RetrieveModel {
        beta: bool,
        model_id: String,
        betas: Vec<AnthropicBeta>,
    },
    /// Batches, files, skills and legacy completions.
    Endpoint(EndpointCall),
}

impl Call {
    /// The JSON body the call's params serialize to (for failure messages).
    fn params_json(&self) -> String {
        let value = match self {
            Call::Create { params, .. } | Call::CreateStream { params, .. } => {
                serde_json::to_value(params)
            }
            Call::CountTokens { params, .. } => serde_json::to_value(params),
            Call::ListModels { params, .. } => serde_json::to_value(params),
            Call::RetrieveModel { model_id, .. } => Ok(json!({ "model_id": model_id })),
            Call::Endpoint(call) => Ok(json!(format!("{call:?}"))),
        };
        value
            .map(|v| v.to_string())
            .unwrap_or_else(|e| e.to_string())
    }
}

/// A named case.
#[derive(Debug, Clone)]
pub struct Case {
    /// `endpoint/ga|beta/what`, so a failure names the culprit.
    pub name: String,
    /// The call to make.
    pub call: Call,
    /// Extra request headers for Steady itself (`x-steady-seed`, `x-steady-array-size`:
    /// they vary the response it generates from the schema), sent as per-request headers.
    pub steady_headers: Vec<(&'static str, String)>,
}

/// The SDK's view of a response: the body it decoded, serialized again, plus anything
/// suspicious it noticed while decoding (a known block kept as `Unknown`, say).
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded value, serialized back to JSON.
    pub value: Value,
    /// Problems that did not fail decoding.
    pub notes: Vec<String>,
}

/// What came back for one case.
#[derive(Debug)]
pub struct Outcome {
    /// HTTP status.
    pub status: u16,
    /// Response headers (Steady's verdict is in `x-steady-*`).
    pub headers: HeaderMap,
    /// Response body.
    pub body: Vec<u8>,
    /// The SDK's decoding of the body, or why it failed. `None` when the call has no
    /// decoder to check (streaming, which Steady answers with plain JSON).
    pub decoded: Option<Result<Decoded, String>>,
}

/// How a runtime performs a call against a base URL.
pub trait Sender {
    /// Sends the case's call (with its `steady_headers` as extra request headers) and
    /// reports what came back; `Err` only for failures before a response.
    fn send(&self, case: &Case) -> Result<Outcome, String>;
}

/// Decoding result of a value the SDK produced.
pub fn decoded<T: Serialize>(value: &T, notes: Vec<String>) -> Decoded {
    Decoded {
        value: serde_json::to_value(value).unwrap_or_else(|e| json!(format!("<{e}>"))),
        notes,
    }
}

/// Content-block tags the SDK knows; one of these kept as `Unknown` means our struct did
/// not fit a shape the spec allows.
const KNOWN_BLOCK_TAGS: &[&str] = &[
    "text",
    "image",
    "document",
    "search_result",
    "thinking",
    "redacted_thinking",
    "tool_use",
    "tool_result",
    "server_tool_use",
    "web_search_tool_result",
    "web_fetch_tool_result",
    "code_execution_tool_result",
    "bash_code_execution_tool_result",
    "text_editor_code_execution_tool_result",
    "tool_search_tool_result",
    "mcp_tool_use",
    "mcp_tool_result",
    "container_upload",
    "tool_reference",
];

/// Notes on a decoded message: known block types that fell back to `Unknown`.
pub fn message_notes(message: &Message) -> Vec<String> {
    message
        .content
        .iter()
        .enumerate()
        .filter_map(|(i, block)| {
            let raw = block.as_unknown()?;
            let tag = raw.get("type").and_then(Value::as_str)?;
            KNOWN_BLOCK_TAGS.contains(&tag).then(|| {
                format!("content[{i}] of known type {tag:?} did not fit its struct: {raw}")
            })
        })
        .collect()
}

/// Runs every case and panics with one report listing every failure.
pub fn run_all(sender: &dyn Sender, cases: &[Case]) {
    assert!(!cases.is_empty(), "no cases");
    let mut failures = Vec::new();
    for case in cases {
        if let Err(why) = run_one(sender, case) {
            failures.push(format!("--- {}\n{why}", case.name));
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} conformance cases failed:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }
    eprintln!("{} conformance cases passed", cases.len());
}

/// Canaries: requests outside the spec, which Steady must flag (or the suite could pass
/// without checking anything).
pub fn canary_cases() -> Vec<Case> {
    vec![
        case(
            "canary/ga/unknown-tool-type",
            Call::Create {
                beta: false,
                params: minimal().tool(Tool::Unknown(json!({"type": "no_such_tool_20990101"}))),
            },
        ),
        case(
            "canary/ga/beta-only-tool",
            Call::Create {
                beta: false,
                params: minimal().tool(Tool::Computer20241022(computer(1024, 768))),
            },
        ),
        case(
            "canary/ga/beta-only-param",
            Call::Create {
                beta: false,
                params: minimal().mcp_servers([mcp_server()]),
            },
        ),
        case(
            "canary/beta/unknown-block",
            Call::Create {
                beta: true,
                params: minimal().user(vec![ContentBlock::Unknown(json!({"type": "bogus"}))]),
            },
        ),
    ]
}

/// Runs the canaries and panics unless Steady flags every one.
pub fn run_canaries(sender: &dyn Sender) {
    let mut unflagged = Vec::new();
    for case in canary_cases() {
        match sender.send(&case) {
            Ok(outcome) if verdict(&outcome).is_err() => {}
            Ok(_) => unflagged.push(case.name),
            Err(e) => unflagged.push(format!("{}: {e}", case.name)),
        }
    }
    assert!(
        unflagged.is_empty(),
        "Steady accepted requests outside the spec, so it is not validating: {unflagged:?}"
    );
}

fn run_one(sender: &dyn Sender, case: &Case) -> Result<(), String> {
    let outcome = sender.send(case)?;
    verdict(&outcome).map_err(|report| {
        format!(
            "{report}  params: {}\n",
            truncate(&case.call.params_json(), 4000)
        )
    })?;
    check_response(outcome)
}

/// Steady's verdict on the request: `Err` with every diagnostic it reported.
fn verdict(outcome: &Outcome) -> Result<(), String> {
    let header = |name: &str| {
        outcome
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    // Steady reports a union no variant of which matches ("E3012 No variant matched") as
    // an "ambiguous" warning and still says `x-steady-request-valid: true`; such a body is
    // still outside the spec, so any reported diagnostic fails the case.
    let error_count = header("x-steady-error-count");
    if header("x-steady-request-valid") != "true" || !matches!(error_count.as_str(), "" | "0") {
        let mut report = format!(
            "Steady flagged the request (status {}, x-steady-request-valid: {:?}, {} errors):\n",
            outcome.status,
            header("x-steady-request-valid"),
            error_count,
        );
        let mut lines: Vec<String> = outcome
            .headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-steady-error-"))
            .map(|(name, value)| format!("  {name}: {}", value.to_str().unwrap_or("<binary>")))
            .collect();
        lines.sort_by_key(|l| error_sort_key(l));
        for line in lines {
            let _ = writeln!(report, "{line}");
        }
        return Err(report);
    }
    Ok(())
}

/// The response side: a 2xx that the SDK decoded, and that round-trips.
fn check_response(outcome: Outcome) -> Result<(), String> {
    if !(200..300).contains(&outcome.status) {
        return Err(format!(
            "valid request but status {}: {}",
            outcome.status,
            truncate(&String::from_utf8_lossy(&outcome.body), 2000)
        ));
    }
    let Some(decoded) = outcome.decoded else {
        return Ok(());
    };
    let body = String::from_utf8_lossy(&outcome.body);
    let decoded = decoded.map_err(|e| {
        format!(
            "the SDK could not decode Steady's response: {e}\n  body: {}",
            truncate(&body, 4000)
        )
    })?;
    if !decoded.notes.is_empty() {
        return Err(format!(
            "decoded with problems:\n  {}\n  body: {}",
            decoded.notes.join("\n  "),
            truncate(&body, 4000)
        ));
    }
    // Round trip: what the SDK decoded, serialized again, is what Steady sent (explicit
    // nulls aside: the types read `null` and absent alike and omit both).
    let sent: Value = serde_json::from_slice(&outcome.body)
        .map_err(|e| format!("Steady's body is not JSON: {e}: {}", truncate(&body, 2000)))?;
    let (sent, got) = (without_nulls(sent), without_nulls(decoded.value));
    if sent != got {
        return Err(format!(
            "the decoded response does not serialize back to the body:\n  body:    {}\n  decoded: {}",
            truncate(&sent.to_string(), 4000),
            truncate(&got.to_string(), 4000)
        ));
    }
    Ok(())
}

/// Sorts `x-steady-error-<i>-...` lines by `i` (numerically), then by name.
fn error_sort_key(line: &str) -> (u32, String) {
    let rest = line.trim_start().trim_start_matches("x-steady-error-");
    let index = rest
        .split('-')
        .next()
        .and_then(|i| i.parse().ok())
        .unwrap_or(0);
    (index, line.to_owned())
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &s[..end], s.len())
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// The table.
// ---------------------------------------------------------------------------------------

/// Every case, in a stable order.
pub fn all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(create_cases());
    cases.extend(count_tokens_cases());
    cases.extend(stream_cases());
    cases.extend(model_cases());
    cases.extend(batch_cases());
    cases.extend(file_cases());
    cases.extend(skill_cases());
    cases.extend(completion_cases());
    cases
}

/// What the table misses: every SDK call, in its GA and its beta form, must have a case,
/// and case names must be unique (a failure names its case). Empty when complete. The
/// match is exhaustive, so a new [`Call`] cannot be added without being covered here.
pub fn coverage_gaps(cases: &[Case]) -> Vec<String> {
    // Every call, with the forms it exists in: GA and beta, or only one of them (files
    // and skills are beta only, legacy completions GA only).
    const BOTH: &[bool] = &[false, true];
    const GA: &[bool] = &[false];
    const BETA: &[bool] = &[true];
    const KINDS: [(&str, &[bool]); 21] = [
        ("create", BOTH),
        ("create_stream", BOTH),
        ("count_tokens", BOTH),
        ("list_models", BOTH),
        ("retrieve_model", BOTH),
        ("batches.create", BOTH),
        ("batches.retrieve", BOTH),
        ("batches.list", BOTH),
        ("batches.cancel", BOTH),
        ("batches.delete", BOTH),
        ("files.upload", BETA),
        ("files.list", BETA),
        ("files.retrieve_metadata", BETA),
        ("files.delete", BETA),
        ("files.download", BETA),
        ("completions.create", GA),
        ("skills.retrieve", BETA),
        ("skills.list", BETA),
        ("skills.delete", BETA),
        ("skills.versions.retrieve", BETA),
        ("skills.versions.list_or_delete", BETA),
    ];
    let kind = |call: &Call| match call {
        Call::Create { beta, .. } => (0, *beta),
        Call::CreateStream { beta, .. } => (1, *beta),
        Call::CountTokens { beta, .. } => (2, *beta),
        Call::ListModels { beta, .. } => (3, *beta),
        Call::RetrieveModel { beta, .. } => (4, *beta),
        Call::Endpoint(call) => match call {
            EndpointCall::CreateBatch { beta, .. } => (5, *beta),
            EndpointCall::RetrieveBatch { beta, .. } => (6, *beta),
            EndpointCall::ListBatches { beta, .. } => (7, *beta),
            EndpointCall::CancelBatch { beta, .. } => (8, *beta),
            EndpointCall::DeleteBatch { beta, .. } => (9, *beta),
            EndpointCall::UploadFile { .. } => (10, true),
            EndpointCall::ListFiles { .. } => (11, true),
            EndpointCall::RetrieveFile { .. } => (12, true),
            EndpointCall::DeleteFile { .. } => (13, true),
            EndpointCall::DownloadFile { .. } => (14, true),
            EndpointCall::Complete { .. } => (15, false),
            EndpointCall::RetrieveSkill { .. } => (16, true),
            EndpointCall::ListSkills { .. } => (17, true),
            EndpointCall::DeleteSkill { .. } => (18, true),
            EndpointCall::RetrieveSkillVersion { .. } => (19, true),
            EndpointCall::ListSkillVersions { .. } | EndpointCall::DeleteSkillVersion { .. } => {
                (20, true)
            }
        },
    };
    let mut gaps = Vec::new();
    for (i, (name, forms)) in KINDS.iter().enumerate() {
        for &beta in *forms {
            if !cases.iter().any(|c| kind(&c.call) == (i, beta)) {
                gaps.push(format!("no case for {name} (beta: {beta})"));
            }
        }
    }
    let mut names: Vec<_> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    for pair in names.windows(2) {
        if pair[0] == pair[1] {
            gaps.push(format!("two cases named {:?}", pair[0]));
        }
    }
    gaps
}

fn case(name: impl Into<String>, call: Call) -> Case {
    Case {
        name: name.into(),
        call,
        steady_headers: Vec::new(),
    }
}

/// Response sweeps, for a Steady that generates every response from the schema
/// (`Steady::start_schema_generated`): one minimal request per operation, many seeds,
/// several items per array. Only the response side is new here.
pub fn schema_generated_response_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for beta in [false, true] {
        let e = endpoint(beta);
        let calls = [
            (
                "messages.create",
                Call::Create {
                    beta,
                    params: minimal(),
                },
            ),
            (
                "messages.count_tokens",
                Call::CountTokens {
                    beta,
                    params: MessageCountTokensParams::new(MODEL).user("Hello, Claude"),
                },
            ),
            (
                "models.list",
                Call::ListModels {
                    beta,
                    params: ModelListParams::default(),
                },
            ),
            (
                "models.retrieve",
                Call::RetrieveModel {
                    beta,
                    model_id: "claude-sonnet-4-5".into(),
                    betas: Vec::new(),
                },
            ),
        ];
        for (name, call) in calls {
            // Generated messages run to megabytes (long random strings), so fewer seeds.
            let seeds = if name == "messages.create" {
                4
            } else {
                SWEEP_SEEDS
            };
            for seed in 1..=seeds {
                cases.push(seeded(
                    case(format!("generated/{name}/{e}"), call.clone()),
                    seed,
                ));
            }
        }
    }
    cases
}

/// Seeds per operation in [`schema_generated_response_cases`].
const SWEEP_SEEDS: u32 = 12;

/// Seeds for the response sweeps: Steady generates the models responses from the schema
/// (the messages ones come from the schema's fixed `examples`), so each seed is another
/// shape our types must decode.
const SEEDS: std::ops::RangeInclusive<u32> = 1..=6;

fn seeded(mut case: Case, seed: u32) -> Case {
    case.name = format!("{}/seed-{seed}", case.name);
    case.steady_headers = vec![
        ("x-steady-seed", seed.to_string()),
        ("x-steady-array-size", "3".to_owned()),
    ];
    case
}

fn endpoint(beta: bool) -> &'static str {
    if beta { "beta" } else { "ga" }
}

/// `messages.create`, GA and beta: the GA-valid variants on both endpoints, then the
/// beta-only variants on the beta endpoint.
pub fn create_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for beta in [false, true] {
        for (name, params) in ga_variants() {
            let params = if beta { with_betas(params) } else { params };
            cases.push(case(
                format!("messages.create/{}/{name}", endpoint(beta)),
                Call::Create { beta, params },
            ));
        }
    }
    for (name, params) in beta_variants() {
        cases.push(case(
            format!("messages.create/beta/{name}"),
            Call::Create { beta: true, params },
        ));
    }
    cases.extend(tool_cases());
    cases
}

/// `messages.count_tokens`, GA and beta.
pub fn count_tokens_cases() -> Vec<Case> {
    let minimal = MessageCountTokensParams::new(MODEL).user("Hello, Claude");
    let with_tools = MessageCountTokensParams::from(everything_ga());
    let beta_everything = MessageCountTokensParams::from(everything_beta());
    let mut thinking = MessageCountTokensParams::new(MODEL)
        .user("Think about 17 * 23.")
        .thinking(ThinkingConfig::enabled(2048));
    thinking.system = Some("You are a careful calculator.".into());
    let mut cases = Vec::new();
    for beta in [false, true] {
        let e = endpoint(beta);
        let betas = |p: MessageCountTokensParams| {
            if beta {
                p.beta(AnthropicBeta::TOKEN_COUNTING_2024_11_01)
            } else {
                p
            }
        };
        cases.push(case(
            format!("messages.count_tokens/{e}/minimal"),
            Call::CountTokens {
                beta,
                params: minimal.clone(),
            },
        ));
        cases.push(case(
            format!("messages.count_tokens/{e}/system+tools+tool_choice+thinking"),
            Call::CountTokens {
                beta,
                params: betas(with_tools.clone()),
            },
        ));
        cases.push(case(
            format!("messages.count_tokens/{e}/thinking+system-string"),
            Call::CountTokens {
                beta,
                params: betas(thinking.clone()),
            },
        ));
    }
    cases.push(case(
        "messages.count_tokens/beta/everything-beta",
        Call::CountTokens {
            beta: true,
            params: beta_everything,
        },
    ));
    cases
}

/// `messages.create` with `"stream": true`, GA and beta.
pub fn stream_cases() -> Vec<Case> {
    vec![
        case(
            "messages.stream/ga/minimal",
            Call::CreateStream {
                beta: false,
                params: minimal(),
            },
        ),
        case(
            "messages.stream/ga/everything-ga",
            Call::CreateStream {
                beta: false,
                params: everything_ga(),
            },
        ),
        // The GA `messages.stream` helper of the Python SDK passes `container` through
        // (endpoints.md §3.1), so the GA streaming body may carry it.
        case(
            "messages.stream/ga/container",
            Call::CreateStream {
                beta: false,
                params: minimal().container("container_011CNha8iCJcU1wX"),
            },
        ),
        case(
            "messages.stream/beta/minimal",
            Call::CreateStream {
                beta: true,
                params: minimal(),
            },
        ),
        case(
            "messages.stream/beta/everything-beta",
            Call::CreateStream {
                beta: true,
                params: everything_beta(),
            },
        ),
    ]
}

/// `models.list` and `models.retrieve`, GA and beta.
pub fn model_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for beta in [false, true] {
        let e = endpoint(beta);
        let lists = [
            ("no-params", ModelListParams::default()),
            (
                "limit",
                ModelListParams {
                    limit: Some(5),
                    ..Default::default()
                },
            ),
            (
                "after_id",
                ModelListParams {
                    after_id: Some("claude-opus-4-5-20251101".into()),
                    ..Default::default()
                },
            ),
            (
                "before_id+limit",
                ModelListParams {
                    before_id: Some("claude-3-haiku-20240307".into()),
                    limit: Some(20),
                    ..Default::default()
                },
            ),
            (
                "betas",
                ModelListParams {
                    limit: Some(1),
                    betas: vec![AnthropicBeta::new("models-beta-test")],
                    ..Default::default()
                },
            ),
        ];
        for (name, params) in lists {
            cases.push(case(
                format!("models.list/{e}/{name}"),
                Call::ListModels { beta, params },
            ));
        }
        cases.push(case(
            format!("models.retrieve/{e}/id"),
            Call::RetrieveModel {
                beta,
                model_id: "claude-sonnet-4-5-20250929".into(),
                betas: Vec::new(),
            },
        ));
        for seed in SEEDS {
            cases.push(seeded(
                case(
                    format!("models.list/{e}/limit"),
                    Call::ListModels {
                        beta,
                        params: ModelListParams {
                            limit: Some(3),
                            ..Default::default()
                        },
                    },
                ),
                seed,
            ));
            cases.push(seeded(
                case(
                    format!("models.retrieve/{e}/id"),
                    Call::RetrieveModel {
                        beta,
                        model_id: "claude-opus-4-5".into(),
                        betas: Vec::new(),
                    },
                ),
                seed,
            ));
        }
        cases.push(case(
            format!("models.retrieve/{e}/alias+betas"),
            Call::RetrieveModel {
                beta,
                model_id: "claude-sonnet-4-5".into(),
                betas: vec![
                    AnthropicBeta::CONTEXT_1M_2025_08_07,
                    AnthropicBeta::new("some-future-beta"),
                ],
            },
        ));
    }
    cases
}

// ---------------------------------------------------------------------------------------
// Params.
// ---------------------------------------------------------------------------------------

fn minimal() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 1024).user("Hello, Claude")
}

fn with_betas(params: MessageCreateParams) -> MessageCreateParams {
    params.betas([
        AnthropicBeta::INTERLEAVED_THINKING_2025_05_14,
        AnthropicBeta::new("some-future-beta"),
    ])
}

fn weather_tool() -> Tool {
    Tool::new(
        "get_weather",
        "Get the current weather in a given location",
        json!({
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "The city and state"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
            },
            "required": ["location"]
        }),
    )
}

fn ephemeral_1h() -> CacheControl {
    CacheControl::ephemeral_with_ttl(CacheTtl::OneHour)
}

fn user(content: impl Into<MessageContent>) -> MessageParam {
    MessageParam::user(content)
}

fn assistant(content: impl Into<MessageContent>) -> MessageParam {
    MessageParam::assistant(content)
}

/// A 1x1 PNG.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
/// A tiny (not necessarily renderable) PDF, base64.
const PDF_B64: &str = "JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G";

fn ga_tools() -> Vec<Tool> {
    let mut custom_typed = CustomTool::new(
        "lookup",
        json!({"type": "object", "properties": {"q": {"type": "string"}}}),
    )
    .description("Look something up");
    custom_typed.r#type = Some("custom".into());
    vec![
        weather_tool().cache_control(CacheControl::ephemeral()),
        Tool::Custom(custom_typed),
        Tool::custom("no_description", json!({"type": "object"})),
        Tool::bash_20250124(),
        Tool::text_editor_20250124(),
        Tool::TextEditor20250429(TextEditorTool::named("str_replace_based_edit_tool")),
        Tool::TextEditor20250728(TextEditorTool {
            max_characters: Some(10_000),
            ..TextEditorTool::named("str_replace_based_edit_tool")
        }),
        Tool::WebSearch20250305(WebSearchTool {
            allowed_domains: Some(vec!["example.com".into(), "wikipedia.org".into()]),
            max_uses: Some(5),
            user_location: Some(UserLocation {
                city: Some("San Francisco".into()),
                country: Some("US".into()),
                region: Some("California".into()),
                timezone: Some("America/Los_Angeles".into()),
                ..UserLocation::default()
            }),
            cache_control: Some(ephemeral_1h()),
            ..WebSearchTool::named("web_search")
        }),
    ]
}

/// Every optional GA field at once.
fn everything_ga() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 4096)
        .user("What's the weather in San Francisco?")
        .metadata(Metadata::user_id("13803d75-b4b5-4c3e-b2a2-6f21399b021b"))
        .service_tier(ServiceTierParam::Auto)
        .stop_sequences(["\n\nHuman:", "END"])
        .system(vec![
            TextBlock::new("You are a meteorologist.").cache_control(ephemeral_1h()),
        ])
        .temperature(1.0)
        .thinking(ThinkingConfig::enabled(2048))
        .tool_choice(ToolChoice::auto().disable_parallel_tool_use(true))
        .tools(ga_tools())
        .top_k(40)
        .top_p(0.95)
}

fn citations() -> Vec<Citation> {
    vec![
        Citation::CharLocation(CharLocationCitation {
            cited_text: "The grass is green.".into(),
            document_index: 0,
            document_title: Some("Facts".into()),
            start_char_index: 0,
            end_char_index: 19,
            file_id: None,
            extra: Default::default(),
        }),
        Citation::PageLocation(PageLocationCitation {
            cited_text: "Page one.".into(),
            document_index: 1,
            document_title: None,
            start_page_number: 1,
            end_page_number: 2,
            file_id: None,
            extra: Default::default(),
        }),
        Citation::ContentBlockLocation(ContentBlockLocationCitation {
            cited_text: "Block.".into(),
            document_index: 2,
            document_title: Some("Blocks".into()),
            start_block_index: 0,
            end_block_index: 1,
            file_id: None,
            extra: Default::default(),
        }),
        Citation::WebSearchResultLocation(anthropic_core::types::WebSearchResultLocationCitation {
            url: "https://example.com/page".into(),
            title: Some("Example".into()),
            encrypted_index: "Eo8BCioIAhgBIiQyYjQ0OWJmZi1lNm".into(),
            cited_text: "An example.".into(),
            extra: Default::default(),
        }),
        Citation::SearchResultLocation(SearchResultLocationCitation {
            cited_text: "Result text.".into(),
            search_result_index: 0,
            source: "https://example.com/kb/1".into(),
            title: Some("KB 1".into()),
            start_block_index: 0,
            end_block_index: 1,
            extra: Default::default(),
        }),
    ]
}

fn document(source: DocumentSource) -> DocumentBlock {
    DocumentBlock::new(source)
}

fn web_search_results() -> ContentBlock {
    ContentBlock::WebSearchToolResult(ServerToolResultBlock {
        tool_use_id: "srvtoolu_01".into(),
        content: WebSearchToolResultContent::Results(vec![WebSearchResult {
            url: "https://example.com/weather".into(),
            title: "Weather".into(),
            encrypted_content: "EqgfCioIARgBIiQ3YTAwMjY1Mi1".into(),
            page_age: Some("April 30, 2025".into()),
            extra: Default::default(),
        }]),
        cache_control: None,
        extra: Default::default(),
    })
}

fn server_tool_use(id: &str, name: ServerToolName, input: Value) -> ServerToolUseBlock {
    ServerToolUseBlock {
        id: id.into(),
        name,
        input,
        ..ServerToolUseBlock::default()
    }
}

/// Params valid on the GA endpoint (and so on the beta one too).
fn ga_variants() -> Vec<(&'static str, MessageCreateParams)> {
    let tool_choice = |choice: ToolChoice| minimal().tool(weather_tool()).tool_choice(choice);
    vec![
        ("minimal", minimal()),
        (
            "metadata+stop_sequences+sampling+service_tier",
            minimal()
                .metadata(Metadata::user_id("user-1234"))
                .stop_sequences(["STOP"])
                .temperature(0.2)
                .top_k(5)
                .top_p(0.7)
                .service_tier(ServiceTierParam::StandardOnly),
        ),
        ("metadata-empty", minimal().metadata(Metadata::default())),
        ("system-string", minimal().system("You are a helpful assistant.")),
        (
            "system-blocks+cache_control",
            minimal().system(vec![
                TextBlock::new("You are a helpful assistant.")
                    .cache_control(CacheControl::ephemeral()),
                TextBlock::new("Answer briefly.").cache_control(ephemeral_1h()),
            ]),
        ),
        ("tools/every-ga-kind", minimal().tools(ga_tools())),
        (
            "tools/web-search-blocked-domains",
            minimal().tool(Tool::WebSearch20250305(WebSearchTool {
                blocked_domains: Some(vec!["untrusted.example".into()]),
                ..WebSearchTool::named("web_search")
            })),
        ),
        ("tool_choice/auto", tool_choice(ToolChoice::auto())),
        (
            "tool_choice/any+disable_parallel_tool_use",
            tool_choice(ToolChoice::any().disable_parallel_tool_use(true)),
        ),
        (
            "tool_choice/tool+disable_parallel_tool_use",
            tool_choice(ToolChoice::tool("get_weather").disable_parallel_tool_use(false)),
        ),
        ("tool_choice/none", tool_choice(ToolChoice::none())),
        (
            "thinking/enabled",
            MessageCreateParams::new(MODEL, 4096)
                .user("Think about 17 * 23.")
                .thinking(ThinkingConfig::enabled(1024)),
        ),
        (
            "thinking/disabled",
            minimal().thinking(ThinkingConfig::disabled()),
        ),
        ("everything-ga", everything_ga()),
        (
            "content/text-string-and-blocks",
            MessageCreateParams::new(MODEL, 1024).messages([
                user("Hi"),
                assistant(vec![ContentBlock::text("Hello!")]),
                user(vec![
                    ContentBlock::text("Tell me more.")
                        .cache_control(CacheControl::ephemeral()),
                ]),
            ]),
        ),
        (
            "content/text-with-citations",
            MessageCreateParams::new(MODEL, 1024).messages([
                user("What color is grass?"),
                assistant(vec![ContentBlock::Text(TextBlock {
                    citations: Some(citations()),
                    ..TextBlock::new("Grass is green.")
                })]),
                user("Thanks."),
            ]),
        ),
        (
            "content/image-base64+url",
            MessageCreateParams::new(MODEL, 1024).message(user(vec![
                ContentBlock::image_base64(ImageMediaType::Png, PNG_1X1),
                ContentBlock::image_base64(ImageMediaType::Jpeg, "/9j/4AAQSkZJRg==")
                    .cache_control(CacheControl::ephemeral()),
                ContentBlock::image_base64(ImageMediaType::Gif, "R0lGODlhAQABAAAAACw="),
                ContentBlock::image_base64(ImageMediaType::Webp, "UklGRhoAAABXRUJQ"),
                ContentBlock::image_url("https://example.com/cat.png"),
                ContentBlock::text("Describe these images."),
            ])),
        ),
        (
            "content/document-pdf-base64+url",
            MessageCreateParams::new(MODEL, 1024).message(user(vec![
                ContentBlock::Document(DocumentBlock {
                    title: Some("Report".into()),
                    context: Some("Quarterly report".into()),
                    citations: Some(CitationsConfig::enabled()),
                    cache_control: Some(CacheControl::ephemeral()),
                    ..document(DocumentSource::pdf_base64(PDF_B64))
                }),
                ContentBlock::pdf_url("https://example.com/report.pdf"),
                ContentBlock::text("Summarize the documents."),
            ])),
        ),
        (
            "content/document-text+content",
            MessageCreateParams::new(MODEL, 1024).message(user(vec![
                ContentBlock::Document(DocumentBlock {
                    title: Some("Facts".into()),
                    citations: Some(CitationsConfig::enabled()),
                    ..document(DocumentSource::text("The grass is green. The sky is blue."))
                }),
                ContentBlock::document(DocumentSource::content("A document given as one string.")),
                ContentBlock::Document(DocumentBlock {
                    citations: Some(CitationsConfig {
                        enabled: Some(false),
                        extra: Default::default(),
                    }),
                    ..document(DocumentSource::content(vec![
                        ContentBlock::text("First chunk."),
                        ContentBlock::text("Second chunk."),
                        ContentBlock::image_base64(ImageMediaType::Png, PNG_1X1),
                    ]))
                }),
                ContentBlock::text("What do the documents say?"),
            ])),
        ),
        (
            "content/search_result",
            MessageCreateParams::new(MODEL, 1024).message(user(vec![
                ContentBlock::SearchResult(SearchResultBlock {
                    citations: Some(CitationsConfig::enabled()),
                    cache_control: Some(CacheControl::ephemeral()),
                    ..search_result_block()
                }),
                ContentBlock::search_result(
                    "https://example.com/kb/2",
                    "KB 2",
                    [TextBlock::new("Plain result.")],
                ),
                ContentBlock::text("Answer from the results."),
            ])),
        ),
        (
            "content/tool_use+tool_result",
            MessageCreateParams::new(MODEL, 1024)
                .tool(weather_tool())
                .messages([
                    user("What's the weather in Paris and Rome?"),
                    assistant(vec![
                        ContentBlock::text("Let me check."),
                        ContentBlock::tool_use(
                            "toolu_01",
                            "get_weather",
                            json!({"location": "Paris"}),
                        ),
                        ContentBlock::tool_use(
                            "toolu_02",
                            "get_weather",
                            json!({"location": "Rome"}),
                        )
                        .cache_control(CacheControl::ephemeral()),
                        ContentBlock::tool_use("toolu_03", "get_weather", json!({})),
                    ]),
                    user(vec![
                        ContentBlock::tool_result("toolu_01", "15 degrees, sunny"),
                        ContentBlock::tool_result(
                            "toolu_02",
                            vec![
                                ContentBlock::text("22 degrees"),
                                ContentBlock::image_base64(ImageMediaType::Png, PNG_1X1),
                                ContentBlock::SearchResult(search_result_block()),
                                ContentBlock::document(DocumentSource::text("forecast")),
                            ],
                        )
                        .cache_control(CacheControl::ephemeral()),
                        ContentBlock::tool_error("toolu_03", "location is required"),
                        ContentBlock::ToolResult(ToolResultBlock {
                            tool_use_id: "toolu_04".into(),
                            ..ToolResultBlock::default()
                        }),
                    ]),
                ]),
        ),
        (
            "content/thinking+redacted_thinking",
            MessageCreateParams::new(MODEL, 4096)
                .thinking(ThinkingConfig::enabled(2048))
                .messages([
                    user("Think about 17 * 23."),
                    assistant(vec![
                        ContentBlock::thinking(
                            "17 * 23 = 391.",
                            "EuYBCkQYAiJAgCs1le6/Pol5Z4/JMomVOouGrWdhYNsH3ukzUECbB6iWrSQtsQuRHJID6lWV",
                        ),
                        ContentBlock::RedactedThinking(RedactedThinkingBlock {
                            data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"
                                .into(),
                            extra: Default::default(),
                        }),
                        ContentBlock::text("391"),
                    ]),
                    user("And 391 / 17?"),
                ]),
        ),
        (
            "content/server_tool_use+web_search_tool_result",
            MessageCreateParams::new(MODEL, 1024)
                .tool(Tool::web_search_20250305())
                .messages([
                    user("Search the weather."),
                    assistant(vec![
                        ContentBlock::ServerToolUse(server_tool_use(
                            "srvtoolu_01",
                            ServerToolName::WebSearch,
                            json!({"query": "weather San Francisco"}),
                        )),
                        web_search_results(),
                        ContentBlock::ServerToolUse(ServerToolUseBlock {
                            cache_control: Some(CacheControl::ephemeral()),
                            ..server_tool_use(
                                "srvtoolu_02",
                                ServerToolName::WebSearch,
                                json!({"query": "weather Oakland"}),
                            )
                        }),
                        ContentBlock::WebSearchToolResult(ServerToolResultBlock {
                            tool_use_id: "srvtoolu_02".into(),
                            content: WebSearchToolResultContent::Other(
                                WebSearchToolResultOther::Error(ToolResultError::new(
                                    "max_uses_exceeded",
                                )),
                            ),
                            cache_control: Some(CacheControl::ephemeral()),
                            extra: Default::default(),
                        }),
                        ContentBlock::text("It is sunny."),
                    ]),
                    user("Thanks."),
                ]),
        ),
    ]
}

fn search_result_block() -> SearchResultBlock {
    SearchResultBlock {
        content: vec![
            ContentBlock::text("Result text."),
            ContentBlock::text("More text."),
        ],
        source: "https://example.com/kb/1".into(),
        title: "KB 1".into(),
        ..SearchResultBlock::default()
    }
}

fn beta_builtin(name: &str) -> BuiltinTool {
    BuiltinTool::named(name)
}

fn computer(display_width_px: u32, display_height_px: u32) -> ComputerTool {
    ComputerTool {
        display_width_px,
        display_height_px,
        display_number: Some(1),
        ..ComputerTool::named("computer")
    }
}

fn mcp_server() -> McpServer {
    McpServer {
        tool_configuration: Some(McpToolConfiguration {
            allowed_tools: Some(vec!["search_issues".into()]),
            enabled: Some(true),
            extra: Default::default(),
        }),
        ..McpServer::url("tracker", "https://mcp.example.com/sse").authorization_token("tok_123")
    }
}

fn mcp_toolset() -> Tool {
    let mut configs = std::collections::BTreeMap::new();
    configs.insert(
        "search_issues".to_owned(),
        McpToolConfig {
            defer_loading: Some(false),
            enabled: Some(true),
            extra: Default::default(),
        },
    );
    Tool::McpToolset(McpToolset {
        cache_control: Some(CacheControl::ephemeral()),
        configs: Some(configs),
        default_config: Some(McpToolConfig {
            defer_loading: Some(true),
            enabled: Some(false),
            extra: Default::default(),
        }),
        ..McpToolset {
            mcp_server_name: "tracker".into(),
            ..McpToolset::default()
        }
    })
}

fn beta_tools() -> Vec<Tool> {
    vec![
        Tool::Custom(CustomTool {
            allowed_callers: Some(vec![AllowedCaller::Direct, AllowedCaller::CodeExecution20250825]),
            defer_loading: Some(true),
            input_examples: Some(vec![json!({"location": "Paris"})]),
            strict: Some(true),
            cache_control: Some(CacheControl::ephemeral()),
            ..CustomTool::new(
                "get_weather",
                json!({"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"], "additionalProperties": false}),
            )
            .description("Get the weather")
        }),
        Tool::Bash20241022(BuiltinTool {
            input_examples: Some(vec![json!({"command": "ls"})]),
            ..beta_builtin("bash")
        }),
        Tool::Bash20250124(BuiltinTool {
            allowed_callers: Some(vec![AllowedCaller::Direct]),
            defer_loading: Some(false),
            strict: Some(false),
            ..beta_builtin("bash")
        }),
        Tool::CodeExecution20250522(beta_builtin("code_execution")),
        Tool::code_execution_20250825(),
        Tool::Computer20241022(computer(1024, 768)),
        Tool::memory_20250818(),
        Tool::Computer20250124(computer(1280, 800)),
        Tool::TextEditor20241022(TextEditorTool::named("str_replace_editor")),
        Tool::Computer20251124(ComputerTool {
            enable_zoom: Some(true),
            ..computer(1920, 1080)
        }),
        Tool::text_editor_20250124(),
        Tool::TextEditor20250429(TextEditorTool::named("str_replace_based_edit_tool")),
        Tool::TextEditor20250728(TextEditorTool {
            max_characters: Some(5000),
            input_examples: Some(vec![json!({"command": "view", "path": "/tmp/a.txt"})]),
            ..TextEditorTool::named("str_replace_based_edit_tool")
        }),
        Tool::WebSearch20250305(WebSearchTool {
            allowed_domains: Some(vec!["example.com".into()]),
            max_uses: Some(3),
            user_location: Some(UserLocation {
                city: Some("London".into()),
                country: Some("GB".into()),
                ..UserLocation::default()
            }),
            ..WebSearchTool::named("web_search")
        }),
        Tool::WebFetch20250910(WebFetchTool {
            allowed_domains: Some(vec!["example.com".into()]),
            citations: Some(CitationsConfig::enabled()),
            max_content_tokens: Some(100_000),
            max_uses: Some(10),
            cache_control: Some(CacheControl::ephemeral()),
            ..WebFetchTool::named("web_fetch")
        }),
        Tool::tool_search_bm25_20251119(),
        Tool::ToolSearchBm25(beta_builtin("tool_search_tool_bm25")),
        Tool::tool_search_regex_20251119(),
        Tool::ToolSearchRegex(beta_builtin("tool_search_tool_regex")),
        mcp_toolset(),
    ]
}

fn code_result(kind: &str, output: &str) -> CodeExecutionResult {
    CodeExecutionResult {
        content: vec![CodeExecutionOutput {
            r#type: output.into(),
            file_id: "file_011CNha8iCJcU1wXNR6q4V8w".into(),
            extra: Default::default(),
        }],
        return_code: 0,
        stderr: String::new(),
        stdout: format!("{kind} ran\n"),
        extra: Default::default(),
    }
}

fn result_block<C>(tool_use_id: &str, content: C) -> ServerToolResultBlock<C> {
    ServerToolResultBlock {
        tool_use_id: tool_use_id.into(),
        content,
        cache_control: None,
        extra: Default::default(),
    }
}

fn with_message(error: ToolResultError, message: &str) -> ToolResultError {
    ToolResultError {
        error_message: Some(message.into()),
        ..error
    }
}

/// Beta-only params, sent through `client.beta()`.
fn beta_variants() -> Vec<(&'static str, MessageCreateParams)> {
    let code_exec = || {
        MessageCreateParams::new(MODEL, 1024)
            .tool(Tool::code_execution_20250825())
            .beta(AnthropicBeta::CODE_EXECUTION_2025_05_22)
    };
    vec![
        (
            "tools/every-beta-kind",
            minimal().tools(beta_tools()).mcp_servers([mcp_server()]),
        ),
        (
            "mcp_servers+mcp_toolset",
            minimal()
                .mcp_servers([
                    mcp_server(),
                    McpServer::url("plain", "https://mcp2.example.com"),
                ])
                .tool(mcp_toolset())
                .tool(Tool::mcp_toolset("plain"))
                .beta(AnthropicBeta::MCP_CLIENT_2025_11_20),
        ),
        (
            "context_management/clear_tool_uses",
            minimal()
                .context_management(ContextManagementConfig {
                    edits: Some(vec![ContextEdit::ClearToolUses20250919(
                        ClearToolUsesEdit {
                            clear_at_least: Some(ContextAmount::input_tokens(5000)),
                            clear_tool_inputs: Some(ClearToolInputs::All(true)),
                            exclude_tools: Some(vec!["web_search".into()]),
                            keep: Some(ContextAmount::tool_uses(3)),
                            trigger: Some(ContextAmount::input_tokens(100_000)),
                            extra: Default::default(),
                        },
                    )]),
                    extra: Default::default(),
                })
                .beta(AnthropicBeta::CONTEXT_MANAGEMENT_2025_06_27),
        ),
        (
            "context_management/clear_tool_uses-minimal+tool-list",
            minimal().context_management(ContextManagementConfig {
                edits: Some(vec![
                    ContextEdit::ClearToolUses20250919(ClearToolUsesEdit {
                        clear_tool_inputs: Some(ClearToolInputs::Tools(vec!["bash".into()])),
                        trigger: Some(ContextAmount::tool_uses(10)),
                        ..ClearToolUsesEdit::default()
                    }),
                    ContextEdit::ClearToolUses20250919(ClearToolUsesEdit::default()),
                ]),
                extra: Default::default(),
            }),
        ),
        (
            "context_management/clear_thinking",
            MessageCreateParams::new(MODEL, 4096)
                .user("Think.")
                .thinking(ThinkingConfig::enabled(1024))
                .context_management(ContextManagementConfig {
                    edits: Some(vec![ContextEdit::ClearThinking20251015(
                        ClearThinkingEdit {
                            keep: Some(ContextAmount::thinking_turns(2)),
                            extra: Default::default(),
                        },
                    )]),
                    extra: Default::default(),
                }),
        ),
        (
            "context_management/clear_thinking-keep-all",
            MessageCreateParams::new(MODEL, 4096)
                .user("Think.")
                .thinking(ThinkingConfig::enabled(1024))
                .context_management(ContextManagementConfig {
                    edits: Some(vec![
                        ContextEdit::ClearThinking20251015(ClearThinkingEdit {
                            keep: Some(ContextAmount::All(AllAmount::default())),
                            extra: Default::default(),
                        }),
                        ContextEdit::ClearThinking20251015(ClearThinkingEdit {
                            keep: Some(ContextAmount::Unknown(json!("all"))),
                            extra: Default::default(),
                        }),
                        ContextEdit::ClearThinking20251015(ClearThinkingEdit::default()),
                    ]),
                    extra: Default::default(),
                }),
        ),
        (
            "context_management/empty",
            minimal().context_management(ContextManagementConfig::default()),
        ),
        (
            "output_format/json_schema",
            minimal()
                .output_format(OutputFormat::json_schema(json!({
                    "type": "object",
                    "properties": {"answer": {"type": "string"}},
                    "required": ["answer"],
                    "additionalProperties": false
                })))
                .beta(AnthropicBeta::STRUCTURED_OUTPUTS_2025_11_13),
        ),
        (
            "output_config/effort",
            minimal().output_config(OutputConfig {
                effort: Some(Effort::Medium),
                extra: Default::default(),
            }),
        ),
        (
            "output_config/empty",
            minimal().output_config(OutputConfig::default()),
        ),
        (
            "container/id",
            code_exec()
                .user("Run it again.")
                .container("container_011CNha8iCJcU1wX"),
        ),
        (
            "container/config+skills",
            code_exec()
                .user("Make a spreadsheet.")
                .container(ContainerConfig {
                    id: Some("container_011CNha8iCJcU1wX".into()),
                    skills: Some(vec![
                        SkillParam {
                            skill_id: "xlsx".into(),
                            r#type: SkillType::Anthropic,
                            version: Some("latest".into()),
                            extra: Default::default(),
                        },
                        SkillParam {
                            skill_id: "skill_01AbCdEf".into(),
                            r#type: SkillType::Custom,
                            version: None,
                            extra: Default::default(),
                        },
                    ]),
                    extra: Default::default(),
                })
                .beta(AnthropicBeta::SKILLS_2025_10_02),
        ),
        (
            "container/config-empty",
            code_exec()
                .user("Run.")
                .container(ContainerConfig::default()),
        ),
        ("everything-beta", everything_beta()),
        (
            "content/image+document-file",
            minimal()
                .message(user(vec![
                    ContentBlock::image_file("file_011CNha8iCJcU1wXNR6q4V8w"),
                    ContentBlock::Document(DocumentBlock {
                        title: Some("Uploaded".into()),
                        citations: Some(CitationsConfig::enabled()),
                        ..document(DocumentSource::file("file_011CNvxoj286tYUAZFiZMf1U"))
                    }),
                    ContentBlock::text("Compare them."),
                ]))
                .beta(AnthropicBeta::FILES_API_2025_04_14),
        ),
        (
            "content/container_upload",
            code_exec()
                .message(user(vec![
                    ContentBlock::text("Analyze this CSV."),
                    ContentBlock::container_upload("file_011CNha8iCJcU1wXNR6q4V8w"),
                    ContentBlock::container_upload("file_011CNha8iCJcU1wXNR6q4V8x")
                        .cache_control(CacheControl::ephemeral()),
                ]))
                .beta(AnthropicBeta::FILES_API_2025_04_14),
        ),
        (
            "content/tool_use-caller+tool_reference",
            MessageCreateParams::new(MODEL, 1024)
                .tools([
                    Tool::tool_search_regex_20251119(),
                    Tool::code_execution_20250825(),
                    Tool::Custom(CustomTool {
                        defer_loading: Some(true),
                        allowed_callers: Some(vec![AllowedCaller::CodeExecution20250825]),
                        ..CustomTool::new("get_weather", json!({"type": "object"}))
                    }),
                ])
                .messages([
                    user("Find a weather tool and use it."),
                    assistant(vec![
                        ContentBlock::ToolUse(ToolUseBlock {
                            caller: Some(ToolCaller::Direct(Default::default())),
                            ..tool_use("toolu_01", "get_weather", json!({"location": "Paris"}))
                        }),
                        ContentBlock::ToolUse(ToolUseBlock {
                            caller: Some(ToolCaller::CodeExecution20250825(CodeExecutionCaller {
                                tool_id: "srvtoolu_09".into(),
                                extra: Default::default(),
                            })),
                            ..tool_use("toolu_02", "get_weather", json!({"location": "Rome"}))
                        }),
                    ]),
                    user(vec![
                        ContentBlock::tool_result(
                            "toolu_01",
                            vec![ContentBlock::ToolReference(ToolReferenceBlock {
                                tool_name: "get_weather".into(),
                                cache_control: Some(CacheControl::ephemeral()),
                                extra: Default::default(),
                            })],
                        ),
                        ContentBlock::tool_result("toolu_02", "22 degrees"),
                    ]),
                ]),
        ),
        (
            "content/server-tool-results-beta",
            MessageCreateParams::new(MODEL, 1024)
                .tools([
                    Tool::web_search_20250305(),
                    Tool::web_fetch_20250910(),
                    Tool::code_execution_20250825(),
                    Tool::tool_search_bm25_20251119(),
                ])
                .messages([
                    user("Do everything."),
                    assistant(server_tool_turn()),
                    user("Thanks."),
                ]),
        ),
        (
            "content/mcp_tool_use+mcp_tool_result",
            minimal()
                .mcp_servers([mcp_server()])
                .tool(mcp_toolset())
                .messages([
                    user("Find my open issues."),
                    assistant(vec![
                        ContentBlock::McpToolUse(McpToolUseBlock {
                            id: "mcptoolu_01".into(),
                            name: "search_issues".into(),
                            server_name: "tracker".into(),
                            input: json!({"state": "open"}),
                            ..McpToolUseBlock::default()
                        }),
                        ContentBlock::McpToolResult(McpToolResultBlock {
                            tool_use_id: "mcptoolu_01".into(),
                            content: Some(MessageContent::Text("2 issues".into())),
                            is_error: Some(false),
                            ..McpToolResultBlock::default()
                        }),
                        ContentBlock::McpToolUse(McpToolUseBlock {
                            id: "mcptoolu_02".into(),
                            name: "search_issues".into(),
                            server_name: "tracker".into(),
                            input: json!({}),
                            cache_control: Some(CacheControl::ephemeral()),
                            ..McpToolUseBlock::default()
                        }),
                        ContentBlock::McpToolResult(McpToolResultBlock {
                            tool_use_id: "mcptoolu_02".into(),
                            content: Some(MessageContent::Blocks(vec![ContentBlock::text(
                                "no such state",
                            )])),
                            is_error: Some(true),
                            cache_control: Some(CacheControl::ephemeral()),
                            ..McpToolResultBlock::default()
                        }),
                        ContentBlock::text("You have 2 open issues."),
                    ]),
                    user("Thanks."),
                ]),
        ),
    ]
}

fn tool_use(id: &str, name: &str, input: Value) -> ToolUseBlock {
    ToolUseBlock {
        id: id.into(),
        name: name.into(),
        input,
        ..ToolUseBlock::default()
    }
}

/// An assistant turn with every beta server tool's call and result, sent back.
fn server_tool_turn() -> Vec<ContentBlock> {
    let code_caller = Some(ToolCaller::Direct(Default::default()));
    vec![
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_01",
            ServerToolName::WebSearch,
            json!({"query": "weather"}),
        )),
        web_search_results(),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_02",
            ServerToolName::WebFetch,
            json!({"url": "https://example.com/a.pdf"}),
        )),
        ContentBlock::WebFetchToolResult(result_block(
            "srvtoolu_02",
            WebFetchToolResultContent::Result(WebFetchResult {
                content: Box::new(ContentBlock::Document(DocumentBlock {
                    title: Some("A".into()),
                    citations: Some(CitationsConfig::enabled()),
                    ..document(DocumentSource::pdf_base64(PDF_B64))
                })),
                url: "https://example.com/a.pdf".into(),
                retrieved_at: Some("2025-08-25T10:30:00Z".into()),
                extra: Default::default(),
            }),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_03",
            ServerToolName::WebFetch,
            json!({"url": "https://example.com/b.txt"}),
        )),
        ContentBlock::WebFetchToolResult(result_block(
            "srvtoolu_03",
            WebFetchToolResultContent::Result(WebFetchResult {
                content: Box::new(ContentBlock::document(DocumentSource::text("plain page"))),
                url: "https://example.com/b.txt".into(),
                retrieved_at: None,
                extra: Default::default(),
            }),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_04",
            ServerToolName::WebFetch,
            json!({"url": "https://blocked.example"}),
        )),
        ContentBlock::WebFetchToolResult(result_block(
            "srvtoolu_04",
            WebFetchToolResultContent::Error(ToolResultError::new("url_not_allowed")),
        )),
        ContentBlock::ServerToolUse(ServerToolUseBlock {
            caller: code_caller.clone(),
            ..server_tool_use(
                "srvtoolu_05",
                ServerToolName::CodeExecution,
                json!({"code": "print(1)"}),
            )
        }),
        ContentBlock::CodeExecutionToolResult(result_block(
            "srvtoolu_05",
            CodeExecutionToolResultContent::Result(code_result("python", "code_execution_output")),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_06",
            ServerToolName::CodeExecution,
            json!({"code": "while True: pass"}),
        )),
        ContentBlock::CodeExecutionToolResult(result_block(
            "srvtoolu_06",
            CodeExecutionToolResultContent::Error(ToolResultError::new("execution_time_exceeded")),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_07",
            ServerToolName::BashCodeExecution,
            json!({"command": "ls"}),
        )),
        ContentBlock::BashCodeExecutionToolResult(result_block(
            "srvtoolu_07",
            BashCodeExecutionToolResultContent::Result(code_result(
                "bash",
                "bash_code_execution_output",
            )),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_08",
            ServerToolName::BashCodeExecution,
            json!({"command": "cat big"}),
        )),
        ContentBlock::BashCodeExecutionToolResult(result_block(
            "srvtoolu_08",
            BashCodeExecutionToolResultContent::Error(ToolResultError::new(
                "output_file_too_large",
            )),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_09",
            ServerToolName::TextEditorCodeExecution,
            json!({"command": "view", "path": "/tmp/a.txt"}),
        )),
        ContentBlock::TextEditorCodeExecutionToolResult(result_block(
            "srvtoolu_09",
            TextEditorCodeExecutionToolResultContent::View(TextEditorViewResult {
                content: "hello\n".into(),
                file_type: "text".into(),
                num_lines: Some(1),
                start_line: Some(1),
                total_lines: Some(1),
                extra: Default::default(),
            }),
        )),
        ContentBlock::TextEditorCodeExecutionToolResult(result_block(
            "srvtoolu_09",
            TextEditorCodeExecutionToolResultContent::Create(TextEditorCreateResult {
                is_file_update: false,
                extra: Default::default(),
            }),
        )),
        ContentBlock::TextEditorCodeExecutionToolResult(result_block(
            "srvtoolu_09",
            TextEditorCodeExecutionToolResultContent::StrReplace(TextEditorStrReplaceResult {
                lines: Some(vec!["-old".into(), "+new".into()]),
                new_lines: Some(1),
                new_start: Some(3),
                old_lines: Some(1),
                old_start: Some(3),
                extra: Default::default(),
            }),
        )),
        ContentBlock::TextEditorCodeExecutionToolResult(result_block(
            "srvtoolu_09",
            TextEditorCodeExecutionToolResultContent::Error(with_message(
                ToolResultError::new("file_not_found"),
                "/tmp/missing.txt not found",
            )),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_10",
            ServerToolName::ToolSearchToolBm25,
            json!({"query": "weather"}),
        )),
        ContentBlock::ToolSearchToolResult(result_block(
            "srvtoolu_10",
            ToolSearchToolResultContent::SearchResult(ToolSearchResult {
                tool_references: vec![ToolReferenceBlock {
                    tool_name: "get_weather".into(),
                    ..ToolReferenceBlock::default()
                }],
                extra: Default::default(),
            }),
        )),
        ContentBlock::ServerToolUse(server_tool_use(
            "srvtoolu_11",
            ServerToolName::ToolSearchToolRegex,
            json!({"pattern": "weather.*"}),
        )),
        ContentBlock::ToolSearchToolResult(result_block(
            "srvtoolu_11",
            ToolSearchToolResultContent::Error(ToolResultError::new("unavailable")),
        )),
        ContentBlock::text("Done."),
    ]
}

/// Every optional beta field at once.
fn everything_beta() -> MessageCreateParams {
    everything_ga()
        .tools(beta_tools())
        .mcp_servers([mcp_server()])
        .container(ContainerConfig {
            id: None,
            skills: Some(vec![SkillParam {
                skill_id: "pptx".into(),
                r#type: SkillType::Anthropic,
                version: None,
                extra: Default::default(),
            }]),
            extra: Default::default(),
        })
        .context_management(ContextManagementConfig {
            edits: Some(vec![
                ContextEdit::ClearThinking20251015(ClearThinkingEdit {
                    keep: Some(ContextAmount::thinking_turns(1)),
                    extra: Default::default(),
                }),
                ContextEdit::ClearToolUses20250919(ClearToolUsesEdit {
                    trigger: Some(ContextAmount::input_tokens(50_000)),
                    keep: Some(ContextAmount::tool_uses(2)),
                    ..ClearToolUsesEdit::default()
                }),
            ]),
            extra: Default::default(),
        })
        .output_config(OutputConfig {
            effort: Some(Effort::High),
            extra: Default::default(),
        })
        .output_format(OutputFormat::json_schema(json!({
            "type": "object",
            "properties": {"forecast": {"type": "string"}},
            "required": ["forecast"],
            "additionalProperties": false
        })))
        .betas([
            AnthropicBeta::CONTEXT_MANAGEMENT_2025_06_27,
            AnthropicBeta::MCP_CLIENT_2025_11_20,
            AnthropicBeta::STRUCTURED_OUTPUTS_2025_11_13,
            AnthropicBeta::SKILLS_2025_10_02,
            AnthropicBeta::CODE_EXECUTION_2025_05_22,
        ])
}

// ---------------------------------------------------------------------------------------
// Batches, files, skills, legacy completions: `Call::Endpoint`, sent by every runtime
// through `send_endpoint_call!`.
// ---------------------------------------------------------------------------------------

/// The calls of the resources beyond messages and models.
#[derive(Debug, Clone)]
pub enum EndpointCall {
    /// `messages.batches.create`.
    CreateBatch {
        beta: bool,
        params: anthropic_core::types::BatchCreateParams,
    },
    /// `messages.batches.retrieve`.
    RetrieveBatch { beta: bool, id: String },
    /// `messages.batches.list`.
    ListBatches {
        beta: bool,
        params: anthropic_core::types::ListParams,
    },
    /// `messages.batches.cancel`.
    CancelBatch { beta: bool, id: String },
    /// `messages.batches.delete`.
    DeleteBatch { beta: bool, id: String },
    /// `beta.files.upload` (bytes, with a filename).
    UploadFile { filename: String, bytes: Vec<u8> },
    /// `beta.files.list`.
    ListFiles {
        params: anthropic_core::types::ListParams,
    },
    /// `beta.files.retrieve_metadata`.
    RetrieveFile { id: String },
    /// `beta.files.delete`.
    DeleteFile { id: String },
    /// `beta.files.download` (status and headers checked; the body is bytes).
    DownloadFile { id: String },
    /// `completions.create`.
    Complete {
        params: anthropic_core::types::CompletionCreateParams,
    },
    /// `beta.skills.retrieve`.
    RetrieveSkill { id: String },
    /// `beta.skills.list`.
    ListSkills {
        params: anthropic_core::types::SkillListParams,
    },
    /// `beta.skills.delete`.
    DeleteSkill { id: String },
    /// `beta.skills.versions.retrieve`.
    RetrieveSkillVersion { skill_id: String, version: String },
    /// `beta.skills.versions.list`.
    ListSkillVersions {
        skill_id: String,
        params: anthropic_core::types::SkillListParams,
    },
    /// `beta.skills.versions.delete`.
    DeleteSkillVersion { skill_id: String, version: String },
}

/// Sends an [`EndpointCall`] with a runtime's client: `$aw` is that runtime's await
/// (`aw_async!` / `aw_blocking!`); `outcome`, `error_outcome` and `no_notes` are the
/// sender's. Expands to an expression of type `Result<Outcome, String>`.
macro_rules! send_endpoint_call {
    ($client:expr, $options:expr, $call:expr, $aw:ident) => {{
        use cases::EndpointCall as E;
        let client = $client;
        let options: RequestOptions = $options;
        let batches = |beta: bool| {
            if beta {
                client.beta().messages().batches()
            } else {
                client.messages().batches()
            }
            .with_options(options.clone())
            .with_raw_response()
        };
        let files = client
            .beta()
            .files()
            .with_options(options.clone())
            .with_raw_response();
        let skills = client
            .beta()
            .skills()
            .with_options(options.clone())
            .with_raw_response();
        match $call {
            E::CreateBatch { beta, params } => {
                outcome($aw!(batches(*beta).create(params)), no_notes)
            }
            E::RetrieveBatch { beta, id } => outcome($aw!(batches(*beta).retrieve(id)), no_notes),
            E::ListBatches { beta, params } => outcome($aw!(batches(*beta).list(params)), no_notes),
            E::CancelBatch { beta, id } => outcome($aw!(batches(*beta).cancel(id)), no_notes),
            E::DeleteBatch { beta, id } => outcome($aw!(batches(*beta).delete(id)), no_notes),
            E::UploadFile { filename, bytes } => outcome(
                $aw!(files.upload(&anthropic_core::multipart::FileUpload::named(
                    filename.clone(),
                    bytes.clone()
                ))),
                no_notes,
            ),
            E::ListFiles { params } => outcome($aw!(files.list(params)), no_notes),
            E::RetrieveFile { id } => outcome($aw!(files.retrieve_metadata(id)), no_notes),
            E::DeleteFile { id } => outcome($aw!(files.delete(id)), no_notes),
            E::DownloadFile { id } => match $aw!(files.download(id)) {
                Ok(stream) => Ok(Outcome {
                    status: stream.status().as_u16(),
                    headers: stream.headers().clone(),
                    body: Vec::new(),
                    decoded: None,
                }),
                Err(e) => error_outcome(e),
            },
            E::Complete { params } => outcome(
                $aw!(
                    client
                        .completions()
                        .with_options(options.clone())
                        .with_raw_response()
                        .create(params)
                ),
                no_notes,
            ),
            E::RetrieveSkill { id } => outcome($aw!(skills.retrieve(id)), no_notes),
            E::ListSkills { params } => outcome($aw!(skills.list(params)), no_notes),
            E::DeleteSkill { id } => outcome($aw!(skills.delete(id)), no_notes),
            E::RetrieveSkillVersion { skill_id, version } => outcome(
                $aw!(skills.versions().retrieve(skill_id, version)),
                no_notes,
            ),
            E::ListSkillVersions { skill_id, params } => {
                outcome($aw!(skills.versions().list(skill_id, params)), no_notes)
            }
            E::DeleteSkillVersion { skill_id, version } => {
                outcome($aw!(skills.versions().delete(skill_id, version)), no_notes)
            }
        }
    }};
}

fn batch_params(beta: bool) -> anthropic_core::types::BatchCreateParams {
    use anthropic_core::types::{BatchCreateParams, BatchRequest};
    let mut params = BatchCreateParams::new([
        BatchRequest::new("request-1", minimal()),
        BatchRequest::new(
            "request-2",
            MessageCreateParams::new(MODEL, 256).user("What is 2 + 2?"),
        ),
    ]);
    if beta {
        params.betas = vec![AnthropicBeta::new("extra-beta-2025-01-01")];
    }
    params
}

/// Message Batches, GA and beta: every method (results is two calls, the second to a URL
/// Steady makes up, so only its first call, `retrieve`, is here).
pub fn batch_cases() -> Vec<Case> {
    use anthropic_core::types::ListParams;
    let mut cases = Vec::new();
    for beta in [false, true] {
        let e = endpoint(beta);
        let id = "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF".to_owned();
        let calls = [
            (
                "create",
                EndpointCall::CreateBatch {
                    beta,
                    params: batch_params(beta),
                },
            ),
            (
                "retrieve",
                EndpointCall::RetrieveBatch {
                    beta,
                    id: id.clone(),
                },
            ),
            (
                "list",
                EndpointCall::ListBatches {
                    beta,
                    params: ListParams::new(),
                },
            ),
            (
                "list/limit+after_id",
                EndpointCall::ListBatches {
                    beta,
                    params: ListParams::new().limit(5).after_id(id.clone()),
                },
            ),
            (
                "list/before_id",
                EndpointCall::ListBatches {
                    beta,
                    params: ListParams::new().before_id(id.clone()),
                },
            ),
            (
                "cancel",
                EndpointCall::CancelBatch {
                    beta,
                    id: id.clone(),
                },
            ),
            ("delete", EndpointCall::DeleteBatch { beta, id }),
        ];
        for (name, call) in calls {
            cases.push(case(format!("batches.{name}/{e}"), Call::Endpoint(call)));
        }
    }
    cases
}

/// Files (beta): every method.
pub fn file_cases() -> Vec<Case> {
    use anthropic_core::types::ListParams;
    let id = "file_011CNha8iCJcU1wXNR6q4V8w".to_owned();
    [
        (
            "upload/text",
            EndpointCall::UploadFile {
                filename: "notes.txt".into(),
                bytes: b"hello".to_vec(),
            },
        ),
        (
            "upload/pdf",
            EndpointCall::UploadFile {
                filename: "doc.pdf".into(),
                bytes: b"%PDF-1.4\n".to_vec(),
            },
        ),
        (
            "list",
            EndpointCall::ListFiles {
                params: ListParams::new(),
            },
        ),
        (
            "list/limit+before_id",
            EndpointCall::ListFiles {
                params: ListParams::new().limit(3).before_id(id.clone()),
            },
        ),
        (
            "retrieve_metadata",
            EndpointCall::RetrieveFile { id: id.clone() },
        ),
        ("download", EndpointCall::DownloadFile { id: id.clone() }),
        ("delete", EndpointCall::DeleteFile { id }),
    ]
    .into_iter()
    .map(|(name, call)| case(format!("files.{name}/beta"), Call::Endpoint(call)))
    .collect()
}

/// Skills and skill versions (beta): every method but the two uploads.
///
/// `skills.create` and `skills.versions.create` send their files as `files[]` parts, as
/// Python 0.76.0 does (and the API accepts); the spec names the field `files` and Steady
/// reads it literally ("Missing required property: files"), so they are left out here.
/// The shared endpoint cases (`runtimes/async/tests/endpoints`) check their forms part by
/// part on every client.
pub fn skill_cases() -> Vec<Case> {
    use anthropic_core::types::SkillListParams;
    let skill = "skill_01AbCdEfGhIjKlMnOpQrStUv".to_owned();
    let version = "1759178010641129".to_owned();
    [
        (
            "retrieve",
            EndpointCall::RetrieveSkill { id: skill.clone() },
        ),
        (
            "list",
            EndpointCall::ListSkills {
                params: SkillListParams::new(),
            },
        ),
        (
            "list/limit+source",
            EndpointCall::ListSkills {
                params: SkillListParams::new().limit(5).source("custom"),
            },
        ),
        ("delete", EndpointCall::DeleteSkill { id: skill.clone() }),
        (
            "versions.retrieve",
            EndpointCall::RetrieveSkillVersion {
                skill_id: skill.clone(),
                version: version.clone(),
            },
        ),
        (
            "versions.list",
            EndpointCall::ListSkillVersions {
                skill_id: skill.clone(),
                params: SkillListParams::new().limit(2),
            },
        ),
        (
            "versions.delete",
            EndpointCall::DeleteSkillVersion {
                skill_id: skill,
                version,
            },
        ),
    ]
    .into_iter()
    .map(|(name, call)| case(format!("skills.{name}/beta"), Call::Endpoint(call)))
    .collect()
}

/// Legacy completions.
pub fn completion_cases() -> Vec<Case> {
    use anthropic_core::types::{AI_PROMPT, CompletionCreateParams, HUMAN_PROMPT};
    let prompt = format!("{HUMAN_PROMPT} Hello{AI_PROMPT}");
    let mut full = CompletionCreateParams::new("claude-2.1", 256, prompt.clone());
    full.stop_sequences = Some(vec!["\n\nHuman:".into()]);
    full.temperature = Some(0.5);
    full.top_k = Some(5);
    full.top_p = Some(0.9);
    full.metadata = Some(Metadata::user_id("user-1"));
    vec![
        case(
            "completions.create/ga/minimal",
            Call::Endpoint(EndpointCall::Complete {
                params: CompletionCreateParams::new("claude-2.1", 256, prompt),
            }),
        ),
        case(
            "completions.create/ga/every-param",
            Call::Endpoint(EndpointCall::Complete { params: full }),
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// The tool runner's and structured outputs' requests.
// ---------------------------------------------------------------------------------------

/// What the tool runner and `parse::<T>()` send: function-tool definitions built the way
/// `#[anthropic::tool]` builds them (`FunctionSchema`: `$defs`, `anyOf` with `null`,
/// defaults, descriptions), a second turn carrying `tool_result`s (plain and
/// `is_error`), the compaction request's summary history, and `output_format` from a
/// Rust type (transformed as Python does).
pub fn tool_cases() -> Vec<Case> {
    use anthropic_core::tools::FunctionSchema;
    use anthropic_core::types::{ContentBlock, CustomTool, MessageParam};

    #[derive(anthropic_core::schemars::JsonSchema)]
    #[schemars(crate = "anthropic_core::schemars")]
    #[allow(dead_code)]
    enum Unit {
        Celsius,
        Fahrenheit,
    }
    /// An address.
    #[derive(anthropic_core::schemars::JsonSchema)]
    #[schemars(crate = "anthropic_core::schemars")]
    #[allow(dead_code)]
    struct Address {
        street: String,
        zip_code: Option<i64>,
        tags: Vec<String>,
    }

    let mut schema = FunctionSchema::new();
    schema
        .param::<String>("location", false, None, Some("The city and state"))
        .param::<Option<Unit>>("unit", true, None, None)
        .param::<i64>("days", false, Some(json!(3)), Some("How many days"))
        .param::<Address>("address", false, None, None)
        .param::<Vec<f64>>("weights", false, None, None);
    let weather = Tool::Custom(
        CustomTool::new("get_weather", schema.finish())
            .description("Get the current weather for a location."),
    );
    let mut deferred = CustomTool::new("lookup", FunctionSchema::new().finish());
    deferred.description = Some(String::new());
    deferred.defer_loading = Some(true);

    let turn = || {
        minimal()
            .tool(weather.clone())
            .tool(Tool::Custom(deferred.clone()))
    };
    let second_turn = turn()
        .message(MessageParam::assistant(vec![
            ContentBlock::text("Checking"),
            ContentBlock::tool_use("toolu_1", "get_weather", json!({"location": "NYC"})),
            ContentBlock::tool_use("toolu_2", "nope", json!({})),
        ]))
        .message(MessageParam::user(vec![
            ContentBlock::tool_result("toolu_1", "sunny"),
            ContentBlock::tool_error("toolu_2", "Error: Tool 'nope' not found"),
        ]));
    let summary = MessageCreateParams::new(MODEL, 1024)
        .user("Hello, Claude")
        .user(anthropic_core::tools::compaction::DEFAULT_SUMMARY_PROMPT);
    let mut structured = minimal();
    structured.output_format =
        Some(anthropic_core::structured::output_format_for::<Address>().expect("a schema"));
    let structured = structured.beta(AnthropicBeta::STRUCTURED_OUTPUTS_2025_11_13);
    vec![
        case(
            "tool_runner/beta/function-tools",
            Call::Create {
                beta: true,
                params: turn(),
            },
        ),
        case(
            "tool_runner/beta/tool-results",
            Call::Create {
                beta: true,
                params: second_turn.clone(),
            },
        ),
        case(
            "tool_runner/beta/streamed-turn",
            Call::CreateStream {
                beta: true,
                params: second_turn,
            },
        ),
        case(
            "tool_runner/beta/compaction",
            Call::Create {
                beta: true,
                params: summary,
            },
        ),
        case(
            "messages.parse/beta/output_format",
            Call::Create {
                beta: true,
                params: structured,
            },
        ),
    ]
}
