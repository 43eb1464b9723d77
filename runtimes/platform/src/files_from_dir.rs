//! `files_from_dir`: a skill's directory as upload parts (Python's `files_from_dir`).
//!
//! Shared by the blocking and the async clients, which re-export it: it reads directory
//! listings with `std::fs`, which the pure core cannot.

use std::io;
use std::path::Path;

use anthropic_core::multipart::FileUpload;

/// Every file under `dir`, recursively, as an upload part named by its path relative to
/// `dir`'s parent with `/` separators (so names start with the directory's own name:
/// `my-skill/SKILL.md`, `my-skill/scripts/run.py`), sorted by name. The files are
/// streamed from disk when the request is sent, not read now.
pub fn files_from_dir(dir: impl AsRef<Path>) -> io::Result<Vec<FileUpload>> {
    let dir = dir.as_ref();
    let top = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::other(format!("{} has no directory name", dir.display())))?;
    let mut files = Vec::new();
    walk(dir, &top, &mut files)?;
    files.sort_by(|a: &FileUpload, b| a.get_filename().cmp(b.get_filename()));
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<FileUpload>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &name, out)?;
        } else {
            let content_type = anthropic_core::multipart::guess_content_type(&name);
            out.push(
                FileUpload::path(entry.path())
                    .filename(name)
                    .content_type(content_type),
            );
        }
    }
    Ok(())
}
