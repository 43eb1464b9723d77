#[anthropic_macros::tool(crate = anthropic_core)]
fn count(text: String) -> usize {
    text.len()
}

fn main() {}
