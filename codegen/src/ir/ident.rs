//! The one identifier type of the IR.

use std::fmt;

/// A Rust identifier, valid by construction: [`Ident::new`] checks it as `syn` would, so emitters
/// turn it into tokens without checking it again. Keywords are either raw (`r#type`) or were renamed by
/// lowering (`self_`). Only ASCII is used, so identifiers never trip non-ASCII lints.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// `text` as an identifier, if it is one (raw identifiers included).
    pub fn new(text: &str) -> Option<Self> {
        is_identifier(text).then(|| Self(text.to_owned()))
    }

    /// The identifier as Rust code writes it (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier without a raw prefix (`type`), for docs, file names and messages.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// Whether it is written raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.0.starts_with("r#")
    }
}

/// Words that are identifiers only when raw: what `syn` refuses (its list: Rust 2021's keywords and
/// `_`), and `gen`, which Rust 2024 reserves; generated crates are written in Rust 2024.
const KEYWORDS: [&str; 53] = [
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "Self", "self", "static", "struct",
    "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// Whether `syn` parses `text` as one identifier, for ASCII text (the only kind lowering makes).
/// Checked by hand: names are made for every property of a spec, and `syn` lexing each was a
/// tenth of lowering.
fn is_identifier(text: &str) -> bool {
    let (word, raw) = match text.strip_prefix("r#") {
        Some(word) => (word, true),
        None => (text, false),
    };
    let mut bytes = word.bytes();
    let starts_well = bytes.next().is_some_and(|first| first.is_ascii_alphabetic() || first == b'_');
    if !starts_well || !bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_') {
        return false;
    }
    if raw {
        !matches!(word, "_" | "super" | "self" | "Self" | "crate")
    } else {
        !KEYWORDS.contains(&word)
    }
}

/// Shows the bare identifier, as docs and messages name it.
impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.bare())
    }
}

#[cfg(test)]
mod tests {
    use super::Ident;

    #[test]
    fn only_valid_identifiers_are_made() {
        for valid in ["file_id", "r#type", "File", "_private", "n2fa", "self_"] {
            assert!(Ident::new(valid).is_some(), "{valid}");
        }
        for invalid in ["type", "self", "r#self", "r#crate", "2fa", "", "a-b", "a b", "café", "_", "r#"] {
            assert!(Ident::new(invalid).is_none(), "{invalid}");
        }
        assert_eq!(Ident::new("r#type").unwrap().bare(), "type");
    }

    #[test]
    fn identifiers_are_what_syn_parses() {
        let mut words: Vec<String> = super::KEYWORDS.iter().map(|word| (*word).to_owned()).collect();
        words.extend(
            ["gen", "union", "macro_rules", "a1", "_a", "__", "1a", "a#b", "r#", "r#r#a", "r#1", "Ab_9"]
                .map(String::from),
        );
        for word in words.clone() {
            words.push(format!("r#{word}"));
        }
        for word in &words {
            // `syn` parses Rust 2021, where `gen` is not reserved yet.
            let rust_2024_keyword = word == "gen";
            let parses = syn::parse_str::<syn::Ident>(word).is_ok() && !rust_2024_keyword;
            assert_eq!(Ident::new(word).is_some(), parses, "{word}");
        }
    }
}
