//! Decoding successful response bodies.

use serde::de::DeserializeOwned;

/// A top-level result of an API call: decoded from the body, then given the `request-id`
/// response header so that every successful result can report it (as Python's
/// `_request_id` does).
pub trait ResponseBody: DeserializeOwned {
    /// Stores the value of the `request-id` response header, if the response had one.
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// Implements [`ResponseBody`] for a type with a `request_id: Option<String>` field.
macro_rules! response_body {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::response::ResponseBody for $ty {
                fn set_request_id(&mut self, request_id: Option<String>) {
                    self.request_id = request_id;
                }
            }
        )+
    };
}
pub(crate) use response_body;
