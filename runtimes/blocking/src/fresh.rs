//! A request that a *pooled* connection refused before any response arrived (a reset or
//! a broken pipe: the server had closed it while it sat idle, and the close was not yet
//! visible when ureq probed it) is sent again on another connection without counting as
//! a retry, as the async clients do. The rule is core's
//! (`anthropic_core::h1::should_retry_on_fresh`): the server did not read the request,
//! so sending it again is what the user asked for. A clean EOF before the response is
//! not resent this way; it goes to the retry policy, as in Python.
//!
//! ureq does not say whether a request went out on a pooled connection, so the agent's
//! connector is wrapped: it is called only when ureq opens a new connection, on the
//! calling thread, and notes that in a thread-local flag the sender reads afterwards.

use std::cell::Cell;
use std::time::Instant;

use anthropic_core::h1::should_retry_on_fresh;
use anthropic_core::{Attempt, Error};
use ureq::unversioned::transport::{ConnectionDetails, Connector};

thread_local! {
    static OPENED: Cell<bool> = const { Cell::new(false) };
}

/// The default connector, noting each connection it opens.
#[derive(Debug)]
pub(crate) struct NotingConnector<C>(pub(crate) C);

impl<C: Connector<()>> Connector<()> for NotingConnector<C> {
    type Out = C::Out;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        OPENED.with(|opened| opened.set(true));
        self.0.connect(details, chained)
    }
}

/// How many pooled connections one call may find dead in a row before giving up on the
/// pool: past this, the failure is the call's (a retry, if allowed).
const MOST_STALE: usize = 8;

/// Sends `attempt` with `send`, again on another connection whenever it fails on a
/// pooled one before any response.
pub(crate) fn send_replacing_stale<T>(
    attempt: Attempt<'_>,
    mut send: impl FnMut(Attempt<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut stale = 0;
    loop {
        let again = Attempt {
            request: attempt.request.clone(),
            timeout: attempt.timeout,
            // The form is described, not consumed: a resend reopens its parts.
            form: attempt.form,
        };
        OPENED.with(|opened| opened.set(false));
        // ureq writes and reads in one call: the time since it began stands for the time
        // since the request was written (on a pooled connection there is no connect).
        let started = Instant::now();
        let result = send(again);
        let waited = started.elapsed();
        let reused = !OPENED.with(Cell::get);
        match result {
            Err(Error::Connection(e))
                if stale < MOST_STALE
                    && should_retry_on_fresh(reused, false, &e, waited, attempt.form) =>
            {
                stale += 1;
                tracing::debug!(
                    target: "anthropic",
                    "A reused connection failed before any response byte ({e}); sending again on another"
                );
            }
            other => return other,
        }
    }
}
