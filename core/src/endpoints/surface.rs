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
//! 2. Add one row to the resource in [`api_surface!`](crate::api_surface), for example
//!    ```text
//!    /// Cancels a batch.
//!    json cancel(batch_id: &str) -> MessageBatch = |beta| batches::cancel(batch_id, &[], beta);
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
//! | `bytes f(..)` | a `ByteStream` (`std::io::Read`, `write_to` a writer) | an async `ByteStream` (`Stream` of chunks, `write_to` an `AsyncWrite`) |
//! | `items f(..) -> D` | an `ItemStream<D>`: the body decoded as it arrives by `D: ItemDecoder` (`Iterator`) | an async `ItemStream` (`Stream`) |
//! | `lines f(..) -> T` | a `JsonlStream<T>` (`Iterator` of items) from a second call built from the first call's result; the closure returns `(first_call, \|first_result\| second_call)` | an async `JsonlStream` (`Stream`) |
//!
//! Every resource also gets `with_options`, `with_raw_response`, `with_streaming_response`
//! (the `json` and `list` rows then return the client's `StreamingResponse`: the head now,
//! the body as it arrives) and `next_page(&page)`.
//! Its leading `sub { name -> Resource; }` block (empty or not, always first) gives
//! accessors to sub-resources that keep the handle's beta form, options and response mode.
//!
//! The table's macro is [`api_surface!`](crate::api_surface): `anthropic_core::api_surface!(my_surface)`
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
                    /// The Files API: upload, list, inspect, download and delete files.
                    files -> Files;
                    /// The Skills API: custom skills and their versions.
                    skills -> Skills;
                }
            }

            /// The Skills API (beta, `skills-2025-10-02`): skills made of a directory of
            /// files with a `SKILL.md`, and their versions.
            resource Skills {
                sub {
                    /// The versions of a skill.
                    versions -> SkillVersions;
                }
                /// Creates a skill (`POST /v1/skills`, multipart: `display_title` and one
                /// `files[]` part per file, streamed).
                json create(params: &$crate::types::SkillCreateParams) -> $crate::types::Skill
                    = |_beta| $crate::endpoints::skills::create(params);
                /// A skill by id (`GET /v1/skills/{skill_id}`).
                json retrieve(skill_id: &str) -> $crate::types::Skill
                    = |_beta| $crate::endpoints::skills::retrieve(skill_id, &[]);
                /// `retrieve` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `skills-2025-10-02`, duplicates dropped.
                json retrieve_with_betas(
                    skill_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::Skill
                    = |_beta| $crate::endpoints::skills::retrieve(skill_id, betas);
                /// One page of skills (`GET /v1/skills`, cursor pages); `list_all` walks
                /// every page lazily.
                list list / list_all(params: &$crate::types::SkillListParams)
                    -> $crate::pagination::PageCursor<$crate::types::Skill>
                    = |_beta| $crate::endpoints::skills::list(params);
                /// Deletes a skill (`DELETE /v1/skills/{skill_id}`; delete its versions
                /// first).
                json delete(skill_id: &str) -> $crate::types::DeletedObject
                    = |_beta| $crate::endpoints::skills::delete(skill_id, &[]);
                /// `delete` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `skills-2025-10-02`, duplicates dropped.
                json delete_with_betas(
                    skill_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::DeletedObject
                    = |_beta| $crate::endpoints::skills::delete(skill_id, betas);
            }

            /// The versions of skills (`client.beta().skills().versions()`).
            resource SkillVersions {
                sub {}
                /// Creates a version of a skill from its files
                /// (`POST /v1/skills/{skill_id}/versions`, multipart `files[]`).
                json create(skill_id: &str, files: &[$crate::multipart::FileUpload])
                    -> $crate::types::SkillVersion
                    = |_beta| $crate::endpoints::skills::create_version(skill_id, files, &[]);
                /// `create` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `skills-2025-10-02`, duplicates dropped.
                json create_with_betas(
                    skill_id: &str,
                    files: &[$crate::multipart::FileUpload],
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::SkillVersion
                    = |_beta| $crate::endpoints::skills::create_version(skill_id, files, betas);
                /// A version (`GET /v1/skills/{skill_id}/versions/{version}`).
                json retrieve(skill_id: &str, version: &str) -> $crate::types::SkillVersion
                    = |_beta| $crate::endpoints::skills::retrieve_version(skill_id, version, &[]);
                /// `retrieve` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `skills-2025-10-02`, duplicates dropped.
                json retrieve_with_betas(
                    skill_id: &str,
                    version: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::SkillVersion
                    = |_beta| $crate::endpoints::skills::retrieve_version(skill_id, version, betas);
                /// One page of a skill's versions (cursor pages); `list_all` walks every
                /// page lazily.
                list list / list_all(skill_id: &str, params: &$crate::types::SkillListParams)
                    -> $crate::pagination::PageCursor<$crate::types::SkillVersion>
                    = |_beta| $crate::endpoints::skills::list_versions(skill_id, params);
                /// Deletes a version (`DELETE /v1/skills/{skill_id}/versions/{version}`).
                json delete(skill_id: &str, version: &str) -> $crate::types::DeletedObject
                    = |_beta| $crate::endpoints::skills::delete_version(skill_id, version, &[]);
                /// `delete` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `skills-2025-10-02`, duplicates dropped.
                json delete_with_betas(
                    skill_id: &str,
                    version: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::DeletedObject
                    = |_beta| $crate::endpoints::skills::delete_version(skill_id, version, betas);
            }

            /// The Files API (beta, `files-api-2025-04-14`): files uploaded once and
            /// referred to by id in messages.
            resource Files {
                sub {}
                /// Uploads a file (`POST /v1/files`, multipart, one `file` part),
                /// streamed from its bytes, path or reader: never held in memory whole.
                json upload(file: &$crate::multipart::FileUpload) -> $crate::types::FileMetadata
                    = |beta| $crate::endpoints::files::upload(file, &[], beta);
                /// `upload` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `files-api-2025-04-14`, duplicates dropped.
                json upload_with_betas(
                    file: &$crate::multipart::FileUpload,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::FileMetadata
                    = |beta| $crate::endpoints::files::upload(file, betas, beta);
                /// One page of files (`GET /v1/files`), most recent first; `list_all` walks
                /// every page lazily.
                list list / list_all(params: &$crate::types::FileListParams)
                    -> $crate::pagination::Page<$crate::types::FileMetadata>
                    = |beta| $crate::endpoints::files::list(params, beta);
                /// A file's metadata (`GET /v1/files/{file_id}`).
                json retrieve_metadata(file_id: &str) -> $crate::types::FileMetadata
                    = |beta| $crate::endpoints::files::retrieve_metadata(file_id, &[], beta);
                /// `retrieve_metadata` with more `anthropic-beta` values (Python's
                /// `betas`), sent before `files-api-2025-04-14`, duplicates dropped.
                json retrieve_metadata_with_betas(
                    file_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::FileMetadata
                    = |beta| $crate::endpoints::files::retrieve_metadata(file_id, betas, beta);
                /// Deletes a file (`DELETE /v1/files/{file_id}`).
                json delete(file_id: &str) -> $crate::types::DeletedFile
                    = |beta| $crate::endpoints::files::delete(file_id, &[], beta);
                /// `delete` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `files-api-2025-04-14`, duplicates dropped.
                json delete_with_betas(
                    file_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::DeletedFile
                    = |beta| $crate::endpoints::files::delete(file_id, betas, beta);
                /// A file's content (`GET /v1/files/{file_id}/content`) as a `ByteStream`
                /// read as it arrives: `write_to` a writer, iterate its chunks, or
                /// `bytes()` for a small file.
                bytes download(file_id: &str)
                    = |beta| $crate::endpoints::files::download(file_id, &[], beta);
                /// `download` with more `anthropic-beta` values (Python's `betas`), sent
                /// before `files-api-2025-04-14`, duplicates dropped.
                bytes download_with_betas(
                    file_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                )
                    = |beta| $crate::endpoints::files::download(file_id, betas, beta);
            }

            /// The Messages API.
            resource Messages {
                sub {
                    /// The Message Batches API: many Messages requests processed
                    /// asynchronously, at a lower price.
                    batches -> Batches;
                }
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

            /// The Message Batches API (`client.messages().batches()`, and its beta form
            /// `client.beta().messages().batches()`, which adds the
            /// `message-batches-2024-09-24` beta value).
            ///
            /// The `*_with_betas` methods are Python's `betas` argument of the beta batch
            /// methods. Both forms share this handle type, so they exist on the GA form too,
            /// where Python has no `betas`: there the values are sent as given, without an
            /// automatic value.
            resource Batches {
                sub {}
                /// Creates a batch (`POST /v1/messages/batches`): up to 100,000 requests,
                /// each with its `custom_id`, processed asynchronously.
                json create(params: &$crate::types::BatchCreateParams) -> $crate::types::MessageBatch
                    = |beta| $crate::endpoints::batches::create(params, beta);
                /// A batch by id (`GET /v1/messages/batches/{id}`): poll it until its
                /// `processing_status` is `ended`.
                json retrieve(batch_id: &str) -> $crate::types::MessageBatch
                    = |beta| $crate::endpoints::batches::retrieve(batch_id, &[], beta);
                /// `retrieve` with more `anthropic-beta` values (Python's `betas` on the
                /// beta form), sent before `message-batches-2024-09-24`, duplicates
                /// dropped; on the GA form they are sent alone.
                json retrieve_with_betas(
                    batch_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::MessageBatch
                    = |beta| $crate::endpoints::batches::retrieve(batch_id, betas, beta);
                /// One page of batches (`GET /v1/messages/batches`), most recent first;
                /// `list_all` walks every page lazily.
                list list / list_all(params: &$crate::types::BatchListParams)
                    -> $crate::pagination::Page<$crate::types::MessageBatch>
                    = |beta| $crate::endpoints::batches::list(params, beta);
                /// Asks the API to stop processing a batch
                /// (`POST /v1/messages/batches/{id}/cancel`); it moves to `canceling`.
                json cancel(batch_id: &str) -> $crate::types::MessageBatch
                    = |beta| $crate::endpoints::batches::cancel(batch_id, &[], beta);
                /// `cancel` with more `anthropic-beta` values (Python's `betas` on the beta
                /// form), sent before `message-batches-2024-09-24`, duplicates dropped; on
                /// the GA form they are sent alone.
                json cancel_with_betas(
                    batch_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::MessageBatch
                    = |beta| $crate::endpoints::batches::cancel(batch_id, betas, beta);
                /// Deletes an ended batch (`DELETE /v1/messages/batches/{id}`).
                json delete(batch_id: &str) -> $crate::types::DeletedMessageBatch
                    = |beta| $crate::endpoints::batches::delete(batch_id, &[], beta);
                /// `delete` with more `anthropic-beta` values (Python's `betas` on the beta
                /// form), sent before `message-batches-2024-09-24`, duplicates dropped; on
                /// the GA form they are sent alone.
                json delete_with_betas(
                    batch_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::DeletedMessageBatch
                    = |beta| $crate::endpoints::batches::delete(batch_id, betas, beta);
                /// The results of an ended batch, one per request, read from the batch's
                /// `results_url` as they arrive, in constant memory however large the file
                /// (the batch is retrieved first, with only the timeout and retry options
                /// of this handle). Results are not in request order: match them on
                /// `custom_id`. A line that does not decode is an `Error::Decode` carrying
                /// the raw line, and iteration goes on after it.
                lines results(batch_id: &str) -> $crate::types::MessageBatchIndividualResponse
                    = |beta| (
                        $crate::endpoints::batches::results_batch(batch_id, beta),
                        move |batch: &$crate::types::MessageBatch| {
                            $crate::endpoints::batches::results_of(batch, &[], beta)
                        },
                    );
                /// `results` with more `anthropic-beta` values (Python's `betas` on the beta
                /// form). As in Python they go on the download of `results_url` only, before
                /// `message-batches-2024-09-24`, duplicates dropped; the first call (the
                /// batch) carries just the automatic value. On the GA form they are sent
                /// alone, on the download.
                lines results_with_betas(
                    batch_id: &str,
                    betas: &[$crate::types::AnthropicBeta]
                ) -> $crate::types::MessageBatchIndividualResponse
                    = |beta| (
                        $crate::endpoints::batches::results_batch(batch_id, beta),
                        move |batch: &$crate::types::MessageBatch| {
                            $crate::endpoints::batches::results_of(batch, betas, beta)
                        },
                    );
            }

            /// Legacy Text Completions (`POST /v1/complete`), deprecated: use the Messages
            /// API. Prompts are `HUMAN_PROMPT` / `AI_PROMPT` turns.
            resource Completions {
                sub {}
                /// Creates a completion (`POST /v1/complete`), waiting for all of it.
                json create(params: &$crate::types::CompletionCreateParams) -> $crate::types::Completion
                    = |_beta| $crate::endpoints::completions::create(params);
                /// Creates a completion and streams it: each item is a `Completion` with the
                /// text it adds; the last carries the `stop_reason`.
                items create_stream(params: &$crate::types::CompletionCreateParams)
                    -> $crate::stream::CompletionEvents
                    = |_beta| $crate::endpoints::completions::create_stream(params);
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
