//! Per-attempt platform credentials (Bedrock, Vertex, Foundry): asks the platform of the
//! call for the credential of the next attempt, sending the token requests it asks for
//! (an OAuth token endpoint, a metadata server) over this client's agent.
//!
//! Every decision (when to refresh, what to send, its limits, how to read the answer) is
//! the core's; this only moves the bytes. A token request that cannot be sent fails the
//! call with [`Error::Credentials`], before the API request is sent.

use std::time::SystemTime;

use anthropic_core::platform::{Credential, CredentialStep, TokenFetch};
use anthropic_core::{Error, Exchange};

use crate::client::Client;
use crate::transport::{read_body, send};

impl Client {
    /// The credential the exchange's next attempt needs, if any.
    pub(crate) fn credential_for<T>(
        &self,
        exchange: &Exchange<T>,
    ) -> Result<Option<Credential>, Error> {
        let Some(platform) = exchange.credential_source().cloned() else {
            return Ok(None);
        };
        let mut fetched = 0;
        loop {
            match platform.credential_step(SystemTime::now(), &anthropic_platform::read_file)? {
                CredentialStep::Ready(credential) => return Ok(Some(credential)),
                CredentialStep::Fetch(_) if fetched == TokenFetch::MAX_PER_ATTEMPT => break,
                CredentialStep::Fetch(fetch) => {
                    fetched += 1;
                    let failed = |e: Error| {
                        Error::Credentials(format!("could not fetch an access token: {e}"))
                    };
                    // Through the proxy core picks for the host, unless core says direct.
                    let attempt = fetch.attempt();
                    let proxy = match fetch.direct {
                        true => None,
                        false => self.proxies.for_uri(attempt.request.uri()),
                    };
                    let response = send(&self.agent, proxy, attempt).map_err(failed)?;
                    let status = response.status().as_u16();
                    let (parts, mut body) = response.into_parts();
                    let bytes = read_body(&parts.headers, &mut body, TokenFetch::MAX_RESPONSE)
                        .map_err(failed)?;
                    platform.handle_fetch(&fetch, status, &bytes, SystemTime::now())?;
                }
            }
        }
        Err(Error::Credentials(
            "the token source asked for a token request again and again".into(),
        ))
    }
}
