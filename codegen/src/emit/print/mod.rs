//! Prints a file as people write one: `prettyplease` formats each item, and a blank line separates
//! items, and the members of an `impl`. An item's `#[cfg]` is printed on one line, however many
//! features it names. Where the blank lines go comes from the syntax tree, never from reading the
//! printed text.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, File, ImplItem, Item, ItemImpl, Meta, Token};

/// `tokens`, a file's, parsed and printed one item at a time: only one item's syntax tree is in
/// memory at once.
pub fn tokens(tokens: TokenStream) -> syn::Result<String> {
    let parse = |input: ParseStream| {
        let mut printer = FilePrinter::new(input.call(Attribute::parse_inner)?);
        while !input.is_empty() {
            printer.item(input.parse()?);
        }
        Ok(printer.finish())
    };
    parse.parse2(tokens)
}

/// A file printed item by item: `use` items grouped, a blank line between blocks.
struct FilePrinter {
    blocks: Vec<String>,
    uses: Vec<Item>,
}

impl FilePrinter {
    fn new(inner_attrs: Vec<Attribute>) -> Self {
        let mut blocks = Vec::new();
        if !inner_attrs.is_empty() {
            blocks.push(unparse(File { shebang: None, frontmatter: None, attrs: inner_attrs, items: Vec::new() }));
        }
        Self { blocks, uses: Vec::new() }
    }

    fn item(&mut self, mut item: Item) {
        if let Item::Use(_) = item {
            self.uses.push(item);
            return;
        }
        self.flush_uses();
        let mut block: String =
            take_cfgs(&mut item).iter().map(|cfg| format!("#[{}]\n", meta_text(&cfg.meta))).collect();
        block.push_str(&match item {
            Item::Impl(block) if !block.items.is_empty() => print_impl(block),
            other => unparse_items(vec![other]),
        });
        self.blocks.push(block);
    }

    fn flush_uses(&mut self) {
        if !self.uses.is_empty() {
            self.blocks.push(unparse_items(std::mem::take(&mut self.uses)));
        }
    }

    fn finish(mut self) -> String {
        self.flush_uses();
        self.blocks.join("\n")
    }
}

/// The item's leading `#[cfg]` attributes, taken off it.
fn take_cfgs(item: &mut Item) -> Vec<Attribute> {
    let attrs = match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        _ => return Vec::new(),
    };
    let leading = attrs.iter().take_while(|attr| attr.path().is_ident("cfg")).count();
    attrs.drain(..leading).collect()
}

/// An attribute's content on one line: `cfg(any(feature = "a", feature = "b"))`.
fn meta_text(meta: &Meta) -> String {
    let tokens = |tokens: &dyn ToTokens| tokens.to_token_stream().to_string().replace(' ', "");
    match meta {
        Meta::Path(path) => tokens(path),
        Meta::NameValue(pair) => format!("{} = {}", tokens(&pair.path), pair.value.to_token_stream()),
        Meta::List(list) => match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(nested) => {
                let nested: Vec<String> = nested.iter().map(meta_text).collect();
                format!("{}({})", tokens(&list.path), nested.join(", "))
            }
            Err(_) => format!("{}({})", tokens(&list.path), list.tokens),
        },
    }
}

/// An `impl` block with a blank line between its members; associated types stay grouped.
fn print_impl(mut block: ItemImpl) -> String {
    let members = std::mem::take(&mut block.items);
    let empty = unparse_items(vec![Item::Impl(block.clone())]);
    let opening = empty.trim_end().strip_suffix("{}").map(|head| format!("{head}{{\n"));
    let mut out = opening.clone().unwrap_or_default();
    let mut previous_was_type = None;
    for member in &members {
        let is_type = matches!(member, ImplItem::Type(_));
        if previous_was_type.is_some_and(|previous| !(previous && is_type)) {
            out.push('\n');
        }
        previous_was_type = Some(is_type);
        let mut single = block.clone();
        single.items = vec![member.clone()];
        let printed = unparse_items(vec![Item::Impl(single)]);
        let body = opening.as_deref().and_then(|opening| printed.strip_prefix(opening)?.strip_suffix("}\n"));
        match body {
            Some(body) => out.push_str(body),
            // `prettyplease` laid out a one-member impl unlike the empty one: print it whole.
            None => {
                block.items = members;
                return unparse_items(vec![Item::Impl(block)]);
            }
        }
    }
    out.push_str("}\n");
    out
}

fn unparse_items(items: Vec<Item>) -> String {
    unparse(File { shebang: None, frontmatter: None, attrs: Vec::new(), items })
}

fn unparse(file: File) -> String {
    prettyplease::unparse(&file)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn items_and_members_are_separated_by_one_blank_line() {
        let tokens = quote! {
            //! Module.
            use a::b;
            use c::d;
            /// A.
            pub struct A { x: i32 }
            impl A {
                /// One.
                pub fn one(&self) -> i32 { 1 }
                pub fn two(&self) -> i32 { let a = 1; a }
            }
            impl X for A { type T = i32; type U = u8; fn g() {} }
        };
        let printed = super::tokens(tokens).unwrap();
        let expected = "//! Module.\n\nuse a::b;\nuse c::d;\n\n/// A.\npub struct A {\n    x: i32,\n}\n\nimpl A {\n    /// One.\n    pub fn one(&self) -> i32 {\n        1\n    }\n\n    pub fn two(&self) -> i32 {\n        let a = 1;\n        a\n    }\n}\n\nimpl X for A {\n    type T = i32;\n    type U = u8;\n\n    fn g() {}\n}\n";
        assert_eq!(printed, expected);
    }

    #[test]
    fn a_cfg_stays_on_one_line_before_any_item() {
        let tokens = quote! {
            #[cfg(any(feature = "actions", feature = "activity", feature = "apps", feature = "billing", feature = "checks"))]
            /// A.
            pub struct A;
            #[cfg(feature = "apps")]
            /// Colors.
            pub enum Color { Red, }
        };
        let printed = super::tokens(tokens).unwrap();
        let expected = "#[cfg(any(feature = \"actions\", feature = \"activity\", feature = \"apps\", feature = \"billing\", feature = \"checks\"))]\n/// A.\npub struct A;\n\n#[cfg(feature = \"apps\")]\n/// Colors.\npub enum Color {\n    Red,\n}\n";
        assert_eq!(printed, expected);
    }
}
