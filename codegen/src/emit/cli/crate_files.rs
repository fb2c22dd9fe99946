//! The files of a tool crate: one module and one binary per provider, and the library root that
//! declares them beside the handwritten support.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::file::{rust_file, EmitOptions, GeneratedFile, Part};
use super::super::rust::module_doc;
use crate::diagnostics::Error;
use crate::ir::Api;

/// What the tool crate's files need to know about the SDK crate they call.
#[derive(Debug, Clone)]
pub struct CliOptions {
    /// The SDK's emit options: its crate name and layout, the command for headers.
    pub sdk: EmitOptions,
    /// The tool crate's name (`files-cli`).
    pub crate_name: String,
}

/// The Rust files of the tool crate (paths relative to its folder), the support module aside.
pub fn cli_files(apis: &[Api], options: &CliOptions) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::with_capacity(apis.len() * 2 + 1);
    for api in apis {
        // From the extern prelude: a tool crate's module may have the SDK crate's name.
        let sdk: TokenStream = format!("::{}", options.sdk.module_path(api)).parse().unwrap_or_default();
        let root: TokenStream = format!("::{}", options.sdk.crate_name).parse().unwrap_or_default();
        let module = super::commands::provider_module(api, &sdk, &root);
        files.push(rust_file(
            &api.sources,
            &options.sdk,
            format!("src/{}.rs", api.module.bare()),
            vec![Part::Tokens(module)],
        )?);
        let (crate_ident, module_ident) = (format_ident!("{}", lib_name(options)), &api.module);
        let doc = format!("The `{}` command: the {} from a shell.", api.cli.binary, api.api_name());
        let main = quote! {
            #![doc = #doc]

            fn main() -> std::process::ExitCode {
                #crate_ident::#module_ident::main()
            }
        };
        files.push(rust_file(
            &api.sources,
            &options.sdk,
            format!("src/bin/{}.rs", api.cli.binary),
            vec![Part::Tokens(main)],
        )?);
    }
    files.push(lib_rs(apis, options)?);
    Ok(files)
}

/// The tool crate's library, as Rust code names it.
fn lib_name(options: &CliOptions) -> String {
    options.crate_name.replace('-', "_")
}

fn lib_rs(apis: &[Api], options: &CliOptions) -> Result<GeneratedFile, Error> {
    let sdk = format_ident!("{}", options.sdk.crate_name);
    let titles = apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", ");
    let doc = module_doc(&format!(
        "Command-line tools for the {titles} API: one binary per API, each command calling `{}`.",
        options.sdk.crate_name
    ));
    let modules = apis.iter().map(|api| {
        let module = &api.module;
        let doc = format!(" The `{}` command.", api.cli.binary);
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
