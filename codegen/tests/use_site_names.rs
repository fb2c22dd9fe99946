//! Merging identical types never puts an unrelated name at a use site: over the corpus specs kept in
//! the repository's `corpus/specs` (and the rest of the corpus where `cargo xtask
//! corpus` has fetched it) and the fixtures, every struct field and operation parameter whose schema
//! is a `$ref` to a component (or an array of one) is typed by that component's own type, or by a
//! plain Rust type when the component is a primitive.

use std::path::{Path, PathBuf};

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use sdkgen::ir::{Api, TypeDefKind, TypeRef};
use sdkgen::{load, lower};

fn specs() -> Vec<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../corpus/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|error| panic!("{}: {error}", corpus.display()))
        .flatten()
        .map(|entry| entry.path())
        .collect();
    // The rest of the corpus, where `cargo xtask corpus` has fetched it (GitHub, APIs.guru specs).
    let fetched = manifest.join("../target/corpus/npm");
    if let Ok(entries) = std::fs::read_dir(&fetched) {
        specs.extend(
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json")),
        );
    }
    specs.push(manifest.join("tests/fixtures/merged/openapi.yaml"));
    specs.push(manifest.join("tests/fixtures/petstore.yaml"));
    specs.sort();
    specs
}

/// A name as the comparison sees it: letters and digits, lowercase (`get_pet-200` → `getpet200`).
fn folded(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The component a schema refers to directly, or through the items of an array.
fn referenced(schema: &ReferenceOr<Box<Schema>>) -> Option<(&str, bool)> {
    match schema {
        ReferenceOr::Reference { reference } => Some((reference.strip_prefix("#/components/schemas/")?, false)),
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => match array.items.as_ref()? {
                ReferenceOr::Reference { reference } => Some((reference.strip_prefix("#/components/schemas/")?, true)),
                ReferenceOr::Item(_) => None,
            },
            _ => None,
        },
    }
}

/// Why `ty` is not `component`'s own type (or a plain type), if it is not.
fn mismatch(api: &Api, ty: &TypeRef, component: &str, array: bool) -> Option<String> {
    let ty = match (ty, array) {
        (TypeRef::Array(items), true) => items,
        (ty, false) => ty,
        (other, true) => return Some(format!("{} is not an array", api.describe(other, ""))),
    };
    match ty {
        TypeRef::Named(id) if folded(api.ty(*id).name.bare()) != folded(component) => {
            Some(format!("typed `{}`", api.ty(*id).name.bare()))
        }
        _ => None,
    }
}

/// Each operation parameter whose schema refers to a component: (operation id, parameter,
/// component, whether through an array).
fn referencing_parameters(openapi: &openapiv3::OpenAPI) -> Vec<(String, String, String, bool)> {
    let mut found = Vec::new();
    for (_, item) in openapi.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, operation) in item.iter() {
            let Some(operation_id) = &operation.operation_id else { continue };
            for parameter in operation.parameters.iter().chain(&item.parameters) {
                let ReferenceOr::Item(parameter) = parameter else { continue };
                let data = parameter.parameter_data_ref();
                let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else { continue };
                let schema = match schema {
                    ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
                    ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema.clone())),
                };
                if let Some((component, array)) = referenced(&schema) {
                    found.push((operation_id.clone(), data.name.clone(), component.to_owned(), array));
                }
            }
        }
    }
    found
}

#[test]
fn fields_read_the_names_their_schemas_give() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for spec_path in specs() {
        let spec = load::load_spec(&spec_path).unwrap_or_else(|error| panic!("{error}"));
        let (config, _) = lower::infer_config(&spec, "corpus").unwrap_or_else(|error| panic!("{error}"));
        let (api, _) = lower::lower(&spec, &config, Vec::new()).unwrap_or_else(|error| panic!("{error}"));
        let Some(components) = &spec.openapi.components else { continue };
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(object)), .. }) = schema else {
                continue;
            };
            // Its own struct; one merged into another (an alias now) has that one's fields.
            let Some(def) = api.types.iter().find(|def| folded(def.name.bare()) == folded(name)) else { continue };
            let TypeDefKind::Struct(fields) = &def.kind else { continue };
            for (property, schema) in &object.properties {
                let Some((component, array)) = referenced(schema) else { continue };
                let Some(field) = fields.fields.iter().find(|field| field.wire_name == *property) else { continue };
                checked += 1;
                if let Some(problem) = mismatch(&api, &field.ty, component, array) {
                    wrong.push(format!("{}: {name}.{property} (`{component}`) is {problem}", spec_path.display()));
                }
            }
        }
        for (operation_id, parameter, component, array) in referencing_parameters(&spec.openapi) {
            let methods = api.resources.iter().flat_map(|resource| &resource.methods);
            let Some(method) = methods.into_iter().find(|method| method.operation_id == operation_id) else { continue };
            let params = method.path_params.iter().chain(&method.params);
            let Some(param) = params.into_iter().find(|param| param.wire_name == parameter) else { continue };
            checked += 1;
            if let Some(problem) = mismatch(&api, &param.ty, &component, array) {
                wrong
                    .push(format!("{}: {operation_id}({parameter}) (`{component}`) is {problem}", spec_path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {checked} fields and parameters:\n{}", wrong.len(), wrong.join("\n"));
    assert!(checked > 1000, "only {checked} fields and parameters checked");
}
