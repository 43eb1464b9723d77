//! Signatures `#[tool]` cannot turn into a tool fail to compile with a message that says
//! why (the expected messages are the `.stderr` files next to each case in `ui/`;
//! regenerate them with `TRYBUILD=overwrite cargo test -p anthropic-macros`).

#[test]
fn unsupported_signatures_fail_to_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
