//! Where a generated crate's runtime comes from: the `sdkgen-runtime` crate (by version, and by
//! path where the crate is written beside a checkout of the generator), or a copy of its sources.

use std::path::{Component, Path, PathBuf};

use crate::emit::GeneratedFile;
use crate::render::RuntimeDependency;

/// The runtime crate's sources, for crates that carry a copy of it (`runtime: inline`).
pub(super) const RUNTIME_FILES: &[(&str, &str)] = &[
    ("api_request.rs", include_str!("../../../runtime/src/api_request.rs")),
    ("attempt.rs", include_str!("../../../runtime/src/attempt.rs")),
    ("auth.rs", include_str!("../../../runtime/src/auth.rs")),
    ("blocking.rs", include_str!("../../../runtime/src/blocking.rs")),
    ("body.rs", include_str!("../../../runtime/src/body.rs")),
    ("call.rs", include_str!("../../../runtime/src/call.rs")),
    ("config.rs", include_str!("../../../runtime/src/config.rs")),
    ("deadline.rs", include_str!("../../../runtime/src/deadline.rs")),
    ("download.rs", include_str!("../../../runtime/src/download.rs")),
    ("enums.rs", include_str!("../../../runtime/src/enums.rs")),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    ("events.rs", include_str!("../../../runtime/src/events.rs")),
    ("example_check.rs", include_str!("../../../runtime/src/example_check.rs")),
    ("file_io.rs", include_str!("../../../runtime/src/file_io.rs")),
    ("http.rs", include_str!("../../../runtime/src/http.rs")),
    ("intercept.rs", include_str!("../../../runtime/src/intercept.rs")),
    ("lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("log.rs", include_str!("../../../runtime/src/log.rs")),
    ("mock.rs", include_str!("../../../runtime/src/mock.rs")),
    ("multipart.rs", include_str!("../../../runtime/src/multipart.rs")),
    ("objects.rs", include_str!("../../../runtime/src/objects.rs")),
    ("options.rs", include_str!("../../../runtime/src/options.rs")),
    ("pagination.rs", include_str!("../../../runtime/src/pagination.rs")),
    ("progress.rs", include_str!("../../../runtime/src/progress.rs")),
    ("request.rs", include_str!("../../../runtime/src/request.rs")),
    ("response.rs", include_str!("../../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../../runtime/src/retry.rs")),
    ("secret.rs", include_str!("../../../runtime/src/secret.rs")),
    ("spans.rs", include_str!("../../../runtime/src/spans.rs")),
    ("transport.rs", include_str!("../../../runtime/src/transport.rs")),
    ("unknown.rs", include_str!("../../../runtime/src/unknown.rs")),
    ("upload.rs", include_str!("../../../runtime/src/upload.rs")),
    ("validate.rs", include_str!("../../../runtime/src/validate.rs")),
    ("wait.rs", include_str!("../../../runtime/src/wait.rs")),
    ("webhooks.rs", include_str!("../../../runtime/src/webhooks.rs")),
    ("wire.rs", include_str!("../../../runtime/src/wire.rs")),
];

/// The runtime crate as a crate's own `runtime` module: its root becomes `mod.rs`, and its macros'
/// paths, written from the runtime crate's root (`$crate::objects::…`), go through the module. The
/// runtime names nothing else from its root (`crate::…`) but the macros `macro_export` puts there,
/// which are at the root of the crate that carries the copy too.
pub(super) fn inline_runtime_files() -> impl Iterator<Item = GeneratedFile> {
    RUNTIME_FILES.iter().map(|(file, contents)| GeneratedFile {
        path: format!("src/runtime/{}", if *file == "lib.rs" { "mod.rs" } else { file }),
        contents: contents.replace("$crate::", "$crate::runtime::"),
    })
}

/// The version of the runtime crate the generator carries: the one generated crates depend on.
pub fn runtime_version() -> &'static str {
    let manifest = include_str!("../../../runtime/Cargo.toml");
    let line = manifest.lines().find_map(|line| line.strip_prefix("version = \""));
    line.and_then(|rest| rest.strip_suffix('"')).expect("the runtime's Cargo.toml has its version on a line of its own")
}

impl RuntimeDependency {
    /// For the crate written to `crate_dir`, when the generator's own runtime sources are on disk.
    pub(super) fn for_crate_in(crate_dir: &Path) -> Self {
        let runtime_dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(|root| root.join("runtime"));
        let path = runtime_dir.filter(|dir| dir.join("Cargo.toml").exists()).map(|dir| relative_path(crate_dir, &dir));
        Self { version: runtime_version(), path }
    }

    /// For a crate whose folder is not known yet: by version alone.
    pub(super) fn by_version() -> Self {
        Self { version: runtime_version(), path: None }
    }

    /// For a crate at `crate_dir` under a workspace whose runtime crate is at `runtime_dir`, both
    /// relative to the workspace.
    pub(super) fn in_workspace(crate_dir: &str, runtime_dir: &str) -> Self {
        Self { version: runtime_version(), path: Some(relative_path(Path::new(crate_dir), Path::new(runtime_dir))) }
    }
}

/// `to` as seen from `from`, both made absolute the same way; forward slashes, as in `Cargo.toml`.
fn relative_path(from: &Path, to: &Path) -> String {
    let (from, to) = (lexically_absolute(from), lexically_absolute(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.to_string_lossy().replace('\\', "/");
    }
    let ups = from.components().skip(common).map(|_| "..");
    let downs = to.components().skip(common).map(|part| part.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.map(str::to_owned).chain(downs).collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// `path` made absolute against the current folder, with `.` and `..` taken away by reading alone.
fn lexically_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{inline_runtime_files, relative_path, runtime_version};

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(relative_path(Path::new("/w/generated"), Path::new("/w/runtime")), "../runtime");
        assert_eq!(relative_path(Path::new("/tmp/a/b"), Path::new("/w/runtime")), "../../../w/runtime");
        assert_eq!(relative_path(Path::new("/w/x/../generated"), Path::new("/w/./runtime")), "../runtime");
        assert_eq!(relative_path(Path::new("generated"), Path::new("runtime")), "../runtime");
    }

    #[test]
    fn the_runtime_version_is_read_from_its_manifest() {
        assert!(runtime_version().split('.').count() == 3, "{}", runtime_version());
    }

    #[test]
    fn the_inline_copy_reaches_its_macros_through_the_runtime_module() {
        let files: Vec<_> = inline_runtime_files().collect();
        assert!(files.iter().any(|file| file.path == "src/runtime/mod.rs"));
        assert!(files.iter().all(|file| !file.path.ends_with("lib.rs")));
        let objects = files.iter().find(|file| file.path == "src/runtime/objects.rs").unwrap();
        assert!(objects.contents.contains("$crate::runtime::objects::object!(@serde"));
        // Anything else named from the crate root would not be there in a copy.
        for file in &files {
            let from_root = file.contents.match_indices("crate::").filter(|(at, _)| {
                let before = &file.contents[..*at];
                !before.ends_with('$') && !file.contents[at + 7..].starts_with("__sdkgen_")
            });
            assert_eq!(from_root.count(), 0, "{} names the crate root", file.path);
        }
    }
}
