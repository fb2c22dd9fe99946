//! `cargo xtask generate` without an SDK config: a standalone crate for any spec (one provider at the
//! crate's root, on the runtime crate or with a copy of it), which must compile without warnings;
//! and one of hundreds of operations.

#[path = "common/standalone_cargo.rs"]
mod standalone_cargo;

use std::path::Path;

use sdkgen::diagnostics::Severity;
use sdkgen::ir::RuntimeSource;
use sdkgen::output;

#[test]
fn a_configless_spec_becomes_a_crate_that_compiles_without_warnings() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let output = output::standalone_output(&spec, None, "petstore").unwrap_or_else(|error| panic!("{error}"));

    let paths: Vec<&str> = output.files.iter().map(|file| file.path.as_str()).collect();
    for expected in [
        "Cargo.toml",
        "src/lib.rs",
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
    assert!(types.contains("self_: String = \"self\",") && types.contains("n2nd_owner: String = \"2nd_owner\","));
    assert!(types.contains("V1stClass = \"1st-class\","));

    let cargo_toml = &output.files.iter().find(|file| file.path == "Cargo.toml").unwrap().contents;
    let runtime = format!("sdkgen-runtime = {{ version = \"{}\" }}\n", output::runtime_version());
    assert!(cargo_toml.contains(&runtime), "{cargo_toml}");
    assert!(!paths.iter().any(|path| path.starts_with("src/runtime/")), "{paths:?}");
    assert!(cargo_toml.contains("default = [\"full\"]\n"), "{cargo_toml}");
    assert!(cargo_toml.contains("full = [\"health\", \"pets\", \"schemas\"]\n"), "{cargo_toml}");
    assert!(cargo_toml.contains("# `client.pets()`: Pets for sale.\npets = []\n"), "{cargo_toml}");
    // `Pet` is what `pets` methods return; `Named` is a schema no method uses.
    assert!(
        types.contains("#[cfg(feature = \"pets\")]\ncrate::runtime::objects::object! {\n    /// The `Pet` schema"),
        "{types}"
    );
    assert!(types.contains("#[cfg(feature = \"schemas\")]\n"), "{types}");

    check_crate(
        &output,
        "petstore",
        &[
            &["--features", "blocking,serialize"],
            &["--no-default-features", "--features", "pets"],
            &["--no-default-features", "--features", "health,blocking"],
        ],
    );
}

/// `--inline-runtime`: the runtime's sources are the crate's `runtime` module, and it depends on no
/// runtime crate. A crate written to a known folder otherwise finds the runtime crate by a path.
#[test]
fn an_inline_runtime_is_a_module_of_the_crate_and_a_crate_runtime_is_found_by_path() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let provider = output::Provider { spec, config: None, name: "petstore".to_owned(), overlays: Vec::new() };
    let crate_dir = std::env::temp_dir().join(format!("sdkgen-runtime-path-{}", std::process::id()));
    let generate = |runtime| {
        let options = output::StandaloneOptions { runtime, ..Default::default() };
        output::standalone_output_in(&provider, &crate_dir, &options).unwrap_or_else(|error| panic!("{error}"))
    };
    let contents = |output: &output::Output, path: &str| {
        output.files.iter().find(|file| file.path == path).map(|file| file.contents.clone())
    };

    let inline = generate(Some(RuntimeSource::Inline));
    let manifest = contents(&inline, "Cargo.toml").unwrap();
    assert!(!manifest.contains("sdkgen-runtime"), "{manifest}");
    assert!(manifest.contains("\nhmac = "), "the runtime's own dependencies: {manifest}");
    assert!(contents(&inline, "src/lib.rs").unwrap().contains("pub mod runtime;"));
    let objects = contents(&inline, "src/runtime/objects.rs").unwrap();
    assert!(objects.contains("$crate::runtime::objects::object!(@serde"));
    check_crate(&inline, "inline-petstore", &[&["--all-features"], &["--no-default-features", "--features", "pets"]]);

    let on_crate = generate(None);
    let manifest = contents(&on_crate, "Cargo.toml").unwrap();
    let runtime_dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("runtime");
    let line = manifest.lines().find(|line| line.starts_with("sdkgen-runtime = ")).unwrap();
    let path = line.split("path = \"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    assert!(path.starts_with("../") && path.ends_with("/runtime"), "{line}");
    std::fs::create_dir_all(&crate_dir).unwrap();
    let found = crate_dir.join(path).canonicalize().unwrap();
    assert_eq!(found, runtime_dir.canonicalize().unwrap());
    assert!(contents(&on_crate, "src/lib.rs").unwrap().contains("pub use sdkgen_runtime as runtime;"));
    assert!(contents(&on_crate, "src/runtime/mod.rs").is_none());
    std::fs::remove_dir_all(&crate_dir).unwrap();
}

/// Writes the crate outside the workspace (so that cargo treats it as its own package) with the
/// workspace's lock file (the same dependency versions) and runs `cargo check` in it with warnings
/// denied, once with each of `feature_sets`: each resource's feature must compile on its own.
fn check_crate(output: &output::Output, name: &str, feature_sets: &[&[&str]]) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let crate_dir = std::env::temp_dir().join(format!("sdkgen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&crate_dir);
    for (path, contents) in output.files.iter().map(|file| (file.path.as_str(), file.contents.as_str())) {
        let path = crate_dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    std::fs::copy(workspace.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    for features in feature_sets {
        let status =
            standalone_cargo::cargo(workspace, &crate_dir, &["check", "--quiet"]).args(*features).status().unwrap();
        assert!(
            status.success(),
            "`cargo check {features:?}` failed for the generated crate in {}",
            crate_dir.display()
        );
    }
    std::fs::remove_dir_all(&crate_dir).unwrap();
}

#[test]
fn a_spec_with_hundreds_of_operations_becomes_a_crate_that_compiles() {
    let resources = 70;
    let dir = std::env::temp_dir().join(format!("sdkgen-widgets-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("widgets.json");
    std::fs::write(&spec, sdkgen::synthetic::spec(resources)).unwrap();

    let output = output::standalone_output(&spec, None, "widgets").unwrap_or_else(|error| panic!("{error}"));

    let (notes, warnings): (Vec<_>, Vec<_>) =
        output.warnings.iter().partition(|diagnostic| diagnostic.severity == Severity::Note);
    assert!(warnings.is_empty(), "{:#?}", &warnings[..warnings.len().min(5)]);
    // Each resource's list (`next_cursor`, `cursor`) pages by itself, and says so.
    assert_eq!(notes.len(), resources, "{:#?}", &notes[..notes.len().min(5)]);
    assert!(notes[0].message.contains("pages by itself: `pagination: {style: cursor, items: items, next_cursor: next_cursor, cursor_param: cursor}`"), "{}", notes[0]);
    let resources_emitted = output.files.iter().filter(|file| file.path.starts_with("src/widgets/widgets")).count();
    assert_eq!(resources_emitted, resources);
    check_crate(
        &output,
        "widgets",
        &[&["--features", "blocking,serialize"], &["--no-default-features", "--features", "widgets7"]],
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// crates.io refuses more than 300 features: past that, resources share a feature per first letter
/// of their name, and every feature the code names is one `Cargo.toml` declares.
#[test]
fn a_spec_of_more_resources_than_crates_io_allows_features_groups_them_by_letter() {
    let dir = std::env::temp_dir().join(format!("sdkgen-many-resources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("widgets.json");
    std::fs::write(&spec, sdkgen::synthetic::spec(300)).unwrap();

    let output = output::standalone_output(&spec, None, "widgets").unwrap_or_else(|error| panic!("{error}"));

    let manifest = &output.files.iter().find(|file| file.path == "Cargo.toml").unwrap().contents;
    let features_table = manifest.split("[features]").nth(1).unwrap().split("\n[").next().unwrap();
    let declared: Vec<&str> =
        features_table.lines().filter_map(|line| line.split_once(" = ")).map(|(name, _)| name.trim()).collect();
    assert!(declared.len() <= 300, "{} features", declared.len());
    assert!(declared.contains(&"resources-w") && !declared.contains(&"widgets0"), "{declared:?}");
    for file in &output.files {
        for named in file.contents.split("feature = \"").skip(1).filter_map(|rest| rest.split('"').next()) {
            assert!(declared.contains(&named), "{} names the undeclared feature `{named}`", file.path);
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

const ZOO: &str = r##"
openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      responses:
        "200":
          description: Pets.
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
  /orders:
    get:
      tags: [orders]
      operationId: listOrders
      responses:
        "200":
          description: Orders.
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Order"}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
        tag: {type: string}
        owner: {$ref: "#/components/schemas/Owner"}
    Order:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        buyer: {$ref: "#/components/schemas/Owner"}
    Owner:
      type: object
      properties:
        name: {type: string}
        address: {$ref: "#/components/schemas/Address"}
    Address:
      type: object
      properties:
        city: {type: string}
"##;

/// `--split-types`: the types go to three crates in the SDK crate's folder (what both resources
/// use to a shared one, what one uses to its group's), the SDK crate's `types` re-exports them,
/// and its features turn on theirs; it compiles with every feature and with each resource's alone.
#[test]
fn split_types_go_to_crates_of_their_own_that_the_sdk_re_exports() {
    let dir = std::env::temp_dir().join(format!("sdkgen-zoo-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("zoo.yaml"), ZOO).unwrap();
    let provider =
        output::Provider { spec: dir.join("zoo.yaml"), config: None, name: "zoo".to_owned(), overlays: vec![] };
    let crate_dir = std::env::temp_dir().join(format!("sdkgen-zoo-{}", std::process::id()));
    let options = output::StandaloneOptions { split_types: Some(true), ..Default::default() };
    let output =
        output::standalone_output_in(&provider, &crate_dir, &options).unwrap_or_else(|error| panic!("{error}"));
    let contents = |path: &str| match output.files.iter().find(|file| file.path == path) {
        Some(file) => file.contents.clone(),
        None => panic!("{path} missing"),
    };

    let shared = contents("types/src/lib.rs");
    assert!(shared.contains("pub struct Owner {") && shared.contains("pub struct Address {"), "{shared}");
    let (pets, orders) = (contents("types-1/src/lib.rs"), contents("types-2/src/lib.rs"));
    assert!(pets.contains("pub struct Pet {") && pets.contains("use zoo_types::*;"), "{pets}");
    assert!(orders.contains("pub struct Order {") && !orders.contains("pub struct Pet {"), "{orders}");
    let module = contents("src/zoo/types.rs");
    assert!(module.ends_with("pub use zoo_types::*;\n#[cfg(feature = \"pets\")]\npub use zoo_types_1::*;\n#[cfg(feature = \"orders\")]\npub use zoo_types_2::*;\n"), "{module}");
    let manifest = contents("Cargo.toml");
    for line in [
        "pets = [\"zoo-types-1/pets\"]",
        "orders = [\"zoo-types-2/orders\"]",
        "serialize = [\"sdkgen-runtime/serialize\", \"zoo-types/serialize\", \"zoo-types-1/serialize\", \"zoo-types-2/serialize\"]",
        "zoo-types-1 = { version = \"0.1.0\", path = \"types-1\" }",
    ] {
        assert!(manifest.lines().any(|found| found == line), "{line} missing from {manifest}");
    }
    let group = contents("types-1/Cargo.toml");
    assert!(group.contains("\nzoo-types = { version = \"0.1.0\", path = \"../types\" }\n"), "{group}");
    // The petstore's second resource uses no type: one crate would be empty, so there is none.
    let petstore = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let provider = output::Provider { spec: petstore, config: None, name: "petstore".to_owned(), overlays: vec![] };
    let unsplit =
        output::standalone_output_in(&provider, &crate_dir, &options).unwrap_or_else(|error| panic!("{error}"));
    assert!(unsplit.files.iter().all(|file| !file.path.starts_with("types")), "split with an empty crate");
    check_crate(
        &output,
        "zoo",
        &[
            &["--all-features"],
            &["--no-default-features", "--features", "pets"],
            &["--no-default-features", "--features", "orders"],
        ],
    );
    std::fs::remove_dir_all(dir).unwrap();
}
