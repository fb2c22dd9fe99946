//! Rewrites OpenAPI 3.1 (JSON Schema 2020-12) schemas into their OpenAPI 3.0 equivalents, so that one
//! model (`openapiv3`) serves both versions. Only schemas are touched.
//!
//! - `true` → `{}` (anything), `false` → `{not: {}}` (nothing).
//! - `type: [T, "null"]` → `type: T` plus `nullable: true`; several non-null types → `anyOf` of each.
//! - `anyOf`/`oneOf` members `{type: "null"}` → dropped, with `nullable: true` on the parent.
//! - `const: v` → `enum: [v]`.
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` plus the 3.0 boolean flag.
//! - `examples` (a list of values in 3.1) → its first as `example`, in the repair pass.

use serde_json::{Map, Value};

use super::walk::Visitor;
use crate::diagnostics::{Error, Pointer};

/// The 3.1 → 3.0 rewrite, as a [`Visitor`] of every schema.
pub(super) struct Normalize31;

impl Visitor for Normalize31 {
    fn schema(&mut self, schema: &mut Value, _pointer: &Pointer) -> Result<(), Error> {
        match schema {
            Value::Bool(true) => *schema = Value::Object(Map::new()),
            Value::Bool(false) => *schema = serde_json::json!({"not": {}}),
            Value::Object(object) => normalize_schema_keys(object),
            _ => {}
        }
        Ok(())
    }
}

fn normalize_schema_keys(object: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = object.get("type") {
        let mut types: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        let nullable = types.iter().any(|ty| ty == "null");
        types.retain(|ty| ty != "null");
        if nullable {
            object.insert("nullable".into(), Value::Bool(true));
        }
        match types.as_slice() {
            [] => {
                object.remove("type");
            }
            [single] => {
                object.insert("type".into(), Value::String(single.clone()));
            }
            several => {
                object.remove("type");
                let members = several
                    .iter()
                    .map(|ty| Value::Object(Map::from_iter([("type".to_owned(), Value::String(ty.clone()))])));
                object.insert("anyOf".into(), Value::Array(members.collect()));
            }
        }
    }
    if object.get("type").and_then(Value::as_str) == Some("null") {
        object.remove("type");
        object.insert("nullable".into(), Value::Bool(true));
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = object.get_mut(key) {
            let before = members.len();
            members.retain(|member| member.get("type").and_then(Value::as_str) != Some("null"));
            if members.len() != before {
                object.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    if let Some(constant) = object.remove("const") {
        object.insert("enum".into(), Value::Array(vec![constant]));
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(bound @ Value::Number(_)) = object.get(exclusive).cloned() {
            object.insert(inclusive.into(), bound);
            object.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn normalized(mut schema: Value) -> Value {
        super::super::walk::schema(&mut schema, &Pointer::root(), &mut Normalize31).unwrap();
        schema
    }

    #[test]
    fn type_arrays_and_null_members_become_nullable() {
        let schema = json!({
            "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]},
                "c": {"type": ["string", "integer"]},
                "d": {"const": "file", "exclusiveMinimum": 0},
                "e": true,
                "f": false
            }
        });
        assert_eq!(
            normalized(schema),
            json!({
                "properties": {
                    "a": {"type": "string", "nullable": true},
                    "b": {"anyOf": [{"$ref": "#/components/schemas/X"}], "nullable": true},
                    "c": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "d": {"enum": ["file"], "minimum": 0, "exclusiveMinimum": true},
                    "e": {},
                    "f": {"not": {}}
                }
            })
        );
    }
}
