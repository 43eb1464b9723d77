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
    match crate::headers::joined(headers, "x-should-retry").as_deref() {
        Some("true") => return RetryReason::ShouldRetryHeaderTrue,
        Some("false") => return RetryReason::ShouldRetryHeaderFalse,
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
    let header = |name| crate::headers::joined(headers, name);
    if let Some(ms) = header("retry-after-ms").as_deref().and_then(parse_float) {
        return Some(ms / 1000.0);
    }
    let value = header("retry-after")?;
    if let Some(seconds) = parse_float(&value) {
        return Some(seconds);
    }
    let at = parse_http_date(&value)?;
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

/// Python's `float()` on the decimal forms a header carries: surrounding whitespace
/// allowed, `nan`/`inf` accepted (and then rejected by the range check), no empty strings.
/// (Python's `float()` also takes digit-group underscores, `0_3`, an accident of the
/// language no server sends; they are refused here.)
fn parse_float(value: &str) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    v.parse::<f64>().ok()
}

/// Parses an HTTP date into seconds since the Unix epoch, reading its fields as Python's
/// `email.utils.parsedate_tz` does: the IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`),
/// RFC 850 (`Wednesday, 21-Oct-15 07:28:00 GMT`) and asctime (`Wed Oct 21 07:28:00 2015`)
/// forms RFC 9110 asks a recipient to accept, and what else `parsedate_tz` takes: no
/// weekday, full month names, fields in either order, `.` between the time's parts, a
/// two-digit year (69 to 99 are 19xx, the rest 20xx), zones named as in its table (`GMT`,
/// `EST`, `PDT`, …, in any case) or numeric (`+0200`). Where Python reads a date with no
/// zone, or one it does not know, in the machine's local time, this reads it as UTC: the
/// core knows no local time zone. Out-of-range fields are refused rather than carried over.
pub fn parse_http_date(value: &str) -> Option<i64> {
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut data: Vec<String> = value.split_whitespace().map(str::to_owned).collect();
    let first = data.first()?;
    if first.ends_with(',') || WEEKDAYS.contains(&first.to_ascii_lowercase().as_str()) {
        data.remove(0);
    } else if let Some(i) = first.rfind(',') {
        data[0] = first[i + 1..].to_owned();
    }
    if data.len() == 3 {
        // RFC 850: the date's parts joined by `-`.
        let parts: Vec<String> = data[0].split('-').map(str::to_owned).collect();
        if parts.len() == 3 {
            data.splice(0..1, parts);
        }
    }
    if data.len() == 4 {
        // A zone glued to the time (`07:28:00+0200`), else none.
        let time = data[3].clone();
        match time.find('+').or_else(|| time.find('-')) {
            Some(i) if i > 0 => {
                data.splice(3..4, [time[..i].to_owned(), time[i..].to_owned()]);
            }
            _ => data.push(String::new()),
        }
    }
    if data.len() < 5 {
        return None;
    }
    let [mut dd, mut mm, mut yy, mut tm, mut tz] = [0, 1, 2, 3, 4].map(|i| data[i].as_str());
    if dd.is_empty() || mm.is_empty() || yy.is_empty() {
        return None;
    }
    let mon = match month(mm) {
        Some(m) => m,
        None => {
            (dd, mm) = (mm, dd);
            month(mm)?
        }
    };
    dd = dd.strip_suffix(',').unwrap_or(dd);
    if yy.find(':').is_some_and(|i| i > 0) {
        (yy, tm) = (tm, yy);
    }
    if let Some(stripped) = yy.strip_suffix(',') {
        yy = stripped;
    }
    if !yy.bytes().next()?.is_ascii_digit() {
        (yy, tz) = (tz, yy);
    }
    tm = tm.strip_suffix(',').unwrap_or(tm);
    let separator = if !tm.contains(':') && tm.contains('.') {
        '.'
    } else {
        ':'
    };
    let fields: Vec<&str> = tm.split(separator).collect();
    let (h, m, s) = match fields.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let [year, day, h, m, s] = [yy, dd, h, m, s].map(|f| f.parse::<i64>().ok());
    let (mut year, day, h, m, s) = (year?, day?, h?, m?, s?);
    if year < 100 {
        year += if year > 68 { 1900 } else { 2000 };
    }
    if !(1..=31).contains(&day)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&m)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let offset = zone_offset(tz).unwrap_or(0);
    let days = days_from_civil(year, mon, day as u32)?;
    days.checked_mul(86_400)?
        .checked_add(h * 3600 + m * 60 + s - offset)
}

/// A zone's offset east of UTC in seconds, as `parsedate_tz` reads it: a name from its
/// table, or a number `±hhmm`; `None` for what it cannot read (and for `-0000`, "unknown").
fn zone_offset(zone: &str) -> Option<i64> {
    const NAMED: [(&str, i64); 14] = [
        ("UT", 0),
        ("UTC", 0),
        ("GMT", 0),
        ("Z", 0),
        ("AST", -400),
        ("ADT", -300),
        ("EST", -500),
        ("EDT", -400),
        ("CST", -600),
        ("CDT", -500),
        ("MST", -700),
        ("MDT", -600),
        ("PST", -800),
        ("PDT", -700),
    ];
    let upper = zone.to_ascii_uppercase();
    let hhmm = match NAMED.iter().find(|(name, _)| *name == upper) {
        Some((_, hhmm)) => *hhmm,
        None => {
            let value = zone.parse::<i64>().ok()?;
            if value == 0 && zone.starts_with('-') {
                return None;
            }
            value
        }
    };
    let magnitude = hhmm.checked_abs()?;
    Some(hhmm.signum() * ((magnitude / 100) * 3600 + (magnitude % 100) * 60))
}

fn month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower || m.get(..3) == Some(lower.as_str()))
        .map(|i| i as u32 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm);
/// `None` when the year is too far out for the arithmetic (such a date is ignored like
/// any unparsable one).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
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
            // Repeated, the header reads `true, false` (httpx joins it): neither value.
            (
                400,
                &[("x-should-retry", "true"), ("x-should-retry", "false")],
                false,
            ),
            (
                500,
                &[("x-should-retry", "false"), ("x-should-retry", "false")],
                true,
            ),
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

    /// Each date against `calendar.timegm` of Python 3.11's `email.utils.parsedate_tz`
    /// less its offset (`None`: Python reads no date).
    #[test]
    fn http_dates_as_pythons_parsedate_tz() {
        let cases: &[(&str, Option<i64>)] = &[
            ("Wed, 21 Oct 2015 07:28:00 GMT", Some(1_445_412_480)),
            ("Wednesday, 21-Oct-15 07:28:00 GMT", Some(1_445_412_480)),
            ("Wed Oct 21 07:28:00 2015", Some(1_445_412_480)),
            ("Wed, 21 Oct 2015 02:28:00 EST", Some(1_445_412_480)),
            ("wed, 21 oct 2015 07:28:00 gmt", Some(1_445_412_480)),
            ("21 October 2015 07:28 +0200", Some(1_445_405_280)),
            ("Wed, 21 Oct 50 07:28:00 GMT", Some(2_549_950_080)),
            ("Wed, 21 Oct 69 07:28:00 GMT", Some(-6_193_920)),
            ("Wed,21 Oct 2015 07.28.00 GMT", Some(1_445_412_480)),
            ("Oct 21 2015 07:28:00 GMT", Some(1_445_412_480)),
            ("Wed, 21 Oct 2015 07:28:00+0100", Some(1_445_408_880)),
            ("Wed, 21 Oct 2015 07:28:00 -0000", Some(1_445_412_480)),
            ("Wed, 21 Octopus 2015 07:28:00 GMT", None),
            ("", None),
            ("Wed, 21 Oct", None),
        ];
        for (date, expected) in cases {
            assert_eq!(parse_http_date(date), *expected, "{date:?}");
        }
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
            // Repeated, it reads `0.3, 5`: no number, no date.
            &[("retry-after", "0.3"), ("retry-after", "5")],
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
