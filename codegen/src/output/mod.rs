//! Assembles the files of an SDK crate: the workspace's `generated/` crate with every provider under
//! `specs/`, or a standalone crate for one spec; compares them with what is on disk; and reports
//! what a spec change does to the API.

mod api_diff;
mod assemble;
mod files;
mod providers;
mod runtime;
mod sync;

pub use api_diff::api_diff;
pub use assemble::{
    multi_provider_output, standalone_output, standalone_output_for, standalone_output_in, workspace_output,
    Companions, StandaloneOptions, WORKSPACE_CRATE, WORKSPACE_CRATE_DIR, WORKSPACE_PACKAGE, WORKSPACE_RUNTIME_DIR,
};
pub use files::Output;
pub use providers::{lower_provider, workspace_providers, Provider, ProviderSources};
pub use runtime::runtime_version;
pub use sync::{apply, changes, Change};
