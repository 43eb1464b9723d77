//! The fault matrix (`anthropic_mock::faults::matrix()`) through the async client: every
//! row's outcome and request count, within the configured timeouts, with the same mapping
//! from errors to [`Outcome`]s as the blocking runner (`runtimes/blocking/tests/fault_matrix.rs`).
//!
//! Rows run one after another, each against a server of its own, so that a row's timing
//! (read timeouts of 500 ms) is not disturbed by its neighbours.

use std::time::{Duration, Instant};

use anthropic_async::{Client, ClientConfig, Error, RequestOptions, Runtime, Timeout};
use anthropic_core::stream::StreamError;
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::faults::{Call, Fault, FaultCase, Outcome, matrix};
use anthropic_mock::{MockResponse, MockServer};

use super::Harness;

type C<H> = Client<<H as Harness>::R>;

/// The blocking runner's mapping, unchanged.
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

fn params(text: &str) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(text)
}

async fn run<H: Harness>(
    client: &C<H>,
    call: Call,
    server: Option<&MockServer>,
) -> Result<(), Error> {
    let params = params("fault");
    match call {
        Call::Create => client.messages().create(&params).await.map(drop),
        Call::CreateTwice => {
            client.messages().create(&params).await?;
            // Blocks the executor briefly: nothing of the client runs meanwhile.
            if let Some(server) = server {
                assert!(server.wait_for_finished_connections(1, Duration::from_secs(5)));
            }
            client.messages().create(&params).await.map(drop)
        }
        Call::Stream => {
            let mut stream = client.messages().create_stream(&params).await?;
            while let Some(event) = stream.next_event().await {
                event?;
            }
            Ok(())
        }
    }
}

/// Runs one row; `Err` says how it differed from the row's expectation.
async fn run_row<H: Harness>(case: FaultCase) -> Result<(), String> {
    let server = MockServer::start();
    let url = server.url();
    let server = match case.fault {
        Fault::ConnectionRefused => {
            drop(server);
            None
        }
        Fault::Script(script) => {
            for response in script {
                server.enqueue(response);
            }
            Some(server)
        }
    };
    let client = Client::<H::R>::new(
        ClientConfig::new()
            .with_api_key("sk-ant-test")
            .with_base_url(&url)
            .with_max_retries(case.max_retries)
            .with_timeout(Timeout::uniform(case.read_timeout)),
    )
    .unwrap();
    let started = Instant::now();
    let got = outcome(run::<H>(&client, case.call, server.as_ref()).await);
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

pub async fn every_row_of_the_fault_matrix<H: Harness>() {
    let mut failures = Vec::new();
    let rows = matrix();
    assert!(rows.len() > 40, "the matrix shrank: {} rows", rows.len());
    for case in rows {
        if let Err(why) = run_row::<H>(case).await {
            failures.push(why);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn message_json(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "scripted"}],
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "usage": {"input_tokens": 1, "output_tokens": 1}
    })
}

fn client<H: Harness>(server: &MockServer) -> C<H> {
    Client::new(
        ClientConfig::new()
            .with_api_key("sk-ant-test-key")
            .with_base_url(server.url())
            .with_timeout(Timeout::uniform(Duration::from_secs(5))),
    )
    .unwrap()
}

/// The blocking test of this name, on the async client: the first answer says
/// `connection: close` and the server closes after it; the next request succeeds on a
/// new connection.
pub async fn a_pooled_connection_closed_after_a_connection_close_answer_is_replaced<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    server.enqueue(
        MockResponse::json(200, message_json("msg_scripted")).header("connection", "close"),
    );
    client.messages().create(&params("one")).await.unwrap();
    client.messages().create(&params("two")).await.unwrap();
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 2);
}

/// A complete keep-alive response (no `connection: close`), after which the server closes
/// the connection without a word: the idle pooled connection is dead when the next
/// request takes it. That request must still succeed, on a new connection, without
/// spending a retry (with retries disabled too).
pub async fn a_pooled_connection_closed_by_the_server_between_requests_is_replaced<H: Harness>() {
    let server = MockServer::start();
    let client = client::<H>(&server);
    let silent_close = || {
        let body = message_json("msg_then_closed").to_string();
        MockResponse::raw(format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_raw\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        ))
    };
    server.enqueue(silent_close());
    let first = client.messages().create(&params("one")).await.unwrap();
    assert_eq!(first.id, "msg_then_closed");
    // Let the server's close reach the client's socket, so the pooled connection is dead
    // (not dying) when the next request takes it.
    H::R::default().sleep(Duration::from_millis(30)).await;
    let raw = client
        .messages()
        .with_raw_response()
        .create(&params("two"))
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 200);
    assert_eq!(raw.retries_taken(), 0, "the resend is not a retry");
    assert_eq!(server.connection_count(), 2);

    server.enqueue(silent_close());
    // On the second connection, which the server then closes in turn.
    client.messages().create(&params("three")).await.unwrap();
    H::R::default().sleep(Duration::from_millis(30)).await;
    client
        .messages()
        .with_options(RequestOptions::new().max_retries(0))
        .create(&params("four"))
        .await
        .unwrap();
    assert_eq!(server.connection_count(), 3);
    assert_eq!(server.request_count(), 4);
    let retry_counts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("x-stainless-retry-count").unwrap_or("").to_owned())
        .collect();
    assert!(retry_counts.iter().all(|c| c == "0"), "{retry_counts:?}");
}
