//! [`AwsSdkCredentials`]: Bedrock credentials from the AWS SDK's credential providers
//! (feature `aws-credential-types`), so that a Bedrock client signs with whatever
//! `aws_config::load_defaults(..).await.credentials_provider()` resolves: SSO,
//! assume-role, web identity, container and instance metadata (IMDS), and the rest of
//! the official chain.
//!
//! # The rule: the provider is polled once, never waited for
//!
//! The SDK's providers are async (`provide_credentials()` is a future), while this SDK
//! asks for credentials synchronously, just before each attempt, on the blocking client
//! and on the async ones alike (the core decides, the drivers only ask). So the adapter
//! polls the provider's future **once**, with a no-op waker, and never blocks or spawns:
//!
//! - a future that is ready at once (static keys, `provide_credentials_fn` closures that
//!   do not wait, providers answering from their own cache) gives the credentials;
//! - a future that would wait (a provider that must read a file asynchronously or call
//!   STS, SSO or IMDS first) is dropped, and the attempt fails before anything is sent
//!   with an [`Error::Credentials`] that says to call [`AwsSdkCredentials::refresh`];
//! - credentials obtained either way are kept until five minutes before their expiry
//!   (forever without one), so the provider is not asked again for each request.
//!
//! For the chains that need the network, `refresh().await` on your own runtime (tokio for
//! aws-config) before the first request and again before the credentials expire: it
//! awaits the provider and fills the cache. The blocking client can use such a chain the
//! same way, with a runtime used only for the refresh.
//!
//! # Dependencies
//!
//! `aws-credential-types` only, not `aws-config`: no HTTP stack, and no async runtime (it
//! brings tokio's `sync` primitives, without tokio's runtime, reactor or timers). The
//! default build has none of it.

use std::fmt;
use std::future::Future;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use anthropic_core::Error;
use anthropic_core::platform::{AwsCredentials, AwsCredentialsProvider};
use aws_credential_types::Credentials;
use aws_credential_types::provider::ProvideCredentials;

/// How long before their expiry kept credentials are asked for again.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// A Bedrock credentials provider over any AWS SDK
/// [`ProvideCredentials`] (see the [module docs](self) for the one rule).
///
/// ```no_run
/// # async fn run() -> Result<(), anthropic_core::Error> {
/// use std::sync::Arc;
/// use anthropic_core::platform::BedrockOptions;
/// use anthropic_platform::AwsSdkCredentials;
/// use aws_credential_types::Credentials;
///
/// // With aws-config: `AwsSdkCredentials::new(sdk_config.credentials_provider().unwrap())`.
/// let keys = Credentials::new("AKID", "secret", None, None, "example");
/// let provider = Arc::new(AwsSdkCredentials::new(keys));
/// provider.refresh().await?; // needed only for providers that must wait
/// let options = BedrockOptions::new().aws_region("us-east-1").credentials_provider(provider);
/// # let _ = options; Ok(()) }
/// ```
pub struct AwsSdkCredentials<P> {
    provider: P,
    kept: Mutex<Option<Credentials>>,
}

impl<P: fmt::Debug> fmt::Debug for AwsSdkCredentials<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The SDK's `Debug` of providers and credentials redacts the secrets.
        f.debug_struct("AwsSdkCredentials")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl<P: ProvideCredentials> AwsSdkCredentials<P> {
    /// The adapter over `provider` (nothing is asked yet).
    pub fn new(provider: P) -> Self {
        AwsSdkCredentials {
            provider,
            kept: Mutex::new(None),
        }
    }

    /// Awaits the provider (on the caller's runtime) and keeps its credentials for the
    /// requests that follow. Errors are the provider's, as [`Error::Credentials`].
    pub async fn refresh(&self) -> Result<(), Error> {
        let credentials = self.provider.provide_credentials().await.map_err(failed)?;
        self.keep(credentials);
        Ok(())
    }

    fn keep(&self, credentials: Credentials) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(credentials);
    }

    fn kept(&self, now: SystemTime) -> Option<Credentials> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let credentials = kept.as_ref()?;
        match credentials.expiry() {
            Some(expiry) if now + REFRESH_BEFORE_EXPIRY >= expiry => None,
            _ => Some(credentials.clone()),
        }
    }
}

impl<P: ProvideCredentials> AwsCredentialsProvider for AwsSdkCredentials<P> {
    fn credentials(&self, now: SystemTime) -> Result<AwsCredentials, Error> {
        if let Some(kept) = self.kept(now) {
            return Ok(convert(&kept));
        }
        let future = std::pin::pin!(self.provider.provide_credentials());
        match future.poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Ok(credentials)) => {
                let converted = convert(&credentials);
                self.keep(credentials);
                Ok(converted)
            }
            Poll::Ready(Err(e)) => Err(failed(e)),
            Poll::Pending => Err(Error::Credentials(
                "the AWS credentials provider cannot answer without waiting (it needs I/O \
                 first); await `AwsSdkCredentials::refresh()` on your runtime before the \
                 request, and again before the credentials expire"
                    .into(),
            )),
        }
    }
}

fn convert(credentials: &Credentials) -> AwsCredentials {
    let mut out = AwsCredentials::new(credentials.access_key_id(), credentials.secret_access_key());
    if let Some(token) = credentials.session_token() {
        out = out.session_token(token);
    }
    out
}

fn failed(e: aws_credential_types::provider::error::CredentialsError) -> Error {
    Error::Credentials(format!("the AWS credentials provider failed: {e}"))
}
