#![warn(missing_docs)]

//! `sdkgen` turns an OpenAPI 3.0 or 3.1 spec and a small SDK config into a typed async Rust SDK.
//!
//! Data flows one way, one module per stage:
//! [`load`] (spec files → `openapiv3` document) → [`lower`] (document + [`config`] → [`ir`]) →
//! `emit` (IR → Rust tokens → formatted files) and `render` (IR → Markdown), both private;
//! [`output`] assembles the files of a crate ([`GeneratedFile`]s); [`diff`] compares two IRs for the
//! API-change report. Emitters read only the IR.

pub mod config;
pub mod custom;
pub mod diagnostics;
pub mod diff;
mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod output;
mod render;
pub mod synthetic;
mod worker;

pub use diagnostics::{Diagnostic, Error, Severity};
pub use emit::{operation_test_keys, GeneratedFile};
