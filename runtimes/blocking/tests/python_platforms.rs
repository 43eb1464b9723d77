//! The platform clients' requests match the official Python SDK's, side by side, and the
//! mock's SigV4 verifier accepts the signatures botocore computes inside the real SDK.
//!
//! Both SDKs send the same Bedrock and Vertex calls to one mock server; every Bedrock
//! request of either SDK must verify, and the two must agree on method, path, body and
//! the signed-header names the API relies on. Needs a Python with `anthropic==0.76.0`
//! and `boto3` named by `PYTHON_ANTHROPIC_PLATFORMS`; run with `--ignored`.

use std::process::Command;

use anthropic_blocking::{BedrockClient, ClientConfig, VertexClient};
use anthropic_core::platform::{BedrockOptions, VertexOptions};
use anthropic_core::types::{MessageCountTokensParams, MessageCreateParams};
use anthropic_mock::{CapturedRequest, MockServer, bedrock};

const PYTHON_CALLS: &str = r#"
import sys, anthropic
url = sys.argv[1]
b = anthropic.AnthropicBedrock(aws_access_key="AKIDMOCKEXAMPLE", aws_secret_key="mock/secret+key/EXAMPLE",
    aws_session_token="tok", aws_region="eu-west-3", base_url=url, max_retries=0)
b.messages.create(model="anthropic.claude-3-5-sonnet-20241022-v2:0", max_tokens=64,
    messages=[{"role": "user", "content": "Hi"}])
b.beta.messages.create(model="arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude x", max_tokens=64,
    messages=[{"role": "user", "content": "Hi"}], betas=["b1", "b2"])
with b.messages.stream(model="anthropic.claude-3-5-sonnet-20241022-v2:0", max_tokens=64,
        messages=[{"role": "user", "content": "stream"}]) as s:
    assert "You said: stream" in s.get_final_text()
v = anthropic.AnthropicVertex(region="us-east5", project_id="p", access_token="t", base_url=url + "/v1", max_retries=0)
v.messages.create(model="claude-sonnet-4@20250514", max_tokens=64, messages=[{"role": "user", "content": "Hi"}])
v.messages.count_tokens(model="claude-sonnet-4@20250514", messages=[{"role": "user", "content": "Hi"}])
"#;

fn rust_calls(url: &str) {
    let options = BedrockOptions::new()
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key(bedrock::TEST_SECRET_KEY)
        .aws_session_token("tok")
        .aws_region("eu-west-3")
        .base_url(url);
    let b = BedrockClient::with_config(options, ClientConfig::new().max_retries(0)).unwrap();
    let hi = |model: &str| MessageCreateParams::new(model, 64).user("Hi");
    b.messages()
        .create(&hi("anthropic.claude-3-5-sonnet-20241022-v2:0"))
        .unwrap();
    b.beta()
        .messages()
        .create(
            &hi("arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude x")
                .betas(["b1", "b2"]),
        )
        .unwrap();
    let text = b
        .messages()
        .stream(
            &MessageCreateParams::new("anthropic.claude-3-5-sonnet-20241022-v2:0", 64)
                .user("stream"),
        )
        .unwrap()
        .final_text()
        .unwrap();
    assert!(text.contains("You said: stream"));
    let v = VertexClient::with_config(
        VertexOptions::new()
            .region("us-east5")
            .project_id("p")
            .access_token("t")
            .base_url(format!("{url}/v1")),
        ClientConfig::new().max_retries(0),
    )
    .unwrap();
    v.messages()
        .create(&hi("claude-sonnet-4@20250514"))
        .unwrap();
    v.messages()
        .count_tokens(&MessageCountTokensParams::from(hi(
            "claude-sonnet-4@20250514",
        )))
        .unwrap();
}

fn signed_names(request: &CapturedRequest) -> Vec<String> {
    let names = bedrock::verify(request)
        .expect("a valid signature")
        .signed_headers;
    // Telemetry and transport headers differ between the SDKs by design.
    names
        .into_iter()
        .filter(|n| {
            !n.starts_with("x-stainless") && n != "accept-encoding" && n != "content-length"
        })
        .collect()
}

#[test]
#[ignore = "needs PYTHON_ANTHROPIC_PLATFORMS (a Python with anthropic==0.76.0 and boto3)"]
fn platform_requests_match_python() {
    let python = std::env::var("PYTHON_ANTHROPIC_PLATFORMS").expect("PYTHON_ANTHROPIC_PLATFORMS");
    let server = MockServer::start();
    let status = Command::new(python)
        .args(["-c", PYTHON_CALLS, &server.url()])
        .status()
        .unwrap();
    assert!(status.success(), "the Python SDK's calls failed");
    let python = server.take_requests();
    rust_calls(&server.url());
    let rust = server.take_requests();
    assert_eq!(python.len(), rust.len());
    for (p, r) in python.iter().zip(&rust) {
        assert_eq!((&p.method, &p.path), (&r.method, &r.path));
        assert_eq!(p.json(), r.json(), "{}", p.path);
        assert_eq!(
            p.header("anthropic-beta"),
            r.header("anthropic-beta"),
            "{}",
            p.path
        );
        if p.path.starts_with("/model/") {
            assert_eq!(signed_names(p), signed_names(r), "{}", p.path);
            assert_eq!(
                p.header("x-amz-security-token"),
                r.header("x-amz-security-token")
            );
        } else {
            assert_eq!(p.header("authorization"), r.header("authorization"));
        }
    }
}
