//! The API surface as one table: every resource, its sub-resources and its methods, each
//! method naming the function of [`crate::endpoints`] that describes its call.
//!
//! Every client surface (blocking, async, and any other driver) expands the same table
//! with a macro of its own that knows how to run each *kind* of method, so every method
//! exists with the same name, arguments and docs on every client, and is written once.
//!
//! # Adding an endpoint
//!
//! 1. Write the function in `core/src/endpoints/<resource>.rs` that returns its
//!    [`Call`](crate::Call) (or `Result<Call, Error>`), with a `beta: bool` argument if the
//!    endpoint exists on `client.beta()` too.
//! 2. Add one row to the resource in [`api_surface!`], for example
//!    ```text
//!    /// Cancels a batch.
//!    json cancel(batch_id: &str) -> MessageBatch = |beta| batches::cancel(batch_id, beta);
//!    ```
//!    The closure receives whether the handle is the beta form of the resource. A new
//!    resource is a new `resource Name { sub {} .. }` block plus a row in another
//!    resource's `sub` block (or a client accessor line) that reaches it.
//!
//! That is all: the blocking client and the three async clients get the method.
//!
//! # Row kinds
//!
//! | kind | blocking returns | async returns |
//! |---|---|---|
//! | `json f(..) -> T` | `M::Output<T>` (`T`, or `RawResponse<T>` after `with_raw_response`) | a future of it |
//! | `list f / f_all(..) -> P` | `f`: one page as `json`; `f_all`: an `Iterator` of items across pages | `f_all`: a `Stream` |
//! | `events f(..)` | an `EventStream` of raw message stream events | the async `EventStream` |
//! | `helper f(..)` | a `MessageStream` (the stream helper) | the async `MessageStream` |
//!
//! Every resource also gets `with_options`, `with_raw_response` and `next_page(&page)`.
//! Its leading `sub { name -> Resource; }` block (empty or not, always first) gives
//! accessors to sub-resources that keep the handle's beta form, options and response mode.
//!
//! The table's macro is [`api_surface!`]: `anthropic_core::api_surface!(my_surface)`
//! expands to `my_surface! { [] <the table> }`, and
//! `anthropic_core::api_surface!(path::to::my_surface; extra tokens)` to
//! `path::to::my_surface! { [extra tokens] <the table> }` (the async crate passes the
//! runtime type this way to generate each runtime crate's type aliases).

/// Expands `$surface! { [args] <the table of every resource> }`: see [the module
/// docs](crate::endpoints::surface) for the grammar and how a runtime uses it.
#[macro_export]
macro_rules! api_surface {
    ($($surface:ident)::+ $(; $($args:tt)*)?) => {
        $($surface)::+! {
            [$($($args)*)?]

            /// The beta forms of the API's resources (`?beta=true`; `betas` on params
            /// become the `anthropic-beta` header).
            resource Beta {
                sub {
                    /// The beta Messages API.
                    messages -> Messages;
                    /// The beta Models API.
                    models -> Models;
                }
            }

            /// The Messages API.
            resource Messages {
                sub {}
                /// Creates a message (`POST /v1/messages`), waiting for the whole response.
                ///
                /// Refused before sending with `Error::StreamingRequired` when `max_tokens`
                /// could take longer than ten minutes and no timeout was set explicitly.
                json create(params: &$crate::types::MessageCreateParams) -> $crate::types::Message
                    = |beta| $crate::endpoints::messages::create(params, beta);
                /// Creates a message and streams its events as they arrive (Python's
                /// `create(..., stream=True)`): `"stream": true` is sent whatever
                /// `params.stream` says. An error status is returned here; errors inside
                /// the stream come from the stream.
                events create_stream(params: &$crate::types::MessageCreateParams)
                    = |beta| $crate::endpoints::messages::create_stream(params, beta);
                /// Streams a message with the stream helper (Python's `messages.stream`):
                /// events as they arrive, accumulated into the message; `text_stream()`,
                /// `final_message()`, `final_text()`.
                helper stream(params: &$crate::types::MessageCreateParams)
                    = |beta| $crate::endpoints::messages::stream(params, beta);
                /// Counts the tokens of a message request (`POST /v1/messages/count_tokens`).
                json count_tokens(params: &$crate::types::MessageCountTokensParams)
                    -> $crate::types::MessageTokensCount
                    = |beta| $crate::endpoints::messages::count_tokens(params, beta);
            }

            /// The Models API.
            resource Models {
                sub {}
                /// One page of models (`GET /v1/models`), most recent first; `list_all`
                /// walks every page lazily (Python's auto-pagination).
                list list / list_all(params: &$crate::types::ModelListParams)
                    -> $crate::pagination::Page<$crate::types::ModelInfo>
                    = |beta| $crate::endpoints::models::list(params, beta);
                /// One model by id or alias (`GET /v1/models/{model_id}`).
                json retrieve(model_id: &str) -> $crate::types::ModelInfo
                    = |beta| $crate::endpoints::models::retrieve(model_id, &[], beta);
                /// `retrieve` with `anthropic-beta` values.
                json retrieve_with_betas(
                    model_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::ModelInfo
                    = |beta| $crate::endpoints::models::retrieve(model_id, betas, beta);
            }
        }
    };
}
