//! One call's exchange, driven with [`Timestamp`]s: no `std::time::Instant` exists here.

use std::time::{Duration, SystemTime};

use anthropic_core::endpoints::messages;
use anthropic_core::types::{Message, MessageCreateParams, Model, StopReason};
use anthropic_core::{
    ClientConfig, Error, Exchange, HeadOutcome, Moment, RequestOptions, Timeout, TimeoutKind,
    Timestamp,
};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::{check, failed};

/// The canned answer of the mock API.
const BODY: &[u8] = br#"{"id":"msg_wasm","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hello from wasm"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":4}}"#;

/// The wall clock of the retry: a `SystemTime` made without `SystemTime::now` (which a
/// wasm32-unknown-unknown program cannot call), as a host makes it from `Date.now()`.
/// 1 000 000 000 s after the epoch is Sun, 09 Sep 2001 01:46:40 GMT.
fn wall() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// Three seconds after [`wall`], as an HTTP date.
const RETRY_AT: &str = "Sun, 09 Sep 2001 01:46:43 GMT";

/// Every call gets 10 s in all, retries and their sleeps included.
const TOTAL: Duration = Duration::from_secs(10);

pub(crate) fn run(start: Timestamp) -> Result<(), u32> {
    succeeds_first_time(start)?;
    retries_an_overloaded_answer(start)?;
    stops_at_the_deadline(start)
}

fn succeeds_first_time(start: Timestamp) -> Result<(), u32> {
    let mut exchange = exchange(start)?;
    let attempt = exchange
        .start_attempt(after(start, 250)?)
        .map_err(failed(4))?;
    let request = &attempt.request;
    check(request.method() == http::Method::POST, 5)?;
    check(request.uri() == "https://api.anthropic.com/v1/messages", 6)?;
    check(
        header(request.headers(), "x-api-key") == Some("sk-ant-wasm"),
        7,
    )?;
    check(
        header(request.headers(), "x-stainless-retry-count") == Some("0"),
        8,
    )?;
    check(
        header(request.headers(), "anthropic-version") == Some("2023-06-01"),
        9,
    )?;
    let body = String::from_utf8_lossy(request.body());
    check(
        body.contains(r#""model":"claude-sonnet-4-5""#)
            && body.contains(r#""content":"Hello from wasm""#)
            && body.contains(r#""max_tokens":256"#),
        10,
    )?;
    // The deadline is the call's: what is left of it 250 ms in.
    check(attempt.timeout.total == Some(TOTAL - ms(250)), 11)?;

    let headers = response_headers("req_wasm_1");
    let outcome = exchange.handle_head(StatusCode::OK, &headers, moment(after(start, 900)?));
    check(outcome == HeadOutcome::Success, 12)?;
    let message = exchange
        .finish(StatusCode::OK, &headers, BODY)
        .map_err(failed(13))?;
    check(is_the_answer(&message), 14)?;
    check(message.request_id.as_deref() == Some("req_wasm_1"), 15)?;
    check(exchange.retries_taken() == 0, 16)
}

fn retries_an_overloaded_answer(start: Timestamp) -> Result<(), u32> {
    let mut exchange = exchange(start)?;
    let first = exchange.start_attempt(start).map_err(failed(17))?;
    check(
        header(first.request.headers(), "x-stainless-retry-count") == Some("0"),
        18,
    )?;

    let mut overloaded = response_headers("req_wasm_2");
    overloaded.insert("retry-after", HeaderValue::from_static(RETRY_AT));
    let outcome = exchange.handle_head(
        overloaded_status()?,
        &overloaded,
        moment(after(start, 1000)?),
    );
    // The server's date, read against the wall clock given: 3 s, no jitter.
    check(outcome == HeadOutcome::Retry(Duration::from_secs(3)), 20)?;

    let second = exchange
        .start_attempt(after(start, 4000)?)
        .map_err(failed(21))?;
    check(
        header(second.request.headers(), "x-stainless-retry-count") == Some("1"),
        22,
    )?;
    check(second.timeout.total == Some(TOTAL - ms(4000)), 23)?;

    let headers = response_headers("req_wasm_3");
    let outcome = exchange.handle_head(StatusCode::OK, &headers, moment(after(start, 4500)?));
    check(outcome == HeadOutcome::Success, 24)?;
    let message = exchange
        .finish(StatusCode::OK, &headers, BODY)
        .map_err(failed(25))?;
    check(is_the_answer(&message), 26)?;
    check(exchange.retries_taken() == 1, 27)
}

fn stops_at_the_deadline(start: Timestamp) -> Result<(), u32> {
    let mut exchange = exchange(start)?;
    exchange.start_attempt(start).map_err(failed(28))?;
    // A retry whose 3 s sleep would end past the 10 s deadline is not taken...
    let mut overloaded = response_headers("req_wasm_4");
    overloaded.insert("retry-after", HeaderValue::from_static(RETRY_AT));
    let outcome = exchange.handle_head(
        overloaded_status()?,
        &overloaded,
        moment(after(start, 8000)?),
    );
    check(outcome == HeadOutcome::Fail, 29)?;
    // ...and no attempt starts once it has passed.
    let late = exchange.start_attempt(after(start, 10_000)?);
    check(
        matches!(late, Err(Error::Timeout(t)) if t.kind() == TimeoutKind::Total),
        30,
    )
}

/// A call to create a message, prepared at `start` with a 10 s deadline.
fn exchange(start: Timestamp) -> Result<Exchange<Message>, u32> {
    // A worker's secrets come from its host, not a process environment: the lookup is ours.
    let config = ClientConfig::from_env(|name| {
        (name == "ANTHROPIC_API_KEY").then(|| "sk-ant-wasm".to_owned())
    });
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 256).user("Hello from wasm");
    let call = messages::create(&params, false).map_err(failed(2))?;
    let options = RequestOptions::new().timeout(Timeout {
        total: Some(TOTAL),
        ..Timeout::DEFAULT
    });
    Exchange::new(&config, call, &options, start).map_err(failed(3))
}

/// 529 Overloaded (check 19 if `http` refused it).
fn overloaded_status() -> Result<StatusCode, u32> {
    StatusCode::from_u16(529).map_err(failed(19))
}

fn is_the_answer(message: &Message) -> bool {
    message.id == "msg_wasm"
        && message.text() == "Hello from wasm"
        && message.stop_reason == Some(StopReason::EndTurn)
        && message.usage.output_tokens == 4
}

fn moment(now: Timestamp) -> Moment {
    Moment {
        now,
        wall: wall(),
        random: 0.5,
    }
}

fn response_headers(request_id: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("request-id", HeaderValue::from_static(request_id));
    headers
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// `n` ms after `t` (check 1 if the host's clock is too close to the end of time).
fn after(t: Timestamp, n: u64) -> Result<Timestamp, u32> {
    t.checked_add(ms(n)).ok_or(1_u32)
}
