//! A test per example of a method's JSON success response (those that fit their schema, as
//! lowering checked): the example reads as the response type exactly, with nothing `Unknown`, no
//! property kept aside as undeclared that the schema declares, and written back it is the example
//! (`runtime::check_example`). They need no server, and run where the `serialize` feature is on.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::calls::test_stem;
use crate::emit::rust::primitive_path;
use crate::emit::rust::Scope;
use crate::ir::{Api, Method, Response, TypeRef};

/// The tests of `method`'s response examples.
pub(super) fn response_example_tests(
    api: &Api,
    method: &Method,
    krate: &TokenStream,
    module: &TokenStream,
) -> Vec<TokenStream> {
    let Response::Json(ty) = &method.response else { return Vec::new() };
    if method.response_examples.is_empty() {
        return Vec::new();
    }
    let rust_type = outside_type(api, ty, krate, module);
    let several = method.response_examples.len() > 1;
    let allow = crate::emit::rust::allow_deprecated(api, [ty]);
    method
        .response_examples
        .iter()
        .enumerate()
        .map(|(index, example)| {
            let test = match several {
                true => format_ident!("{}_response_example_{}", test_stem(method), index + 1),
                false => format_ident!("{}_response_example", test_stem(method)),
            };
            let doc = format!(" The example at `{}`.", example.pointer);
            let text = raw_string(&example.value.to_string());
            let undeclared = &example.undeclared;
            quote! {
                #[doc = #doc]
                #[cfg(feature = "serialize")]
                #[test]
                #allow
                fn #test() {
                    let example = #text;
                    if let Err(mismatch) = #krate::runtime::check_example::<#rust_type>(example, &[#(#undeclared),*]) {
                        panic!("{mismatch}");
                    }
                }
            }
        })
        .collect()
}

/// The Rust type of `ty` as a test outside the crate names it.
fn outside_type(api: &Api, ty: &TypeRef, krate: &TokenStream, module: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Array(items) => {
            let items = outside_type(api, items, krate, module);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = outside_type(api, values, krate, module);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Nullable(inner) => {
            let inner = outside_type(api, inner, krate, module);
            quote!(Option<#inner>)
        }
        TypeRef::Named(id) => {
            let name = &api.ty(*id).name;
            quote!(#module::types::#name)
        }
        TypeRef::DateTime => quote!(#krate::chrono::DateTime<#krate::chrono::Utc>),
        TypeRef::Date => quote!(#krate::chrono::NaiveDate),
        TypeRef::Uuid => quote!(#krate::uuid::Uuid),
        TypeRef::Json => quote!(#krate::serde_json::Value),
        primitive => primitive_path(primitive, Scope::Types).unwrap_or_default().parse().unwrap_or_default(),
    }
}

/// `text` as a raw string literal (`r#"…"#`): JSON reads better without its quotes escaped.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text).into_token_stream())
}
