//! Citations attached to text blocks, and the switch that turns them on for a document.
//!
//! [`Citation`] is an open tagged union: a citation kind this version does not know is kept
//! whole and serialized back unchanged; known kinds keep unknown fields in `extra`.

use serde::{Deserialize, Serialize};

use super::extra::Extra;

tagged_enum! {
    /// One citation of a text block (request or response).
    pub enum Citation {
        /// A character range of a plain-text document.
        CharLocation(CharLocationCitation) = "char_location",
        /// A page range of a PDF.
        PageLocation(PageLocationCitation) = "page_location",
        /// A block range of a content document.
        ContentBlockLocation(ContentBlockLocationCitation) = "content_block_location",
        /// A web search result.
        WebSearchResultLocation(WebSearchResultLocationCitation) = "web_search_result_location",
        /// A block range of a search result block.
        SearchResultLocation(SearchResultLocationCitation) = "search_result_location",
    }
}

/// `char_location` citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharLocationCitation {
    /// The cited text.
    pub cited_text: String,
    /// Index of the document in the request.
    pub document_index: u32,
    /// The document's title.
    #[serde(default)]
    pub document_title: Option<String>,
    /// First character (inclusive).
    pub start_char_index: u32,
    /// Last character (exclusive).
    pub end_char_index: u32,
    /// The file the document came from (responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `page_location` citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageLocationCitation {
    /// The cited text.
    pub cited_text: String,
    /// Index of the document in the request.
    pub document_index: u32,
    /// The document's title.
    #[serde(default)]
    pub document_title: Option<String>,
    /// First page (1-based, inclusive).
    pub start_page_number: u32,
    /// Last page (exclusive).
    pub end_page_number: u32,
    /// The file the document came from (responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `content_block_location` citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentBlockLocationCitation {
    /// The cited text.
    pub cited_text: String,
    /// Index of the document in the request.
    pub document_index: u32,
    /// The document's title.
    #[serde(default)]
    pub document_title: Option<String>,
    /// First block (inclusive).
    pub start_block_index: u32,
    /// Last block (exclusive).
    pub end_block_index: u32,
    /// The file the document came from (responses only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `web_search_result_location` citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebSearchResultLocationCitation {
    /// The page URL.
    pub url: String,
    /// The page title.
    #[serde(default)]
    pub title: Option<String>,
    /// Opaque reference to the cited passage.
    pub encrypted_index: String,
    /// The cited text.
    pub cited_text: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `search_result_location` citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResultLocationCitation {
    /// The cited text.
    pub cited_text: String,
    /// Index of the search result block.
    pub search_result_index: u32,
    /// The search result's source.
    pub source: String,
    /// The search result's title.
    #[serde(default)]
    pub title: Option<String>,
    /// First block (inclusive).
    pub start_block_index: u32,
    /// Last block (exclusive).
    pub end_block_index: u32,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"enabled": bool}`: whether citations are produced for a document or search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CitationsConfig {
    /// Turn citations on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CitationsConfig {
    /// `{"enabled": true}`.
    pub fn enabled() -> Self {
        Self {
            enabled: Some(true),
            extra: Extra::new(),
        }
    }
}
