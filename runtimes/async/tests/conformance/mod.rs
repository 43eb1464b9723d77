//! OpenAPI conformance through the async client: the blocking client's case table
//! (`runtimes/blocking/tests/conformance/cases.rs`) and Steady harness (`steady.rs`),
//! unchanged, sent by `anthropic_async::Client` on the runtime under test.
//!
//! The case table's [`Sender`] is synchronous; the adapter here runs each async call to
//! completion with the runtime's `block_on` ([`Harness::block_on`]). The client (and its
//! connection pool) lives across cases, so the harness must drive every call on the same
//! reactor (tokio: one runtime for the whole test binary).
//!
//! Included by each runtime crate's `tests/conformance.rs`:
//!
//! ```ignore
//! #[path = "../../async/tests/conformance/mod.rs"]
//! #[macro_use]
//! mod conformance;
//!
//! struct Harness;
//! impl conformance::Harness for Harness { type R = MyRuntime; fn block_on<F: Future>(f: F) -> F::Output { .. } }
//! conformance_suite!(Harness);
//! ```
//!
//! Ignored by default (it needs Node and the spec); `.ci/run` runs it as
//! `STEADY_BIN=.../steady STEADY_SPEC=.../openapi.yaml cargo test -p anthropic-tokio --test
//! conformance -- --ignored` (and the same for smol and async-std).
//!
//! What differs from the blocking sender: streamed cases go through the async client's
//! own `create_stream` (the blocking client sends them through core and ureq). Steady
//! answers `stream: true` with a JSON body (the spec declares no event stream), so only
//! the request's validity, the status and Steady's verdict headers are checked, as for
//! the blocking client; the stream is dropped unread.

#![allow(dead_code)]

macro_rules! aw_async {
    ($e:expr) => {
        $e.await
    };
}

#[path = "../../../blocking/tests/conformance/cases.rs"]
#[macro_use]
pub mod cases;
#[path = "../../../blocking/tests/conformance/steady.rs"]
pub mod steady;

use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anthropic_async::{Client, ClientConfig, Error, RawResponse, RequestOptions, Runtime, Timeout};
use anthropic_core::response::ResponseBody;
use serde::Serialize;

use cases::{Call, Case, Outcome, Sender};

/// A runtime under test.
pub trait Harness {
    /// The runtime.
    type R: Runtime + Default;
    /// Runs a future to completion on this runtime. Successive calls must share one
    /// reactor: pooled connections made in one call are used by the next.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// The async client on `H`'s runtime, pointed at Steady.
pub struct AsyncSender<H: Harness> {
    client: Client<H::R>,
    _harness: PhantomData<fn() -> H>,
}

impl<H: Harness> AsyncSender<H> {
    pub fn new(base_url: &str) -> Self {
        let config = ClientConfig::new()
            .api_key("sk-ant-api03-conformance")
            .base_url(base_url)
            .max_retries(0)
            .timeout(Timeout::uniform(Duration::from_secs(30)));
        AsyncSender {
            client: Client::new(config).expect("client"),
            _harness: PhantomData,
        }
    }
}

/// What a raw SDK call gave back, as an [`Outcome`]; `notes` inspects the parsed value.
/// The blocking sender's mapping.
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
        Err(e) => error_outcome(e),
    }
}

fn error_outcome(error: Error) -> Result<Outcome, String> {
    match error {
        Error::Api(e) => Ok(Outcome {
            status: e.status().as_u16(),
            headers: e.headers().clone(),
            body: e.body().to_string().into_bytes(),
            decoded: Some(Err(format!("API error: {e}"))),
        }),
        e => Err(format!("the call failed before Steady could answer: {e}")),
    }
}

fn no_notes<T>(_: &T) -> Vec<String> {
    Vec::new()
}

impl<H: Harness> AsyncSender<H> {
    async fn send_async(&self, case: &Case) -> Result<Outcome, String> {
        let options = case
            .steady_headers
            .iter()
            .fold(RequestOptions::new(), |o, (name, value)| {
                o.header(*name, value)
            });
        let client = &self.client;
        let messages = |beta: bool| {
            if beta {
                client.beta().messages()
            } else {
                client.messages()
            }
            .with_options(options.clone())
        };
        let models = |beta: bool| {
            if beta {
                client.beta().models()
            } else {
                client.models()
            }
            .with_options(options.clone())
        };
        match &case.call {
            Call::Create { beta, params } => outcome(
                messages(*beta).with_raw_response().create(params).await,
                cases::message_notes,
            ),
            Call::CountTokens { beta, params } => outcome(
                messages(*beta)
                    .with_raw_response()
                    .count_tokens(params)
                    .await,
                no_notes,
            ),
            Call::ListModels { beta, params } => outcome(
                models(*beta).with_raw_response().list(params).await,
                no_notes,
            ),
            Call::RetrieveModel {
                beta,
                model_id,
                betas,
            } => outcome(
                models(*beta)
                    .with_raw_response()
                    .retrieve_with_betas(model_id, betas)
                    .await,
                no_notes,
            ),
            Call::CreateStream { beta, params } => {
                match messages(*beta).create_stream(params).await {
                    Ok(stream) => Ok(Outcome {
                        status: stream.status().as_u16(),
                        headers: stream.headers().clone(),
                        body: Vec::new(),
                        decoded: None,
                    }),
                    Err(e) => error_outcome(e),
                }
            }
            Call::Endpoint(call) => send_endpoint_call!(client, options.clone(), call, aw_async),
        }
    }
}

impl<H: Harness> Sender for AsyncSender<H> {
    fn send(&self, case: &Case) -> Result<Outcome, String> {
        H::block_on(self.send_async(case))
    }
}

/// Runs the canaries, then `cases`, through the async client against `steady`.
pub fn run_on<H: Harness>(steady: Arc<steady::Steady>, cases: Vec<Case>) {
    let sender = AsyncSender::<H>::new(&steady.url());
    let started = Instant::now();
    cases::run_canaries(&sender);
    cases::run_all(&sender, &cases);
    eprintln!("ran in {:?} against {}", started.elapsed(), steady.url());
}

/// Runs `cases` against the shared Steady.
pub fn run<H: Harness>(cases: Vec<Case>) {
    run_on::<H>(steady::shared(), cases);
}

/// The blocking client's conformance tests, for a harness: the same names, the same
/// case groups, all `#[ignore]`d (they need Steady).
macro_rules! conformance_suite {
    ($harness:ty) => {
        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn messages_create_conforms() {
            conformance::run::<$harness>(conformance::cases::create_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn messages_count_tokens_conforms() {
            conformance::run::<$harness>(conformance::cases::count_tokens_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn messages_stream_conforms() {
            conformance::run::<$harness>(conformance::cases::stream_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn models_conform() {
            conformance::run::<$harness>(conformance::cases::model_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn batches_conform() {
            conformance::run::<$harness>(conformance::cases::batch_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn files_conform() {
            conformance::run::<$harness>(conformance::cases::file_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn skills_conform() {
            conformance::run::<$harness>(conformance::cases::skill_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn completions_conform() {
            conformance::run::<$harness>(conformance::cases::completion_cases());
        }

        #[test]
        #[ignore = "needs Steady; .ci/run runs it with --ignored"]
        fn schema_generated_responses_decode() {
            conformance::run_on::<$harness>(
                conformance::steady::shared_schema_generated(),
                conformance::cases::schema_generated_response_cases(),
            );
        }

        /// The table has a case for every call, GA and beta, under unique names.
        #[test]
        fn the_table_covers_every_call_in_both_forms() {
            let gaps = conformance::cases::coverage_gaps(&conformance::cases::all_cases());
            assert!(gaps.is_empty(), "{}", gaps.join("\n"));
        }
    };
}
