#[anthropic_macros::tool(crate = anthropic_core)]
fn add((a, b): (i64, i64)) -> String {
    (a + b).to_string()
}

fn main() {}
