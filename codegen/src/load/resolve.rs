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
    /// Every place a schema sits, when asked for (it costs a string per schema).
    schema_positions: Option<BTreeSet<String>>,
}

impl Visitor for References {
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) -> Result<(), Error> {
        if let Some(positions) = &mut self.schema_positions {
            positions.insert(pointer.to_string());
        }
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
    // Where schemas sit matters only to hoisting, and costs a string per schema: asked for now.
    let mut found = References { schema_positions: Some(BTreeSet::new()), ..References::default() };
    walk::walk(document, &mut found)?;
    let positions = found.schema_positions.unwrap_or_default();
    // Deepest first: a target inside another is hoisted before its container is copied.
    let mut order: Vec<(String, Pointer)> = targets.into_iter().collect();
    order.sort_by_key(|(reference, _)| std::cmp::Reverse(reference.matches('/').count()));
    let mut hoist = Hoist {
        taken: component_names(document).into_iter().collect(),
        positions: &positions,
        source_map,
        renamed: BTreeMap::new(),
        copies: BTreeMap::new(),
    };
    for (reference, used_at) in order {
        hoist.settle(document, &reference, &used_at, 0)?;
    }
    let mut rewrite = Rewrite { renamed: &hoist.renamed, copies: &hoist.copies };
    walk::walk(document, &mut rewrite)
}

/// What each schema reference that names no component becomes.
struct Hoist<'a> {
    taken: BTreeSet<String>,
    positions: &'a BTreeSet<String>,
    source_map: &'a mut SourceMap,
    /// Reference → the component its target became.
    renamed: BTreeMap<String, String>,
    /// Reference → a simple target, copied where it is used.
    copies: BTreeMap<String, Value>,
}

impl Hoist<'_> {
    /// Decides what `reference` becomes, settling first the reference its target is, if it is one.
    fn settle(&mut self, document: &mut Value, reference: &str, used_at: &Pointer, depth: usize) -> Result<(), Error> {
        if self.renamed.contains_key(reference) || self.copies.contains_key(reference) || names_component(reference) {
            return Ok(());
        }
        let value = target(document, reference).cloned().ok_or_else(|| {
            let message = format!("`$ref: {reference}` does not resolve: the document has nothing there");
            self.source_map.error(used_at.push("$ref").as_str(), message)
        })?;
        if let Some(next) = value.get("$ref").and_then(Value::as_str) {
            // A reference to a reference: it becomes what that one becomes.
            if depth >= MAX_CHAIN {
                let message = format!("`$ref: {reference}` is a cycle of references");
                return Err(self.source_map.error(used_at.push("$ref").as_str(), message));
            }
            let next = next.to_owned();
            self.settle(document, &next, used_at, depth + 1)?;
            match self.copies.get(&next).cloned() {
                Some(copy) => {
                    self.copies.insert(reference.to_owned(), copy);
                }
                None => {
                    let renamed = self.renamed.get(&next).cloned().unwrap_or(next);
                    self.renamed.insert(reference.to_owned(), renamed);
                }
            }
            return Ok(());
        }
        if is_simple(&value, 0) {
            // A primitive or an array of them: a copy at each use, rather than a type of its own.
            self.copies.insert(reference.to_owned(), value);
            return Ok(());
        }
        let fragment = reference.trim_start_matches('#');
        let name = unique_name(document, fragment, &mut self.taken);
        let escaped = name.replace('~', "~0").replace('/', "~1");
        schemas_of(document).insert(name, value);
        self.source_map.record(&format!("/components/schemas/{escaped}"), fragment);
        let new_reference = format!("{COMPONENTS}{escaped}");
        if self.positions.contains(fragment) {
            if let Some(slot) = document.pointer_mut(fragment) {
                *slot = Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(new_reference.clone()))]));
            }
        }
        self.renamed.insert(reference.to_owned(), new_reference);
        Ok(())
    }
}

/// Fails at the first schema reference that does not name a component schema of the document, once
/// references are resolved.
pub(super) fn check_references(document: &mut Value, source_map: &SourceMap) -> Result<(), Error> {
    let schemas: BTreeSet<String> = component_names(document).into_iter().collect();
    let mut check = Check { schemas, source_map };
    walk::walk(document, &mut check)
}

struct Check<'a> {
    schemas: BTreeSet<String>,
    source_map: &'a SourceMap,
}

impl Visitor for Check<'_> {
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) -> Result<(), Error> {
        let Some(reference) = schema.get("$ref") else { return Ok(()) };
        let at = pointer.push("$ref");
        let Some(reference) = reference.as_str() else {
            return Err(self.source_map.error(at.as_str(), "`$ref` must be a string"));
        };
        let name = reference.strip_prefix(COMPONENTS).map(|name| name.replace("~1", "/").replace("~0", "~"));
        if name.is_some_and(|name| self.schemas.contains(&name)) {
            return Ok(());
        }
        Err(self
            .source_map
            .error(at.as_str(), format!("`$ref: {reference}` does not resolve: the document has no such schema")))
    }

    fn reference(&mut self, object: &mut Value, _kind: Kind, pointer: &Pointer) -> Result<(), Error> {
        let reference = object.get("$ref").map(|reference| reference.to_string()).unwrap_or_default();
        Err(self.source_map.error(pointer.push("$ref").as_str(), format!("`$ref: {reference}` does not resolve")))
    }
}

/// Whether a schema defines no type of its own and refers to nothing: a primitive, or an array or
/// map of them.
fn is_simple(schema: &Value, depth: usize) -> bool {
    let Some(object) = schema.as_object() else { return true };
    let defines_a_type = ["$ref", "properties", "allOf", "anyOf", "oneOf", "patternProperties"]
        .iter()
        .any(|key| object.contains_key(*key))
        || object.get("enum").and_then(Value::as_array).is_some_and(|values| values.len() > 1);
    let nested_simple = ["items", "additionalProperties"]
        .iter()
        .filter_map(|key| object.get(*key))
        .all(|nested| depth < 8 && is_simple(nested, depth + 1));
    !defines_a_type && nested_simple
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

/// A component name for the schema at `fragment`, as lowering would name it inline: its owner and
/// property (`/components/schemas/Account/properties/balance` → `Account_balance`), or its
/// operation's id and role (`…/responses/200/content/application~1json/schema` → `listThings_Response`).
fn unique_name(document: &Value, fragment: &str, taken: &mut BTreeSet<String>) -> String {
    const SKIPPED: [&str; 12] = [
        "components",
        "schemas",
        "properties",
        "definitions",
        "$defs",
        "content",
        "schema",
        "allOf",
        "anyOf",
        "oneOf",
        "prefixItems",
        "patternProperties",
    ];
    let segments: Vec<String> = Pointer::parse(fragment).segments().collect();
    let mut meaningful = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        let segment = segments[index].as_str();
        match segment {
            "paths" if index + 2 < segments.len() => {
                let operation = Pointer::root().push("paths").push(&segments[index + 1]).push(&segments[index + 2]);
                let id = document.pointer(&format!("{operation}/operationId")).and_then(Value::as_str);
                let fallback = || format!("{}_{}", segments[index + 2], segments[index + 1]);
                meaningful.push(id.map_or_else(fallback, str::to_owned));
                index += 2;
            }
            // The status code that follows says nothing a name needs.
            "responses" => {
                meaningful.push("Response".to_owned());
                index += 1;
            }
            "requestBody" | "requestBodies" => meaningful.push("Body".to_owned()),
            "parameters" => meaningful.push("Param".to_owned()),
            "items" => meaningful.push("Item".to_owned()),
            "additionalProperties" => meaningful.push("Value".to_owned()),
            skipped if SKIPPED.contains(&skipped) || skipped.contains('/') => {}
            _ => meaningful.push(segment.to_owned()),
        }
        index += 1;
    }
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

/// Points schema references at the components their targets became, or replaces them with a copy
/// of a simple target.
struct Rewrite<'a> {
    renamed: &'a BTreeMap<String, String>,
    copies: &'a BTreeMap<String, Value>,
}

impl Visitor for Rewrite<'_> {
    fn schema(&mut self, schema: &mut Value, _pointer: &Pointer) -> Result<(), Error> {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else { return Ok(()) };
        if let Some(copy) = self.copies.get(reference) {
            *schema = copy.clone();
        } else if let Some(new) = self.renamed.get(reference) {
            schema["$ref"] = Value::String(new.clone());
        }
        Ok(())
    }
}
