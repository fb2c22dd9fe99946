//! Rendering of Markdown (never Rust) from the IR with `minijinja`.

mod docs;
mod manifests;
mod template;

pub use docs::{api_diff, provider_api, provider_readme, DocsContext};
pub use manifests::{
    cargo_toml, companion_cargo_toml, type_crate_manifests, CompanionCrate, CompanionKind, RuntimeDependency,
};
