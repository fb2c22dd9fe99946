//! The one identifier type of the IR.

use std::fmt;

/// A Rust identifier, valid by construction: [`Ident::new`] checks it with `syn`, so emitters turn it
/// into tokens without checking it again. Keywords are either raw (`r#type`) or were renamed by
/// lowering (`self_`). Only ASCII is used, so identifiers never trip non-ASCII lints.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// `text` as an identifier, if it is one (raw identifiers included).
    pub fn new(text: &str) -> Option<Self> {
        let ascii = text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'#');
        (ascii && syn::parse_str::<syn::Ident>(text).is_ok()).then(|| Self(text.to_owned()))
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
}
