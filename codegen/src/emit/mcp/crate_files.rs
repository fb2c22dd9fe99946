//! The files of an MCP server crate: per provider, the module of its tools and a binary that
//! serves them; the library root declares them beside the handwritten support.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::companion::{Companion, CompanionOptions, Imports};
use super::super::file::GeneratedFile;
use super::super::rust::module_doc;
use crate::diagnostics::Error;
use crate::ir::Api;

/// The Rust files of the MCP server crate (paths relative to its folder), the support module aside.
pub fn mcp_files(apis: &[Api], options: &CompanionOptions) -> Result<Vec<GeneratedFile>, Error> {
    let companion = Companion {
        what: "MCP servers",
        binary: |api| &api.mcp.binary,
        purpose: |api| format!("the {} as MCP tools", api.api_name()),
        module: provider_module,
    };
    companion.files(apis, options)
}

fn provider_module(api: &Api, sdk: &TokenStream, root: &TokenStream) -> TokenStream {
    let mut imports = Imports::default();
    let functions: Vec<TokenStream> =
        api.mcp.tools.iter().map(|tool| super::calls::tool_function(api, tool, &mut imports)).collect();
    let imports = imports.tokens(sdk, root);
    let catalog = super::catalog::catalog(api);
    let doc = module_doc(&format!("The `{}` server: the {} as MCP tools.", api.mcp.binary, api.api_name()));
    quote! {
        #doc

        use crate::support::{self, Arguments, Failure, Reply};
        #imports

        #catalog
        #(#functions)*
    }
}
