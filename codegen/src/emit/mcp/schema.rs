//! Each tool's input as JSON Schema, from the types the SDK's setters take: what an agent reads to
//! call the tool. Named types are `$ref`s to one table of definitions, which the server puts
//! beside each tool's schema when it lists the tool.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::ir::{Api, Constraints, Field, McpSource, McpTool, Method, TypeDefKind, TypeId, TypeRef};

/// A tool's input schema, and the named types it refers to, directly or not.
pub(super) struct ToolSchema {
    pub schema: Value,
    pub definitions: BTreeSet<TypeId>,
}

/// The schema of `tool`'s arguments: an object with one property per argument.
pub(super) fn tool_schema(api: &Api, method: &Method, tool: &McpTool) -> ToolSchema {
    let mut refs = BTreeSet::new();
    let mut properties = Map::new();
    let mut required = Vec::new();
    for argument in &tool.arguments {
        let (schema, needed) = argument_schema(api, method, argument.source, &mut refs);
        if needed {
            required.push(Value::from(argument.name.clone()));
        }
        properties.insert(argument.name.clone(), schema);
    }
    let mut schema = json!({ "type": "object", "properties": properties, "additionalProperties": false });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    ToolSchema { schema, definitions: closure(api, refs) }
}

/// One argument's schema, and whether the tool requires it.
fn argument_schema(api: &Api, method: &Method, source: McpSource, refs: &mut BTreeSet<TypeId>) -> (Value, bool) {
    match source {
        McpSource::PathParam(id) => {
            let param = method.path_param(id);
            let mut schema = type_schema(api, &param.ty, refs);
            describe(&mut schema, param.doc.as_deref(), param.deprecated, &param.constraints, param.default.as_ref());
            (schema, true)
        }
        McpSource::Setter(index) => {
            let view = method.setter_view(&api.types, &method.setters[index]);
            let mut schema = type_schema(api, view.ty, refs);
            if view.nullable {
                schema = nullable(schema);
            }
            describe(&mut schema, view.doc, view.deprecated, view.constraints, view.default);
            (schema, view.required && !view.nullable)
        }
        McpSource::Stream => {
            let text = "Collects the response's events (a stream the server sends as it works) and returns them as a JSON array.";
            (json!({ "type": "boolean", "description": text }), false)
        }
        McpSource::SaveTo => {
            let text = "A local file to save the response's content to. Without it, text content is returned and binary content is described.";
            (json!({ "type": "string", "description": text }), false)
        }
    }
}

/// The schema of a value of `ty`; named types become references, noted in `refs`.
fn type_schema(api: &Api, ty: &TypeRef, refs: &mut BTreeSet<TypeId>) -> Value {
    match ty {
        TypeRef::String => json!({ "type": "string" }),
        TypeRef::I32 | TypeRef::I64 => json!({ "type": "integer" }),
        TypeRef::F32 | TypeRef::F64 => json!({ "type": "number" }),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::DateTime => json!({ "type": "string", "format": "date-time" }),
        TypeRef::Date => json!({ "type": "string", "format": "date" }),
        TypeRef::Uuid => json!({ "type": "string", "format": "uuid" }),
        TypeRef::Upload => json!({ "type": "string", "description": "The path of a local file to upload." }),
        TypeRef::Json => json!({}),
        TypeRef::Array(item) => json!({ "type": "array", "items": type_schema(api, item, refs) }),
        TypeRef::Map(value) => json!({ "type": "object", "additionalProperties": type_schema(api, value, refs) }),
        TypeRef::Nullable(inner) => nullable(type_schema(api, inner, refs)),
        TypeRef::Named(id) => {
            refs.insert(*id);
            json!({ "$ref": format!("#/$defs/{}", api.ty(*id).name.bare()) })
        }
    }
}

fn nullable(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// Adds the spec's words about a value to its schema.
fn describe(
    schema: &mut Value,
    doc: Option<&str>,
    deprecated: bool,
    constraints: &Constraints,
    default: Option<&Value>,
) {
    let Value::Object(object) = schema else { return };
    if let Some(doc) = doc.map(str::trim).filter(|doc| !doc.is_empty()) {
        object.insert("description".to_owned(), doc.into());
    }
    if deprecated {
        object.insert("deprecated".to_owned(), true.into());
    }
    if let Some(default) = default {
        object.insert("default".to_owned(), default.clone());
    }
    let numbers = [
        ("minLength", constraints.min_length.map(Value::from)),
        ("maxLength", constraints.max_length.map(Value::from)),
        ("minimum", constraints.minimum.map(number)),
        ("maximum", constraints.maximum.map(number)),
        ("minItems", constraints.min_items.map(Value::from)),
        ("maxItems", constraints.max_items.map(Value::from)),
        ("minProperties", constraints.min_properties.map(Value::from)),
    ];
    for (keyword, value) in numbers {
        if let Some(value) = value {
            object.insert(keyword.to_owned(), value);
        }
    }
    if constraints.unique_items {
        object.insert("uniqueItems".to_owned(), true.into());
    }
    if let Some(pattern) = &constraints.pattern {
        object.insert("pattern".to_owned(), pattern.clone().into());
    }
    if let Some(format) = &constraints.format {
        object.entry("format").or_insert_with(|| format.clone().into());
    }
}

/// A bound as JSON: whole numbers without a fraction (`60`, not `60.0`).
fn number(bound: f64) -> Value {
    match bound.fract() == 0.0 && bound.abs() < 9.0e15 {
        // Whole and within f64's exact integers, so the cast loses nothing.
        true => Value::from(bound as i64),
        false => Value::from(bound),
    }
}

/// `refs` and every named type they refer to, in turn.
fn closure(api: &Api, refs: BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut done = BTreeSet::new();
    let mut pending: Vec<TypeId> = refs.into_iter().collect();
    while let Some(id) = pending.pop() {
        if done.insert(id) {
            let mut more = BTreeSet::new();
            definition(api, id, &mut more);
            pending.extend(more.into_iter().filter(|id| !done.contains(id)));
        }
    }
    done
}

/// The schema of the named type `id`, as a request sends it.
pub(super) fn definition(api: &Api, id: TypeId, refs: &mut BTreeSet<TypeId>) -> Value {
    let ty = api.ty(id);
    let mut schema = match &ty.kind {
        TypeDefKind::Struct(object) => object_schema(api, &object.fields, refs),
        TypeDefKind::Enum(variants) => {
            let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
            json!({ "type": "string", "enum": values })
        }
        TypeDefKind::IntegerEnum(variants) => {
            let values: Vec<i64> = variants.iter().map(|variant| variant.value).collect();
            json!({ "type": "integer", "enum": values })
        }
        TypeDefKind::Alias(target) => type_schema(api, target, refs),
        TypeDefKind::Union(union) => {
            let variants: Vec<Value> =
                union.variants.iter().map(|variant| type_schema(api, &variant.ty, refs)).collect();
            json!({ "anyOf": variants })
        }
    };
    describe(&mut schema, ty.doc.as_deref(), ty.deprecated, &Constraints::default(), None);
    schema
}

/// An object's settable properties: what a request may send.
fn object_schema(api: &Api, fields: &[Field], refs: &mut BTreeSet<TypeId>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    // A constant the SDK fills in itself, and what only responses carry, are not the agent's to give.
    for field in fields.iter().filter(|field| field.is_settable()) {
        let mut schema = type_schema(api, &field.ty, refs);
        if field.nullable {
            schema = nullable(schema);
        }
        describe(&mut schema, field.doc.as_deref(), field.deprecated, &field.constraints, field.default.as_ref());
        if field.required {
            required.push(Value::from(field.wire_name.clone()));
        }
        properties.insert(field.wire_name.clone(), schema);
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}
