//! Rust identifiers from names found in specs and configs: cased, ASCII, escaped when they are
//! keywords, and unique in their scope. Every [`Ident`] of the IR is made here, by a [`Namespace`].

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

use crate::ir::Ident;

/// Keywords that cannot be raw identifiers: they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Names of the standard prelude and of the traits emitted code derives: a type named like one of
/// them would shadow it in the module that declares it.
pub(super) const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Display",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// One scope of names (a module, a struct's fields, a builder's methods): each name it hands out
/// is valid and distinct from every other name in it, and the same inputs in the same order give
/// the same names.
#[derive(Debug, Clone, Default)]
pub(super) struct Namespace {
    /// Bare names (`type` for `r#type`): a raw identifier and its bare form are the same name.
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A scope in which `reserved` are already taken.
    pub fn new(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// A snake_case identifier for `raw` (a field, parameter, method or module).
    pub fn snake(&mut self, raw: &str) -> Ident {
        self.claim(&snake(raw))
    }

    /// A PascalCase identifier for `raw` (a type or variant).
    pub fn pascal(&mut self, raw: &str) -> Ident {
        self.claim(&pascal(raw))
    }

    /// `name` (already cased) if it is free, else `name2`, `name3`, …; escaped if a keyword.
    pub fn claim(&mut self, name: &str) -> Ident {
        // Only cased names come here; anything else still gives a valid identifier.
        let name = if escape(name).is_some() { name } else { "value" };
        let mut candidate = name.to_owned();
        let mut counter = 1;
        loop {
            if let Some(ident) = escape(&candidate).filter(|ident| !self.taken.contains(ident.bare())) {
                self.taken.insert(ident.bare().to_owned());
                return ident;
            }
            counter += 1;
            candidate = format!("{name}{counter}");
        }
    }
}

/// `name` as an identifier: raw if it is a keyword that can be, suffixed with `_` if not.
fn escape(name: &str) -> Option<Ident> {
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"));
    }
    Ident::new(name).or_else(|| Ident::new(&format!("r#{name}")))
}

/// Letters and digits of `raw`, ASCII only, the rest as separators.
fn ascii_words(raw: &str, separator: char) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { separator }).collect()
}

/// Whether `raw` has nothing to make a name from (empty, or no ASCII letter or digit), so that the
/// name it gets is a stand-in that real names should have first.
pub(super) fn is_stand_in(raw: &str) -> bool {
    !raw.chars().any(|c| c.is_ascii_alphanumeric())
}

/// `raw` in snake_case, starting with a letter (`2fa-code` → `n2fa_code`); `value` if nothing is left.
pub(super) fn snake(raw: &str) -> String {
    let name = ascii_words(raw, '_').to_snake_case();
    match name.chars().next() {
        None => "value".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("n{name}"),
        Some(_) => name,
    }
}

/// `raw` in PascalCase, starting with a letter (`1080p` → `V1080p`); `Value` if nothing is left.
pub(super) fn pascal(raw: &str) -> String {
    let name = ascii_words(raw, ' ').to_pascal_case();
    match name.chars().next() {
        None => "Value".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_snake(raw: &str) -> String {
        Namespace::default().snake(raw).as_str().to_owned()
    }

    fn one_pascal(raw: &str) -> String {
        Namespace::default().pascal(raw).as_str().to_owned()
    }

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(one_snake("file_id"), "file_id");
        assert_eq!(one_snake("fileId"), "file_id");
        assert_eq!(one_snake("type"), "r#type");
        assert_eq!(one_snake("self"), "self_");
        assert_eq!(one_snake("2fa-code"), "n2fa_code");
        assert_eq!(one_snake("x-request-id"), "x_request_id");
        assert_eq!(one_snake("名前"), "value");
        assert_eq!(one_snake(""), "value");
        assert_eq!(one_snake("_"), "value");
        assert_eq!(one_pascal("uploading"), "Uploading");
        assert_eq!(one_pascal("1080p"), "V1080p");
        assert_eq!(one_pascal("application/json"), "ApplicationJson");
        assert_eq!(one_pascal(""), "Value");
        assert_eq!(one_pascal("self"), "Self_");
        assert_eq!(one_pascal("café"), "Caf");
    }

    #[test]
    fn a_namespace_never_hands_out_a_name_twice() {
        let mut scope = Namespace::new(&["options", "send"]);
        let names: Vec<String> = ["options", "send", "type", "type", "Type", "fileId", "file_id", "", "", "self"]
            .iter()
            .map(|raw| scope.snake(raw).as_str().to_owned())
            .collect();
        assert_eq!(
            names,
            ["options2", "send2", "r#type", "type2", "type3", "file_id", "file_id2", "value", "value2", "self_"]
        );
    }

    #[test]
    fn hostile_names_always_give_valid_identifiers() {
        let hostile = [
            "",
            "_",
            "__",
            "r#",
            "123",
            "-",
            "async",
            "await",
            "dyn",
            "gen",
            "try",
            "union",
            "crate",
            "Self",
            "super",
            "mod",
            "😀",
            "a b",
            "a-b",
            "a.b",
            "Ünïcödé",
            "\u{0}",
            "type\n",
            "r#type",
            "static",
            "true",
        ];
        let mut snake_scope = Namespace::default();
        let mut pascal_scope = Namespace::default();
        for raw in hostile {
            for ident in [snake_scope.snake(raw), pascal_scope.pascal(raw)] {
                let parsed = syn::parse_str::<syn::Ident>(ident.as_str());
                assert!(parsed.is_ok(), "{raw:?} gave {}", ident.as_str());
            }
        }
    }
}
