//! The run loop: an [`Exchange`] decides, this loop sends, reads and sleeps.
//!
//! ```text
//! exchange = Exchange::new(config, call, options, now)        (may fail before any I/O)
//! loop:
//!     attempt = exchange.start_attempt(now)                   (request + its timeouts)
//!     response = transport.send(attempt)        ── error ──▶ exchange.handle_error → sleep, loop
//!     exchange.handle_head(status, headers)
//!         Success     ─▶ read the body (execute) or hand it to a stream (open)
//!         Retry(d)    ─▶ read the body (keeping the connection), sleep d, loop
//!         Fail        ─▶ read the body, return exchange.fail(..)
//! ```
//!
//! A body cut short in `execute` is a failed attempt, retried like a failed connection
//! (Python reads the body inside its retry loop too).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use anthropic_core::{Call, Error, Exchange, HeadOutcome, Moment, RequestOptions};
use anthropic_platform::clock;

use crate::client::Client;
use crate::runtime::Runtime;
use crate::transport::Response;
use anthropic_core::response::RawResponse;

/// The most of a retried response's body read to keep its connection.
const RETRIED_BODY_LIMIT: u64 = 64 * 1024;

impl<R: Runtime> Client<R> {
    /// Runs a call to completion: every attempt, every retry sleep, the whole body.
    pub(crate) async fn execute<T>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<RawResponse<T>, Error> {
        let started = clock::now();
        let mut call = call;
        call.prepare_form(boundary, |path| std::fs::metadata(path).map(|m| m.len()))?;
        let mut exchange = Exchange::new(&self.config, call, options, started)?;
        loop {
            let mut response = self.open(&mut exchange).await?;
            match response
                .body
                .read_to_end(self.transport.max_body_size)
                .await
            {
                Ok(body) => {
                    return Ok(exchange.raw_response(
                        response.status,
                        response.headers,
                        body,
                        clock::now().saturating_duration_since(started),
                    ));
                }
                Err(error @ Error::InvalidRequest(_)) => return Err(error),
                Err(error) => {
                    drop(response);
                    let delay = exchange.handle_error(error, moment())?;
                    self.transport.runtime.sleep(delay).await;
                }
            }
        }
    }

    /// Sends attempts until one gets a success head, and returns that response with its
    /// body unread. An error status that is not retried is read and returned as an error.
    pub(crate) async fn open<T>(&self, exchange: &mut Exchange<T>) -> Result<Response<R>, Error> {
        loop {
            // Platform clients authenticate every attempt anew (`credentials.rs`).
            let credential = self.credential_for(exchange).await?;
            let attempt = exchange.start_attempt_with(
                clock::now(),
                SystemTime::now(),
                credential.as_ref(),
            )?;
            let mut response = match self.transport.send(attempt).await {
                Ok(response) => response,
                Err(error) => {
                    let delay = exchange.handle_error(error, moment())?;
                    self.transport.runtime.sleep(delay).await;
                    continue;
                }
            };
            match exchange.handle_head(response.status, &response.headers, moment()) {
                HeadOutcome::Success => return Ok(response),
                HeadOutcome::Retry(delay) => {
                    // Read the (error) body so that the connection can carry the retry,
                    // as Python's client does; one too large or too slow is dropped.
                    let mut response = response;
                    let _ = response.body.read_to_end(RETRIED_BODY_LIMIT).await;
                    self.transport.runtime.sleep(delay).await;
                }
                HeadOutcome::Fail => {
                    let body = response
                        .body
                        .read_to_end(self.transport.max_body_size)
                        .await;
                    let delay = exchange.handle_failed_body(
                        response.status,
                        response.headers,
                        body,
                        moment(),
                    )?;
                    self.transport.runtime.sleep(delay).await;
                }
            }
        }
    }
}

/// Samples the inputs of a decision: the clocks and a jitter value.
pub(crate) fn moment() -> Moment {
    Moment {
        now: clock::now(),
        wall: SystemTime::now(),
        random: jitter(),
    }
}

/// A multipart boundary: 32 random lowercase hex digits, as Python's httpx draws them.
pub(crate) fn boundary() -> String {
    let high = (jitter() * (1u64 << 53) as f64) as u64;
    let low = (jitter() * (1u64 << 53) as f64) as u64;
    format!("{:016x}{:016x}", high ^ (low << 11), low ^ (high << 11))
}

/// A uniform value in [0, 1) for backoff jitter, without a random number crate: the
/// process-random SipHash keys of `RandomState` hashing a counter.
fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
