//! Claude on Microsoft Foundry (Python's `AnthropicFoundry`), on every client: blocking,
//! then tokio, smol and async-std; with an API key, and with an Entra ID token provider
//! called before every attempt.
//!
//! With `ANTHROPIC_FOUNDRY_API_KEY` and `ANTHROPIC_FOUNDRY_RESOURCE` (or
//! `ANTHROPIC_FOUNDRY_BASE_URL`) set it calls Foundry. Otherwise it starts the project's
//! mock server, which answers as Foundry does: the example then runs offline.
//!
//! `cargo run --example foundry --features tokio,smol,async-std`

use std::sync::Arc;

use anthropic::platform::FoundryOptions;
use anthropic::platform::foundry::FnTokenProvider;
use anthropic::types::{MessageCreateParams, MessageParam};
use anthropic_mock::MockServer;

const MODEL: &str = "claude-sonnet-4-5";

fn options() -> (FoundryOptions, Option<MockServer>) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let configured =
        env("ANTHROPIC_FOUNDRY_RESOURCE").is_some() || env("ANTHROPIC_FOUNDRY_BASE_URL").is_some();
    if env("ANTHROPIC_FOUNDRY_API_KEY").is_some() && configured {
        return (FoundryOptions::new(), None);
    }
    let server = MockServer::start();
    eprintln!(
        "no Foundry resource configured: using the mock Foundry endpoint at {}",
        server.url()
    );
    let options = FoundryOptions::new()
        .api_key("mock-foundry-key")
        .base_url(format!("{}/anthropic/", server.url()));
    (options, Some(server))
}

fn hello() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 1024).message(MessageParam::user("Hello!"))
}

fn main() -> Result<(), anthropic::Error> {
    let (options, mock) = options();

    let client = anthropic::blocking::FoundryClient::new(options.clone())?;
    println!("blocking:  {}", client.messages().create(&hello())?.text());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client = anthropic::tokio::FoundryClient::new(options.clone())?;
        println!(
            "tokio:     {}",
            client.messages().create(&hello()).await?.text()
        );
        Ok::<_, anthropic::Error>(())
    })?;
    smol::block_on(async {
        let client = anthropic::smol::FoundryClient::new(options.clone())?;
        println!(
            "smol:      {}",
            client.messages().create(&hello()).await?.text()
        );
        Ok::<_, anthropic::Error>(())
    })?;
    async_std::task::block_on(async {
        let client = anthropic::async_std::FoundryClient::new(options.clone())?;
        println!(
            "async-std: {}",
            client.messages().create(&hello()).await?.text()
        );
        Ok::<_, anthropic::Error>(())
    })?;

    // Entra ID (Azure AD): a provider called for every attempt, retries included. Against
    // the mock it hands out a made-up token; with Azure, get one from your identity library.
    if let Some(server) = &mock {
        let provider = FnTokenProvider(|| Ok("entra-token-from-your-identity-library".to_owned()));
        let client = anthropic::blocking::FoundryClient::new(
            FoundryOptions::new()
                .azure_ad_token_provider(Arc::new(provider))
                .base_url(format!("{}/anthropic/", server.url())),
        )?;
        let mut stream = client.messages().stream(&hello())?;
        println!("entra id:  {}", stream.final_text()?);
    }
    Ok(())
}
