//! The workspace's crate on disk against what generation produces: the changes, and making them.

use std::path::Path;

use super::assemble::{WORKSPACE_CLI_DIR, WORKSPACE_CRATE_DIR, WORKSPACE_MCP_DIR};
use super::files::{relative, Output};
use crate::custom;
use crate::diagnostics::Error;

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
/// produces, the generator owns the provider folders under `generated/src/` and `generated/docs/`,
/// and the files of `cli/src/`, `mcp/src/` and their `bin/`: other files there are reported as
/// removed. The handwritten runtime and support, the maintainers' module (`src/custom/`) and the files they replaced (`output.kept`) are never touched.
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

/// The files under the generator's folders of the workspace crate and of the crates beside it
/// (command-line tools, MCP servers), relative to `root`. In their `src/` the generator owns the
/// files and `bin/`; `support/` is handwritten.
fn owned_files(root: &Path) -> Result<Vec<String>, Error> {
    let crate_dir = root.join(WORKSPACE_CRATE_DIR);
    let companions = [WORKSPACE_CLI_DIR, WORKSPACE_MCP_DIR].map(|dir| root.join(dir).join("src"));
    let mut folders = vec![crate_dir.join("docs"), crate_dir.join("tests")];
    folders.extend(companions.iter().map(|src| src.join("bin")));
    if let Ok(entries) = std::fs::read_dir(crate_dir.join("src")) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && entry.file_name() != "runtime" && entry.file_name() != custom::CUSTOM_MODULE {
                folders.push(path);
            }
        }
    }
    let mut files: Vec<String> = companions
        .iter()
        .filter_map(|src| std::fs::read_dir(src).ok())
        .flat_map(|entries| entries.flatten().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .map(|path| relative(root, &path))
        .collect();
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
