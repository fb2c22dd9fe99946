//! What every generated MCP server shares, written by hand: reading a call's arguments
//! (`arguments`), making its reply (`reply`), the offered tools (`catalog`, `dynamic`), the MCP
//! handler (`server`) and the process: options, transports and exit (`serve`).

mod arguments;
mod catalog;
mod dynamic;
mod reply;
mod serve;
mod server;

pub use arguments::{upload, Arguments};
pub use catalog::{Access, Catalog, Filter, ToolSpec};
pub use reply::{download, events, json, Failure, Reply};
pub use serve::{main, Api, Call};
pub use server::{Server, Settings};
