#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Query {
    text: String,
}

#[anthropic_macros::tool(crate = anthropic_core)]
fn search(#[tool(input)] query: Query, limit: i64) -> String {
    format!("{} {limit}", query.text)
}

fn main() {}
