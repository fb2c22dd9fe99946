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
const TYPES_CARGO_TEMPLATE: &str = include_str!("../../templates/types-Cargo.toml.j2");

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
    // The crates of a split API's types, on the runtime crate only.
    let type_crates = match (apis, runtime) {
        ([api], Some(_)) => type_crate_views(api, &crate_name.replace('-', "_")),
        _ => Vec::new(),
    };
    let resources = match apis {
        [api] if gate_by_resource => resource_features(api),
        _ => Vec::new(),
    };
    let resources: Vec<FeatureView> = resources.into_iter().map(|feature| feature.forwarded_to(&type_crates)).collect();
    let resources = Value::from(Serde(resources));
    let type_crates = Value::from(Serde(type_crates));
    // A crate of provider modules gates each behind a feature of its name, even when it has one.
    let provider_features = !gate_by_resource;
    let package = Value::from(Serde(package));
    let runtime = Value::from(Serde(runtime));
    let context = context! {
        command, crate_name, providers, titles, workspace, resources, provider_features, package, runtime, type_crates
    };
    render("Cargo.toml.j2", CARGO_TEMPLATE, context)
}

/// The `Cargo.toml` of each crate of `api`'s types, when they are split (see
/// `emit::type_crate_libs`), by its folder in the SDK crate `sdk_crate`'s. `runtime` is the SDK
/// crate's dependency on the runtime.
pub fn type_crate_manifests(
    api: &Api,
    sdk_crate: &str,
    command: &str,
    runtime: &RuntimeDependency,
) -> Result<Vec<(String, String)>, Error> {
    let crates = type_crate_views(api, &sdk_crate.replace('-', "_"));
    // One folder deeper than the SDK crate.
    let runtime = RuntimeDependency { path: runtime.path.as_ref().map(|path| format!("../{path}")), ..runtime.clone() };
    let (runtime, package) = (Value::from(Serde(&runtime)), Value::from(Serde(&api.package)));
    let Some((shared, groups)) = crates.split_first() else { return Ok(Vec::new()) };
    let manifest = |krate: &TypeCrateView, shared: Option<&TypeCrateView>| {
        let (krate_value, shared) = (Value::from(Serde(krate)), Value::from(Serde(shared)));
        let (runtime, package) = (runtime.clone(), package.clone());
        let context = context! { command, sdk_crate, crate => krate_value, shared, package, runtime };
        Ok((krate.folder.clone(), render("types-Cargo.toml.j2", TYPES_CARGO_TEMPLATE, context)?))
    };
    let groups = groups.iter().map(|group| manifest(group, Some(shared)));
    std::iter::once(manifest(shared, None)).chain(groups).collect()
}

/// A crate of a split API's types, as manifests name it: its package, its folder in the SDK
/// crate's, and the features that compile its types, in the order of the SDK crate's.
#[derive(Serialize)]
struct TypeCrateView {
    package: String,
    folder: String,
    features: Vec<String>,
}

fn type_crate_views(api: &Api, sdk_crate: &str) -> Vec<TypeCrateView> {
    crate::emit::type_crate_names(api, sdk_crate)
        .into_iter()
        .map(|name| {
            let features = api.type_crate_features(name.krate).0.into_iter().map(str::to_owned).collect();
            TypeCrateView { folder: name.folder(), package: name.package, features }
        })
        .collect()
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
    /// The same feature of the crates of the API's types that have it.
    forwards: Vec<String>,
}

impl FeatureView {
    fn forwarded_to(mut self, crates: &[TypeCrateView]) -> Self {
        let having = crates.iter().filter(|krate| krate.features.contains(&self.name));
        self.forwards = having.map(|krate| format!("{}/{}", krate.package, self.name)).collect();
        self
    }
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
            None => views.push(FeatureView { name: name.to_owned(), doc, forwards: Vec::new() }),
        }
    }
    if api.resource_features().contains(&crate::ir::UNUSED_SCHEMAS_FEATURE) {
        let doc = "The spec's schemas that no method uses (webhook payloads, for instance), in `types`.".to_owned();
        views.push(FeatureView { name: crate::ir::UNUSED_SCHEMAS_FEATURE.to_owned(), doc, forwards: Vec::new() });
    }
    views
}
