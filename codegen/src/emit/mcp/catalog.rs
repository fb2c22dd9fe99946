//! The table of a provider's tools, as the server lists them: names, descriptions, annotations,
//! input schemas, and the definitions those schemas refer to.

use std::collections::BTreeSet;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::schema::{definition, tool_schema};
use crate::ir::{Api, HttpMethod, McpTool, Method, Resource, TypeId};

/// The longest description a tool gets: an agent reads every tool's at once.
const MAX_DESCRIPTION: usize = 1024;

/// `main`, `TOOLS` and `DEFINITIONS`.
pub(super) fn catalog(api: &Api) -> TokenStream {
    let mut every_definition = BTreeSet::new();
    let tools: Vec<TokenStream> = api
        .mcp
        .tools
        .iter()
        .map(|tool| {
            let (tokens, definitions) = tool_spec(api, tool);
            every_definition.extend(definitions);
            tokens
        })
        .collect();
    let definitions = every_definition.into_iter().map(|id| {
        let name = api.ty(id).name.bare();
        let schema = json_literal(&definition(api, id, &mut BTreeSet::new()));
        quote!((#name, #schema),)
    });
    let (binary, title) = (&api.mcp.binary, &api.title);
    let instructions = instructions(api);
    quote! {
        /// Serves the API's tools over MCP, as the process's arguments say.
        pub fn main() -> std::process::ExitCode {
            support::main(support::Api {
                binary: #binary,
                title: #title,
                version: env!("CARGO_PKG_VERSION"),
                instructions: #instructions,
                tools: TOOLS,
                definitions: DEFINITIONS,
                connect: Client::from_env,
            })
        }

        /// Every tool, in the API's order.
        const TOOLS: &[support::ToolSpec<Client>] = &[#(#tools)*];

        /// The schemas the tools' input schemas refer to (`#/$defs/NAME`), by name.
        const DEFINITIONS: &[(&str, &str)] = &[#(#definitions)*];
    }
}

/// What the server tells an agent about the API as a whole.
fn instructions(api: &Api) -> String {
    let mut text = format!("Tools that call the {}.", api.api_name());
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&truncated(description));
    }
    text
}

/// One `ToolSpec`, and the named types its schema needs.
fn tool_spec(api: &Api, tool: &McpTool) -> (TokenStream, BTreeSet<TypeId>) {
    let resource = api.resource(tool.resource);
    let method = resource.method(tool.method);
    let schema = tool_schema(api, method, tool);
    let (name, title, description) = (&tool.name, title(method), description(method));
    let function = &tool.function;
    let resource_path = dotted_path(api, resource);
    let tags = &method.tags;
    let access = match method.http_method {
        HttpMethod::Get | HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace => quote!(ReadOnly),
        HttpMethod::Delete => quote!(Destructive),
        HttpMethod::Put => quote!(Idempotent),
        HttpMethod::Post | HttpMethod::Patch => quote!(Write),
    };
    let input = json_literal(&schema.schema);
    let definitions = schema.definitions.iter().map(|id| api.ty(*id).name.bare());
    let tokens = quote! {
        support::ToolSpec {
            name: #name,
            title: #title,
            description: #description,
            resource: #resource_path,
            tags: &[#(#tags),*],
            access: support::Access::#access,
            input_schema: #input,
            definitions: &[#(#definitions),*],
            call: |client, arguments| Box::pin(#function(client, arguments)),
        },
    };
    (tokens, schema.definitions)
}

/// `files.versions` for the resource reached by `client.files().versions()`, as filters name it.
fn dotted_path(api: &Api, resource: &Resource) -> String {
    match resource.parent {
        Some(parent) => format!("{}.{}", dotted_path(api, api.resource(parent)), resource.accessor.bare()),
        None => resource.accessor.bare().to_owned(),
    }
}

/// The spec's summary, else the method and path.
fn title(method: &Method) -> String {
    match &method.summary {
        Some(summary) => summary.clone(),
        None => format!("{} {}", method.http_method.as_str(), method.path),
    }
}

/// The spec's summary and description, then the operation it calls.
fn description(method: &Method) -> String {
    let mut parts: Vec<String> = method.summary.iter().chain(&method.description).map(|text| truncated(text)).collect();
    parts.dedup();
    if method.deprecated {
        parts.push("Deprecated by the API.".to_owned());
    }
    parts.push(format!("Calls `{} {}`.", method.http_method.as_str(), method.path));
    parts.join("\n\n")
}

/// `text`, cut at a character boundary when it is longer than an agent should read per tool.
fn truncated(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_DESCRIPTION) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A JSON value as a raw string literal, which keeps it readable in the generated code.
fn json_literal(value: &serde_json::Value) -> TokenStream {
    let text = value.to_string();
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    // A raw string always lexes; the escaped form is the fallback should that ever change.
    let literal = Literal::from_str(&format!("r{hashes}\"{text}\"{hashes}")).unwrap_or_else(|_| Literal::string(&text));
    quote!(#literal)
}
