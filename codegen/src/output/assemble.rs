//! A crate's files, three ways: the workspace's crate of every provider, a standalone crate of one,
//! and a standalone crate of several.

use std::path::Path;

use super::files::{cli_support_files, mcp_support_files, Output};
use super::providers::{lower_configured, lower_provider, workspace_providers, Provider};
use super::runtime::inline_runtime_files;
use crate::custom;
use crate::diagnostics::Error;
use crate::emit::{self, CompanionOptions, EmitOptions, GeneratedFile, LibLayout};
use crate::ir::{Api, Package, RuntimeSource};
use crate::render::{CompanionCrate, CompanionKind, RuntimeDependency};
use crate::{lower, render};

/// The name of the workspace's SDK crate.
pub const WORKSPACE_CRATE: &str = "files-sdk";
/// Where the workspace's SDK crate lives, relative to the workspace root.
pub const WORKSPACE_CRATE_DIR: &str = "generated";
const WORKSPACE_COMMAND: &str = "cargo xtask codegen";
/// Where the workspace's command-line tool crate lives, when `specs/package.yaml` asks for one.
pub const WORKSPACE_CLI_DIR: &str = "cli";
/// Where the runtime crate lives, relative to the workspace root.
pub const WORKSPACE_RUNTIME_DIR: &str = "runtime";
/// Where the workspace's MCP server crate lives, when `specs/package.yaml` asks for one.
pub const WORKSPACE_MCP_DIR: &str = "mcp";
/// The workspace crate's package metadata (a `PackageConfig`), relative to the workspace root.
pub const WORKSPACE_PACKAGE: &str = "specs/package.yaml";

/// Every file of the workspace's SDK crate, with paths relative to the workspace root.
pub fn workspace_output(root: &Path) -> Result<Output, Error> {
    let package_config = root.join(WORKSPACE_PACKAGE);
    let package = match package_config.exists() {
        true => lower::package(&crate::config::PackageConfig::load(&package_config)?),
        false => lower::package(&Default::default()),
    };
    let options = EmitOptions {
        command: WORKSPACE_COMMAND.to_owned(),
        crate_name: WORKSPACE_CRATE.replace('-', "_"),
        single_provider: false,
        custom_module: custom::has_custom_module(&root.join(WORKSPACE_CRATE_DIR)),
        runtime: package.runtime,
    };
    let mut output = Output::default();
    let (mut apis, mut configs) = (Vec::new(), Vec::new());
    for sources in workspace_providers(root)? {
        // Named by its config: a provider's name matters only where a config is inferred.
        let provider =
            Provider { spec: sources.spec, config: Some(sources.config), name: String::new(), overlays: Vec::new() };
        let (api, config) = lower_configured(&provider, Some(root), &mut output.warnings)?;
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
    let ((), tests) = with_operation_tests(&apis, &options, || {
        for (api, config) in apis.iter().zip(&configs) {
            let mut files = crate_files_for(api, &options)?;
            output.kept.extend(custom::take_replaced_files(&mut files, config, &mut output.warnings));
            output.files.extend(files);
        }
        Ok(())
    })?;
    output.files.push(emit::lib_rs(&apis, &options, LibLayout::Features)?);
    output.files.push(tests);
    let runtime = RuntimeDependency::in_workspace(WORKSPACE_CRATE_DIR, WORKSPACE_RUNTIME_DIR);
    output.files.extend(manifest_and_runtime(&apis, &options, WORKSPACE_CRATE, true, &package, &runtime)?);
    for path in output.files.iter_mut().map(|file| &mut file.path).chain(&mut output.kept) {
        *path = format!("{WORKSPACE_CRATE_DIR}/{path}");
    }
    let sdk = Sdk { crate_name: WORKSPACE_CRATE, path: &format!("../{WORKSPACE_CRATE_DIR}"), options: &options };
    let wanted =
        [(package.cli, CompanionKind::Cli, WORKSPACE_CLI_DIR), (package.mcp, CompanionKind::Mcp, WORKSPACE_MCP_DIR)];
    for (_, kind, dir) in wanted.into_iter().filter(|(wanted, ..)| *wanted) {
        output.files.extend(companion_crate(&apis, kind, &sdk, true, &package.version)?.into_iter().map(|mut file| {
            file.path = format!("{dir}/{}", file.path);
            file
        }));
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
    standalone_output_with(provider, None, &StandaloneOptions::default())
}

/// [`standalone_output_for`], for the crate in `crate_dir`: the maintainers' module there is
/// declared, and the files the config says were replaced by hand are left out (see
/// `crate::custom`). With `companions.cli` (or `cli: true` in the config's `package`), the crate's
/// folder also gets `cli/`, a command-line tool crate that calls it; with `companions.mcp` (or
/// `mcp: true`), `mcp/`, an MCP server crate.
pub fn standalone_output_in(
    provider: &Provider,
    crate_dir: &Path,
    options: &StandaloneOptions,
) -> Result<Output, Error> {
    standalone_output_with(provider, Some(crate_dir), options)
}

/// What a standalone crate's generation is asked beyond its config.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandaloneOptions {
    /// The crates to generate beside the SDK crate.
    pub companions: Companions,
    /// Where the runtime comes from, whatever the config says (`--inline-runtime`).
    pub runtime: Option<RuntimeSource>,
    /// Whether the types go to crates of their own, whatever the config says (`--split-types`,
    /// `--no-split-types`); see `lower::split_types`.
    pub split_types: Option<bool>,
}

/// Which crates to generate beside an SDK crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Companions {
    /// A command-line tool crate (`cli/`).
    pub cli: bool,
    /// An MCP server crate (`mcp/`).
    pub mcp: bool,
}

/// A standalone crate, written to `crate_dir` where it is known: the runtime crate is found from
/// there, and the maintainers' module there is declared.
fn standalone_output_with(
    provider: &Provider,
    crate_dir: Option<&Path>,
    choices: &StandaloneOptions,
) -> Result<Output, Error> {
    let mut output = Output::default();
    let (mut api, config) = lower_configured(provider, None, &mut output.warnings)?;
    let crate_name = api.package.name.as_deref().unwrap_or(&provider.name).replace('_', "-");
    let options = EmitOptions {
        command: "cargo xtask generate".to_owned(),
        crate_name: crate_name.replace('-', "_"),
        single_provider: true,
        custom_module: crate_dir.is_some_and(custom::has_custom_module),
        runtime: choices.runtime.unwrap_or(api.package.runtime),
    };
    // Crates of types need the runtime crate: an inline runtime is one crate's module.
    if options.runtime == RuntimeSource::Crate {
        api.type_split = lower::split_types(&api.types, choices.split_types.or(config.package.split_types));
    }
    let (files, tests) =
        with_operation_tests(std::slice::from_ref(&api), &options, || crate_files_for(&api, &options))?;
    output.files = files;
    output.files.push(emit::lib_rs(std::slice::from_ref(&api), &options, LibLayout::Single)?);
    output.files.push(tests);
    output.files.extend(emit::stream_example(std::slice::from_ref(&api), &options)?);
    let mut package = api.package.clone();
    package.readme.get_or_insert_with(|| "README.md".to_owned());
    let runtime = crate_dir.map_or_else(RuntimeDependency::by_version, RuntimeDependency::for_crate_in);
    output.files.extend(manifest_and_runtime(
        std::slice::from_ref(&api),
        &options,
        &crate_name,
        false,
        &package,
        &runtime,
    )?);
    let manifests = render::type_crate_manifests(&api, &crate_name, &options.command, &runtime)?;
    output.files.extend(
        manifests
            .into_iter()
            .map(|(folder, contents)| GeneratedFile { path: format!("{folder}/Cargo.toml"), contents }),
    );
    output.kept = custom::take_replaced_files(&mut output.files, &config, &mut output.warnings);
    let sdk = Sdk { crate_name: &crate_name, path: "..", options: &options };
    let wanted = [
        (choices.companions.cli || api.package.cli, CompanionKind::Cli, WORKSPACE_CLI_DIR),
        (choices.companions.mcp || api.package.mcp, CompanionKind::Mcp, WORKSPACE_MCP_DIR),
    ];
    for (_, kind, dir) in wanted.into_iter().filter(|(wanted, ..)| *wanted) {
        let mut files = companion_crate(std::slice::from_ref(&api), kind, &sdk, false, &api.package.version)?;
        match kind {
            CompanionKind::Cli => files.extend(cli_support_files()),
            CompanionKind::Mcp => files.extend(mcp_support_files()),
        }
        output.files.extend(files.into_iter().map(|mut file| {
            file.path = format!("{dir}/{}", file.path);
            file
        }));
    }
    Ok(output)
}

/// A standalone crate named `crate_name` with one module per provider, each behind a cargo feature
/// of its name, as the workspace's crate is. Paths are relative to the crate's folder.
pub fn multi_provider_output(providers: &[Provider], crate_name: &str, command: &str) -> Result<Output, Error> {
    let options = EmitOptions {
        command: command.to_owned(),
        crate_name: crate_name.replace('-', "_"),
        single_provider: false,
        custom_module: false,
        runtime: RuntimeSource::default(),
    };
    let mut output = Output::default();
    let apis = providers
        .iter()
        .map(|provider| lower_provider(provider, &mut output.warnings))
        .collect::<Result<Vec<_>, _>>()?;
    let (files, tests) = with_operation_tests(&apis, &options, || {
        apis.iter().map(|api| crate_files_for(api, &options)).collect::<Result<Vec<_>, _>>()
    })?;
    output.files.extend(files.into_iter().flatten());
    output.files.push(emit::lib_rs(&apis, &options, LibLayout::Features)?);
    output.files.push(tests);
    output.files.extend(emit::stream_example(&apis, &options)?);
    let package = lower::package(&Default::default());
    output.files.extend(manifest_and_runtime(
        &apis,
        &options,
        crate_name,
        false,
        &package,
        &RuntimeDependency::by_version(),
    )?);
    Ok(output)
}

/// The SDK crate a companion crate calls.
struct Sdk<'a> {
    crate_name: &'a str,
    /// Its folder, relative to the tool crate's.
    path: &'a str,
    options: &'a EmitOptions,
}

/// A companion crate's emitted files (its handwritten support aside), named for the SDK's
/// (`files-cli`, `files-mcp` beside `files-sdk`).
fn companion_crate(
    apis: &[Api],
    kind: CompanionKind,
    sdk: &Sdk,
    workspace: bool,
    version: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let suffix = match kind {
        CompanionKind::Cli => "cli",
        CompanionKind::Mcp => "mcp",
    };
    let name = format!("{}-{suffix}", sdk.crate_name.strip_suffix("-sdk").unwrap_or(sdk.crate_name));
    let options = CompanionOptions { sdk: sdk.options.clone(), crate_name: name.clone() };
    let mut files = match kind {
        CompanionKind::Cli => emit::cli_files(apis, &options)?,
        CompanionKind::Mcp => emit::mcp_files(apis, &options)?,
    };
    let krate = CompanionCrate {
        crate_name: &name,
        version,
        sdk_crate: sdk.crate_name,
        sdk_path: sdk.path,
        command: &sdk.options.command,
        workspace,
    };
    let contents = render::companion_cargo_toml(apis, kind, &krate)?;
    files.push(GeneratedFile { path: "Cargo.toml".to_owned(), contents });
    Ok(files)
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

/// The crate's manifest, with the runtime crate as a dependency or, where the crate carries its own
/// copy of the runtime, with the copy.
fn manifest_and_runtime(
    apis: &[Api],
    options: &EmitOptions,
    crate_name: &str,
    workspace: bool,
    package: &Package,
    runtime: &RuntimeDependency,
) -> Result<Vec<GeneratedFile>, Error> {
    let gate_by_resource = options.gate_by_resource();
    let dependency = (options.runtime == RuntimeSource::Crate).then_some(runtime);
    let contents =
        render::cargo_toml(apis, crate_name, &options.command, workspace, gate_by_resource, package, dependency)?;
    let mut files = vec![GeneratedFile { path: "Cargo.toml".to_owned(), contents }];
    if options.runtime == RuntimeSource::Inline {
        files.extend(inline_runtime_files());
    }
    Ok(files)
}

/// What `files` returns, and the operation tests of `apis`, built side by side: the tests are one
/// file, built on a thread of its own while `files` builds the others on every core (GitHub's
/// took a third of a second, alone, after them).
fn with_operation_tests<T>(
    apis: &[Api],
    options: &EmitOptions,
    files: impl FnOnce() -> Result<T, Error>,
) -> Result<(T, GeneratedFile), Error> {
    std::thread::scope(|scope| {
        let tests = crate::worker::spawn_worker(scope, || emit::operation_tests(apis, options));
        let files = files();
        let tests = match tests {
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => emit::operation_tests(apis, options),
        };
        Ok((files?, tests?))
    })
}
