//! The specs of the corpus (`corpus/`: its stored specs and the ones `fetch-npm.sh` unpacks), by
//! name: what `cargo xtask corpus` checks and `mock-test --corpus` tests against Prism.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Default)]
pub(crate) struct Options {
    pub(crate) sweep: Option<PathBuf>,
    pub(crate) corpus: Option<PathBuf>,
    pub(crate) only: Vec<String>,
    pub(crate) check: bool,
    /// Run each spec's operation tests against Prism instead of checking its crate.
    pub(crate) mock: bool,
    /// Generate each spec's command-line tool too, and check it.
    pub(crate) cli: bool,
    /// Generate each spec's MCP server too, and check it.
    pub(crate) mcp: bool,
}

/// The corpus specs by name: the stored ones, then the ones from npm (fetched on first use).
pub(crate) fn corpus_specs(root: &Path, options: &Options) -> Result<Vec<(String, PathBuf)>, String> {
    let corpus = options.corpus.clone().unwrap_or_else(|| root.join("corpus"));
    let npm = root.join("target/corpus/npm");
    if !npm.join("github-rest.json").exists() {
        eprintln!("fetching the npm part of the corpus into {} (npm pack)…", npm.display());
        let status = Command::new("bash")
            .arg(corpus.join("fetch-npm.sh"))
            .arg(&npm)
            .stdout(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run fetch-npm.sh: {error}"))?;
        if !status.success() {
            return Err("fetch-npm.sh failed: it needs npm and the npm registry".to_owned());
        }
    }
    let mut specs = Vec::new();
    for dir in [corpus.join("specs"), npm] {
        let entries = std::fs::read_dir(&dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
        let mut files: Vec<PathBuf> =
            entries.flatten().map(|entry| entry.path()).filter(|path| path.is_file()).collect();
        files.sort();
        for path in files {
            let name = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("spec").to_owned();
            if options.only.is_empty() || options.only.contains(&name) {
                specs.push((name, path));
            }
        }
    }
    Ok(specs)
}

/// `apisguru-1password` → `apisguru_1password`, a crate name `cargo` accepts.
pub(crate) fn crate_name(name: &str) -> String {
    let name: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api_{name}")
    } else {
        name
    }
}
