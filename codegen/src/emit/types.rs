//! The `types` module: one Rust type per named IR type, with only the serde impls its uses need
//! (`Serialize` for what requests send, `Deserialize` for what responses carry), and the pagination
//! impls of page types. Enums and unions are in [`super::enums`].
//!
//! What responses carry can grow without breaking users: those structs are `#[non_exhaustive]`, with
//! a constructor taking the required fields (optional ones can be set after), and every enum and
//! union is `#[non_exhaustive]` with an opaque value for what the SDK does not know.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::definitions::{derives, field_doc, type_doc};
use super::enums;
use super::file::Part;
use super::rust::{allow_deprecated, doc, module_doc, rust_type, Scope};
use super::source::{cfg_any, cfg_line};
use crate::ir::{
    Api, Field, PageField, PageType, Pagination, PaginationScheme, Struct, TypeCrate, TypeDef, TypeDefKind, TypeId,
    TypeRef,
};

/// The module's items: every type, or those `only` holds of a split API's crates; with
/// `gate_by_resource`, each type is compiled only with the features of the resources that need it.
/// Items name the runtime and serde by their full paths, as which of them a build compiles depends
/// on its features.
pub(super) fn type_items(api: &Api, gate_by_resource: bool, only: Option<TypeCrate>) -> Vec<Part> {
    let features = |def: &TypeDef| api.type_features(def).filter(|_| gate_by_resource);
    let types = api.types_in(only);
    let mut parts: Vec<Part> = types.iter().map(|(_, def)| type_def(api, def, features(def).as_deref())).collect();
    let held: std::collections::BTreeSet<TypeId> = types.iter().map(|(id, _)| *id).collect();
    let pages = page_types(api).into_iter().filter(|(id, _)| held.contains(id));
    parts.extend(pages.map(|(id, (items, pagination))| {
        let cfg = features(api.ty(id)).map_or_else(TokenStream::new, |features| cfg_any(&features));
        Part::Tokens(pageable_impl(api, id, items, pagination, &cfg))
    }));
    parts
}

/// The `types` module: its items, or, when the API's types are split, what it re-exports of the
/// crates that hold them (`crates`: by their Rust names, each with the `#[cfg]` of its types).
pub(super) fn types_module(
    api: &Api,
    gate_by_resource: bool,
    crates: &[(TokenStream, proc_macro2::Ident)],
) -> Vec<Part> {
    let module_doc = module_doc(&format!("Request and response types of the {}.", api.api_name()));
    if crates.is_empty() {
        let mut parts = vec![Part::Tokens(module_doc)];
        parts.extend(type_items(api, gate_by_resource, None));
        return parts;
    }
    let reexports = crates.iter().map(|(cfg, krate)| quote!(#cfg pub use #krate::*;));
    vec![Part::Tokens(quote! {
        #module_doc
        #(#reexports)*
    })]
}

/// The types list methods page through (by definition: identical page types are one), each with
/// its pagination: the first method's when several page the same type, as they read the same fields.
fn page_types(api: &Api) -> BTreeMap<TypeId, (&PageField, &Pagination)> {
    let mut pages = BTreeMap::new();
    for pagination in api.resources.iter().flat_map(|resource| &resource.methods).filter_map(|m| m.pagination.as_ref())
    {
        if let PageType::Struct { id, items } = &pagination.page {
            pages.entry(api.definition(*id)).or_insert((items, pagination));
        }
    }
    pages
}

/// The type's item; `features`, when given, are those any of which compiles it. What responses
/// carry and enums are runtime macro invocations, written as text; the rest are tokens.
fn type_def(api: &Api, def: &TypeDef, features: Option<&[&str]>) -> Part {
    let cfg_text = features.map(cfg_line);
    let cfg_text = cfg_text.as_deref();
    let cfg = || features.map_or_else(TokenStream::new, cfg_any);
    match &def.kind {
        TypeDefKind::Struct(object) if def.usage.response => {
            Part::Text(super::objects::object_def(api, def, object, cfg_text))
        }
        TypeDefKind::Enum(variants) => Part::Text(enums::string_enum(cfg_text, def, variants)),
        TypeDefKind::IntegerEnum(variants) => Part::Text(enums::integer_enum(cfg_text, def, variants)),
        TypeDefKind::Struct(object) => Part::Tokens(struct_def(api, def, object, &cfg())),
        TypeDefKind::Union(union) => Part::Tokens(enums::union_enum(api, def, &cfg(), union)),
        TypeDefKind::Alias(target) => Part::Tokens(alias_def(api, def, target, &cfg())),
    }
}

fn alias_def(api: &Api, def: &TypeDef, target: &TypeRef, cfg: &TokenStream) -> TokenStream {
    let name = &def.name;
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let allow = allow_deprecated(api, [target]);
    let target = rust_type(api, target, Scope::Types);
    quote! {
        #cfg
        #doc
        #deprecated
        #allow
        pub type #name = #target;
    }
}

/// A struct only requests send: a plain struct users build with a literal, deriving `Serialize`.
/// (What responses carry goes through the runtime's `object!` macro.)
fn struct_def(api: &Api, def: &TypeDef, object: &Struct, cfg: &TokenStream) -> TokenStream {
    let (name, fields) = (&def.name, &object.fields[..]);
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    // With every field optional, `..Default::default()` (or `default()` and setting fields) builds one.
    let default = if fields.iter().all(Field::is_optional) { quote!(Default,) } else { TokenStream::new() };
    let derives = derives(def.usage, default);
    let allow = allow_deprecated(api, fields.iter().map(|field| &field.ty));
    let field_tokens = fields.iter().map(|field| struct_field(api, field));
    quote! {
        #cfg
        #doc
        #deprecated
        #allow
        #derives
        pub struct #name {
            #(#field_tokens,)*
        }
    }
}

/// A field of a struct requests send.
fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let name = &field.name;
    let doc = doc(Some(&field_doc(field)));
    let rename = (name.bare() != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    // What requests send leaves out what was not set.
    let skip = (!field.required).then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let ty = field_type(api, field);
    quote! {
        #doc
        #rename
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

/// How the runtime reads a page type's items (in `items`) and what it says about the next page.
fn pageable_impl(
    api: &Api,
    page_type: TypeId,
    items: &PageField,
    pagination: &Pagination,
    cfg: &TokenStream,
) -> TokenStream {
    let page = &api.ty(page_type).name;
    let item = rust_type(api, &pagination.item_type, Scope::Types);
    let items_name = &items.name;
    let (items_ref, into_items) = if items.optional {
        (quote!(self.#items_name.as_deref().unwrap_or_default()), quote!(self.#items_name.unwrap_or_default()))
    } else {
        (quote!(&self.#items_name), quote!(self.#items_name))
    };
    let received = quote!(crate::runtime::Pageable::items(self).len());
    let page_info = match &pagination.scheme {
        PaginationScheme::Cursor { next_cursor, .. } => {
            let next_cursor = path_clone(next_cursor);
            quote!(crate::runtime::PageInfo::Cursor { next_cursor: #next_cursor })
        }
        PaginationScheme::CursorId { has_more, last_id, item_id, .. } => cursor_id_info(has_more, last_id, item_id),
        PaginationScheme::Offset { total, .. } => {
            let total = optional_integer(total.as_ref());
            quote!(crate::runtime::PageInfo::Offset { received: #received, total: #total })
        }
        PaginationScheme::PageNumber { total, last_page, .. } => {
            let (total, last_page) = (optional_integer(total.as_ref()), optional_integer(last_page.as_ref()));
            quote!(crate::runtime::PageInfo::PageNumber { total: #total, last_page: #last_page })
        }
        // The `Link` header, not the page, names the next page: the page only counts its items.
        PaginationScheme::Link => quote!(crate::runtime::PageInfo::Offset { received: #received, total: None }),
    };
    let allow = allow_deprecated(api, [&TypeRef::Named(page_type), &pagination.item_type]);
    quote! {
        #cfg
        #allow
        impl crate::runtime::pagination::Sealed for #page {}

        #cfg
        #allow
        impl crate::runtime::Pageable for #page {
            type Item = #item;

            fn items(&self) -> &[#item] {
                #items_ref
            }

            fn into_items(self) -> Vec<#item> {
                #into_items
            }

            fn page_info(&self) -> crate::runtime::PageInfo {
                #page_info
            }
        }
    }
}

/// `PageInfo::CursorId`: `last_id`, else the last item's `item_id`, is the next cursor.
fn cursor_id_info(
    has_more: &Option<PageField>,
    last_id: &Option<PageField>,
    item_id: &Option<PageField>,
) -> TokenStream {
    let has_more = match has_more {
        Some(PageField { name, optional: true, .. }) => quote!(self.#name),
        Some(PageField { name, optional: false, .. }) => quote!(Some(self.#name)),
        None => quote!(None),
    };
    let last_id = last_id.as_ref().map(|field| {
        let cursor = path_clone(std::slice::from_ref(field));
        quote!(#cursor.filter(|id| !id.is_empty()))
    });
    // The last item's id stands in for a cursor the server left out.
    let last_item_id = item_id.as_ref().map(|field| {
        let name = &field.name;
        let last = quote!(crate::runtime::Pageable::items(self).last());
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
    quote!(crate::runtime::PageInfo::CursorId { has_more: #has_more, last_id: #last_id })
}

/// The integer `field` of `self` as an `Option<i64>`; `None` without a field.
fn optional_integer(field: Option<&PageField>) -> TokenStream {
    let Some(field) = field else { return quote!(None) };
    let name = &field.name;
    match (field.optional, &field.ty) {
        (true, TypeRef::I64) => quote!(self.#name),
        (true, _) => quote!(self.#name.map(i64::from)),
        (false, TypeRef::I64) => quote!(Some(self.#name)),
        (false, _) => quote!(Some(i64::from(self.#name))),
    }
}

/// The string at the end of `path` (each field in the one before, from `self`) as an
/// `Option<String>`.
fn path_clone(path: &[PageField]) -> TokenStream {
    match path {
        [field] => {
            let name = &field.name;
            if field.optional {
                quote!(self.#name.clone())
            } else {
                quote!(Some(self.#name.clone()))
            }
        }
        [first, rest @ ..] => {
            let name = &first.name;
            let mut value = if first.optional { quote!(self.#name.as_ref()) } else { quote!(Some(&self.#name)) };
            for field in rest {
                let name = &field.name;
                value = if field.optional {
                    quote!(#value.and_then(|value| value.#name.as_ref()))
                } else {
                    quote!(#value.map(|value| &value.#name))
                };
            }
            quote!(#value.cloned())
        }
        [] => quote!(None),
    }
}
