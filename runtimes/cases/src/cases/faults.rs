//! The fault matrix (`anthropic_mock::faults::matrix()`) through the client: every row's
//! outcome and request count, within the configured timeouts. One runner for every
//! client, so that the mapping from errors to [`Outcome`]s is the same everywhere.
//!
//! Rows run one after another, each against a server of its own, so that a row's timing
//! (read timeouts of 500 ms) is not disturbed by its neighbours. "Connection refused"
//! rows point at a [`RefusingPort`], which nothing can bind while the row runs.

use std::time::{Duration, Instant};

use anthropic_core::stream::StreamError;
use anthropic_core::{ClientConfig, Error, Timeout, TransportConfig};
use anthropic_mock::MockServer;
use anthropic_mock::faults::{Call, Fault, FaultCase, Outcome, matrix};

use super::say;
use crate::net::RefusingPort;
use crate::subject::{Events, Subject, ga};

fn outcome(result: Result<(), Error>) -> Outcome {
    match result {
        Ok(()) => Outcome::Ok,
        Err(Error::Api(e)) => Outcome::Status(e.status().as_u16()),
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Connection(_)) => Outcome::Connection,
        Err(Error::Stream(StreamError::Incomplete { .. })) => Outcome::Incomplete,
        Err(Error::Stream(_)) => Outcome::BadStream,
        // After a valid request was sent, only the body size limit refuses this way.
        Err(Error::InvalidRequest(_)) => Outcome::TooLarge,
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

fn run<S: Subject>(client: &S, call: Call, server: Option<&MockServer>) -> Result<(), Error> {
    let params = say("fault");
    match call {
        Call::Create => client.create(ga(), &params).map(drop),
        Call::CreateTwice => {
            client.create(ga(), &params)?;
            if let Some(server) = server {
                assert!(server.wait_for_finished_connections(1, Duration::from_secs(5)));
            }
            client.create(ga(), &params).map(drop)
        }
        Call::Stream => {
            let mut stream = client.create_stream(ga(), &params)?;
            while let Some(event) = stream.next_event() {
                event?;
            }
            Ok(())
        }
    }
}

/// Runs one row; `Err` says how it differed from the row's expectation.
fn run_row<S: Subject>(case: FaultCase) -> Result<(), String> {
    let refusing = RefusingPort::new();
    let (url, server) = match case.fault {
        Fault::ConnectionRefused => (refusing.url(), None),
        Fault::Script(script) => {
            let server = MockServer::start();
            for response in script {
                server.enqueue(response);
            }
            (server.url(), Some(server))
        }
    };
    let client = S::build(
        ClientConfig::new()
            .api_key("sk-ant-test")
            .base_url(&url)
            .max_retries(case.max_retries)
            .timeout(Timeout::uniform(case.read_timeout)),
        TransportConfig::default().proxy_direct(),
    )
    .unwrap();
    let started = Instant::now();
    let got = outcome(run(&client, case.call, server.as_ref()));
    let elapsed = started.elapsed();
    let requests = server.as_ref().map(MockServer::request_count);
    let mut problems = Vec::new();
    if !case.expect.outcomes.contains(&got) || requests != case.expect.requests {
        problems.push(format!(
            "{}: got {got:?} after {requests:?} requests, expected {:?} after {:?}",
            case.name, case.expect.outcomes, case.expect.requests
        ));
    }
    // No hang beyond the configured timeouts and retry sleeps.
    let bound = case.read_timeout * (case.max_retries + 1) + Duration::from_secs(3);
    if elapsed > bound {
        problems.push(format!("{}: took {elapsed:?}", case.name));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Every row, each outcome and request count as the row says.
pub fn every_row_of_the_fault_matrix<S: Subject>() {
    let mut failures = Vec::new();
    let rows = matrix();
    assert!(rows.len() > 40, "the matrix shrank: {} rows", rows.len());
    for case in rows {
        if let Err(why) = run_row::<S>(case) {
            failures.push(why);
        }
    }
    assert!(failures.is_empty(), "{}:\n{}", S::NAME, failures.join("\n"));
}
