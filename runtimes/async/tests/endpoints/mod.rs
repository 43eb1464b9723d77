//! Every endpoint method on every client, over loopback against the mock server.
//!
//! The cases are written once, as `async fn`s over `crate::Client`, and included by the
//! blocking client's `tests/endpoints.rs` and by each async runtime's. The including crate
//! defines, before `mod endpoints;`:
//!
//! - `type Client` (its client type) and `use <its crate>::files_from_dir`;
//! - `macro_rules! aw` (`$e.await` for async clients, `$e` for blocking, where the case
//!   future then completes on its first poll);
//! - `mod prelude` (`pub use futures_util::{StreamExt, AsyncWriteExt}` for async, empty for
//!   blocking), so that `.next()` and `.collect()` mean the same on iterators and streams;
//! - a `block_on` function, passed to `endpoint_suite!`.

#![allow(dead_code)]

pub mod cases;
pub mod compressed;
pub mod sink;
pub mod streaming_response;

/// One `#[test]` per case, each run with `$block_on`.
macro_rules! endpoint_suite {
    ($block_on:path) => {
        endpoint_suite!($block_on;
            batches_create_poll_and_results,
            batches_beta_headers_and_query,
            batches_list_pages_both_ways,
            batches_cancel_then_results_are_canceled,
            batches_delete_and_errors,
            batches_results_before_the_end_is_an_error,
            batches_results_keep_going_after_a_malformed_line,
            batches_results_one_byte_chunks,
            raw_responses_on_batches,
            files_upload_from_bytes_path_and_reader,
            files_upload_retries_unless_its_reader_was_read,
            files_list_retrieve_download_delete,
            files_upload_and_download_beyond_a_memory_limit,
            custom_requests_reach_any_path_with_the_sdk_behaviour,
            completions_create_and_stream,
            skills_and_versions,
        );
        endpoint_suite!(@in compressed, $block_on;
            compressed_downloads_and_streamed_bodies_arrive_inflated,
            corrupt_or_truncated_compressed_downloads_are_errors,
            a_compressed_event_stream_is_inflated_before_the_decoder,
            compressed_batch_results_are_inflated_line_by_line,
        );
        endpoint_suite!(@in streaming_response, $block_on;
            streaming_responses_parse_and_keep_the_mode,
            streaming_responses_stream_a_body_over_the_body_limit,
            streaming_responses_return_the_head_while_the_server_holds_the_body,
        );
    };
    (@in $module:ident, $block_on:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $block_on($crate::endpoints::$module::$case())
            }
        )*
    };
    ($block_on:path; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $block_on($crate::endpoints::cases::$case())
            }
        )*
    };
}
