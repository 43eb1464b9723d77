//! Message Batches: the create body, the batch object, and one line of the results file.
//!
//! Unknown fields are kept in `extra`, unknown processing statuses in `Other`, and an
//! unknown result type as [`BatchResult::Unknown`].

use serde::{Deserialize, Serialize};

use super::beta::AnthropicBeta;
use super::error_body::ErrorResponse;
use super::extra::Extra;
use super::message::Message;
use super::params::MessageCreateParams;

/// One request of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BatchRequest {
    /// The caller's id for the request, to match it to its result.
    pub custom_id: String,
    /// The Messages params (`stream` must not be set).
    pub params: MessageCreateParams,
}

impl BatchRequest {
    /// A request with its id.
    pub fn new(custom_id: impl Into<String>, params: MessageCreateParams) -> Self {
        Self {
            custom_id: custom_id.into(),
            params,
        }
    }
}

/// The body of `POST /v1/messages/batches`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BatchCreateParams {
    /// The requests.
    pub requests: Vec<BatchRequest>,
    /// Values for the `anthropic-beta` header (never in the body). The `betas` of a
    /// request's params are sent inside those params as `"anthropic-beta"` on the beta
    /// form of the endpoint, as Python sends them, and left out on the GA form.
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

impl BatchCreateParams {
    /// A batch of these requests.
    pub fn new(requests: impl IntoIterator<Item = BatchRequest>) -> Self {
        Self {
            requests: requests.into_iter().collect(),
            betas: Vec::new(),
        }
    }
}

string_enum! {
    /// Where a batch is in its life.
    pub enum ProcessingStatus {
        /// `in_progress`
        InProgress = "in_progress",
        /// `canceling`
        Canceling = "canceling",
        /// `ended`
        Ended = "ended",
    }
}

/// Request counts of a batch by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RequestCounts {
    /// Still processing.
    #[serde(default)]
    pub processing: u64,
    /// Succeeded.
    #[serde(default)]
    pub succeeded: u64,
    /// Errored.
    #[serde(default)]
    pub errored: u64,
    /// Canceled.
    #[serde(default)]
    pub canceled: u64,
    /// Expired.
    #[serde(default)]
    pub expired: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A message batch (GA and beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageBatch {
    /// The batch id (`msgbatch_...`).
    pub id: String,
    /// Always `message_batch`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// Processing state.
    pub processing_status: ProcessingStatus,
    /// Requests by state.
    #[serde(default)]
    pub request_counts: RequestCounts,
    /// When processing ended (RFC 3339, as sent).
    #[serde(default)]
    pub ended_at: Option<String>,
    /// When the batch was created.
    pub created_at: String,
    /// When the batch expires.
    pub expires_at: String,
    /// When the batch was archived.
    #[serde(default)]
    pub archived_at: Option<String>,
    /// When cancellation was requested.
    #[serde(default)]
    pub cancel_initiated_at: Option<String>,
    /// Where the results are, once processing has ended.
    #[serde(default)]
    pub results_url: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(MessageBatch);

/// The answer of `DELETE /v1/messages/batches/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeletedMessageBatch {
    /// The batch id.
    pub id: String,
    /// Always `message_batch_deleted`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(DeletedMessageBatch);

tagged_enum! {
    /// The outcome of one batch request.
    pub enum BatchResult {
        /// The request succeeded.
        Succeeded(BatchSucceeded) = "succeeded",
        /// The request failed.
        Errored(BatchErrored) = "errored",
        /// The batch was canceled before the request ran.
        Canceled(BatchNoResult) = "canceled",
        /// The batch expired before the request ran.
        Expired(BatchNoResult) = "expired",
    }
}

/// `succeeded` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchSucceeded {
    /// The reply.
    pub message: Message,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `errored` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchErrored {
    /// The error body.
    pub error: ErrorResponse,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `canceled` or `expired` result (no payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BatchNoResult {
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One line of a batch's results file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageBatchIndividualResponse {
    /// The request's `custom_id`.
    pub custom_id: String,
    /// Its outcome.
    pub result: BatchResult,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
