//! Reading a tool's description and argument descriptions from its doc comment.
//!
//! The description is the text before the first heading, split as Python's
//! `docstring_parser` splits a docstring: its first line, then (after a blank line) the
//! rest. Argument descriptions come from a `# Arguments` (or `# Args`, `# Parameters`)
//! section of list items in the rustdoc convention, ``* `name` - text`` (`-` or `:` after
//! the name; the backticks optional); indented lines after an item continue it.

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

/// The lines of the `#[doc = "..."]` attributes, one leading space removed.
pub fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(lit) = &nv.value {
                if let Lit::Str(s) = &lit.lit {
                    for line in s.value().lines() {
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
    for line in lines {
        let trimmed = line.trim_start();
        if let Some(heading) = trimmed.strip_prefix('#') {
            sections.push((
                Some(heading.trim_start_matches('#').trim().to_lowercase()),
                Vec::new(),
            ));
        } else if let Some(last) = sections.last_mut() {
            last.1.push(line);
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
    let mut out: Vec<(String, String)> = Vec::new();
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let item = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "));
        match item.and_then(argument_item) {
            Some(entry) if !line.starts_with("    ") && !line.starts_with('\t') => out.push(entry),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(trimmed);
                }
            }
        }
    }
    out
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

    #[test]
    fn no_docs_no_description() {
        assert_eq!(parse(&[]).description, "");
        assert_eq!(parse(&lines("# Arguments\n* `a` - b")).description, "");
    }
}
