//! The manual: how to use the SDK, chapter by chapter.
//!
//! Every code block here is compiled by `cargo test` (`--all-features` for the async
//! ones), so none can drift from the API. The blocks that talk to the network are compiled
//! only; the testing chapter's run against the mock server.

#[doc = include_str!("getting_started.md")]
pub mod getting_started {}

#[doc = include_str!("streaming.md")]
pub mod streaming {}

#[doc = include_str!("tools.md")]
pub mod tools {}

#[doc = include_str!("errors.md")]
pub mod errors {}

#[doc = include_str!("timeouts.md")]
pub mod timeouts {}

#[doc = include_str!("testing.md")]
pub mod testing {}

#[doc = include_str!("logging.md")]
pub mod logging {}

#[doc = include_str!("cloud.md")]
pub mod cloud {}

#[doc = include_str!("sans_io.md")]
pub mod sans_io {}

// The async chapter's blocks need the runtime features: shown in every build of the docs,
// compiled as doc-tests when the features are on (`cargo test --all-features`).
#[cfg(any(doc, all(feature = "tokio", feature = "smol", feature = "async-std")))]
#[doc = include_str!("async_runtimes.md")]
pub mod async_runtimes {}
