//! `files_from_dir`: a skill's directory as upload parts (Python's `files_from_dir`).
//!
//! Shared by the blocking and the async clients, which re-export it: it reads directory
//! listings with `std::fs`, which the pure core cannot.

use std::io;
use std::path::{Path, PathBuf};

use anthropic_core::multipart::FileUpload;

/// Every file under `dir`, recursively, as an upload part named by its path relative to
/// `dir`'s parent with `/` separators (so names start with the directory's own name:
/// `my-skill/SKILL.md`, `my-skill/scripts/run.py`), sorted by name. The files are
/// streamed from disk when the request is sent, not read now.
///
/// Symbolic links are followed, as Python's `Path.is_dir()` follows them: a link to a
/// directory is walked under the link's name, a link to a file is that file. A link that
/// leads nowhere is an error now (Python fails reading it), and so is a link back to a
/// directory being walked, which would never end.
pub fn files_from_dir(dir: impl AsRef<Path>) -> io::Result<Vec<FileUpload>> {
    let dir = dir.as_ref();
    let top = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::other(format!("{} has no directory name", dir.display())))?;
    let mut files = Vec::new();
    walk(dir, &top, &mut vec![dir.canonicalize()?], &mut files)?;
    files.sort_by(|a: &FileUpload, b| a.get_filename().cmp(b.get_filename()));
    Ok(files)
}

/// Walks `dir`; `open` holds the real paths of the directories being walked, from the
/// top down to `dir`.
fn walk(
    dir: &Path,
    prefix: &str,
    open: &mut Vec<PathBuf>,
    out: &mut Vec<FileUpload>,
) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        let metadata = std::fs::metadata(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        if metadata.is_dir() {
            let real = path.canonicalize()?;
            if open.contains(&real) {
                return Err(io::Error::other(format!(
                    "{} links back to {}, a directory being walked",
                    path.display(),
                    real.display()
                )));
            }
            open.push(real);
            walk(&path, &name, open, out)?;
            open.pop();
        } else {
            let content_type = anthropic_core::multipart::guess_content_type(&name);
            out.push(
                FileUpload::path(path)
                    .filename(name)
                    .content_type(content_type),
            );
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A fresh directory under the system's temporary one, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!(
                "anthropic-files-from-dir-{name}-{}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn names(files: &[FileUpload]) -> Vec<&str> {
        files.iter().map(FileUpload::get_filename).collect()
    }

    #[test]
    fn links_are_followed_under_their_own_names() {
        let scratch = Scratch::new("links");
        let skill = scratch.0.join("my-skill");
        let elsewhere = scratch.0.join("elsewhere");
        std::fs::create_dir_all(skill.join("scripts")).unwrap();
        std::fs::create_dir_all(elsewhere.join("sub")).unwrap();
        std::fs::write(skill.join("SKILL.md"), "# skill").unwrap();
        std::fs::write(skill.join("scripts/run.py"), "print()").unwrap();
        std::fs::write(elsewhere.join("sub/x.md"), "x").unwrap();
        symlink(&elsewhere, skill.join("linked")).unwrap();
        symlink(skill.join("SKILL.md"), skill.join("alias.md")).unwrap();

        let files = files_from_dir(&skill).unwrap();
        assert_eq!(
            names(&files),
            [
                "my-skill/SKILL.md",
                "my-skill/alias.md",
                "my-skill/linked/sub/x.md",
                "my-skill/scripts/run.py"
            ]
        );
    }

    #[test]
    fn a_link_back_up_or_to_nothing_is_an_error_not_an_endless_walk() {
        let scratch = Scratch::new("loops");
        let skill = scratch.0.join("my-skill");
        std::fs::create_dir_all(skill.join("deep")).unwrap();
        symlink(&skill, skill.join("deep/up")).unwrap();
        let err = files_from_dir(&skill).unwrap_err();
        assert!(err.to_string().contains("links back to"), "{err}");

        std::fs::remove_file(skill.join("deep/up")).unwrap();
        symlink(scratch.0.join("missing"), skill.join("deep/gone")).unwrap();
        let err = files_from_dir(&skill).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound, "{err}");
        assert!(err.to_string().contains("gone"), "{err}");
    }
}
