//! What a generated module tells the server about its API: its names, how to connect, and each
//! tool with the function that calls it.

use std::future::Future;
use std::pin::Pin;

use super::arguments::Arguments;
use super::reply::{Failure, Reply};
use crate::sdk::runtime::Error;

/// A tool call under way.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<Reply, Failure>> + Send + 'a>>;

/// One tool of the generated table: what MCP lists of it, and the function that calls it.
pub struct ToolSpec<C: 'static> {
    /// The tool's name (`files_list`).
    pub name: &'static str,
    /// A short title: the operation's summary.
    pub title: &'static str,
    /// What the tool does, from the spec, and the operation it calls.
    pub description: &'static str,
    /// The resource its method belongs to, as the SDK reaches it (`files.versions`).
    pub resource: &'static str,
    /// The operation's tags in the spec.
    pub tags: &'static [&'static str],
    /// What calling it does to the API's data.
    pub access: Access,
    /// The JSON Schema of its arguments, which refers to `definitions` as `#/$defs/NAME`.
    pub input_schema: &'static str,
    /// The names of the definitions its schema needs.
    pub definitions: &'static [&'static str],
    /// Calls it: a function of its own per tool, so that no one function's stack frame holds
    /// every tool's future (a thousand of them overflow a thread's stack in a debug build).
    pub call: for<'a> fn(&'a C, Arguments) -> Call<'a>,
}

/// What calling a tool does to the API's data, from its HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only (`GET`).
    ReadOnly,
    /// Creates or changes (`POST`, `PATCH`).
    Write,
    /// Sets a resource to what is sent, the same however often it is repeated (`PUT`).
    Idempotent,
    /// Deletes (`DELETE`).
    Destructive,
}

/// One API as the generated module describes it.
pub struct Api<C: 'static> {
    /// The binary (`spitch-mcp`), which the server also calls itself.
    pub binary: &'static str,
    /// The API's title.
    pub title: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// What the server tells an agent about the API.
    pub instructions: &'static str,
    /// Every tool.
    pub tools: &'static [ToolSpec<C>],
    /// The schemas the tools' input schemas refer to.
    pub definitions: &'static [(&'static str, &'static str)],
    /// The client, configured from the environment.
    pub connect: fn() -> Result<C, Error>,
}
