//! The mock's stateful endpoints: batches, files and skills live in memory for the life
//! of the server. [`Store::handle`] answers the requests it owns and leaves every other to
//! the stateless default behavior.
//!
//! Lists answer the API's page shapes, newest first: `{data, has_more, first_id, last_id}`
//! with `after_id` / `before_id` / `limit` (batches, files), and
//! `{data, has_more, next_page}` with `page` / `limit` (skills, skill versions).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::script::MockResponse;

/// The state of one mock server.
#[derive(Default)]
pub(crate) struct Store {
    pub(crate) batches: Mutex<Vec<crate::batches::Batch>>,
    pub(crate) files: Mutex<Vec<crate::files::StoredFile>>,
    pub(crate) skills: Mutex<Vec<crate::skills::Skill>>,
    next_id: AtomicU64,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// The answer to `request` if it is one of the stateful endpoints, else `None`.
    pub(crate) fn handle(&self, request: &CapturedRequest) -> Option<MockResponse> {
        if request.header("x-api-key").is_none() && request.header("authorization").is_none() {
            return None;
        }
        let path = request.path_only();
        if path.starts_with("/v1/messages/batches") {
            return Some(crate::batches::handle(self, request));
        }
        if path == "/v1/files" || path.starts_with("/v1/files/") {
            return Some(crate::files::handle(self, request));
        }
        if path == "/v1/skills" || path.starts_with("/v1/skills/") {
            return Some(crate::skills::handle(self, request));
        }
        if path == "/v1/complete" {
            return Some(crate::completions::handle(request));
        }
        None
    }

    /// A fresh number for ids.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// A page of `items` (newest first, each with an `id`) by `after_id` / `before_id` /
/// `limit`, as the API pages batches and files.
pub(crate) fn id_page(items: &[Value], request: &CapturedRequest) -> MockResponse {
    let limit = match limit(request, 20) {
        Ok(l) => l,
        Err(r) => return *r,
    };
    let position = |id: &str| items.iter().position(|m| m["id"] == id);
    let (page, has_more) = if let Some(before) = request.query("before_id") {
        let end = position(&before).unwrap_or(0);
        let start = end.saturating_sub(limit);
        (&items[start..end], start > 0)
    } else {
        let start = match request.query("after_id") {
            Some(after) => position(&after).map_or(items.len(), |i| i + 1),
            None => 0,
        };
        let end = (start + limit).min(items.len());
        (&items[start..end], end < items.len())
    };
    MockResponse::json(
        200,
        json!({
            "data": page,
            "has_more": has_more,
            "first_id": page.first().map(|m| m["id"].clone()),
            "last_id": page.last().map(|m| m["id"].clone()),
        }),
    )
}

/// A page of `items` by an opaque `page` token (the offset) and `limit`, as the API pages
/// skills.
pub(crate) fn cursor_page(items: &[Value], request: &CapturedRequest) -> MockResponse {
    let limit = match limit(request, 20) {
        Ok(l) => l,
        Err(r) => return *r,
    };
    let start = match request.query("page") {
        None => 0,
        Some(token) => match token.strip_prefix("page_").and_then(|t| t.parse().ok()) {
            Some(offset) => offset,
            None => return invalid("page: invalid page token"),
        },
    };
    let start = usize::min(start, items.len());
    let end = (start + limit).min(items.len());
    let has_more = end < items.len();
    MockResponse::json(
        200,
        json!({
            "data": &items[start..end],
            "has_more": has_more,
            "next_page": has_more.then(|| format!("page_{end}")),
        }),
    )
}

fn limit(request: &CapturedRequest, default: usize) -> Result<usize, Box<MockResponse>> {
    match request.query("limit") {
        None => Ok(default),
        Some(l) => match l.parse::<usize>() {
            Ok(l) if (1..=1000).contains(&l) => Ok(l),
            _ => Err(Box::new(invalid(
                "limit: Input should be an integer between 1 and 1000",
            ))),
        },
    }
}

pub(crate) fn invalid(message: &str) -> MockResponse {
    MockResponse::error(400, "invalid_request_error", message)
}

pub(crate) fn not_found(what: &str, id: &str) -> MockResponse {
    MockResponse::error(404, "not_found_error", &format!("{what} {id} not found"))
}

/// `http://<host>` of the request, for absolute URLs the mock hands out.
pub(crate) fn origin(request: &CapturedRequest) -> String {
    format!("http://{}", request.header("host").unwrap_or("127.0.0.1"))
}

/// A fixed, plausible timestamp: the mock has no clock of its own.
pub(crate) const CREATED_AT: &str = "2025-01-01T00:00:00Z";
