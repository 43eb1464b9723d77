//! Calling an endpoint the SDK does not wrap (Python's `client.get` / `client.post`), with
//! the SDK's credentials, headers, retries, timeouts and errors.

mod support;

use anthropic::blocking::Client;
use anthropic::{Call, Method, RequestOptions};
use serde_json::{Value, json};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    // A GET decoded into any `Deserialize` type.
    let models: Value = client.get("/v1/models?limit=2")?;
    println!("models: {}", models["data"]);

    // A POST with a JSON body.
    let count: Value = client.post(
        "/v1/messages/count_tokens",
        &json!({"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hello, world"}]}),
    )?;
    println!("input tokens: {}", count["input_tokens"]);

    // Any request, described in full, with per-request options, read raw.
    let call: Call<Value> = Call::new(Method::GET, "/v1/models", "Value")
        .query_param("limit", Some(1))
        .header("anthropic-beta", "my-beta-2025-01-01");
    let raw = client.send_raw(call, &RequestOptions::new().max_retries(5))?;
    println!(
        "{} request-id {:?}: {}",
        raw.status(),
        raw.request_id(),
        raw.text()
    );

    // An error status is the SDK's typed error.
    match client.get::<Value>("/v1/does-not-exist") {
        Err(anthropic::Error::Api(e)) => println!("{:?} {}: {}", e.kind(), e.status(), e.message()),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
