//! Bedrock requests signed with credentials from the AWS SDK's providers
//! (`anthropic_platform::AwsSdkCredentials`, feature `aws-credential-types`), on every
//! client, over loopback against the mock, which verifies every signature: static keys, a
//! closure provider asked once and again near expiry, a provider that would wait (refused
//! before sending, until `refresh()` was awaited), and a provider's error. Part of the
//! platform suite (`mod.rs`); each client crate's dev-dependencies turn the feature on.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use crate::BedrockClient;
#[allow(unused_imports)]
use crate::prelude::*;

use anthropic_core::platform::BedrockOptions;
use anthropic_core::types::MessageCreateParams;
use anthropic_core::{ClientConfig, Error};
use anthropic_mock::{MockServer, bedrock};
use anthropic_platform::AwsSdkCredentials;
use aws_credential_types::Credentials;
use aws_credential_types::credential_fn::provide_credentials_fn;
use aws_credential_types::provider::{ProvideCredentials, future};

const MODEL: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

fn client(
    server: &MockServer,
    provider: Arc<dyn anthropic_core::platform::AwsCredentialsProvider>,
) -> BedrockClient {
    let options = BedrockOptions::new()
        .aws_region("us-east-1")
        .base_url(server.url())
        .credentials_provider(provider);
    BedrockClient::with_config(options, ClientConfig::new().max_retries(0)).unwrap()
}

fn hello() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 64).user("Hello")
}

/// Runs a future by polling it until it is ready (the test's futures wake at once and
/// need no runtime): `refresh()` on every client, the blocking one included.
fn poll_until_ready<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(out) = future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            return out;
        }
    }
}

pub async fn static_keys_sign_requests_the_mock_verifies() {
    let server = MockServer::start();
    let keys = Credentials::from_keys(
        bedrock::TEST_ACCESS_KEY,
        bedrock::TEST_SECRET_KEY,
        Some("sdk-session".into()),
    );
    let client = client(&server, Arc::new(AwsSdkCredentials::new(keys)));
    let message = aw!(client.messages().create(&hello())).unwrap();
    assert!(message.text().contains("You said: Hello"));
    let request = server.last_request().unwrap();
    bedrock::verify(&request).expect("a valid signature");
    assert_eq!(request.header("x-amz-security-token"), Some("sdk-session"));
}

pub async fn a_closure_provider_is_asked_once_and_again_near_expiry() {
    let server = MockServer::start();
    let calls = Arc::new(AtomicUsize::new(0));
    let (counter, lifetime) = (calls.clone(), Duration::from_secs(3600));
    let provider = provide_credentials_fn(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(Credentials::new(
                bedrock::TEST_ACCESS_KEY,
                bedrock::TEST_SECRET_KEY,
                None,
                Some(SystemTime::now() + lifetime),
                "closure",
            ))
        }
    });
    let adapter = Arc::new(AwsSdkCredentials::new(provider));
    let client = client(&server, adapter.clone());
    aw!(client.messages().create(&hello())).unwrap();
    aw!(client.messages().create(&hello())).unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "kept until near its expiry"
    );
    for request in server.requests() {
        bedrock::verify(&request).unwrap();
    }
    // Five minutes before the expiry the provider is asked again.
    use anthropic_core::platform::AwsCredentialsProvider as _;
    adapter
        .credentials(SystemTime::now() + lifetime - Duration::from_secs(299))
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A provider that needs to wait once (as one doing I/O would) before it answers.
#[derive(Debug)]
struct WaitsOnce(AtomicUsize);

impl ProvideCredentials for WaitsOnce {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let mut polled = false;
            std::future::poll_fn(|cx| {
                if polled {
                    Poll::Ready(())
                } else {
                    polled = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
            .await;
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(Credentials::new(
                bedrock::TEST_ACCESS_KEY,
                bedrock::TEST_SECRET_KEY,
                None,
                None,
                "waits",
            ))
        })
    }
}

pub async fn a_provider_that_would_wait_is_refused_until_refreshed() {
    let server = MockServer::start();
    let adapter = Arc::new(AwsSdkCredentials::new(WaitsOnce(AtomicUsize::new(0))));
    let client = client(&server, adapter.clone());
    let err = aw!(client.messages().create(&hello())).unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(err.to_string().contains("refresh()"), "{err}");
    assert_eq!(server.request_count(), 0, "nothing is sent");

    poll_until_ready(adapter.refresh()).unwrap();
    aw!(client.messages().create(&hello())).unwrap();
    bedrock::verify(&server.last_request().unwrap()).unwrap();
}

pub async fn a_provider_error_fails_before_sending() {
    let server = MockServer::start();
    let provider = provide_credentials_fn(|| async {
        Err(aws_credential_types::provider::error::CredentialsError::not_loaded("no profile"))
    });
    let client = client(&server, Arc::new(AwsSdkCredentials::new(provider)));
    let err = aw!(client.messages().create(&hello())).unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert!(
        err.to_string().contains("AWS credentials provider failed"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0);
    assert!(!format!("{client:?}").contains(bedrock::TEST_SECRET_KEY));
}
