//! Items written straight as formatted source: the invocations of the runtime's `object!` and enum
//! macros, most of a big API's `types` module. Their bodies are not Rust `prettyplease` can lay out,
//! and building tokens only to parse and print them again cost more than the rest of generation.
//! The text is what the printer writes for the same items: `///` docs, one `#[cfg]` line, four
//! spaces a level. Each rule is written once and read by both paths: type names
//! ([`super::rust::type_path`]), `cfg`s ([`cfg_line`]), doc lines ([`super::rust::doc_lines`]); the
//! tests below hold the printer to them, and every emitted file is parsed in the fixtures test.

use proc_macro2::{Literal, TokenStream};

use super::rust::doc_lines;

/// Formatted lines under construction.
#[derive(Default)]
pub(super) struct Source {
    text: String,
    depth: usize,
}

impl Source {
    /// One line at the current depth.
    pub(super) fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// `head {`, then what follows one level deeper until [`Self::close`].
    pub(super) fn open(&mut self, head: &str) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
    }

    pub(super) fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.line("}");
    }

    /// `text` as `///` lines, as the printer writes what [`super::rust::doc`] emits.
    pub(super) fn doc(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        for line in doc_lines(text) {
            self.line(&format!("///{line}"));
        }
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

/// `#[cfg]` for an item that any of `features` compiles, as tokens.
pub(super) fn cfg_any(features: &[&str]) -> TokenStream {
    // Feature names are string literals: the line always parses.
    cfg_line(features).parse().unwrap_or_default()
}

/// `#[cfg(...)]` for an item that any of `features` compiles, on one line as the printer writes
/// it: the one rule for `cfg`s, which [`cfg_any`] reads.
pub(super) fn cfg_line(features: &[&str]) -> String {
    let features: Vec<String> =
        features.iter().map(|feature| format!("feature = {}", Literal::string(feature))).collect();
    match &features[..] {
        [feature] => format!("#[cfg({feature})]"),
        features => format!("#[cfg(any({}))]", features.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use quote::quote;

    use super::{cfg_any, cfg_line, Source};
    use crate::emit::rust::{doc, rust_type, type_path, Scope};
    use crate::ir::{TypeId, TypeRef};

    /// `item` as the printer lays it out.
    fn printed(item: proc_macro2::TokenStream) -> String {
        crate::emit::print::tokens(item).unwrap()
    }

    #[test]
    fn types_are_written_as_the_printer_writes_them() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
        let spec = crate::load::load_spec(&path).unwrap();
        let (config, _) = crate::lower::infer_config(&spec, "petstore").unwrap();
        let (api, _) = crate::lower::lower(&spec, &config, Vec::new()).unwrap();
        let named = TypeRef::Named(TypeId::new(0));
        let leaves = [
            TypeRef::String,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::Bool,
            TypeRef::DateTime,
            TypeRef::Date,
            TypeRef::Uuid,
            TypeRef::Upload,
            TypeRef::Json,
            named.clone(),
        ];
        let nested = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Map(Box::new(named))))));
        for (ty, scope) in
            leaves.into_iter().chain([nested]).flat_map(|ty| [(ty.clone(), Scope::Types), (ty, Scope::Sibling)])
        {
            let tokens = rust_type(&api, &ty, scope);
            // On one line, as an `object!` property has it, however long.
            let lines: Vec<String> =
                printed(quote!(type Placeholder = #tokens;)).lines().map(|line| line.trim().to_owned()).collect();
            let expected = lines.join(" ").replace("< ", "<").replace(" >", ">").replace(",>", ">");
            assert_eq!(format!("type Placeholder = {};", type_path(&api, &ty, scope)), expected, "{ty:?}");
        }
    }

    #[test]
    fn cfgs_and_docs_are_written_as_the_printer_writes_them() {
        for features in [&["files"][..], &["files", "tasks", "schemas"][..]] {
            let cfg = cfg_any(features);
            assert_eq!(format!("{}\nstruct A;\n", cfg_line(features)), printed(quote!(#cfg struct A;)));
        }
        let text = "  First line.\n\nSecond *line*   \n  indented, with \"quotes\" and \\ `code`\n";
        let mut source = Source::default();
        source.doc(text);
        source.line("struct A;");
        let tokens = doc(Some(text));
        assert_eq!(source.finish(), printed(quote!(#tokens struct A;)));
    }
}
