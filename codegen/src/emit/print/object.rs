//! Prints an invocation of the runtime's `object!` macro as its grammar reads: the struct's docs,
//! then each group of properties, one property per line. `prettyplease` cannot lay it out, since
//! the body is not Rust; its types and attributes still go through `prettyplease`.

use syn::parse::{Parse, ParseStream};
use syn::{braced, Attribute, Ident, Lit, LitStr, Token, Type};

/// The body of `object! { ... }`.
pub(super) struct ObjectBody {
    attrs: Vec<Attribute>,
    name: Ident,
    /// `: Serialize`.
    serialize: bool,
    groups: Vec<(Ident, Vec<Property>)>,
    unknown: Ident,
}

/// `field: Type = "wire" | "alias" => constant,`
struct Property {
    attrs: Vec<Attribute>,
    field: Ident,
    ty: Type,
    wire_names: Vec<LitStr>,
    constant: Option<Lit>,
}

impl Parse for ObjectBody {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        input.parse::<Token![pub]>()?;
        input.parse::<Token![struct]>()?;
        let name = input.parse()?;
        let serialize = input.peek(Token![:]);
        if serialize {
            input.parse::<Token![:]>()?;
            input.parse::<Ident>()?;
        }
        let content;
        braced!(content in input);
        let mut groups = Vec::new();
        while !content.peek(kw::unknown) {
            let keyword: Ident = content.parse()?;
            let entries;
            braced!(entries in content);
            let mut properties = Vec::new();
            while !entries.is_empty() {
                properties.push(entries.parse()?);
            }
            groups.push((keyword, properties));
        }
        content.parse::<kw::unknown>()?;
        content.parse::<Token![:]>()?;
        let unknown = content.parse()?;
        content.parse::<Option<Token![,]>>()?;
        Ok(Self { attrs, name, serialize, groups, unknown })
    }
}

impl Parse for Property {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let field = input.call(syn::ext::IdentExt::parse_any)?;
        input.parse::<Token![:]>()?;
        let ty = input.parse()?;
        input.parse::<Token![=]>()?;
        let mut wire_names = vec![input.parse()?];
        while input.parse::<Option<Token![|]>>()?.is_some() {
            wire_names.push(input.parse()?);
        }
        let constant = match input.parse::<Option<Token![=>]>>()? {
            Some(_) => Some(input.parse()?),
            None => None,
        };
        input.parse::<Token![,]>()?;
        Ok(Self { attrs, field, ty, wire_names, constant })
    }
}

mod kw {
    syn::custom_keyword!(unknown);
}

impl ObjectBody {
    /// The body's lines, indented by `indent` levels.
    pub(super) fn lines(&self, indent: usize) -> Vec<String> {
        let pad = "    ".repeat(indent);
        let mut lines: Vec<String> =
            attribute_lines(&self.attrs).into_iter().map(|line| format!("{pad}{line}")).collect();
        let serialize = if self.serialize { ": Serialize" } else { "" };
        lines.push(format!("{pad}pub struct {}{serialize} {{", self.name));
        for (keyword, properties) in &self.groups {
            lines.push(format!("{pad}    {keyword} {{"));
            for property in properties {
                lines.extend(property.lines().into_iter().map(|line| format!("{pad}        {line}")));
            }
            lines.push(format!("{pad}    }}"));
        }
        lines.push(format!("{pad}    unknown: {},", self.unknown));
        lines.push(format!("{pad}}}"));
        lines
    }
}

impl Property {
    fn lines(&self) -> Vec<String> {
        let mut lines = attribute_lines(&self.attrs);
        let wire_names: Vec<String> = self.wire_names.iter().map(|name| quote::quote!(#name).to_string()).collect();
        let constant = match &self.constant {
            Some(value) => format!(" => {}", quote::quote!(#value)),
            None => String::new(),
        };
        lines.push(format!("{}: {} = {}{constant},", self.field, type_text(&self.ty), wire_names.join(" | ")));
        lines
    }
}

/// Attributes as `prettyplease` writes them: doc comments as `///` lines.
fn attribute_lines(attrs: &[Attribute]) -> Vec<String> {
    if attrs.is_empty() {
        return Vec::new();
    }
    let item: syn::Item = syn::parse_quote!(#(#attrs)* struct Placeholder;);
    let printed = super::unparse_items(vec![item]);
    printed.lines().take_while(|line| !line.starts_with("struct Placeholder")).map(str::to_owned).collect()
}

/// A type on one line, as `prettyplease` writes it.
fn type_text(ty: &Type) -> String {
    let item: syn::Item = syn::parse_quote!(type Placeholder = #ty;);
    let printed = super::unparse_items(vec![item]);
    let text: Vec<&str> = printed.lines().map(str::trim).collect();
    let text = text.join(" ").replace("< ", "<").replace(" >", ">").replace(",>", ">");
    text.strip_prefix("type Placeholder = ").and_then(|rest| rest.strip_suffix(';')).unwrap_or(&text).to_owned()
}
