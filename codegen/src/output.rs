//! Assembles the files of an SDK crate: the workspace's `generated/` crate with every provider under
//! `specs/`, or a standalone crate for one spec.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::SdkConfig;
use crate::diagnostics::{Diagnostic, Error};
use crate::emit::{self, EmitOptions, GeneratedFile};
use crate::ir::Api;
use crate::load::LoadedSpec;
use crate::{custom, load, lower, render};

/// The handwritten runtime, copied into standalone crates as it is.
const RUNTIME_FILES: &[(&str, &str)] = &[
    ("api_request.rs", include_str!("../../generated/src/runtime/api_request.rs")),
    ("attempt.rs", include_str!("../../generated/src/runtime/attempt.rs")),
    ("auth.rs", include_str!("../../generated/src/runtime/auth.rs")),
    ("blocking.rs", include_str!("../../generated/src/runtime/blocking.rs")),
    ("body.rs", include_str!("../../generated/src/runtime/body.rs")),
    ("call.rs", include_str!("../../generated/src/runtime/call.rs")),
    ("config.rs", include_str!("../../generated/src/runtime/config.rs")),
    ("deadline.rs", include_str!("../../generated/src/runtime/deadline.rs")),
    ("download.rs", include_str!("../../generated/src/runtime/download.rs")),
    ("enums.rs", include_str!("../../generated/src/runtime/enums.rs")),
    ("error.rs", include_str!("../../generated/src/runtime/error.rs")),
    ("events.rs", include_str!("../../generated/src/runtime/events.rs")),
    ("file_io.rs", include_str!("../../generated/src/runtime/file_io.rs")),
    ("http.rs", include_str!("../../generated/src/runtime/http.rs")),
    ("intercept.rs", include_str!("../../generated/src/runtime/intercept.rs")),
    ("log.rs", include_str!("../../generated/src/runtime/log.rs")),
    ("mock.rs", include_str!("../../generated/src/runtime/mock.rs")),
    ("mod.rs", include_str!("../../generated/src/runtime/mod.rs")),
    ("multipart.rs", include_str!("../../generated/src/runtime/multipart.rs")),
    ("objects.rs", include_str!("../../generated/src/runtime/objects.rs")),
    ("options.rs", include_str!("../../generated/src/runtime/options.rs")),
    ("pagination.rs", include_str!("../../generated/src/runtime/pagination.rs")),
    ("progress.rs", include_str!("../../generated/src/runtime/progress.rs")),
    ("request.rs", include_str!("../../generated/src/runtime/request.rs")),
    ("response.rs", include_str!("../../generated/src/runtime/response.rs")),
    ("retry.rs", include_str!("../../generated/src/runtime/retry.rs")),
    ("secret.rs", include_str!("../../generated/src/runtime/secret.rs")),
    ("spans.rs", include_str!("../../generated/src/runtime/spans.rs")),
    ("transport.rs", include_str!("../../generated/src/runtime/transport.rs")),
    ("unknown.rs", include_str!("../../generated/src/runtime/unknown.rs")),
    ("upload.rs", include_str!("../../generated/src/runtime/upload.rs")),
    ("validate.rs", include_str!("../../generated/src/runtime/validate.rs")),
    ("wait.rs", include_str!("../../generated/src/runtime/wait.rs")),
    ("webhooks.rs", include_str!("../../generated/src/runtime/webhooks.rs")),
    ("wire.rs", include_str!("../../generated/src/runtime/wire.rs")),
];

/// The name of the workspace's SDK crate.
pub const WORKSPACE_CRATE: &str = "files-sdk";
/// Where the workspace's SDK crate lives, relative to the workspace root.
pub const WORKSPACE_CRATE_DIR: &str = "generated";
const WORKSPACE_COMMAND: &str = "cargo xtask codegen";
/// The workspace crate's package metadata (a `PackageConfig`), relative to the workspace root.
pub const WORKSPACE_PACKAGE: &str = "specs/package.yaml";

/// Generated files (paths relative to the output root) and the warnings met on the way.
#[derive(Debug, Default)]
pub struct Output {
    /// Every file of the crate, the handwritten runtime included.
    pub files: Vec<GeneratedFile>,
    /// What a reader of the spec should know: warnings about what was degraded, and notes about
    /// what the generator decided on its own (paging it inferred).
    pub warnings: Vec<Diagnostic>,
    /// Generated files a maintainer replaced by hand (`replaced_files` in `sdk.yaml`), which
    /// are neither written nor removed.
    pub kept: Vec<String>,
}

impl Output {
    /// Writes every file under `dir`, making the folders they need. Nothing is removed: a crate
    /// folder written again keeps the files the output does not have.
    pub fn write_to(&self, dir: &Path) -> Result<(), Error> {
        for file in &self.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap_or(dir))
                .and_then(|()| std::fs::write(&path, &file.contents))
                .map_err(|error| Error::file(&path, format!("cannot write: {error}")))?;
        }
        Ok(())
    }

    /// Parses every emitted Rust file with `syn`. Token output is parsed when printed; what is
    /// written as text (the runtime macro invocations of big `types` modules) is parsed only here,
    /// which tests, `xtask corpus` and the sweep run and generation does not pay for.
    pub fn check_rust_syntax(&self) -> Result<(), Error> {
        // The runtime is copied, not emitted: the workspace compiles it.
        let emitted = self.files.iter().filter(|file| !file.path.starts_with("src/runtime/"));
        for file in emitted.filter(|file| file.path.ends_with(".rs")) {
            syn::parse_file(&file.contents)
                .map_err(|error| Error::file(Path::new(&file.path), crate::emit::invalid_rust(error)))?;
        }
        Ok(())
    }
}

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

/// Every file of the workspace's SDK crate, with paths relative to the workspace root.
pub fn workspace_output(root: &Path) -> Result<Output, Error> {
    let options = EmitOptions {
        command: WORKSPACE_COMMAND.to_owned(),
        crate_name: WORKSPACE_CRATE.replace('-', "_"),
        single_provider: false,
        custom_module: custom::has_custom_module(&root.join(WORKSPACE_CRATE_DIR)),
    };
    let mut output = Output::default();
    let (mut apis, mut configs) = (Vec::new(), Vec::new());
    for provider in workspace_providers(root)? {
        let (spec, config) = load_configured(&provider.spec, &provider.config, &[])?;
        let sources = [&provider.spec, &provider.config].map(|path| relative(root, path)).to_vec();
        let (api, warnings) = lower::lower(&spec, &config, sources)?;
        output.warnings.extend(warnings);
        apis.push(api);
        configs.push(config);
    }
    let mut modules = std::collections::BTreeSet::new();
    if let Some(duplicate) = apis.iter().find(|api| !modules.insert(api.module.bare())) {
        return Err(Error::file(
            Path::new("specs"),
            format!("two providers are named `{}` in their sdk.yaml", duplicate.module),
        ));
    }
    for (api, config) in apis.iter().zip(&configs) {
        let mut files = crate_files_for(api, &options)?;
        output.kept.extend(custom::take_replaced_files(&mut files, config, &mut output.warnings));
        output.files.extend(files);
    }
    output.files.push(lib_rs(&apis, &options, LibLayout::Features)?);
    output.files.push(emit::operation_tests(&apis, &options)?);
    let package_config = root.join(WORKSPACE_PACKAGE);
    let package = match package_config.exists() {
        true => lower::package(&crate::config::PackageConfig::load(&package_config)?),
        false => lower::package(&Default::default()),
    };
    output.files.push(cargo_toml(&apis, &options, WORKSPACE_CRATE, true, &package)?);
    for path in output.files.iter_mut().map(|file| &mut file.path).chain(&mut output.kept) {
        *path = format!("{WORKSPACE_CRATE_DIR}/{path}");
    }
    Ok(output)
}

/// A standalone SDK crate named `name` for the spec at `spec_path`, configured by `config_path` or,
/// without one, by what can be inferred from the spec. Paths are relative to the crate's folder.
pub fn standalone_output(spec_path: &Path, config_path: Option<&Path>, name: &str) -> Result<Output, Error> {
    let provider = Provider {
        spec: spec_path.to_owned(),
        config: config_path.map(Path::to_owned),
        name: name.to_owned(),
        overlays: Vec::new(),
    };
    standalone_output_for(&provider)
}

/// A standalone SDK crate for `provider`, named for it (see [`standalone_output`]).
pub fn standalone_output_for(provider: &Provider) -> Result<Output, Error> {
    standalone_output_with(provider, false)
}

/// [`standalone_output_for`], for the crate in `crate_dir`: the maintainers' module there is
/// declared, and the files the config says were replaced by hand are left out (see
/// `crate::custom`).
pub fn standalone_output_in(provider: &Provider, crate_dir: &Path) -> Result<Output, Error> {
    standalone_output_with(provider, custom::has_custom_module(crate_dir))
}

fn standalone_output_with(provider: &Provider, custom_module: bool) -> Result<Output, Error> {
    let mut output = Output::default();
    let (api, config) = lower_provider_with_config(provider, &mut output.warnings)?;
    let crate_name = api.package.name.as_deref().unwrap_or(&provider.name).replace('_', "-");
    let options = EmitOptions {
        command: "cargo xtask generate".to_owned(),
        crate_name: crate_name.replace('-', "_"),
        single_provider: true,
        custom_module,
    };
    output.files = crate_files_for(&api, &options)?;
    output.files.push(lib_rs(std::slice::from_ref(&api), &options, LibLayout::Single)?);
    output.files.push(emit::operation_tests(std::slice::from_ref(&api), &options)?);
    output.files.extend(emit::stream_example(std::slice::from_ref(&api), &options)?);
    let mut package = api.package.clone();
    package.readme.get_or_insert_with(|| "README.md".to_owned());
    output.files.push(cargo_toml(std::slice::from_ref(&api), &options, &crate_name, false, &package)?);
    output.files.extend(runtime_files());
    output.kept = custom::take_replaced_files(&mut output.files, &config, &mut output.warnings);
    Ok(output)
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

/// A standalone crate named `crate_name` with one module per provider, each behind a cargo feature
/// of its name, as the workspace's crate is. Paths are relative to the crate's folder.
pub fn multi_provider_output(providers: &[Provider], crate_name: &str, command: &str) -> Result<Output, Error> {
    let options = EmitOptions {
        command: command.to_owned(),
        crate_name: crate_name.replace('-', "_"),
        single_provider: false,
        custom_module: false,
    };
    let mut output = Output::default();
    let apis = providers
        .iter()
        .map(|provider| lower_provider(provider, &mut output.warnings))
        .collect::<Result<Vec<_>, _>>()?;
    for api in &apis {
        output.files.extend(crate_files_for(api, &options)?);
    }
    output.files.push(lib_rs(&apis, &options, LibLayout::Features)?);
    output.files.push(emit::operation_tests(&apis, &options)?);
    output.files.extend(emit::stream_example(&apis, &options)?);
    output.files.push(cargo_toml(&apis, &options, crate_name, false, &lower::package(&Default::default()))?);
    output.files.extend(runtime_files());
    Ok(output)
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
    Ok(lower_provider_with_config(provider, warnings)?.0)
}

/// [`lower_provider`], with the config it was lowered with (read, or inferred from the spec).
fn lower_provider_with_config(provider: &Provider, warnings: &mut Vec<Diagnostic>) -> Result<(Api, SdkConfig), Error> {
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
    let mut sources = vec![provider.spec.display().to_string()];
    sources.extend(provider.config.as_ref().map(|path| path.display().to_string()));
    sources.extend(provider.overlays.iter().map(|path| path.display().to_string()));
    let (api, lowering_warnings) = lower::lower(&spec, &config, sources)?;
    warnings.extend(lowering_warnings);
    Ok((api, config))
}

/// The handwritten runtime, for a crate outside the workspace.
fn runtime_files() -> impl Iterator<Item = GeneratedFile> {
    RUNTIME_FILES
        .iter()
        .map(|(file, contents)| GeneratedFile { path: format!("src/runtime/{file}"), contents: (*contents).to_owned() })
}

fn crate_files_for(api: &Api, options: &EmitOptions) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = emit::emit_api(api, options)?;
    let sources = api.sources.join(" and ");
    let header = format!("<!-- @generated by `{}` from {sources}. Do not edit by hand. -->", options.command);
    let module_path = options.module_path(api);
    let docs = render::DocsContext {
        crate_name: &options.crate_name,
        module_path: &module_path,
        single_provider: options.single_provider,
        header: &header,
        at_crate_root: false,
    };
    files.push(GeneratedFile {
        path: format!("docs/{}/README.md", api.module.bare()),
        contents: render::provider_readme(api, &docs)?,
    });
    files.push(GeneratedFile {
        path: format!("docs/{}/api.md", api.module.bare()),
        contents: render::provider_api(api, &docs)?,
    });
    // A crate of one provider is that provider's SDK: its README is the crate's, where crates.io
    // and a reader of the repository look.
    if options.single_provider {
        let docs = render::DocsContext { at_crate_root: true, ..docs };
        files.push(GeneratedFile { path: "README.md".to_owned(), contents: render::provider_readme(api, &docs)? });
    }
    Ok(files)
}

enum LibLayout {
    /// One module per provider, each behind a cargo feature of its name.
    Features,
    /// One provider, re-exported at the crate root.
    Single,
}

fn lib_rs(apis: &[Api], options: &EmitOptions, layout: LibLayout) -> Result<GeneratedFile, Error> {
    let titles: Vec<&str> = apis.iter().map(|api| api.title.as_str()).collect();
    let doc_lines = [
        format!(" Typed async SDKs for the {} APIs, generated from their OpenAPI specs.", titles.join(", ")),
        String::new(),
        " Each provider is a module with a `Client`; [`runtime`] is the handwritten code they share.".to_owned(),
    ];
    let modules: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let module = &api.module;
            let feature = api.module.bare();
            match layout {
                // The generated modules are formatted by `prettyplease`, not `rustfmt`.
                LibLayout::Features => quote! {
                    #[cfg(feature = #feature)]
                    #[rustfmt::skip]
                    pub mod #module;
                },
                LibLayout::Single => quote! {
                    #[rustfmt::skip]
                    mod #module;
                    pub use self::#module::*;
                },
            }
        })
        .collect();
    // A single provider's module re-exports `Error` through its glob already.
    let error = matches!(layout, LibLayout::Features).then(|| {
        quote!(
            pub use runtime::Error;
        )
    });
    // The crates whose types appear in the SDK's signatures, so that users need not pin their versions.
    let reexports = quote! {
        pub use bytes;
        pub use chrono;
        pub use futures_util;
        pub use reqwest;
        pub use serde_json;
        pub use uuid;
    };
    let custom = options.custom_module.then(|| {
        quote! {
            /// The maintainers' own code (`src/custom/`), which generation leaves alone.
            pub mod custom;
        }
    });
    let tokens = quote! {
        #(#![doc = #doc_lines])*
        #![warn(missing_docs, unreachable_pub)]
        // Proving that a page type is `Send + Sync` walks every type it holds; the response types of
        // big APIs (Stripe's) nest deeper than the default limit of 128.
        #![recursion_limit = "256"]
        #reexports
        #[allow(dead_code, reason = "the runtime serves every spec; each SDK uses part of it")]
        pub mod runtime;
        #(#modules)*
        #custom
        #error
    };
    let header = emit::header(&[], options);
    let contents =
        emit::format_tokens(&header, tokens).map_err(|message| Error::file(Path::new("src/lib.rs"), message))?;
    Ok(GeneratedFile { path: "src/lib.rs".to_owned(), contents })
}

fn cargo_toml(
    apis: &[Api],
    options: &EmitOptions,
    crate_name: &str,
    workspace: bool,
    package: &crate::ir::Package,
) -> Result<GeneratedFile, Error> {
    let gate_by_resource = options.gate_by_resource();
    let contents = render::cargo_toml(apis, crate_name, &options.command, workspace, gate_by_resource, package)?;
    Ok(GeneratedFile { path: "Cargo.toml".to_owned(), contents })
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// How a file on disk differs from what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file the generator produces that is not on disk.
    Added(String),
    /// A file on disk whose content differs from what the generator produces.
    Modified(String),
    /// A file in a generated folder that the generator no longer produces.
    Removed(String),
}

impl Change {
    /// The file's path, relative to the workspace.
    pub fn path(&self) -> &str {
        match self {
            Change::Added(path) | Change::Modified(path) | Change::Removed(path) => path,
        }
    }
}

/// Compares `output` (paths relative to `root`) with the files under `root`. Besides the files it
/// produces, the generator owns the provider folders under `generated/src/` and `generated/docs/`:
/// other files there are reported as removed. The handwritten runtime, the maintainers' module
/// (`src/custom/`) and the files they replaced (`output.kept`) are never touched.
pub fn changes(root: &Path, output: &Output) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    let mut produced = std::collections::BTreeSet::new();
    for file in &output.files {
        produced.insert(file.path.clone());
        match std::fs::read_to_string(root.join(&file.path)) {
            Ok(existing) if existing == file.contents => {}
            Ok(_) => changes.push(Change::Modified(file.path.clone())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                changes.push(Change::Added(file.path.clone()))
            }
            Err(error) => return Err(Error::file(&root.join(&file.path), format!("cannot read: {error}"))),
        }
    }
    for owned in owned_files(root)? {
        if !produced.contains(&owned) && !output.kept.contains(&owned) {
            changes.push(Change::Removed(owned));
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(changes)
}

/// Applies `changes` to the files under `root`.
pub fn apply(root: &Path, output: &Output, changes: &[Change]) -> Result<(), Error> {
    for change in changes {
        let path = root.join(change.path());
        let io_error = |error: std::io::Error| Error::file(&path, format!("cannot write: {error}"));
        match change {
            Change::Added(relative) | Change::Modified(relative) => {
                let file = output
                    .files
                    .iter()
                    .find(|file| &file.path == relative)
                    .expect("every change names a produced file");
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io_error)?;
                }
                std::fs::write(&path, &file.contents).map_err(io_error)?;
            }
            Change::Removed(_) => std::fs::remove_file(&path).map_err(io_error)?,
        }
    }
    Ok(())
}

/// The files under the generator's folders of the workspace crate, relative to `root`.
fn owned_files(root: &Path) -> Result<Vec<String>, Error> {
    let crate_dir = root.join(WORKSPACE_CRATE_DIR);
    let mut folders = vec![crate_dir.join("docs"), crate_dir.join("tests")];
    if let Ok(entries) = std::fs::read_dir(crate_dir.join("src")) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && entry.file_name() != "runtime" && entry.file_name() != custom::CUSTOM_MODULE {
                folders.push(path);
            }
        }
    }
    let mut files = Vec::new();
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.map_err(|error| Error::file(&folder, format!("cannot list: {error}")))?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(relative(root, &path));
            }
        }
    }
    Ok(files)
}

/// The API-change report (Markdown) between two versions of a spec, lowered with the same SDK
/// config (or, without one, each with what can be inferred from it), and the changes themselves.
pub fn api_diff(
    old_spec: &Path,
    new_spec: &Path,
    old_config: Option<&Path>,
    new_config: Option<&Path>,
    name: &str,
) -> Result<(String, Vec<crate::diff::Change>), Error> {
    let lower_one = |spec_path: &Path, config_path: Option<&Path>| -> Result<Api, Error> {
        let spec = load::load_spec(spec_path)?;
        let config = match config_path {
            Some(path) => SdkConfig::load(path)?,
            None => lower::infer_config(&spec, name)?.0,
        };
        Ok(lower::lower(&spec, &config, Vec::new())?.0)
    };
    let (old, new) = (lower_one(old_spec, old_config)?, lower_one(new_spec, new_config)?);
    let changes = crate::diff::diff(&old, &new);
    let report =
        render::api_diff(&new.title, &old_spec.display().to_string(), &new_spec.display().to_string(), &changes)?;
    Ok((report, changes))
}

#[cfg(test)]
mod tests {
    use super::Output;
    use crate::emit::GeneratedFile;

    #[test]
    fn the_syntax_check_names_a_file_that_is_not_rust() {
        let file = |path: &str, contents: &str| GeneratedFile { path: path.to_owned(), contents: contents.to_owned() };
        let mut output = Output {
            files: vec![file("README.md", "not ( Rust"), file("src/types.rs", "crate::object! { pub struct A { } }")],
            warnings: Vec::new(),
            kept: Vec::new(),
        };
        assert!(output.check_rust_syntax().is_ok());
        output.files.push(file("src/broken.rs", "crate::object! { pub struct A { ) }"));
        let error = output.check_rust_syntax().unwrap_err().to_string();
        assert!(error.starts_with("error: src/broken.rs: the generator emitted invalid Rust"), "{error}");
    }

    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::RUNTIME_FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed, "RUNTIME_FILES must list every file of the runtime, sorted");
    }
}
