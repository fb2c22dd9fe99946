//! The spec's examples, checked against their schemas by a JSON Schema validator from crates.io
//! (`jsonschema`), not by the SDK's reading of the spec: an example that breaks its own schema is
//! the spec's fault, and no test is made from it.
//!
//! OpenAPI 3.0 schemas are JSON Schema draft 4 with a few words of their own, which are rewritten
//! first: `nullable` admits `null`, a `writeOnly` property is not required of a response, and a
//! `oneOf` with a `discriminator` is told apart by it, not by fitting one member only.
//! (3.1 documents were normalized to that form when loaded.)

use std::collections::HashMap;
use std::sync::Arc;

use jsonschema::{Draft, Registry, Validator};
use openapiv3::OpenAPI;
use serde_json::{json, Map, Value};

/// The URI the spec is registered under, for references into it.
const SPEC_URI: &str = "urn:sdkgen:spec";
/// The validator's complaints reported per example.
const MAX_PROBLEMS: usize = 3;
/// How many references that only name another schema are followed to find the one to compile.
const MAX_REFERENCE_HOPS: usize = 8;

/// What the validator says of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleVerdict {
    /// It fits its schema.
    Fits,
    /// It breaks its schema: where and how, as the validator says.
    Breaks(String),
    /// The schema could not be checked (a reference the validator cannot follow): why.
    Unchecked(String),
}

impl ExampleChecker {
    /// A checker of examples against the schemas of `openapi`. Made when lowering finds the first
    /// example, so that a spec without examples pays nothing for it.
    pub fn for_spec(openapi: &OpenAPI) -> Self {
        let mut document = serde_json::to_value(openapi).unwrap_or_default();
        if let Value::Object(root) = &mut document {
            root.retain(|key, _| key == "paths" || key == "components");
        }
        Self::from_document(document)
    }

    /// A checker of examples against the schemas of `document`, which holds an OpenAPI 3.0
    /// document's `paths` and `components`.
    pub(super) fn from_document(mut document: Value) -> Self {
        as_json_schema(&mut document);
        // One copy of the document, shared with the registry that resolves references into it.
        let document = Arc::new(document);
        let registry = Registry::new()
            .draft(Draft::Draft4)
            .retrieve_known_draft_meta_schemas(false)
            .add(SPEC_URI, Arc::clone(&document))
            .and_then(|builder| builder.prepare())
            .map_err(|error| error.to_string());
        ExampleChecker { document, registry, validators: HashMap::new() }
    }
}

/// Checks examples, compiling each schema once.
pub struct ExampleChecker {
    document: Arc<Value>,
    registry: Result<Registry<'static>, String>,
    /// By the pointer of the schema itself, past references that only name it.
    validators: HashMap<String, Result<Validator, String>>,
}

impl ExampleChecker {
    /// What the validator says of `example` as an instance of the schema at `schema_pointer` (a
    /// JSON pointer into the spec).
    pub fn check(&mut self, schema_pointer: &str, example: &Value) -> ExampleVerdict {
        let validator = match self.validator(schema_pointer) {
            Ok(validator) => validator,
            Err(error) => return ExampleVerdict::Unchecked(error.clone()),
        };
        let problems: Vec<String> = validator
            .iter_errors(example)
            .take(MAX_PROBLEMS)
            .map(|error| {
                let at = error.instance_path().to_string();
                format!("{}: {error}", if at.is_empty() { "/" } else { &at })
            })
            .collect();
        match problems.is_empty() {
            true => ExampleVerdict::Fits,
            false => ExampleVerdict::Breaks(problems.join("; ")),
        }
    }
}

impl ExampleChecker {
    /// Whether `value` fits the schema at `schema_pointer`; `true` when the schema cannot be
    /// checked.
    pub(super) fn fits(&mut self, schema_pointer: &str, value: &Value) -> bool {
        self.validator(schema_pointer).as_ref().map_or(true, |validator| validator.is_valid(value))
    }

    /// The spec's schema at `schema_pointer`, resolved in the converted document.
    pub(super) fn schema_at(&self, schema_pointer: &str) -> Option<&Value> {
        self.document.pointer(schema_pointer)
    }

    /// The validator of the schema at `schema_pointer`, compiled once per schema: a response
    /// schema that only refers to a component shares the component's.
    fn validator(&mut self, schema_pointer: &str) -> &Result<Validator, String> {
        let schema_pointer = self.named(schema_pointer);
        let registry = &self.registry;
        self.validators.entry(schema_pointer).or_insert_with_key(|schema_pointer| {
            let registry = registry.as_ref().map_err(Clone::clone)?;
            let schema = json!({ "$ref": format!("{SPEC_URI}#{}", fragment(schema_pointer)) });
            jsonschema::options()
                .with_draft(Draft::Draft4)
                .with_registry(registry)
                .should_validate_formats(true)
                .build(&schema)
                .map_err(|error| error.to_string())
        })
    }
}

impl ExampleChecker {
    /// The pointer of the schema that the one at `schema_pointer` names, if it is only a local
    /// `$ref` (followed a bounded number of times, since references may loop).
    fn named(&self, schema_pointer: &str) -> String {
        let mut pointer = schema_pointer;
        for _ in 0..MAX_REFERENCE_HOPS {
            let Some(Value::Object(schema)) = self.document.pointer(pointer) else { break };
            let local = schema.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#'));
            match (schema.len(), local) {
                (1, Some(named)) if named.starts_with('/') => pointer = named,
                _ => break,
            }
        }
        pointer.to_owned()
    }
}

/// A JSON pointer as a URI fragment: what a URI cannot hold percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut encoded = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Rewrites OpenAPI's words into JSON Schema's, in every schema `value` holds.
fn as_json_schema(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.values_mut().for_each(as_json_schema);
            without_write_only_required(object);
            discriminated_any_of(object);
            admit_null(value);
        }
        Value::Array(items) => items.iter_mut().for_each(as_json_schema),
        _ => {}
    }
}

/// A `oneOf` with a `discriminator` as an `anyOf`: OpenAPI picks its member by the discriminator,
/// so members that a value fits alike (a dog has a name, so does a cat) do not make it invalid.
fn discriminated_any_of(object: &mut Map<String, Value>) {
    if object.contains_key("discriminator") && !object.contains_key("anyOf") {
        if let Some(members) = object.remove("oneOf") {
            object.insert("anyOf".to_owned(), members);
        }
    }
}

/// A schema that says `nullable: true`, admitting `null`.
fn admit_null(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else { return };
    if object.remove("nullable") != Some(Value::Bool(true)) {
        return;
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        values.push(Value::Null);
    }
    match object.get("type").cloned() {
        Some(Value::String(ty)) => {
            object.insert("type".to_owned(), json!([ty, "null"]));
        }
        // A reference, a composition or no type at all: `null` or the schema.
        _ => *schema = json!({ "anyOf": [{ "type": "null" }, schema.take()] }),
    }
}

/// An object schema's `required` without its `writeOnly` properties, which responses leave out.
fn without_write_only_required(object: &mut Map<String, Value>) {
    let write_only: Vec<String> = match object.get("properties") {
        Some(Value::Object(properties)) => properties
            .iter()
            .filter(|(_, property)| property.get("writeOnly") == Some(&Value::Bool(true)))
            .map(|(name, _)| name.clone())
            .collect(),
        _ => return,
    };
    if let (false, Some(Value::Array(required))) = (write_only.is_empty(), object.get_mut("required")) {
        required.retain(|name| !name.as_str().is_some_and(|name| write_only.iter().any(|other| other == name)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> ExampleChecker {
        ExampleChecker::from_document(json!({
            "paths": {"/files/{id}": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/File"}
            }}}}}}},
            "components": {"schemas": {
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
                "discriminator": {"propertyName": "kind"}
            },
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}}},
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
            "File": {
                "type": "object",
                "required": ["id", "secret"],
                "properties": {
                    "id": {"type": "string"},
                    "size": {"type": "integer", "nullable": true},
                    "kind": {"type": "string", "enum": ["csv"], "nullable": true},
                    "parent": {"allOf": [{"$ref": "#/components/schemas/File"}], "nullable": true},
                    "created_at": {"type": "string", "format": "date-time"},
                    "secret": {"type": "string", "writeOnly": true}
                }
            }}}
        }))
    }

    #[test]
    fn examples_are_checked_as_openapi_reads_its_schemas() {
        let mut checker = checker();
        let schema = "/paths/~1files~1{id}/get/responses/200/content/application~1json/schema";
        let fits =
            json!({"id": "f1", "size": null, "kind": null, "parent": null, "created_at": "2026-12-06T00:00:00Z"});
        assert_eq!(checker.check(schema, &fits), ExampleVerdict::Fits);
        let ExampleVerdict::Breaks(problems) = checker.check(schema, &json!({"size": "big", "created_at": "today"}))
        else {
            panic!("the example breaks its schema")
        };
        assert!(problems.contains("\"id\" is a required property"), "{problems}");
        assert!(problems.contains("/size: "), "{problems}");
        assert!(problems.contains("/created_at: "), "{problems}");
        assert!(matches!(checker.check("/components/schemas/Nothing", &fits), ExampleVerdict::Unchecked(_)));
        // Both members fit a dog; the discriminator tells which it is.
        assert_eq!(
            checker.check("/components/schemas/Pet", &json!({"kind": "dog", "barks": true})),
            ExampleVerdict::Fits
        );
    }

    #[test]
    fn a_reference_shares_its_schemas_validator() {
        let mut checker = checker();
        let response = "/paths/~1files~1{id}/get/responses/200/content/application~1json/schema";
        assert_eq!(checker.named(response), "/components/schemas/File");
        let broken = json!({"id": 5});
        assert!(matches!(checker.check(response, &broken), ExampleVerdict::Breaks(_)));
        assert!(matches!(checker.check("/components/schemas/File", &broken), ExampleVerdict::Breaks(_)));
        assert_eq!(checker.validators.len(), 1);
    }
}
