//! What the commands share: the workspace's root, running cargo in it, and its paths in messages.

use std::path::{Path, PathBuf};

use sdkgen::output::Output;
use sdkgen::Diagnostic;

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace root").to_owned()
}

/// Runs `cargo` with `args` in the workspace; whether it succeeded.
pub(crate) fn run_cargo(root: &Path, args: &[&str]) -> Result<bool, String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|error| format!("cannot run cargo {}: {error}", args.join(" ")))?;
    Ok(status.success())
}

/// `cargo` for a crate outside the workspace. Such crates share `target/standalone` with the
/// generator's tests, whose builds they reuse only with the same flags: warnings denied, and only
/// line tables for debugging (full debug info takes gigabytes of disk).
pub(crate) fn standalone_cargo(root: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .env("CARGO_TARGET_DIR", root.join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
    command
}

/// Builds the binaries of the crate outside the workspace in `crate_dir` (see [`standalone_cargo`]);
/// the path of the binary `name` they make.
pub(crate) fn build_standalone_binary(root: &Path, crate_dir: &Path, name: &str) -> Result<PathBuf, String> {
    let built = standalone_cargo(root)
        .args(["build", "--quiet", "--bins"])
        .current_dir(crate_dir)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    match built.success() {
        true => Ok(root.join("target/standalone/debug").join(name)),
        false => Err(format!("the crate in {} does not build", crate_dir.display())),
    }
}

pub(crate) fn print_warnings(output: &Output) {
    let root = workspace_root();
    for warning in &output.warnings {
        eprintln!("{}", relative_to(&root, warning.clone()));
    }
}

/// Diagnostics name files relative to the workspace, as people type them.
fn relative_to(root: &Path, mut diagnostic: Diagnostic) -> Diagnostic {
    if let Ok(relative) = diagnostic.file.strip_prefix(root) {
        diagnostic.file = relative.to_owned();
    }
    diagnostic
}

pub(crate) fn describe_error(error: sdkgen::Error) -> String {
    let root = workspace_root();
    let diagnostics = error.diagnostics.into_iter().map(|diagnostic| relative_to(&root, diagnostic)).collect();
    sdkgen::Error { diagnostics }.to_string()
}

/// The middle value (the mean of the two middle ones for an even count), as benchmarks report.
pub(crate) fn median(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.into_iter().collect();
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}
