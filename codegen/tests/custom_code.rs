//! A maintainer's own code in the workspace crate survives `cargo xtask codegen`: a module of their
//! own (`src/custom/`) that adds methods to a generated resource and a generated type, and a
//! generated file replaced by hand (`replaced_files` in `sdk.yaml`), with the warning that tells
//! them when what the generator writes there changes. After each regeneration they are still
//! there, and the crate still compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

use sdkgen::output::{self, Output};

const FILES_RS: &str = "generated/src/deeptable/files.rs";

/// A workspace like ours, in a temporary folder, with DeepTable alone.
fn workspace() -> PathBuf {
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let root = std::env::temp_dir().join(format!("sdkgen-custom-code-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let runtime = root.join("runtime/src");
    std::fs::create_dir_all(&runtime).unwrap();
    std::fs::create_dir_all(root.join("specs/deeptable")).unwrap();
    for file in ["openapi.yaml", "sdk.yaml"] {
        std::fs::copy(ours.join("specs/deeptable").join(file), root.join("specs/deeptable").join(file)).unwrap();
    }
    std::fs::copy(ours.join("runtime/Cargo.toml"), root.join("runtime/Cargo.toml")).unwrap();
    for entry in std::fs::read_dir(ours.join("runtime/src")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), runtime.join(entry.file_name())).unwrap();
    }
    std::fs::copy(ours.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"runtime\", \"generated\"]\n\n[workspace.package]\nedition = \"2021\"\nrust-version = \"1.85\"\nlicense = \"MIT OR Apache-2.0\"\n";
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    root
}

/// `cargo xtask codegen` in `root`: what it generated, and what it changed on disk.
fn regenerate(root: &Path) -> (Output, Vec<output::Change>) {
    let output = output::workspace_output(root).unwrap_or_else(|error| panic!("{error}"));
    let changes = output::changes(root, &output).unwrap_or_else(|error| panic!("{error}"));
    output::apply(root, &output, &changes).unwrap_or_else(|error| panic!("{error}"));
    (output, changes)
}

fn warnings_about_replaced_files(output: &Output) -> Vec<String> {
    output
        .warnings
        .iter()
        .filter(|warning| warning.pointer.starts_with("/replaced_files"))
        .map(ToString::to_string)
        .collect()
}

fn edit(root: &Path, path: &str, change: impl FnOnce(String) -> String) {
    let path = root.join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
}

const CUSTOM_MOD: &str = "//! Our own helpers.\n\nmod file_helpers;\n";
const FILE_HELPERS: &str = r#"use crate::deeptable::{files::Files, types::File};

impl Files {
    /// A request for the first ten files.
    pub fn first_ten(&self) -> crate::deeptable::files::ListFilesRequest {
        self.list().limit(10)
    }
}

impl File {
    /// Whether the file is a spreadsheet.
    pub fn is_spreadsheet(&self) -> bool {
        self.file_name.ends_with(".xlsx")
    }
}
"#;
const HAND_MADE: &str = "\n/// Added by hand.\npub const HAND_MADE: bool = true;\n";

#[test]
fn a_maintainers_module_and_a_replaced_file_survive_regeneration_and_compile() {
    let root = workspace();
    regenerate(&root);
    std::fs::create_dir_all(root.join("generated/src/custom")).unwrap();
    std::fs::write(root.join("generated/src/custom/mod.rs"), CUSTOM_MOD).unwrap();
    std::fs::write(root.join("generated/src/custom/file_helpers.rs"), FILE_HELPERS).unwrap();
    edit(&root, FILES_RS, |text| text + HAND_MADE);
    edit(&root, "specs/deeptable/sdk.yaml", |text| text + "replaced_files:\n  - path: src/deeptable/files.rs\n");

    // The module is declared, the replacement is left alone, and the warning gives the hash to record.
    let (output, changes) = regenerate(&root);
    let changed: Vec<&str> = changes.iter().map(output::Change::path).collect();
    assert_eq!(changed, ["generated/src/lib.rs"]);
    assert!(std::fs::read_to_string(root.join("generated/src/lib.rs")).unwrap().contains("pub mod custom;"));
    assert!(std::fs::read_to_string(root.join(FILES_RS)).unwrap().ends_with(HAND_MADE));
    let warnings = warnings_about_replaced_files(&output);
    let [warning] = warnings.as_slice() else { panic!("{warnings:?}") };
    let hash = warning.split("generated_sha256: ").nth(1).and_then(|rest| rest.get(..64)).expect(warning);
    edit(&root, "specs/deeptable/sdk.yaml", |text| text + &format!("    generated_sha256: {hash}\n"));

    // Recorded, it is quiet, and `--check` finds nothing to do.
    let (output, changes) = regenerate(&root);
    assert_eq!((warnings_about_replaced_files(&output), changes), (vec![], vec![]));

    // A spec change under the replacement is reported, and the replacement still left alone.
    edit(&root, "specs/deeptable/openapi.yaml", |text| {
        text.replace("Get metadata for a specific file.", "Get the metadata of one file.")
    });
    let (output, _) = regenerate(&root);
    let warnings = warnings_about_replaced_files(&output);
    assert!(warnings.len() == 1 && warnings[0].contains("changed under your replacement"), "{warnings:?}");
    assert!(std::fs::read_to_string(root.join(FILES_RS)).unwrap().ends_with(HAND_MADE));
    assert_eq!(std::fs::read_to_string(root.join("generated/src/custom/file_helpers.rs")).unwrap(), FILE_HELPERS);

    let workspace_target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/custom-code");
    let status = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--lib"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", workspace_target)
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .unwrap();
    assert!(status.success(), "the crate with the maintainer's code in {} does not compile", root.display());
    std::fs::remove_dir_all(&root).unwrap();
}
