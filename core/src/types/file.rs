//! Files API objects (beta): a file's metadata and the answer to a delete.

use serde::{Deserialize, Serialize};

use super::extra::Extra;

/// A stored file's metadata (`FileMetadata`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileMetadata {
    /// The file id (`file_...`).
    pub id: String,
    /// Always `file`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// The name it was uploaded with.
    #[serde(default)]
    pub filename: String,
    /// Its MIME type.
    #[serde(default)]
    pub mime_type: String,
    /// Its size in bytes.
    #[serde(default)]
    pub size_bytes: u64,
    /// When it was created (RFC 3339, as sent).
    #[serde(default)]
    pub created_at: String,
    /// Whether it can be downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downloadable: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(FileMetadata);

/// The answer of `DELETE /v1/files/{file_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeletedFile {
    /// The file id.
    pub id: String,
    /// `file_deleted`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(DeletedFile);
