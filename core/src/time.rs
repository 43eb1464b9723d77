//! The monotonic time the core's state machines are told: a [`Timestamp`].
//!
//! The core never reads a clock; deadlines (a call's total timeout, a pooled connection's
//! idle timeout) are computed from times the driver passes in. Those times cannot be
//! `std::time::Instant`s: a `wasm32-unknown-unknown` program (a browser, an edge worker)
//! has no way to make one (`Instant::now` panics there, and there is no other
//! constructor). A [`Timestamp`] is a plain [`Duration`] since an origin the driver picks,
//! so any host can make one:
//!
//! | host | a `Timestamp` for "now" |
//! |------|-------------------------|
//! | native | `Timestamp::from_elapsed(origin.elapsed())` for an `Instant` `origin` taken once (the SDK's clients use one per process: `anthropic_platform::clock::now`) |
//! | browser, worker | `Timestamp::from_elapsed(Duration::from_secs_f64(performance.now() / 1000.0))` |
//! | test | any `Duration` you like: `Timestamp::ZERO`, then later ones |
//!
//! # Guarantees
//!
//! - Only timestamps from the same origin may be compared; the core compares only times
//!   one driver gave it for one call (or one pool), so a driver keeps one origin for them.
//! - The driver's clock must not go backwards; if it does, durations saturate at zero
//!   ([`saturating_duration_since`](Timestamp::saturating_duration_since)) rather than
//!   panic, as `Instant` does.
//! - Arithmetic never panics: adding a duration is checked
//!   ([`checked_add`](Timestamp::checked_add)), and a deadline that would overflow is
//!   treated as no deadline at all.

use std::time::Duration;

/// A point on the driver's monotonic clock: the time elapsed since an origin the driver
/// chose. `Copy`, ordered, and constructible on every target. See the module docs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(Duration);

impl Timestamp {
    /// The origin itself.
    pub const ZERO: Timestamp = Timestamp(Duration::ZERO);

    /// The timestamp `elapsed` after the origin.
    pub const fn from_elapsed(elapsed: Duration) -> Timestamp {
        Timestamp(elapsed)
    }

    /// The time elapsed since the origin.
    pub const fn elapsed(self) -> Duration {
        self.0
    }

    /// `self + duration`, or `None` if it does not fit (about 584 billion years on).
    pub fn checked_add(self, duration: Duration) -> Option<Timestamp> {
        self.0.checked_add(duration).map(Timestamp)
    }

    /// The time from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_duration_since(self, earlier: Timestamp) -> Duration {
        self.0.saturating_sub(earlier.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_and_checks() {
        let t = Timestamp::from_elapsed(Duration::from_secs(5));
        assert_eq!(
            t.checked_add(Duration::from_secs(2)),
            Some(Timestamp::from_elapsed(Duration::from_secs(7)))
        );
        assert_eq!(
            Timestamp::from_elapsed(Duration::MAX).checked_add(Duration::from_nanos(1)),
            None
        );
        assert_eq!(
            t.saturating_duration_since(Timestamp::ZERO),
            Duration::from_secs(5)
        );
        assert_eq!(t.saturating_duration_since(t), Duration::ZERO);
        assert_eq!(Timestamp::ZERO.saturating_duration_since(t), Duration::ZERO);
        assert!(Timestamp::ZERO < t);
        assert_eq!(t.elapsed(), Duration::from_secs(5));
    }
}
