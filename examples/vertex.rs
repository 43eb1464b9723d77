//! The Python README's "Google Vertex AI" snippet, on every client: blocking, then tokio,
//! smol and async-std.
//!
//! With `CLOUD_ML_REGION` and `ANTHROPIC_VERTEX_PROJECT_ID` set it calls Vertex AI with
//! Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's
//! `application_default_credentials.json`, or the metadata server), exactly as
//! `AnthropicVertex()` does. Otherwise it starts the project's mock server, which answers
//! as Vertex does and runs the service-account token flow (a JWT signed with its test key,
//! exchanged at its token endpoint): the example then runs offline.
//!
//! `cargo run --example vertex --features tokio,smol,async-std`

use anthropic::platform::VertexOptions;
use anthropic::types::{MessageCreateParams, MessageParam};
use anthropic_mock::{MockServer, google};

const MODEL: &str = "claude-sonnet-4@20250514";

/// `AnthropicVertex()` from the environment, or the mock's endpoints and test key.
fn options() -> (VertexOptions, Option<MockServer>) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if env("CLOUD_ML_REGION").is_some() && env("ANTHROPIC_VERTEX_PROJECT_ID").is_some() {
        return (VertexOptions::new(), None);
    }
    let server = MockServer::start();
    eprintln!(
        "no Vertex project configured: using the mock Vertex endpoint at {}",
        server.url()
    );
    let options = VertexOptions::new()
        .region("us-east5")
        .credentials_json(google::service_account_json(&format!(
            "{}/token",
            server.url()
        )))
        .base_url(format!("{}/v1", server.url()));
    (options, Some(server))
}

fn hello() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 1024).message(MessageParam::user("Hello!"))
}

fn main() -> Result<(), anthropic::Error> {
    let (options, mock) = options();

    let client = anthropic::blocking::VertexClient::new(options.clone())?;
    let response = client.messages().create(&hello())?;
    println!("blocking:  {}", response.text());
    let count = client.messages().count_tokens(&hello().into())?;
    println!("that prompt is {} input tokens", count.input_tokens);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client = anthropic::tokio::VertexClient::new(options.clone())?;
        let response = client.messages().create(&hello()).await?;
        println!("tokio:     {}", response.text());
        Ok::<_, anthropic::Error>(())
    })?;
    smol::block_on(async {
        let client = anthropic::smol::VertexClient::new(options.clone())?;
        let mut stream = client.messages().stream(&hello()).await?;
        println!("smol:      {}", stream.final_text().await?);
        Ok::<_, anthropic::Error>(())
    })?;
    async_std::task::block_on(async {
        let client = anthropic::async_std::VertexClient::new(options.clone())?;
        let response = client.messages().create(&hello()).await?;
        println!("async-std: {}", response.text());
        Ok::<_, anthropic::Error>(())
    })?;

    if let Some(server) = mock {
        let tokens = server
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count();
        eprintln!(
            "the mock issued {tokens} access tokens (one per client: each refreshes its own)"
        );
    }
    Ok(())
}
