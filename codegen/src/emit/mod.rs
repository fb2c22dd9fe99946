//! Emission: IR → Rust tokens (`quote`) → formatted source (`prettyplease`).
//!
//! Each provider becomes a module: `mod.rs`, `client.rs` (client, builder, environments), `types.rs`
//! (models) and one file per resource (methods and their request builders).

mod cli;
mod client;
mod companion;
mod definitions;
mod enums;
mod examples;
mod file;
mod helpers;
mod lib_rs;
mod mcp;
mod mock;
mod objects;
mod operation_tests;
mod print;
mod provider;
mod resource;
mod rust;
mod setters;
mod source;
mod type_crates;
mod types;
mod union_reads;
mod values;
mod webhooks;

pub use cli::cli_files;
pub use companion::CompanionOptions;
pub(crate) use examples::method_example;
pub(crate) use file::invalid_rust;
pub use file::{EmitOptions, GeneratedFile};
pub(crate) use lib_rs::{lib_rs, LibLayout};
pub use mcp::mcp_files;
pub(crate) use objects::UNKNOWN_FIELDS_DOC;
pub use operation_tests::{operation_test_keys, operation_tests, stream_example};
pub use provider::emit_api;
pub(crate) use type_crates::type_crate_names;
