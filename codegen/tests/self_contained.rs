//! A clone is all the project needs: no file the tests, the build or the README's commands use
//! names a folder beside the repository (as the corpus once was, in a `shared` folder there).
//! Documentation may tell where material came from; code and scripts may not read it there.

use std::path::{Path, PathBuf};

/// Every file of the repository that is not documentation, a build output or version control.
fn source_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "node_modules") {
                source_files(&path, files);
            }
        } else if !name.ends_with(".md") && !name.ends_with(".snap") {
            files.push(path);
        }
    }
}

#[test]
fn no_file_reads_a_folder_beside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root");
    let mut files = Vec::new();
    source_files(root, &mut files);
    assert!(files.len() > 100, "the walk found the repository: {} files", files.len());
    // Written in two pieces, so that this file does not name what it looks for.
    let beside = ["../", "shared"].concat();
    let offenders: Vec<String> = files
        .iter()
        .filter(|file| std::fs::read_to_string(file).is_ok_and(|text| text.contains(&beside)))
        .map(|file| file.strip_prefix(root).unwrap_or(file).display().to_string())
        .collect();
    assert!(offenders.is_empty(), "files that read a folder beside the repository: {offenders:?}");
}
