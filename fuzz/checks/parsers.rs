//! Invariant checks of the parsers of server and environment input that are not
//! streaming decoders, shared by their fuzz targets and the corpus replay test:
//!
//! - `retry`: the retry decision over every response-header input (`retry-after`,
//!   `retry-after-ms`, `x-should-retry`, the status, the clock, the jitter value) never
//!   panics; `should_retry` follows Python's order; the delay is the hint when it is in
//!   (0, 60] seconds, else the backoff `min(0.5 * 2^n, 8) * (1 - jitter/4)`: always in
//!   (0, 60] seconds.
//! - `api_error`: `ApiError::from_response` and the `error`-event path
//!   (`ApiError::from_stream_event`) take any status and bytes: the kind follows the
//!   status (or the event's `error.type`), the message is never empty, the request id is
//!   the header's.
//! - `body`: response body decoding (`decode_body`, with the last value of a repeated
//!   key winning) into a message, a token count, a model and a page never panics; a
//!   failure keeps the body; a success agrees with decoding through a `serde_json::Value`.
//! - `event_decoder`: `EventDecoder` (SSE, event typing, `error` events, the
//!   `message_stop` check) gives the same results whole, split and byte by byte; an
//!   error ends the stream.
//! - `proxy_url`: `ProxyUrl::parse` never panics; what it accepts names a host and
//!   re-parses from its credential-free form to the same host and port.
//! - `no_proxy`: `NoProxy::parse` and `matches` never panic; `*` matches everything;
//!   a plain host name added to any list is matched, on any port.
//! - `content`: `ContentDecoder` over any bytes as gzip, deflate or raw deflate, with
//!   and without a limit: whole, split and byte by byte give the same output or all
//!   fail (the output before a failure is a prefix of one decoded stream); never more
//!   decoded bytes than the limit, and only a body-limit or connection error.
//! - `pagination`: a page decoded from any body asks for a next page only when
//!   `has_more` is not `false`, it has items, and it names a non-empty cursor; the next
//!   request keeps the original one and carries that cursor (`before_id = first_id`
//!   backwards, `after_id = last_id` forwards).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anthropic_core::ApiErrorKind;
use anthropic_core::content::ContentDecoder;
use anthropic_core::endpoints::messages;
use anthropic_core::error::ApiError;
use anthropic_core::pagination::{Page, Paginated};
use anthropic_core::request::decode_body;
use anthropic_core::retry::{
    INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, retry_after_hint, retry_delay, should_retry,
};
use anthropic_core::stream::event::{Decoded, decode_event_ref};
use anthropic_core::stream::hold_back::{Output, Ready};
use anthropic_core::stream::lane::next_str_delta_from;
use anthropic_core::stream::{EventDecoder, HoldBack, SseDecoder, StreamError, StreamEvent};
use anthropic_core::transport::{NoProxy, ProxyUrl};
use anthropic_core::types::{Message, MessageCreateParams, MessageTokensCount, Model, ModelInfo};
use anthropic_core::{Call, ClientConfig, Exchange, Method, Moment, RequestOptions, Timestamp};
use anthropic_core::{Error, response::ResponseBody};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::Value;

use super::{cuts, pieces};

/// Reads the input as a few fixed fields, then the rest.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    fn status(&mut self) -> StatusCode {
        let raw = u16::from_le_bytes(self.take::<2>());
        StatusCode::from_u16(100 + raw % 900).expect("100..=999")
    }

    fn rest(self) -> &'a [u8] {
        self.0
    }
}

// ---------------------------------------------------------------- retry

/// The retry decision and delay over arbitrary headers, clock and jitter.
pub fn retry(data: &[u8]) {
    let mut f = Fields(data);
    let status = f.status();
    let [retries] = f.take::<1>();
    let retries = u32::from(retries);
    let wall_secs = u64::from_le_bytes(f.take::<8>());
    let random_bits = u64::from_le_bytes(f.take::<8>());
    let [shape] = f.take::<1>();
    // Mostly a proper jitter value in [0, 1); sometimes any f64 (NaN, negative, huge).
    let random = if shape & 1 == 0 {
        (random_bits >> 11) as f64 / (1u64 << 53) as f64
    } else {
        f64::from_bits(random_bits)
    };
    // Either a realistic clock or any one representable.
    let wall = if shape & 2 == 0 {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000 + wall_secs % 1_000_000_000)
    } else {
        UNIX_EPOCH
            .checked_add(Duration::from_secs(wall_secs))
            .unwrap_or(SystemTime::UNIX_EPOCH)
    };
    let mut headers = HeaderMap::new();
    let names = ["retry-after", "retry-after-ms", "x-should-retry"];
    for (i, value) in f.rest().split(|&b| b == 0xff).take(6).enumerate() {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(names[i % names.len()], value);
        }
    }

    let reason = should_retry(status, &headers);
    // A repeated header is read joined (`"false, true"`, as httpx reads it), so only a
    // single `true` or `false` decides.
    let should: Vec<&[u8]> = headers
        .get_all("x-should-retry")
        .iter()
        .map(HeaderValue::as_bytes)
        .collect();
    let expected = match should.as_slice() {
        [b"true"] => true,
        [b"false"] => false,
        _ => matches!(status.as_u16(), 408 | 409 | 429) || status.as_u16() >= 500,
    };
    assert_eq!(reason.retries(), expected, "{status} {headers:?}");

    let hint = retry_after_hint(&headers, wall);
    for h in [Some(&headers), None] {
        let delay = retry_delay(retries, h, wall, random).as_secs_f64();
        // A server hint in (0, 60] s is used as given, so one under a nanosecond is a zero
        // wait (as in Python); the backoff itself is never zero.
        assert!((0.0..=60.0).contains(&delay), "delay {delay} out of bounds");
        match hint.filter(|s| *s > 0.0 && *s <= 60.0 && h.is_some()) {
            Some(seconds) => assert!((delay - seconds).abs() < 1e-6, "{delay} vs hint {seconds}"),
            None => {
                let base = (INITIAL_RETRY_DELAY * 2f64.powi(retries.min(1000) as i32))
                    .min(MAX_RETRY_DELAY);
                assert!(delay <= base + 1e-9, "{delay} over the backoff {base}");
                assert!(
                    delay >= base * 0.75 - 1e-9,
                    "{delay} under the backoff {base}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- API errors

fn request_id_header(bytes: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(bytes) {
        headers.insert("request-id", value);
    }
    headers
}

/// Error responses and `error` events from any status and bytes.
pub fn api_error(data: &[u8]) {
    let mut f = Fields(data);
    let status = f.status();
    let [id_len] = f.take::<1>();
    let rest = f.rest();
    let (id, body) = rest.split_at(usize::from(id_len % 16).min(rest.len()));
    let headers = request_id_header(id);
    let expected_id = headers
        .get("request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);

    let e = ApiError::from_response(status, headers.clone(), body);
    assert_eq!(e.status(), status);
    assert_eq!(e.kind(), ApiErrorKind::from_status(status));
    assert!(!e.message().is_empty());
    assert_eq!(e.request_id().map(str::to_owned), expected_id);
    assert_eq!(e.to_string(), e.message());
    let _ = (e.error_body(), e.error_type(), e.error_message());

    let text = String::from_utf8_lossy(body);
    let e = ApiError::from_stream_event(status, headers, &text);
    assert!(!e.message().is_empty());
    let kind = e
        .error_type()
        .map_or(ApiErrorKind::Other, ApiErrorKind::from_error_type);
    assert_eq!(e.kind(), kind);
    assert_eq!(e.request_id().map(str::to_owned), expected_id);
}

// ---------------------------------------------------------------- bodies

fn body_as<T>(status: StatusCode, headers: &HeaderMap, body: &[u8])
where
    T: ResponseBody + PartialEq + std::fmt::Debug,
{
    match decode_body::<T>("T", status, headers, body) {
        Ok(value) => {
            // The same as decoding a Value (whose objects keep the last repeated key).
            let mut via_value: T = serde_json::from_slice::<Value>(body)
                .and_then(serde_json::from_value)
                .expect("decoded directly but not through a Value");
            via_value.set_request_id(
                headers
                    .get("request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            );
            assert_eq!(value, via_value);
        }
        Err(Error::Decode(e)) => {
            assert_eq!(e.body, String::from_utf8_lossy(body));
            assert_eq!(e.status, status);
        }
        Err(other) => panic!("decode_body returned {other:?}"),
    }
}

/// Success bodies of any bytes, decoded as the endpoints decode them.
pub fn body(data: &[u8]) {
    let mut f = Fields(data);
    let [which] = f.take::<1>();
    let body = f.rest();
    let headers = request_id_header(b"req_fuzz");
    match which % 4 {
        0 => body_as::<Message>(StatusCode::OK, &headers, body),
        1 => body_as::<MessageTokensCount>(StatusCode::OK, &headers, body),
        2 => body_as::<ModelInfo>(StatusCode::OK, &headers, body),
        _ => body_as::<Page<ModelInfo>>(StatusCode::OK, &headers, body),
    }
}

// ---------------------------------------------------------------- EventDecoder

fn decoder_run(chunks: &[&[u8]]) -> Vec<Result<StreamEvent, String>> {
    let mut d = EventDecoder::new(StatusCode::OK, request_id_header(b"req_fuzz"));
    let mut out = Vec::new();
    let drain = |d: &mut EventDecoder, out: &mut Vec<_>| -> bool {
        loop {
            match d.next_event() {
                Ok(Some(e)) => out.push(Ok(e)),
                Ok(None) => return true,
                Err(e) => {
                    out.push(Err(format!("{e:?}")));
                    // An error ends the stream.
                    assert!(matches!(d.next_event(), Ok(None)));
                    return false;
                }
            }
        }
    };
    for c in chunks {
        d.feed(c);
        if !drain(&mut d, &mut out) {
            return out;
        }
    }
    d.finish();
    drain(&mut d, &mut out);
    out
}

/// The events the borrowed loop decodes in place (the fast lane, then `next_event_from`
/// and `decode_event_ref`) from these chunks, with the SSE bound `limit`, and the error
/// that ended it (as text; an `error` event as `"error event"`), if any.
/// The driver's loop on `HoldBack` (no retries): every event and the error that ended
/// the stream, events taken owned or lent out. A lent-out run reads the next chunk
/// before taking every third event (a driver may), which must not change it.
fn hold_back_run(chunks: &[&[u8]], lent: bool) -> Vec<Result<StreamEvent, String>> {
    let config = ClientConfig::new()
        .api_key("k")
        .base_url("http://127.0.0.1:9");
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 8).user("hi");
    let call = messages::create_stream(&params, false).expect("a stream call");
    let options = RequestOptions::new().max_retries(0);
    let mut exchange =
        Exchange::new(&config, call, &options, Timestamp::ZERO).expect("an exchange");
    let moment = || Moment {
        now: Timestamp::ZERO,
        wall: UNIX_EPOCH,
        random: 0.5,
    };
    let mut hold = HoldBack::new(StatusCode::OK, request_id_header(b"req_fuzz"));
    let mut chunks = chunks.iter();
    let mut feed = |hold: &mut HoldBack| match chunks.next() {
        Some(c) => hold.handle_bytes(c),
        None => hold.handle_end(),
    };
    let mut out = Vec::new();
    loop {
        let output = if lent {
            match hold.poll_ready(&mut exchange, moment) {
                Output::Event(Ready) => {
                    if out.len() % 3 == 2 {
                        feed(&mut hold);
                    }
                    let event = hold.take_ref().expect("a ready event");
                    Output::Event(event.into_owned())
                }
                Output::Error(e) => Output::Error(e),
                Output::End => Output::End,
                Output::Read => Output::Read,
                Output::Retry(d) => Output::Retry(d),
            }
        } else {
            hold.poll_output(&mut exchange, moment)
        };
        match output {
            Output::Event(event) => out.push(Ok(event)),
            Output::Error(e) => {
                out.push(Err(format!("{e:?}")));
                return out;
            }
            Output::End | Output::Retry(_) => return out,
            Output::Read => feed(&mut hold),
        }
    }
}

pub fn borrowed_run(limit: usize, chunks: &[&[u8]]) -> (Vec<StreamEvent>, Option<String>) {
    let mut sse = SseDecoder::new().max_event_size(limit);
    let mut scratch = String::new();
    let mut out = Vec::new();
    let mut drain = |sse: &mut SseDecoder, rest: &mut &[u8], out: &mut Vec<_>| loop {
        if let Some(delta) = next_str_delta_from(sse, rest, &mut scratch) {
            out.push(delta.into_event());
            continue;
        }
        match sse.next_event_from(rest) {
            Ok(Some(e)) => match decode_event_ref(e.event, e.data, &mut scratch) {
                Ok(d) => match d.into_decoded() {
                    // Skipped by `EventDecoder`, as Python skips it.
                    Decoded::Event(StreamEvent::Ping) => {}
                    Decoded::Event(event) => out.push(event),
                    Decoded::Error(_) => return Some("error event".to_owned()),
                },
                Err(e) => return Some(e.to_string()),
            },
            Ok(None) => return None,
            Err(e) => return Some(StreamError::Sse(e).to_string()),
        }
    };
    for c in chunks {
        let mut rest = *c;
        if let Some(e) = drain(&mut sse, &mut rest, &mut out) {
            return (out, Some(e));
        }
        assert!(rest.is_empty(), "input left over");
    }
    sse.finish();
    let end = drain(&mut sse, &mut &[][..], &mut out);
    (out, end)
}

/// A Messages stream's bytes through `EventDecoder`, whole, split and byte by byte.
pub fn event_decoder(data: &[u8]) {
    let whole = decoder_run(&[data]);
    assert_eq!(
        whole,
        decoder_run(&pieces(data, &cuts(data))),
        "split differently"
    );
    if data.len() <= 4096 {
        let bytes: Vec<&[u8]> = data.chunks(1).collect();
        assert_eq!(whole, decoder_run(&bytes), "byte by byte differently");
    }
    // Decoded in place (the fast lane where it applies), the same events.
    let events: Vec<&StreamEvent> = whole.iter().map_while(|r| r.as_ref().ok()).collect();
    let (borrowed, _) = borrowed_run(usize::MAX, &pieces(data, &cuts(data)));
    assert_eq!(
        events,
        borrowed.iter().collect::<Vec<_>>(),
        "in place differently"
    );
    // Through the hold-back state, lent out (`poll_ready`, `take_ref`) as handed over
    // (`poll_output`), split the same way and reading between a poll and its take.
    let split = pieces(data, &cuts(data));
    assert_eq!(
        hold_back_run(&split, true),
        hold_back_run(&split, false),
        "lent out differently"
    );
    // A stream that ends without an error had a message_stop.
    if whole.last().is_none_or(Result::is_ok) {
        assert!(
            whole
                .iter()
                .any(|r| matches!(r, Ok(StreamEvent::MessageStop { .. }))),
            "ended cleanly without message_stop: {whole:?}"
        );
    }
}

// ---------------------------------------------------------------- proxies

/// `ProxyUrl::parse` of any text.
pub fn proxy_url(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(proxy) = ProxyUrl::parse(&text) {
        assert!(!proxy.host().is_empty());
        let plain = proxy.without_credentials();
        let again = ProxyUrl::parse(&plain).expect("the credential-free form re-parses");
        assert_eq!(again.host(), proxy.host(), "{plain}");
        assert_eq!(again.port(), proxy.port(), "{plain}");
        assert!(again.authorization().is_none());
        let _ = format!("{proxy:?}");
    }
}

/// `NoProxy::parse` of any list, matched against any host and port.
pub fn no_proxy(data: &[u8]) {
    let mut f = Fields(data);
    let port = u16::from_le_bytes(f.take::<2>());
    let text = String::from_utf8_lossy(f.rest());
    let (list, host) = text
        .split_once('\n')
        .unwrap_or((&text, "api.anthropic.com"));
    let rules = NoProxy::parse(list);
    let matched = rules.matches(host, port);
    if rules.is_all() {
        assert!(matched);
    }
    let plain = !host.is_empty()
        && host.len() < 200
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && host
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && host
            .bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if plain {
        let with_host = NoProxy::parse(&format!("{list},{host}"));
        assert!(
            with_host.matches(host, port),
            "{host} not matched by {list},{host}"
        );
        assert!(with_host.matches(&host.to_ascii_uppercase(), port));
    }
}

// ---------------------------------------------------------------- pagination

/// A page from any body: the next-page cursor follows the rules.
pub fn pagination(data: &[u8]) {
    let headers = HeaderMap::new();
    let Ok(mut page) = decode_body::<Page<Value>>("Page", StatusCode::OK, &headers, data) else {
        return;
    };
    for backwards in [false, true] {
        let origin = Call::<Page<Value>>::new(Method::GET, "/v1/models", "Page")
            .query_param("limit", Some(5))
            .query_param("before_id", backwards.then_some("origin"));
        page.set_call(&origin);
        let (key, cursor) = if backwards {
            ("before_id", page.first_id.as_deref())
        } else {
            ("after_id", page.last_id.as_deref())
        };
        match page.next_page_call() {
            None => assert!(
                page.has_more == Some(false)
                    || page.data.is_empty()
                    || cursor.is_none_or(str::is_empty)
            ),
            Some(next) => {
                assert!(page.has_more != Some(false) && !page.data.is_empty());
                assert_eq!(next.query_value(key), cursor);
                assert_eq!(next.query_value("limit"), Some("5"));
                assert_eq!(next.path(), "/v1/models");
            }
        }
    }
}

// ---------------------------------------------------------------- content decoding

fn content_run(encoding: &str, limit: Option<u64>, chunks: &[&[u8]]) -> (Vec<u8>, Option<String>) {
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-encoding",
        HeaderValue::from_str(encoding).expect("token"),
    );
    let mut d = ContentDecoder::new(&headers, limit).expect("a known encoding");
    let mut out = Vec::new();
    let mut step = |d: &mut ContentDecoder, r: Result<(), Error>| -> Option<String> {
        out.extend_from_slice(d.output());
        d.clear_output();
        if let Some(limit) = limit {
            assert!(out.len() as u64 <= limit, "decoded past the limit");
        }
        match r {
            Ok(()) => None,
            Err(e @ (Error::Connection(_) | Error::InvalidRequest(_))) => Some(e.to_string()),
            Err(e) => panic!("unexpected error {e:?}"),
        }
    };
    for c in chunks {
        let r = d.decode(c);
        if let Some(e) = step(&mut d, r) {
            return (out, Some(e));
        }
    }
    let r = d.finish();
    let e = step(&mut d, r);
    (out, e)
}

/// Compressed bodies of any bytes: split-independent and bounded.
pub fn content(data: &[u8]) {
    let mut f = Fields(data);
    let [selector] = f.take::<1>();
    let body = f.rest();
    let encoding = if selector & 1 == 0 { "gzip" } else { "deflate" };
    let limit = (selector & 2 != 0).then(|| u64::from(selector >> 2) * 64);
    let whole = content_run(encoding, limit, &[body]);
    let split = content_run(encoding, limit, &pieces(body, &cuts(body)));
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    let runs = if body.len() <= 2048 {
        vec![split, content_run(encoding, limit, &bytes)]
    } else {
        vec![split]
    };
    for other in runs {
        // Whether the body fails may not depend on the steps. Where it fails may: the
        // bytes decoded before a corrupt spot or the limit can differ (the inflater
        // drops what it held when it fails), but each run's output is a prefix of the
        // same decoded stream, and a body that does not fail decodes the same.
        assert_eq!(whole.1.is_some(), other.1.is_some(), "split differently");
        if whole.1.is_none() {
            assert_eq!(whole, other, "split differently");
        } else {
            let n = whole.0.len().min(other.0.len());
            assert_eq!(whole.0[..n], other.0[..n], "outputs are not one stream");
        }
    }
}
