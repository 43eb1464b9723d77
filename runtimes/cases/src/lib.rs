//! The one table of client cases: every behavior a user relies on, written once and run
//! by all four clients (blocking, tokio, smol, async-std), as the fault matrix and the
//! conformance suite are. A behavior cannot exist on one client only: each client's
//! `tests/cases.rs` runs the whole table through [`client_cases!`].
//!
//! # Shape
//!
//! A case is a plain function generic over a [`Subject`]: the client under test, seen
//! through a small blocking interface (create, stream, count tokens, list and retrieve
//! models, raw responses, options). Each client supplies one adapter:
//!
//! - the blocking client implements [`Subject`] directly
//!   (`runtimes/blocking/tests/cases.rs`);
//! - the async clients share one adapter, generic over the runtime, that drives each
//!   future with the runtime's `block_on` (`runtimes/async/tests/cases/mod.rs`, included
//!   by `tests/cases.rs` of `anthropic-tokio`, `anthropic-smol` and `anthropic-async-std`).
//!
//! The cases talk to servers on 127.0.0.1 they start themselves: the project's mock
//! server ([`anthropic_mock`]), and the TLS origin and CONNECT proxies of [`servers`].
//! No case sleeps to synchronise or reuses a freed port ([`net::RefusingPort`]); where
//! time itself is the subject (read timeouts, idle expiry, `retry-after`), a bound is
//! asserted in the one direction a correct client cannot miss.

pub mod cases;
pub mod net;
pub mod servers;
pub mod subject;

pub use subject::{Events, Helper, Req, Seen, Subject, beta, ga};

/// Generates one `#[test]` per case of the table for a [`Subject`] type. Invoke it once,
/// at the root of a test crate (the proxy-environment cases re-run the test binary and
/// name their child entry point, `proxy_env_child`, by that path).
#[macro_export]
macro_rules! client_cases {
    ($subject:ty) => {
        $crate::client_cases!(@each $subject;
            requests::create_sends_the_request_and_decodes_the_message,
            requests::count_tokens_models_and_beta,
            requests::list_all_fetches_lazily_one_request_per_page,
            requests::raw_responses_carry_status_headers_and_request_id,
            requests::client_and_request_options_reach_the_wire,
            requests::chained_request_options_merge,
            requests::missing_credentials_fail_before_sending,
            requests::undecodable_success_body_keeps_the_raw_text,
            requests::redirects_are_not_followed_so_credentials_stay_home,
            requests::dot_segment_ids_are_percent_encoded,
            requests::a_repeated_response_field_takes_its_last_value,
            retries::retry_after_ms_sets_the_delay,
            retries::overloaded_then_success,
            retries::server_errors_exhaust_the_retry_budget,
            retries::bad_request_is_not_retried_and_should_retry_wins,
            retries::a_body_cut_short_is_retried,
            retries::connection_refused_is_a_connection_error_after_retries,
            timeouts::a_read_timeout_fires_and_is_retried,
            timeouts::a_stall_after_content_hits_the_read_timeout,
            timeouts::a_stall_before_content_is_retried,
            timeouts::the_total_deadline_ends_a_stream,
            timeouts::the_total_deadline_spans_every_attempt,
            streams::a_full_stream_from_the_default_mock,
            streams::every_chunking_and_line_ending_gives_the_same_events,
            streams::events_taken_by_reference_are_the_events_read_owned,
            streams::an_error_status_on_a_stream_is_returned_by_the_call,
            streams::a_connection_dropped_mid_stream_is_an_error,
            streams::a_stream_without_message_stop_is_incomplete,
            streams::overloaded_event_before_content_is_retried,
            streams::an_error_event_after_content_is_not_retried,
            streams::every_framing_gives_the_same_result,
            streams::a_one_mebibyte_delta_arrives_whole,
            streams::a_body_over_the_size_limit_is_refused,
            streams::compression_is_asked_for_and_a_gzip_bomb_stops_at_the_limit,
            streams::a_compressed_event_stream_gives_the_same_events,
            streams::events_held_back_before_a_non_retried_error_are_delivered_first,
            helper::text_stream_then_final_message,
            helper::text_stream_passes_over_other_deltas_but_keeps_them,
            helper::derived_events_carry_growing_snapshots,
            helper::thinking_and_tool_input_accumulate,
            helper::a_truncated_stream_keeps_the_partial_message,
            helper::overload_before_content_is_retried_by_the_helper_too,
            helper::the_fine_grained_beta_selects_the_tolerant_partial_json_mode,
            connections::connections_are_reused,
            connections::a_connection_close_response_is_not_reused,
            connections::a_pooled_connection_reset_on_arrival_is_replaced,
            connections::a_pooled_connection_reset_after_a_wait_is_a_counted_retry,
            connections::a_request_closed_unanswered_on_a_pooled_connection_is_a_counted_retry,
            connections::a_pooled_connection_closed_silently_between_requests_is_replaced,
            connections::at_most_max_connections_are_in_use,
            connections::idle_connections_expire,
            connections::a_stream_dropped_early_closes_its_connection,
            tls::tls_with_a_custom_root,
            tls::every_certificate_of_a_root_bundle_is_trusted,
            tls::the_environments_certificate_file_or_directory_is_trusted,
            tls::tls_fails_with_the_default_roots,
            tls::invalid_root_pem_is_refused,
            proxies::an_explicit_proxy_tunnels_with_connect_and_is_reused,
            proxies::proxy_credentials_become_basic_proxy_authorization,
            proxies::proxy_refusal_is_a_connection_error,
            proxies::socks_and_https_proxies_are_refused_when_the_client_is_built,
            proxy_env::every_environment_proxy_rule,
            faults::every_row_of_the_fault_matrix,
            soak::a_short_soak_leaks_no_descriptors,
            secrets::credentials_never_show_and_were_all_sent,
        );

        /// The long soak, by hand: `--ignored soak_requests_and_streams --nocapture`.
        #[test]
        #[ignore = "soak: minutes of traffic; run by hand in release"]
        fn soak_requests_and_streams() {
            $crate::cases::soak::soak_requests_and_streams::<$subject>();
        }

        /// The entry point of the secrets case's child process: it does nothing unless
        /// started by `cases::secrets`.
        #[test]
        #[ignore = "run by cases::secrets in a child process"]
        fn secrets_child() {
            $crate::cases::secrets::child::<$subject>();
        }

        /// The entry point of the proxy-environment cases' child processes: it does
        /// nothing unless started by `cases::proxy_env` with its variables set.
        #[test]
        #[ignore = "run by cases::proxy_env in a child process"]
        fn proxy_env_child() {
            $crate::cases::proxy_env::child::<$subject>();
        }
    };
    (@each $subject:ty; $($module:ident :: $case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $crate::cases::$module::$case::<$subject>();
            }
        )*
    };
}
