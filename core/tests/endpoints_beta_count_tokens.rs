//! `beta.messages.count_tokens` always sends `anthropic-beta: token-counting-2024-11-01`,
//! after the user's betas (Python 0.76.0, spec/endpoints.md §1.2–1.3), merged without
//! duplicates; the GA endpoint sends only the user's.

use anthropic_core::endpoints::messages;
use anthropic_core::types::{AnthropicBeta, MessageCountTokensParams, MessageParam, Model};
use anthropic_core::{ClientConfig, Exchange, RequestOptions, Timestamp};

fn beta_header(betas: Vec<AnthropicBeta>, beta: bool, options: &RequestOptions) -> Option<String> {
    let params = MessageCountTokensParams {
        model: Model::new("claude-sonnet-4-5"),
        messages: vec![MessageParam::user("Hi")],
        betas,
        ..Default::default()
    };
    let config = ClientConfig::new()
        .api_key("sk-test")
        .base_url("http://127.0.0.1:9");
    let call = messages::count_tokens(&params, beta).unwrap();
    let mut exchange = Exchange::new(&config, call, options, Timestamp::ZERO).unwrap();
    let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
    let uri = attempt.request.uri().to_string();
    assert_eq!(uri.ends_with("?beta=true"), beta, "{uri}");
    attempt
        .request
        .headers()
        .get("anthropic-beta")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[test]
fn beta_count_tokens_sends_the_token_counting_beta_after_the_users() {
    let none = RequestOptions::new();
    assert_eq!(
        beta_header(vec![], true, &none).as_deref(),
        Some("token-counting-2024-11-01")
    );
    assert_eq!(
        beta_header(vec![AnthropicBeta::FILES_API_2025_04_14], true, &none).as_deref(),
        Some("files-api-2025-04-14,token-counting-2024-11-01")
    );
    // Already there: not sent twice.
    assert_eq!(
        beta_header(
            vec![
                AnthropicBeta::TOKEN_COUNTING_2024_11_01,
                AnthropicBeta::FILES_API_2025_04_14
            ],
            true,
            &none
        )
        .as_deref(),
        Some("token-counting-2024-11-01,files-api-2025-04-14")
    );
    // The user's own header wins, as Python's `extra_headers` do.
    let own = RequestOptions::new().header("anthropic-beta", "mine");
    assert_eq!(beta_header(vec![], true, &own).as_deref(), Some("mine"));
    // The GA endpoint adds nothing.
    assert_eq!(beta_header(vec![], false, &none), None);
    assert_eq!(
        beta_header(vec![AnthropicBeta::FILES_API_2025_04_14], false, &none).as_deref(),
        Some("files-api-2025-04-14")
    );
}
