//! A memory tool backed by a directory: [`DirectoryMemory`], for
//! [`MemoryTool`](anthropic_core::tools::MemoryTool).
//!
//! Python ships no storage for the memory tool; this one is ours (it does file I/O, so it
//! lives here and not in the pure core). The model addresses files as `/memories/...`;
//! `/memories` is the directory given to [`DirectoryMemory::new`].
//!
//! # Path rules (port behaviour, from Anthropic's memory-tool guidance)
//!
//! Every path must be `/memories` or start with `/memories/`, and is refused with an
//! `InvalidPath` error otherwise. Refused too: any `..` component, empty or `.`
//! components are ignored; a NUL byte; and any path that, following symlinks, resolves
//! outside the root (each existing ancestor is resolved and checked before anything is
//! read, written, created, renamed or deleted). Deleting `/memories` itself is refused.
//! The checks are made just before each operation; a process that swaps in a symlink
//! between the check and the operation is outside this tool's threat model (give the
//! directory to this process only).
//!
//! # Results
//!
//! | command | result |
//! |---|---|
//! | `view` on a directory | `Directory <path> (up to 2 levels, hidden entries left out):` then one `<size>\t<path>` line per entry |
//! | `view` on a file | its lines numbered (`{n:>6}\t{line}`), only `view_range` `[start, end]` when given (`end` `-1`: to the end) |
//! | `create` | `File created successfully at: <path>` (parents are created) |
//! | `str_replace` | `The memory file has been edited.`; an error when `old_str` occurs 0 or several times |
//! | `insert` | `The file <path> has been edited.`; an error when the line is past the end |
//! | `delete` | `Successfully deleted <path>` (a directory with its contents) |
//! | `rename` | `Successfully renamed <old> to <new>`; an error when the target exists |

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anthropic_core::tools::{MemoryBackend, ToolError, ToolOutcome};
use anthropic_core::types::MessageContent;

const PREFIX: &str = "/memories";

/// The memory tool's store: a directory on disk that stands for `/memories`.
#[derive(Debug, Clone)]
pub struct DirectoryMemory {
    root: PathBuf,
}

impl DirectoryMemory {
    /// A store in `root` (created if missing).
    pub fn new(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(&root)?;
        Ok(DirectoryMemory {
            root: root.canonicalize()?,
        })
    }

    /// The directory that stands for `/memories`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file system path of a model path, or why it is refused (see the module docs).
    pub fn resolve(&self, path: &str) -> Result<PathBuf, ToolError> {
        let refuse =
            |why: &str| ToolError::new("InvalidPath", format!("The path {path} is refused: {why}"));
        if path.contains('\0') {
            return Err(refuse("it contains a NUL byte"));
        }
        let rest = match path.strip_prefix(PREFIX) {
            Some("") => "",
            Some(rest) if rest.starts_with('/') => rest,
            _ => return Err(refuse("memory paths start with /memories/")),
        };
        let mut resolved = self.root.clone();
        for component in Path::new(rest.trim_start_matches('/')).components() {
            match component {
                Component::Normal(part) => resolved.push(part),
                Component::CurDir => {}
                Component::ParentDir => return Err(refuse("`..` is not allowed")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(refuse("it is not inside /memories"));
                }
            }
        }
        self.check_inside(&resolved)
            .map_err(|()| refuse("it leads outside /memories through a symbolic link"))?;
        Ok(resolved)
    }

    /// Resolves the longest existing ancestor of `path` (symlinks followed) and checks it
    /// is inside the root.
    fn check_inside(&self, path: &Path) -> Result<(), ()> {
        let mut existing = path;
        loop {
            if fs::symlink_metadata(existing).is_ok() {
                let real = existing.canonicalize().map_err(|_| ())?;
                return if real.starts_with(&self.root) {
                    Ok(())
                } else {
                    Err(())
                };
            }
            match existing.parent() {
                Some(parent) => existing = parent,
                None => return Err(()),
            }
        }
    }

    fn read(&self, path: &str) -> Result<(PathBuf, String), ToolError> {
        let file = self.resolve(path)?;
        if !file.is_file() {
            return Err(not_found(path));
        }
        let text = fs::read_to_string(&file).map_err(io_error)?;
        Ok((file, text))
    }

    fn listing(&self, dir: &Path, shown: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(entry.path()) else {
                continue;
            };
            let child = format!("{shown}/{name}");
            out.push(format!("{}\t{child}", human_size(meta.len())));
            if meta.is_dir() && depth < 2 {
                self.listing(&entry.path(), &child, depth + 1, out);
            }
        }
    }
}

fn not_found(path: &str) -> ToolError {
    ToolError::new("NotFound", format!("The path {path} does not exist."))
}

fn io_error(e: io::Error) -> ToolError {
    ToolError::new("IoError", e.to_string())
}

fn ok(text: String) -> ToolOutcome {
    Ok(MessageContent::Text(text))
}

fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes}B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1}K", bytes as f64 / 1024.0)
    } else {
        format!("{:.1}M", bytes as f64 / (1024.0 * 1024.0))
    }
}

impl MemoryBackend for DirectoryMemory {
    fn view(&self, path: &str, view_range: Option<&[i64]>) -> ToolOutcome {
        let target = self.resolve(path)?;
        if target.is_dir() {
            let shown = path.trim_end_matches('/');
            let mut lines = vec![format!(
                "Directory {shown} (up to 2 levels, hidden entries left out):"
            )];
            self.listing(&target, shown, 1, &mut lines);
            return ok(lines.join("\n"));
        }
        let (_, text) = self.read(path)?;
        let lines: Vec<&str> = text.lines().collect();
        let (start, end) = match view_range {
            None => (1, lines.len()),
            Some([start, end]) => {
                let end = if *end == -1 { lines.len() as i64 } else { *end };
                if *start < 1 || end < *start || end as usize > lines.len() {
                    return Err(ToolError::new(
                        "InvalidInput",
                        format!(
                            "view_range [{start}, {end}] is not within the file's {} lines",
                            lines.len()
                        ),
                    ));
                }
                (*start as usize, end as usize)
            }
            Some(_) => {
                return Err(ToolError::new(
                    "InvalidInput",
                    "view_range must be two numbers, [start, end]",
                ));
            }
        };
        let numbered: Vec<String> = lines
            .iter()
            .enumerate()
            .skip(start.saturating_sub(1))
            .take((end + 1).saturating_sub(start))
            .map(|(i, line)| format!("{:>6}\t{line}", i + 1))
            .collect();
        ok(numbered.join("\n"))
    }

    fn create(&self, path: &str, file_text: &str) -> ToolOutcome {
        let file = self.resolve(path)?;
        if file == self.root || file.is_dir() {
            return Err(ToolError::new(
                "InvalidPath",
                format!("The path {path} is a directory"),
            ));
        }
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(io_error)?;
        }
        // The parents may have been created through a symlink made meanwhile: check again.
        let file = self.resolve(path)?;
        fs::write(&file, file_text).map_err(io_error)?;
        ok(format!("File created successfully at: {path}"))
    }

    fn str_replace(&self, path: &str, old_str: &str, new_str: &str) -> ToolOutcome {
        let (file, text) = self.read(path)?;
        let count = if old_str.is_empty() {
            0
        } else {
            text.matches(old_str).count()
        };
        match count {
            0 => Err(ToolError::new(
                "InvalidInput",
                format!("No replacement was performed: old_str did not appear verbatim in {path}."),
            )),
            1 => {
                fs::write(&file, text.replacen(old_str, new_str, 1)).map_err(io_error)?;
                ok("The memory file has been edited.".to_owned())
            }
            n => Err(ToolError::new(
                "InvalidInput",
                format!(
                    "No replacement was performed: old_str appears {n} times in {path}; make it unique."
                ),
            )),
        }
    }

    fn insert(&self, path: &str, insert_line: u64, insert_text: &str) -> ToolOutcome {
        let (file, text) = self.read(path)?;
        let mut lines: Vec<&str> = text.lines().collect();
        if insert_line as usize > lines.len() {
            return Err(ToolError::new(
                "InvalidInput",
                format!(
                    "insert_line {insert_line} is past the end of {path} ({} lines)",
                    lines.len()
                ),
            ));
        }
        let inserted: Vec<&str> = insert_text.lines().collect();
        lines.splice(insert_line as usize..insert_line as usize, inserted);
        let mut out = lines.join("\n");
        if text.ends_with('\n') || text.is_empty() {
            out.push('\n');
        }
        fs::write(&file, out).map_err(io_error)?;
        ok(format!("The file {path} has been edited."))
    }

    fn delete(&self, path: &str) -> ToolOutcome {
        let target = self.resolve(path)?;
        if target == self.root {
            return Err(ToolError::new(
                "InvalidPath",
                "The /memories directory itself cannot be deleted",
            ));
        }
        let meta = fs::symlink_metadata(&target).map_err(|_| not_found(path))?;
        if meta.is_dir() {
            fs::remove_dir_all(&target).map_err(io_error)?;
        } else {
            fs::remove_file(&target).map_err(io_error)?;
        }
        ok(format!("Successfully deleted {path}"))
    }

    fn rename(&self, old_path: &str, new_path: &str) -> ToolOutcome {
        let from = self.resolve(old_path)?;
        let to = self.resolve(new_path)?;
        if from == self.root || to == self.root {
            return Err(ToolError::new(
                "InvalidPath",
                "The /memories directory itself cannot be renamed",
            ));
        }
        if fs::symlink_metadata(&from).is_err() {
            return Err(not_found(old_path));
        }
        if fs::symlink_metadata(&to).is_ok() {
            return Err(ToolError::new(
                "InvalidPath",
                format!("The path {new_path} already exists"),
            ));
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(io_error)?;
        }
        let to = self.resolve(new_path)?;
        fs::rename(&from, &to).map_err(io_error)?;
        ok(format!("Successfully renamed {old_path} to {new_path}"))
    }

    fn clear_all_memory(&self) -> ToolOutcome {
        for entry in fs::read_dir(&self.root).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let meta = fs::symlink_metadata(entry.path()).map_err(io_error)?;
            if meta.is_dir() {
                fs::remove_dir_all(entry.path()).map_err(io_error)?;
            } else {
                fs::remove_file(entry.path()).map_err(io_error)?;
            }
        }
        ok("All memory cleared".to_owned())
    }
}
