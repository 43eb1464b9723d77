//! The run loop: an [`Exchange`] decides, this loop sends, reads and sleeps.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use anthropic_core::{Call, Error, Exchange, HeadOutcome, Moment, RequestOptions};
use anthropic_platform::clock;

use crate::client::Client;
use crate::fresh::send_replacing_stale;
use crate::limit;
use crate::transport::{read_body, send};

/// The most of a retried response's body read to keep its connection.
const RETRIED_BODY_LIMIT: u64 = 64 * 1024;
use anthropic_core::response::RawResponse;

impl Client {
    /// Runs a call to completion: every attempt, every retry sleep, the whole body.
    pub(crate) fn execute<T>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<RawResponse<T>, Error> {
        let started = clock::now();
        let mut call = call;
        call.prepare_form(boundary, |path| std::fs::metadata(path).map(|m| m.len()))?;
        let mut exchange = Exchange::new(&self.config, call, options, started)?;
        loop {
            let response = self.open(&mut exchange)?;
            let (parts, mut body) = response.into_parts();
            match read_body(&parts.headers, &mut body, self.transport.max_body_size) {
                Ok(bytes) => {
                    return Ok(exchange.raw_response(
                        parts.status,
                        parts.headers,
                        bytes,
                        clock::now().saturating_duration_since(started),
                    ));
                }
                // A body cut short is a failed attempt, retried like a failed connection
                // (Python reads the body inside its retry loop too).
                Err(error) => sleep(exchange.handle_error(error, moment())?),
            }
        }
    }

    /// Sends attempts until one gets a success head, and returns that response with its
    /// body unread. An error status that is not retried is read and returned as an error.
    pub(crate) fn open<T>(
        &self,
        exchange: &mut Exchange<T>,
    ) -> Result<http::Response<ureq::Body>, Error> {
        loop {
            // Platform clients authenticate every attempt anew (`credentials.rs`).
            let credential = self.credential_for(exchange)?;
            let attempt = exchange.start_attempt_with(
                clock::now(),
                SystemTime::now(),
                credential.as_ref(),
            )?;
            let proxy = self.proxies.for_uri(attempt.request.uri());
            // A connection in use, held by the body returned (`limit`); the wait for one is
            // core's pool limit, within what remains of the deadline.
            let wait = [attempt.timeout.pool(), attempt.timeout.total]
                .into_iter()
                .flatten()
                .min();
            let permit = match self.limit.acquire(wait) {
                Ok(permit) => permit,
                Err(error) => {
                    sleep(exchange.handle_error(error, moment())?);
                    continue;
                }
            };
            let sent = send_replacing_stale(attempt, |a| send(&self.agent, proxy.clone(), a));
            let response = match sent {
                Ok(response) => response,
                Err(error) => {
                    sleep(exchange.handle_error(error, moment())?);
                    continue;
                }
            };
            match exchange.handle_head(response.status(), response.headers(), moment()) {
                HeadOutcome::Success => {
                    let (parts, body) = response.into_parts();
                    return Ok(http::Response::from_parts(parts, limit::hold(body, permit)));
                }
                HeadOutcome::Retry(delay) => {
                    // Read the (error) body so that the connection can carry the retry,
                    // as the async clients' does; one too large or too slow is dropped.
                    let (parts, mut body) = response.into_parts();
                    let _ = read_body(&parts.headers, &mut body, RETRIED_BODY_LIMIT);
                    sleep(delay);
                }
                HeadOutcome::Fail => {
                    let (parts, mut body) = response.into_parts();
                    let body = read_body(&parts.headers, &mut body, self.transport.max_body_size);
                    let delay =
                        exchange.handle_failed_body(parts.status, parts.headers, body, moment())?;
                    sleep(delay);
                }
            }
        }
    }
}

pub(crate) fn sleep(delay: Duration) {
    std::thread::sleep(delay);
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

/// A uniform value in [0, 1) for backoff jitter. Quality needs are modest; this avoids a
/// dependency on a random number crate: the process-random SipHash keys of `RandomState`
/// hashing a counter.
fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
