//! Installs the MCP client the servers are tested with: the official Python SDK (`mcp` from PyPI),
//! in a virtual environment under the workspace's `target/mcp-client`. Shared by the servers' tests
//! and `cargo xtask mock-test`, which include this file.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The client's version, pinned so that a new release changes nothing until it is chosen.
const MCP_VERSION: &str = "2.3.0";

/// The Python of the client's environment under `target_dir`, installed first if it is not yet.
pub fn client_python(target_dir: &Path) -> Result<PathBuf, String> {
    let dir = target_dir.join("mcp-client");
    let python = dir.join("bin/python");
    let marker = dir.join(format!("installed-mcp-{MCP_VERSION}"));
    if marker.exists() {
        return Ok(python);
    }
    let run = |command: &mut Command| match command.status() {
        Ok(status) if status.success() => Ok(()),
        outcome => Err(format!("{command:?} failed ({outcome:?}): the MCP client needs Python 3 with venv, and PyPI")),
    };
    run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
    let pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
    run(Command::new(&python).args(pip).arg(format!("mcp=={MCP_VERSION}")))?;
    std::fs::write(&marker, "").map_err(|error| format!("cannot write {}: {error}", marker.display()))?;
    Ok(python)
}
