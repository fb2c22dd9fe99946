//! The generated MCP server's names: a tool per method, an argument per input. Tools and
//! arguments are JSON names an agent reads, not Rust identifiers, so they keep the spec's words:
//! `files_list`, and `file_id` as the API's docs spell it.

use super::ident::Ident;
use super::ids::{MethodId, PathParamId, ResourceId};

/// How the MCP server of one API names its tools.
#[derive(Debug, Clone, PartialEq)]
pub struct Mcp {
    /// The binary (`spitch-mcp`).
    pub binary: String,
    /// One tool per method, resource by resource in the API's order.
    pub tools: Vec<McpTool>,
}

/// One method as an MCP tool.
#[derive(Debug, Clone, PartialEq)]
pub struct McpTool {
    /// The tool's name (`files_get_usage`): at most 64 characters of `[a-z0-9_]`, unique in the API.
    pub name: String,
    /// The generated function that calls it.
    pub function: Ident,
    /// The resource the method belongs to.
    pub resource: ResourceId,
    /// The method, among the resource's.
    pub method: MethodId,
    /// Its arguments: the path parameters, then one per setter, then the server's own.
    pub arguments: Vec<McpArgument>,
}

/// One property of a tool's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct McpArgument {
    /// The property's name, unique among the tool's arguments.
    pub name: String,
    /// What it sets.
    pub source: McpSource,
}

/// What a tool's argument sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum McpSource {
    /// A path parameter.
    PathParam(PathParamId),
    /// The value of the setter at this index of [`Method::setters`](super::Method::setters).
    Setter(usize),
    /// Whether to collect the response's events, for a method that streams them.
    Stream,
    /// The local file a binary response is saved to.
    SaveTo,
}
