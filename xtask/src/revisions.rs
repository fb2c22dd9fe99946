//! What each provider's SDK API did between a git revision of the workspace and its files now: the
//! shared ground of `codegen --api-diff` (since `HEAD`) and `release` (since the last release's tag).

use std::path::Path;

use sdkgen::diff::Change;
use sdkgen::output;

use crate::workspace::describe_error;

/// One provider's API change since a revision.
pub(crate) enum ProviderChange {
    /// The provider's folder is new.
    Added,
    /// The provider's folder is gone.
    Removed,
    /// The provider was there: its changes (none if its API is the same) and the report of them.
    Changed { report: String, changes: Vec<Change> },
}

/// Each provider folder under `specs/`, now or at `rev`, with what its API did since `rev`.
pub(crate) fn provider_changes_since(root: &Path, rev: &str) -> Result<Vec<(String, ProviderChange)>, String> {
    let mut result = Vec::new();
    let then = root.join("target/api-diff").join(rev.replace('/', "_"));
    let _ = std::fs::remove_dir_all(&then);
    let mut folders_now = Vec::new();
    for provider in output::workspace_providers(root).map_err(describe_error)? {
        let folder = provider.spec.parent().expect("a provider folder").strip_prefix(root).expect("in the workspace");
        let folder = folder.to_string_lossy().replace('\\', "/");
        folders_now.push(folder.clone());
        let listing = git(root, &["ls-tree", "-r", "--name-only", rev, &folder]).unwrap_or_default();
        for file in String::from_utf8_lossy(&listing).lines() {
            let path = then.join(file);
            std::fs::create_dir_all(path.parent().expect("a file in a folder")).map_err(|error| error.to_string())?;
            std::fs::write(&path, git(root, &["show", &format!("{rev}:{file}")])?)
                .map_err(|error| error.to_string())?;
        }
        let spec_name = provider.spec.file_name().expect("a file");
        let old_spec = then.join(&folder).join(spec_name);
        if !old_spec.exists() {
            result.push((folder, ProviderChange::Added));
            continue;
        }
        let old_config = then.join(&folder).join("sdk.yaml");
        let (report, changes) =
            output::api_diff(&old_spec, &provider.spec, Some(&old_config), Some(&provider.config), "api")
                .map_err(describe_error)?;
        result.push((folder, ProviderChange::Changed { report, changes }));
    }
    let listing = git(root, &["ls-tree", "-d", "--name-only", rev, "specs/"]).unwrap_or_default();
    for folder in String::from_utf8_lossy(&listing).lines() {
        if !folders_now.iter().any(|now| now == folder) {
            result.push((folder.to_owned(), ProviderChange::Removed));
        }
    }
    Ok(result)
}

/// `git ARGS` in `root`: its output, or its error message.
pub(crate) fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}
