//! Reading a tool's description and argument descriptions from its doc comment.
//!
//! The description is the text before the first heading, split as Python's
//! `docstring_parser` splits a docstring: its first line, then (after a blank line) the
//! rest, its blank lines kept. A heading is a Markdown ATX heading (up to three spaces,
//! one to six `#`, then a space or the end of the line) outside a fenced code block, so
//! `#1 priority` or a rustdoc hidden line (`# let x = 1;`) in a fence is text. Argument
//! descriptions come from a `# Arguments` (or `# Args`, `# Parameters`) section of list
//! items in the rustdoc convention, ``* `name` - text`` (`-` or `:` after the name; the
//! backticks optional); indented lines after an item continue it, joined as Python joins
//! an argument's lines (blank lines inside kept, leading and trailing ones dropped).

use syn::{Attribute, Expr, Lit, Meta};

/// The description and the argument descriptions of a doc comment.
#[derive(Debug, Default)]
pub struct Docs {
    pub description: String,
    pub arguments: Vec<(String, String)>,
}

impl Docs {
    pub fn argument(&self, name: &str) -> Option<&str> {
        self.arguments
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_str())
    }
}

/// The lines of the `#[doc = "..."]` attributes, one leading space removed. A blank `///`
/// line is an empty line (it is an empty attribute, which `str::lines` would drop).
pub fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(lit) = &nv.value {
                if let Lit::Str(s) = &lit.lit {
                    for line in s.value().split('\n') {
                        let line = line.strip_suffix('\r').unwrap_or(line);
                        lines.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
                    }
                }
            }
        }
    }
    lines
}

pub fn parse(lines: &[String]) -> Docs {
    let mut sections: Vec<(Option<String>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut fence: Option<&str> = None;
    for line in lines {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        match heading(line).filter(|_| fence.is_none() && marker.is_none()) {
            Some(title) => sections.push((Some(title.to_lowercase()), Vec::new())),
            None => {
                if let Some(last) = sections.last_mut() {
                    last.1.push(line);
                }
            }
        }
    }
    let mut docs = Docs {
        description: description(&sections[0].1),
        arguments: Vec::new(),
    };
    for (heading, body) in &sections[1..] {
        if matches!(
            heading.as_deref(),
            Some("arguments" | "args" | "parameters" | "params")
        ) {
            docs.arguments.extend(arguments(body));
        }
    }
    docs
}

/// The title of a Markdown ATX heading line, `None` for any other line.
fn heading(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let title = &rest[hashes..];
    let separated = title.is_empty() || title.starts_with([' ', '\t']);
    ((1..=6).contains(&hashes) && separated).then(|| title.trim().trim_end_matches('#').trim())
}

fn description(lines: &[&str]) -> String {
    let text = lines.join("\n");
    let text = text.trim();
    match text.split_once('\n') {
        None => text.to_owned(),
        Some((short, long)) => {
            let long = long.trim();
            if long.is_empty() {
                short.trim().to_owned()
            } else {
                format!("{}\n\n{long}", short.trim())
            }
        }
    }
}

fn arguments(lines: &[&str]) -> Vec<(String, String)> {
    // Each item's first text, then its continuation lines, blank ones included.
    let mut items: Vec<(String, String, Vec<&str>)> = Vec::new();
    for line in lines {
        let trimmed = line.trim();
        let item = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "));
        match item.and_then(argument_item) {
            Some((name, text)) if !line.starts_with("    ") && !line.starts_with('\t') => {
                items.push((name, text, Vec::new()));
            }
            _ => {
                if let Some(last) = items.last_mut() {
                    last.2.push(trimmed);
                }
            }
        }
    }
    items
        .into_iter()
        .map(|(name, first, rest)| {
            let start = rest
                .iter()
                .position(|l| !l.is_empty())
                .unwrap_or(rest.len());
            let end = rest
                .iter()
                .rposition(|l| !l.is_empty())
                .map_or(start, |i| i + 1);
            let rest = rest[start..end].join("\n");
            let text = match (first.is_empty(), rest.is_empty()) {
                (_, true) => first,
                (true, false) => rest,
                (false, false) => format!("{first}\n{rest}"),
            };
            (name, text)
        })
        .collect()
}

/// `` `name` - text``, `` `name`: text``, `name - text` or `name: text`.
fn argument_item(item: &str) -> Option<(String, String)> {
    let (name, rest) = if let Some(rest) = item.strip_prefix('`') {
        let end = rest.find('`')?;
        (&rest[..end], &rest[end + 1..])
    } else {
        let end = item.find([' ', ':'])?;
        (&item[..end], &item[end..])
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let rest = rest.trim_start();
    let text = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix(':'))
        .unwrap_or(rest)
        .trim();
    Some((name.to_owned(), text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_owned).collect()
    }

    #[test]
    fn python_splits_the_first_line_from_the_rest() {
        let d = parse(&lines(
            "Line one\nline two.\n\nMore here.\nAnd more.\n\n# Arguments\n* `x` - the x",
        ));
        assert_eq!(
            d.description,
            "Line one\n\nline two.\n\nMore here.\nAnd more."
        );
        assert_eq!(d.argument("x"), Some("the x"));
    }

    #[test]
    fn argument_items_and_continuations() {
        let d = parse(&lines(
            "Summary.\n\n# Arguments\n\n* `count` - How many\n  (a continued line)\n- name: The name\n\n# Errors\n* `x` - not an argument",
        ));
        assert_eq!(d.description, "Summary.");
        assert_eq!(d.argument("count"), Some("How many\n(a continued line)"));
        assert_eq!(d.argument("name"), Some("The name"));
        assert_eq!(d.argument("x"), None);
    }

    /// A blank `///` line arrives as an empty `#[doc = ""]`; it separates paragraphs.
    #[test]
    fn blank_doc_lines_keep_paragraphs() {
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[doc = " Summary."]),
            syn::parse_quote!(#[doc = ""]),
            syn::parse_quote!(#[doc = " Para one."]),
            syn::parse_quote!(#[doc = ""]),
            syn::parse_quote!(#[doc = " Para two."]),
        ];
        assert_eq!(
            parse(&doc_lines(&attrs)).description,
            "Summary.\n\nPara one.\n\nPara two."
        );
    }

    #[test]
    fn headings_are_markdown_headings_outside_fences() {
        let d = parse(&lines(
            "Summary.\n\n#1 priority: keep this.\n\n```\n# let x = 1;\n```\n\n## Arguments ##\n* `a` - the a",
        ));
        assert_eq!(
            d.description,
            "Summary.\n\n#1 priority: keep this.\n\n```\n# let x = 1;\n```"
        );
        assert_eq!(d.argument("a"), Some("the a"));
    }

    /// As Python joins an argument's lines: the first line's text, then the rest with
    /// its inner blank lines, none leading or trailing.
    #[test]
    fn argument_text_on_later_lines_and_paragraphs() {
        let d = parse(&lines(
            "S.\n\n# Arguments\n* `a` -\n  On the next line.\n* `b` - The b.\n  Keeps going.\n\n  Second paragraph.\n\n* `c` - c",
        ));
        assert_eq!(d.argument("a"), Some("On the next line."));
        assert_eq!(
            d.argument("b"),
            Some("The b.\nKeeps going.\n\nSecond paragraph.")
        );
        assert_eq!(d.argument("c"), Some("c"));
    }

    #[test]
    fn no_docs_no_description() {
        assert_eq!(parse(&[]).description, "");
        assert_eq!(parse(&lines("# Arguments\n* `a` - b")).description, "");
    }
}
