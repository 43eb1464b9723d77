//! `client.beta()`: the same resources on their beta endpoints (`?beta=true`).

use crate::client::Client;
use crate::resources::{Messages, Models};
use crate::runtime::Runtime;
use anthropic_core::response::Parsed;

/// The beta forms of the API's resources.
#[derive(Debug)]
pub struct Beta<'a, R: Runtime> {
    pub(crate) client: &'a Client<R>,
}

impl<R: Runtime> Clone for Beta<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Runtime> Copy for Beta<'_, R> {}

impl<'a, R: Runtime> Beta<'a, R> {
    /// `client.beta().messages()`: beta Messages API; `params.betas` become the
    /// `anthropic-beta` header.
    pub fn messages(&self) -> Messages<'a, R, Parsed> {
        Messages::new(self.client, true)
    }

    /// `client.beta().models()`.
    pub fn models(&self) -> Models<'a, R, Parsed> {
        Models::new(self.client, true)
    }
}
