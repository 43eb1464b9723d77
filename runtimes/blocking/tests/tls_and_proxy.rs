//! TLS with a certificate made in the test and trusted through the custom-root option,
//! and an explicit HTTP proxy that tunnels with CONNECT, through the blocking client.
//! The test servers are the async suite's (one implementation for every runtime).

#[path = "../../async/tests/suite/servers.rs"]
#[allow(dead_code)]
mod servers;

use anthropic_blocking::{Client, ClientConfig, Error, TransportConfig};
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::MockServer;
use servers::{ConnectProxy, TlsServer, test_pki};

fn params() -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hello")
}

#[test]
fn tls_with_a_custom_root_succeeds_and_fails_without_it() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let config = ClientConfig::new()
        .with_api_key("k")
        .with_base_url(server.url())
        .with_max_retries(0);

    let trusting = Client::with_transport(
        config.clone(),
        TransportConfig::default()
            .without_proxy()
            .with_root_certificate_pem(pki.ca_pem.clone()),
    )
    .unwrap();
    let message = trusting.messages().create(&params()).unwrap();
    assert_eq!(message.text(), "over TLS");
    assert_eq!(message.request_id.as_deref(), Some("req_tls"));

    // The web PKI roots do not know the test CA: verification fails, nothing is sent.
    let default_roots =
        Client::with_transport(config, TransportConfig::default().without_proxy()).unwrap();
    let err = default_roots.messages().create(&params()).unwrap_err();
    assert!(matches!(err, Error::Connection(_)), "{err:?}");
    assert_eq!(server.requests.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn an_explicit_proxy_tunnels_the_request() {
    let mock = MockServer::start();
    let proxy = ConnectProxy::start();
    let client = Client::with_transport(
        ClientConfig::new()
            .with_api_key("k")
            .with_base_url(mock.url()),
        TransportConfig::default().with_proxy(proxy.url()),
    )
    .unwrap();
    client.messages().create(&params()).unwrap();
    assert_eq!(mock.request_count(), 1);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    let target = mock.url().trim_start_matches("http://").to_owned();
    assert!(
        seen[0].starts_with(&format!("CONNECT {target} HTTP/1.1")),
        "{seen:?}"
    );
}
