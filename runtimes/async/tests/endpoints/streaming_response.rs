//! `with_streaming_response()` on every client (Python's `with_streaming_response`): the
//! head returned while the body is still on the wire, the body read incrementally (never
//! buffered whole: a body over the client's body limit streams through, and a server that
//! holds the rest of the body back does not keep the head from the caller), `parse()` for
//! the method's result, the mode kept by sub-resources and every kind of handle.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::Client;
#[allow(unused_imports)]
use crate::prelude::*;

use anthropic_core::types::{MessageCreateParams, Model, ModelListParams};
use anthropic_core::{ApiErrorKind, ClientConfig, TransportConfig};
use anthropic_mock::{MockResponse, MockServer};

fn client_with(url: String, transport: TransportConfig) -> Client {
    Client::with_transport(
        ClientConfig::new()
            .api_key("sk-test")
            .base_url(url)
            .max_retries(0),
        transport.proxy_direct(),
    )
    .unwrap()
}

/// A writer (blocking and async) that keeps what it is given and, once it holds `at`
/// bytes, runs `on_reached` once.
struct Collect {
    bytes: Vec<u8>,
    at: usize,
    on_reached: Option<Box<dyn FnOnce() + Send>>,
}

impl Collect {
    fn new() -> Collect {
        Collect {
            bytes: Vec::new(),
            at: usize::MAX,
            on_reached: None,
        }
    }

    fn take(&mut self, buf: &[u8]) -> usize {
        self.bytes.extend_from_slice(buf);
        if self.bytes.len() >= self.at {
            if let Some(f) = self.on_reached.take() {
                f();
            }
        }
        buf.len()
    }
}

impl Write for Collect {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(self.take(buf))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl futures_io::AsyncWrite for Collect {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Poll::Ready(Ok(self.take(buf)))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// A server for one request: it sends the head and the first part of the body, then holds
/// the rest until released (or, so that a broken client cannot hang the test, until a
/// minute has passed: then `released_in_time` stays false).
struct HeldBody {
    url: String,
    release: mpsc::Sender<()>,
    rest_sent: Arc<AtomicBool>,
    released_in_time: Arc<AtomicBool>,
}

impl HeldBody {
    fn start(first: &'static [u8], rest: &'static [u8]) -> HeldBody {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (release, released) = mpsc::channel::<()>();
        let rest_sent = Arc::new(AtomicBool::new(false));
        let released_in_time = Arc::new(AtomicBool::new(false));
        let (sent, in_time) = (rest_sent.clone(), released_in_time.clone());
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let _ = std::io::copy(&mut (&mut reader).take(length as u64), &mut std::io::sink());
            let mut out = stream;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_held\r\ncontent-length: {}\r\n\r\n",
                first.len() + rest.len()
            );
            let _ = out.write_all(head.as_bytes());
            let _ = out.write_all(first);
            let _ = out.flush();
            in_time.store(
                released.recv_timeout(Duration::from_secs(60)).is_ok(),
                Ordering::SeqCst,
            );
            sent.store(true, Ordering::SeqCst);
            let _ = out.write_all(rest);
            let _ = out.flush();
        });
        HeldBody {
            url,
            release,
            rest_sent,
            released_in_time,
        }
    }
}

const MODEL_JSON: &str = r#"{"type":"model","id":"claude-held","display_name":"Held","created_at":"2025-01-01T00:00:00Z"}"#;

pub async fn streaming_responses_parse_and_keep_the_mode() {
    let server = MockServer::start();
    let client = client_with(server.url(), TransportConfig::default());
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 256).user("Hello");

    let response = aw!(client.messages().with_streaming_response().create(&params)).unwrap();
    assert_eq!(response.status(), 200);
    let request_id = response.request_id().map(str::to_owned);
    assert!(request_id.is_some());
    assert_eq!(response.retries_taken(), 0);
    let message = aw!(response.parse()).unwrap();
    assert!(
        message.text().contains("You said: Hello"),
        "{}",
        message.text()
    );
    assert_eq!(message.request_id, request_id);
    // The request is the one a parsed call sends.
    let streamed = server.last_request().unwrap();
    aw!(client.messages().create(&params)).unwrap();
    let parsed = server.last_request().unwrap();
    assert_eq!(streamed.path, parsed.path);
    assert_eq!(streamed.body, parsed.body);

    // A list page, and the page after it through the same handle, as streaming responses.
    let models = client.models().with_streaming_response();
    let first = aw!(aw!(models.list(&ModelListParams {
        limit: Some(2),
        ..Default::default()
    }))
    .unwrap()
    .parse())
    .unwrap();
    assert_eq!(first.data.len(), 2);
    let next = aw!(models.next_page(&first))
        .unwrap()
        .expect("a second page");
    assert_eq!(next.status(), 200);
    let second = aw!(next.parse()).unwrap();
    assert_ne!(second.data[0].id, first.data[0].id);

    // Sub-resources keep the mode; a raw response can be taken from the rest of the body.
    let batches = client.messages().with_streaming_response().batches();
    server.enqueue(MockResponse::error(404, "not_found_error", "no such batch"));
    let err = aw!(batches.retrieve("msgbatch_nope")).unwrap_err();
    assert_eq!(err.as_api().unwrap().kind(), ApiErrorKind::NotFound);
    let raw = aw!(aw!(client
        .beta()
        .models()
        .with_streaming_response()
        .retrieve("claude-sonnet-4-5-20250929"))
    .unwrap()
    .into_raw())
    .unwrap();
    assert_eq!(raw.parse().unwrap().id, "claude-sonnet-4-5-20250929");
    assert!(server.last_request().unwrap().path.ends_with("?beta=true"));

    // A multipart upload through a streaming handle sends its form.
    let upload = anthropic_core::multipart::FileUpload::named("a.txt", b"hi".to_vec());
    let meta = aw!(aw!(client
        .beta()
        .files()
        .with_streaming_response()
        .upload(&upload))
    .unwrap()
    .parse())
    .unwrap();
    assert_eq!(meta.size_bytes, 2);
}

pub async fn streaming_responses_stream_a_body_over_the_body_limit() {
    let server = MockServer::start();
    let transport = TransportConfig {
        max_body_size: 4096,
        ..TransportConfig::default()
    };
    let client = client_with(server.url(), transport);
    let padding = "x".repeat(64 * 1024);
    let big = serde_json::json!({
        "type": "model", "id": "claude-big", "display_name": padding,
        "created_at": "2025-01-01T00:00:00Z",
    })
    .to_string();
    // A parsed call refuses the body; a streaming response hands it over as it arrives.
    server.enqueue(MockResponse::body(200, "application/json", big.clone()));
    let err = aw!(client.models().retrieve("claude-big")).unwrap_err();
    assert!(err.to_string().contains("4096"), "{err}");
    server.enqueue(MockResponse::body(200, "application/json", big.clone()));
    let mut response = aw!(client
        .models()
        .with_streaming_response()
        .retrieve("claude-big"))
    .unwrap();
    let mut out = Collect::new();
    assert_eq!(aw!(response.write_to(&mut out)).unwrap(), big.len() as u64);
    assert_eq!(out.bytes, big.as_bytes());
    // Parsing reads the whole body, so the limit applies to it.
    server.enqueue(MockResponse::body(200, "application/json", big));
    let response = aw!(client
        .models()
        .with_streaming_response()
        .retrieve("claude-big"))
    .unwrap();
    let err = aw!(response.parse()).unwrap_err();
    assert!(err.to_string().contains("4096"), "{err}");
}

pub async fn streaming_responses_return_the_head_while_the_server_holds_the_body() {
    let (first, rest) = MODEL_JSON.as_bytes().split_at(30);
    let held = HeldBody::start(first, rest);
    let client = client_with(held.url.clone(), TransportConfig::default());
    let mut response = aw!(client
        .models()
        .with_streaming_response()
        .retrieve("claude-held"))
    .unwrap();
    assert!(
        !held.rest_sent.load(Ordering::SeqCst),
        "the head must arrive while the server still holds the rest of the body"
    );
    assert_eq!(response.request_id(), Some("req_held"));
    // The rest is released only once the first part has been read through the response.
    let mut out = Collect::new();
    out.at = first.len();
    let release = held.release.clone();
    out.on_reached = Some(Box::new(move || {
        let _ = release.send(());
    }));
    let n = aw!(response.write_to(&mut out)).unwrap();
    assert!(held.released_in_time.load(Ordering::SeqCst));
    assert_eq!(n, MODEL_JSON.len() as u64);
    assert_eq!(out.bytes, MODEL_JSON.as_bytes());
}
