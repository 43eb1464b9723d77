//! Sources of image and document blocks: base64 data, URLs, uploaded files, plain text and
//! inline content.
//!
//! [`ImageSource`] and [`DocumentSource`] are open tagged unions: a source type this
//! version does not know is kept whole and serialized back unchanged.

use serde::{Deserialize, Serialize};

use super::extra::Extra;
use super::message::MessageContent;

string_enum! {
    /// The media type of a base64 image.
    pub enum ImageMediaType {
        /// `image/jpeg`
        Jpeg = "image/jpeg",
        /// `image/png`
        Png = "image/png",
        /// `image/gif`
        Gif = "image/gif",
        /// `image/webp`
        Webp = "image/webp",
    }
}

tagged_enum! {
    /// Where an image block's bytes come from.
    pub enum ImageSource {
        /// `{"type": "base64", "media_type", "data"}`
        Base64(Base64ImageSource) = "base64",
        /// `{"type": "url", "url"}`
        Url(UrlSource) = "url",
        /// `{"type": "file", "file_id"}` (beta Files API)
        File(FileSource) = "file",
    }
}

tagged_enum! {
    /// Where a document block's content comes from.
    pub enum DocumentSource {
        /// `{"type": "base64", "media_type": "application/pdf", "data"}`
        Base64(Base64PdfSource) = "base64",
        /// `{"type": "text", "media_type": "text/plain", "data"}`
        Text(PlainTextSource) = "text",
        /// `{"type": "content", "content": string | [blocks]}`
        Content(ContentSource) = "content",
        /// `{"type": "url", "url"}` (a PDF by URL)
        Url(UrlSource) = "url",
        /// `{"type": "file", "file_id"}` (beta Files API)
        File(FileSource) = "file",
    }
}

/// Base64-encoded image data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Base64ImageSource {
    /// The image's media type.
    pub media_type: ImageMediaType,
    /// The base64 data.
    pub data: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Base64-encoded PDF data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Base64PdfSource {
    /// `application/pdf`.
    pub media_type: String,
    /// The base64 data.
    pub data: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Plain-text document data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainTextSource {
    /// `text/plain`.
    pub media_type: String,
    /// The text.
    pub data: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A document made of inline content (a string or text/image blocks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentSource {
    /// The content.
    pub content: MessageContent,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A resource by URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlSource {
    /// The URL.
    pub url: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file uploaded through the Files API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSource {
    /// The file id.
    pub file_id: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ImageSource {
    /// A base64 image source.
    pub fn base64(media_type: impl Into<ImageMediaType>, data: impl Into<String>) -> Self {
        Self::Base64(Base64ImageSource {
            media_type: media_type.into(),
            data: data.into(),
            extra: Extra::new(),
        })
    }

    /// An image by URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self::Url(UrlSource {
            url: url.into(),
            extra: Extra::new(),
        })
    }

    /// An uploaded file.
    pub fn file(file_id: impl Into<String>) -> Self {
        Self::File(FileSource {
            file_id: file_id.into(),
            extra: Extra::new(),
        })
    }
}

impl DocumentSource {
    /// A base64 PDF.
    pub fn pdf_base64(data: impl Into<String>) -> Self {
        Self::Base64(Base64PdfSource {
            media_type: "application/pdf".to_owned(),
            data: data.into(),
            extra: Extra::new(),
        })
    }

    /// A PDF by URL.
    pub fn pdf_url(url: impl Into<String>) -> Self {
        Self::Url(UrlSource {
            url: url.into(),
            extra: Extra::new(),
        })
    }

    /// A plain-text document.
    pub fn text(data: impl Into<String>) -> Self {
        Self::Text(PlainTextSource {
            media_type: "text/plain".to_owned(),
            data: data.into(),
            extra: Extra::new(),
        })
    }

    /// A document made of inline content.
    pub fn content(content: impl Into<MessageContent>) -> Self {
        Self::Content(ContentSource {
            content: content.into(),
            extra: Extra::new(),
        })
    }

    /// An uploaded file.
    pub fn file(file_id: impl Into<String>) -> Self {
        Self::File(FileSource {
            file_id: file_id.into(),
            extra: Extra::new(),
        })
    }
}
