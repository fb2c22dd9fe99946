//! The `types` module: one Rust type per named IR type, with only the serde impls its uses need
//! (`Serialize` for what requests send, `Deserialize` for what responses carry), and the pagination
//! impls of page types.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc, module_doc, rust_type, Scope};
use crate::ir::{
    Api, EnumVariant, Field, Ident, IntegerVariant, PageField, Pagination, PaginationScheme, TypeDef, TypeDefKind,
    TypeId, TypeRef, TypeUsage, Union,
};

pub fn types_module(api: &Api) -> TokenStream {
    let module_doc = module_doc(&format!("Request and response types of the {} API.", api.title));
    let pages = page_types(api);
    let imports = imports(api, !pages.is_empty());
    let defs = api.types_by_name().into_iter().map(|def| type_def(api, def));
    let pageable = pages.into_iter().map(|(id, pagination)| pageable_impl(api, id, pagination));
    quote! {
        #module_doc
        #imports
        #(#defs)*
        #(#pageable)*
    }
}

fn imports(api: &Api, runtime: bool) -> TokenStream {
    let derived = |wanted: fn(&TypeUsage) -> bool| {
        api.types.iter().any(|def| !matches!(def.kind, TypeDefKind::Alias(_)) && wanted(&def.usage))
    };
    let (serialize, deserialize) = (derived(|usage| usage.request), derived(|usage| usage.response));
    let serde = match (serialize, deserialize) {
        (true, true) => quote!(
            use serde::{Deserialize, Serialize};
        ),
        (true, false) => quote!(
            use serde::Serialize;
        ),
        (false, true) => quote! {
            use serde::Deserialize;
            #[cfg(feature = "serialize")]
            use serde::Serialize;
        },
        (false, false) => TokenStream::new(),
    };
    let runtime = runtime.then(|| {
        quote!(
            use crate::runtime;
        )
    });
    quote! { #runtime #serde }
}

/// The types list methods page through, each with its pagination (the first method's, when several
/// page the same type: lowering checks that they agree).
fn page_types(api: &Api) -> BTreeMap<TypeId, &Pagination> {
    let mut pages = BTreeMap::new();
    for pagination in api.resources.iter().flat_map(|resource| &resource.methods).filter_map(|m| m.pagination.as_ref())
    {
        pages.entry(pagination.page_type).or_insert(pagination);
    }
    pages
}

/// The derives of a type: serde's as its uses need them. A type only responses carry serializes
/// with the `serialize` feature, for applications that store what they received.
fn derives(usage: TypeUsage, extra: TokenStream) -> TokenStream {
    let serialize = usage.request.then(|| quote!(Serialize,));
    let deserialize = usage.response.then(|| quote!(Deserialize,));
    let optional = optional_serialize(usage).then(|| quote!(#[cfg_attr(feature = "serialize", derive(Serialize))]));
    quote! {
        #[derive(Debug, Clone, #extra PartialEq, #serialize #deserialize)]
        #optional
    }
}

/// Whether `Serialize` comes with the `serialize` feature only.
fn optional_serialize(usage: TypeUsage) -> bool {
    !usage.request && usage.response
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = &def.name;
    let doc = doc(def.doc.as_deref());
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    match &def.kind {
        TypeDefKind::Struct(fields) => {
            // With every field optional, `..Default::default()` lets callers set only what they need.
            let default = if fields.iter().all(Field::is_optional) { quote!(Default,) } else { TokenStream::new() };
            let derives = derives(def.usage, default);
            let allow = allow_deprecated(api, fields.iter().map(|field| &field.ty));
            let fields = fields.iter().map(|field| struct_field(api, field));
            quote! {
                #doc
                #deprecated
                #allow
                #derives
                pub struct #name {
                    #(#fields,)*
                }
            }
        }
        TypeDefKind::Enum(variants) => string_enum(def, doc, deprecated, variants),
        TypeDefKind::IntegerEnum(variants) => integer_enum(def, doc, deprecated, variants),
        TypeDefKind::Union(union) => union_enum(api, def, doc, deprecated, union),
        TypeDefKind::Alias(target) => {
            let allow = allow_deprecated(api, [target]);
            let target = rust_type(api, target, Scope::Types);
            quote! {
                #doc
                #deprecated
                #allow
                pub type #name = #target;
            }
        }
    }
}

fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let name = &field.name;
    let mut text = field.doc.clone().unwrap_or_default();
    if let Some(constant) = &field.constant {
        let note = format!("Always `{}`.", constant.as_str().map_or_else(|| constant.to_string(), str::to_owned));
        text = if text.is_empty() || text.contains(&note) { note } else { format!("{text}\n\n{note}") };
    }
    let doc = doc(Some(&text));
    let rename = (name.bare() != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    // Also for response types, which serialize with the `serialize` feature: absent stays absent.
    let skip = (!field.required).then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let mut ty = rust_type(api, &field.ty, Scope::Types);
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
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[EnumVariant],
) -> TokenStream {
    let name = &def.name;
    let variant_names: Vec<&Ident> = variants.iter().map(|variant| &variant.name).collect();
    let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    let derives = derives(def.usage, quote!(Eq, Hash,));
    let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #derives
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

        #allow
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #allow
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
    api: &Api,
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    union: &Union,
) -> TokenStream {
    let name = &def.name;
    let variant_names: Vec<&Ident> = union.variants.iter().map(|variant| &variant.name).collect();
    let variant_types = union.variants.iter().map(|variant| {
        let ty = rust_type(api, &variant.ty, Scope::Types);
        if variant.boxed {
            quote!(Box<#ty>)
        } else {
            ty
        }
    });
    let Some(discriminator) = &union.discriminator else {
        let derives = derives(def.usage, TokenStream::new());
        let allow = allow_deprecated(api, union.variants.iter().map(|variant| &variant.ty));
        return quote! {
            #doc
            #deprecated
            #allow
            #derives
            #[serde(untagged)]
            pub enum #name {
                #(#variant_names(#variant_types),)*
            }
        };
    };
    let property = &discriminator.property;
    let unknown_doc = format!(" A `{property}` this version of the SDK does not know, as received.");
    let deserialize = def.usage.response.then(|| {
        let arms = discriminator.mapping.iter().map(|(value, index)| {
            let variant = variant_names[*index];
            quote!(Some(#value) => serde_json::from_value(value).map(Self::#variant).map_err(<D::Error as serde::de::Error>::custom))
        });
        let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    match value.get(#property).and_then(serde_json::Value::as_str) {
                        #(#arms,)*
                        _ => Ok(Self::Unknown(value)),
                    }
                }
            }
        }
    });
    let serialize = if def.usage.request {
        quote!(#[derive(Debug, Clone, PartialEq, Serialize)] #[serde(untagged)])
    } else if optional_serialize(def.usage) {
        quote! {
            #[derive(Debug, Clone, PartialEq)]
            #[cfg_attr(feature = "serialize", derive(Serialize), serde(untagged))]
        }
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let allow = allow_deprecated(api, union.variants.iter().map(|variant| &variant.ty));
    quote! {
        #doc
        #deprecated
        #allow
        #serialize
        pub enum #name {
            #(#variant_names(#variant_types),)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        #deserialize
    }
}

/// An integer enum, serialized as its number, that keeps numbers this SDK does not know.
fn integer_enum(
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[IntegerVariant],
) -> TokenStream {
    let name = &def.name;
    let variant_names: Vec<&Ident> = variants.iter().map(|variant| &variant.name).collect();
    let values: Vec<_> = variants.iter().map(|variant| proc_macro2::Literal::i64_unsuffixed(variant.value)).collect();
    let variant_docs = variants.iter().map(|variant| format!(" `{}`", variant.value));
    let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
    let only_with_feature = optional_serialize(def.usage).then(|| quote!(#[cfg(feature = "serialize")]));
    let serialize = (def.usage.request || only_with_feature.is_some()).then(|| {
        quote! {
            #only_with_feature
            #allow
            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = def.usage.response.then(|| {
        quote! {
            #allow
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    i64::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_names,)*
            /// A value this version of the SDK does not know.
            Unknown(i64),
        }

        #allow
        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #allow
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variant_names,)*
                    other => Self::Unknown(other),
                }
            }
        }

        #allow
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        #serialize
        #deserialize
    }
}

/// How the runtime reads a page type's items and what it says about the next page.
fn pageable_impl(api: &Api, page_type: TypeId, pagination: &Pagination) -> TokenStream {
    let page = &api.ty(page_type).name;
    let item = rust_type(api, &pagination.item_type, Scope::Types);
    let items = &pagination.items.name;
    let (items_ref, into_items) = if pagination.items.optional {
        (quote!(self.#items.as_deref().unwrap_or_default()), quote!(self.#items.unwrap_or_default()))
    } else {
        (quote!(&self.#items), quote!(self.#items))
    };
    let page_info = match &pagination.scheme {
        PaginationScheme::Cursor { next_cursor, .. } => {
            let next_cursor = optional_clone(next_cursor);
            quote!(runtime::PageInfo::Cursor { next_cursor: #next_cursor })
        }
        PaginationScheme::CursorId { has_more, last_id, .. } => {
            let has_more_name = &has_more.name;
            let has_more = if has_more.optional {
                quote!(self.#has_more_name.unwrap_or(false))
            } else {
                quote!(self.#has_more_name)
            };
            let last_id = optional_clone(last_id);
            quote!(runtime::PageInfo::CursorId { has_more: #has_more, last_id: #last_id })
        }
        PaginationScheme::Offset { total, .. } => {
            let total_name = &total.name;
            let total = match (total.optional, &total.ty) {
                (true, TypeRef::I64) => quote!(self.#total_name),
                (true, _) => quote!(self.#total_name.map(i64::from)),
                (false, TypeRef::I64) => quote!(Some(self.#total_name)),
                (false, _) => quote!(Some(i64::from(self.#total_name))),
            };
            quote!(runtime::PageInfo::Offset { received: runtime::Pageable::items(self).len(), total: #total })
        }
    };
    let allow = allow_deprecated(api, [&TypeRef::Named(page_type), &pagination.item_type]);
    quote! {
        #allow
        impl runtime::Pageable for #page {
            type Item = #item;

            fn items(&self) -> &[#item] {
                #items_ref
            }

            fn into_items(self) -> Vec<#item> {
                #into_items
            }

            fn page_info(&self) -> runtime::PageInfo {
                #page_info
            }
        }
    }
}

/// `self.<field>` as an `Option<String>`.
fn optional_clone(field: &PageField) -> TokenStream {
    let name = &field.name;
    if field.optional {
        quote!(self.#name.clone())
    } else {
        quote!(Some(self.#name.clone()))
    }
}
