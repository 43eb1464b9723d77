//! Pages of list results and how to ask for the next one.
//!
//! The list endpoints (models, batches, files) answer `{data, has_more, first_id,
//! last_id}`. As in Python, the next page is requested with `after_id = last_id` (or
//! `before_id = first_id` when the caller paged backwards with `before_id`), and paging
//! stops when `has_more` is false or the page is empty.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::response::ResponseBody;

/// One page of a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether more items exist beyond this page.
    #[serde(default)]
    pub has_more: bool,
    /// The id of the first item, for paging backwards.
    #[serde(default)]
    pub first_id: Option<String>,
    /// The id of the last item, for paging forwards.
    #[serde(default)]
    pub last_id: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// The `request-id` of the response.
    #[serde(skip)]
    pub request_id: Option<String>,
}

impl<T: serde::de::DeserializeOwned> ResponseBody for Page<T> {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

/// Which cursor to send for the page after this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// Ask for items after this id.
    After(String),
    /// Ask for items before this id (the caller is paging backwards).
    Before(String),
}

impl<T> Page<T> {
    /// The cursor for the next page, or `None` when this is the last one. `backwards` is
    /// whether the request that produced this page used `before_id`.
    pub fn next_page(&self, backwards: bool) -> Option<NextPage> {
        if !self.has_more || self.data.is_empty() {
            return None;
        }
        if backwards {
            self.first_id.clone().map(NextPage::Before)
        } else {
            self.last_id.clone().map(NextPage::After)
        }
    }
}
