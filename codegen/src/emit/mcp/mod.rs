//! The MCP server beside an SDK: per provider, a module with the table of its tools (`catalog.rs`:
//! names, descriptions, annotations and input schemas from `schema.rs`) and one function per tool
//! that calls the SDK (`calls.rs`), and a binary that serves them. The server's handwritten
//! support (`mcp/src/support/`) is copied beside them.

mod calls;
mod catalog;
mod crate_files;
mod schema;

pub use crate_files::mcp_files;
