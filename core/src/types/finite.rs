//! Floats in request params as Python sends them: a NaN or an infinity is refused before
//! the request is sent.
//!
//! serde_json writes a non-finite `f64` as `null`, so `temperature: f64::NAN` would go
//! out as `"temperature": null` and the call would succeed with the server's default.
//! Python's `json.dumps(..., allow_nan=False)` raises instead, with this message; the
//! body then fails to serialize, and the call is an
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest) that is never sent.

use serde::{Serializer, ser::Error as _};

/// Python's message for a float JSON cannot hold.
pub(crate) const NOT_FINITE: &str = "Out of range float values are not JSON compliant";

/// Serializes an optional float, refusing NaN and the infinities.
pub(crate) fn option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if !v.is_finite() => Err(S::Error::custom(NOT_FINITE)),
        Some(v) => serializer.serialize_some(v),
        None => serializer.serialize_none(),
    }
}
