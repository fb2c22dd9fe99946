//! `src/lib.rs` of a generated crate: the runtime, the provider modules, re-exported crates.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::file::{format_tokens, header, EmitOptions, GeneratedFile};
use crate::diagnostics::Error;
use crate::ir::{Api, RuntimeSource};

/// How a crate's providers are laid out in it.
pub(crate) enum LibLayout {
    /// One module per provider, each behind a cargo feature of its name.
    Features,
    /// One provider, re-exported at the crate root.
    Single,
}

pub(crate) fn lib_rs(apis: &[Api], options: &EmitOptions, layout: LibLayout) -> Result<GeneratedFile, Error> {
    let titles: Vec<&str> = apis.iter().map(|api| api.title.as_str()).collect();
    let doc_lines = [
        format!(" Typed async SDKs for the {} APIs, generated from their OpenAPI specs.", titles.join(", ")),
        String::new(),
        " Each provider is a module with a `Client`; [`runtime`] is the handwritten code they share.".to_owned(),
    ];
    let modules: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let module = &api.module;
            let feature = api.module.bare();
            match layout {
                // The generated modules are formatted by `prettyplease`, not `rustfmt`.
                LibLayout::Features => quote! {
                    #[cfg(feature = #feature)]
                    #[rustfmt::skip]
                    pub mod #module;
                },
                LibLayout::Single => quote! {
                    #[rustfmt::skip]
                    mod #module;
                    pub use self::#module::*;
                },
            }
        })
        .collect();
    // A single provider's module re-exports `Error` through its glob already.
    let error = matches!(layout, LibLayout::Features).then(|| {
        quote!(
            pub use runtime::Error;
        )
    });
    // The crates whose types appear in the SDK's signatures, so that users need not pin their versions.
    // In the order `rustfmt` sorts them, as `lib.rs` is formatted by it.
    let runtime_crate = (options.runtime == RuntimeSource::Crate).then(|| {
        quote!(
            pub use sdkgen_runtime as runtime;
        )
    });
    let reexports = quote! {
        pub use bytes;
        pub use chrono;
        pub use futures_util;
        pub use reqwest;
        #runtime_crate
        pub use serde_json;
        pub use uuid;
    };
    let runtime_module = (options.runtime == RuntimeSource::Inline).then(|| {
        quote! {
            #[allow(dead_code, reason = "the runtime serves every spec; each SDK uses part of it")]
            pub mod runtime;
        }
    });
    let custom = options.custom_module.then(|| {
        quote! {
            /// The maintainers' own code (`src/custom/`), which generation leaves alone.
            pub mod custom;
        }
    });
    let tokens = quote! {
        #(#![doc = #doc_lines])*
        #![warn(missing_docs, unreachable_pub)]
        // Proving that a page type is `Send + Sync` walks every type it holds; the response types of
        // big APIs (Stripe's) nest deeper than the default limit of 128.
        #![recursion_limit = "256"]
        #reexports
        #runtime_module
        #(#modules)*
        #custom
        #error
    };
    let header = header(&[], options);
    let contents = format_tokens(&header, tokens).map_err(|message| Error::file(Path::new("src/lib.rs"), message))?;
    Ok(GeneratedFile { path: "src/lib.rs".to_owned(), contents })
}
