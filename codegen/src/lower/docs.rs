//! Documentation from specs, made safe for rustdoc.

/// `text` from a spec, trimmed, or `None` if nothing is left. Specs write Markdown, which rustdoc
/// reads too: code blocks that name no language are marked `text` (rustdoc would compile them as
/// doctests), deep indentation that would open a code block is dropped, and brackets that are not
/// links are escaped (rustdoc would take them for links to items). A carriage return alone ends a
/// line, as in old Mac text: Rust refuses a bare CR in a doc comment.
pub(super) fn markdown(text: Option<&str>) -> Option<String> {
    let text = text.map(str::trim).filter(|text| !text.is_empty())?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Some(lines(&text).join("\n"))
}

fn lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                let (fence, language) = trimmed.split_at(3);
                let language = language.trim();
                let opening = !in_fence;
                in_fence = !in_fence;
                return match (opening, language) {
                    (true, "") => format!("{fence}text"),
                    (true, language) => format!("{fence}{language}"),
                    (false, _) => fence.to_owned(),
                };
            }
            if in_fence {
                return line.trim_end().to_owned();
            }
            if trimmed.is_empty() {
                return String::new();
            }
            let indent = line.len() - line.trim_start().len();
            let kept = if indent >= 4 || line.starts_with('\t') { trimmed } else { line.trim_end() };
            escape_brackets(kept)
        })
        .collect()
}

/// `[text]` without a `(url)` after it, with its brackets escaped; code spans are left alone.
fn escape_brackets(line: &str) -> String {
    if !line.contains('[') && !line.contains(']') {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 4);
    let mut in_code = false;
    for (index, &c) in chars.iter().enumerate() {
        match c {
            '`' => in_code = !in_code,
            '[' | ']' if !in_code && !is_link_bracket(&chars, index) => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether the bracket at `index` belongs to a Markdown link `[text](url)`.
fn is_link_bracket(chars: &[char], index: usize) -> bool {
    let close = match chars[index] {
        '[' => chars[index..].iter().position(|&c| c == ']').map(|offset| index + offset),
        _ => Some(index),
    };
    close.is_some_and(|close| chars.get(close + 1) == Some(&'('))
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn spec_markdown_becomes_safe_rustdoc() {
        let text = "Intro [draft] and [a link](https://x).\n\n    indented code\n```\nlet x = 1;\n```\n```json\n{}\n```\nUse `a[0]`.";
        assert_eq!(
            markdown(Some(text)).unwrap(),
            "Intro \\[draft\\] and [a link](https://x).\n\nindented code\n```text\nlet x = 1;\n```\n```json\n{}\n```\nUse `a[0]`."
        );
    }

    #[test]
    fn a_carriage_return_ends_a_line() {
        let text = "Removes associations.\r\rRecreates them.\r\nDone.";
        assert_eq!(markdown(Some(text)).unwrap(), "Removes associations.\n\nRecreates them.\nDone.");
    }
}
