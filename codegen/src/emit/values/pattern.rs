//! A string that matches a schema's `pattern`, for specs that give the pattern and no example:
//! built from the pattern's syntax tree (each repetition its fewest, at least once where it may,
//! the first branch of each alternation, a readable character of each class), then checked with
//! the `regex` crate. Patterns Rust's regex syntax cannot read (lookaround, backreferences) give
//! none.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters tried first for a class, so that samples read as words and numbers.
const PREFERRED: [char; 4] = ['a', 'A', '0', '-'];

/// A string that `pattern` (an ECMA-262 regular expression, as JSON Schema says) matches whole.
pub(super) fn sample(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let mut text = String::new();
    write(&hir, &mut text, 0)?;
    let whole = regex::Regex::new(&format!("^(?:{pattern})$")).ok()?;
    whole.is_match(&text).then_some(text)
}

/// Appends a string `hir` matches to `text`; `None` past a depth or length no pattern needs.
fn write(hir: &Hir, text: &mut String, depth: usize) -> Option<()> {
    if depth > 64 || text.len() > 4096 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => text.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(class) => text.push(class_char(class)?),
        HirKind::Repetition(repetition) => {
            let times = repetition.min.max(1).min(repetition.max.unwrap_or(u32::MAX));
            for _ in 0..times {
                write(&repetition.sub, text, depth + 1)?;
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, text, depth + 1)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, text, depth + 1)?;
            }
        }
        HirKind::Alternation(branches) => write(branches.first()?, text, depth + 1)?,
    }
    Some(())
}

/// A character of `class`: a preferred one it holds, else the first printable one.
fn class_char(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class.ranges().iter().map(|range| (range.start(), range.end())).collect(),
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .filter(|range| range.start().is_ascii())
            .map(|range| (char::from(range.start()), char::from(range.end().min(0x7f))))
            .collect(),
    };
    let holds = |character: char| ranges.iter().any(|(start, end)| (*start..=*end).contains(&character));
    PREFERRED
        .into_iter()
        .find(|character| holds(*character))
        .or_else(|| ranges.iter().find_map(|(start, end)| (*start..=*end).find(|character| !character.is_control())))
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_match_their_patterns() {
        for (pattern, expected) in [
            ("^[A-Z]{2}$", "AA"),
            (r"^\d{4}-\d{2}-\d{2}$", "0000-00-00"),
            ("^(acct|cus)_[a-zA-Z0-9]+$", "acct_a"),
            (r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", "a@a.aa"),
            ("^#?[0-9a-fA-F]{6}$", "#aaaaaa"),
            (".*", "a"),
            ("^v[0-9]+(\\.[0-9]+)*$", "v0.0"),
        ] {
            assert_eq!(sample(pattern).as_deref(), Some(expected), "{pattern}");
        }
    }

    #[test]
    fn patterns_rust_cannot_read_give_no_sample() {
        assert_eq!(sample("^(?!x)a$"), None);
        assert_eq!(sample(r"^(a)\1$"), None);
        assert_eq!(sample("[unclosed"), None);
    }
}
