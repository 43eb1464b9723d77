//! The memory tool: Claude keeps notes in `/memories`, stored by `DirectoryMemory` in a
//! directory of yours (every path kept inside it), run by the tool runner.
//!
//! `cargo run --example memory_tool`

mod support;

use anthropic::blocking::Client;
use anthropic::memory::DirectoryMemory;
use anthropic::tools::MemoryTool;
use anthropic::types::{AnthropicBeta, MessageCreateParams, Model};
use anthropic_mock::MockResponse;
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (config, mock) = support::config();
    let client = Client::new(config)?;
    let dir = std::env::temp_dir().join(format!("anthropic-memory-example-{}", std::process::id()));
    let memory = MemoryTool::new(DirectoryMemory::new(&dir)?);

    if let Some(server) = &mock {
        // What Claude does with a memory tool: look, then write a note, then answer.
        server.enqueue(tool_use(
            "view",
            json!({"command": "view", "path": "/memories"}),
        ));
        server.enqueue(tool_use(
            "create",
            json!({"command": "create", "path": "/memories/preferences.md",
                   "file_text": "- prefers answers in metric units\n"}),
        ));
    }

    let runner = client.beta().messages().tool_runner(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
            .beta(AnthropicBeta::CONTEXT_MANAGEMENT_2025_06_27)
            .user("Remember that I prefer metric units."),
        anthropic::tools![memory],
    );
    for message in runner {
        let message = message?;
        for call in message.tool_uses() {
            println!("memory {}", call.input);
        }
        if !message.text().is_empty() {
            println!("Claude: {}", message.text());
        }
    }
    println!(
        "/memories/preferences.md now holds: {:?}",
        std::fs::read_to_string(dir.join("preferences.md")).unwrap_or_default()
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// A scripted reply calling the memory tool.
fn tool_use(id: &str, input: serde_json::Value) -> MockResponse {
    MockResponse::json(
        200,
        json!({
            "id": format!("msg_{id}"), "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [{"type": "tool_use", "id": format!("toolu_{id}"), "name": "memory", "input": input}],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 20, "output_tokens": 10}
        }),
    )
}
