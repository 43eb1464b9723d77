//! A request that fails on a *pooled* connection before any response arrived (the server
//! had closed it while it sat idle, and the close was not yet visible when it was taken)
//! is sent again on another connection without counting as a retry, as the async
//! clients do (`anthropic_core::h1::should_retry_on_fresh`). It was never answered, so
//! sending it again is what the user asked for, and spending the retry budget on it
//! would make a healthy call fail with retries disabled.
//!
//! ureq does not say whether a request went out on a pooled connection, so the agent's
//! connector is wrapped: it is called only when ureq opens a new connection, on the
//! calling thread, and notes that in a thread-local flag the sender reads afterwards.

use std::cell::Cell;

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
        let result = send(again);
        let reused = !OPENED.with(Cell::get);
        match result {
            Err(Error::Connection(e))
                if stale < MOST_STALE
                    && should_retry_on_fresh(reused, false, attempt.form)
                    && closed_before_response(&e) =>
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

/// Whether the connection ended (closed or reset) before a response head began, as far
/// as ureq's error tells.
fn closed_before_response(error: &anthropic_core::error::ConnectionError) -> bool {
    let mut source = error
        .transport_error()
        .map(|e| e as &(dyn std::error::Error + 'static));
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
            );
        }
        if let Some(ureq::Error::Protocol(_)) = e.downcast_ref::<ureq::Error>() {
            return false;
        }
        source = e.source();
    }
    false
}
