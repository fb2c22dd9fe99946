//! The MCP server's names, from the resources and methods lowering already named: one tool per
//! method, named by its resource path and its own name (`files_versions_list`), and one argument
//! per input, named as the API's docs name the value.

use std::collections::BTreeSet;

use heck::ToKebabCase;

use super::names::Namespace;
use crate::ir::{
    reserved, Body, Ident, Mcp, McpArgument, McpSource, McpTool, Method, MethodId, PathParamId, Resource, ResourceId,
    Response, SetterTarget, Types,
};

/// The longest tool name MCP clients accept.
const MAX_TOOL_NAME: usize = 64;

/// The names of the MCP server of the API `module`.
pub(super) fn mcp(module: &Ident, resources: &[Resource], arena: &Types) -> Mcp {
    let mut functions = Namespace::new(reserved::MCP_ITEMS);
    let mut tools = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        let path = resource_path(resources, resource);
        for (method_index, method) in resource.methods.iter().enumerate() {
            let mut wanted = format!("{path}_{}", method.name.bare().trim_end_matches('_'));
            // Room for the counter a clash appends.
            wanted.truncate(MAX_TOOL_NAME - 4);
            let function = functions.snake(&wanted);
            tools.push(McpTool {
                name: function.bare().trim_end_matches('_').to_owned(),
                function,
                resource: ResourceId::new(index),
                method: MethodId::new(method_index),
                arguments: arguments(method, arena),
            });
        }
    }
    Mcp { binary: format!("{}-mcp", module.bare().to_kebab_case()), tools }
}

/// `files_versions` for the resource reached by `client.files().versions()`.
fn resource_path(resources: &[Resource], resource: &Resource) -> String {
    let mut parts = Vec::new();
    let mut current = Some(resource);
    while let Some(resource) = current {
        parts.push(resource.accessor.bare().trim_end_matches('_'));
        current = resource.parent.map(|parent| &resources[parent.index()]);
    }
    parts.reverse();
    parts.join("_")
}

fn arguments(method: &Method, arena: &Types) -> Vec<McpArgument> {
    let mut names = Arguments::default();
    let mut arguments: Vec<McpArgument> = method
        .path_params
        .iter()
        .enumerate()
        .map(|(index, param)| names.claim(&param.wire_name, McpSource::PathParam(PathParamId::new(index))))
        .collect();
    let object_body = matches!(method.body, Some(Body::Object { .. }));
    for (index, setter) in method.setters.iter().enumerate() {
        // An object body is given property by property.
        if setter.target == SetterTarget::Body && object_body {
            continue;
        }
        let wire_name = method.setter_view(arena, setter).wire_name;
        arguments.push(names.claim(wire_name, McpSource::Setter(index)));
    }
    if method.events.is_some() {
        arguments.push(names.claim("stream", McpSource::Stream));
    }
    if method.response == Response::Binary {
        arguments.push(names.claim("save_to", McpSource::SaveTo));
    }
    arguments
}

/// A tool's argument names, each distinct.
#[derive(Default)]
struct Arguments {
    taken: BTreeSet<String>,
}

impl Arguments {
    /// `wanted` if it is free, else `wanted_2`, `wanted_3`, …
    fn claim(&mut self, wanted: &str, source: McpSource) -> McpArgument {
        let wanted = if wanted.is_empty() { "value" } else { wanted };
        let mut name = wanted.to_owned();
        let mut counter = 1;
        while !self.taken.insert(name.clone()) {
            counter += 1;
            name = format!("{wanted}_{counter}");
        }
        McpArgument { name, source }
    }
}
