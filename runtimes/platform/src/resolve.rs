//! [`ResolveOptions`]: a platform client's options resolved against this process (its
//! environment, its credential files, ring for RS256), the one step every platform
//! client's constructor takes, on the blocking client and the async ones alike.

use anthropic_core::platform::{BedrockOptions, FoundryOptions, VertexOptions};
use anthropic_core::{ClientConfig, Error};

use crate::{RingSigner, env, read_file};

/// Options of a platform client, resolved into the [`ClientConfig`] it runs on.
pub trait ResolveOptions {
    /// `config` (timeout, retries, default headers and query) made the configuration of
    /// this platform's client, from these options, the process environment and the
    /// credential files; Python's construction errors where it has them.
    fn resolve_here(self, config: ClientConfig) -> Result<ClientConfig, Error>;
}

impl ResolveOptions for BedrockOptions {
    /// Never fails: credentials that cannot be resolved fail each request instead.
    fn resolve_here(self, config: ClientConfig) -> Result<ClientConfig, Error> {
        Ok(self.resolve(config, &env, &read_file))
    }
}

impl ResolveOptions for VertexOptions {
    fn resolve_here(self, config: ClientConfig) -> Result<ClientConfig, Error> {
        self.resolve(config, &env, &read_file, RingSigner::shared())
    }
}

impl ResolveOptions for FoundryOptions {
    fn resolve_here(self, config: ClientConfig) -> Result<ClientConfig, Error> {
        self.resolve(config, &env)
    }
}
