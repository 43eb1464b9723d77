//! Per-attempt platform credentials (Bedrock, Vertex, Foundry): asks the platform of the
//! call for the credential of the next attempt, sending the token requests it asks for
//! (an OAuth token endpoint, a metadata server) through this client's transport.
//!
//! Every decision (when to refresh, what to send, its limits, how to read the answer) is
//! the core's; this only moves the bytes, as the blocking client's twin does. A token
//! request that cannot be sent fails the call with [`Error::Credentials`], before the API
//! request is sent. The sources themselves are synchronous and never block: they answer
//! from memory or ask for a fetch.

use std::time::SystemTime;

use anthropic_core::platform::{Credential, CredentialStep, TokenFetch};
use anthropic_core::{Error, Exchange};

use crate::client::Client;
use crate::runtime::Runtime;

impl<R: Runtime> Client<R> {
    /// The credential the exchange's next attempt needs, if any.
    pub(crate) async fn credential_for<T>(
        &self,
        exchange: &Exchange<T>,
    ) -> Result<Option<Credential>, Error> {
        let Some(platform) = exchange.credential_source().cloned() else {
            return Ok(None);
        };
        let mut fetched = 0;
        loop {
            let fetch = match platform
                .credential_step(SystemTime::now(), &anthropic_platform::read_file)?
            {
                CredentialStep::Ready(credential) => return Ok(Some(credential)),
                CredentialStep::Fetch(_) if fetched == TokenFetch::MAX_PER_ATTEMPT => break,
                CredentialStep::Fetch(fetch) => fetch,
            };
            fetched += 1;
            let failed =
                |e: Error| Error::Credentials(format!("could not fetch an access token: {e}"));
            let mut response = self
                .transport
                .send_with(fetch.attempt(), !fetch.direct)
                .await
                .map_err(failed)?;
            let body = response
                .body
                .read_to_end(TokenFetch::MAX_RESPONSE)
                .await
                .map_err(failed)?;
            platform.handle_fetch(&fetch, response.status.as_u16(), &body, SystemTime::now())?;
        }
        Err(Error::Credentials(
            "the token source asked for a token request again and again".into(),
        ))
    }
}
