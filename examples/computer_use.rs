//! The Python README's "Computer Use (Beta)": beta tools on the beta endpoint.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{ComputerTool, MessageCreateParams, Model, Tool};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let response = client.beta().messages().create(
        &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
            .tools([
                Tool::Computer20250124(ComputerTool {
                    display_width_px: 1920,
                    display_height_px: 1080,
                    display_number: Some(1),
                    ..ComputerTool::named("computer")
                }),
                Tool::text_editor_20250728(),
                Tool::bash_20250124(),
            ])
            .user("Take a screenshot of the desktop")
            .beta("computer-use-2025-01-24"),
    )?;

    for block in &response.content {
        match (block.as_text(), block.as_tool_use()) {
            (Some(text), _) => println!("{text}"),
            (_, Some(call)) => println!("tool call: {} {}", call.name, call.input),
            _ => println!("{} block", block.type_tag().unwrap_or("untyped")),
        }
    }
    Ok(())
}
