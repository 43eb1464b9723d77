//! What the three platform clients (`BedrockClient`, `VertexClient`, `FoundryClient`)
//! share, written once: each is a [`Client`](crate::Client) whose configuration was
//! resolved from the platform's options ([`anthropic_platform::ResolveOptions`]), with
//! the same constructors, `with_runtime`, `with_options`, `config`, `messages()` and
//! `beta()`, on any runtime. Each platform's file invokes [`platform_client!`] with its
//! docs and any accessor of its own.

/// Defines a platform client type: `platform_client! { #[doc] Name(Options) { new: #[doc];
/// extra items } }` (`new`'s docs say what fails at construction).
macro_rules! platform_client {
    (
        $(#[$doc:meta])*
        $Name:ident($Options:ty) {
            new: $(#[$new:meta])*;
            $($extra:tt)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $Name<R: $crate::runtime::Runtime> {
            client: $crate::client::Client<R>,
        }

        impl<R: $crate::runtime::Runtime> Clone for $Name<R> {
            fn clone(&self) -> Self {
                $Name {
                    client: self.client.clone(),
                }
            }
        }

        impl<R: $crate::runtime::Runtime + Default> $Name<R> {
            $(#[$new])*
            pub fn new(options: $Options) -> Result<Self, anthropic_core::Error> {
                Self::with_config(options, anthropic_core::ClientConfig::new())
            }

            /// A client with general options (timeout, retries, default headers and
            /// query) from `config`. Its base URL, API key and auth token are not used.
            pub fn with_config(
                options: $Options,
                config: anthropic_core::ClientConfig,
            ) -> Result<Self, anthropic_core::Error> {
                Self::with_transport(options, config, anthropic_core::TransportConfig::default())
            }

            /// The same with explicit connection settings (proxy, root certificates, pool).
            pub fn with_transport(
                options: $Options,
                config: anthropic_core::ClientConfig,
                transport: anthropic_core::TransportConfig,
            ) -> Result<Self, anthropic_core::Error> {
                Self::with_runtime(R::default(), options, config, transport)
            }
        }

        impl<R: $crate::runtime::Runtime> $Name<R> {
            /// A client on this runtime value (see [`Client::with_runtime`](crate::Client::with_runtime)).
            pub fn with_runtime(
                runtime: R,
                options: $Options,
                config: anthropic_core::ClientConfig,
                transport: anthropic_core::TransportConfig,
            ) -> Result<Self, anthropic_core::Error> {
                let config = anthropic_platform::ResolveOptions::resolve_here(options, config)?;
                Ok($Name {
                    client: $crate::client::Client::with_runtime(runtime, config, transport)?,
                })
            }

            /// A new client with a changed configuration sharing this one's connection
            /// pool (and, on Vertex, token cache); the platform's options (region,
            /// credentials source, base URL) carry over, Foundry's too (Python's `copy` is
            /// broken there). `change` starts from this client's configuration, so options
            /// merge: chained `with_options` calls all take effect, the later winning.
            pub fn with_options(
                &self,
                change: impl FnOnce(anthropic_core::ClientConfig) -> anthropic_core::ClientConfig,
            ) -> Self {
                $Name {
                    client: self.client.with_options(change),
                }
            }

            /// The configuration; its platform holds the platform's settings (region,
            /// project, credentials or token source).
            pub fn config(&self) -> &anthropic_core::ClientConfig {
                self.client.config()
            }

            /// The Messages API.
            pub fn messages(&self) -> $crate::resources::Messages<'_, R, anthropic_core::response::Parsed> {
                self.client.messages()
            }

            /// The beta Messages API (on Bedrock, `betas` are sent in the body as Bedrock
            /// wants them).
            pub fn beta(&self) -> $crate::resources::Beta<'_, R> {
                self.client.beta()
            }

            $($extra)*
        }
    };
}
