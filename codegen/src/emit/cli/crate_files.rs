//! The files of a tool crate: one module and one binary per provider, and the library root that
//! declares them beside the handwritten support.

use super::super::companion::{Companion, CompanionOptions};
use super::super::file::GeneratedFile;
use crate::diagnostics::Error;
use crate::ir::Api;

/// The Rust files of the tool crate (paths relative to its folder), the support module aside.
pub fn cli_files(apis: &[Api], options: &CompanionOptions) -> Result<Vec<GeneratedFile>, Error> {
    let companion = Companion {
        what: "Command-line tools",
        binary: |api| &api.cli.binary,
        purpose: |api| format!("the {} from a shell", api.api_name()),
        module: super::commands::provider_module,
    };
    companion.files(apis, options)
}
