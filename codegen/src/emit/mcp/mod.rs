//! The MCP server beside an SDK: per provider, a module with the table of its tools (`catalog.rs`:
//! names, descriptions, annotations and input schemas from `schema.rs`) and one function per tool
//! that calls the SDK (`calls.rs`), and a binary that serves them. The server's handwritten
//! support (`mcp/src/support/`) is copied beside them.

mod calls;
mod catalog;
mod schema;

use proc_macro2::TokenStream;
use quote::quote;

use super::companion::{Companion, CompanionOptions, Imports};
use super::file::GeneratedFile;
use super::rust::module_doc;
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
        api.mcp.tools.iter().map(|tool| calls::tool_function(api, tool, &mut imports)).collect();
    let imports = imports.tokens(sdk, root);
    let catalog = catalog::catalog(api);
    let dispatch = calls::dispatch(api);
    let doc = module_doc(&format!("The `{}` server: the {} as MCP tools.", api.mcp.binary, api.api_name()));
    quote! {
        #doc

        use crate::support::{self, Arguments, Failure, Reply};
        #imports

        #catalog
        #dispatch
        #(#functions)*
    }
}
