//! Message Batches: `/v1/messages/batches` (GA, and beta with the
//! `message-batches-2024-09-24` beta value).
//!
//! `results` is two calls, as in Python: [`results_batch`] retrieves the batch (with only
//! the automatic beta value: the user's betas and per-request options belong to the second
//! call), then [`results_of`] fetches its `results_url` (an absolute URL, used as is) as a
//! stream of JSON lines.

use std::marker::PhantomData;

use http::Method;

use crate::error::Error;
use crate::pagination::Page;
use crate::request::Call;
use crate::request::url::path_param;
use crate::types::{
    AnthropicBeta, BatchCreateParams, BatchListParams, DeletedMessageBatch, MessageBatch,
    MessageBatchIndividualResponse,
};

/// The `anthropic-beta` value every beta batch call carries.
pub const BATCHES_BETA: &str = "message-batches-2024-09-24";

/// Marker for a call whose response is JSON Lines of `T`, read incrementally.
#[derive(Debug, Clone, Copy)]
pub struct JsonLines<T>(PhantomData<fn() -> T>);

fn betas<T>(call: Call<T>, betas: &[AnthropicBeta], beta: bool) -> Call<T> {
    let call = call.beta(beta);
    if beta {
        call.betas_with(betas, BATCHES_BETA)
    } else {
        call.betas(betas)
    }
}

fn batch_path(batch_id: &str, tail: &str) -> Result<String, Error> {
    Ok(format!(
        "/v1/messages/batches/{}{tail}",
        path_param("message_batch_id", batch_id)?
    ))
}

/// `batches.create`: sends up to 100,000 requests to process asynchronously.
///
/// On the beta form, a request whose params carry `betas` sends them inside its params as
/// `"anthropic-beta"` (Python's beta params type has that field, with that wire name); the
/// GA params type has none, so the GA form leaves them out.
pub fn create(params: &BatchCreateParams, beta: bool) -> Result<Call<MessageBatch>, Error> {
    let call = betas(
        Call::new(Method::POST, "/v1/messages/batches", "MessageBatch"),
        &params.betas,
        beta,
    );
    let per_request = beta && params.requests.iter().any(|r| !r.params.betas.is_empty());
    if !per_request {
        return call.json_body(params);
    }
    let mut body = serde_json::to_value(params)
        .map_err(|e| Error::InvalidRequest(format!("could not serialize the body: {e}")))?;
    if let Some(sent) = body.get_mut("requests").and_then(|r| r.as_array_mut()) {
        for (request, sent) in params.requests.iter().zip(sent) {
            if let (false, Some(sent)) = (
                request.params.betas.is_empty(),
                sent.get_mut("params").and_then(|p| p.as_object_mut()),
            ) {
                sent.insert(
                    "anthropic-beta".into(),
                    serde_json::json!(request.params.betas),
                );
            }
        }
    }
    call.json_body(&body)
}

/// `batches.retrieve`: the batch's status (poll it until `processing_status` is `ended`).
pub fn retrieve(
    batch_id: &str,
    user_betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<MessageBatch>, Error> {
    let path = batch_path(batch_id, "")?;
    Ok(betas(
        Call::new(Method::GET, path, "MessageBatch"),
        user_betas,
        beta,
    ))
}

/// `batches.list`: one page of batches, most recent first.
pub fn list(params: &BatchListParams, beta: bool) -> Call<Page<MessageBatch>> {
    betas(
        Call::new(Method::GET, "/v1/messages/batches", "Page<MessageBatch>"),
        &params.betas,
        beta,
    )
    .query_param("after_id", params.after_id.as_ref())
    .query_param("before_id", params.before_id.as_ref())
    .query_param("limit", params.limit)
}

/// `batches.cancel`: asks to stop processing; the batch moves to `canceling`.
pub fn cancel(
    batch_id: &str,
    user_betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<MessageBatch>, Error> {
    let path = batch_path(batch_id, "/cancel")?;
    Ok(betas(
        Call::new(Method::POST, path, "MessageBatch"),
        user_betas,
        beta,
    ))
}

/// `batches.delete`: deletes an ended batch.
pub fn delete(
    batch_id: &str,
    user_betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<DeletedMessageBatch>, Error> {
    let path = batch_path(batch_id, "")?;
    Ok(betas(
        Call::new(Method::DELETE, path, "DeletedMessageBatch"),
        user_betas,
        beta,
    ))
}

/// The first call of `batches.results`: the batch, retrieved with only the automatic beta
/// value.
pub fn results_batch(batch_id: &str, beta: bool) -> Result<Call<MessageBatch>, Error> {
    retrieve(batch_id, &[], beta)
}

/// The second call of `batches.results`: GET the batch's `results_url` as is, with
/// `Accept: application/binary`, read as JSON lines of results. Fails before sending when
/// the batch has no `results_url` yet (it has not ended).
pub fn results_of(
    batch: &MessageBatch,
    user_betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<JsonLines<MessageBatchIndividualResponse>>, Error> {
    let url = batch
        .results_url
        .as_deref()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            Error::InvalidRequest(format!(
                "No `results_url` for the given batch; Has it finished processing? {}",
                batch.processing_status.as_str()
            ))
        })?;
    let call = Call::new(Method::GET, url, "MessageBatchIndividualResponse")
        .header("accept", "application/binary")
        .streaming(true);
    // The results URL has its own query; `?beta=true` is not part of it.
    Ok(if beta {
        call.betas_with(user_betas, BATCHES_BETA)
    } else {
        call.betas(user_betas)
    })
}
