//! What generation produces: a crate's files and warnings, the support copied into companion
//! crates, and paths as messages show them.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Error};
use crate::emit::GeneratedFile;

/// The command-line tool's handwritten support, copied into standalone tool crates as it is.
const CLI_SUPPORT_FILES: &[(&str, &str)] = &[
    ("exit.rs", include_str!("../../../cli/src/support/exit.rs")),
    ("input.rs", include_str!("../../../cli/src/support/input.rs")),
    ("mod.rs", include_str!("../../../cli/src/support/mod.rs")),
    ("output.rs", include_str!("../../../cli/src/support/output.rs")),
];

/// The MCP server's handwritten support, copied into standalone server crates as it is.
const MCP_SUPPORT_FILES: &[(&str, &str)] = &[
    ("api.rs", include_str!("../../../mcp/src/support/api.rs")),
    ("arguments.rs", include_str!("../../../mcp/src/support/arguments.rs")),
    ("catalog.rs", include_str!("../../../mcp/src/support/catalog.rs")),
    ("dynamic.rs", include_str!("../../../mcp/src/support/dynamic.rs")),
    ("mod.rs", include_str!("../../../mcp/src/support/mod.rs")),
    ("reply.rs", include_str!("../../../mcp/src/support/reply.rs")),
    ("serve.rs", include_str!("../../../mcp/src/support/serve.rs")),
    ("server.rs", include_str!("../../../mcp/src/support/server.rs")),
];

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
        let emitted: Vec<&GeneratedFile> = self
            .files
            .iter()
            .filter(|file| !file.path.starts_with("src/runtime/") && file.path.ends_with(".rs"))
            .collect();
        // On every core: GitHub's 211,000 lines took a second and a half on one.
        let parsed = crate::worker::map(
            &emitted,
            |file| file.contents.len(),
            |file| {
                syn::parse_file(&file.contents)
                    .map(drop)
                    .map_err(|error| Error::file(Path::new(&file.path), crate::emit::invalid_rust(error)))
            },
        );
        parsed.into_iter().collect()
    }
}

/// The command-line tool's handwritten support, for a tool crate outside the workspace.
pub(super) fn cli_support_files() -> impl Iterator<Item = GeneratedFile> {
    copies(CLI_SUPPORT_FILES, "src/support")
}

/// The MCP server's handwritten support, for a server crate outside the workspace.
pub(super) fn mcp_support_files() -> impl Iterator<Item = GeneratedFile> {
    copies(MCP_SUPPORT_FILES, "src/support")
}

fn copies(files: &'static [(&str, &str)], folder: &'static str) -> impl Iterator<Item = GeneratedFile> {
    files.iter().map(move |(file, contents)| GeneratedFile {
        path: format!("{folder}/{file}"),
        contents: (*contents).to_owned(),
    })
}

/// `path` relative to `root`, with forward slashes, as headers and change lists show it.
pub(super) fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
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
    fn every_handwritten_file_is_copied() {
        for (folder, listed, list) in [
            ("../runtime/src", super::super::runtime::RUNTIME_FILES, "RUNTIME_FILES"),
            ("../cli/src/support", super::CLI_SUPPORT_FILES, "CLI_SUPPORT_FILES"),
            ("../mcp/src/support", super::MCP_SUPPORT_FILES, "MCP_SUPPORT_FILES"),
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
            let mut on_disk: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let listed: Vec<&str> = listed.iter().map(|(name, _)| *name).collect();
            assert_eq!(on_disk, listed, "{list} must list every file of {folder}, sorted");
        }
    }
}
