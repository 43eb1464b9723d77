//! An explicit proxy (`TransportConfig::proxy`): CONNECT tunnels, reused; Basic
//! credentials; a refusal; the proxy kinds no client can use, refused when it is built.

use anthropic_core::{ClientConfig, Error, TransportConfig};
use anthropic_mock::MockServer;

use super::{client_with, hello};
use crate::servers::ConnectProxy;
use crate::subject::{Subject, ga};

/// Requests go through one CONNECT tunnel to the origin, which is then reused.
pub fn an_explicit_proxy_tunnels_with_connect_and_is_reused<S: Subject>() {
    let server = MockServer::start();
    let proxy = ConnectProxy::start();
    let client = client_with::<S>(server.url(), TransportConfig::default().proxy(proxy.url()));
    let message = client.create(ga(), &hello()).unwrap();
    assert_eq!(message.id, "msg_mock_1");
    client.create(ga(), &hello()).unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "one tunnel, reused: {seen:?}");
    let authority = server.url().trim_start_matches("http://").to_owned();
    assert!(
        seen[0].starts_with(&format!("CONNECT {authority} HTTP/1.1\r\n")),
        "{seen:?}"
    );
    assert!(
        seen[0]
            .to_ascii_lowercase()
            .contains(&format!("host: {authority}")),
        "{seen:?}"
    );
    assert!(
        !seen[0].to_ascii_lowercase().contains("proxy-authorization"),
        "{seen:?}"
    );
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.last_request().unwrap().path, "/v1/messages");
}

/// Credentials in the proxy URL (percent-encoded) become `Proxy-Authorization: Basic`
/// on the CONNECT, and never reach the origin.
pub fn proxy_credentials_become_basic_proxy_authorization<S: Subject>() {
    let server = MockServer::start();
    let proxy = ConnectProxy::start();
    let url = proxy.url().replace("http://", "http://user:p%40ss@");
    let client = client_with::<S>(server.url(), TransportConfig::default().proxy(url));
    client.create(ga(), &hello()).unwrap();
    let seen = proxy.seen();
    // base64("user:p@ss")
    assert!(
        seen[0]
            .to_ascii_lowercase()
            .contains("proxy-authorization: basic dxnlcjpwqhnz"),
        "{seen:?}"
    );
    let request = server.last_request().unwrap();
    assert_eq!(request.header("proxy-authorization"), None);
}

/// A proxy that refuses the tunnel: a connection error naming its status; nothing
/// reaches the origin.
pub fn proxy_refusal_is_a_connection_error<S: Subject>() {
    let server = MockServer::start();
    let proxy = ConnectProxy::refusing("407 Proxy Authentication Required");
    let client = client_with::<S>(server.url(), TransportConfig::default().proxy(proxy.url()))
        .with_config(|c| c.max_retries(0));
    let err = client.create(ga(), &hello()).unwrap_err();
    match &err {
        Error::Connection(e) => assert!(
            e.message().contains("407") || format!("{err:?}").contains("407"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(proxy.seen().len(), 1);
    assert_eq!(server.request_count(), 0);
}

/// SOCKS and HTTPS proxies, which no client supports, are refused when the client is
/// built, with an error that names the setting; never accepted and then bypassed or
/// failed on the first request. (The environment's forms: `cases::proxy_env`.)
pub fn socks_and_https_proxies_are_refused_when_the_client_is_built<S: Subject>() {
    for url in [
        "socks5://127.0.0.1:1080",
        "socks5h://user:SECRET@127.0.0.1:1080",
        "socks4://127.0.0.1:1080",
        "https://127.0.0.1:3129",
    ] {
        let err = S::build(
            ClientConfig::new().api_key("k"),
            TransportConfig::default().proxy(url),
        )
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{url}: {err:?}");
        let text = err.to_string();
        assert!(text.contains("not supported"), "{url}: {text}");
        assert!(text.contains("TransportConfig::proxy"), "{url}: {text}");
        assert!(!text.contains("SECRET"), "{url}: {text}");
    }
}
