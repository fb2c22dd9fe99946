//! The `types` module: one Rust type per named IR type, with only the serde impls its uses need
//! (`Serialize` for what requests send, `Deserialize` for what responses carry), and the pagination
//! impls of page types. Enums and unions are in [`super::enums`].
//!
//! What responses carry can grow without breaking users: those structs are `#[non_exhaustive]`, with
//! a constructor taking the required fields (optional ones can be set after), and every enum and
//! union is `#[non_exhaustive]` with an opaque value for what the SDK does not know.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::enums;
use super::rust::{allow_deprecated, doc, module_doc, rust_type, Scope};
use crate::ir::{
    Api, Field, PageField, Pagination, PaginationScheme, Struct, TypeDef, TypeDefKind, TypeId, TypeRef, TypeUsage,
};

pub fn types_module(api: &Api) -> TokenStream {
    let module_doc = module_doc(&format!("Request and response types of the {} API.", api.title));
    let pages = page_types(api);
    let imports = imports(api);
    let defs = api.types_by_name().into_iter().map(|def| type_def(api, def));
    let pageable = pages.into_iter().map(|(id, pagination)| pageable_impl(api, id, pagination));
    quote! {
        #module_doc
        #imports
        #(#defs)*
        #(#pageable)*
    }
}

fn imports(api: &Api) -> TokenStream {
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
    // Enums hold the runtime's unknown value; page types implement its paging trait.
    let runtime = api
        .types
        .iter()
        .any(|def| matches!(def.kind, TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) | TypeDefKind::Union(_)))
        || !page_types(api).is_empty();
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
pub(super) fn derives(usage: TypeUsage, extra: TokenStream) -> TokenStream {
    let serialize = usage.request.then(|| quote!(Serialize,));
    let deserialize = usage.response.then(|| quote!(Deserialize,));
    let optional = optional_serialize(usage).then(|| quote!(#[cfg_attr(feature = "serialize", derive(Serialize))]));
    quote! {
        #[derive(Debug, Clone, #extra PartialEq, #serialize #deserialize)]
        #optional
    }
}

/// Whether `Serialize` comes with the `serialize` feature only.
pub(super) fn optional_serialize(usage: TypeUsage) -> bool {
    !usage.request && usage.response
}

/// The doc of a named type: the spec's, or one saying what it is.
pub(super) fn type_doc(def: &TypeDef) -> TokenStream {
    match &def.doc {
        Some(text) => doc(Some(text)),
        None => doc(Some(&format!("The `{}` schema of the API.", def.name))),
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = &def.name;
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    match &def.kind {
        TypeDefKind::Struct(object) => struct_def(api, def, object),
        TypeDefKind::Enum(variants) => enums::string_enum(def, doc, deprecated, variants),
        TypeDefKind::IntegerEnum(variants) => enums::integer_enum(def, doc, deprecated, variants),
        TypeDefKind::Union(union) => enums::union_enum(api, def, doc, deprecated, union),
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

/// The doc of the field that keeps what a response carries beyond its declared properties.
pub(crate) const UNKNOWN_FIELDS_DOC: &str =
    "Properties the server sent that the API's spec does not declare, by name, as JSON.";

fn struct_def(api: &Api, def: &TypeDef, object: &Struct) -> TokenStream {
    let (name, fields) = (&def.name, &object.fields[..]);
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    // With every field optional, `..Default::default()` (or `default()` and setting fields) builds one.
    let default = if fields.iter().all(Field::is_optional) { quote!(Default,) } else { TokenStream::new() };
    let derives = derives(def.usage, default);
    let allow = allow_deprecated(api, fields.iter().map(|field| &field.ty));
    let non_exhaustive = def.usage.response.then(|| quote!(#[non_exhaustive]));
    let constructor = def.usage.response.then(|| constructor(api, def, object)).flatten();
    let field_tokens = fields.iter().map(|field| struct_field(api, field));
    // Responses keep what the spec does not declare, so that a newer server loses nothing.
    let extra = def.usage.response.then(|| {
        let (extra, extra_doc) = (&object.extra, super::rust::doc(Some(UNKNOWN_FIELDS_DOC)));
        quote! {
            #extra_doc
            #[serde(flatten)]
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }
    });
    quote! {
        #doc
        #deprecated
        #allow
        #derives
        #non_exhaustive
        pub struct #name {
            #(#field_tokens,)*
            #extra
        }

        #constructor
    }
}

fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let name = &field.name;
    let mut text = field.doc.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    if let Some(constant) = &field.constant {
        let note = format!("Always `{}`.", constant.as_str().map_or_else(|| constant.to_string(), str::to_owned));
        text = if text.contains(&note) { text } else { format!("{text}\n\n{note}") };
    }
    let doc = doc(Some(&text));
    let rename = (name.bare() != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    // Also for response types, which serialize with the `serialize` feature: absent stays absent.
    let skip = (!field.required).then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let ty = field_type(api, field);
    let aliases = &field.aliases;
    quote! {
        #doc
        #rename
        #(#[serde(alias = #aliases)])*
        #skip
        #deprecated
        pub #name: #ty
    }
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    let mut ty = rust_type(api, &field.ty, Scope::Types);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.is_optional() {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// `new` for a `#[non_exhaustive]` struct, which code outside the crate cannot build by its fields:
/// it takes the required fields (constants fill themselves in) and leaves the others `None`, to be
/// set afterwards. A struct whose fields are all optional has `Default` instead.
fn constructor(api: &Api, def: &TypeDef, object: &Struct) -> Option<TokenStream> {
    let fields = &object.fields[..];
    let required: Vec<&Field> =
        fields.iter().filter(|field| !field.is_optional() && field.constant.is_none()).collect();
    if fields.iter().all(Field::is_optional) {
        return None;
    }
    let name = &def.name;
    let params = required.iter().map(|field| {
        let name = &field.name;
        let ty = rust_type(api, &field.ty, Scope::Types);
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|field| {
        let name = &field.name;
        match (&field.constant, field.is_optional()) {
            (_, true) => quote!(#name: None),
            (Some(constant), false) => {
                let value = constant_value(constant);
                quote!(#name: #value)
            }
            (None, false) if field.boxed => quote!(#name: Box::new(#name)),
            (None, false) => quote!(#name),
        }
    });
    let extra = &object.extra;
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let names_deprecated = allow_deprecated(api, required.iter().map(|field| &field.ty)).is_some();
    let allow = (names_deprecated || def.deprecated || fields.iter().any(|field| field.deprecated))
        .then(|| quote!(#[allow(deprecated)]));
    let text = doc(Some(if required.is_empty() {
        "Creates one with every optional field unset; set them on the value it returns."
    } else {
        "Creates one from its required fields; set optional fields on the value it returns."
    }));
    Some(quote! {
        #allow
        impl #name {
            #text
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra: serde_json::Map::new() }
            }
        }
    })
}

/// A constant field's value: string, integer or boolean, as lowering makes them.
fn constant_value(constant: &serde_json::Value) -> TokenStream {
    match constant {
        serde_json::Value::String(text) => quote!(#text.to_owned()),
        serde_json::Value::Bool(value) => quote!(#value),
        serde_json::Value::Number(number) => {
            let literal = match number.as_i64() {
                Some(value) => Literal::i64_unsuffixed(value),
                None => Literal::f64_unsuffixed(number.as_f64().unwrap_or_default()),
            };
            quote!(#literal)
        }
        other => {
            let text = other.to_string();
            quote!(serde_json::from_str(#text).unwrap_or_default())
        }
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
        PaginationScheme::CursorId { has_more, last_id, item_id, .. } => {
            let has_more = match has_more {
                Some(PageField { name, optional: true, .. }) => quote!(self.#name),
                Some(PageField { name, optional: false, .. }) => quote!(Some(self.#name)),
                None => quote!(None),
            };
            let last_id = last_id.as_ref().map(|field| {
                let cursor = optional_clone(field);
                quote!(#cursor.filter(|id| !id.is_empty()))
            });
            // The last item's id stands in for a cursor the server left out.
            let last_item_id = item_id.as_ref().map(|field| {
                let name = &field.name;
                let last = quote!(runtime::Pageable::items(self).last());
                if field.optional {
                    quote!(#last.and_then(|item| item.#name.clone()))
                } else {
                    quote!(#last.map(|item| item.#name.clone()))
                }
            });
            let last_id = match (last_id, last_item_id) {
                (Some(last_id), Some(fallback)) => quote!(#last_id.or_else(|| #fallback)),
                (Some(only), None) | (None, Some(only)) => only,
                (None, None) => quote!(None),
            };
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
