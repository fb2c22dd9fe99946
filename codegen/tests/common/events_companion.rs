//! The events fixture's standalone SDK crate with a crate beside it (`generate --cli`, `--mcp`),
//! generated and built with warnings denied: where the command-line tool's and the MCP server's
//! tests start. The fixture has what the workspace's providers lack: streamed responses.

use std::path::{Path, PathBuf};

use sdkgen::output::{self, Companions, Provider};

#[path = "standalone_cargo.rs"]
mod standalone_cargo;

/// Generates the crates with `companions`, builds the one in `folder` (`cli`, `mcp`), and returns
/// where its binaries are.
pub fn build(companions: Companions, folder: &str) -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = std::env::temp_dir().join(format!("sdkgen-{folder}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = workspace.join("codegen/tests/fixtures/events/openapi.yaml");
    let provider = Provider { spec, config: None, name: "events".to_owned(), overlays: Vec::new() };
    let generated =
        output::standalone_output_in(&provider, &dir, &output::StandaloneOptions { companions, ..Default::default() })
            .unwrap_or_else(|error| panic!("{error}"));
    generated.check_rust_syntax().unwrap();
    generated.write_to(&dir).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join(folder).join("Cargo.lock")).unwrap();
    let status =
        standalone_cargo::cargo(workspace, &dir.join(folder), &["build", "--quiet", "--bins"]).status().unwrap();
    assert!(status.success(), "the crate in {} does not build", dir.join(folder).display());
    std::fs::remove_dir_all(&dir).unwrap();
    workspace.join("target/standalone/debug")
}
