//! The memory tool: command decoding (Python's texts for unknown commands), and the
//! directory store's commands and path checks against hostile paths.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use anthropic::memory::DirectoryMemory;
use anthropic::tools::{MemoryBackend, MemoryCommand, MemoryTool, RunnableTool};
use anthropic::types::MessageContent;
use serde_json::{Value, json};

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "anthropic-memory-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(outcome: anthropic::tools::ToolOutcome) -> String {
    match outcome {
        Ok(MessageContent::Text(t)) => t,
        other => panic!("expected text, got {other:?}"),
    }
}

fn setup() -> (TempDir, MemoryTool<DirectoryMemory>) {
    let dir = TempDir::new();
    let tool = MemoryTool::new(DirectoryMemory::new(dir.0.join("memories")).unwrap());
    (dir, tool)
}

#[test]
fn definition_and_unknown_commands() {
    let (_dir, tool) = setup();
    assert_eq!(
        serde_json::to_value(tool.definition()).unwrap(),
        json!({"type": "memory_20250818", "name": "memory"})
    );
    let cached = MemoryTool::new(tool.backend().clone())
        .cache_control(anthropic::types::CacheControl::ephemeral());
    assert_eq!(
        serde_json::to_value(cached.definition()).unwrap(),
        json!({"type": "memory_20250818", "name": "memory", "cache_control": {"type": "ephemeral"}})
    );
    assert_eq!(
        tool.call(json!({"command": "frobnicate"}))
            .unwrap_err()
            .to_string(),
        "NotImplemented: Unknown command: frobnicate"
    );
    assert_eq!(
        tool.call(json!({"path": "/memories"}))
            .unwrap_err()
            .to_string(),
        "NotImplemented: Unknown command: None"
    );
    let missing = tool
        .call(json!({"command": "create", "path": "/memories/a"}))
        .unwrap_err();
    assert!(
        missing.to_string().contains("missing field `file_text`"),
        "{missing}"
    );
    assert_eq!(
        MemoryCommand::from_input(
            json!({"command": "view", "path": "/memories", "view_range": [1, 3]})
        )
        .unwrap(),
        MemoryCommand::View {
            path: "/memories".into(),
            view_range: Some(vec![1, 3])
        }
    );
}

#[test]
fn the_six_commands() {
    let (_dir, tool) = setup();
    let call = |input: Value| tool.call(input);
    assert_eq!(
        text(call(
            json!({"command": "create", "path": "/memories/notes/todo.md", "file_text": "one\ntwo\nthree\n"})
        )),
        "File created successfully at: /memories/notes/todo.md"
    );
    assert_eq!(
        text(call(
            json!({"command": "view", "path": "/memories/notes/todo.md"})
        )),
        "     1\tone\n     2\ttwo\n     3\tthree"
    );
    assert_eq!(
        text(call(
            json!({"command": "view", "path": "/memories/notes/todo.md", "view_range": [2, -1]})
        )),
        "     2\ttwo\n     3\tthree"
    );
    let listing = text(call(json!({"command": "view", "path": "/memories"})));
    assert!(
        listing.starts_with("Directory /memories (up to 2 levels"),
        "{listing}"
    );
    assert!(
        listing.contains("\t/memories/notes\n") && listing.ends_with("\t/memories/notes/todo.md"),
        "{listing}"
    );
    assert_eq!(
        text(call(
            json!({"command": "str_replace", "path": "/memories/notes/todo.md", "old_str": "two", "new_str": "2"})
        )),
        "The memory file has been edited."
    );
    let twice = call(json!({"command": "str_replace", "path": "/memories/notes/todo.md", "old_str": "e", "new_str": "E"})).unwrap_err();
    assert!(twice.to_string().contains("appears 3 times"), "{twice}");
    let absent = call(json!({"command": "str_replace", "path": "/memories/notes/todo.md", "old_str": "zzz", "new_str": ""})).unwrap_err();
    assert!(
        absent.to_string().contains("did not appear verbatim"),
        "{absent}"
    );
    assert_eq!(
        text(call(
            json!({"command": "insert", "path": "/memories/notes/todo.md", "insert_line": 1, "insert_text": "one and a half"})
        )),
        "The file /memories/notes/todo.md has been edited."
    );
    assert_eq!(
        std::fs::read_to_string(tool.backend().root().join("notes/todo.md")).unwrap(),
        "one\none and a half\n2\nthree\n"
    );
    assert!(call(json!({"command": "insert", "path": "/memories/notes/todo.md", "insert_line": 9, "insert_text": "x"})).is_err());
    assert_eq!(
        text(call(
            json!({"command": "rename", "old_path": "/memories/notes/todo.md", "new_path": "/memories/done.md"})
        )),
        "Successfully renamed /memories/notes/todo.md to /memories/done.md"
    );
    assert_eq!(
        text(call(
            json!({"command": "delete", "path": "/memories/notes"})
        )),
        "Successfully deleted /memories/notes"
    );
    let gone = call(json!({"command": "view", "path": "/memories/notes/todo.md"})).unwrap_err();
    assert_eq!(
        gone.to_string(),
        "NotFound: The path /memories/notes/todo.md does not exist."
    );
    assert!(call(json!({"command": "delete", "path": "/memories"})).is_err());
}

#[test]
fn hostile_paths_are_refused() {
    let (dir, tool) = setup();
    let secret = dir.0.join("secret.txt");
    std::fs::write(&secret, "do not read").unwrap();
    let memory = tool.backend();
    for path in [
        "/memories/../secret.txt",
        "/memories/a/../../secret.txt",
        "/memories/..",
        "../secret.txt",
        "/etc/passwd",
        "/memoriesx/a",
        "memories/a",
        "",
        "/memories/a\0b",
        "/memories//../secret.txt",
    ] {
        let error = memory.resolve(path).unwrap_err();
        assert_eq!(error.kind(), "InvalidPath", "{path:?}: {error}");
        let viewed = tool.call(json!({"command": "view", "path": path}));
        assert!(viewed.is_err(), "{path:?} was viewed");
        let created = tool.call(json!({"command": "create", "path": path, "file_text": "x"}));
        assert!(created.is_err(), "{path:?} was written");
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "do not read");
    assert!(
        tool.call(json!({"command": "rename", "old_path": "/memories", "new_path": "/memories/x"}))
            .is_err()
    );
    assert!(
        tool.call(json!({"command": "rename", "old_path": "/memories/a", "new_path": "/tmp/a"}))
            .is_err()
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_refused() {
    let (dir, tool) = setup();
    let outside = dir.0.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "do not read").unwrap();
    let root = tool.backend().root().to_path_buf();
    std::os::unix::fs::symlink(&outside, root.join("escape")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(dir.0.join("nowhere"), root.join("dangling")).unwrap();
    std::fs::write(root.join("inside.txt"), "fine").unwrap();
    std::os::unix::fs::symlink(root.join("inside.txt"), root.join("alias.txt")).unwrap();
    for (input, what) in [
        (
            json!({"command": "view", "path": "/memories/escape/secret.txt"}),
            "read through a linked directory",
        ),
        (
            json!({"command": "view", "path": "/memories/link.txt"}),
            "read through a linked file",
        ),
        (
            json!({"command": "create", "path": "/memories/escape/new.txt", "file_text": "x"}),
            "write through a linked directory",
        ),
        (
            json!({"command": "create", "path": "/memories/link.txt", "file_text": "x"}),
            "overwrite through a linked file",
        ),
        (
            json!({"command": "create", "path": "/memories/dangling", "file_text": "x"}),
            "write through a dangling link",
        ),
        (
            json!({"command": "str_replace", "path": "/memories/link.txt", "old_str": "do", "new_str": "x"}),
            "edit",
        ),
        (
            json!({"command": "delete", "path": "/memories/escape/secret.txt"}),
            "delete",
        ),
        (
            json!({"command": "rename", "old_path": "/memories/inside.txt", "new_path": "/memories/escape/stolen.txt"}),
            "move out",
        ),
    ] {
        let outcome = tool.call(input);
        let error = outcome.expect_err(what);
        assert_eq!(error.kind(), "InvalidPath", "{what}: {error}");
    }
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
        "do not read"
    );
    assert!(!outside.join("new.txt").exists() && !outside.join("stolen.txt").exists());
    // A link that stays inside is followed.
    assert_eq!(
        text(tool.call(json!({"command": "view", "path": "/memories/alias.txt"}))),
        "     1\tfine"
    );
}

#[test]
fn clear_all_memory() {
    let (_dir, tool) = setup();
    tool.call(json!({"command": "create", "path": "/memories/a/b.txt", "file_text": "x"}))
        .unwrap();
    text(tool.backend().clear_all_memory());
    assert_eq!(std::fs::read_dir(tool.backend().root()).unwrap().count(), 0);
}
