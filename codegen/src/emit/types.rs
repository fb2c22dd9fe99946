//! The `types` module: one Rust type per named IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, ident, module_doc, rust_type, Scope};
use crate::ir::{Api, EnumVariant, Field, TypeDef, TypeDefKind};

pub fn types_module(api: &Api) -> TokenStream {
    let module_doc = module_doc(&format!("Request and response types of the {} API.", api.title));
    let needs_serde = api.types.iter().any(|def| !matches!(def.kind, TypeDefKind::Alias(_)));
    let serde = needs_serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let defs = api.types.iter().map(type_def);
    quote! {
        #module_doc
        #serde
        #(#defs)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc(def.doc.as_deref());
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    match &def.kind {
        TypeDefKind::Struct(fields) => {
            // With every field optional, `..Default::default()` lets callers set only what they need.
            let default = fields.iter().all(Field::is_optional).then(|| quote!(Default,));
            let fields = fields.iter().map(field);
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
                pub struct #name {
                    #(#fields,)*
                }
            }
        }
        TypeDefKind::Enum(variants) => string_enum(&name, doc, deprecated, variants),
        TypeDefKind::Alias(target) => {
            let target = rust_type(target, Scope::Types);
            quote! {
                #doc
                #deprecated
                pub type #name = #target;
            }
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let mut text = field.doc.clone().unwrap_or_default();
    if let Some(constant) = &field.constant {
        let note = format!("Always `{}`.", constant.as_str().map_or_else(|| constant.to_string(), str::to_owned));
        text = if text.is_empty() || text.contains(&note) { note } else { format!("{text}\n\n{note}") };
    }
    let doc = doc(Some(&text));
    let rename = (field.name.trim_start_matches("r#") != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let skip = (!field.required).then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let mut ty = rust_type(&field.ty, Scope::Types);
    if field.is_optional() {
        ty = quote!(Option<#ty>);
    }
    quote! {
        #doc
        #rename
        #skip
        #deprecated
        pub #name: #ty
    }
}

/// A string enum whose `Unknown` variant keeps values this version of the SDK does not know, so that a
/// new server value never breaks decoding.
fn string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[EnumVariant],
) -> TokenStream {
    let variant_names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #[serde(rename = #values)]
                #variant_names,
            )*
            /// A value this version of the SDK does not know.
            #[serde(untagged)]
            Unknown(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
