//! TLS: a custom root is trusted (any certificate of a PEM bundle), the web PKI roots do
//! not know a private CA, a bad PEM is refused when the client is built.

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

/// A PEM bundle is every certificate in it: the test CA after an unrelated one (as in a
/// corporate bundle) is trusted too.
pub fn every_certificate_of_a_root_bundle_is_trusted<S: Subject>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let bundle = format!("{}{}", test_pki().ca_pem, pki.ca_pem);
    let transport = TransportConfig::default()
        .proxy_direct()
        .root_certificate_pem(bundle);
    let client = client_with::<S>(server.url(), transport).with_config(|c| c.max_retries(0));
    let message = client.create(ga(), &hello()).unwrap();
    assert_eq!(message.text(), "over TLS");
}

/// With no roots given, `SSL_CERT_FILE` or else `SSL_CERT_DIR` names them, as httpx reads
/// them for Python's client (corporate TLS inspection), in place of the web PKI; a file
/// that cannot be read is an error when the client is built. Each row runs in a child
/// process, whose environment is its own.
pub fn the_environments_certificate_file_or_directory_is_trusted<S: Subject>() {
    let pki = test_pki();
    let server = TlsServer::start(&pki);
    let dir = std::env::temp_dir().join(format!(
        "anthropic-cases-certs-{}-{}",
        S::NAME,
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ca.pem");
    std::fs::write(&file, &pki.ca_pem).unwrap();
    std::fs::write(dir.join("README"), "not a certificate").unwrap();
    let (file, dir_path) = (file.display().to_string(), dir.display().to_string());
    let rows: [(&[(&str, String)], &str); 5] = [
        (&[("SSL_CERT_FILE", file.clone())], "ok"),
        (&[("SSL_CERT_DIR", dir_path.clone())], "ok"),
        (
            &[
                ("SSL_CERT_FILE", String::new()),
                ("SSL_CERT_DIR", dir_path.clone()),
            ],
            "ok",
        ),
        (&[], "call-error"),
        (
            &[("SSL_CERT_FILE", format!("{dir_path}/missing.pem"))],
            "build-error",
        ),
    ];
    for (vars, expected) in rows {
        let outcome =
            super::proxy_env::child_outcome(vars, &server.url(), None, Some("direct")).unwrap();
        assert!(
            outcome.starts_with(expected),
            "{}: {vars:?}: {outcome}",
            S::NAME
        );
        if expected == "build-error" {
            assert!(outcome.contains("SSL_CERT_FILE"), "{outcome}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
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
