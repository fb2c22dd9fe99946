//! What the definitions of named types share, whichever way they are written: derives, docs.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::doc;
use crate::ir::{Field, TypeDef, TypeUsage};

/// The derives of a type: serde's as its uses need them. A type only responses carry serializes
/// with the `serialize` feature, for applications that store what they received; a type only
/// requests send deserializes with the `deserialize` feature, for applications that read requests
/// from files or flags (the generated command-line tool).
pub(super) fn derives(usage: TypeUsage, extra: TokenStream) -> TokenStream {
    let serialize = usage.request.then(|| quote!(serde::Serialize,));
    let deserialize = usage.response.then(|| quote!(serde::Deserialize,));
    let optional_serialize =
        optional_serialize(usage).then(|| quote!(#[cfg_attr(feature = "serialize", derive(serde::Serialize))]));
    let optional_deserialize =
        optional_deserialize(usage).then(|| quote!(#[cfg_attr(feature = "deserialize", derive(serde::Deserialize))]));
    quote! {
        #[derive(Debug, Clone, #extra PartialEq, #serialize #deserialize)]
        #optional_serialize
        #optional_deserialize
    }
}

/// Whether `Serialize` comes with the `serialize` feature only.
pub(super) fn optional_serialize(usage: TypeUsage) -> bool {
    !usage.request && usage.response
}

/// Whether `Deserialize` comes with the `deserialize` feature only.
pub(super) fn optional_deserialize(usage: TypeUsage) -> bool {
    usage.request && !usage.response
}

/// The doc of a named type: the spec's, or one saying what it is.
pub(super) fn type_doc(def: &TypeDef) -> TokenStream {
    doc(Some(&type_doc_text(def)))
}

pub(super) fn type_doc_text(def: &TypeDef) -> Cow<'_, str> {
    match &def.doc {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(format!("The `{}` schema of the API.", def.name)),
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
