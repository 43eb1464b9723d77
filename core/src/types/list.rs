//! Query parameters of the list endpoints with id cursors (batches, files).

use serde::{Deserialize, Serialize};

use super::beta::AnthropicBeta;

/// Query parameters of a list with id cursors: `GET /v1/messages/batches`,
/// `GET /v1/files` (sent in the query string, not a body). See
/// [`crate::pagination::Page`] for paging on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ListParams {
    /// Return the page after this id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_id: Option<String>,
    /// Return the page before this id (paging backwards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_id: Option<String>,
    /// Items per page (1 to 1000; the API defaults to 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Values for the `anthropic-beta` header.
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

impl ListParams {
    /// No filter: the first page of the API's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Items per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page after this id.
    pub fn after_id(mut self, id: impl Into<String>) -> Self {
        self.after_id = Some(id.into());
        self
    }

    /// The page before this id.
    pub fn before_id(mut self, id: impl Into<String>) -> Self {
        self.before_id = Some(id.into());
        self
    }
}

/// `GET /v1/messages/batches` parameters.
pub type BatchListParams = ListParams;
/// `GET /v1/files` parameters.
pub type FileListParams = ListParams;
