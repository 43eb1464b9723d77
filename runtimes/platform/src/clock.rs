//! The one place the SDK's clients turn `std::time::Instant` into the core's
//! [`Timestamp`]: the time elapsed since an origin taken once per process.
//!
//! One origin for the whole process means every timestamp any client hands the core is on
//! the same clock, so an exchange, a connection pool and a stream can be given times from
//! different places and still be compared. The origin is taken on the first call and never
//! moves; `Instant` is monotonic, so neither are the timestamps.

use std::sync::OnceLock;
use std::time::Instant;

use anthropic_core::time::Timestamp;

/// Now, on the process's monotonic clock, as the core takes it.
pub fn now() -> Timestamp {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    let origin = *ORIGIN.get_or_init(Instant::now);
    Timestamp::from_elapsed(origin.elapsed())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn follows_the_monotonic_clock() {
        let first = now();
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(1) {}
        let inner = start.elapsed();
        let second = now();
        // `first` was taken before `start`, `second` after the interval measured inside.
        assert!(second.saturating_duration_since(first) >= inner);
        assert!(now() >= second);
    }
}
