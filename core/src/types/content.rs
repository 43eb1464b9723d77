//! Content blocks: one enum, [`ContentBlock`], for what requests send and responses return,
//! GA and beta alike, so an assistant reply can be sent back as is.
//!
//! Round-trip guarantee: a block whose `type` this version does not know decodes to
//! [`ContentBlock::Unknown`] and serializes back to the same JSON, keys in the same order.
//! Known blocks keep fields this version does not know in their `extra` map and write them
//! back after the known fields. A known `type` whose object does not fit its struct (a
//! required field missing, say) is also kept whole as `Unknown` rather than failing the
//! whole response, since the API may change a block before this crate does.
//!
//! One deliberate simplification: for optional fields an explicit `null` and an absent key
//! decode to the same `None`, which is then omitted on output (the API reads both alike).
//! The exception is a citation's `document_title` / `title`: a key the request form
//! requires (nullable), so `None` is written as `null`.
//!
//! Numbers in a tool's `input` (and in any other `Value`) are `serde_json`'s: a float is
//! read correctly rounded (the `float_roundtrip` feature, so it is sent back as written),
//! and an integer beyond 64 bits as the nearest `f64`, where Python's `json` keeps every
//! digit.
//! `serde_json` keeps them exact only with its `arbitrary_precision` feature, which would
//! slow down every number of every body for every crate in the build.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cache::CacheControl;
use super::citation::{Citation, CitationsConfig};
use super::extra::Extra;
use super::message::MessageContent;
use super::source::{DocumentSource, ImageMediaType, ImageSource};
use super::unknown::{FixedTag, tagged_list};

tagged_enum! {
    /// One block of a message's content, request or response side.
    pub enum ContentBlock {
        /// Text, possibly with citations.
        Text(TextBlock) = "text",
        /// An image.
        Image(ImageBlock) = "image",
        /// A document (PDF, plain text, inline content).
        Document(DocumentBlock) = "document",
        /// A search result supplied by the caller, citable by the model.
        SearchResult(SearchResultBlock) = "search_result",
        /// The model's extended thinking, with its signature.
        Thinking(ThinkingBlock) = "thinking",
        /// Thinking the safety systems redacted; send it back unchanged.
        RedactedThinking(RedactedThinkingBlock) = "redacted_thinking",
        /// A call of a client tool.
        ToolUse(ToolUseBlock) = "tool_use",
        /// The result of a client tool call.
        ToolResult(ToolResultBlock) = "tool_result",
        /// A call of a server tool (web search, web fetch, code execution, tool search, ...).
        ServerToolUse(ServerToolUseBlock) = "server_tool_use",
        /// The result of a web search.
        WebSearchToolResult(WebSearchToolResultBlock) = "web_search_tool_result",
        /// The result of a web fetch (beta).
        WebFetchToolResult(WebFetchToolResultBlock) = "web_fetch_tool_result",
        /// The result of code execution (beta).
        CodeExecutionToolResult(CodeExecutionToolResultBlock) = "code_execution_tool_result",
        /// The result of a bash command run by code execution (beta).
        BashCodeExecutionToolResult(BashCodeExecutionToolResultBlock) = "bash_code_execution_tool_result",
        /// The result of a text-editor command run by code execution (beta).
        TextEditorCodeExecutionToolResult(TextEditorCodeExecutionToolResultBlock) = "text_editor_code_execution_tool_result",
        /// The result of a tool search (beta).
        ToolSearchToolResult(ToolSearchToolResultBlock) = "tool_search_tool_result",
        /// A call of a tool on an MCP server (beta).
        McpToolUse(McpToolUseBlock) = "mcp_tool_use",
        /// The result of an MCP tool call (beta).
        McpToolResult(McpToolResultBlock) = "mcp_tool_result",
        /// The summary of compacted context (beta); send it back unchanged.
        Compaction(super::compaction::CompactionBlock) = "compaction",
        /// A file uploaded into the code-execution container (beta).
        ContainerUpload(ContainerUploadBlock) = "container_upload",
        /// A reference to a tool, inside tool results and tool search results (beta).
        ToolReference(ToolReferenceBlock) = "tool_reference",
    }
}

/// `text` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextBlock {
    /// The text.
    pub text: String,
    /// Citations supporting the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Citation>>,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FixedTag for TextBlock {
    const TAG: &'static str = "text";
}

impl TextBlock {
    /// A text block.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// The same block with a cache breakpoint.
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        self.cache_control = Some(cache_control);
        self
    }
}

/// `image` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageBlock {
    /// Where the image comes from.
    pub source: ImageSource,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `document` block (request side; also the document inside a web fetch result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentBlock {
    /// Where the document comes from.
    pub source: DocumentSource,
    /// A title for the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Context about the document that is not itself cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Whether the model may cite the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<CitationsConfig>,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DocumentBlock {
    /// A document block from a source.
    pub fn new(source: DocumentSource) -> Self {
        Self {
            source,
            title: None,
            context: None,
            citations: None,
            cache_control: None,
            extra: Extra::new(),
        }
    }
}

/// `search_result` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchResultBlock {
    /// The result's content (text blocks).
    pub content: Vec<ContentBlock>,
    /// Where the result comes from (a URL or any identifier).
    pub source: String,
    /// The result's title.
    pub title: String,
    /// Whether the model may cite the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<CitationsConfig>,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `thinking` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingBlock {
    /// The thinking text.
    pub thinking: String,
    /// The signature that authenticates the thinking when it is sent back.
    pub signature: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `redacted_thinking` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RedactedThinkingBlock {
    /// The encrypted thinking.
    pub data: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// Who called a tool (beta programmatic tool calling).
    pub enum ToolCaller {
        /// The model called the tool directly.
        Direct(DirectCaller) = "direct",
        /// Code running in the code-execution tool called it.
        CodeExecution20250825(CodeExecutionCaller) = "code_execution_20250825",
    }
}

/// `{"type": "direct"}` caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DirectCaller {
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "code_execution_20250825", "tool_id"}` caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CodeExecutionCaller {
    /// The id of the code-execution tool use that made the call.
    pub tool_id: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tool_use` block: the model asks the caller to run a tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolUseBlock {
    /// The id to answer with a `tool_result`.
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// The tool's input, a JSON object.
    pub input: Value,
    /// Who made the call (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<ToolCaller>,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tool_result` block: the caller's answer to a `tool_use`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolResultBlock {
    /// The `tool_use` id answered.
    pub tool_use_id: String,
    /// The result: a string, or text / image / search_result / document / tool_reference
    /// blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// Whether the tool failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// The name of a server tool in a `server_tool_use` block.
    #[derive(Default)]
    pub enum ServerToolName {
        /// `web_search`
        #[default]
        WebSearch = "web_search",
        /// `web_fetch`
        WebFetch = "web_fetch",
        /// `code_execution`
        CodeExecution = "code_execution",
        /// `bash_code_execution`
        BashCodeExecution = "bash_code_execution",
        /// `text_editor_code_execution`
        TextEditorCodeExecution = "text_editor_code_execution",
        /// `tool_search_tool_regex`
        ToolSearchToolRegex = "tool_search_tool_regex",
        /// `tool_search_tool_bm25`
        ToolSearchToolBm25 = "tool_search_tool_bm25",
    }
}

/// `server_tool_use` block: the model calls a tool the API runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ServerToolUseBlock {
    /// The id the matching result block refers to.
    pub id: String,
    /// Which server tool.
    pub name: ServerToolName,
    /// The tool's input, a JSON object.
    pub input: Value,
    /// Who made the call (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<ToolCaller>,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The result of a server tool: `{"tool_use_id", "content", "cache_control"?}`; `C` is the
/// tool's content union.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerToolResultBlock<C> {
    /// The `server_tool_use` id answered.
    pub tool_use_id: String,
    /// The tool's output or error.
    pub content: C,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `web_search_tool_result` block.
pub type WebSearchToolResultBlock = ServerToolResultBlock<WebSearchToolResultContent>;
/// `web_fetch_tool_result` block.
pub type WebFetchToolResultBlock = ServerToolResultBlock<WebFetchToolResultContent>;
/// `code_execution_tool_result` block.
pub type CodeExecutionToolResultBlock = ServerToolResultBlock<CodeExecutionToolResultContent>;
/// `bash_code_execution_tool_result` block.
pub type BashCodeExecutionToolResultBlock =
    ServerToolResultBlock<BashCodeExecutionToolResultContent>;
/// `text_editor_code_execution_tool_result` block.
pub type TextEditorCodeExecutionToolResultBlock =
    ServerToolResultBlock<TextEditorCodeExecutionToolResultContent>;
/// `tool_search_tool_result` block.
pub type ToolSearchToolResultBlock = ServerToolResultBlock<ToolSearchToolResultContent>;

string_enum! {
    /// The `error_code` of a server tool's error result (union of every tool's codes).
    pub enum ToolErrorCode {
        /// `invalid_tool_input`
        InvalidToolInput = "invalid_tool_input",
        /// `unavailable`
        Unavailable = "unavailable",
        /// `max_uses_exceeded`
        MaxUsesExceeded = "max_uses_exceeded",
        /// `too_many_requests`
        TooManyRequests = "too_many_requests",
        /// `query_too_long`
        QueryTooLong = "query_too_long",
        /// `url_too_long`
        UrlTooLong = "url_too_long",
        /// `url_not_allowed`
        UrlNotAllowed = "url_not_allowed",
        /// `url_not_accessible`
        UrlNotAccessible = "url_not_accessible",
        /// `unsupported_content_type`
        UnsupportedContentType = "unsupported_content_type",
        /// `execution_time_exceeded`
        ExecutionTimeExceeded = "execution_time_exceeded",
        /// `output_file_too_large`
        OutputFileTooLarge = "output_file_too_large",
        /// `file_not_found`
        FileNotFound = "file_not_found",
    }
}

/// A server tool's error: `{"type": "<tool>_error", "error_code", "error_message"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolResultError {
    /// What went wrong.
    pub error_code: ToolErrorCode,
    /// A description (text editor and tool search errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ToolResultError {
    /// An error with this code.
    pub fn new(error_code: impl Into<ToolErrorCode>) -> Self {
        Self {
            error_code: error_code.into(),
            error_message: None,
            extra: Extra::new(),
        }
    }
}

/// The content of a `web_search_tool_result`: a list of results or an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WebSearchToolResultContent {
    /// The results.
    Results(#[serde(with = "tagged_list")] Vec<WebSearchResult>),
    /// An error (or a shape this version does not know).
    Other(WebSearchToolResultOther),
}

tagged_enum! {
    /// The non-list content of a `web_search_tool_result`.
    pub enum WebSearchToolResultOther {
        /// `web_search_tool_result_error`
        Error(ToolResultError) = "web_search_tool_result_error",
    }
}

/// One `web_search_result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WebSearchResult {
    /// The page URL.
    pub url: String,
    /// The page title.
    pub title: String,
    /// Opaque page content to send back in later turns.
    pub encrypted_content: String,
    /// How old the page is, as the API words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_age: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FixedTag for WebSearchResult {
    const TAG: &'static str = "web_search_result";
}

tagged_enum! {
    /// The content of a `web_fetch_tool_result`.
    pub enum WebFetchToolResultContent {
        /// The fetched document.
        Result(WebFetchResult) = "web_fetch_result",
        /// `web_fetch_tool_result_error`
        Error(ToolResultError) = "web_fetch_tool_result_error",
    }
}

/// `web_fetch_result`: a fetched page as a document block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebFetchResult {
    /// The document (a `document` block).
    pub content: Box<ContentBlock>,
    /// The URL fetched.
    pub url: String,
    /// When it was fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// The content of a `code_execution_tool_result`.
    pub enum CodeExecutionToolResultContent {
        /// `code_execution_result`
        Result(CodeExecutionResult) = "code_execution_result",
        /// `code_execution_tool_result_error`
        Error(ToolResultError) = "code_execution_tool_result_error",
    }
}

tagged_enum! {
    /// The content of a `bash_code_execution_tool_result`.
    pub enum BashCodeExecutionToolResultContent {
        /// `bash_code_execution_result`
        Result(CodeExecutionResult) = "bash_code_execution_result",
        /// `bash_code_execution_tool_result_error`
        Error(ToolResultError) = "bash_code_execution_tool_result_error",
    }
}

/// The output of a program run (code execution and bash code execution).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CodeExecutionResult {
    /// Files the program wrote.
    pub content: Vec<CodeExecutionOutput>,
    /// The exit status.
    pub return_code: i64,
    /// Standard error.
    pub stderr: String,
    /// Standard output.
    pub stdout: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A file written by code execution: `{"type": "code_execution_output" |
/// "bash_code_execution_output", "file_id"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CodeExecutionOutput {
    /// `code_execution_output` or `bash_code_execution_output`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// The file id.
    pub file_id: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// The content of a `text_editor_code_execution_tool_result`.
    pub enum TextEditorCodeExecutionToolResultContent {
        /// A file's contents.
        View(TextEditorViewResult) = "text_editor_code_execution_view_result",
        /// A file created or overwritten.
        Create(TextEditorCreateResult) = "text_editor_code_execution_create_result",
        /// A replacement made.
        StrReplace(TextEditorStrReplaceResult) = "text_editor_code_execution_str_replace_result",
        /// `text_editor_code_execution_tool_result_error`
        Error(ToolResultError) = "text_editor_code_execution_tool_result_error",
    }
}

/// `text_editor_code_execution_view_result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextEditorViewResult {
    /// The file's contents.
    pub content: String,
    /// `text`, `image` or `pdf`.
    pub file_type: String,
    /// Lines shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_lines: Option<u64>,
    /// First line shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_line: Option<u64>,
    /// Lines in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_lines: Option<u64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `text_editor_code_execution_create_result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextEditorCreateResult {
    /// Whether an existing file was overwritten.
    pub is_file_update: bool,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `text_editor_code_execution_str_replace_result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TextEditorStrReplaceResult {
    /// The diff lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<String>>,
    /// Line count of the new text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_lines: Option<u64>,
    /// Where the new text starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_start: Option<u64>,
    /// Line count of the old text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_lines: Option<u64>,
    /// Where the old text started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_start: Option<u64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// The content of a `tool_search_tool_result`.
    pub enum ToolSearchToolResultContent {
        /// The tools found.
        SearchResult(ToolSearchResult) = "tool_search_tool_search_result",
        /// `tool_search_tool_result_error`
        Error(ToolResultError) = "tool_search_tool_result_error",
    }
}

/// `tool_search_tool_search_result`: references to the tools found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolSearchResult {
    /// The tools found.
    #[serde(with = "tagged_list")]
    pub tool_references: Vec<ToolReferenceBlock>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tool_reference` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolReferenceBlock {
    /// The tool's name.
    pub tool_name: String,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FixedTag for ToolReferenceBlock {
    const TAG: &'static str = "tool_reference";
}

/// `mcp_tool_use` block (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct McpToolUseBlock {
    /// The id the matching `mcp_tool_result` refers to.
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// The MCP server's name.
    pub server_name: String,
    /// The tool's input, a JSON object.
    pub input: Value,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `mcp_tool_result` block (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct McpToolResultBlock {
    /// The `mcp_tool_use` id answered.
    pub tool_use_id: String,
    /// The result: a string or text blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// Whether the tool failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `container_upload` block (beta): a file to place in the code-execution container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContainerUploadBlock {
    /// The file id.
    pub file_id: String,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

macro_rules! block_from {
    ($($variant:ident($ty:ty),)*) => {
        $(
            impl From<$ty> for ContentBlock {
                fn from(b: $ty) -> Self {
                    ContentBlock::$variant(b)
                }
            }
        )*
    };
}

block_from! {
    Text(TextBlock),
    Image(ImageBlock),
    Document(DocumentBlock),
    SearchResult(SearchResultBlock),
    Thinking(ThinkingBlock),
    RedactedThinking(RedactedThinkingBlock),
    ToolUse(ToolUseBlock),
    ToolResult(ToolResultBlock),
    ServerToolUse(ServerToolUseBlock),
    WebSearchToolResult(WebSearchToolResultBlock),
    WebFetchToolResult(WebFetchToolResultBlock),
    CodeExecutionToolResult(CodeExecutionToolResultBlock),
    BashCodeExecutionToolResult(BashCodeExecutionToolResultBlock),
    TextEditorCodeExecutionToolResult(TextEditorCodeExecutionToolResultBlock),
    ToolSearchToolResult(ToolSearchToolResultBlock),
    McpToolUse(McpToolUseBlock),
    McpToolResult(McpToolResultBlock),
    ContainerUpload(ContainerUploadBlock),
    ToolReference(ToolReferenceBlock),
    Compaction(super::compaction::CompactionBlock),
}

impl From<&str> for ContentBlock {
    fn from(text: &str) -> Self {
        ContentBlock::text(text)
    }
}

impl From<String> for ContentBlock {
    fn from(text: String) -> Self {
        ContentBlock::text(text)
    }
}

impl ContentBlock {
    /// `{"type": "text", "text": text}`.
    pub fn text(text: impl Into<String>) -> Self {
        ContentBlock::Text(TextBlock::new(text))
    }

    /// An image from base64 data: `{"type": "image", "source": {"type": "base64", ...}}`.
    pub fn image_base64(media_type: impl Into<ImageMediaType>, data: impl Into<String>) -> Self {
        Self::image(ImageSource::base64(media_type, data))
    }

    /// An image by URL.
    pub fn image_url(url: impl Into<String>) -> Self {
        Self::image(ImageSource::url(url))
    }

    /// An image uploaded through the Files API (beta).
    pub fn image_file(file_id: impl Into<String>) -> Self {
        Self::image(ImageSource::file(file_id))
    }

    /// An image from any source.
    pub fn image(source: ImageSource) -> Self {
        ContentBlock::Image(ImageBlock {
            source,
            cache_control: None,
            extra: Extra::new(),
        })
    }

    /// A document from any source.
    pub fn document(source: DocumentSource) -> Self {
        ContentBlock::Document(DocumentBlock::new(source))
    }

    /// A PDF from base64 data.
    pub fn pdf_base64(data: impl Into<String>) -> Self {
        Self::document(DocumentSource::pdf_base64(data))
    }

    /// A PDF by URL.
    pub fn pdf_url(url: impl Into<String>) -> Self {
        Self::document(DocumentSource::pdf_url(url))
    }

    /// A plain-text document.
    pub fn text_document(text: impl Into<String>) -> Self {
        Self::document(DocumentSource::text(text))
    }

    /// A search result with text content.
    pub fn search_result(
        source: impl Into<String>,
        title: impl Into<String>,
        content: impl IntoIterator<Item = TextBlock>,
    ) -> Self {
        ContentBlock::SearchResult(SearchResultBlock {
            content: content.into_iter().map(ContentBlock::Text).collect(),
            source: source.into(),
            title: title.into(),
            ..SearchResultBlock::default()
        })
    }

    /// A tool call (as the model writes it; useful for building conversations by hand).
    pub fn tool_use(id: impl Into<String>, name: impl Into<String>, input: Value) -> Self {
        ContentBlock::ToolUse(ToolUseBlock {
            id: id.into(),
            name: name.into(),
            input,
            ..ToolUseBlock::default()
        })
    }

    /// A successful tool result: `{"type": "tool_result", "tool_use_id", "content"}`.
    pub fn tool_result(tool_use_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        ContentBlock::ToolResult(ToolResultBlock {
            tool_use_id: tool_use_id.into(),
            content: Some(content.into()),
            ..ToolResultBlock::default()
        })
    }

    /// A failed tool result (`"is_error": true`).
    pub fn tool_error(tool_use_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        ContentBlock::ToolResult(ToolResultBlock {
            tool_use_id: tool_use_id.into(),
            content: Some(content.into()),
            is_error: Some(true),
            ..ToolResultBlock::default()
        })
    }

    /// A thinking block with its signature.
    pub fn thinking(thinking: impl Into<String>, signature: impl Into<String>) -> Self {
        ContentBlock::Thinking(ThinkingBlock {
            thinking: thinking.into(),
            signature: signature.into(),
            extra: Extra::new(),
        })
    }

    /// A file to upload into the code-execution container (beta).
    pub fn container_upload(file_id: impl Into<String>) -> Self {
        ContentBlock::ContainerUpload(ContainerUploadBlock {
            file_id: file_id.into(),
            ..ContainerUploadBlock::default()
        })
    }

    /// The same block with a cache breakpoint, on the block kinds that take one (others,
    /// including unknown blocks, are returned unchanged).
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        if let Some(slot) = self.cache_control_mut() {
            *slot = Some(cache_control);
        }
        self
    }

    /// The block's `cache_control` slot, for the block kinds that have one.
    pub fn cache_control_mut(&mut self) -> Option<&mut Option<CacheControl>> {
        Some(match self {
            ContentBlock::Text(b) => &mut b.cache_control,
            ContentBlock::Image(b) => &mut b.cache_control,
            ContentBlock::Document(b) => &mut b.cache_control,
            ContentBlock::SearchResult(b) => &mut b.cache_control,
            ContentBlock::ToolUse(b) => &mut b.cache_control,
            ContentBlock::ToolResult(b) => &mut b.cache_control,
            ContentBlock::ServerToolUse(b) => &mut b.cache_control,
            ContentBlock::WebSearchToolResult(b) => &mut b.cache_control,
            ContentBlock::WebFetchToolResult(b) => &mut b.cache_control,
            ContentBlock::CodeExecutionToolResult(b) => &mut b.cache_control,
            ContentBlock::BashCodeExecutionToolResult(b) => &mut b.cache_control,
            ContentBlock::TextEditorCodeExecutionToolResult(b) => &mut b.cache_control,
            ContentBlock::ToolSearchToolResult(b) => &mut b.cache_control,
            ContentBlock::McpToolUse(b) => &mut b.cache_control,
            ContentBlock::McpToolResult(b) => &mut b.cache_control,
            ContentBlock::ContainerUpload(b) => &mut b.cache_control,
            ContentBlock::ToolReference(b) => &mut b.cache_control,
            ContentBlock::Compaction(b) => &mut b.cache_control,
            ContentBlock::Thinking(_)
            | ContentBlock::RedactedThinking(_)
            | ContentBlock::Unknown(_) => return None,
        })
    }

    /// The text of a `text` block.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ContentBlock::Text(b) => Some(&b.text),
            _ => None,
        }
    }

    /// The `tool_use` block, if this is one.
    pub fn as_tool_use(&self) -> Option<&ToolUseBlock> {
        match self {
            ContentBlock::ToolUse(b) => Some(b),
            _ => None,
        }
    }

    /// The `tool_result` block, if this is one.
    pub fn as_tool_result(&self) -> Option<&ToolResultBlock> {
        match self {
            ContentBlock::ToolResult(b) => Some(b),
            _ => None,
        }
    }

    /// The `thinking` block, if this is one.
    pub fn as_thinking(&self) -> Option<&ThinkingBlock> {
        match self {
            ContentBlock::Thinking(b) => Some(b),
            _ => None,
        }
    }

    /// The `server_tool_use` block, if this is one.
    pub fn as_server_tool_use(&self) -> Option<&ServerToolUseBlock> {
        match self {
            ContentBlock::ServerToolUse(b) => Some(b),
            _ => None,
        }
    }

    /// The raw JSON of a block this version does not know.
    pub fn as_unknown(&self) -> Option<&Value> {
        match self {
            ContentBlock::Unknown(v) => Some(v),
            _ => None,
        }
    }
}
