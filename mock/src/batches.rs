//! Message Batches in memory: `POST/GET /v1/messages/batches`, retrieve, cancel, delete,
//! and the results file.
//!
//! A batch is `in_progress` when created and stays so for one retrieve; the retrieve after
//! that finds it `ended`, so a client that polls sees both states. A cancel moves it to
//! `canceling`, and the next retrieve finds it `ended` with its results `canceled`. Each request's result is what the mock's `POST /v1/messages` would
//! answer for its params (`errored` when that is an error, `canceled` after a cancel).
//! `results_url` is an absolute URL on this server; the results are served as JSON lines.

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::defaults::default_response;
use crate::script::{Body, MockResponse};
use crate::store::{CREATED_AT, Store, id_page, invalid, lock, not_found, origin};

/// One stored batch.
pub(crate) struct Batch {
    id: String,
    status: &'static str,
    canceled: bool,
    /// The results, one JSON line each.
    results: Vec<Value>,
    /// Retrieves still answered `in_progress`.
    polls_left: u32,
    results_url: String,
    cancel_initiated_at: Option<&'static str>,
}

impl Batch {
    fn json(&self) -> Value {
        let n = self.results.len();
        let ended = self.status == "ended";
        let count = |kind: &str| {
            if !ended {
                return 0;
            }
            self.results
                .iter()
                .filter(|r| r["result"]["type"] == kind)
                .count()
        };
        json!({
            "id": self.id,
            "type": "message_batch",
            "processing_status": self.status,
            "request_counts": {
                "processing": if ended { 0 } else { n },
                "succeeded": count("succeeded"),
                "errored": count("errored"),
                "canceled": count("canceled"),
                "expired": count("expired"),
            },
            "ended_at": ended.then_some("2025-01-01T00:05:00Z"),
            "created_at": CREATED_AT,
            "expires_at": "2025-01-02T00:00:00Z",
            "archived_at": null,
            "cancel_initiated_at": self.cancel_initiated_at,
            "results_url": ended.then(|| self.results_url.clone()),
        })
    }
}

pub(crate) fn handle(store: &Store, request: &CapturedRequest) -> MockResponse {
    let path = request.path_only();
    let rest = path.trim_start_matches("/v1/messages/batches");
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", []) => create(store, request),
        ("GET", []) => {
            let batches = lock(&store.batches);
            let all: Vec<Value> = batches.iter().rev().map(Batch::json).collect();
            id_page(&all, request)
        }
        ("GET", [id]) => with_batch(store, id, |batch| {
            if batch.status != "ended" {
                if batch.polls_left > 0 {
                    batch.polls_left -= 1;
                } else {
                    batch.end();
                }
            }
            MockResponse::json(200, batch.json())
        }),
        ("POST", [id, "cancel"]) => with_batch(store, id, |batch| {
            if batch.status == "in_progress" {
                batch.canceled = true;
                batch.status = "canceling";
                batch.polls_left = 0;
                batch.cancel_initiated_at = Some("2025-01-01T00:01:00Z");
            }
            MockResponse::json(200, batch.json())
        }),
        ("DELETE", [id]) => {
            let mut batches = lock(&store.batches);
            let Some(at) = batches.iter().position(|b| b.id == *id) else {
                return not_found("message batch", id);
            };
            if batches[at].status != "ended" {
                return invalid(&format!(
                    "Batch {id} cannot be deleted while it is processing; cancel it first."
                ));
            }
            batches.remove(at);
            MockResponse::json(200, json!({"id": id, "type": "message_batch_deleted"}))
        }
        ("GET", [id, "results"]) => {
            let batches = lock(&store.batches);
            let Some(batch) = batches.iter().find(|b| b.id == *id) else {
                return not_found("message batch", id);
            };
            if batch.status != "ended" {
                return invalid(&format!("Batch {id} has not finished processing."));
            }
            let mut body = Vec::new();
            for line in &batch.results {
                serde_json::to_writer(&mut body, line).expect("JSON values serialize");
                body.push(b'\n');
            }
            MockResponse::body(200, "application/binary", body)
        }
        _ => MockResponse::error(404, "not_found_error", "Not found"),
    }
}

impl Batch {
    /// Processing ends: every request has its result (canceled ones if it was canceled).
    fn end(&mut self) {
        self.status = "ended";
        if self.canceled {
            for result in &mut self.results {
                result["result"] = json!({"type": "canceled"});
            }
        }
    }
}

/// Runs `f` on the batch with this id.
fn with_batch(store: &Store, id: &str, f: impl FnOnce(&mut Batch) -> MockResponse) -> MockResponse {
    let mut batches = lock(&store.batches);
    let Some(batch) = batches.iter_mut().find(|b| b.id == id) else {
        return not_found("message batch", id);
    };
    f(batch)
}

fn create(store: &Store, request: &CapturedRequest) -> MockResponse {
    let body = request.json();
    let Some(requests) = body.get("requests").and_then(Value::as_array) else {
        return invalid("requests: Field required");
    };
    if requests.is_empty() {
        return invalid("requests: List should have at least 1 item");
    }
    let mut results = Vec::new();
    for (i, entry) in requests.iter().enumerate() {
        let Some(custom_id) = entry.get("custom_id").and_then(Value::as_str) else {
            return invalid(&format!("requests.{i}.custom_id: Field required"));
        };
        let params = entry.get("params").cloned().unwrap_or(Value::Null);
        results.push(json!({"custom_id": custom_id, "result": run(request, params)}));
    }
    let id = format!("msgbatch_mock_{:04}", store.next_id());
    let batch = Batch {
        results_url: format!("{}/v1/messages/batches/{id}/results", origin(request)),
        id,
        status: "in_progress",
        canceled: false,
        results,
        polls_left: 1,
        cancel_initiated_at: None,
    };
    let answer = batch.json();
    lock(&store.batches).push(batch);
    MockResponse::json(200, answer)
}

/// What the mock's Messages endpoint answers for these params, as a batch result.
fn run(request: &CapturedRequest, params: Value) -> Value {
    let mut message_request = request.clone();
    message_request.method = "POST".into();
    message_request.path = "/v1/messages".into();
    message_request.body = serde_json::to_vec(&params).unwrap_or_default();
    let response = default_response(&message_request);
    match (&response.body, response.status) {
        (Body::Json(message), 200) => json!({"type": "succeeded", "message": message}),
        (Body::Error(kind, message), _) => json!({
            "type": "errored",
            "error": {"type": "error", "error": {"type": kind, "message": message}},
        }),
        _ => json!({
            "type": "errored",
            "error": {"type": "error", "error": {"type": "invalid_request_error", "message": "streaming is not supported in batches"}},
        }),
    }
}
