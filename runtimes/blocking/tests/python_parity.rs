//! The requests this SDK sends match the official Python SDK's, side by side.
//!
//! Both SDKs send the same calls to one mock server; the test compares method, path,
//! body and every header the API reads. It needs a Python with `anthropic==0.76.0`
//! installed, named by `PYTHON_ANTHROPIC`; `.ci/run` sets one up and runs it with
//! `--ignored`.

use std::process::Command;

use anthropic_blocking::{Client, ClientConfig, FoundryClient};
use anthropic_core::RequestOptions;
use anthropic_core::platform::FoundryOptions;
use anthropic_core::types::{
    AnthropicBeta, CompletionCreateParams, MessageCountTokensParams, MessageCreateParams,
    MessageParam, Model, ModelListParams,
};
use anthropic_mock::{CapturedRequest, MockServer};

const PYTHON_CALLS: &str = r#"
import sys, anthropic
client = anthropic.Anthropic(api_key="sk-ant-parity", base_url=sys.argv[1])
client.messages.create(
    model="claude-sonnet-4-5-20250929",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Explain recursion in programming"}],
)
client.messages.create(
    model="claude-sonnet-4-5-20250929",
    max_tokens=1024,
    system="You are a helpful coding assistant. Be concise.",
    temperature=0.5,
    messages=[{"role": "user", "content": "How do I read a file in Python?"}],
)
client.messages.count_tokens(
    model="claude-sonnet-4-5-20250929",
    messages=[{"role": "user", "content": "Hello, world!"}],
)
client.messages.create(
    model="claude-sonnet-4-5-20250929",
    max_tokens=16,
    top_p=1e-05,
    temperature=0.00012,
    messages=[{"role": "user", "content": "Floats as repr writes them"}],
)
client.beta.messages.create(
    model="claude-sonnet-4-5-20250929",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hello"}],
    betas=["context-1m-2025-08-07"],
)
client.models.list(limit=2)
client.models.list(limit=1, extra_query={"after_id": "zz"})
client.completions.create(
    model="claude-2.1",
    max_tokens_to_sample=8,
    prompt="\n\nHuman: Hi\n\nAssistant:",
)
for call in (
    lambda: client.beta.files.delete("file_missing", betas=["zz"]),
    lambda: client.beta.messages.batches.retrieve("msgbatch_missing", betas=["zz"]),
    # Refused before sending: no request reaches the server.
    lambda: client.messages.create(
        model="claude-sonnet-4-5-20250929",
        max_tokens=8,
        temperature=float("nan"),
        messages=[{"role": "user", "content": "x"}],
    ),
):
    try:
        call()
    except (anthropic.APIStatusError, ValueError):
        pass
foundry = anthropic.AnthropicFoundry(
    api_key="az-key", base_url=sys.argv[1] + "/anthropic/", default_headers={"api-key": "DH"}
)
foundry.messages.create(
    model="claude-sonnet-4-5-20250929",
    max_tokens=16,
    messages=[{"role": "user", "content": "Hello"}],
)
foundry.beta.models.retrieve("claude-sonnet-4-5")
foundry.completions.create(
    model="claude-2.1",
    max_tokens_to_sample=8,
    prompt="\n\nHuman: Hi\n\nAssistant:",
)
"#;

/// Headers the API reads, compared by value.
const COMPARED: &[&str] = &[
    "x-api-key",
    "api-key",
    "authorization",
    "anthropic-version",
    "anthropic-beta",
    "content-type",
    "accept",
    "accept-encoding",
    "content-length",
    "x-stainless-retry-count",
    "x-stainless-read-timeout",
    "x-stainless-timeout",
];

fn rust_calls(client: &Client) {
    client
        .messages()
        .create(&MessageCreateParams {
            model: Model::CLAUDE_SONNET_4_5_20250929,
            max_tokens: 1024,
            messages: vec![MessageParam::user("Explain recursion in programming")],
            ..Default::default()
        })
        .unwrap();
    client
        .messages()
        .create(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
                .system("You are a helpful coding assistant. Be concise.")
                .temperature(0.5)
                .user("How do I read a file in Python?"),
        )
        .unwrap();
    client
        .messages()
        .count_tokens(
            &MessageCountTokensParams::new(Model::CLAUDE_SONNET_4_5_20250929).user("Hello, world!"),
        )
        .unwrap();
    client
        .messages()
        .create(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 16)
                .top_p(1e-05)
                .temperature(0.00012)
                .user("Floats as repr writes them"),
        )
        .unwrap();
    client
        .beta()
        .messages()
        .create(
            &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
                .user("Hello")
                .beta("context-1m-2025-08-07"),
        )
        .unwrap();
    client
        .models()
        .list(&ModelListParams {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    client
        .models()
        .with_options(RequestOptions::new().query("after_id", "zz"))
        .list(&ModelListParams {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    client
        .completions()
        .create(&CompletionCreateParams::new(
            "claude-2.1",
            8,
            "\n\nHuman: Hi\n\nAssistant:",
        ))
        .unwrap();
    let zz = [AnthropicBeta::from("zz")];
    let _ = client.beta().files().delete_with_betas("file_missing", &zz);
    let _ = client
        .beta()
        .messages()
        .batches()
        .retrieve_with_betas("msgbatch_missing", &zz);
    let nan = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 8)
        .temperature(f64::NAN)
        .user("x");
    assert!(matches!(
        client.messages().create(&nan),
        Err(anthropic_core::Error::InvalidRequest(_))
    ));
}

/// Foundry: its `api-key` over a default one, `beta.models` and the legacy completions
/// that Python's Foundry client keeps.
fn rust_foundry_calls(url: &str) {
    let foundry = FoundryClient::with_config(
        FoundryOptions::new()
            .api_key("az-key")
            .base_url(format!("{url}/anthropic/")),
        ClientConfig::new().default_header("api-key", "DH"),
    )
    .unwrap();
    foundry
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 16).user("Hello"))
        .unwrap();
    foundry
        .beta()
        .models()
        .retrieve("claude-sonnet-4-5")
        .unwrap();
    foundry
        .completions()
        .create(&CompletionCreateParams::new(
            "claude-2.1",
            8,
            "\n\nHuman: Hi\n\nAssistant:",
        ))
        .unwrap();
}

fn comparable(
    request: &CapturedRequest,
) -> (
    String,
    String,
    serde_json::Value,
    Vec<(String, Option<String>)>,
) {
    let body = if request.body.is_empty() {
        serde_json::Value::Null
    } else {
        request.json()
    };
    let headers = COMPARED
        .iter()
        .map(|name| (name.to_string(), request.header(name).map(str::to_owned)))
        .collect();
    (request.method.clone(), request.path.clone(), body, headers)
}

#[test]
#[ignore = "needs PYTHON_ANTHROPIC (a Python with anthropic==0.76.0); .ci/run runs it with --ignored"]
fn requests_match_the_python_sdk() {
    let python = std::env::var("PYTHON_ANTHROPIC")
        .expect("PYTHON_ANTHROPIC names a Python with anthropic==0.76.0");

    let py_server = MockServer::start();
    let status = Command::new(&python)
        .arg("-c")
        .arg(PYTHON_CALLS)
        .arg(py_server.url())
        .status()
        .unwrap();
    assert!(status.success(), "the Python script failed");

    let rs_server = MockServer::start();
    let client = Client::new(
        ClientConfig::new()
            .api_key("sk-ant-parity")
            .base_url(rs_server.url()),
    )
    .unwrap();
    rust_calls(&client);
    rust_foundry_calls(&rs_server.url());

    let python_requests = py_server.requests();
    let rust_requests = rs_server.requests();
    assert_eq!(python_requests.len(), rust_requests.len());
    for (py, rs) in python_requests.iter().zip(&rust_requests) {
        let mut expected = comparable(py);
        // Deliberate difference (spec README): where Python sends the placeholder
        // `x-stainless-timeout: NOT_GIVEN`, we send the effective timeout.
        for (name, value) in &mut expected.3 {
            if name == "x-stainless-timeout" && value.as_deref() == Some("NOT_GIVEN") {
                *value = py.header("x-stainless-read-timeout").map(str::to_owned);
            }
            // Deliberate difference (platforms.md): Python's Foundry client also sends
            // its key as the first-party `x-api-key`; ours sends only `api-key`.
            if name == "x-api-key" && py.path.starts_with("/anthropic/") {
                *value = None;
            }
        }
        assert_eq!(comparable(rs), expected, "request to {}", py.path);
        // Bodies are byte-identical too, key order included.
        assert_eq!(rs.body_text(), py.body_text(), "body of {}", py.path);
    }
}
