//! What the crates beside an SDK (the command-line tool, the MCP server) share: one module and
//! one binary per provider, a library root that declares them beside the crate's handwritten
//! support, and the `use` items that bring in the SDK.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::file::{rust_file, EmitOptions, GeneratedFile, Part};
use super::rust::module_doc;
use crate::diagnostics::Error;
use crate::ir::{Api, Resource, TypeRef};

/// What a companion crate's files need to know about the SDK crate they call.
#[derive(Debug, Clone)]
pub struct CompanionOptions {
    /// The SDK's emit options: its crate name and layout, the command for headers.
    pub sdk: EmitOptions,
    /// The companion crate's name (`files-cli`, `files-mcp`).
    pub crate_name: String,
}

/// How one kind of companion crate is made of each API.
pub(super) struct Companion<'a> {
    /// What the crate's binaries are, for the library's docs (`Command-line tools`).
    pub what: &'a str,
    /// The binary of an API (`spitch`, `spitch-mcp`).
    pub binary: fn(&Api) -> &str,
    /// What the binary does, for its docs (`the Spitch API from a shell`).
    pub purpose: fn(&Api) -> String,
    /// The provider's module, given the paths of the provider's SDK module and the SDK crate
    /// (both from `::`).
    pub module: fn(&Api, &TokenStream, &TokenStream) -> TokenStream,
}

impl Companion<'_> {
    /// The Rust files of the crate (paths relative to its folder), the support module aside.
    pub(super) fn files(&self, apis: &[Api], options: &CompanionOptions) -> Result<Vec<GeneratedFile>, Error> {
        let mut files = Vec::with_capacity(apis.len() * 2 + 1);
        for api in apis {
            // From the extern prelude: a companion crate's module may have the SDK crate's name.
            let sdk: TokenStream = format!("::{}", options.sdk.module_path(api)).parse().unwrap_or_default();
            let root: TokenStream = format!("::{}", options.sdk.crate_name).parse().unwrap_or_default();
            let module = (self.module)(api, &sdk, &root);
            let path = format!("src/{}.rs", api.module.bare());
            files.push(rust_file(&api.sources, &options.sdk, path, vec![Part::Tokens(module)])?);
            let (crate_ident, module_ident) = (format_ident!("{}", options.crate_name.replace('-', "_")), &api.module);
            let doc = format!("The `{}` command: {}.", (self.binary)(api), (self.purpose)(api));
            let main = quote! {
                #![doc = #doc]

                fn main() -> std::process::ExitCode {
                    #crate_ident::#module_ident::main()
                }
            };
            let path = format!("src/bin/{}.rs", (self.binary)(api));
            files.push(rust_file(&api.sources, &options.sdk, path, vec![Part::Tokens(main)])?);
        }
        files.push(self.lib_rs(apis, options)?);
        Ok(files)
    }

    fn lib_rs(&self, apis: &[Api], options: &CompanionOptions) -> Result<GeneratedFile, Error> {
        let sdk = format_ident!("{}", options.sdk.crate_name);
        let titles = apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", ");
        let doc = module_doc(&format!(
            "{} for the {titles} API: one binary per API, each calling `{}`.",
            self.what, options.sdk.crate_name
        ));
        let modules = apis.iter().map(|api| {
            let module = &api.module;
            let doc = format!(" The `{}` command.", (self.binary)(api));
            // Printed by the generator, not by rustfmt, as the SDK's modules are.
            quote!(#[doc = #doc] #[rustfmt::skip] pub mod #module;)
        });
        let tokens = quote! {
            #doc

            use ::#sdk as sdk;

            pub mod support;
            #(#modules)*
        };
        let sources: Vec<String> = apis.iter().flat_map(|api| api.sources.clone()).collect();
        rust_file(&sources, &options.sdk, "src/lib.rs".to_owned(), vec![Part::Tokens(tokens)])
    }
}

/// The SDK modules a module of a companion crate (the command-line tool, the MCP server) names,
/// imported only when used.
#[derive(Debug, Default)]
pub(super) struct Imports {
    types: bool,
    chrono: bool,
    uuid: bool,
}

impl Imports {
    pub(super) fn note(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Named(_) => self.types = true,
            TypeRef::DateTime | TypeRef::Date => self.chrono = true,
            TypeRef::Uuid => self.uuid = true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => self.note(inner),
            _ => {}
        }
    }

    /// The `use` items of the module.
    /// `sdk` is the path of the provider's module, `root` the SDK crate's (both from `::`).
    pub(super) fn tokens(&self, sdk: &TokenStream, root: &TokenStream) -> TokenStream {
        let types = match self.types {
            true => quote!(use #sdk::{types, Client};),
            false => quote!(use #sdk::Client;),
        };
        // `chrono` and `uuid` are re-exported at the SDK crate's root.
        let chrono = self.chrono.then(|| quote!(use #root::chrono;));
        let uuid = self.uuid.then(|| quote!(use #root::uuid;));
        quote!(#types #chrono #uuid)
    }
}

/// The accessors from the client to `resource` (`files()`, `versions()`).
pub(super) fn resource_path(api: &Api, resource: &Resource) -> Vec<TokenStream> {
    let mut path = Vec::new();
    let mut current = Some(resource);
    while let Some(resource) = current {
        let accessor = &resource.accessor;
        path.push(quote!(#accessor()));
        current = resource.parent.map(|parent| api.resource(parent));
    }
    path.reverse();
    path
}
