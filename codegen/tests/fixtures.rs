//! The construct fixtures: one small spec per family of constructs under `tests/fixtures/` (names,
//! references, liberal loading, deprecation, unions, allOf, parameters, bodies, pagination, helpers,
//! runtime). Every file the generator emits for them is an `insta` snapshot, so a change to the
//! generator shows up once per construct; together they compile as one crate, with warnings denied,
//! and each family's `test.rs` runs against it (over loopback where it sends requests).

#[path = "common/standalone_cargo.rs"]
mod standalone_cargo;

use std::path::Path;

use common::{families, FIXTURES};
use sdkgen::output::{self, Output, Provider};

mod common;

fn output() -> Output {
    let providers: Vec<Provider> = families()
        .into_iter()
        .map(|(name, dir)| Provider {
            spec: dir.join("openapi.yaml"),
            config: Some(dir.join("sdk.yaml")).filter(|config| config.exists()),
            name,
            overlays: Vec::new(),
        })
        .collect();
    output::multi_provider_output(&providers, "fixtures", "cargo test -p sdkgen --test fixtures")
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn emitted_files_and_warnings() {
    let output = output();
    output.check_rust_syntax().unwrap_or_else(|error| panic!("{error}"));
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_snapshot_path("fixtures/snapshots");
    settings.bind(|| {
        for file in output.files.iter().filter(|file| !file.path.starts_with("src/runtime/")) {
            insta::assert_snapshot!(file.path.replace('/', "__"), file.contents);
        }
        for (family, _) in families() {
            let warnings: Vec<String> = output
                .warnings
                .iter()
                .filter(|warning| warning.file.starts_with(Path::new(FIXTURES).join(&family)))
                .map(ToString::to_string)
                .collect();
            insta::assert_snapshot!(format!("{family}__warnings"), warnings.join("\n"));
        }
    });
}

#[test]
fn fixtures_compile_without_warnings_and_pass_their_tests() {
    let output = output();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    // Outside the workspace, so that cargo treats it as its own package.
    let crate_dir = std::env::temp_dir().join(format!("sdkgen-fixtures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&crate_dir);
    let mut modules = vec!["mod support;".to_owned()];
    let mut files: Vec<(String, String)> =
        output.files.iter().map(|file| (file.path.clone(), file.contents.clone())).collect();
    // One test binary, `tests/all/main.rs`, with a module per family: the crate links once.
    files.push((
        "tests/all/support.rs".to_owned(),
        std::fs::read_to_string(Path::new(FIXTURES).join("support.rs")).unwrap(),
    ));
    for (family, dir) in families() {
        if let Ok(test) = std::fs::read_to_string(dir.join("test.rs")) {
            modules.push(format!("mod {family};"));
            files.push((format!("tests/all/{family}.rs"), test));
        }
    }
    files.push(("tests/all/main.rs".to_owned(), modules.join("\n") + "\n"));
    // The tests read what the SDK sent with parsers of the ecosystem (axum's multipart extractor,
    // which is `multer`; `serde_qs` for forms), not with our own reading, and sign webhooks as
    // their senders do.
    let manifest = files.iter_mut().find(|(path, _)| path == "Cargo.toml").expect("a Cargo.toml");
    assert!(!manifest.1.contains("\naxum ="), "the fixtures crate now has axum of its own: drop this edit");
    manifest.1 = manifest.1.replacen(
        "[dev-dependencies]\n",
        "[dev-dependencies]\naxum = { version = \"0.8\", features = [\"multipart\"] }\nserde_qs = \"1\"\nserde = { version = \"1\", features = [\"derive\"] }\nurl = \"2\"\nbase64 = \"0.22\"\nhmac = \"0.13\"\nsha2 = \"0.11\"\n",
        1,
    );
    for (path, contents) in files {
        let path = crate_dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::copy(workspace.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let status =
        standalone_cargo::cargo(workspace, &crate_dir, &["test", "--quiet", "--all-features"]).status().unwrap();
    assert!(status.success(), "the fixtures crate in {} failed", crate_dir.display());
    std::fs::remove_dir_all(&crate_dir).unwrap();
}
