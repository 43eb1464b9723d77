//! TLS: a custom root is trusted, the web PKI roots do not know a private CA, a bad PEM
//! is refused when the client is built.

use anthropic_core::types::Message;
use anthropic_core::{ClientConfig, Error, TransportConfig};

use super::{client_with, hello};
use crate::servers::{TLS_MESSAGE, TestPki, TlsServer, test_pki};
use crate::subject::{Subject, ga};

fn tls_client<S: Subject>(server: &TlsServer, pki: Option<&TestPki>) -> S {
    let mut transport = TransportConfig::default().proxy_direct();
    if let Some(pki) = pki {
        transport = transport.root_certificate_pem(pki.ca_pem.clone());
    }
    client_with::<S>(server.url(), transport).with_config(|c| c.max_retries(0))
}

/// With the test CA as the root, requests succeed over TLS, on one connection, and the
/// message decodes to exactly what the server sent.
pub fn tls_with_a_custom_root<S: Subject>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let client = tls_client::<S>(&server, Some(&pki));
    let sent: Message = serde_json::from_str(TLS_MESSAGE).unwrap();
    for _ in 0..2 {
        let message = client.create(ga(), &hello()).unwrap();
        assert_eq!(message.request_id.as_deref(), Some("req_tls"));
        assert_eq!(message.text(), "over TLS");
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            serde_json::to_value(&sent).unwrap()
        );
    }
    assert_eq!(server.request_count(), 2);
    assert_eq!(
        server
            .handshake_failures
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

/// The web PKI roots do not know the test CA: a connection error naming the certificate
/// problem, and nothing was sent.
pub fn tls_fails_with_the_default_roots<S: Subject>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let err = tls_client::<S>(&server, None)
        .create(ga(), &hello())
        .unwrap_err();
    match &err {
        Error::Connection(e) => assert!(
            e.message().to_ascii_lowercase().contains("certificate")
                || format!("{err:?}")
                    .to_ascii_lowercase()
                    .contains("certificate"),
            "{e}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 0);
}

/// A root that is not a PEM certificate is refused when the client is built.
pub fn invalid_root_pem_is_refused<S: Subject>() {
    let err = S::build(
        ClientConfig::new(),
        TransportConfig::default()
            .proxy_direct()
            .root_certificate_pem("not a certificate"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}
