//! The generator's own commands: `codegen` (the workspace's crate), `generate` (a standalone crate)
//! and `api-diff`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen::output::{self, Change};

use crate::revisions::{self, ProviderChange};
use crate::usage::USAGE;
use crate::workspace::{describe_error, print_warnings, workspace_root};

pub(crate) fn codegen(args: &[String]) -> Result<ExitCode, String> {
    let mut check = false;
    let mut report_api_changes = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--api-diff" => report_api_changes = true,
            _ => return Err(USAGE.to_owned()),
        }
    }
    let root = workspace_root();
    if report_api_changes {
        print_api_changes_since_head(&root)?;
    }
    let output = output::workspace_output(&root).map_err(describe_error)?;
    print_warnings(&output);
    let changes = output::changes(&root, &output).map_err(describe_error)?;
    if check {
        if changes.is_empty() {
            println!("generated code is up to date ({} files)", output.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated code is stale; run `cargo xtask codegen` and commit the result:");
        for change in &changes {
            eprintln!("  {}", describe(change));
        }
        return Ok(ExitCode::FAILURE);
    }
    output::apply(&root, &output, &changes).map_err(describe_error)?;
    if changes.is_empty() {
        println!("no changes: {} generated files are up to date", output.files.len());
    }
    for change in &changes {
        println!("{}", describe(change));
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn api_diff(args: &[String]) -> Result<ExitCode, String> {
    let (mut specs, mut config, mut name) = (Vec::new(), None, "api".to_owned());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => config = Some(args.next().ok_or(USAGE)?.clone()),
            "--name" => name = args.next().ok_or(USAGE)?.clone(),
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    let [old, new] = specs.as_slice() else { return Err(USAGE.to_owned()) };
    let config = config.map(PathBuf::from);
    let (report, _) =
        output::api_diff(old, new, config.as_deref(), config.as_deref(), &name).map_err(describe_error)?;
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Prints, for each provider, the API changes between its spec and config as committed (`HEAD`)
/// and as they are in the working tree.
fn print_api_changes_since_head(root: &Path) -> Result<(), String> {
    for (folder, change) in revisions::provider_changes_since(root, "HEAD")? {
        match change {
            ProviderChange::Added => println!("## {folder}: new provider\n"),
            ProviderChange::Removed => println!("## {folder}: provider removed\n"),
            ProviderChange::Changed { report, changes } if !changes.is_empty() => println!("{report}"),
            ProviderChange::Changed { .. } => {}
        }
    }
    Ok(())
}

pub(crate) fn generate(args: &[String]) -> Result<ExitCode, String> {
    let (mut spec, mut config, mut name, mut out) = (None, None, None, None);
    let (mut check_syntax, mut choices, mut overlays) = (false, output::StandaloneOptions::default(), Vec::new());
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--check-syntax" => {
                check_syntax = true;
                continue;
            }
            "--cli" => {
                choices.companions.cli = true;
                continue;
            }
            "--mcp" => {
                choices.companions.mcp = true;
                continue;
            }
            "--inline-runtime" => {
                choices.runtime = Some(sdkgen::ir::RuntimeSource::Inline);
                continue;
            }
            "--split-types" | "--no-split-types" => {
                choices.split_types = Some(flag == "--split-types");
                continue;
            }
            "--overlay" => {
                overlays.push(PathBuf::from(args.next().ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?));
                continue;
            }
            "--spec" => &mut spec,
            "--config" => &mut config,
            "--name" => &mut name,
            "--out" => &mut out,
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        };
        *slot = Some(args.next().ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?.clone());
    }
    let (Some(spec), Some(name), Some(out)) = (spec, name, out) else { return Err(USAGE.to_owned()) };
    let provider =
        output::Provider { spec: spec.into(), config: config.map(PathBuf::from), name: name.clone(), overlays };
    let out = PathBuf::from(out);
    let output = output::standalone_output_in(&provider, &out, &choices).map_err(describe_error)?;
    print_warnings(&output);
    if check_syntax {
        output.check_rust_syntax().map_err(describe_error)?;
    }
    output.write_to(&out).map_err(describe_error)?;
    println!("wrote the `{name}` SDK crate ({} files) to {}", output.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn describe(change: &Change) -> String {
    match change {
        Change::Added(path) => format!("added    {path}"),
        Change::Modified(path) => format!("updated  {path}"),
        Change::Removed(path) => format!("removed  {path}"),
    }
}
