//! The `types` module: one Rust type per named IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, ident, module_doc, rust_type, Scope};
use crate::ir::{Api, EnumVariant, Field, IntegerVariant, TypeDef, TypeDefKind, Union};

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
        TypeDefKind::IntegerEnum(variants) => integer_enum(&name, doc, deprecated, variants),
        TypeDefKind::Union(union) => union_enum(&name, doc, deprecated, union),
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
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
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

/// A `oneOf`/`anyOf`. Without a discriminator, serde tries the variants in the spec's order. With
/// one, the property picks the variant, and a value it does not know is kept as `Unknown`.
fn union_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    union: &Union,
) -> TokenStream {
    let variant_names: Vec<_> = union.variants.iter().map(|variant| ident(&variant.name)).collect();
    let variant_types = union.variants.iter().map(|variant| {
        let ty = rust_type(&variant.ty, Scope::Types);
        if variant.boxed {
            quote!(Box<#ty>)
        } else {
            ty
        }
    });
    let Some(discriminator) = &union.discriminator else {
        return quote! {
            #doc
            #deprecated
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variant_names(#variant_types),)*
            }
        };
    };
    let property = &discriminator.property;
    let arms = discriminator.mapping.iter().map(|(value, index)| {
        let variant = &variant_names[*index];
        quote!(Some(#value) => serde_json::from_value(value).map(Self::#variant))
    });
    let unknown_doc = format!(" A `{property}` this version of the SDK does not know, as received.");
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variant_names(#variant_types),)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let value = serde_json::Value::deserialize(deserializer)?;
                let variant = match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms,)*
                    _ => return Ok(Self::Unknown(value)),
                };
                variant.map_err(D::Error::custom)
            }
        }
    }
}

/// An integer enum, serialized as its number, that keeps numbers this SDK does not know.
fn integer_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[IntegerVariant],
) -> TokenStream {
    let variant_names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let values: Vec<_> = variants.iter().map(|variant| proc_macro2::Literal::i64_unsuffixed(variant.value)).collect();
    let variant_docs = variants.iter().map(|variant| format!(" `{}`", variant.value));
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_names,)*
            /// A value this version of the SDK does not know.
            Unknown(i64),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variant_names,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
