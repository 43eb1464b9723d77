//! When to retry and how long to wait: pure decisions, asked with the time passed in.
//!
//! The rules are Python's (`_should_retry`, `_calculate_retry_timeout`):
//!
//! 1. `x-should-retry: true` retries and `x-should-retry: false` does not, whatever the
//!    status (only those exact values count);
//! 2. otherwise 408, 409, 429 and every 5xx retry; other statuses do not;
//! 3. connection errors and timeouts retry.
//!
//! The delay is the server's hint when it is in (0, 60] seconds: `retry-after-ms`
//! (milliseconds) if it parses, else `retry-after` as seconds (fractions allowed), else
//! `retry-after` as an HTTP date. Otherwise it is exponential backoff,
//! `min(0.5 * 2^n, 8)` seconds for the n-th retry, times a jitter factor in (0.75, 1]
//! drawn from the `random` value in [0, 1) that the caller passes in: this module never
//! reads a clock or a random source.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, StatusCode};

/// First backoff delay, in seconds.
pub const INITIAL_RETRY_DELAY: f64 = 0.5;
/// Largest backoff delay, in seconds.
pub const MAX_RETRY_DELAY: f64 = 8.0;
/// Retries taken by default after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Why a response was or was not retried; logged at debug level, as Python does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    /// The server sent `x-should-retry: true`.
    ShouldRetryHeaderTrue,
    /// The server sent `x-should-retry: false`.
    ShouldRetryHeaderFalse,
    /// The status is one that retries (408, 409, 429, 5xx).
    Status(StatusCode),
    /// The status is one that does not retry.
    NotRetryable,
}

impl RetryReason {
    /// Whether this reason means "retry".
    pub fn retries(self) -> bool {
        matches!(
            self,
            RetryReason::ShouldRetryHeaderTrue | RetryReason::Status(_)
        )
    }
}

/// Decides whether an error response should be retried (ignoring the retry budget).
pub fn should_retry(status: StatusCode, headers: &HeaderMap) -> RetryReason {
    match headers.get("x-should-retry").map(|v| v.as_bytes()) {
        Some(b"true") => return RetryReason::ShouldRetryHeaderTrue,
        Some(b"false") => return RetryReason::ShouldRetryHeaderFalse,
        _ => {}
    }
    match status.as_u16() {
        408 | 409 | 429 => RetryReason::Status(status),
        s if s >= 500 => RetryReason::Status(status),
        _ => RetryReason::NotRetryable,
    }
}

/// The server's requested delay in seconds, if any, as Python's `_parse_retry_after_header`
/// reads it. May be out of range or negative; [`retry_delay`] decides whether to use it.
pub fn retry_after_hint(headers: &HeaderMap, wall_now: SystemTime) -> Option<f64> {
    if let Some(ms) = header_str(headers, "retry-after-ms").and_then(parse_float) {
        return Some(ms / 1000.0);
    }
    let value = header_str(headers, "retry-after")?;
    if let Some(seconds) = parse_float(value) {
        return Some(seconds);
    }
    let at = parse_http_date(value)?;
    let now = wall_now.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
    Some(at as f64 - now)
}

/// How long to wait before the next attempt.
///
/// `retries_taken` counts the retries already made (0 before the first retry); `headers`
/// are the error response's, or `None` after a connection error or timeout; `random` is a
/// uniform value in [0, 1) supplied by the caller.
///
/// The delay is at most 60 s. A server hint in (0, 60] s is taken as given (one under a
/// nanosecond is a zero wait, as in Python); otherwise it is the exponential backoff,
/// 0.5 s doubling to at most 8 s, less up to 25 % jitter, and never zero.
pub fn retry_delay(
    retries_taken: u32,
    headers: Option<&HeaderMap>,
    wall_now: SystemTime,
    random: f64,
) -> Duration {
    if let Some(hint) = headers.and_then(|h| retry_after_hint(h, wall_now)) {
        if hint > 0.0 && hint <= 60.0 {
            return Duration::from_secs_f64(hint);
        }
    }
    let exponent = retries_taken.min(1000) as i32;
    let base = (INITIAL_RETRY_DELAY * 2f64.powi(exponent)).min(MAX_RETRY_DELAY);
    let random = if (0.0..1.0).contains(&random) {
        random
    } else {
        0.0
    };
    let delay = base * (1.0 - 0.25 * random);
    Duration::from_secs_f64(delay.max(0.0))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Python's `float()`: surrounding whitespace allowed, `nan`/`inf` accepted (and then
/// rejected by the range check), no empty strings.
fn parse_float(value: &str) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    v.parse::<f64>().ok()
}

/// Parses an HTTP date into seconds since the Unix epoch. Accepts the IMF-fixdate form
/// (`Wed, 21 Oct 2015 07:28:00 GMT`) and the RFC 2822 forms Python's `parsedate_tz`
/// accepts in practice: optional weekday, numeric `+hhmm` zones, `GMT`/`UTC`/`UT`/`Z`.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let mut parts: Vec<&str> = value.split_whitespace().collect();
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    if parts
        .first()
        .is_some_and(|p| p.ends_with(',') || WEEKDAYS.contains(&p.to_ascii_lowercase().as_str()))
    {
        parts.remove(0);
    }
    if parts.len() < 4 {
        return None;
    }
    let (day, mon, year) = if let Some(m) = month(parts[1]) {
        (
            parts[0].parse::<u32>().ok()?,
            m,
            parts[2].parse::<i64>().ok()?,
        )
    } else if let Some(m) = month(parts[0]) {
        (
            parts[1].trim_end_matches(',').parse::<u32>().ok()?,
            m,
            parts[2].parse::<i64>().ok()?,
        )
    } else {
        return None;
    };
    let year = match year {
        0..=49 => year + 2000,
        50..=99 => year + 1900,
        y => y,
    };
    let mut hms = parts[3].split(':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let s: i64 = hms.next().map_or(Some(0), |s| s.parse().ok())?;
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let offset = match parts.get(4).copied() {
        None | Some("GMT" | "UTC" | "UT" | "Z") => 0,
        Some(zone) => {
            let (sign, digits) = match zone.as_bytes().first()? {
                b'+' => (1, &zone[1..]),
                b'-' => (-1, &zone[1..]),
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hh: i64 = digits[..2].parse().ok()?;
            let mm: i64 = digits[2..].parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    let days = days_from_civil(year, mon, day)?;
    days.checked_mul(86_400)?
        .checked_add(h * 3600 + m * 60 + s - offset)
}

fn month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm);
/// `None` when the year is too far out for the arithmetic (such a date is ignored like
/// any unparsable one).
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let y = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era.checked_mul(146_097)?.checked_add(doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn at(unix: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix)
    }

    #[test]
    fn retry_decisions_in_python_order() {
        type Case<'a> = (u16, &'a [(&'static str, &'a str)], bool);
        let cases: &[Case] = &[
            (400, &[("x-should-retry", "true")], true),
            (500, &[("x-should-retry", "false")], false),
            (400, &[("x-should-retry", "True")], false),
            (500, &[("x-should-retry", "True")], true),
            (408, &[], true),
            (409, &[], true),
            (429, &[], true),
            (500, &[], true),
            (502, &[], true),
            (529, &[], true),
            (599, &[], true),
            (400, &[], false),
            (401, &[], false),
            (403, &[], false),
            (404, &[], false),
            (413, &[], false),
            (422, &[], false),
        ];
        for (status, hs, expected) in cases {
            let reason = should_retry(StatusCode::from_u16(*status).unwrap(), &headers(hs));
            assert_eq!(
                reason.retries(),
                *expected,
                "status {status} headers {hs:?}"
            );
        }
    }

    #[test]
    fn server_hints_within_bounds_are_used() {
        let now = at(1_700_000_000);
        let cases: &[(&[(&'static str, &str)], f64)] = &[
            (&[("retry-after-ms", "250")], 0.25),
            (&[("retry-after", "0.2")], 0.2),
            (&[("retry-after", "1")], 1.0),
            (&[("retry-after", "60")], 60.0),
            // retry-after-ms wins over retry-after when it parses.
            (&[("retry-after-ms", "1500"), ("retry-after", "9")], 1.5),
            // An unparsable retry-after-ms falls through to retry-after.
            (&[("retry-after-ms", "soon"), ("retry-after", "3")], 3.0),
        ];
        for (hs, expected) in cases {
            let d = retry_delay(0, Some(&headers(hs)), now, 0.5);
            assert!((d.as_secs_f64() - expected).abs() < 1e-9, "{hs:?}: {d:?}");
        }
    }

    #[test]
    fn http_date_hint() {
        let now = at(1_445_412_478); // Wed, 21 Oct 2015 07:27:58 GMT
        let h = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
        assert_eq!(retry_delay(0, Some(&h), now, 0.0), Duration::from_secs(2));
        let h = headers(&[("retry-after", "Wed, 21 Oct 2015 09:28:00 +0200")]);
        assert_eq!(retry_delay(0, Some(&h), now, 0.0), Duration::from_secs(2));
        // In the past: backoff.
        let h = headers(&[("retry-after", "Wed, 21 Oct 2015 07:00:00 GMT")]);
        assert_eq!(
            retry_delay(0, Some(&h), now, 0.0),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn dates_too_far_out_are_ignored_like_unparsable_ones() {
        let now = at(1_700_000_000);
        for date in [
            "Wed, 21 Oct 999999999999 07:28:00 GMT",
            "Wed, 21 Oct 9223372036854775807 07:28:00 GMT",
            "Wed, 21 Jan -9223372036854775808 07:28:00 GMT",
            "Wed, 21 Oct 25252734927766554 07:28:00 -2359",
        ] {
            assert_eq!(parse_http_date(date), None, "{date}");
            let h = headers(&[("retry-after", date)]);
            assert_eq!(
                retry_delay(1, Some(&h), now, 0.0),
                Duration::from_secs(1),
                "{date}"
            );
        }
        // Far but representable years still parse.
        assert!(parse_http_date("Wed, 21 Oct 99999 07:28:00 GMT").is_some());
    }

    #[test]
    fn out_of_range_hints_fall_back_to_backoff() {
        let now = at(0);
        for hs in [
            &[("retry-after", "0")][..],
            &[("retry-after", "-1")],
            &[("retry-after", "61")],
            &[("retry-after-ms", "0")],
            &[("retry-after-ms", "nan")],
            &[("retry-after", "later")],
            // A parsable but out-of-range retry-after-ms shadows retry-after.
            &[("retry-after-ms", "61000"), ("retry-after", "2")],
        ] {
            let d = retry_delay(1, Some(&headers(hs)), now, 0.0);
            assert_eq!(d, Duration::from_secs(1), "{hs:?}");
        }
    }

    #[test]
    fn backoff_doubles_to_a_cap_with_jitter_in_range() {
        let now = at(0);
        let bases = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0];
        for (n, &base) in bases.iter().enumerate() {
            let top = retry_delay(n as u32, None, now, 0.0).as_secs_f64();
            let low = retry_delay(n as u32, None, now, 0.999_999).as_secs_f64();
            assert!((top - base).abs() < 1e-9);
            assert!(low > base * 0.75 && low < base, "{n}: {low}");
        }
        assert_eq!(
            retry_delay(u32::MAX, None, now, 0.0),
            Duration::from_secs(8)
        );
    }
}
