//! The Files API in memory: upload (multipart, one `file` part), list, metadata,
//! download, delete. Uploaded files are downloadable here (the real API only lets files
//! made by skills or code execution be downloaded), so the examples can show a download.

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::script::MockResponse;
use crate::store::{CREATED_AT, Store, id_page, invalid, lock, not_found};

/// One stored file.
pub(crate) struct StoredFile {
    id: String,
    filename: String,
    mime_type: String,
    content: Vec<u8>,
}

impl StoredFile {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "type": "file",
            "filename": self.filename,
            "mime_type": self.mime_type,
            "size_bytes": self.content.len(),
            "created_at": CREATED_AT,
            "downloadable": true,
        })
    }
}

pub(crate) fn handle(store: &Store, request: &CapturedRequest) -> MockResponse {
    let rest = request.path_only().trim_start_matches("/v1/files");
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", []) => upload(store, request),
        ("GET", []) => {
            let files = lock(&store.files);
            let all: Vec<Value> = files.iter().rev().map(StoredFile::json).collect();
            id_page(&all, request)
        }
        ("GET", [id]) => match lock(&store.files).iter().find(|f| f.id == *id) {
            Some(file) => MockResponse::json(200, file.json()),
            None => not_found("file", id),
        },
        ("GET", [id, "content"]) => match lock(&store.files).iter().find(|f| f.id == *id) {
            Some(file) => MockResponse::body(200, "application/octet-stream", file.content.clone())
                .header("content-type", file.mime_type.clone()),
            None => not_found("file", id),
        },
        ("DELETE", [id]) => {
            let mut files = lock(&store.files);
            match files.iter().position(|f| f.id == *id) {
                Some(at) => {
                    files.remove(at);
                    MockResponse::json(200, json!({"id": id, "type": "file_deleted"}))
                }
                None => not_found("file", id),
            }
        }
        _ => MockResponse::error(404, "not_found_error", "Not found"),
    }
}

fn upload(store: &Store, request: &CapturedRequest) -> MockResponse {
    let parts = match crate::multipart::parse(request) {
        Ok(parts) => parts,
        Err(e) => return invalid(&e),
    };
    let mut files = parts.into_iter().filter(|p| p.name == "file");
    let (Some(part), None) = (files.next(), files.next()) else {
        return invalid("file: exactly one `file` part is required");
    };
    let file = StoredFile {
        id: format!("file_mock_{:04}", store.next_id()),
        filename: part.filename.unwrap_or_else(|| "upload".into()),
        mime_type: part
            .content_type
            .unwrap_or_else(|| "application/octet-stream".into()),
        content: part.body,
    };
    let answer = file.json();
    lock(&store.files).push(file);
    MockResponse::json(200, answer)
}
