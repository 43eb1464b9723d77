//! Replays every seed-corpus file of `fuzz/corpus/<target>/` through the same invariant
//! checks the fuzz targets run, so CI guards the corpora without cargo-fuzz.

#[path = "../../fuzz/checks/mod.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in &entries {
        let data = std::fs::read(path).expect("read corpus file");
        eprintln!("{target}: {}", path.display());
        check(&data);
    }
    assert!(
        entries.len() >= 3,
        "corpus {target} has only {} files",
        entries.len()
    );
}

#[test]
fn sse_corpus() {
    replay("sse", checks::sse);
}

#[test]
fn jsonl_corpus() {
    replay("jsonl", checks::jsonl);
}

#[test]
fn partial_json_corpus() {
    replay("partial_json", checks::partial_json);
}

#[test]
fn accumulate_corpus() {
    replay("accumulate", checks::accumulate);
}

#[test]
fn h1_response_corpus() {
    replay("h1_response", checks::h1::response);
}

#[test]
fn h1_chunked_corpus() {
    replay("h1_chunked", checks::h1::chunked);
}

#[test]
fn retry_corpus() {
    replay("retry", checks::parsers::retry);
}

#[test]
fn api_error_corpus() {
    replay("api_error", checks::parsers::api_error);
}

#[test]
fn body_corpus() {
    replay("body", checks::parsers::body);
}

#[test]
fn event_decoder_corpus() {
    replay("event_decoder", checks::parsers::event_decoder);
}

#[test]
fn proxy_url_corpus() {
    replay("proxy_url", checks::parsers::proxy_url);
}

#[test]
fn no_proxy_corpus() {
    replay("no_proxy", checks::parsers::no_proxy);
}

#[test]
fn pagination_corpus() {
    replay("pagination", checks::parsers::pagination);
}

#[test]
fn content_corpus() {
    replay("content", checks::parsers::content);
}

#[path = "../../fuzz/checks/eventstream.rs"]
mod eventstream_checks;

#[test]
fn eventstream_corpus() {
    replay("eventstream", eventstream_checks::eventstream);
}

#[path = "../../fuzz/checks/lax.rs"]
mod lax_checks;

#[test]
fn lax_corpus() {
    replay("lax", lax_checks::lax);
}
