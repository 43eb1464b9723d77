//! `GET /v1/models` and `GET /v1/models/{model_id}`.

use http::Method;

use crate::error::Error;
use crate::pagination::Page;
use crate::request::Call;
use crate::request::url::path_param;
use crate::types::{AnthropicBeta, ModelInfo, ModelListParams};

/// `models.list`: one page; see [`crate::pagination`] for walking all of them.
pub fn list(params: &ModelListParams, beta: bool) -> Call<Page<ModelInfo>> {
    Call::new(Method::GET, "/v1/models", "Page<ModelInfo>")
        .beta(beta)
        .betas(&params.betas)
        .query_param("after_id", params.after_id.as_ref())
        .query_param("before_id", params.before_id.as_ref())
        .query_param("limit", params.limit)
}

/// `models.retrieve`.
pub fn retrieve(
    model_id: &str,
    betas: &[AnthropicBeta],
    beta: bool,
) -> Result<Call<ModelInfo>, Error> {
    let path = format!("/v1/models/{}", path_param("model_id", model_id)?);
    Ok(Call::new(Method::GET, path, "ModelInfo")
        .beta(beta)
        .betas(betas))
}
