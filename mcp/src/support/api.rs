//! What a generated module tells the server about its API: names, tools, and how to connect and
//! call.

use std::future::Future;
use std::pin::Pin;

use super::arguments::Arguments;
use super::catalog::ToolSpec;
use super::reply::{Failure, Reply};
use crate::sdk::runtime::Error;

/// A tool call under way.
pub type Call<'a> = Pin<Box<dyn Future<Output = Result<Reply, Failure>> + Send + 'a>>;

/// One API as the generated module describes it.
pub struct Api<C> {
    /// The binary (`spitch-mcp`), which the server also calls itself.
    pub binary: &'static str,
    /// The API's title.
    pub title: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// What the server tells an agent about the API.
    pub instructions: &'static str,
    /// Every tool.
    pub tools: &'static [ToolSpec],
    /// The schemas the tools' input schemas refer to.
    pub definitions: &'static [(&'static str, &'static str)],
    /// The client, configured from the environment.
    pub connect: fn() -> Result<C, Error>,
    /// Calls a tool by name.
    pub call: for<'a> fn(&'a C, &str, Arguments) -> Call<'a>,
}
