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
