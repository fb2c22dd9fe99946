//! What every generated MCP server shares, written by hand: what a generated module says of its
//! API (`api`), reading a call's arguments (`arguments`), making its reply (`reply`), the offered
//! tools (`catalog`, `dynamic`), the MCP handler (`server`) and the process: options, transports
//! and exit (`serve`).

mod api;
mod arguments;
mod catalog;
mod dynamic;
mod reply;
mod serve;
mod server;

pub use api::{Access, Api, Call, ToolSpec};
pub use arguments::{upload, Arguments};
pub use reply::{download, events, json, Failure, Reply};
pub use serve::main;
