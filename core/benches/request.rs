//! Cost of building a request (`cargo bench -p anthropic-core --bench request`).
//!
//! Not a timed test: it prints the time per call of describing a `messages.create` call,
//! preparing its exchange (headers, URL, JSON body, credential check) and producing the
//! first attempt's `http::Request`, for a one-line request and for a 40-turn conversation
//! with tools, beside a baseline in the same run: `serde_json::to_vec` of the same params
//! alone (the part no SDK can skip).

use std::hint::black_box;
use std::time::{Duration, Instant};

use anthropic_core::endpoints::messages;
use anthropic_core::types::{MessageCreateParams, MessageParam, Model, Tool};
use anthropic_core::{ClientConfig, Exchange, RequestOptions, Timestamp};
use serde_json::json;

fn per_call(mut f: impl FnMut()) -> Duration {
    for _ in 0..1_000 {
        f();
    }
    let rounds = 20_000u32;
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        best = best.min(start.elapsed() / rounds);
    }
    best
}

fn main() {
    let config = ClientConfig::new()
        .api_key("sk-ant-bench")
        .base_url("https://api.anthropic.com");
    let options = RequestOptions::new();
    let small = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello, Claude");
    let mut large = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
        .system("You are a helpful assistant.")
        .tool(Tool::new(
            "get_weather",
            "Get the weather",
            json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
        ));
    for i in 0..20 {
        large = large
            .message(MessageParam::user(format!(
                "Question number {i}: what is the weather like in city {i}?"
            )))
            .message(MessageParam::assistant(format!(
                "In city {i} it is sunny with a light breeze, about {i} degrees."
            )));
    }

    println!("request building, best of 5 × 20000 calls");
    for (name, params) in [
        ("one-line message", &small),
        ("40-turn conversation with a tool", &large),
    ] {
        let baseline = per_call(|| {
            black_box(serde_json::to_vec(black_box(params)).unwrap());
        });
        let sdk = per_call(|| {
            let call = messages::create(black_box(params), false).unwrap();
            let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
            black_box(
                exchange
                    .start_attempt(Timestamp::ZERO)
                    .unwrap()
                    .request
                    .headers()
                    .len(),
            );
        });
        let describe = per_call(|| {
            black_box(messages::create(black_box(params), false).unwrap());
        });
        let call = messages::create(params, false).unwrap();
        let prepare = per_call(|| {
            black_box(Exchange::new(&config, call.clone(), &options, Timestamp::ZERO).unwrap());
        });
        println!(
            "  {name:34} SDK {:>8.2} µs/call (describe {:.2}, prepare {:.2})   baseline (serialize only) {:>8.2} µs   ratio {:.2}",
            sdk.as_secs_f64() * 1e6,
            describe.as_secs_f64() * 1e6,
            prepare.as_secs_f64() * 1e6,
            baseline.as_secs_f64() * 1e6,
            sdk.as_secs_f64() / baseline.as_secs_f64()
        );
    }
}
