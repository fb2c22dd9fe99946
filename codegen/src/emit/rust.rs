//! Shared pieces of emission: identifiers, doc attributes and Rust types for IR types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeDefKind, TypeRef};

/// An identifier from an IR name; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, which `prettyplease` prints as `///` comments.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else { return TokenStream::new() };
    let lines =
        text.lines().map(|line| if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) });
    quote! { #(#[doc = #lines])* }
}

/// Inner `#![doc]` attributes for a module.
pub fn module_doc(text: &str) -> TokenStream {
    let lines =
        text.lines().map(|line| if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) });
    quote! { #(#![doc = #lines])* }
}

/// Where a type is named from: inside the `types` module or beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Sibling,
}

pub fn rust_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Upload => quote!(runtime::UploadFile),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Array(items) => {
            let items = rust_type(items, scope);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = rust_type(values, scope);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
    }
}

/// Whether `ty` mentions a type of the `types` module.
pub fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

/// How a value of type `ty`, bound to `value`, becomes the text of a query parameter, header or
/// multipart field. `None` for objects and arrays, which are sent as JSON.
pub fn to_text(api: &Api, ty: &TypeRef, value: &TokenStream) -> Option<TokenStream> {
    Some(match ty {
        TypeRef::String => quote!(#value),
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool | TypeRef::Date | TypeRef::Uuid => {
            quote!(#value.to_string())
        }
        TypeRef::Named(name) => match api.types.iter().find(|def| &def.name == name).map(|def| &def.kind) {
            Some(TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_)) => quote!(#value.to_string()),
            Some(TypeDefKind::Alias(inner)) => return to_text(api, inner, value),
            _ => return None,
        },
        TypeRef::Upload | TypeRef::Json | TypeRef::Array(_) | TypeRef::Map(_) => return None,
    })
}
