//! A response body as text, decoded by the `charset` of its `content-type` as httpx's
//! `Response.text` decodes it (what Python's error messages are made of).
//!
//! UTF-8 is the default and the fallback for a charset this module does not know, as it
//! is httpx's for one Python does not know; Latin-1, ASCII and Windows-1252 (the
//! charsets an HTML error page from a proxy names) are decoded as Python's codecs decode
//! them, with `U+FFFD` for a byte the charset has no character for.

use std::borrow::Cow;

use http::HeaderMap;
use http::header::CONTENT_TYPE;

/// The body decoded as text.
pub(crate) fn decode<'a>(headers: &HeaderMap, body: &'a [u8]) -> Cow<'a, str> {
    match charset(headers).as_deref().map(codec) {
        Some(Codec::Latin1) => body.iter().map(|&b| char::from(b)).collect(),
        Some(Codec::Ascii) => body
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        Some(Codec::Windows1252) => body.iter().map(|&b| windows_1252(b)).collect(),
        Some(Codec::Utf8) | None => String::from_utf8_lossy(body),
    }
}

enum Codec {
    Utf8,
    Latin1,
    Ascii,
    Windows1252,
}

/// The `charset` parameter of the response's `content-type`, unquoted and lowercased.
fn charset(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    value.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// The codec a charset names, by the names and aliases Python's `codecs` knows them by.
fn codec(name: &str) -> Codec {
    match name.replace('-', "_").as_str() {
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" | "csisolatin1" => Codec::Latin1,
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "csascii" => Codec::Ascii,
        "windows_1252" | "cp1252" | "1252" => Codec::Windows1252,
        _ => Codec::Utf8,
    }
}

/// A Windows-1252 byte: Latin-1 except in 0x80 to 0x9F, where five bytes have no
/// character.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    /// Each body against `httpx.Response(400, headers=..., content=...).text`.
    #[test]
    fn bodies_decode_as_httpx_decodes_them() {
        let cases: [(&str, &[u8], &str); 7] = [
            ("text/plain; charset=iso-8859-1", b"caf\xe9", "café"),
            ("text/plain; charset=latin1", b"caf\xe9", "café"),
            ("text/plain; charset=\"ISO-8859-1\"", b"caf\xe9", "café"),
            ("text/plain; charset=us-ascii", b"caf\xe9", "caf\u{FFFD}"),
            (
                "text/plain; charset=windows-1252",
                b"\x93hi\x94 \x81",
                "“hi” \u{FFFD}",
            ),
            ("text/plain", b"caf\xe9", "caf\u{FFFD}"),
            ("text/plain; charset=bogus", "café".as_bytes(), "café"),
        ];
        for (content_type, body, text) in cases {
            assert_eq!(decode(&typed(content_type), body), text, "{content_type}");
        }
        assert_eq!(decode(&HeaderMap::new(), b"plain"), "plain");
    }

    #[test]
    fn every_windows_1252_byte_matches_pythons_codec() {
        // bytes(range(0x80, 0xa0)).decode("cp1252", "replace")
        let python = "€\u{FFFD}‚ƒ„…†‡ˆ‰Š‹Œ\u{FFFD}Ž\u{FFFD}\u{FFFD}‘’“”•–—˜™š›œ\u{FFFD}žŸ";
        let ours: String = (0x80..=0x9Fu8).map(windows_1252).collect();
        assert_eq!(ours, python);
    }
}
