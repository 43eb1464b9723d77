//! Pages of list results and how to ask for the next one.
//!
//! Two page shapes exist (Python's `pagination.py`):
//!
//! - [`Page`]: models, message batches, files answer `{data, has_more, first_id, last_id}`.
//!   The next page is the same request with `after_id = last_id`, or, when the request
//!   that produced the page carried a non-empty `before_id` (paging backwards),
//!   `before_id = first_id`. Every other query parameter (`limit`, ...) is kept.
//! - [`PageCursor`]: skills and skill versions answer `{data, has_more, next_page}`; the
//!   next page is the same request with `page = next_page`.
//!
//! # When paging stops (Python's `has_next_page`)
//!
//! 1. `has_more` is exactly `false` (a missing or `null` `has_more` does not stop);
//! 2. `data` is empty, `null` or missing;
//! 3. the cursor for the next page (`last_id`, `first_id` backwards, `next_page`) is
//!    missing or empty.
//!
//! Otherwise [`Paginated::next_page_call`] is the next request: same method, path, query
//! (cursor replaced in place or appended) and endpoint headers. A page learns the request
//! that produced it when it is decoded ([`ResponseBody::set_call`]); a page built by hand
//! or deserialized from elsewhere has none, so it has no next page.

use serde::{Deserialize, Serialize};

use crate::request::Call;
use crate::response::ResponseBody;
use crate::types::Extra;

/// A list response that may be followed by another page.
pub trait Paginated: ResponseBody + Sized {
    /// One item of the list.
    type Item;

    /// The request for the page after this one, or `None` when this is the last
    /// (module docs: when paging stops).
    fn next_page_call(&self) -> Option<Call<Self>>;

    /// Whether a page follows this one.
    fn has_next_page(&self) -> bool {
        self.next_page_call().is_some()
    }

    /// The items of this page, in order.
    fn items(&self) -> &[Self::Item];

    /// The items of this page, owned.
    fn into_items(self) -> Vec<Self::Item>;
}

/// The request that produced a page. Not compared, not serialized, not shown in `Debug`
/// beyond its path.
struct Origin<P>(Option<Call<P>>);

impl<P> Default for Origin<P> {
    fn default() -> Self {
        Origin(None)
    }
}

impl<P> Clone for Origin<P> {
    fn clone(&self) -> Self {
        Origin(self.0.clone())
    }
}

impl<P> PartialEq for Origin<P> {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl<P> std::fmt::Debug for Origin<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(call) => write!(f, "{} {}", call.method(), call.path()),
            None => f.write_str("None"),
        }
    }
}

/// One page of a list endpoint with id cursors (models, batches, files).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// The items on this page (none when the server sent `data` as `null` or not at all).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub data: Vec<T>,
    /// Whether more items exist beyond this page (`None`: the server did not say).
    #[serde(default)]
    pub has_more: Option<bool>,
    /// The id of the first item, the cursor for paging backwards.
    #[serde(default)]
    pub first_id: Option<String>,
    /// The id of the last item, the cursor for paging forwards.
    #[serde(default)]
    pub last_id: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` of the response.
    #[serde(skip)]
    pub request_id: Option<String>,
    #[serde(skip)]
    origin: Origin<Page<T>>,
}

impl<T> Page<T> {
    /// A page of these items (built by hand: it has no next page to fetch).
    pub fn new(data: Vec<T>) -> Self {
        Page {
            data,
            has_more: None,
            first_id: None,
            last_id: None,
            extra: Extra::new(),
            request_id: None,
            origin: Origin::default(),
        }
    }

    /// Whether the request that produced this page paged backwards (had a `before_id`).
    pub fn is_backwards(&self) -> bool {
        self.origin
            .0
            .as_ref()
            .and_then(|call| call.query_value("before_id"))
            .is_some_and(|id| !id.is_empty())
    }
}

impl<T: serde::de::DeserializeOwned> ResponseBody for Page<T> {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }

    fn set_call(&mut self, call: &Call<Self>) {
        self.origin = Origin(Some(call.clone()));
    }
}

impl<T: serde::de::DeserializeOwned> Paginated for Page<T> {
    type Item = T;

    fn next_page_call(&self) -> Option<Call<Self>> {
        if self.has_more == Some(false) || self.data.is_empty() {
            return None;
        }
        let (key, cursor) = if self.is_backwards() {
            ("before_id", self.first_id.as_deref())
        } else {
            ("after_id", self.last_id.as_deref())
        };
        let cursor = cursor.filter(|c| !c.is_empty())?;
        let call = self.origin.0.clone()?;
        Some(call.page_cursor(key, cursor))
    }

    fn items(&self) -> &[T] {
        &self.data
    }

    fn into_items(self) -> Vec<T> {
        self.data
    }
}

/// A `data` of `null` reads as no items, as Python's `data or []` does (a missing one is
/// the field's default).
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// One page of a list endpoint with an opaque cursor (skills, skill versions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de>"))]
pub struct PageCursor<T> {
    /// The items on this page (none when the server sent `data` as `null` or not at all).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub data: Vec<T>,
    /// Whether more items exist beyond this page (`None`: the server did not say).
    #[serde(default)]
    pub has_more: Option<bool>,
    /// The token of the next page.
    #[serde(default)]
    pub next_page: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` of the response.
    #[serde(skip)]
    pub request_id: Option<String>,
    #[serde(skip)]
    origin: Origin<PageCursor<T>>,
}

impl<T> PageCursor<T> {
    /// A page of these items (built by hand: it has no next page to fetch).
    pub fn new(data: Vec<T>) -> Self {
        PageCursor {
            data,
            has_more: None,
            next_page: None,
            extra: Extra::new(),
            request_id: None,
            origin: Origin::default(),
        }
    }
}

impl<T: serde::de::DeserializeOwned> ResponseBody for PageCursor<T> {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }

    fn set_call(&mut self, call: &Call<Self>) {
        self.origin = Origin(Some(call.clone()));
    }
}

impl<T: serde::de::DeserializeOwned> Paginated for PageCursor<T> {
    type Item = T;

    fn next_page_call(&self) -> Option<Call<Self>> {
        if self.has_more == Some(false) || self.data.is_empty() {
            return None;
        }
        let cursor = self.next_page.as_deref().filter(|c| !c.is_empty())?;
        let call = self.origin.0.clone()?;
        Some(call.page_cursor("page", cursor))
    }

    fn items(&self) -> &[T] {
        &self.data
    }

    fn into_items(self) -> Vec<T> {
        self.data
    }
}
