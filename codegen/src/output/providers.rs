//! The specs generation reads: the workspace's provider folders, or a spec named on the command
//! line, each loaded with its config's edits and lowered to the IR in one way.

use std::path::{Path, PathBuf};

use super::files::relative;
use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::Api;
use crate::load::{self, LoadedSpec};
use crate::lower;

/// A provider folder under `specs/`.
#[derive(Debug, Clone)]
pub struct ProviderSources {
    /// `specs/<provider>/openapi.yaml` (or `.json`).
    pub spec: PathBuf,
    /// `specs/<provider>/sdk.yaml`.
    pub config: PathBuf,
}

/// The provider folders under `root/specs`, sorted by name.
pub fn workspace_providers(root: &Path) -> Result<Vec<ProviderSources>, Error> {
    let specs = root.join("specs");
    let entries = std::fs::read_dir(&specs)
        .map_err(|error| Error::file(&specs, format!("cannot list the specs folder: {error}")))?;
    let mut providers = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| Error::file(&specs, format!("cannot list the specs folder: {error}")))?;
        let dir = entry.path();
        if !dir.is_dir() {
            continue;
        }
        let spec = ["openapi.yaml", "openapi.yml", "openapi.json"]
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.exists());
        let Some(spec) = spec else {
            return Err(Error::file(
                &dir,
                "a provider folder needs an openapi.yaml (or .yml/.json) beside its sdk.yaml",
            ));
        };
        let config = dir.join("sdk.yaml");
        if !config.exists() {
            return Err(Error::file(&config, "missing: every provider folder needs an sdk.yaml beside its spec"));
        }
        providers.push(ProviderSources { spec, config });
    }
    providers.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(providers)
}

/// A spec to generate a module from, with its SDK config or, without one, the module's name.
#[derive(Debug, Clone)]
pub struct Provider {
    /// The OpenAPI spec.
    pub spec: PathBuf,
    /// The SDK config; without one the generator infers it.
    pub config: Option<PathBuf>,
    /// The module's name when there is no config to give it.
    pub name: String,
    /// Overlay documents applied after the config's own (`generate --overlay`).
    pub overlays: Vec<PathBuf>,
}

/// A spec and its SDK config, the spec loaded with the config's edits (overlays, overrides). A
/// config without resources takes those a spec without a config would have.
fn load_configured(spec: &Path, config: &Path, overlays: &[PathBuf]) -> Result<(LoadedSpec, SdkConfig), Error> {
    let mut config = SdkConfig::load(config)?;
    let mut edits = config.spec_edits();
    edits.overlays.extend_from_slice(overlays);
    let spec = load::load_edited_spec(spec, &edits)?;
    if config.resources.is_empty() {
        config.resources = lower::infer_resources(&spec);
    }
    Ok((spec, config))
}

/// Loads and lowers one provider's spec (with its config's edits, or the config inferred from it),
/// adding its warnings to `warnings`.
pub fn lower_provider(provider: &Provider, warnings: &mut Vec<Diagnostic>) -> Result<Api, Error> {
    Ok(lower_configured(provider, None, warnings)?.0)
}

/// [`lower_provider`], with the config it was lowered with (read, or inferred from the spec).
/// Generated files name their sources relative to `shown_from` when it is given.
pub(super) fn lower_configured(
    provider: &Provider,
    shown_from: Option<&Path>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Api, SdkConfig), Error> {
    let (spec, mut config) = match &provider.config {
        Some(path) => load_configured(&provider.spec, path, &provider.overlays)?,
        None => {
            let edits = load::SpecEdits { overlays: provider.overlays.clone(), ..Default::default() };
            let spec = load::load_edited_spec(&provider.spec, &edits)?;
            let (config, inferred) = lower::infer_config(&spec, &provider.name)?;
            warnings.extend(inferred);
            (spec, config)
        }
    };
    config.name = config.name.replace('-', "_");
    let shown = |path: &PathBuf| match shown_from {
        Some(root) => relative(root, path),
        None => path.display().to_string(),
    };
    let configured = provider.config.iter().chain(&provider.overlays);
    let sources = std::iter::once(&provider.spec).chain(configured).map(shown).collect();
    let (api, lowering_warnings) = lower::lower(&spec, &config, sources)?;
    warnings.extend(lowering_warnings);
    Ok((api, config))
}
