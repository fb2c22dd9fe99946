//! Additions to a spec do not break users: a crate that uses an SDK generated from one version of a
//! spec still compiles against the SDK generated from the next, which adds a response field, an enum
//! value, a union variant and an optional parameter; and the API-change report calls each of these
//! compatible.

#[path = "common/standalone_cargo.rs"]
mod standalone_cargo;

use std::path::Path;

use sdkgen::output;

const V1: &str = r##"openapi: 3.0.3
info: {title: Shop, version: "1"}
servers: [{url: "https://shop.example"}]
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
components:
  schemas:
    Item:
      type: object
      required: [id, kind]
      properties:
        id: {type: string}
        kind: {$ref: "#/components/schemas/Kind"}
        shape: {$ref: "#/components/schemas/Shape"}
    Kind: {type: string, enum: [small, large]}
    Shape:
      oneOf: [{$ref: "#/components/schemas/Round"}]
      discriminator: {propertyName: type}
    Round: {type: object, required: [type], properties: {type: {type: string}, radius: {type: number}}}
"##;

/// V1 with a field, an enum value, a union variant and an optional parameter added.
fn v2() -> String {
    V1.replace("        shape: {$ref: \"#/components/schemas/Shape\"}\n", "        shape: {$ref: \"#/components/schemas/Shape\"}\n        note: {type: string}\n")
        .replace("enum: [small, large]", "enum: [small, large, huge]")
        .replace("oneOf: [{$ref: \"#/components/schemas/Round\"}]", "oneOf: [{$ref: \"#/components/schemas/Round\"}, {$ref: \"#/components/schemas/Square\"}]")
        .replace("    Round:", "    Square: {type: object, required: [type], properties: {type: {type: string}, side: {type: number}}}\n    Round:")
        .replace("        - {name: limit, in: query, schema: {type: integer}}\n", "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: sort, in: query, schema: {type: string}}\n")
}

/// What a user writes against the SDK: builds values for tests, reads fields, matches enums and
/// unions (with the wildcard arm `#[non_exhaustive]` asks for), sends a request.
const USER: &str = r#"
use shop::types::{Item, Kind, Shape};

pub fn describe(item: &Item) -> String {
    let kind = match &item.kind {
        Kind::Small => "small".to_owned(),
        Kind::Large => "large".to_owned(),
        Kind::Unknown(value) => value.as_str().to_owned(),
        other => other.as_str().to_owned(),
    };
    let shape = match &item.shape {
        Some(Shape::Round(round)) => format!("round {:?}", round.radius),
        Some(Shape::Unknown(value)) => format!("{}", value.get()),
        Some(_) | None => String::new(),
    };
    format!("{} {kind} {shape}", item.id)
}

pub fn fixture() -> Item {
    let mut item = Item::new("i1".into(), Kind::from("small"));
    item.shape = None;
    item
}

pub async fn first(client: &shop::Client) -> Result<Item, shop::Error> {
    client.items().list_items().limit(10).send().await
}
"#;

fn write_crate(dir: &Path, files: impl IntoIterator<Item = (String, String)>) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

fn generate(dir: &Path, spec: &str) {
    let spec_path = dir.with_extension("yaml");
    std::fs::write(&spec_path, spec).unwrap();
    let output = output::standalone_output(&spec_path, None, "shop").unwrap_or_else(|error| panic!("{error}"));
    write_crate(dir, output.files.into_iter().map(|file| (file.path, file.contents)));
}

fn check(user: &Path, workspace: &Path) {
    let status = standalone_cargo::cargo(workspace, user, &["check", "--quiet"]).status().unwrap();
    assert!(status.success(), "the user crate in {} does not compile", user.display());
}

#[test]
fn a_crate_using_the_sdk_still_compiles_after_additions_the_report_calls_compatible() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    // Outside the workspace, so that cargo treats them as packages of their own.
    let root = std::env::temp_dir().join(format!("sdkgen-semver-{}", std::process::id()));
    let (sdk, user) = (root.join("shop"), root.join("user"));
    std::fs::create_dir_all(&root).unwrap();
    let manifest = "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nshop = { path = \"../shop\" }\n";
    write_crate(&user, [("Cargo.toml".to_owned(), manifest.to_owned()), ("src/lib.rs".to_owned(), USER.to_owned())]);
    std::fs::copy(workspace.join("Cargo.lock"), user.join("Cargo.lock")).unwrap();

    generate(&sdk, V1);
    check(&user, workspace);
    generate(&sdk, &v2());
    check(&user, workspace);

    std::fs::write(root.join("v1.yaml"), V1).unwrap();
    std::fs::write(root.join("v2.yaml"), v2()).unwrap();
    let (_, changes) = output::api_diff(&root.join("v1.yaml"), &root.join("v2.yaml"), None, None, "shop").unwrap();
    let kinds: Vec<(&str, bool)> = changes.iter().map(|change| (change.kind.as_str(), change.breaking)).collect();
    assert_eq!(
        kinds,
        [
            ("optional parameter added", false),
            ("field added", false),
            ("enum value added", false),
            ("union variant added", false),
            ("type added", false),
        ],
        "{changes:#?}"
    );
    std::fs::remove_dir_all(root).unwrap();
}
