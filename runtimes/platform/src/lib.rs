//! The runtime side shared by the blocking and the async clients: what the pure core may
//! not do itself.
//!
//! - [`clock::now`]: the monotonic time the core's exchanges and pools are given, from
//!   `std::time::Instant` (the core takes a [`Timestamp`](anthropic_core::time::Timestamp),
//!   which hosts without `Instant` can make too).
//! - [`env`](fn@env) and [`read_file`]: the process environment and the file system, as the
//!   lookups the core's resolution functions take (AWS shared credentials and config
//!   files, Google credential files). Files are read once, when a client is built;
//!   [`ResolveOptions`] runs that resolution for each platform's options.
//! - [`RingSigner`]: RSASSA-PKCS1-v1_5 with SHA-256 on ring (the crypto library rustls
//!   already brings), for the JWT a Google service-account key exchanges for a token. The
//!   core cannot hold it: ring draws random numbers.
//! - [`files_from_dir`]: a skill's directory as upload parts, for the skills endpoints of
//!   every client.
//! - `AwsSdkCredentials` (feature `aws-credential-types`, off by default): Bedrock
//!   credentials from the AWS SDK's providers (aws-config's chain).
#![forbid(unsafe_code)]

#[cfg(feature = "aws-credential-types")]
pub mod aws_sdk;
pub mod clock;
mod files_from_dir;
mod resolve;

#[cfg(feature = "aws-credential-types")]
pub use aws_sdk::AwsSdkCredentials;
pub use files_from_dir::files_from_dir;
pub use resolve::ResolveOptions;

use std::sync::Arc;

use anthropic_core::platform::google_auth::Rs256Signer;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

/// The process environment: `std::env::var(name).ok()`.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A file's contents, if it exists and is UTF-8.
pub fn read_file(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The paths of a directory's entries (symbolic links included), if it can be read.
pub fn list_dir(path: &str) -> Option<Vec<String>> {
    let entries = std::fs::read_dir(path).ok()?;
    Some(
        entries
            .filter_map(|entry| Some(entry.ok()?.path().to_string_lossy().into_owned()))
            .collect(),
    )
}

/// RS256 signing on ring.
#[derive(Debug, Clone, Copy, Default)]
pub struct RingSigner;

impl RingSigner {
    /// The signer as the core's trait object.
    pub fn shared() -> Arc<dyn Rs256Signer> {
        Arc::new(RingSigner)
    }
}

impl Rs256Signer for RingSigner {
    fn sign(&self, key: &[u8], message: &[u8]) -> Result<Vec<u8>, String> {
        let pair = RsaKeyPair::from_pkcs8(key)
            .map_err(|e| format!("the private key is not an RSA PKCS#8 key: {e}"))?;
        let mut signature = vec![0; pair.public().modulus_len()];
        pair.sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            message,
            &mut signature,
        )
        .map_err(|_| "RSA signing failed".to_owned())?;
        Ok(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anthropic_core::platform::google_auth::pem_to_der;
    use ring::signature::{KeyPair, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    #[test]
    fn signatures_verify_with_the_public_key() {
        let der = pem_to_der(anthropic_mock::google::TEST_PRIVATE_KEY_PEM).unwrap();
        let signature = RingSigner.sign(&der, b"header.claims").unwrap();
        assert_eq!(signature.len(), 256);
        let pair = RsaKeyPair::from_pkcs8(&der).unwrap();
        let public =
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref());
        public.verify(b"header.claims", &signature).unwrap();
        assert!(public.verify(b"header.claimz", &signature).is_err());
        assert!(
            RingSigner
                .sign(b"not a key", b"m")
                .unwrap_err()
                .contains("PKCS#8")
        );
    }
}
