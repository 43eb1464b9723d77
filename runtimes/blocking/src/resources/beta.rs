//! `client.beta()`: the same resources on their beta endpoints (`?beta=true`).

use crate::client::Client;
use crate::resources::{Messages, Models};
use anthropic_core::response::Parsed;

/// The beta forms of the API's resources.
#[derive(Debug, Clone, Copy)]
pub struct Beta<'a> {
    pub(crate) client: &'a Client,
}

impl<'a> Beta<'a> {
    /// `client.beta().messages()`: beta Messages API; `params.betas` become the
    /// `anthropic-beta` header.
    pub fn messages(&self) -> Messages<'a, Parsed> {
        Messages::new(self.client, true)
    }

    /// `client.beta().models()`.
    pub fn models(&self) -> Models<'a, Parsed> {
        Models::new(self.client, true)
    }
}
