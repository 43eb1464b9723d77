//! The Python README's "HTTP Client Configuration": a proxy and a local address.
//!
//! The proxy comes from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` unless set
//! explicitly; set `EXAMPLE_PROXY=http://proxy.example.com:8080` to try an explicit one.
//! Binding a local address needs an async client (ureq cannot bind), so this example runs
//! on tokio (`cargo run --example http_client --features tokio`).

mod support;

use std::net::{IpAddr, Ipv4Addr};

use anthropic::TransportConfig;
use anthropic::tokio::Client;
use anthropic::types::{MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    // `#[tokio::main]` in an application; a plain runtime here keeps the example's build to
    // the `tokio` feature alone.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(run())
}

async fn run() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();

    let mut transport = TransportConfig::default().local_address(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    if let Ok(proxy) = std::env::var("EXAMPLE_PROXY") {
        transport = transport.proxy(proxy);
    }
    let client = Client::with_transport(config, transport)?;

    let message = client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello"))
        .await?;
    println!("{}", message.text());
    Ok(())
}
