//! OpenAPI conformance: every request the SDK builds, sent by the blocking client to Steady
//! (an OpenAPI mock server that validates requests against the API's spec), and every
//! response Steady generates from the spec, decoded by our types.
//!
//! Ignored by default (it needs Node and the spec); `.ci/run` runs it as
//! `STEADY_BIN=.../steady STEADY_SPEC=.../openapi.yaml cargo test -p anthropic-blocking
//! --test conformance -- --ignored`.
//!
//! The case table (`conformance/cases.rs`) and the Steady harness (`conformance/steady.rs`)
//! know nothing about this runtime; this file only says how the blocking client sends a
//! case. The async clients run the same table through an adapter of their own
//! (`runtimes/async/tests/conformance/mod.rs`, included by `tests/conformance.rs` in
//! `anthropic-tokio`, `anthropic-smol` and `anthropic-async-std`).
//!
//! What is checked, per case: Steady's `x-steady-request-valid: true` with no diagnostic at
//! all (its "no variant matched" warnings count as failures), a 2xx, the SDK decoding the
//! body without error and without keeping a known block type as `Unknown`, and the decoded
//! value serializing back to the body (nulls aside). Canary requests outside the spec run
//! first and must be flagged. Tests: messages create / count_tokens / stream, models, and
//! a sweep of schema-generated responses (a second Steady on an example-free temp copy of
//! the spec, varied by `x-steady-seed`). The request cases also pass with Steady's
//! `--validator-strict-oneof` (checked by hand); the suite uses Steady's default, as the
//! official SDKs' CI does, so that an ambiguity in a future spec is not reported as ours.
//!
//! Headers: the SDK sends headers the spec does not declare (`x-api-key` on the messages
//! operations, the `x-stainless-*` platform headers, `x-stainless-retry-count`,
//! `x-stainless-timeout`, `user-agent`). The Python SDK 0.76.0 sends the same ones
//! (`_base_client.py` `default_headers`, `platform_headers`, `_build_headers`); Steady
//! ignores undeclared headers, and each case requires `x-steady-request-valid: true`, so any
//! header it did object to would fail the case with the header named.

macro_rules! aw_blocking {
    ($e:expr) => {
        $e
    };
}

#[path = "conformance/cases.rs"]
#[macro_use]
mod cases;
#[path = "conformance/steady.rs"]
mod steady;

use std::time::{Duration, Instant};

use anthropic_blocking::{Client, ClientConfig, Error, RawResponse, Timeout};
use anthropic_core::endpoints::messages;
use anthropic_core::response::ResponseBody;
use anthropic_core::{Exchange, RequestOptions, Timestamp};
use serde::Serialize;

use cases::{Call, Case, Outcome, Sender};

/// The blocking client, pointed at Steady.
struct Blocking {
    client: Client,
    config: ClientConfig,
    agent: ureq::Agent,
}

impl Blocking {
    fn new(base_url: &str) -> Blocking {
        let config = ClientConfig::new()
            .api_key("sk-ant-api03-conformance")
            .base_url(base_url)
            .max_retries(0)
            .timeout(Timeout::uniform(Duration::from_secs(30)));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Blocking {
            client: Client::new(config.clone()).expect("client"),
            config,
            agent,
        }
    }
}

/// What a raw SDK call gave back, as an [`Outcome`]; `notes` inspects the parsed value.
fn outcome<T: ResponseBody + Serialize>(
    result: Result<RawResponse<T>, Error>,
    notes: impl FnOnce(&T) -> Vec<String>,
) -> Result<Outcome, String> {
    match result {
        Ok(raw) => {
            let decoded = raw
                .parse()
                .map(|value| cases::decoded(&value, notes(&value)))
                .map_err(|e| e.to_string());
            Ok(Outcome {
                status: raw.status().as_u16(),
                headers: raw.headers().clone(),
                body: raw.body().to_vec(),
                decoded: Some(decoded),
            })
        }
        Err(Error::Api(e)) => Ok(Outcome {
            status: e.status().as_u16(),
            headers: e.headers().clone(),
            body: e.body().to_string().into_bytes(),
            decoded: Some(Err(format!("API error: {e}"))),
        }),
        Err(e) => Err(format!("the call failed before Steady could answer: {e}")),
    }
}

fn error_outcome(error: Error) -> Result<Outcome, String> {
    outcome::<serde_json::Value>(Err(error), no_notes)
}

fn no_notes<T>(_: &T) -> Vec<String> {
    Vec::new()
}

impl Sender for Blocking {
    fn send(&self, case: &Case) -> Result<Outcome, String> {
        let options = case
            .steady_headers
            .iter()
            .fold(RequestOptions::new(), |o, (name, value)| {
                o.header(*name, value)
            });
        let client = &self.client;
        match &case.call {
            Call::Create { beta, params } => {
                let resource = if *beta {
                    client.beta().messages()
                } else {
                    client.messages()
                }
                .with_options(options);
                outcome(
                    resource.with_raw_response().create(params),
                    cases::message_notes,
                )
            }
            Call::CountTokens { beta, params } => {
                let resource = if *beta {
                    client.beta().messages()
                } else {
                    client.messages()
                }
                .with_options(options);
                outcome(resource.with_raw_response().count_tokens(params), no_notes)
            }
            Call::ListModels { beta, params } => {
                let resource = if *beta {
                    client.beta().models()
                } else {
                    client.models()
                }
                .with_options(options);
                outcome(resource.with_raw_response().list(params), no_notes)
            }
            Call::RetrieveModel {
                beta,
                model_id,
                betas,
            } => {
                let resource = if *beta {
                    client.beta().models()
                } else {
                    client.models()
                }
                .with_options(options);
                outcome(
                    resource
                        .with_raw_response()
                        .retrieve_with_betas(model_id, betas),
                    no_notes,
                )
            }
            Call::CreateStream { beta, params } => self.send_stream(*beta, params, &options),
            Call::Endpoint(call) => send_endpoint_call!(client, options.clone(), call, aw_blocking),
        }
    }
}

impl Blocking {
    /// Streaming exists only in core so far: build the exchange and send its first attempt
    /// with a plain ureq agent. Steady answers `stream: true` with JSON (the spec declares no
    /// event stream), so only the request's validity is checked.
    fn send_stream(
        &self,
        beta: bool,
        params: &anthropic_core::types::MessageCreateParams,
        options: &RequestOptions,
    ) -> Result<Outcome, String> {
        let call = messages::create_stream(params, beta).map_err(|e| e.to_string())?;
        let mut exchange = Exchange::new(&self.config, call, options, Timestamp::ZERO)
            .map_err(|e| e.to_string())?;
        let attempt = exchange
            .start_attempt(Timestamp::ZERO)
            .map_err(|e| e.to_string())?;
        let sent: serde_json::Value = serde_json::from_slice(attempt.request.body())
            .map_err(|e| format!("the stream request body is not JSON: {e}"))?;
        if sent.get("stream") != Some(&serde_json::Value::Bool(true)) {
            return Err(format!(
                "the stream request body lacks \"stream\": true: {sent}"
            ));
        }
        let mut response = self
            .agent
            .run(attempt.request)
            .map_err(|e| format!("transport: {e}"))?;
        let body = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| format!("reading the body: {e}"))?;
        Ok(Outcome {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body,
            decoded: None,
        })
    }
}

fn run(cases: Vec<Case>) {
    run_on(steady::shared(), cases);
}

fn run_on(steady: std::sync::Arc<steady::Steady>, cases: Vec<Case>) {
    let sender = Blocking::new(&steady.url());
    let started = Instant::now();
    cases::run_canaries(&sender);
    cases::run_all(&sender, &cases);
    eprintln!("ran in {:?} against {}", started.elapsed(), steady.url());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn messages_create_conforms() {
    run(cases::create_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn messages_count_tokens_conforms() {
    run(cases::count_tokens_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn messages_stream_conforms() {
    run(cases::stream_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn models_conform() {
    run(cases::model_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn batches_conform() {
    run(cases::batch_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn files_conform() {
    run(cases::file_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn skills_conform() {
    run(cases::skill_cases());
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn completions_conform() {
    run(cases::completion_cases());
}

/// The table has a case for every call, GA and beta, under unique names.
#[test]
fn the_table_covers_every_call_in_both_forms() {
    let gaps = cases::coverage_gaps(&cases::all_cases());
    assert!(gaps.is_empty(), "{}", gaps.join("\n"));
}

#[test]
#[ignore = "needs Steady; .ci/run runs it with --ignored"]
fn schema_generated_responses_decode() {
    run_on(
        steady::shared_schema_generated(),
        cases::schema_generated_response_cases(),
    );
}
