//! Shared pieces of emission: identifiers, doc attributes and Rust types for IR types.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens, TokenStreamExt};

use crate::ir::{Api, Ident, TypeDefKind, TypeRef};

/// Lowering made every [`Ident`] valid, so it becomes a token as it is.
impl ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let ident = if self.is_raw() {
            proc_macro2::Ident::new_raw(self.bare(), Span::call_site())
        } else {
            proc_macro2::Ident::new(self.as_str(), Span::call_site())
        };
        tokens.append(ident);
    }
}

/// `#[doc]` attributes, one per line, which `prettyplease` prints as `///` comments.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else { return TokenStream::new() };
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner `#![doc]` attributes for a module.
pub fn module_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

/// Each line with the leading space `///` comments have; blank lines stay blank.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) })
        .collect()
}

/// Where a type is named from: inside the `types` module or beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Sibling,
}

/// The Rust type of `ty` as tokens, for code in `scope`.
pub fn rust_type(api: &Api, ty: &TypeRef, scope: Scope) -> TokenStream {
    // The text is valid Rust (names are valid identifiers, paths are fixed): a stream left empty
    // would be a typo in `primitive_path`, which compiling the fixtures shows.
    type_path(api, ty, scope).parse().unwrap_or_default()
}

/// The Rust type of `ty` as code in `scope` names it, written as the printer writes it: the one
/// rule for type names, which tokens ([`rust_type`]) and formatted text (`object!` properties) read.
pub(super) fn type_path(api: &Api, ty: &TypeRef, scope: Scope) -> String {
    match ty {
        TypeRef::Array(items) => format!("Vec<{}>", type_path(api, items, scope)),
        TypeRef::Map(values) => format!("std::collections::BTreeMap<String, {}>", type_path(api, values, scope)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_path(api, inner, scope)),
        TypeRef::Named(id) => match scope {
            Scope::Types => api.ty(*id).name.as_str().to_owned(),
            Scope::Sibling => format!("types::{}", api.ty(*id).name.as_str()),
        },
        primitive => primitive_path(primitive, scope).unwrap_or_default().to_owned(),
    }
}

/// The path of a type that is not built from others (not an array, map or named type).
pub(super) fn primitive_path(ty: &TypeRef, scope: Scope) -> Option<&'static str> {
    Some(match ty {
        TypeRef::String => "String",
        TypeRef::I32 => "i32",
        TypeRef::I64 => "i64",
        TypeRef::F32 => "f32",
        TypeRef::F64 => "f64",
        TypeRef::Bool => "bool",
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>",
        TypeRef::Date => "chrono::NaiveDate",
        TypeRef::Uuid => "uuid::Uuid",
        TypeRef::Upload => match scope {
            Scope::Types => "crate::runtime::UploadFile",
            Scope::Sibling => "runtime::UploadFile",
        },
        TypeRef::Json => "serde_json::Value",
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Named(_) => return None,
    })
}

/// `#[allow(deprecated)]` for an item that names a deprecated type itself (a field's, a setter's or a
/// return type): the spec deprecates the type, not the items that still carry it.
pub fn allow_deprecated<'a>(api: &Api, types: impl IntoIterator<Item = &'a TypeRef>) -> Option<TokenStream> {
    names_deprecated(api, types).then(|| quote!(#[allow(deprecated)]))
}

/// Whether any of `types` names a deprecated type.
pub fn names_deprecated<'a>(api: &Api, types: impl IntoIterator<Item = &'a TypeRef>) -> bool {
    types.into_iter().any(|ty| ty.mentioned().is_some_and(|id| api.ty(id).deprecated))
}

/// Whether `ty` mentions a type of the `types` module.
pub fn mentions_named(ty: &TypeRef) -> bool {
    ty.mentioned().is_some()
}

/// How a value of type `ty`, bound to `value`, becomes the text of a query parameter, header or
/// path segment, when it is one piece of plain text. `None` for any other value, which the runtime
/// writes by the parameter's style.
pub fn to_text(api: &Api, ty: &TypeRef, value: &TokenStream) -> Option<TokenStream> {
    Some(match ty {
        TypeRef::String => quote!(#value),
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        TypeRef::I32 | TypeRef::I64 | TypeRef::Bool | TypeRef::Date | TypeRef::Uuid => quote!(#value.to_string()),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => quote!(#value.to_string()),
            TypeDefKind::Alias(inner) => return to_text(api, inner, value),
            _ => return None,
        },
        // Floats need the runtime's rules (whole numbers as integers, no NaN), like every value
        // that is not one piece of text.
        TypeRef::F32
        | TypeRef::F64
        | TypeRef::Upload
        | TypeRef::Json
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => return None,
    })
}

/// `ty`, following aliases to what they name.
pub fn resolved<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    api.types.resolve(ty)
}
