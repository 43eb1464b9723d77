#[anthropic_macros::tool(crate = anthropic_core)]
fn echo<T: ToString>(value: T) -> String {
    value.to_string()
}

fn main() {}
