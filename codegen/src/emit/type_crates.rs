//! The crates a split API's types go to (see `lower::split_types`): each one's `src/lib.rs`, in a
//! folder of the SDK crate's named for it. The SDK crate's `types` module re-exports them, so that
//! its users name the types as they would otherwise.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::file::{rust_file, EmitOptions, GeneratedFile, Part};
use super::rust::module_doc;
use super::source::cfg_any;
use super::types::type_items;
use crate::diagnostics::Error;
use crate::ir::{Api, TypeCrate};

/// A crate of a split API's types, by its names.
pub struct TypeCrateName {
    /// Which of the crates it is.
    pub krate: TypeCrate,
    /// Its package name, which is also its folder's in the SDK crate's (`github-rest-types-1`).
    pub package: String,
    /// The name Rust code gives it (`github_rest_types_1`).
    pub rust: String,
}

impl TypeCrateName {
    /// Its folder, relative to the SDK crate's.
    pub fn folder(&self) -> String {
        self.krate.suffix()
    }

    pub(super) fn ident(&self) -> Ident {
        format_ident!("{}", self.rust)
    }
}

/// The crates `api`'s types are split over, the shared one first, for the SDK crate Rust code
/// names `sdk_crate`; none when they are not split.
pub fn type_crate_names(api: &Api, sdk_crate: &str) -> Vec<TypeCrateName> {
    if api.type_split.is_none() {
        return Vec::new();
    }
    let sdk = sdk_crate.replace('_', "-");
    TypeCrate::ALL
        .into_iter()
        .map(|krate| {
            let package = format!("{sdk}-{}", krate.suffix());
            TypeCrateName { krate, rust: package.replace('-', "_"), package }
        })
        .collect()
}

/// The `src/lib.rs` of `name`, a crate of `api`'s types, which are split.
pub(super) fn type_crate_lib(api: &Api, options: &EmitOptions, name: &TypeCrateName) -> Result<GeneratedFile, Error> {
    let doc = module_doc(&format!(
        "{} of the {}.\n\nThey are a crate of their own so that cargo checks them beside the \
         others; `{}::types` re-exports them: name them from there.",
        match name.krate {
            TypeCrate::Shared => "The request and response types shared by the resources".to_owned(),
            TypeCrate::Group(group) => format!("The request and response types of resource group {group}"),
        },
        api.api_name(),
        options.crate_name,
    ));
    // A group's crate names the shared crate's types as its own.
    let cfg = compiled_with(api, name.krate);
    let names = type_crate_names(api, &options.crate_name);
    let shared = names.iter().find(|other| other.krate == TypeCrate::Shared).filter(|_| uses_shared(api, name.krate));
    let shared = shared.map(|shared| {
        let shared = shared.ident();
        quote!(#cfg use #shared::*;)
    });
    let head = quote! {
        #doc
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #![warn(missing_docs, unreachable_pub)]
        #![recursion_limit = "256"]
        #cfg
        use sdkgen_runtime as runtime;
        #shared
    };
    let mut parts = vec![Part::Tokens(head)];
    parts.extend(type_items(api, options.gate_by_resource(), Some(name.krate)));
    rust_file(&api.sources, options, format!("{}/src/lib.rs", name.folder()), parts)
}

/// Whether a type of `krate`, a group's crate, mentions one of the shared crate's.
fn uses_shared(api: &Api, krate: TypeCrate) -> bool {
    let Some(split) = &api.type_split else { return false };
    let mut mentioned = api.types_in(Some(krate)).into_iter().flat_map(|(_, def)| def.kind.mentioned());
    krate != TypeCrate::Shared && mentioned.any(|id| split.crate_of(id) == Some(TypeCrate::Shared))
}

/// `#[cfg]` for what a crate of types needs only when one of its types is compiled: the features
/// that compile them, when no type of it is compiled whatever the features.
pub(super) fn compiled_with(api: &Api, krate: TypeCrate) -> TokenStream {
    match api.type_crate_features(krate) {
        (features, true) if !features.is_empty() => cfg_any(&features),
        _ => TokenStream::new(),
    }
}
