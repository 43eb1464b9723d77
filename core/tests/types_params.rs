//! Request params serialize to exactly the JSON the Python SDK and the API docs show.

use anthropic_core::types::*;
use serde_json::{Value, json};

fn to_string<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_string(t).unwrap()
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

#[test]
fn minimal_create_params_match_python_body() {
    let expected = r#"{"max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}],"model":"claude-sonnet-4-5"}"#;
    let built = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
        .message(MessageParam::user("Hello, Claude"))
        .betas(["files-api-2025-04-14"]);
    assert_eq!(to_string(&built), expected);
    assert_eq!(built.betas, vec![AnthropicBeta::FILES_API_2025_04_14]);

    let literal = MessageCreateParams {
        max_tokens: 1024,
        messages: vec![MessageParam::user("Hello, Claude")],
        model: "claude-sonnet-4-5".into(),
        betas: vec![AnthropicBeta::new("anything")],
        ..Default::default()
    };
    assert_eq!(to_string(&literal), expected);
    assert!(!to_string(&literal).contains("beta"));
    // decoding the body gives the same params back (betas travel in the header)
    let back: MessageCreateParams = serde_json::from_str(expected).unwrap();
    assert_eq!(
        back,
        MessageCreateParams {
            betas: vec![],
            ..literal
        }
    );
}

#[test]
fn every_optional_field_has_its_wire_name_and_python_order() {
    let p = MessageCreateParams::new("claude-opus-4-5", 2048)
        .user("hi")
        .container("cont_1")
        .context_management(ContextManagementConfig {
            edits: Some(vec![ContextEdit::ClearToolUses20250919(
                ClearToolUsesEdit {
                    trigger: Some(ContextAmount::input_tokens(30000)),
                    keep: Some(ContextAmount::tool_uses(3)),
                    ..Default::default()
                },
            )]),
            ..Default::default()
        })
        .mcp_servers([
            McpServer::url("srv", "https://mcp.example.com/sse").authorization_token("tok")
        ])
        .metadata(Metadata::user_id("u-1"))
        .output_config(OutputConfig {
            effort: Some(Effort::High),
            ..Default::default()
        })
        .output_format(OutputFormat::json_schema(json!({"type": "object"})))
        .service_tier(ServiceTierParam::StandardOnly)
        .stop_sequences(["\n\nHuman:"])
        .stream(true)
        .system("Be brief.")
        .temperature(0.5)
        .thinking(ThinkingConfig::enabled(1024))
        .tool_choice(ToolChoice::auto())
        .tool(Tool::web_search_20250305())
        .top_k(5)
        .top_p(0.9)
        .beta(AnthropicBeta::CONTEXT_MANAGEMENT_2025_06_27);
    let v = to_value(&p);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "max_tokens",
            "messages",
            "model",
            "container",
            "context_management",
            "mcp_servers",
            "metadata",
            "output_config",
            "output_format",
            "service_tier",
            "stop_sequences",
            "stream",
            "system",
            "temperature",
            "thinking",
            "tool_choice",
            "tools",
            "top_k",
            "top_p"
        ]
    );
    assert_eq!(
        v,
        json!({
            "max_tokens": 2048,
            "messages": [{"role": "user", "content": "hi"}],
            "model": "claude-opus-4-5",
            "container": "cont_1",
            "context_management": {"edits": [{"type": "clear_tool_uses_20250919", "keep": {"type": "tool_uses", "value": 3}, "trigger": {"type": "input_tokens", "value": 30000}}]},
            "mcp_servers": [{"type": "url", "name": "srv", "url": "https://mcp.example.com/sse", "authorization_token": "tok"}],
            "metadata": {"user_id": "u-1"},
            "output_config": {"effort": "high"},
            "output_format": {"type": "json_schema", "schema": {"type": "object"}},
            "service_tier": "standard_only",
            "stop_sequences": ["\n\nHuman:"],
            "stream": true,
            "system": "Be brief.",
            "temperature": 0.5,
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "tool_choice": {"type": "auto"},
            "tools": [{"type": "web_search_20250305", "name": "web_search"}],
            "top_k": 5,
            "top_p": 0.9
        })
    );
    // the full body decodes back to the same params
    let back: MessageCreateParams = serde_json::from_value(v).unwrap();
    assert_eq!(
        back,
        MessageCreateParams {
            betas: vec![],
            ..p.clone()
        }
    );

    let count = MessageCountTokensParams::from(&p);
    let cv = to_value(&count);
    let keys: Vec<&str> = cv.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "messages",
            "model",
            "context_management",
            "mcp_servers",
            "output_config",
            "output_format",
            "system",
            "thinking",
            "tool_choice",
            "tools"
        ]
    );
    assert_eq!(
        count.betas,
        vec![AnthropicBeta::CONTEXT_MANAGEMENT_2025_06_27]
    );
}

#[test]
fn count_tokens_minimal() {
    let p = MessageCountTokensParams::new(Model::CLAUDE_HAIKU_4_5).user("Hello, world");
    assert_eq!(
        to_string(&p),
        r#"{"messages":[{"role":"user","content":"Hello, world"}],"model":"claude-haiku-4-5"}"#
    );
}

#[test]
fn custom_tool_and_tool_choice_match_the_readme() {
    let tool = Tool::new(
        "get_weather",
        "Get the current weather in a given location",
        json!({
            "type": "object",
            "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}},
            "required": ["location"]
        }),
    );
    assert_eq!(
        to_string(&tool),
        r#"{"name":"get_weather","description":"Get the current weather in a given location","input_schema":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}"#
    );
    // a tool without "type" decodes as custom and is written back without it
    let back: Tool = serde_json::from_str(&to_string(&tool)).unwrap();
    assert_eq!(back, tool);
    // with an explicit "type": "custom" it keeps the tag
    let explicit = r#"{"type":"custom","name":"f","input_schema":{"type":"object"}}"#;
    let t: Tool = serde_json::from_str(explicit).unwrap();
    assert!(matches!(&t, Tool::Custom(c) if c.name == "f"));
    assert_eq!(to_string(&t), explicit);

    assert_eq!(to_string(&ToolChoice::auto()), r#"{"type":"auto"}"#);
    assert_eq!(to_string(&ToolChoice::any()), r#"{"type":"any"}"#);
    assert_eq!(to_string(&ToolChoice::none()), r#"{"type":"none"}"#);
    assert_eq!(
        to_string(&ToolChoice::tool("get_weather").disable_parallel_tool_use(true)),
        r#"{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}"#
    );
    let unknown = r#"{"type":"sometimes","p":0.5}"#;
    let c: ToolChoice = serde_json::from_str(unknown).unwrap();
    assert!(matches!(c, ToolChoice::Unknown(_)));
    assert_eq!(to_string(&c), unknown);
}

#[test]
fn builtin_tools_serialize_like_the_api_docs() {
    assert_eq!(
        to_string(&Tool::bash_20250124()),
        r#"{"type":"bash_20250124","name":"bash"}"#
    );
    assert_eq!(
        to_string(&Tool::text_editor_20250728()),
        r#"{"type":"text_editor_20250728","name":"str_replace_based_edit_tool"}"#
    );
    assert_eq!(
        to_string(&Tool::computer_20250124(1024, 768)),
        r#"{"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}"#
    );
    let search = Tool::WebSearch20250305(WebSearchTool {
        max_uses: Some(5),
        allowed_domains: Some(vec!["example.com".into()]),
        user_location: Some(UserLocation {
            city: Some("San Francisco".into()),
            ..Default::default()
        }),
        ..WebSearchTool::named("web_search")
    });
    assert_eq!(
        to_string(&search),
        r#"{"type":"web_search_20250305","name":"web_search","allowed_domains":["example.com"],"max_uses":5,"user_location":{"type":"approximate","city":"San Francisco"}}"#
    );
    assert_eq!(
        to_string(&Tool::mcp_toolset("srv")),
        r#"{"type":"mcp_toolset","mcp_server_name":"srv"}"#
    );
    assert_eq!(
        to_string(
            &Tool::custom("f", json!({"type": "object"})).cache_control(CacheControl::ephemeral())
        ),
        r#"{"name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}"#
    );
    // every built-in type decodes to its variant and back
    for t in [
        Tool::bash_20250124(),
        Tool::text_editor_20250124(),
        Tool::computer_20251124(1280, 800),
        Tool::web_fetch_20250910(),
        Tool::code_execution_20250825(),
        Tool::memory_20250818(),
        Tool::tool_search_bm25_20251119(),
        Tool::tool_search_regex_20251119(),
        Tool::ToolSearchBm25(BuiltinTool::named("tool_search_tool_bm25")),
    ] {
        let back: Tool = serde_json::from_value(to_value(&t)).unwrap();
        assert_eq!(back, t);
    }
    let unknown = r#"{"type":"teleporter_20300101","name":"beam","range":3}"#;
    let t: Tool = serde_json::from_str(unknown).unwrap();
    assert!(matches!(t, Tool::Unknown(_)));
    assert_eq!(t.name(), Some("beam"));
    assert_eq!(to_string(&t), unknown);
}

#[test]
fn thinking_and_system() {
    assert_eq!(
        to_string(&ThinkingConfig::enabled(16000)),
        r#"{"type":"enabled","budget_tokens":16000}"#
    );
    assert_eq!(
        to_string(&ThinkingConfig::disabled()),
        r#"{"type":"disabled"}"#
    );
    assert_eq!(
        to_string(&SystemPrompt::from("You are a pirate.")),
        r#""You are a pirate.""#
    );
    let blocks = SystemPrompt::from(vec![
        TextBlock::new("You are a pirate."),
        TextBlock::new("Long context")
            .cache_control(CacheControl::ephemeral_with_ttl(CacheTtl::OneHour)),
    ]);
    let s = to_string(&blocks);
    assert_eq!(
        s,
        r#"[{"type":"text","text":"You are a pirate."},{"type":"text","text":"Long context","cache_control":{"type":"ephemeral","ttl":"1h"}}]"#
    );
    let back: SystemPrompt = serde_json::from_str(&s).unwrap();
    assert_eq!(back, blocks);
    assert_eq!(to_string(&Metadata::user_id("abc")), r#"{"user_id":"abc"}"#);
}

#[test]
fn request_blocks_match_the_api_docs() {
    assert_eq!(
        to_string(&ContentBlock::text("hi")),
        r#"{"type":"text","text":"hi"}"#
    );
    assert_eq!(
        to_string(&ContentBlock::image_base64(
            ImageMediaType::Png,
            "iVBORw0KGgo="
        )),
        r#"{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::image_base64("image/jpeg", "abc")),
        r#"{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"abc"}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::image_url("https://example.com/a.jpg")),
        r#"{"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::image_file("file_1")),
        r#"{"type":"image","source":{"type":"file","file_id":"file_1"}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::pdf_base64("JVBERi0=")),
        r#"{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::pdf_url("https://example.com/a.pdf")),
        r#"{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}"#
    );
    let doc = ContentBlock::Document(DocumentBlock {
        title: Some("My Document".into()),
        context: Some("This is a trustworthy document.".into()),
        citations: Some(CitationsConfig::enabled()),
        ..DocumentBlock::new(DocumentSource::text("The grass is green. The sky is blue."))
    });
    assert_eq!(
        to_string(&doc),
        r#"{"type":"document","source":{"type":"text","media_type":"text/plain","data":"The grass is green. The sky is blue."},"title":"My Document","context":"This is a trustworthy document.","citations":{"enabled":true}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::document(DocumentSource::content(vec![
            ContentBlock::text("a")
        ]))),
        r#"{"type":"document","source":{"type":"content","content":[{"type":"text","text":"a"}]}}"#
    );
    assert_eq!(
        to_string(&ContentBlock::tool_result("toolu_01", "15 degrees")),
        r#"{"type":"tool_result","tool_use_id":"toolu_01","content":"15 degrees"}"#
    );
    assert_eq!(
        to_string(&ContentBlock::tool_error(
            "toolu_01",
            vec![ContentBlock::text("boom")]
        )),
        r#"{"type":"tool_result","tool_use_id":"toolu_01","content":[{"type":"text","text":"boom"}],"is_error":true}"#
    );
    assert_eq!(
        to_string(&ContentBlock::search_result(
            "https://a.example",
            "A",
            [TextBlock::new("x")]
        )),
        r#"{"type":"search_result","content":[{"type":"text","text":"x"}],"source":"https://a.example","title":"A"}"#
    );
    assert_eq!(
        to_string(&ContentBlock::container_upload("file_2")),
        r#"{"type":"container_upload","file_id":"file_2"}"#
    );
    assert_eq!(
        to_string(&ContentBlock::text("cached").cache_control(CacheControl::ephemeral())),
        r#"{"type":"text","text":"cached","cache_control":{"type":"ephemeral"}}"#
    );
    // every request block decodes back to itself
    let turn = MessageParam::user(vec![
        ContentBlock::text("look"),
        ContentBlock::image_url("https://example.com/a.jpg"),
        doc,
        ContentBlock::tool_result("t", "ok"),
    ]);
    let back: MessageParam = serde_json::from_value(to_value(&turn)).unwrap();
    assert_eq!(back, turn);
}

#[test]
fn message_param_shapes() {
    assert_eq!(
        to_string(&MessageParam::user("hi")),
        r#"{"role":"user","content":"hi"}"#
    );
    assert_eq!(
        to_string(&MessageParam::assistant(vec![ContentBlock::text("ok")])),
        r#"{"role":"assistant","content":[{"type":"text","text":"ok"}]}"#
    );
    let p: MessageParam = serde_json::from_str(r#"{"role":"system_ish","content":"x"}"#).unwrap();
    assert_eq!(p.role, Role::Other("system_ish".into()));
    assert_eq!(to_string(&p), r#"{"role":"system_ish","content":"x"}"#);
}

#[test]
fn model_and_beta_constants() {
    assert_eq!(Model::KNOWN.len(), 20);
    assert_eq!(
        Model::CLAUDE_OPUS_4_1_20250805.as_str(),
        "claude-opus-4-1-20250805"
    );
    assert_eq!(Model::from("my-model").to_string(), "my-model");
    assert_eq!(
        Model::new(String::from("claude-sonnet-4-5")),
        Model::CLAUDE_SONNET_4_5
    );
    assert_eq!(
        to_string(&Model::CLAUDE_3_HAIKU_20240307),
        r#""claude-3-haiku-20240307""#
    );
    assert_eq!(AnthropicBeta::KNOWN.len(), 19);
    assert_eq!(
        AnthropicBeta::SKILLS_2025_10_02.as_str(),
        "skills-2025-10-02"
    );
    assert_eq!(AnthropicBeta::from("x-y").as_str(), "x-y");
    let list = ModelListParams {
        limit: Some(5),
        ..Default::default()
    };
    assert_eq!(list.limit, Some(5));
}
