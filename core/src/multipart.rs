//! `multipart/form-data` bodies (file and skill uploads), encoded as they are sent.
//!
//! A [`Form`] is a list of parts, text fields or files. A file's content is bytes in
//! memory, a path (opened by the driver when the body is sent, so a 1 GiB file is never in
//! memory), or a reader (read once, as the body is sent). The form is turned into bytes by
//! a [`FormReader`], an `std::io::Read` that yields the part heads, contents and the
//! closing boundary in order, holding at most one part head in memory; the driver gives it
//! a function that opens paths, so this module does no I/O of its own.
//!
//! # What is sent (as Python's httpx sends it)
//!
//! ```text
//! --<boundary>\r\n
//! Content-Disposition: form-data; name="file"; filename="a.txt"\r\n
//! Content-Type: text/plain\r\n
//! \r\n
//! <content>\r\n
//! --<boundary>\r\n
//! Content-Disposition: form-data; name="display_title"\r\n
//! \r\n
//! <text>\r\n
//! --<boundary>--\r\n
//! ```
//!
//! The request's `Content-Type` is `multipart/form-data; boundary=<boundary>`, the
//! boundary 32 lowercase hex digits drawn by the driver. `Content-Length` is always sent:
//! paths are measured by the driver before sending, readers come with their length. In
//! `name` and `filename`, `"` is sent as `%22`, `\` as `\\`, and control characters other
//! than ESC as `%XX` (the HTML5 form encoding httpx uses).
//!
//! # Retries
//!
//! A form of bytes and paths can be sent again (paths are reopened). A reader can be read
//! only once, so a call whose reader was sent is not retried: the failure it met (a 500,
//! a reset) is what the call returns ([`Form::can_resend`]). Sending the same upload in
//! another call fails with [`Error::InvalidRequest`] before anything is sent.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::Error;

/// A reader handed to a form, shared so that the form can be cloned with its call.
type SharedReader = Arc<Mutex<Option<Box<dyn Read + Send>>>>;

/// The content of a file part.
#[derive(Clone)]
pub enum Content {
    /// Bytes in memory.
    Bytes(Arc<[u8]>),
    /// A file the driver opens when the body is sent; `len` is measured before sending.
    Path {
        /// The file.
        path: PathBuf,
        /// Its size in bytes, once measured.
        len: Option<u64>,
    },
    /// A reader of exactly `len` bytes, read once.
    Reader {
        /// The reader (taken when the body is first sent).
        reader: SharedReader,
        /// How many bytes it yields.
        len: u64,
    },
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            Content::Path { path, len } => write!(f, "Path({path:?}, {len:?})"),
            Content::Reader { len, .. } => write!(f, "Reader({len} bytes)"),
        }
    }
}

impl Content {
    fn len(&self) -> Option<u64> {
        match self {
            Content::Bytes(b) => Some(b.len() as u64),
            Content::Path { len, .. } => *len,
            Content::Reader { len, .. } => Some(*len),
        }
    }
}

/// A file to upload: its content, the filename and the content type its part carries.
///
/// ```
/// use anthropic_core::multipart::FileUpload;
///
/// let raw = FileUpload::bytes(b"hello".to_vec());          // filename "upload", application/octet-stream
/// let named = FileUpload::named("notes.md", b"# hi".to_vec()); // content type from the extension: text/markdown
/// let pdf = FileUpload::path("docs/report.pdf");           // filename "report.pdf", application/pdf
/// assert_eq!(named.get_content_type(), "text/markdown");
/// assert_eq!(pdf.get_filename(), "report.pdf");
/// # let _ = raw;
/// ```
#[derive(Debug, Clone)]
pub struct FileUpload {
    filename: String,
    content_type: String,
    content: Content,
}

impl FileUpload {
    /// Bytes sent as filename `upload`, `application/octet-stream` (Python's raw bytes).
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload {
            filename: "upload".into(),
            content_type: "application/octet-stream".into(),
            content: Content::Bytes(bytes.into().into()),
        }
    }

    /// Bytes with a filename (directories kept, as for skills: `my-skill/SKILL.md`); the
    /// content type is guessed from the extension (Python's `(filename, content)` tuple).
    pub fn named(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        let filename = filename.into();
        FileUpload {
            content_type: guess_content_type(&filename).into(),
            filename,
            content: Content::Bytes(bytes.into().into()),
        }
    }

    /// A file on disk, streamed from it when the request is sent: the filename is the
    /// path's last component, the content type guessed from its extension (Python's path
    /// input, without reading the file into memory).
    pub fn path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let filename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".into());
        FileUpload {
            content_type: guess_content_type(&filename).into(),
            filename,
            content: Content::Path { path, len: None },
        }
    }

    /// `len` bytes read from `reader` as the request is sent, with this filename (content
    /// type guessed from it). Read once: a call is not retried after the reader was sent,
    /// and returns the failure it met (Python rewinds a file object instead).
    pub fn reader(
        filename: impl Into<String>,
        reader: impl Read + Send + 'static,
        len: u64,
    ) -> Self {
        let filename = filename.into();
        FileUpload {
            content_type: guess_content_type(&filename).into(),
            filename,
            content: Content::Reader {
                reader: Arc::new(Mutex::new(Some(Box::new(reader)))),
                len,
            },
        }
    }

    /// Replaces the filename.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }

    /// Replaces the content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The filename its part carries.
    pub fn get_filename(&self) -> &str {
        &self.filename
    }

    /// The content type its part carries.
    pub fn get_content_type(&self) -> &str {
        &self.content_type
    }

    /// The content.
    pub fn content(&self) -> &Content {
        &self.content
    }
}

/// The content type Python's `mimetypes` gives a filename (`application/octet-stream`
/// when unknown). As there, a compressed file's type is that of what it holds: the
/// encoding suffix (`.gz`, `.bz2`, `.xz`, `.br`, `.Z`; matched case-sensitively, as
/// Python does) is set aside, so `notes.tar.gz` and `notes.tgz` are `application/x-tar`
/// and a bare `notes.gz` is unknown.
pub fn guess_content_type(filename: &str) -> &'static str {
    let (base, ext) = split_extension(filename);
    let ext = match ext {
        "tgz" | "taz" | "tz" | "tbz2" | "txz" => "tar",
        "svgz" => "svg",
        "gz" | "Z" | "bz2" | "xz" | "br" => split_extension(base).1,
        other => other,
    };
    type_of_extension(&ext.to_ascii_lowercase())
}

/// The name before its last extension, and the extension (empty when there is none).
fn split_extension(filename: &str) -> (&str, &str) {
    filename.rsplit_once('.').unwrap_or((filename, ""))
}

fn type_of_extension(ext: &str) -> &'static str {
    match ext {
        "txt" => "text/plain",
        "md" | "markdown" => "text/markdown",
        "py" => "text/x-python",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "csv" => "text/csv",
        "js" | "mjs" => "text/javascript",
        "xml" => "application/xml",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "tar" => "application/x-tar",
        "sh" => "application/x-sh",
        "yaml" | "yml" => "application/yaml",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

/// One JSON field as form text fields, by Python's query-string rules (`_qs.py`: nested
/// keys in brackets, arrays as `key[]`).
fn flatten_field(key: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            for (member, value) in members {
                flatten_field(format!("{key}[{member}]"), value, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten_field(format!("{key}[]"), item, out);
            }
        }
        Value::Null => {}
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, number_text(n))),
        Value::String(s) if s.is_empty() => {}
        Value::String(s) => out.push((key, s.clone())),
    }
}

/// A number as Python's `str()` writes it into a form field (`1e-07`, not `1e-7`).
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => crate::json::python_float(f),
        _ => n.to_string(),
    }
}

#[derive(Debug, Clone)]
enum Part {
    Text { name: String, value: String },
    File { name: String, file: FileUpload },
}

/// A `multipart/form-data` body: see the module docs.
#[derive(Debug, Clone, Default)]
pub struct Form {
    boundary: String,
    parts: Vec<Part>,
}

impl Form {
    /// An empty form; the driver sets the boundary before sending.
    pub fn new() -> Self {
        Form::default()
    }

    /// Adds a text field. An empty value sends nothing, as in Python, whose form encoding
    /// drops every field that serializes to an empty string.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.parts.push(Part::Text {
                name: name.into(),
                value,
            });
        }
        self
    }

    /// Whether the form can be sent (again): `false` once a reader it holds was taken by a
    /// [`FormReader`]. Python rewinds a file object for a retry; a reader cannot rewind.
    pub fn can_resend(&self) -> bool {
        self.parts.iter().all(|part| match part {
            Part::File {
                file:
                    FileUpload {
                        content: Content::Reader { reader, .. },
                        ..
                    },
                ..
            } => reader.lock().is_ok_and(|r| r.is_some()),
            _ => true,
        })
    }

    /// Adds a file part.
    pub fn file(mut self, name: impl Into<String>, file: FileUpload) -> Self {
        self.parts.push(Part::File {
            name: name.into(),
            file,
        });
        self
    }

    /// Merges fields given as JSON (the per-request `extra_body` options) into the form's
    /// text fields, as Python does for a multipart request: a field replaces the form's
    /// own of the same name, in its place; a new one goes after the other text fields,
    /// before the files (httpx sends data fields first). Values are written as Python's
    /// query-string rules write them: `true`/`false`, numbers as text, an object's
    /// members as `key[member]`, an array's items as `key[]`; `null` and empty strings
    /// send nothing.
    pub fn merge_fields(&mut self, fields: &serde_json::Map<String, serde_json::Value>) {
        for (key, value) in fields {
            let mut texts = Vec::new();
            flatten_field(key.clone(), value, &mut texts);
            let belongs = |name: &str| {
                name.strip_prefix(key.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
            };
            let at = self
                .parts
                .iter()
                .position(|p| matches!(p, Part::Text { name, .. } if belongs(name)))
                .or_else(|| {
                    self.parts
                        .iter()
                        .position(|p| matches!(p, Part::File { .. }))
                })
                .unwrap_or(self.parts.len());
            self.parts
                .retain(|p| !matches!(p, Part::Text { name, .. } if belongs(name)));
            let at = at.min(self.parts.len());
            self.parts.splice(
                at..at,
                texts
                    .into_iter()
                    .map(|(name, value)| Part::Text { name, value }),
            );
        }
    }

    /// Sets the boundary (32 random hex digits, drawn by the driver).
    pub fn set_boundary(&mut self, boundary: impl Into<String>) {
        self.boundary = boundary.into();
    }

    /// Measures the files given by path with `measure` (the driver's `metadata().len()`).
    pub fn measure_paths(
        &mut self,
        mut measure: impl FnMut(&Path) -> io::Result<u64>,
    ) -> Result<(), Error> {
        for part in &mut self.parts {
            if let Part::File {
                file:
                    FileUpload {
                        content: Content::Path { path, len },
                        ..
                    },
                ..
            } = part
            {
                let size = measure(path).map_err(|e| {
                    Error::InvalidRequest(format!("cannot read the file {}: {e}", path.display()))
                })?;
                *len = Some(size);
            }
        }
        Ok(())
    }

    /// The boundary (empty until the driver sets it).
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The request's `Content-Type`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The body's length in bytes, once every path is measured.
    pub fn content_length(&self) -> Option<u64> {
        let mut total = 0u64;
        for i in 0..self.parts.len() {
            total += self.head(i).len() as u64 + self.content_len(i)? + 2;
        }
        Some(total + self.tail().len() as u64)
    }

    /// The parts' (name, filename, content type) in order, for inspection.
    pub fn fields(&self) -> Vec<(&str, Option<&str>, Option<&str>)> {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text { name, .. } => (name.as_str(), None, None),
                Part::File { name, file } => (
                    name.as_str(),
                    Some(file.filename.as_str()),
                    Some(file.content_type.as_str()),
                ),
            })
            .collect()
    }

    fn content_len(&self, i: usize) -> Option<u64> {
        match &self.parts[i] {
            Part::Text { value, .. } => Some(value.len() as u64),
            Part::File { file, .. } => file.content.len(),
        }
    }

    fn head(&self, i: usize) -> Vec<u8> {
        let mut head = format!("--{}\r\nContent-Disposition: form-data; ", self.boundary);
        match &self.parts[i] {
            Part::Text { name, .. } => {
                head.push_str(&format!("name=\"{}\"\r\n\r\n", escape(name)));
            }
            Part::File { name, file } => head.push_str(&format!(
                "name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                escape(name),
                escape(&file.filename),
                file.content_type
            )),
        }
        head.into_bytes()
    }

    fn tail(&self) -> Vec<u8> {
        format!("--{}--\r\n", self.boundary).into_bytes()
    }

    /// The whole body in memory (for small forms and tests; drivers stream it with a
    /// [`FormReader`]). Paths are opened with `open`.
    pub fn to_bytes(
        &self,
        open: impl Fn(&Path) -> io::Result<Box<dyn Read + Send>> + Send + Sync + 'static,
    ) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        FormReader::with_opener(self, open)?
            .read_to_end(&mut out)
            .map_err(|e| Error::InvalidRequest(format!("could not read the upload: {e}")))?;
        Ok(out)
    }
}

/// How a driver opens a file given by path (`std::fs::File::open`, boxed).
pub type Opener = Box<dyn Fn(&Path) -> io::Result<Box<dyn Read + Send>> + Send + Sync>;

/// The body of a [`Form`] as an `std::io::Read`, produced as it is read. At most one part
/// head is in memory; contents are read from their bytes, file or reader in the caller's
/// buffer.
pub struct FormReader {
    form: Form,
    open: Opener,
    /// The next part to start.
    next: usize,
    /// Bytes of the current head, CRLF or tail not yet read.
    pending: Vec<u8>,
    pending_at: usize,
    /// The current part's content, and how many of its bytes are left.
    content: Option<(Box<dyn Read + Send>, u64)>,
    finished: bool,
}

impl std::fmt::Debug for FormReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormReader")
            .field("next", &self.next)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl FormReader {
    /// A reader of `form`'s body; paths are opened with `open` when their part is reached.
    /// Fails if a reader of the form was already sent (it cannot be read again).
    pub fn with_opener(
        form: &Form,
        open: impl Fn(&Path) -> io::Result<Box<dyn Read + Send>> + Send + Sync + 'static,
    ) -> Result<FormReader, Error> {
        if !form.can_resend() {
            return Err(Error::InvalidRequest(
                "an upload from a reader cannot be sent again (it was sent in an earlier \
                 call); upload bytes or a path to send it more than once"
                    .into(),
            ));
        }
        Ok(FormReader {
            form: form.clone(),
            open: Box::new(open),
            next: 0,
            pending: Vec::new(),
            pending_at: 0,
            content: None,
            finished: false,
        })
    }

    fn advance(&mut self) -> io::Result<()> {
        if self.next < self.form.parts.len() {
            let i = self.next;
            self.next += 1;
            self.pending = self.form.head(i);
            self.pending_at = 0;
            let content: Box<dyn Read + Send> = match &self.form.parts[i] {
                Part::Text { value, .. } => Box::new(io::Cursor::new(value.clone().into_bytes())),
                Part::File { file, .. } => match &file.content {
                    Content::Bytes(b) => Box::new(io::Cursor::new(Arc::clone(b))),
                    Content::Path { path, .. } => (self.open)(path)?,
                    Content::Reader { reader, .. } => reader
                        .lock()
                        .ok()
                        .and_then(|mut r| r.take())
                        .ok_or_else(|| io::Error::other("the upload's reader was already read"))?,
                },
            };
            let len = self.form.content_len(i).unwrap_or(0);
            self.content = Some((content, len));
        } else {
            self.pending = self.form.tail();
            self.pending_at = 0;
            self.finished = true;
        }
        Ok(())
    }
}

impl Read for FormReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.pending_at < self.pending.len() {
                let n = (self.pending.len() - self.pending_at).min(buf.len());
                buf[..n].copy_from_slice(&self.pending[self.pending_at..self.pending_at + n]);
                self.pending_at += n;
                return Ok(n);
            }
            if let Some((reader, left)) = self.content.as_mut() {
                if *left > 0 {
                    let want = (*left).min(buf.len() as u64) as usize;
                    let n = reader.read(&mut buf[..want])?;
                    if n == 0 {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "an uploaded file ended before its announced length (was it changed \
                             while being sent?)",
                        ));
                    }
                    *left -= n as u64;
                    return Ok(n);
                }
                self.content = None;
                self.pending = b"\r\n".to_vec();
                self.pending_at = 0;
                continue;
            }
            if self.finished {
                return Ok(0);
            }
            self.advance()?;
        }
    }
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\\' => out.push_str("\\\\"),
            '\u{1b}' => out.push(c),
            c if (c as u32) < 0x20 => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
