//! The structs responses carry, as invocations of the runtime's `object!` macro: each property in
//! its group (required, constant, nullable, optional) with its wire names. The macro writes the
//! struct, its constructor and its serde impls; see `runtime/objects.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{allow_deprecated, doc, rust_type, Scope};
use super::types::type_doc;
use crate::ir::{Api, Field, Struct, TypeDef, TypeRef};

/// The doc of the field that keeps what a response carries beyond its declared properties, as the
/// runtime's `object!` macro writes it.
pub(crate) const UNKNOWN_FIELDS_DOC: &str =
    "Properties the server sent that the API's spec does not declare, by name, as JSON.";

/// Where a property goes in the macro's grammar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Required,
    Constant,
    Nullable,
    Optional,
}

const GROUPS: [(Group, &str); 4] = [
    (Group::Required, "required"),
    (Group::Constant, "constant"),
    (Group::Nullable, "nullable"),
    (Group::Optional, "optional"),
];

pub(super) fn object_def(api: &Api, def: &TypeDef, object: &Struct, cfg: &TokenStream) -> TokenStream {
    let name = &def.name;
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let allow = allow_deprecated(api, object.fields.iter().map(|field| &field.ty));
    let serialize = def.usage.request.then(|| quote!(: Serialize));
    let groups = GROUPS.iter().filter_map(|(group, keyword)| {
        let properties: Vec<TokenStream> =
            object.fields.iter().filter(|field| group_of(field) == *group).map(|field| property(api, field)).collect();
        let keyword = proc_macro2::Ident::new(keyword, proc_macro2::Span::call_site());
        (!properties.is_empty()).then(|| quote!(#keyword { #(#properties)* }))
    });
    let extra = &object.extra;
    quote! {
        #cfg
        crate::runtime::objects::object! {
            #doc
            #deprecated
            #allow
            pub struct #name #serialize {
                #(#groups)*
                unknown: #extra,
            }
        }
    }
}

fn group_of(field: &Field) -> Group {
    match (field.required, field.nullable, constant_literal(field)) {
        (false, _, _) => Group::Optional,
        (true, true, _) => Group::Nullable,
        (true, false, Some(_)) => Group::Constant,
        (true, false, None) => Group::Required,
    }
}

/// `field: Type = "wire" | "alias" => constant,` with the field's docs.
fn property(api: &Api, field: &Field) -> TokenStream {
    let name = &field.name;
    let doc = doc(Some(&field_doc(field)));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let mut ty = rust_type(api, &field.ty, Scope::Types);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let wire = &field.wire_name;
    let aliases = &field.aliases;
    let constant = match group_of(field) {
        Group::Constant => constant_literal(field).map(|value| quote!(=> #value)),
        _ => None,
    };
    quote! {
        #doc
        #deprecated
        #name: #ty = #wire #(| #aliases)* #constant,
    }
}

/// A field's docs: the spec's, or what it is, and its one value when it has only one.
pub(super) fn field_doc(field: &Field) -> String {
    let text = field.doc.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    match &field.constant {
        Some(constant) => {
            let note = format!("Always `{}`.", constant.as_str().map_or_else(|| constant.to_string(), str::to_owned));
            if text.contains(&note) {
                text
            } else {
                format!("{text}\n\n{note}")
            }
        }
        None => text,
    }
}

/// A constant as a literal of the field's own type (`"file"`, `true`, `5i64`), if it is one.
fn constant_literal(field: &Field) -> Option<TokenStream> {
    match field.constant.as_ref()? {
        serde_json::Value::String(text) => Some(quote!(#text)),
        serde_json::Value::Bool(value) => Some(quote!(#value)),
        serde_json::Value::Number(number) => {
            let literal = match (number.as_i64(), &field.ty) {
                (Some(value), TypeRef::I64) => Literal::i64_suffixed(value),
                (Some(value), TypeRef::I32) => Literal::i32_suffixed(i32::try_from(value).ok()?),
                (_, TypeRef::F64) => Literal::f64_suffixed(number.as_f64()?),
                _ => return None,
            };
            Some(quote!(#literal))
        }
        _ => None,
    }
}
