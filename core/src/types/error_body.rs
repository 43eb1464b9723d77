//! The JSON body of an API error (`{"type": "error", "error": {...}, "request_id"}`), also
//! found inside errored batch results and stream `error` events.
//!
//! Unknown error types are kept in [`ErrorType::Other`] and unknown fields in `extra`.

use serde::{Deserialize, Serialize};

use super::extra::Extra;

string_enum! {
    /// `error.type`.
    #[derive(Default)]
    pub enum ErrorType {
        /// `invalid_request_error` (400 and others).
        InvalidRequestError = "invalid_request_error",
        /// `authentication_error` (401).
        AuthenticationError = "authentication_error",
        /// `billing_error`.
        BillingError = "billing_error",
        /// `permission_error` (403).
        PermissionError = "permission_error",
        /// `not_found_error` (404).
        NotFoundError = "not_found_error",
        /// `request_too_large` (413).
        RequestTooLarge = "request_too_large",
        /// `rate_limit_error` (429).
        RateLimitError = "rate_limit_error",
        /// `timeout_error` (504).
        TimeoutError = "timeout_error",
        /// `api_error` (500).
        #[default]
        ApiError = "api_error",
        /// `overloaded_error` (529).
        OverloadedError = "overloaded_error",
    }
}

/// `error`: what went wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ErrorObject {
    /// The error's kind.
    #[serde(rename = "type", default)]
    pub r#type: ErrorType,
    /// A human-readable message.
    #[serde(default)]
    pub message: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

fn error_type() -> String {
    "error".to_owned()
}

/// An error response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// Always `error`.
    #[serde(rename = "type", default = "error_type")]
    pub r#type: String,
    /// What went wrong.
    pub error: ErrorObject,
    /// The request id, when the body carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ErrorResponse {
    /// An error body with this type and message.
    pub fn new(r#type: impl Into<ErrorType>, message: impl Into<String>) -> Self {
        Self {
            r#type: error_type(),
            error: ErrorObject {
                r#type: r#type.into(),
                message: message.into(),
                extra: Extra::new(),
            },
            request_id: None,
            extra: Extra::new(),
        }
    }
}
