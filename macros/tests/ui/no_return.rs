#[anthropic_macros::tool(crate = anthropic_core)]
fn log(line: String) {
    let _ = line;
}

fn main() {}
