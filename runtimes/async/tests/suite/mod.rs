//! The integration suite every async runtime runs, over loopback TCP against the
//! project's mock server (plus a TLS server and a CONNECT proxy of its own, on std
//! threads).
//!
//! It is written once, generic over a [`Harness`] (a runtime and a way to block on a
//! future), and included by each runtime crate's `tests/suite.rs`:
//!
//! ```ignore
//! #[path = "../../async/tests/suite/mod.rs"]
//! #[macro_use]
//! mod suite;
//!
//! struct Harness;
//! impl suite::Harness for Harness { type R = MyRuntime; fn block_on<F: Future>(f: F) -> F::Output { .. } }
//! async_suite!(Harness);
//! ```
//!
//! `cases` holds the behavior cases; `faults` runs every row of the shared fault matrix
//! (`anthropic_mock::faults::matrix()`, the same rows as the blocking client's
//! `tests/fault_matrix.rs`) and the pooled-connection-closed cases.
//!
//! Every case is bounded by the client's timeouts (5 s, or less where a timeout is the
//! subject), and waits for conditions rather than sleeping, except where time itself is
//! tested (idle expiry).

#![allow(dead_code)]

pub mod cases;
pub mod faults;
pub mod servers;

use std::future::Future;

use anthropic_async::Runtime;

/// A runtime under test.
pub trait Harness {
    /// The runtime.
    type R: Runtime + Default;
    /// Runs a future to completion on this runtime.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// Generates one `#[test]` per case of [`cases`] and of [`faults`] for a harness.
macro_rules! async_suite {
    ($harness:ty; $module:ident; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                <$harness as $crate::suite::Harness>::block_on(
                    $crate::suite::$module::$case::<$harness>(),
                )
            }
        )*
    };
    ($harness:ty) => {
        async_suite!($harness; faults;
            every_row_of_the_fault_matrix,
            a_pooled_connection_closed_after_a_connection_close_answer_is_replaced,
            a_pooled_connection_closed_by_the_server_between_requests_is_replaced,
        );
        async_suite!($harness; cases;
            create_sends_the_request_and_decodes_the_message,
            futures_are_send,
            count_tokens_models_and_beta,
            list_all_is_a_lazy_stream_across_pages,
            raw_response_and_with_options,
            a_full_stream_from_the_default_mock,
            one_byte_chunks_give_the_whole_text,
            rate_limit_then_success_honours_retry_after_ms,
            overloaded_then_success,
            server_errors_exhaust_the_retry_budget,
            bad_request_is_not_retried,
            an_error_status_on_a_stream_is_returned_by_the_call,
            a_read_timeout_fires_and_is_retried,
            a_stall_after_content_hits_the_read_timeout,
            a_stall_before_content_is_retried,
            the_total_deadline_ends_a_stream,
            a_body_cut_short_is_retried,
            a_connection_dropped_mid_stream_is_an_error,
            a_stream_without_message_stop_is_incomplete,
            overloaded_event_before_content_is_retried,
            an_error_event_after_content_is_not_retried,
            connections_are_reused,
            a_connection_close_response_is_not_reused,
            a_pooled_connection_closed_by_the_server_is_replaced,
            idle_connections_expire,
            connection_refused_is_a_connection_error,
            missing_credentials_fail_before_sending,
            undecodable_success_body_keeps_the_raw_text,
            tls_with_a_custom_root,
            tls_fails_with_the_default_roots,
            invalid_root_pem_is_refused,
            proxy_tunnels_with_connect,
            proxy_refusal_is_a_connection_error,
            every_framing_gives_the_same_result,
            a_stream_dropped_early_closes_its_connection,
            a_one_mebibyte_delta_arrives_whole,
            a_body_over_the_size_limit_is_refused,
            dot_segment_ids_are_percent_encoded,
            a_repeated_response_field_takes_its_last_value,
            compression_is_asked_for_and_a_gzip_bomb_stops_at_the_limit,
        );
    };
}
