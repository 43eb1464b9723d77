//! The multipart encoder: the exact bytes Python's httpx sends, the announced length, and
//! the same bytes whatever the read buffer size.

use std::io::Read;

use anthropic_core::multipart::{FileUpload, Form, FormReader};

fn no_files(path: &std::path::Path) -> std::io::Result<Box<dyn Read + Send>> {
    Err(std::io::Error::other(format!(
        "unexpected open of {}",
        path.display()
    )))
}

fn form() -> Form {
    let mut form = Form::new()
        .text("display_title", "My \"skill\"")
        .file("files[]", FileUpload::named("d/SKILL.md", b"# hi".to_vec()))
        .file(
            "files[]",
            FileUpload::named("d/x.py", b"print(1)\r\n".to_vec()),
        )
        .file("file", FileUpload::bytes(vec![0u8, 255]));
    form.set_boundary("0123456789abcdef0123456789abcdef");
    form
}

#[test]
fn bytes_on_the_wire() {
    let form = form();
    let body = form.to_bytes(no_files).unwrap();
    let b = "--0123456789abcdef0123456789abcdef";
    let mut expected = format!(
        "{b}\r\nContent-Disposition: form-data; name=\"display_title\"\r\n\r\nMy \"skill\"\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"d/SKILL.md\"\r\nContent-Type: text/markdown\r\n\r\n# hi\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"d/x.py\"\r\nContent-Type: text/x-python\r\n\r\nprint(1)\r\n\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0, 255]);
    expected.extend_from_slice(format!("\r\n{b}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(body, expected);
    assert_eq!(form.content_length(), Some(body.len() as u64));
    assert_eq!(
        form.content_type(),
        "multipart/form-data; boundary=0123456789abcdef0123456789abcdef"
    );
}

/// Python's form encoding drops a field whose value is empty (`display_title=""` on
/// `skills.create` sends no `display_title` part), given directly or as an extra field.
#[test]
fn an_empty_text_field_is_not_sent() {
    let mut form = Form::new()
        .text("display_title", "")
        .file("files[]", FileUpload::named("d/SKILL.md", b"# hi".to_vec()));
    let extra = serde_json::json!({"x": "", "y": "v"});
    form.merge_fields(extra.as_object().unwrap());
    let names: Vec<&str> = form.fields().into_iter().map(|(name, ..)| name).collect();
    assert_eq!(names, ["y", "files[]"]);
}

/// Numbers in extra form fields are written as Python's `str()` writes them.
#[test]
fn numbers_in_form_fields_are_written_as_python_writes_them() {
    let mut form = Form::new();
    form.set_boundary("b");
    let extra = serde_json::json!({"small": 1e-7, "big": 1e22, "n": 7, "half": 0.5});
    form.merge_fields(extra.as_object().unwrap());
    let body = String::from_utf8(form.to_bytes(no_files).unwrap()).unwrap();
    for (name, text) in [
        ("small", "1e-07"),
        ("big", "1e+22"),
        ("n", "7"),
        ("half", "0.5"),
    ] {
        let part = format!("name=\"{name}\"\r\n\r\n{text}\r\n");
        assert!(body.contains(&part), "{part:?} in {body}");
    }
}

#[test]
fn any_buffer_size_reads_the_same_bytes() {
    let form = form();
    let whole = form.to_bytes(no_files).unwrap();
    for size in [1, 2, 3, 7, 64, 4096] {
        let mut reader = FormReader::with_opener(&form, no_files).unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0; size];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, whole, "buffer of {size}");
    }
}

#[test]
fn names_are_escaped_as_html5_forms_do() {
    let mut form = Form::new().file(
        "f\"\\",
        FileUpload::named("a\"b\\c\nd\u{1b}.txt", b"x".to_vec()),
    );
    form.set_boundary("b");
    let body = String::from_utf8(form.to_bytes(no_files).unwrap()).unwrap();
    assert!(
        body.contains("name=\"f%22\\\\\"; filename=\"a%22b\\\\c%0Ad\u{1b}.txt\""),
        "{body}"
    );
}

#[test]
fn paths_are_opened_when_reached_and_must_be_measured() {
    let mut form = Form::new().file("file", FileUpload::path("/data/report.pdf"));
    form.set_boundary("b");
    assert_eq!(form.content_length(), None, "not measured yet");
    form.measure_paths(|_| Ok(3)).unwrap();
    assert_eq!(
        form.fields(),
        [("file", Some("report.pdf"), Some("application/pdf"))]
    );
    let body = form
        .to_bytes(|path| {
            assert_eq!(path, std::path::Path::new("/data/report.pdf"));
            Ok(Box::new(std::io::Cursor::new(b"pdf".to_vec())))
        })
        .unwrap();
    assert_eq!(form.content_length(), Some(body.len() as u64));
    // A file shorter than measured is an error, not a short body.
    let short = form.to_bytes(|_| Ok(Box::new(std::io::Cursor::new(b"p".to_vec()))));
    assert!(short.is_err());
}

#[test]
fn a_reader_is_read_once() {
    let upload = FileUpload::reader("r.bin", std::io::Cursor::new(vec![1, 2, 3]), 3);
    let mut form = Form::new().file("file", upload);
    form.set_boundary("b");
    assert!(form.can_resend());
    assert!(form.to_bytes(no_files).is_ok());
    assert!(!form.can_resend());
    let again = form.to_bytes(no_files).unwrap_err();
    assert!(
        again.to_string().contains("cannot be sent again"),
        "{again}"
    );
}

/// Content types as Python's `mimetypes.guess_type(name)[0]` gives them, with
/// `application/octet-stream` for `None` (the compressed rows hold on every platform:
/// Python's encoding and suffix tables are built in, not read from the system).
#[test]
fn content_types_are_guessed_as_python_guesses_them() {
    for (name, expected) in [
        ("SKILL.md", "text/markdown"),
        ("scripts/run.py", "text/x-python"),
        ("REPORT.PDF", "application/pdf"),
        ("data.json", "application/json"),
        ("bundle.zip", "application/zip"),
        ("notes.tar", "application/x-tar"),
        ("notes.tar.gz", "application/x-tar"),
        ("notes.tgz", "application/x-tar"),
        ("notes.tar.xz", "application/x-tar"),
        ("notes.tbz2", "application/x-tar"),
        ("logo.svgz", "image/svg+xml"),
        ("page.html.br", "text/html"),
        ("notes.gz", "application/octet-stream"),
        ("notes.GZ", "application/octet-stream"),
        ("Makefile", "application/octet-stream"),
        ("v1.2/README", "application/octet-stream"),
    ] {
        assert_eq!(
            anthropic_core::multipart::guess_content_type(name),
            expected,
            "{name}"
        );
    }
}

/// Extra body fields of a multipart request become form fields as Python writes them:
/// one of the form's own names is replaced in its place, new ones go before the files;
/// the length announced is the length sent.
#[test]
fn extra_body_fields_are_form_fields() {
    use anthropic_core::endpoints::files;
    use anthropic_core::{ClientConfig, Exchange, RequestOptions, Timestamp};
    use serde_json::json;

    let mut options = RequestOptions::new();
    let fields = json!({
        "display_title": "Replaced",
        "purpose": "x",
        "meta": {"a": 1, "tags": ["p", "q"], "ok": true},
        "skipped": null,
        "empty": "",
    });
    options.body = fields.as_object().unwrap().clone();

    let mut merged = form();
    merged.merge_fields(&options.body);
    let bytes = merged.to_bytes(no_files).unwrap();
    let body = String::from_utf8_lossy(&bytes);
    let names: Vec<&str> = body
        .split("; name=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        names,
        [
            "display_title",
            "purpose",
            "meta[a]",
            "meta[tags][]",
            "meta[tags][]",
            "meta[ok]",
            "files[]",
            "files[]",
            "file"
        ]
    );
    assert!(
        body.contains("name=\"display_title\"\r\n\r\nReplaced\r\n"),
        "{body}"
    );
    assert!(body.contains("name=\"meta[ok]\"\r\n\r\ntrue\r\n"), "{body}");
    assert!(!body.contains("My \"skill\""), "{body}");
    assert_eq!(merged.content_length(), Some(bytes.len() as u64));

    // Through an exchange: the upload's form carries them, and its length says so.
    let config = ClientConfig::new().api_key("sk-test");
    let mut call = files::upload(&FileUpload::named("a.txt", b"hi".to_vec()), &[], true).unwrap();
    call.prepare_form(|| "0123456789abcdef0123456789abcdef".into(), |_| Ok(0))
        .unwrap();
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    let _ = exchange.start_attempt(Timestamp::ZERO).unwrap();
    let form = exchange.call().form().expect("a form");
    let sent = String::from_utf8(form.to_bytes(no_files).unwrap()).unwrap();
    assert!(sent.starts_with("--"), "{sent}");
    assert!(sent.find("name=\"purpose\"").unwrap() < sent.find("name=\"file\"").unwrap());
    let announced = exchange.headers()["content-length"].to_str().unwrap();
    assert_eq!(announced, sent.len().to_string());
}
