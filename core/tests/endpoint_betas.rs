//! The `betas` of the beta methods that take no params struct (Python 0.76.0's `betas`
//! keyword, spec/endpoints.md §1.3): the user's values come first, the endpoint's own
//! automatic value last, one `anthropic-beta` line, duplicates dropped. Batch results send
//! the user's values on the download of `results_url` only (§5.3).

use anthropic_core::endpoints::{batches, files, skills};
use anthropic_core::multipart::FileUpload;
use anthropic_core::types::{AnthropicBeta, MessageBatch};
use anthropic_core::{Call, ClientConfig, Error, Exchange, RequestOptions, Timestamp};

const FILES: &str = "files-api-2025-04-14";
const SKILLS: &str = "skills-2025-10-02";
const BATCHES: &str = "message-batches-2024-09-24";

fn config() -> ClientConfig {
    ClientConfig::new()
        .api_key("sk-test")
        .base_url("http://127.0.0.1:9")
}

/// A call's method, URI and `anthropic-beta` lines, as [`wire`] gives them.
type Sent = (String, String, Vec<String>);

/// Sends a call of the table with these betas.
type Send<'a> = &'a dyn Fn(&[AnthropicBeta]) -> Sent;

/// The method, URI and every `anthropic-beta` line of the call's first attempt as sent.
fn wire<T>(
    call: Result<Call<T>, Error>,
    options: &RequestOptions,
) -> (String, String, Vec<String>) {
    let mut call = call.unwrap();
    // A multipart body needs its boundary, as a driver would set it (no-op otherwise).
    call.prepare_form(|| "0123456789abcdef".to_owned(), |_| Ok(0))
        .unwrap();
    let mut exchange = Exchange::new(&config(), call, options, Timestamp::ZERO).unwrap();
    let attempt = exchange.start_attempt(Timestamp::ZERO).unwrap();
    let request = attempt.request;
    let betas = request
        .headers()
        .get_all("anthropic-beta")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    (
        request.method().to_string(),
        request.uri().to_string(),
        betas,
    )
}

/// The `anthropic-beta` lines of the call as sent with no per-request options.
fn beta_lines<T>(call: Result<Call<T>, Error>) -> Vec<String> {
    wire(call, &RequestOptions::new()).2
}

fn zz() -> Vec<AnthropicBeta> {
    vec![AnthropicBeta::from("zz")]
}

/// The user's values repeated, and one of them the automatic value itself.
fn repeated(auto: &str) -> Vec<AnthropicBeta> {
    ["zz", auto, "yy", "zz"]
        .into_iter()
        .map(AnthropicBeta::from)
        .collect()
}

fn line(value: &str) -> Vec<String> {
    vec![value.to_owned()]
}

#[test]
fn files_methods_send_the_users_betas_before_the_files_beta() {
    let none = RequestOptions::new();
    let cases: [(&str, &str, Send); 3] = [
        ("GET", "/v1/files/file_1?beta=true", &|b| {
            wire(files::retrieve_metadata("file_1", b, true), &none)
        }),
        ("DELETE", "/v1/files/file_1?beta=true", &|b| {
            wire(files::delete("file_1", b, true), &none)
        }),
        ("GET", "/v1/files/file_1/content?beta=true", &|b| {
            wire(files::download("file_1", b, true), &none)
        }),
    ];
    for (method, path, send) in cases {
        // Python's observed value for `betas=["zz"]`.
        let (sent_method, uri, lines) = send(&zz());
        assert_eq!(sent_method, method);
        assert_eq!(uri, format!("http://127.0.0.1:9{path}"));
        assert_eq!(lines, line("zz,files-api-2025-04-14"), "{method} {path}");
        assert_eq!(send(&[]).2, line(FILES), "{method} {path}");
        assert_eq!(
            send(&repeated(FILES)).2,
            line("zz,files-api-2025-04-14,yy"),
            "{method} {path}"
        );
    }

    let download = files::download("file_1", &zz(), true).unwrap();
    assert!(download.is_streaming());
    assert!(
        download
            .headers()
            .iter()
            .any(|(n, v)| *n == "accept" && v == "application/binary")
    );
}

#[test]
fn skills_methods_send_the_users_betas_before_the_skills_beta() {
    let files = [FileUpload::named("d/SKILL.md", "# hi")];
    let none = RequestOptions::new();
    let cases: [(&str, &str, Send); 5] = [
        ("GET", "/v1/skills/sk_1?beta=true", &|b| {
            wire(skills::retrieve("sk_1", b), &none)
        }),
        ("DELETE", "/v1/skills/sk_1?beta=true", &|b| {
            wire(skills::delete("sk_1", b), &none)
        }),
        ("POST", "/v1/skills/sk_1/versions?beta=true", &|b| {
            wire(skills::create_version("sk_1", &files, b), &none)
        }),
        ("GET", "/v1/skills/sk_1/versions/v1?beta=true", &|b| {
            wire(skills::retrieve_version("sk_1", "v1", b), &none)
        }),
        ("DELETE", "/v1/skills/sk_1/versions/v1?beta=true", &|b| {
            wire(skills::delete_version("sk_1", "v1", b), &none)
        }),
    ];
    for (method, path, send) in cases {
        let (sent_method, uri, lines) = send(&zz());
        assert_eq!(sent_method, method);
        assert_eq!(uri, format!("http://127.0.0.1:9{path}"));
        assert_eq!(lines, line("zz,skills-2025-10-02"), "{method} {path}");
        assert_eq!(send(&[]).2, line(SKILLS), "{method} {path}");
        assert_eq!(
            send(&repeated(SKILLS)).2,
            line("zz,skills-2025-10-02,yy"),
            "{method} {path}"
        );
    }
}

#[test]
fn batch_methods_send_the_users_betas_before_the_batches_beta_on_the_beta_form() {
    // Sends a call with these betas on the beta (`true`) or GA form.
    type SendOnForm<'a> = &'a dyn Fn(&[AnthropicBeta], bool) -> Sent;
    let none = RequestOptions::new();
    let cases: [(&str, &str, SendOnForm); 3] = [
        ("GET", "/v1/messages/batches/msgbatch_1", &|b, beta| {
            wire(batches::retrieve("msgbatch_1", b, beta), &none)
        }),
        (
            "POST",
            "/v1/messages/batches/msgbatch_1/cancel",
            &|b, beta| wire(batches::cancel("msgbatch_1", b, beta), &none),
        ),
        ("DELETE", "/v1/messages/batches/msgbatch_1", &|b, beta| {
            wire(batches::delete("msgbatch_1", b, beta), &none)
        }),
    ];
    for (method, path, send) in cases {
        // Beta form: `zz,message-batches-2024-09-24` (Python's observed value).
        let (sent_method, uri, lines) = send(&zz(), true);
        assert_eq!(sent_method, method);
        assert_eq!(uri, format!("http://127.0.0.1:9{path}?beta=true"));
        assert_eq!(
            lines,
            line("zz,message-batches-2024-09-24"),
            "{method} {path}"
        );
        assert_eq!(send(&[], true).2, line(BATCHES), "{method} {path}");
        assert_eq!(
            send(&repeated(BATCHES), true).2,
            line("zz,message-batches-2024-09-24,yy"),
            "{method} {path}"
        );

        // GA form (the same handle type): the values alone, nothing without them.
        let (_, uri, lines) = send(&zz(), false);
        assert_eq!(uri, format!("http://127.0.0.1:9{path}"));
        assert_eq!(lines, line("zz"), "{method} {path}");
        assert!(send(&[], false).2.is_empty(), "{method} {path}");
    }
}

fn ended_batch() -> MessageBatch {
    serde_json::from_str(
        r#"{"id":"msgbatch_1","type":"message_batch","processing_status":"ended",
            "request_counts":{"processing":0,"succeeded":1,"errored":0,"canceled":0,"expired":0},
            "ended_at":"2024-08-20T18:37:24Z","created_at":"2024-08-20T18:37:24Z",
            "expires_at":"2024-08-21T18:37:24Z","archived_at":null,"cancel_initiated_at":null,
            "results_url":"https://results.example/v1/messages/batches/msgbatch_1/results"}"#,
    )
    .unwrap()
}

#[test]
fn batch_results_send_the_users_betas_on_the_download_only() {
    let none = RequestOptions::new();
    let batch = ended_batch();

    // Beta form: the first call has only the automatic value, the download the user's first.
    let (method, uri, lines) = wire(batches::results_batch("msgbatch_1", true), &none);
    assert_eq!(method, "GET");
    assert_eq!(
        uri,
        "http://127.0.0.1:9/v1/messages/batches/msgbatch_1?beta=true"
    );
    assert_eq!(lines, line(BATCHES));
    let (method, uri, lines) = wire(batches::results_of(&batch, &zz(), true), &none);
    assert_eq!(method, "GET");
    assert_eq!(
        uri,
        "https://results.example/v1/messages/batches/msgbatch_1/results"
    );
    assert_eq!(lines, line("zz,message-batches-2024-09-24"));
    assert_eq!(
        beta_lines(batches::results_of(&batch, &repeated(BATCHES), true)),
        line("zz,message-batches-2024-09-24,yy")
    );
    assert_eq!(
        beta_lines(batches::results_of(&batch, &[], true)),
        line(BATCHES)
    );

    // GA form: no automatic value; the user's values alone on the download.
    assert!(beta_lines(batches::results_batch("msgbatch_1", false)).is_empty());
    assert_eq!(
        beta_lines(batches::results_of(&batch, &zz(), false)),
        line("zz")
    );
    assert!(beta_lines(batches::results_of(&batch, &[], false)).is_empty());
}

#[test]
fn a_per_request_anthropic_beta_header_replaces_the_computed_value() {
    let options = RequestOptions::new().header("anthropic-beta", "mine");
    assert_eq!(
        wire(files::delete("file_1", &zz(), true), &options).2,
        line("mine")
    );
    assert_eq!(
        wire(skills::retrieve("sk_1", &zz()), &options).2,
        line("mine")
    );
    assert_eq!(
        wire(batches::cancel("msgbatch_1", &zz(), true), &options).2,
        line("mine")
    );
}

#[test]
fn ids_are_still_checked_before_anything_is_built() {
    assert!(matches!(
        files::delete("", &zz(), true),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        skills::retrieve_version("sk_1", "", &zz()),
        Err(Error::InvalidRequest(_))
    ));
    assert!(matches!(
        batches::retrieve("", &zz(), true),
        Err(Error::InvalidRequest(_))
    ));
}
