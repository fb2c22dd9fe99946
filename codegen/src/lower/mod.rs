//! Lowering: a loaded spec plus its SDK config → the IR.
//!
//! Every identifier of the IR is made here, each in the namespace of the scope it lives in (see
//! `names::Namespace`): the provider's modules, the types module, each struct's fields, each
//! resource's methods and module, each builder's setters, each method's and helper's parameters.

mod api;
mod bodies;
mod cli;
mod config;
mod docs;
mod examples;
mod fields;
mod helpers;
mod mcp;
mod merge;
mod names;
mod operations;
mod pagination;
mod recursion;
mod security;
mod site;
mod type_split;
mod types;
mod usage;
mod webhooks;

pub use api::{lower, package, PAGES_BY_ITSELF};
pub use config::{infer_config, infer_resources};
pub use examples::BREAKS_ITS_SCHEMA;
pub use security::UNSENDABLE;
pub use type_split::split as split_types;
