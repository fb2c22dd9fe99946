//! `cargo xtask generate` without an SDK config: a standalone crate for any spec, which must compile
//! without warnings.

use std::path::Path;
use std::process::Command;

use sdkgen::output;

#[test]
fn a_configless_spec_becomes_a_crate_that_compiles_without_warnings() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let output = output::standalone_output(&spec, None, "petstore").unwrap_or_else(|error| panic!("{error}"));

    let paths: Vec<&str> = output.files.iter().map(|file| file.path.as_str()).collect();
    for expected in [
        "Cargo.toml",
        "src/lib.rs",
        "src/runtime/transport.rs",
        "src/petstore/client.rs",
        "src/petstore/pets.rs",
        "src/petstore/health.rs",
        "src/petstore/types.rs",
    ] {
        assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
    }
    let pets = &output.files.iter().find(|file| file.path == "src/petstore/pets.rs").unwrap().contents;
    assert!(pets.contains("pub fn list_pets(&self) -> ListPetsRequest"), "methods are named from operation ids");
    assert!(
        pets.contains("pub fn put_pets_pet_id_photo(&self, pet_id: i64)"),
        "an operation without id is named from method and path"
    );
    assert!(pets.contains("#[deprecated("), "deprecated operations are marked");
    let types = &output.files.iter().find(|file| file.path == "src/petstore/types.rs").unwrap().contents;
    assert!(types.contains("pub self_: Option<String>") && types.contains("pub n2nd_owner: Option<String>"));
    assert!(types.contains("#[serde(rename = \"1st-class\")]\n    V1stClass,"));

    // Outside the workspace, so that cargo treats it as its own package; the workspace's lock file
    // pins the same dependency versions.
    let crate_dir = std::env::temp_dir().join(format!("sdkgen-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&crate_dir);
    for file in &output.files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.contents).unwrap();
    }
    std::fs::copy(workspace.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let status = Command::new(env!("CARGO"))
        .arg("check")
        .args(["--quiet", "--features", "blocking"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", workspace.join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .unwrap();
    assert!(status.success(), "the generated crate in {} does not compile cleanly", crate_dir.display());
    std::fs::remove_dir_all(&crate_dir).unwrap();
}
