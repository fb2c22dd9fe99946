//! What several test crates of the generator share.

use std::path::PathBuf;

/// The fixture families' folder, relative to the package, as `cargo test` runs from there:
/// generated headers and warnings name the same files on every machine.
pub const FIXTURES: &str = "tests/fixtures";

/// Each fixture family (a folder of `tests/fixtures` with an `openapi.yaml`) by name, sorted.
pub fn families() -> Vec<(String, PathBuf)> {
    let mut families: Vec<(String, PathBuf)> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|dir| dir.join("openapi.yaml").exists())
        .map(|dir| (dir.file_name().unwrap().to_string_lossy().into_owned(), dir))
        .collect();
    families.sort();
    families
}
