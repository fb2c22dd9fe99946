//! Rust identifiers from names found in specs: cased, escaped when they are keywords, and valid when
//! they start with a digit or contain symbols.

use heck::{ToPascalCase, ToSnakeCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const RESERVED: &[&str] = &["crate", "self", "super", "Self", "_"];

/// A snake_case identifier for a field, parameter, method or module.
pub fn snake(raw: &str) -> String {
    let mut name = raw.replace(|c: char| !c.is_alphanumeric(), "_").to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    escape(name)
}

/// A PascalCase identifier for a type or variant.
pub fn pascal(raw: &str) -> String {
    let mut name = raw.replace(|c: char| !c.is_alphanumeric(), " ").to_pascal_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    escape(name)
}

fn escape(name: String) -> String {
    if RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `name` if it is not taken yet, else `name2`, `name3`, …; the result is marked taken.
pub fn unique(name: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let base = name.trim_start_matches("r#").to_owned();
    (2..)
        .map(|counter| format!("{base}{counter}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("unbounded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(snake("file_id"), "file_id");
        assert_eq!(snake("fileId"), "file_id");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa-code"), "n2fa_code");
        assert_eq!(snake("x-request-id"), "x_request_id");
        assert_eq!(pascal("uploading"), "Uploading");
        assert_eq!(pascal("1080p"), "V1080p");
        assert_eq!(pascal("application/json"), "ApplicationJson");
        assert_eq!(pascal(""), "Value");
    }
}
