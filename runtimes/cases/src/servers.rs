//! Test servers on std threads, for every client: a TLS origin with a canned answer and a
//! certificate made per test, a CONNECT proxy that records what it was asked, and an
//! origin that resets each connection's second request. Their accept threads live until
//! the test process ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A CA and a server certificate for `127.0.0.1` and `localhost`, made for this test.
pub struct TestPki {
    /// The CA certificate, PEM.
    pub ca_pem: String,
    /// The server certificate, DER.
    pub cert: CertificateDer<'static>,
    /// The server key, PKCS#8 DER.
    pub key: Vec<u8>,
}

/// Makes a fresh CA and a server certificate signed by it.
pub fn test_pki() -> TestPki {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "anthropic-rs test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let params =
        CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
    let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
    TestPki {
        ca_pem: ca.pem(),
        cert: cert.der().clone(),
        key: key.serialize_der(),
    }
}

/// The body the TLS server answers every request with.
pub const TLS_MESSAGE: &str = r#"{"id":"msg_tls","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"over TLS"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":2}}"#;

/// An HTTPS server on 127.0.0.1 that answers each request with [`TLS_MESSAGE`] and
/// keeps the connection open. Counts completed requests.
pub struct TlsServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Requests answered.
    pub requests: Arc<AtomicUsize>,
    /// TLS handshakes that failed (a client that did not trust the certificate).
    pub handshake_failures: Arc<AtomicUsize>,
}

impl TlsServer {
    /// Starts serving with `pki`'s server certificate.
    pub fn start(pki: &TestPki) -> TlsServer {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![pki.cert.clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.key.clone())),
            )
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let handshake_failures = Arc::new(AtomicUsize::new(0));
        let (count, failures) = (Arc::clone(&requests), Arc::clone(&handshake_failures));
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { continue };
                let config = Arc::clone(&config);
                let (count, failures) = (Arc::clone(&count), Arc::clone(&failures));
                std::thread::spawn(move || serve_tls(tcp, config, &count, &failures));
            }
        });
        TlsServer {
            addr,
            requests,
            handshake_failures,
        }
    }

    /// `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn serve_tls(
    tcp: TcpStream,
    config: Arc<rustls::ServerConfig>,
    count: &AtomicUsize,
    failures: &AtomicUsize,
) {
    let conn = rustls::ServerConnection::new(config).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    while tls.conn.is_handshaking() {
        if tls.conn.complete_io(&mut tls.sock).is_err() {
            failures.fetch_add(1, Ordering::SeqCst);
            return;
        }
    }
    let mut reader = BufReader::new(tls);
    while read_request(&mut reader).is_some() {
        count.fetch_add(1, Ordering::SeqCst);
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_tls\r\ncontent-length: {}\r\n\r\n{}",
            TLS_MESSAGE.len(),
            TLS_MESSAGE
        );
        let tls = reader.get_mut();
        if tls
            .write_all(response.as_bytes())
            .and_then(|()| tls.flush())
            .is_err()
        {
            return;
        }
    }
}

/// A CONNECT proxy on 127.0.0.1: records each request head, answers `200 Connection
/// established` (or the configured refusal) and pipes bytes both ways.
pub struct ConnectProxy {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The request heads received, in order.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl ConnectProxy {
    /// A proxy that tunnels to whatever `CONNECT host:port` names.
    pub fn start() -> ConnectProxy {
        Self::start_with(None)
    }

    /// A proxy that refuses every tunnel with this status line (e.g. `407 Proxy
    /// Authentication Required`).
    pub fn refusing(status_line: &'static str) -> ConnectProxy {
        Self::start_with(Some(status_line))
    }

    fn start_with(refusal: Option<&'static str>) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let log = Arc::clone(&log);
                std::thread::spawn(move || tunnel(client, &log, refusal));
            }
        });
        ConnectProxy { addr, seen }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A copy of the request heads received.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn tunnel(mut client: TcpStream, log: &Mutex<Vec<String>>, refusal: Option<&str>) {
    // Read the head byte by byte so that nothing after it is swallowed.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match client.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let first = head.lines().next().unwrap_or("").to_owned();
    log.lock().unwrap().push(head.clone());
    if let Some(status) = refusal {
        let _ = write!(client, "HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
        return;
    }
    let Some(target) = first
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split(' ').next())
    else {
        let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    let Ok(upstream) = TcpStream::connect(target) else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
        return;
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
    {
        return;
    }
    let (mut client_read, mut upstream_write) =
        (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_read, &mut upstream_write);
        let _ = upstream_write.shutdown(std::net::Shutdown::Write);
    });
    let (mut upstream_read, mut client_write) = (upstream, client);
    let _ = std::io::copy(&mut upstream_read, &mut client_write);
    let _ = client_write.shutdown(std::net::Shutdown::Write);
    let _ = up.join();
}

/// An origin on 127.0.0.1 that answers the first request on each connection (a
/// keep-alive JSON message) and resets the connection (`SO_LINGER` 0, so the close is an
/// RST) when the second one arrives: a pooled connection whose server closed it with the
/// request unread, as a server closing an idle connection just as the request arrives
/// does. Records each request's `x-stainless-retry-count`.
pub struct ResettingServer {
    /// Where it listens.
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    retry_counts: Arc<Mutex<Vec<String>>>,
}

impl ResettingServer {
    /// Starts it; `body` is the JSON each answered request gets.
    pub fn start(body: String) -> ResettingServer {
        Self::start_resetting_after(body, std::time::Duration::ZERO)
    }

    /// Like [`start`](Self::start), but holds each second request for `wait` before the
    /// reset (a middlebox cutting a call the server took).
    pub fn start_resetting_after(body: String, wait: std::time::Duration) -> ResettingServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let retry_counts = Arc::new(Mutex::new(Vec::new()));
        let (count, seen) = (Arc::clone(&connections), Arc::clone(&retry_counts));
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                let Ok(tcp) = tcp else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let (seen, body) = (Arc::clone(&seen), body.clone());
                std::thread::spawn(move || answer_then_reset(tcp, &seen, &body, wait));
            }
        });
        ResettingServer {
            addr,
            connections,
            retry_counts,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The `x-stainless-retry-count` of every request received, reset ones included.
    pub fn retry_counts(&self) -> Vec<String> {
        self.retry_counts.lock().unwrap().clone()
    }
}

fn answer_then_reset(
    tcp: TcpStream,
    seen: &Mutex<Vec<String>>,
    body: &str,
    wait: std::time::Duration,
) {
    let mut reader = BufReader::new(tcp);
    for request in 0.. {
        let Some(headers) = read_request(&mut reader) else {
            return;
        };
        let retry_count = headers
            .iter()
            .find(|(name, _)| name == "x-stainless-retry-count")
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        seen.lock().unwrap().push(retry_count);
        if request == 1 {
            std::thread::sleep(wait);
            let tcp = reader.into_inner();
            let _ = socket2::SockRef::from(&tcp).set_linger(Some(std::time::Duration::ZERO));
            return;
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_reset\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if reader.get_mut().write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// Reads one request (head and `content-length` body) and returns its headers, names
/// lowercase; `None` at the end of the connection or on a broken request.
fn read_request(reader: &mut impl BufRead) -> Option<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(headers)
}
