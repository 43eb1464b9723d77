//! The cases (see `mod.rs` for how they run on all four clients). A case's helpers are
//! plain functions or macros, never `async fn`s: on the blocking client `aw!` does not
//! await, so a helper future would never run.

use crate::Client;
#[allow(unused_imports)]
use crate::prelude::*;

use anthropic_core::types::{
    BatchCreateParams, BatchRequest, BatchResult, ListParams, MessageCreateParams, Model,
    ProcessingStatus,
};
use anthropic_core::{ClientConfig, Error, Paginated};
use anthropic_mock::{MockResponse, MockServer};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::new(
        ClientConfig::new()
            .api_key("sk-test")
            .base_url(server.url())
            .max_retries(0),
    )
    .unwrap()
}

fn two_requests() -> BatchCreateParams {
    BatchCreateParams::new([
        BatchRequest::new(
            "request-1",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello"),
        ),
        BatchRequest::new(
            "request-2",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("World"),
        ),
    ])
}

pub async fn batches_create_poll_and_results() {
    let server = MockServer::start();
    let client = client(&server);
    let batches = client.messages().batches();
    let batch = aw!(batches.create(&two_requests())).unwrap();
    assert_eq!(batch.processing_status, ProcessingStatus::InProgress);
    assert_eq!(batch.request_counts.processing, 2);
    assert!(batch.request_id.is_some());
    let create = server.last_request().unwrap();
    assert_eq!(create.path, "/v1/messages/batches");
    assert_eq!(create.json()["requests"][1]["custom_id"], "request-2");
    assert!(create.header("anthropic-beta").is_none());

    let polled = aw!(batches.retrieve(&batch.id)).unwrap();
    assert_eq!(polled.processing_status, ProcessingStatus::InProgress);
    let ended = aw!(batches.retrieve(&batch.id)).unwrap();
    assert_eq!(ended.processing_status, ProcessingStatus::Ended);
    assert_eq!(ended.request_counts.succeeded, 2);
    assert!(
        ended
            .results_url
            .as_deref()
            .unwrap()
            .starts_with(&server.url())
    );

    let results = aw!(batches.results(&batch.id)).unwrap();
    let results: Vec<_> = aw!(results.collect::<Vec<_>>());
    let mut texts: Vec<(String, String)> = results
        .into_iter()
        .map(|r| {
            let r = r.unwrap();
            match r.result {
                BatchResult::Succeeded(s) => (r.custom_id, s.message.text()),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    texts.sort();
    assert_eq!(texts.len(), 2);
    assert_eq!(texts[0].0, "request-1");
    assert!(texts[0].1.contains("Hello"), "{}", texts[0].1);
    assert!(texts[1].1.contains("World"), "{}", texts[1].1);

    // results = retrieve, then GET the results URL with Accept: application/binary.
    let requests = server.requests();
    let [.., retrieve, fetch] = requests.as_slice() else {
        panic!()
    };
    assert_eq!(retrieve.method, "GET");
    assert_eq!(retrieve.path, format!("/v1/messages/batches/{}", batch.id));
    assert_eq!(
        fetch.path,
        format!("/v1/messages/batches/{}/results", batch.id)
    );
    assert_eq!(fetch.header("accept"), Some("application/binary"));
    assert_eq!(fetch.header("x-api-key"), Some("sk-test"));
}

pub async fn batches_beta_headers_and_query() {
    let server = MockServer::start();
    let client = client(&server);
    let beta = client.beta().messages().batches();
    let mut params = two_requests();
    params.betas = vec!["zz".into(), "message-batches-2024-09-24".into()];
    let batch = aw!(beta.create(&params)).unwrap();
    let create = server.last_request().unwrap();
    assert_eq!(create.path, "/v1/messages/batches?beta=true");
    // The user's betas, then the automatic one, without a duplicate.
    assert_eq!(
        create.header("anthropic-beta"),
        Some("zz,message-batches-2024-09-24")
    );
    aw!(beta.retrieve(&batch.id)).unwrap();
    aw!(beta.retrieve(&batch.id)).unwrap();
    let results = aw!(beta.results(&batch.id)).unwrap();
    assert_eq!(aw!(results.collect::<Vec<_>>()).len(), 2);
    let page = aw!(beta.list(&ListParams::new().limit(1))).unwrap();
    assert_eq!(page.data.len(), 1);
    for request in server.requests() {
        assert_eq!(
            request
                .header("anthropic-beta")
                .map(|b| b.ends_with("message-batches-2024-09-24")),
            Some(true),
            "{} {}",
            request.method,
            request.path
        );
    }
    let list = server.last_request().unwrap();
    assert_eq!(list.path, "/v1/messages/batches?beta=true&limit=1");
}

pub async fn batches_list_pages_both_ways() {
    let server = MockServer::start();
    let client = client(&server);
    let batches = client.messages().batches();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(aw!(batches.create(&two_requests())).unwrap().id);
    }
    ids.reverse(); // newest first, as the API lists them
    server.clear();

    let all: Vec<String> = aw!(batches
        .list_all(&ListParams::new().limit(2))
        .collect::<Vec<_>>())
    .into_iter()
    .map(|b| b.unwrap().id)
    .collect();
    assert_eq!(all, ids);
    let paths: Vec<String> = server.take_requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v1/messages/batches?limit=2".to_owned(),
            format!("/v1/messages/batches?limit=2&after_id={}", ids[1]),
            format!("/v1/messages/batches?limit=2&after_id={}", ids[3]),
        ]
    );

    // next_page by hand, forwards until has_more is false.
    let first = aw!(batches.list(&ListParams::new().limit(3))).unwrap();
    assert_eq!(first.has_more, Some(true));
    let second = aw!(batches.next_page(&first)).unwrap().unwrap();
    assert_eq!(second.data.len(), 2);
    assert_eq!(second.has_more, Some(false));
    assert!(aw!(batches.next_page(&second)).unwrap().is_none());

    // Backwards: before_id pages towards the newest with before_id = first_id.
    server.clear();
    let back: Vec<String> = aw!(batches
        .list_all(&ListParams::new().limit(2).before_id(ids[4].clone()))
        .collect::<Vec<_>>())
    .into_iter()
    .map(|b| b.unwrap().id)
    .collect();
    assert_eq!(
        back,
        [&ids[2], &ids[3], &ids[0], &ids[1]].map(|s| s.clone())
    );
    let paths: Vec<String> = server.take_requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            format!("/v1/messages/batches?before_id={}&limit=2", ids[4]),
            format!("/v1/messages/batches?before_id={}&limit=2", ids[2]),
        ]
    );
}

pub async fn batches_cancel_then_results_are_canceled() {
    let server = MockServer::start();
    let client = client(&server);
    let batches = client.messages().batches();
    let batch = aw!(batches.create(&two_requests())).unwrap();
    let canceling = aw!(batches.cancel(&batch.id)).unwrap();
    assert_eq!(canceling.processing_status, ProcessingStatus::Canceling);
    assert!(canceling.cancel_initiated_at.is_some());
    let cancel = server.last_request().unwrap();
    assert_eq!(cancel.method, "POST");
    assert_eq!(
        cancel.path,
        format!("/v1/messages/batches/{}/cancel", batch.id)
    );
    assert!(cancel.body.is_empty());
    let ended = aw!(batches.retrieve(&batch.id)).unwrap();
    assert_eq!(ended.processing_status, ProcessingStatus::Ended);
    assert_eq!(ended.request_counts.canceled, 2);
    let results = aw!(aw!(batches.results(&batch.id)).unwrap().collect::<Vec<_>>());
    assert!(
        results
            .iter()
            .all(|r| matches!(r.as_ref().unwrap().result, BatchResult::Canceled(_)))
    );
}

pub async fn batches_delete_and_errors() {
    let server = MockServer::start();
    let client = client(&server);
    let batches = client.messages().batches();
    let batch = aw!(batches.create(&two_requests())).unwrap();
    // Deleting a batch still processing is refused by the API.
    let err = aw!(batches.delete(&batch.id)).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    aw!(batches.retrieve(&batch.id)).unwrap();
    aw!(batches.retrieve(&batch.id)).unwrap();
    let deleted = aw!(batches.delete(&batch.id)).unwrap();
    assert_eq!(deleted.id, batch.id);
    assert_eq!(deleted.r#type, "message_batch_deleted");
    assert_eq!(server.last_request().unwrap().method, "DELETE");
    let gone = aw!(batches.retrieve(&batch.id)).unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404));
    // An empty id is refused before anything is sent; other ids are percent-encoded.
    let n = server.request_count();
    assert!(matches!(
        aw!(batches.retrieve("")),
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(server.request_count(), n);
    let _ = aw!(batches.retrieve("a/b?c"));
    assert_eq!(
        server.last_request().unwrap().path,
        "/v1/messages/batches/a%2Fb%3Fc"
    );
}

pub async fn batches_results_before_the_end_is_an_error() {
    let server = MockServer::start();
    let client = client(&server);
    let batches = client.messages().batches();
    let batch = aw!(batches.create(&two_requests())).unwrap();
    let err = aw!(batches.results(&batch.id)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("No `results_url`"), "{text}");
    assert!(text.contains("in_progress"), "{text}");
}

fn scripted_batch(
    server: &MockServer,
    results_path: &str,
    body: &'static str,
    chunk: Option<usize>,
) {
    server.enqueue_for(
        "/v1/messages/batches/msgbatch_x",
        MockResponse::json(
            200,
            json!({
                "id": "msgbatch_x", "type": "message_batch", "processing_status": "ended",
                "request_counts": {"processing": 0, "succeeded": 2, "errored": 0, "canceled": 0, "expired": 0},
                "created_at": "2025-01-01T00:00:00Z", "expires_at": "2025-01-02T00:00:00Z",
                "ended_at": "2025-01-01T00:01:00Z",
                "results_url": format!("{}{results_path}", server.url()),
            }),
        ),
    );
    let mut response = MockResponse::body(200, "application/binary", body);
    if let Some(n) = chunk {
        response = response
            .framing(anthropic_mock::Framing::Chunked)
            .chunk_size(n);
    }
    server.enqueue_for(results_path, response);
}

const LINES: &str = concat!(
    r#"{"custom_id":"a","result":{"type":"succeeded","message":{"id":"m","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}}"#,
    "\n{not json}\r\n",
    r#"{"custom_id":"b","result":{"type":"from_the_future","x":1}}"#,
    "\n\n",
    r#"{"custom_id":"c","result":{"type":"expired"}}"#,
);

/// The checks of `LINES` (a macro: a helper `async fn` would not run on the blocking client,
/// whose `aw!` does not await).
macro_rules! check_lines {
    ($server:expr) => {{
        let client = client($server);
        let results = aw!(client.messages().batches().results("msgbatch_x")).unwrap();
        let results = aw!(results.collect::<Vec<_>>());
        assert_eq!(results.len(), 4, "{results:?}");
        assert_eq!(results[0].as_ref().unwrap().custom_id, "a");
        match &results[1] {
            Err(Error::Decode(d)) => {
                assert_eq!(d.body, "{not json}");
                assert!(d.request_id.is_some());
            }
            other => panic!("{other:?}"),
        }
        match &results[2].as_ref().unwrap().result {
            BatchResult::Unknown(v) => assert_eq!(v["type"], "from_the_future"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            results[3].as_ref().unwrap().result,
            BatchResult::Expired(_)
        ));
    }};
}

pub async fn batches_results_keep_going_after_a_malformed_line() {
    let server = MockServer::start();
    scripted_batch(&server, "/files/results.jsonl", LINES, None);
    check_lines!(&server);
    assert_eq!(
        server.last_request().unwrap().path,
        "/files/results.jsonl",
        "the results URL is used as given"
    );
}

pub async fn batches_results_one_byte_chunks() {
    let server = MockServer::start();
    scripted_batch(&server, "/results/one-byte", LINES, Some(1));
    check_lines!(&server);
}

pub async fn raw_responses_on_batches() {
    let server = MockServer::start();
    let client = client(&server);
    let raw = aw!(client
        .messages()
        .batches()
        .with_raw_response()
        .create(&two_requests()))
    .unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert!(raw.request_id().is_some());
    let batch = raw.parse().unwrap();
    let page = aw!(client
        .messages()
        .batches()
        .with_raw_response()
        .list(&ListParams::new()))
    .unwrap();
    let page = page.parse().unwrap();
    assert_eq!(page.data[0].id, batch.id);
    assert!(!page.has_next_page());
}

fn temp_file(name: &str, len: usize) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "anthropic-endpoints-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let block: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        std::io::Write::write_all(&mut file, &block[..n]).unwrap();
        left -= n;
    }
    std::io::Write::flush(&mut file).unwrap();
    path
}

fn single_part(request: &anthropic_mock::CapturedRequest) -> anthropic_mock::multipart::Part {
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    assert_eq!(boundary.len(), 32, "{content_type}");
    assert!(
        boundary
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(
        request
            .header("content-length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(request.body.len())
    );
    let mut parts = anthropic_mock::multipart::parse(request).unwrap();
    assert_eq!(parts.len(), 1, "{parts:?}");
    parts.remove(0)
}

pub async fn files_upload_from_bytes_path_and_reader() {
    use anthropic_core::multipart::FileUpload;
    let server = MockServer::start();
    let client = client(&server);
    let files = client.beta().files();

    let meta = aw!(files.upload(&FileUpload::bytes(b"raw bytes".to_vec()))).unwrap();
    assert_eq!(meta.filename, "upload");
    assert_eq!(meta.size_bytes, 9);
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/v1/files?beta=true");
    assert_eq!(
        request.header("anthropic-beta"),
        Some("files-api-2025-04-14")
    );
    let part = single_part(&request);
    assert_eq!(part.name, "file");
    assert_eq!(part.filename.as_deref(), Some("upload"));
    assert_eq!(
        part.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(part.body, b"raw bytes");

    let meta = aw!(files.upload(&FileUpload::named("x.json", b"{}".to_vec()))).unwrap();
    assert_eq!(meta.mime_type, "application/json");

    let path = temp_file("report.pdf", 100_000);
    let meta = aw!(files.upload(&FileUpload::path(&path))).unwrap();
    assert_eq!(
        (meta.filename.as_str(), meta.size_bytes),
        ("report.pdf", 100_000)
    );
    let part = single_part(&server.last_request().unwrap());
    assert_eq!(part.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(part.body, std::fs::read(&path).unwrap());

    let reader = std::io::Cursor::new(b"from a reader".to_vec());
    let upload = FileUpload::reader("r.txt", reader, 13).content_type("text/plain");
    let meta = aw!(files.upload_with_betas(&upload, &["x-1".into()])).unwrap();
    assert_eq!(meta.filename, "r.txt");
    let request = server.last_request().unwrap();
    assert_eq!(
        request.header("anthropic-beta"),
        Some("x-1,files-api-2025-04-14")
    );
    assert_eq!(single_part(&request).body, b"from a reader");
    // A reader is read once: sending the same upload again is refused before any I/O.
    let n = server.request_count();
    let again = aw!(files.upload(&upload)).unwrap_err();
    assert!(
        again.to_string().contains("cannot be sent again"),
        "{again}"
    );
    assert_eq!(server.request_count(), n);

    // A missing file is an error before sending.
    let missing = aw!(files.upload(&FileUpload::path(path.with_file_name("nope.bin"))));
    assert!(matches!(missing, Err(Error::InvalidRequest(_))));
    assert_eq!(server.request_count(), n);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A retryable failure of an upload is retried while its body can be sent again; once a
/// reader was read, the failure is what the call returns, status and request id kept.
pub async fn files_upload_retries_unless_its_reader_was_read() {
    use anthropic_core::multipart::FileUpload;
    let server = MockServer::start();
    let client = Client::new(
        ClientConfig::new()
            .api_key("sk-test")
            .base_url(server.url())
            .max_retries(2),
    )
    .unwrap();
    let files = client.beta().files();
    let failure = || {
        MockResponse::error(500, "api_error", "Internal server error")
            .header("request-id", "req_upload_500")
            .header("retry-after-ms", "1")
    };

    server.enqueue(failure());
    let meta = aw!(files.upload(&FileUpload::named("b.txt", b"bytes".to_vec()))).unwrap();
    assert_eq!(meta.filename, "b.txt");
    let sent = server.take_requests();
    assert_eq!(sent.len(), 2, "bytes are sent again");
    assert_eq!(single_part(&sent[1]).body, b"bytes");

    server.enqueue(failure());
    let reader = std::io::Cursor::new(b"once".to_vec());
    let err = aw!(files.upload(&FileUpload::reader("r.txt", reader, 4))).unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected the server's error, got {err:?}")
    };
    assert_eq!(api.status().as_u16(), 500);
    assert_eq!(err.request_id(), Some("req_upload_500"));
    let sent = server.take_requests();
    assert_eq!(sent.len(), 1, "a read reader is not sent again");
    assert_eq!(single_part(&sent[0]).body, b"once");
}

pub async fn files_list_retrieve_download_delete() {
    use anthropic_core::multipart::FileUpload;
    let server = MockServer::start();
    let client = client(&server);
    let files = client.beta().files();
    let mut ids = Vec::new();
    for i in 0..3 {
        let upload = FileUpload::named(format!("f{i}.txt"), format!("content {i}"));
        ids.push(aw!(files.upload(&upload)).unwrap().id);
    }
    server.clear();
    let listed: Vec<String> = aw!(files
        .list_all(&ListParams::new().limit(2))
        .collect::<Vec<_>>())
    .into_iter()
    .map(|f| f.unwrap().id)
    .collect();
    assert_eq!(listed, [&ids[2], &ids[1], &ids[0]].map(|s| s.clone()));
    let requests = server.take_requests();
    assert_eq!(requests[0].path, "/v1/files?beta=true&limit=2");
    assert_eq!(
        requests[1].path,
        format!("/v1/files?beta=true&limit=2&after_id={}", ids[1])
    );
    assert!(
        requests
            .iter()
            .all(|r| r.header("anthropic-beta") == Some("files-api-2025-04-14"))
    );

    let meta = aw!(files.retrieve_metadata(&ids[1])).unwrap();
    assert_eq!(
        (meta.filename.as_str(), meta.mime_type.as_str()),
        ("f1.txt", "text/plain")
    );

    let download = aw!(files.download(&ids[1])).unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert!(download.request_id().is_some());
    assert_eq!(aw!(download.bytes()).unwrap(), b"content 1");
    let request = server.last_request().unwrap();
    assert_eq!(
        request.path,
        format!("/v1/files/{}/content?beta=true", ids[1])
    );
    assert_eq!(request.header("accept"), Some("application/binary"));

    let mut sink = Vec::new();
    let mut download = aw!(files.download(&ids[0])).unwrap();
    assert_eq!(aw!(download.write_to(&mut sink)).unwrap(), 9);
    assert_eq!(sink, b"content 0");

    let deleted = aw!(files.delete(&ids[0])).unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.r#type.as_deref()),
        (ids[0].as_str(), Some("file_deleted"))
    );
    // A body-less DELETE carries no length, as httpx sends it (only POST, PUT and PATCH
    // frame an empty body).
    let request = server.last_request().unwrap();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.header("content-length"), None);
    let err = aw!(files.download(&ids[0])).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let err = aw!(files.retrieve_metadata("")).unwrap_err();
    assert!(err.to_string().contains("`file_id`"), "{err}");
}

/// A null writer on both kinds of client: `std::io::Write` and `futures::AsyncWrite`.
struct Sink(u64);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl futures_io::AsyncWrite for Sink {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.0 += buf.len() as u64;
        std::task::Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
    fn poll_close(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// Uploads a 256 MiB file from its path and downloads 256 MiB to a null writer, and checks
/// that the process's peak resident memory grew by less than 64 MiB. The measurement runs in
/// a child process of its own (this test binary, re-run for this case alone) against a
/// server that neither keeps what it receives nor holds what it sends
/// ([`crate::endpoints::sink`]), so nothing else in the process moves the peak.
pub async fn files_upload_and_download_beyond_a_memory_limit() {
    use anthropic_core::multipart::FileUpload;
    const SIZE: u64 = 256 * 1024 * 1024;
    const LIMIT_KIB: u64 = 64 * 1024;
    if !cfg!(target_os = "linux") {
        return; // the peak is read from /proc
    }
    let Some(_) = std::env::var_os("ANTHROPIC_ENDPOINTS_MEMORY_CHILD") else {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "files_upload_and_download_beyond_a_memory_limit",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("ANTHROPIC_ENDPOINTS_MEMORY_CHILD", "1")
            .status()
            .unwrap();
        assert!(status.success(), "the measuring child failed: {status}");
        return;
    };
    let path = temp_file("big.bin", 1);
    // A sparse file of SIZE bytes: made without writing (or holding) them.
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(SIZE)
        .unwrap();
    let server = crate::endpoints::sink::SinkServer::start(SIZE);
    let client = Client::new(
        ClientConfig::new()
            .api_key("sk-test")
            .base_url(server.url())
            .max_retries(0),
    )
    .unwrap();
    let files = client.beta().files();
    let before = crate::endpoints::sink::peak_rss_kib();

    let meta = aw!(files.upload(&FileUpload::path(&path))).unwrap();
    // The sink counts the whole form: the file plus its part head and boundaries.
    assert!(
        (SIZE..SIZE + 512).contains(&meta.size_bytes),
        "the server received {} bytes",
        meta.size_bytes
    );
    let mut sink = Sink(0);
    let mut download = aw!(files.download(&meta.id)).unwrap();
    assert_eq!(aw!(download.write_to(&mut sink)).unwrap(), SIZE);
    assert_eq!(sink.0, SIZE);

    let grown = crate::endpoints::sink::peak_rss_kib().saturating_sub(before);
    eprintln!("peak resident memory grew by {grown} KiB moving 2 x {SIZE} bytes");
    assert!(grown < LIMIT_KIB, "peak RSS grew by {grown} KiB");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

pub async fn custom_requests_reach_any_path_with_the_sdk_behaviour() {
    use anthropic_core::types::ModelInfo;
    use anthropic_core::{Call, Method, RequestOptions};
    use serde_json::Value;
    let server = MockServer::start();
    let client = client(&server);

    let page: Value = aw!(client.get("/v1/models?limit=1&x=a+b")).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/v1/models?limit=1&x=a+b");
    assert_eq!(request.header("x-api-key"), Some("sk-test"));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));

    #[derive(serde::Deserialize)]
    struct Count {
        input_tokens: u64,
    }
    let count: Count = aw!(client.post(
        "/v1/messages/count_tokens",
        &json!({"model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "Hello there"}]}),
    ))
    .unwrap();
    assert!(count.input_tokens > 0);
    assert_eq!(
        server.last_request().unwrap().header("content-type"),
        Some("application/json")
    );

    // A described call, typed, with per-request options.
    let call: Call<ModelInfo> = Call::new(Method::GET, "/v1/models/claude-sonnet-4-5", "ModelInfo")
        .header("anthropic-beta", "b-1");
    let model = aw!(client.send(call, &RequestOptions::new().query("trace", "1"))).unwrap();
    assert_eq!(model.id, "claude-sonnet-4-5-20250929");
    assert!(model.request_id.is_some());
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/v1/models/claude-sonnet-4-5?trace=1");
    assert_eq!(request.header("anthropic-beta"), Some("b-1"));

    // Errors are the SDK's typed errors; retries are the SDK's.
    let err = aw!(client.get::<Value>("/v1/nowhere")).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.as_api().is_some());
    server.enqueue(
        MockResponse::error(529, "overloaded_error", "Overloaded").header("retry-after-ms", "1"),
    );
    let patient = client.with_options(|c| c.max_retries(2));
    let raw = aw!(patient.send_raw(
        Call::<Value>::new(Method::GET, "/v1/models", "Value"),
        &RequestOptions::new()
    ))
    .unwrap();
    assert_eq!(raw.retries_taken(), 1);
    let as_page: anthropic_core::Page<ModelInfo> = raw.json().unwrap();
    assert!(!as_page.data.is_empty());

    // The head now, the body as it arrives.
    let streamed = aw!(client.send_streaming(
        Call::<Value>::new(Method::GET, "/v1/models", "Value"),
        &RequestOptions::new()
    ))
    .unwrap();
    assert_eq!(streamed.status().as_u16(), 200);
    let body: Value = serde_json::from_slice(&aw!(streamed.bytes()).unwrap()).unwrap();
    assert!(body["data"].is_array());

    // A server-sent event stream.
    let call = Call::<()>::new(Method::POST, "/v1/messages", "events")
        .json_body(
            &json!({"model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
            "messages": [{"role": "user", "content": "Hi"}]}),
        )
        .unwrap();
    let events = aw!(client.send_events(call, &RequestOptions::new())).unwrap();
    let events = aw!(events.collect::<Vec<_>>());
    assert!(events.len() > 3);
    assert!(events.iter().all(Result::is_ok));
}

pub async fn completions_create_and_stream() {
    use anthropic_core::types::CompletionCreateParams;
    use anthropic_core::{AI_PROMPT, HUMAN_PROMPT};
    let server = MockServer::start();
    let client = client(&server);
    let mut params =
        CompletionCreateParams::new("claude-2.1", 256, format!("{HUMAN_PROMPT} hi{AI_PROMPT}"));
    params.betas = vec!["b-1".into()];
    let completion = aw!(client.completions().create(&params)).unwrap();
    assert_eq!(completion.completion, " You said: hi");
    assert_eq!(completion.stop_reason.as_deref(), Some("stop_sequence"));
    assert!(completion.request_id.is_some());
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/v1/complete");
    assert_eq!(request.header("anthropic-beta"), Some("b-1"));
    assert_eq!(
        request.body_text(),
        r#"{"max_tokens_to_sample":256,"model":"claude-2.1","prompt":"\n\nHuman: hi\n\nAssistant:"}"#
    );

    let stream = aw!(client.completions().create_stream(&params)).unwrap();
    let pieces: Vec<_> = aw!(stream.collect::<Vec<_>>())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(pieces.len() > 2, "{pieces:?}");
    let text: String = pieces.iter().map(|c| c.completion.as_str()).collect();
    assert_eq!(text, " You said: hi");
    assert!(
        pieces[..pieces.len() - 1]
            .iter()
            .all(|c| c.stop_reason.is_none())
    );
    assert_eq!(
        pieces.last().unwrap().stop_reason.as_deref(),
        Some("stop_sequence")
    );
    assert_eq!(server.last_request().unwrap().json()["stream"], true);

    // An `error` event is the typed error it names, and ends the stream.
    server.enqueue(MockResponse::sse(vec![
        anthropic_mock::SseEvent::json("completion", &json!({"type": "completion", "completion": " Hi", "stop_reason": null, "model": "claude-2.1", "id": "c"})),
        anthropic_mock::SseEvent::json("error", &json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})),
        anthropic_mock::SseEvent::json("completion", &json!({"type": "completion", "completion": "!", "stop_reason": "stop_sequence", "model": "claude-2.1", "id": "c"})),
    ]));
    let items = aw!(aw!(client.completions().create_stream(&params))
        .unwrap()
        .collect::<Vec<_>>());
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().completion, " Hi");
    match &items[1] {
        Err(Error::Api(e)) => assert_eq!(e.kind(), anthropic_core::ApiErrorKind::Overloaded),
        other => panic!("{other:?}"),
    }

    // So does a `completion` event whose data is not JSON: the error keeps the data.
    server.enqueue(MockResponse::sse_raw(
        "event: completion\ndata: {\"type\": \"completion\", \"completion\": \" Hi\", \"stop_reason\": null, \"model\": \"claude-2.1\", \"id\": \"c\"}\n\n\
         event: completion\ndata: {not json\n\n\
         event: completion\ndata: {\"type\": \"completion\", \"completion\": \"!\", \"stop_reason\": \"stop_sequence\", \"model\": \"claude-2.1\", \"id\": \"c\"}\n\n",
    ));
    let items = aw!(aw!(client.completions().create_stream(&params))
        .unwrap()
        .collect::<Vec<_>>());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().completion, " Hi");
    match &items[1] {
        Err(e @ Error::Stream(_)) => assert!(e.to_string().contains("{not json"), "{e}"),
        other => panic!("{other:?}"),
    }
}

pub async fn skills_and_versions() {
    use anthropic_core::multipart::FileUpload;
    use anthropic_core::types::{SkillCreateParams, SkillListParams};
    let server = MockServer::start();
    let client = client(&server);
    let skills = client.beta().skills();

    let root = temp_file("placeholder", 0)
        .parent()
        .unwrap()
        .join("my-skill");
    std::fs::create_dir_all(root.join("scripts")).unwrap();
    std::fs::write(
        root.join("SKILL.md"),
        "---\nname: greeter\ndescription: Says hi\n---\n",
    )
    .unwrap();
    std::fs::write(root.join("scripts/run.py"), "print('hi')\n").unwrap();
    let files = crate::files_from_dir(&root).unwrap();
    let names: Vec<&str> = files.iter().map(FileUpload::get_filename).collect();
    assert_eq!(names, ["my-skill/SKILL.md", "my-skill/scripts/run.py"]);

    let skill = aw!(skills.create(&SkillCreateParams::new(files.clone()).display_title("Greeter")))
        .unwrap();
    assert_eq!(skill.display_title.as_deref(), Some("Greeter"));
    assert_eq!(skill.source, "custom");
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/v1/skills?beta=true");
    assert_eq!(request.header("anthropic-beta"), Some("skills-2025-10-02"));
    let parts = anthropic_mock::multipart::parse(&request).unwrap();
    let fields: Vec<(&str, Option<&str>, Option<&str>)> = parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.filename.as_deref(),
                p.content_type.as_deref(),
            )
        })
        .collect();
    // Only the title and the file parts: none of Python's stray `files[][]` fields.
    assert_eq!(
        fields,
        [
            ("display_title", None, None),
            ("files[]", Some("my-skill/SKILL.md"), Some("text/markdown")),
            (
                "files[]",
                Some("my-skill/scripts/run.py"),
                Some("text/x-python")
            ),
        ]
    );
    assert_eq!(parts[0].body, b"Greeter");

    let got = aw!(skills.retrieve(&skill.id)).unwrap();
    assert_eq!(got.latest_version, skill.latest_version);

    // Cursor pages: two more skills, listed two at a time.
    for _ in 0..2 {
        aw!(skills.create(&SkillCreateParams::new(files.clone()))).unwrap();
    }
    server.clear();
    let listed = aw!(skills
        .list_all(&SkillListParams::new().limit(2).source("custom"))
        .collect::<Vec<_>>());
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[2].as_ref().unwrap().id, skill.id);
    let paths: Vec<String> = server.take_requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v1/skills?beta=true&limit=2&source=custom",
            "/v1/skills?beta=true&limit=2&source=custom&page=page_2",
        ]
    );

    // Versions.
    let versions = skills.versions();
    let version = aw!(versions.create(&skill.id, &files)).unwrap();
    assert_eq!(
        (version.name.as_str(), version.directory.as_str()),
        ("greeter", "my-skill")
    );
    assert_eq!(version.description, "Says hi");
    let parts = anthropic_mock::multipart::parse(&server.last_request().unwrap()).unwrap();
    assert!(parts.iter().all(|p| p.name == "files[]"));
    let all = aw!(versions
        .list_all(&skill.id, &SkillListParams::new())
        .collect::<Vec<_>>());
    assert_eq!(all.len(), 2);
    let got = aw!(versions.retrieve(&skill.id, &version.version)).unwrap();
    assert_eq!(got.id, version.id);
    assert_eq!(
        server.last_request().unwrap().path,
        format!(
            "/v1/skills/{}/versions/{}?beta=true",
            skill.id, version.version
        )
    );
    let err = aw!(versions.retrieve("", "")).unwrap_err();
    assert!(err.to_string().contains("`skill_id`"), "{err}");
    let err = aw!(versions.retrieve(&skill.id, "")).unwrap_err();
    assert!(err.to_string().contains("`version`"), "{err}");

    // A skill with versions cannot be deleted; without them it can.
    let refused = aw!(skills.delete(&skill.id)).unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(400));
    for v in all {
        let v = v.unwrap();
        let deleted = aw!(versions.delete(&skill.id, &v.version)).unwrap();
        assert_eq!(deleted.r#type, "skill_version_deleted");
    }
    let deleted = aw!(skills.delete(&skill.id)).unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.r#type.as_str()),
        (skill.id.as_str(), "skill_deleted")
    );
    let _ = std::fs::remove_dir_all(root.parent().unwrap());
}
