//! The Python README's "Manual Tool Definition", then the round trip a tool call needs:
//! run the tool, send its result back, read the final answer.

mod support;

use anthropic::blocking::Client;
use anthropic::types::{ContentBlock, MessageCreateParams, MessageParam, Model, StopReason, Tool};
use serde_json::json;

fn main() -> Result<(), anthropic::Error> {
    let (mut config, mock) = support::config();
    if mock.is_some() {
        // The mock server calls a tool only when asked to (Claude decides by itself): the
        // header asks, and the request body stays the one Python's snippet sends.
        config = config.default_header("x-mock-tool-calls", "1");
    }
    let client = Client::new(config)?;

    let stock_tool = Tool::new(
        "get_stock_price",
        "Get the current stock price for a ticker symbol",
        json!({
            "type": "object",
            "properties": {
                "ticker": {"type": "string", "description": "Stock ticker symbol (e.g., AAPL)"}
            },
            "required": ["ticker"]
        }),
    );
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024)
        .tool(stock_tool)
        .user("What's Apple's stock price?");

    let response = client.messages().create(&params)?;
    for tool_use in response.tool_uses() {
        println!("Tool: {}", tool_use.name);
        println!("Input: {}", tool_use.input);
    }

    if response.stop_reason == Some(StopReason::ToolUse) {
        // Answer every tool call, then let Claude finish.
        let results: Vec<ContentBlock> = response
            .tool_uses()
            .map(|call| {
                ContentBlock::tool_result(
                    call.id.clone(),
                    r#"{"price": 187.42, "currency": "USD"}"#,
                )
            })
            .collect();
        let mut follow_up = params.clone();
        follow_up.messages.push(response.to_param());
        follow_up.messages.push(MessageParam::user(results));
        let answer = client.messages().create(&follow_up)?;
        println!("Answer: {}", answer.text());
    }
    Ok(())
}
