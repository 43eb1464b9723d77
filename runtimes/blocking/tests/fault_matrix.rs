//! The fault matrix (`anthropic_mock::faults`) through the blocking client: every row's
//! outcome and request count, within the configured timeouts.

mod support;

use std::time::{Duration, Instant};

use anthropic_blocking::{Client, ClientConfig, Error, Timeout};
use anthropic_core::stream::StreamError;
use anthropic_mock::faults::{Call, Fault, Outcome, matrix};
use anthropic_mock::{MockResponse, MockServer};

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

fn run(client: &Client, call: Call, server: Option<&MockServer>) -> Result<(), Error> {
    let params = support::params("fault");
    match call {
        Call::Create => client.messages().create(&params).map(drop),
        Call::CreateTwice => {
            client.messages().create(&params)?;
            if let Some(server) = server {
                assert!(server.wait_for_finished_connections(1, Duration::from_secs(5)));
            }
            client.messages().create(&params).map(drop)
        }
        Call::Stream => {
            for event in client.messages().create_stream(&params)? {
                event?;
            }
            Ok(())
        }
    }
}

#[test]
fn every_row_of_the_fault_matrix() {
    let mut failures = Vec::new();
    for case in matrix() {
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
        let client = Client::new(
            ClientConfig::new()
                .with_api_key("sk-ant-test")
                .with_base_url(&url)
                .with_max_retries(case.max_retries)
                .with_timeout(Timeout::uniform(case.read_timeout)),
        )
        .unwrap();
        let started = Instant::now();
        let got = outcome(run(&client, case.call, server.as_ref()));
        let elapsed = started.elapsed();
        let requests = server.as_ref().map(MockServer::request_count);
        if !case.expect.outcomes.contains(&got) || requests != case.expect.requests {
            failures.push(format!(
                "{}: got {got:?} after {requests:?} requests, expected {:?} after {:?}",
                case.name, case.expect.outcomes, case.expect.requests
            ));
        }
        // No hang beyond the configured timeouts and retry sleeps.
        let bound = case.read_timeout * (case.max_retries + 1) + Duration::from_secs(3);
        if elapsed > bound {
            failures.push(format!("{}: took {elapsed:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_pooled_connection_closed_by_the_server_is_replaced() {
    let server = MockServer::start();
    let client = support::client(&server);
    // The first answer closes its connection after replying; the next request must notice
    // and succeed on a new one.
    server.enqueue(MockResponse::json(200, support::message_json()).header("connection", "close"));
    client.messages().create(&support::params("one")).unwrap();
    client.messages().create(&support::params("two")).unwrap();
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 2);
}

#[test]
fn a_pooled_connection_closed_silently_between_requests_is_replaced() {
    let server = MockServer::start();
    let client = Client::new(
        ClientConfig::new()
            .with_api_key("sk-ant-test")
            .with_base_url(server.url())
            .with_max_retries(0),
    )
    .unwrap();
    // A keep-alive answer (no `connection: close`), then the server closes the socket.
    let body = support::message_json().to_string();
    server.enqueue(MockResponse::raw(format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )));
    client.messages().create(&support::params("one")).unwrap();
    std::thread::sleep(Duration::from_millis(30));
    // Even with no retries allowed, the next request succeeds on a fresh connection.
    client.messages().create(&support::params("two")).unwrap();
    assert_eq!(server.connection_count(), 2);
}
