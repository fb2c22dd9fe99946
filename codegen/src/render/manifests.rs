//! The `Cargo.toml` of generated crates: the SDK crate's, its companions', its types' crates'.

use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

use super::template::render;
use crate::diagnostics::Error;
use crate::ir::Api;

const CARGO_TEMPLATE: &str = include_str!("../../templates/Cargo.toml.j2");
const CLI_CARGO_TEMPLATE: &str = include_str!("../../templates/cli-Cargo.toml.j2");
const MCP_CARGO_TEMPLATE: &str = include_str!("../../templates/mcp-Cargo.toml.j2");

/// The `Cargo.toml` of an SDK crate: one feature per provider when there are several, else, with
/// `gate_by_resource`, one per resource.
pub fn cargo_toml(
    apis: &[Api],
    crate_name: &str,
    command: &str,
    workspace: bool,
    gate_by_resource: bool,
    package: &crate::ir::Package,
    runtime: Option<&RuntimeDependency>,
) -> Result<String, Error> {
    let providers: Vec<String> = apis.iter().map(|api| api.module.bare().to_owned()).collect();
    let titles = apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", ");
    let resources = match apis {
        [api] if gate_by_resource => resource_features(api),
        _ => Vec::new(),
    };
    let resources = Value::from(Serde(resources));
    // A crate of provider modules gates each behind a feature of its name, even when it has one.
    let provider_features = !gate_by_resource;
    let package = Value::from(Serde(package));
    let runtime = Value::from(Serde(runtime));
    let context =
        context! { command, crate_name, providers, titles, workspace, resources, provider_features, package, runtime };
    render("Cargo.toml.j2", CARGO_TEMPLATE, context)
}

/// The dependency line of a crate that uses the runtime crate.
#[derive(Debug, Clone, Serialize)]
pub struct RuntimeDependency {
    /// The runtime crate's version.
    pub version: &'static str,
    /// The runtime's folder, relative to the crate's: cargo builds from it, and `cargo publish`
    /// drops it for the version.
    pub path: Option<String>,
}

/// A crate beside an SDK crate: a command-line tool or an MCP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanionKind {
    /// The command-line tool (`cli/`).
    Cli,
    /// The MCP server (`mcp/`).
    Mcp,
}

/// Where a companion crate stands: its name and version, the SDK crate it calls, and whether it is
/// a member of the generator's workspace.
pub struct CompanionCrate<'a> {
    /// The crate's name (`files-cli`).
    pub crate_name: &'a str,
    /// Its version.
    pub version: &'a str,
    /// The SDK crate it calls.
    pub sdk_crate: &'a str,
    /// The SDK crate's folder, relative to the companion crate's.
    pub sdk_path: &'a str,
    /// The command that generates it, for the header.
    pub command: &'a str,
    /// A member of the generator's workspace, which gets its tests' dependencies.
    pub workspace: bool,
}

/// The `Cargo.toml` of a companion crate, with one binary per API.
pub fn companion_cargo_toml(apis: &[Api], kind: CompanionKind, krate: &CompanionCrate) -> Result<String, Error> {
    let binaries: Vec<String> = apis
        .iter()
        .map(|api| match kind {
            CompanionKind::Cli => api.cli.binary.clone(),
            CompanionKind::Mcp => api.mcp.binary.clone(),
        })
        .collect();
    let titles = apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", ");
    let CompanionCrate { crate_name, version, sdk_crate, sdk_path, command, workspace } = *krate;
    let context = context! { command, crate_name, sdk_crate, sdk_path, workspace, version, binaries, titles };
    match kind {
        CompanionKind::Cli => render("cli-Cargo.toml.j2", CLI_CARGO_TEMPLATE, context),
        CompanionKind::Mcp => render("mcp-Cargo.toml.j2", MCP_CARGO_TEMPLATE, context),
    }
}

/// A crate of one provider's features, each with what it compiles.
#[derive(Serialize)]
pub(super) struct FeatureView {
    name: String,
    doc: String,
}

pub(super) fn resource_features(api: &Api) -> Vec<FeatureView> {
    let mut views: Vec<FeatureView> = Vec::new();
    for resource in api.top_resources() {
        let summary = resource.doc.as_deref().and_then(|doc| doc.lines().next()).unwrap_or("").trim();
        let doc = match summary {
            "" => format!("`client.{}`", api.code_path(resource)),
            summary => format!("`client.{}`: {summary}", api.code_path(resource)),
        };
        // Grouped resources (see `Api::resource_features`) share a feature, and its row lists them.
        let name = api.resource_feature(resource);
        match views.iter_mut().find(|view| view.name == name) {
            Some(view) => view.doc = format!("{}<br>{doc}", view.doc),
            None => views.push(FeatureView { name: name.to_owned(), doc }),
        }
    }
    if api.resource_features().contains(&crate::ir::UNUSED_SCHEMAS_FEATURE) {
        let doc = "The spec's schemas that no method uses (webhook payloads, for instance), in `types`.".to_owned();
        views.push(FeatureView { name: crate::ir::UNUSED_SCHEMAS_FEATURE.to_owned(), doc });
    }
    views
}
