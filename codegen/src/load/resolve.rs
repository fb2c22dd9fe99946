//! Local references, made plain for lowering: a reference to a parameter, body, response, header or
//! path item is replaced by a copy of what it points at, wherever that is; a schema reference that
//! points anywhere but `#/components/schemas/<name>` (into a property, an array's items, a response)
//! gets its target hoisted to a component of its own, so that every schema reference names one.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::refs::SourceMap;
use super::walk::{self, Kind, Visitor};
use crate::diagnostics::{Error, Pointer};

/// Passes of inlining after which references left are taken for a cycle.
const MAX_PASSES: usize = 32;
/// References followed from one place before a chain is taken for a cycle.
const MAX_CHAIN: usize = 64;

/// Inlines every non-schema reference.
pub(super) fn inline_references(document: &mut Value, source_map: &SourceMap) -> Result<(), Error> {
    for _ in 0..MAX_PASSES {
        let mut found = References::default();
        walk::walk(document, &mut found)?;
        if found.inline.is_empty() {
            return Ok(());
        }
        for (pointer, reference) in found.inline {
            let target = follow(document, &reference, &pointer, source_map)?;
            if let Some(slot) = document.pointer_mut(pointer.as_str()) {
                *slot = target;
            }
        }
    }
    let mut found = References::default();
    walk::walk(document, &mut found)?;
    let (pointer, reference) = found.inline.into_iter().next().unwrap_or_default();
    Err(source_map.error(
        pointer.as_str(),
        format!("`$ref: {reference}` leads to references nested more than {MAX_PASSES} deep; are they circular?"),
    ))
}

/// What `reference` points at, through any chain of references.
fn follow(document: &Value, reference: &str, at: &Pointer, source_map: &SourceMap) -> Result<Value, Error> {
    let mut current = reference.to_owned();
    for _ in 0..MAX_CHAIN {
        let target = target(document, &current).ok_or_else(|| {
            source_map.error(
                at.push("$ref").as_str(),
                format!("`$ref: {current}` does not resolve: the document has nothing there"),
            )
        })?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => current = next.to_owned(),
            None => return Ok(target.clone()),
        }
    }
    Err(source_map.error(at.push("$ref").as_str(), format!("`$ref: {reference}` is a cycle of references")))
}

/// The value a local reference (`#/a/b`) points at; percent-encoded pointers too.
pub(super) fn target<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    let fragment = reference.strip_prefix('#')?;
    document.pointer(fragment).or_else(|| document.pointer(&percent_decode(fragment)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex =
            bytes.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The references of a document, by where they sit.
#[derive(Default)]
struct References {
    /// References in place of non-schema objects.
    inline: Vec<(Pointer, String)>,
    /// Schema references, by where they sit.
    schemas: Vec<(Pointer, String)>,
    /// Every place a schema sits.
    schema_positions: BTreeSet<String>,
}

impl Visitor for References {
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) -> Result<(), Error> {
        self.schema_positions.insert(pointer.to_string());
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            self.schemas.push((pointer.clone(), reference.to_owned()));
        }
        Ok(())
    }

    fn reference(&mut self, object: &mut Value, kind: Kind, pointer: &Pointer) -> Result<(), Error> {
        if let (Some(reference), false) = (object.get("$ref").and_then(Value::as_str), kind == Kind::Schema) {
            self.inline.push((pointer.clone(), reference.to_owned()));
        }
        Ok(())
    }
}

const COMPONENTS: &str = "#/components/schemas/";

/// Hoists the target of every schema reference that does not name a component schema into one of
/// its own, and points the references (and the target's own place) at it.
pub(super) fn hoist_schema_targets(document: &mut Value, source_map: &mut SourceMap) -> Result<(), Error> {
    let mut found = References::default();
    walk::walk(document, &mut found)?;
    let mut targets: BTreeMap<String, Pointer> = BTreeMap::new();
    for (pointer, reference) in &found.schemas {
        if !names_component(reference) {
            targets.entry(reference.clone()).or_insert_with(|| pointer.clone());
        }
    }
    if targets.is_empty() {
        return Ok(());
    }
    let mut taken: BTreeSet<String> = component_names(document).into_iter().collect();
    // Deepest first: a target inside another is hoisted before its container is copied.
    let mut order: Vec<(String, Pointer)> = targets.into_iter().collect();
    order.sort_by_key(|(reference, _)| std::cmp::Reverse(reference.matches('/').count()));
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for (reference, used_at) in order {
        let value = target(document, &reference).cloned().ok_or_else(|| {
            let message = format!("`$ref: {reference}` does not resolve: the document has nothing there");
            source_map.error(used_at.push("$ref").as_str(), message)
        })?;
        let fragment = reference.trim_start_matches('#').to_owned();
        let new_reference = match value.get("$ref").and_then(Value::as_str) {
            // A reference to a reference: point at what that one names.
            Some(next) => renamed.get(next).cloned().unwrap_or_else(|| next.to_owned()),
            None => {
                let name = unique_name(&fragment, &mut taken);
                let escaped = name.replace('~', "~0").replace('/', "~1");
                schemas_of(document).insert(name.clone(), value);
                source_map.record(&format!("/components/schemas/{escaped}"), &fragment);
                let new_reference = format!("{COMPONENTS}{escaped}");
                if found.schema_positions.contains(&fragment) {
                    if let Some(slot) = document.pointer_mut(&fragment) {
                        *slot =
                            Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(new_reference.clone()))]));
                    }
                }
                new_reference
            }
        };
        renamed.insert(reference, new_reference);
    }
    let mut rewrite = Rewrite { renamed: &renamed };
    walk::walk(document, &mut rewrite)
}

fn names_component(reference: &str) -> bool {
    reference.strip_prefix(COMPONENTS).is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

fn component_names(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

fn schemas_of(document: &mut Value) -> &mut Map<String, Value> {
    let object = document.as_object_mut().expect("a document that was walked is an object");
    let components = object.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let schemas = components
        .as_object_mut()
        .expect("made an object")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    schemas.as_object_mut().expect("made an object")
}

/// A component name for the schema at `fragment`, from its meaningful segments
/// (`/components/schemas/Account/properties/balance` → `Account_balance`).
fn unique_name(fragment: &str, taken: &mut BTreeSet<String>) -> String {
    const STRUCTURE: [&str; 14] = [
        "components",
        "schemas",
        "properties",
        "items",
        "definitions",
        "$defs",
        "paths",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
        "allOf",
        "additionalProperties",
    ];
    let pointer = Pointer::parse(fragment);
    let meaningful: Vec<String> =
        pointer.segments().filter(|segment| !STRUCTURE.contains(&segment.as_str()) && !segment.contains('/')).collect();
    let start = meaningful.len().saturating_sub(3);
    let base = match meaningful[start..].join("_") {
        base if base.is_empty() => "Schema".to_owned(),
        base => base,
    };
    let mut name = base.clone();
    let mut counter = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    name
}

/// Points schema references at the components their targets became.
struct Rewrite<'a> {
    renamed: &'a BTreeMap<String, String>,
}

impl Visitor for Rewrite<'_> {
    fn schema(&mut self, schema: &mut Value, _pointer: &Pointer) -> Result<(), Error> {
        let new = schema.get("$ref").and_then(Value::as_str).and_then(|reference| self.renamed.get(reference));
        if let Some(new) = new.cloned() {
            schema["$ref"] = Value::String(new);
        }
        Ok(())
    }
}
