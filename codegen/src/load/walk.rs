//! Walks an OpenAPI document by what each value is: path items, operations, parameters, bodies,
//! responses, headers, media types and schemas. Passes that care about schemas (3.1 normalization,
//! shape checks, reference resolution) see exactly the schemas, never data that looks like one
//! (an example, a property named `type`).

use serde_json::{Map, Value};

use crate::diagnostics::{Error, Pointer};

/// What an object of the document is, for references to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    PathItem,
    Parameter,
    RequestBody,
    Response,
    Header,
    /// A media type's encoding of one property.
    Encoding,
    Schema,
    Other,
}

/// What a pass does at each place; the walker goes on below what it leaves.
pub(super) trait Visitor {
    /// A schema (an object, a boolean in 3.1, or a reference), before its subschemas are walked.
    fn schema(&mut self, _schema: &mut Value, _pointer: &Pointer) -> Result<(), Error> {
        Ok(())
    }

    /// An object that is not a schema and holds a `$ref`. What it points at is not walked from here.
    fn reference(&mut self, _object: &mut Value, _kind: Kind, _pointer: &Pointer) -> Result<(), Error> {
        Ok(())
    }

    /// An object of `kind` that is not a schema nor a reference, before what it holds is walked.
    fn object(&mut self, _object: &mut Map<String, Value>, _kind: Kind, _pointer: &Pointer) {}

    /// An object that carries examples (a schema, parameter, header or media type, at `pointer`):
    /// examples are data, so passes may drop them.
    fn examples(&mut self, _object: &mut Map<String, Value>, _pointer: &Pointer) {}
}

/// Where OpenAPI 3.0 specs (GitHub's) keep their webhooks, as 3.1 keeps them under `webhooks`.
pub(super) const WEBHOOKS_EXTENSION: &str = "x-webhooks";

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Walks `document` with `visitor`.
pub(super) fn walk(document: &mut Value, visitor: &mut impl Visitor) -> Result<(), Error> {
    let root = Pointer::root();
    let Some(object) = document.as_object_mut() else { return Ok(()) };
    for key in ["paths", "webhooks", WEBHOOKS_EXTENSION] {
        if let Some(paths) = object.get_mut(key) {
            each_entry(paths, &root.push(key), visitor, path_item)?;
        }
    }
    if let Some(components) = object.get_mut("components").and_then(Value::as_object_mut) {
        let at = root.push("components");
        let kinds: [(&str, Step<_>); 7] = [
            ("schemas", schema),
            ("parameters", parameter),
            ("responses", response),
            ("requestBodies", request_body),
            ("headers", header),
            ("pathItems", path_item),
            ("callbacks", callback),
        ];
        for (key, step) in kinds {
            if let Some(entries) = components.get_mut(key) {
                each_entry(entries, &at.push(key), visitor, step)?;
            }
        }
    }
    Ok(())
}

type Step<V> = fn(&mut Value, &Pointer, &mut V) -> Result<(), Error>;

fn each_entry<V: Visitor>(map: &mut Value, pointer: &Pointer, visitor: &mut V, step: Step<V>) -> Result<(), Error> {
    if let Some(entries) = map.as_object_mut() {
        for (key, value) in entries.iter_mut() {
            step(value, &pointer.push(key), visitor)?;
        }
    }
    Ok(())
}

fn each_item<V: Visitor>(list: &mut Value, pointer: &Pointer, visitor: &mut V, step: Step<V>) -> Result<(), Error> {
    if let Some(items) = list.as_array_mut() {
        for (index, value) in items.iter_mut().enumerate() {
            step(value, &pointer.push(index), visitor)?;
        }
    }
    Ok(())
}

/// `value` as an object that is not a reference, after telling the visitor about a reference.
fn object<'v, V: Visitor>(
    value: &'v mut Value,
    kind: Kind,
    pointer: &Pointer,
    visitor: &mut V,
) -> Result<Option<&'v mut Map<String, Value>>, Error> {
    if value.get("$ref").is_some() {
        visitor.reference(value, kind, pointer)?;
        if value.get("$ref").is_some() {
            return Ok(None);
        }
    }
    let object = value.as_object_mut();
    if let Some(object) = object {
        visitor.object(object, kind, pointer);
        return Ok(Some(object));
    }
    Ok(None)
}

fn path_item<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(item) = object(value, Kind::PathItem, pointer, visitor)? else { return Ok(()) };
    if let Some(parameters) = item.get_mut("parameters") {
        each_item(parameters, &pointer.push("parameters"), visitor, parameter)?;
    }
    for method in METHODS {
        if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
            let at = pointer.push(method);
            if let Some(parameters) = operation.get_mut("parameters") {
                each_item(parameters, &at.push("parameters"), visitor, parameter)?;
            }
            if let Some(body) = operation.get_mut("requestBody") {
                request_body(body, &at.push("requestBody"), visitor)?;
            }
            if let Some(responses) = operation.get_mut("responses") {
                each_entry(responses, &at.push("responses"), visitor, response)?;
            }
            if let Some(callbacks) = operation.get_mut("callbacks") {
                each_entry(callbacks, &at.push("callbacks"), visitor, callback)?;
            }
        }
    }
    Ok(())
}

fn callback<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(_) = object(value, Kind::Other, pointer, visitor)? else { return Ok(()) };
    each_entry(value, pointer, visitor, path_item)
}

fn parameter<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(parameter) = object(value, Kind::Parameter, pointer, visitor)? else { return Ok(()) };
    schema_holder(parameter, pointer, visitor)
}

fn header<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(header) = object(value, Kind::Header, pointer, visitor)? else { return Ok(()) };
    schema_holder(header, pointer, visitor)
}

/// A parameter, header or media type: a `schema`, or `content` by media type, and examples.
fn schema_holder<V: Visitor>(holder: &mut Map<String, Value>, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    visitor.examples(holder, pointer);
    if let Some(value) = holder.get_mut("schema") {
        schema(value, &pointer.push("schema"), visitor)?;
    }
    if let Some(content) = holder.get_mut("content") {
        each_entry(content, &pointer.push("content"), visitor, media_type)?;
    }
    Ok(())
}

fn media_type<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(media) = value.as_object_mut() else { return Ok(()) };
    schema_holder(media, pointer, visitor)?;
    if let Some(encodings) = media.get_mut("encoding").and_then(Value::as_object_mut) {
        for (name, encoding) in encodings.iter_mut() {
            let at = pointer.push("encoding").push(name);
            if let Some(encoding) = encoding.as_object_mut() {
                visitor.object(encoding, Kind::Encoding, &at);
            }
            if let Some(headers) = encoding.get_mut("headers") {
                each_entry(headers, &at.push("headers"), visitor, header)?;
            }
        }
    }
    Ok(())
}

fn request_body<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(body) = object(value, Kind::RequestBody, pointer, visitor)? else { return Ok(()) };
    if let Some(content) = body.get_mut("content") {
        each_entry(content, &pointer.push("content"), visitor, media_type)?;
    }
    Ok(())
}

fn response<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    let Some(response) = object(value, Kind::Response, pointer, visitor)? else { return Ok(()) };
    if let Some(content) = response.get_mut("content") {
        each_entry(content, &pointer.push("content"), visitor, media_type)?;
    }
    if let Some(headers) = response.get_mut("headers") {
        each_entry(headers, &pointer.push("headers"), visitor, header)?;
    }
    Ok(())
}

/// Keywords that hold schemas: the first 11 one schema, the next 5 map names to schemas, the last
/// 4 list schemas.
const SCHEMA_KEYWORDS: [&str; 20] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];
const FIRST_SCHEMA_MAP: usize = 11;
const FIRST_SCHEMA_LIST: usize = 16;

pub(super) fn schema<V: Visitor>(value: &mut Value, pointer: &Pointer, visitor: &mut V) -> Result<(), Error> {
    visitor.schema(value, pointer)?;
    let Some(schema) = value.as_object_mut() else { return Ok(()) };
    if schema.contains_key("$ref") {
        return Ok(());
    }
    visitor.examples(schema, pointer);
    for (index, key) in schema_keywords(schema) {
        let Some(child) = schema.get_mut(key) else { continue };
        let at = pointer.push(key);
        if index >= FIRST_SCHEMA_LIST {
            each_item(child, &at, visitor, self::schema)?;
        } else if index >= FIRST_SCHEMA_MAP {
            each_entry(child, &at, visitor, self::schema)?;
        } else if child.is_array() {
            // `items` may list schemas (a tuple, in older drafts).
            each_item(child, &at, visitor, self::schema)?;
        } else {
            self::schema(child, &at, visitor)?;
        }
    }
    Ok(())
}

/// The keywords of [`SCHEMA_KEYWORDS`] that `schema` has, in that list's order, with their index
/// in it: one pass over the schema's keys, as most schemas have none and looking each keyword up
/// hashes it.
fn schema_keywords(schema: &Map<String, Value>) -> impl Iterator<Item = (usize, &'static str)> {
    let present = schema
        .keys()
        .filter_map(|key| SCHEMA_KEYWORDS.iter().position(|keyword| keyword == key))
        .fold(0_u32, |present, index| present | 1 << index);
    SCHEMA_KEYWORDS.into_iter().enumerate().filter(move |(index, _)| present & 1 << index != 0)
}
