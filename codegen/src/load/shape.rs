//! Checks the shape of every schema object before `openapiv3` parses it.
//!
//! `openapiv3` falls back to "any schema" when a schema does not parse as its declared type, so a typo
//! such as `type: strng` or `required: yes` would otherwise surface far from its cause, or not at all.

use serde_json::Value;

use super::refs::SourceMap;
use crate::diagnostics::{Error, Pointer};

const TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "object", "array", "null"];

pub fn check_schemas(document: &Value, source_map: &SourceMap) -> Result<(), Error> {
    visit(document, &Pointer::root(), false, source_map)
}

fn visit(value: &Value, pointer: &Pointer, is_schema: bool, source_map: &SourceMap) -> Result<(), Error> {
    match value {
        Value::Object(object) if is_schema => {
            if object.get("$ref").is_none() {
                check_schema(object, pointer, source_map)?;
            }
            for (key, child) in object {
                let child_pointer = pointer.push(key);
                match (key.as_str(), child) {
                    ("items" | "not" | "additionalProperties", Value::Object(_)) => {
                        visit(child, &child_pointer, true, source_map)?
                    }
                    ("properties" | "patternProperties" | "$defs", Value::Object(members)) => {
                        for (name, member) in members {
                            visit(member, &child_pointer.push(name), true, source_map)?;
                        }
                    }
                    ("allOf" | "anyOf" | "oneOf", Value::Array(members)) => {
                        for (index, member) in members.iter().enumerate() {
                            visit(member, &child_pointer.push(index), true, source_map)?;
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(object) => {
            let holds_schemas = pointer.as_str() == "/components/schemas";
            for (key, child) in object {
                visit(child, &pointer.push(key), holds_schemas || key == "schema", source_map)?;
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                visit(child, &pointer.push(index), false, source_map)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_schema(
    schema: &serde_json::Map<String, Value>,
    pointer: &Pointer,
    source_map: &SourceMap,
) -> Result<(), Error> {
    let fail = |key: &str, message: String| Err(source_map.error(pointer.push(key).as_str(), message));
    if let Some(ty) = schema.get("type") {
        match ty.as_str() {
            Some(name) if TYPES.contains(&name) => {}
            Some(name) => {
                return fail("type", format!("unknown schema type `{name}`; expected one of {}", TYPES.join(", ")))
            }
            None => return fail("type", format!("`type` must be a string, found {}", describe(ty))),
        }
    }
    if let Some(required) = schema.get("required") {
        if !required.as_array().is_some_and(|names| names.iter().all(Value::is_string)) {
            return fail(
                "required",
                format!("`required` must be a list of property names, found {}", describe(required)),
            );
        }
    }
    for key in ["properties", "discriminator"] {
        if let Some(value) = schema.get(key).filter(|value| !value.is_object()) {
            return fail(key, format!("`{key}` must be a mapping, found {}", describe(value)));
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "enum"] {
        if let Some(value) = schema.get(key).filter(|value| !value.is_array()) {
            return fail(key, format!("`{key}` must be a list, found {}", describe(value)));
        }
    }
    for key in
        ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum"]
    {
        if let Some(value) = schema.get(key).filter(|value| !value.is_boolean()) {
            return fail(key, format!("`{key}` must be true or false, found {}", describe(value)));
        }
    }
    for key in ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "multipleOf"] {
        if let Some(value) = schema.get(key).filter(|value| !value.is_number()) {
            return fail(key, format!("`{key}` must be a number, found {}", describe(value)));
        }
    }
    for key in ["description", "format", "title", "pattern"] {
        if let Some(value) = schema.get(key).filter(|value| !value.is_string()) {
            return fail(key, format!("`{key}` must be a string, found {}", describe(value)));
        }
    }
    if let Some(items) = schema.get("items").filter(|items| !items.is_object()) {
        return fail("items", format!("`items` must be a schema, found {}", describe(items)));
    }
    Ok(())
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(boolean) => format!("the boolean `{boolean}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(string) => format!("the string `{string}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
