//! The mock's Microsoft Foundry endpoints: the first-party API under `/anthropic/`
//! (`POST /anthropic/v1/messages`, `…/count_tokens`, legacy completions, the beta models,
//! files and skills), authenticated with `api-key` or `authorization: Bearer` (Entra ID);
//! without either, Azure's 401.

use serde_json::json;

use crate::capture::CapturedRequest;
use crate::defaults::default_response;
use crate::script::MockResponse;
use crate::store::Store;

/// Answers a Foundry request, or `None` for other paths.
pub(crate) fn route(request: &CapturedRequest, store: &Store) -> Option<MockResponse> {
    let rest = request.path.strip_prefix("/anthropic")?;
    if !rest.starts_with("/v1/") {
        return None;
    }
    let key = request.header("api-key").filter(|k| !k.is_empty());
    let bearer = request
        .header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty());
    if key.is_none() && bearer.is_none() {
        return Some(MockResponse::json(
            401,
            json!({"error": {"code": "401", "message": "Access denied due to missing subscription key or invalid token."}}),
        ));
    }
    let mut translated = request.clone();
    translated.path = rest.to_owned();
    translated
        .headers
        .push(("x-api-key".into(), "foundry".into()));
    Some(
        store
            .handle(&translated)
            .unwrap_or_else(|| default_response(&translated)),
    )
}
