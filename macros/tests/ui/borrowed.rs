#[anthropic_macros::tool(crate = anthropic_core)]
fn greet(name: &str) -> String {
    format!("hello {name}")
}

fn main() {}
