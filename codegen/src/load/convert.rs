//! The last step of loading: the bundled, repaired JSON document becomes an [`openapiv3::OpenAPI`].
//!
//! Paths and components are converted one entry at a time, each entry's JSON dropped as soon as it
//! is converted, and paths on a second thread: converting the whole document at once held both
//! trees in memory and copied each of them once more, because `openapiv3`'s flattened fields make
//! serde buffer everything below them.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, PathItem};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::document::path_to_pointer;
use super::refs::SourceMap;
use super::walk::WEBHOOKS_EXTENSION;
use crate::diagnostics::{Error, Pointer};

/// A webhook: what the API sends to an endpoint of the user's.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its key in the spec (`batch_cancelled`).
    pub name: String,
    /// Where it is in the spec.
    pub pointer: Pointer,
    /// The requests the API makes, as a path item describes them.
    pub item: openapiv3::PathItem,
}

/// The component kinds converted entry by entry, as spelled in the document.
const COMPONENT_KINDS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

type Entries = Vec<(String, Value)>;

pub(super) fn to_openapi(mut document: Value, source_map: &SourceMap) -> Result<Converted, Error> {
    let paths = take_entries(document.get_mut("paths"), |key| key.starts_with('/'));
    let webhooks = take_webhooks(&mut document, source_map);
    let components: Vec<(&str, Entries)> = COMPONENT_KINDS
        .into_iter()
        .map(|kind| (kind, take_entries(document.get_mut("components").and_then(|c| c.get_mut(kind)), |_| true)))
        .collect();
    // What is left is small: info, servers, tags, extensions, and whatever is malformed.
    let mut openapi: OpenAPI = convert(&document, &[], None, source_map)?;
    drop(document);
    std::thread::scope(|scope| {
        let paths = crate::worker::spawn_worker(scope, || convert_entries(paths, &["paths"], source_map))
            .map_err(|error| source_map.error("", format!("cannot start a thread to read the spec: {error}")))?;
        let filled = match openapi.components.as_mut() {
            Some(target) => fill_components(target, components, source_map),
            None => Ok(()),
        };
        openapi.paths.paths = paths.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        filled
    })?;
    Ok(Converted { openapi, webhooks })
}

/// The document as `openapiv3` reads it, and its webhooks, which `openapiv3` does not read.
pub(super) struct Converted {
    pub openapi: OpenAPI,
    pub webhooks: Result<Vec<Webhook>, Error>,
}

/// Takes the webhooks out of the document (3.1's `webhooks`, else `x-webhooks`), each converted
/// as a path item. One that cannot be read leaves them all out: the error says which.
fn take_webhooks(document: &mut Value, source_map: &SourceMap) -> Result<Vec<Webhook>, Error> {
    let Some(object) = document.as_object_mut() else { return Ok(Vec::new()) };
    let (key, entries) = match (object.remove("webhooks"), object.remove(WEBHOOKS_EXTENSION)) {
        (Some(webhooks), _) => ("webhooks", webhooks),
        (None, Some(webhooks)) => (WEBHOOKS_EXTENSION, webhooks),
        (None, None) => return Ok(Vec::new()),
    };
    let mut entries = Some(entries);
    let entries = take_entries(entries.as_mut(), |_| true);
    let items: IndexMap<String, PathItem> = convert_entries(entries, &[key], source_map)?;
    let pointer = Pointer::root().push(key);
    Ok(items.into_iter().map(|(name, item)| Webhook { pointer: pointer.push(&name), name, item }).collect())
}

/// Moves the entries whose key passes `keep` out of `mapping`, in order, leaving the others.
fn take_entries(mapping: Option<&mut Value>, keep: impl Fn(&str) -> bool) -> Entries {
    let Some(Value::Object(mapping)) = mapping else { return Vec::new() };
    let mut taken = Vec::new();
    let mut left = Map::new();
    for (key, value) in std::mem::take(mapping) {
        if keep(&key) {
            taken.push((key, value));
        } else {
            left.insert(key, value);
        }
    }
    *mapping = left;
    taken
}

fn fill_components(target: &mut Components, taken: Vec<(&str, Entries)>, source_map: &SourceMap) -> Result<(), Error> {
    for (kind, entries) in taken {
        let at = ["components", kind];
        match kind {
            "schemas" => target.schemas = convert_entries(entries, &at, source_map)?,
            "responses" => target.responses = convert_entries(entries, &at, source_map)?,
            "parameters" => target.parameters = convert_entries(entries, &at, source_map)?,
            "examples" => target.examples = convert_entries(entries, &at, source_map)?,
            "requestBodies" => target.request_bodies = convert_entries(entries, &at, source_map)?,
            "headers" => target.headers = convert_entries(entries, &at, source_map)?,
            "securitySchemes" => target.security_schemes = convert_entries(entries, &at, source_map)?,
            "links" => target.links = convert_entries(entries, &at, source_map)?,
            _ => target.callbacks = convert_entries(entries, &at, source_map)?,
        }
    }
    Ok(())
}

/// Converts each entry of the mapping at `at`, dropping its JSON once converted.
fn convert_entries<T: DeserializeOwned>(
    entries: Entries,
    at: &[&str],
    source_map: &SourceMap,
) -> Result<IndexMap<String, T>, Error> {
    let mut converted = IndexMap::with_capacity(entries.len());
    for (key, value) in entries {
        let item = convert(&value, at, Some(&key), source_map)?;
        converted.insert(key, item);
    }
    Ok(converted)
}

/// Converts `value`, found in the document at the keys `at` and then `key`, with an error at the
/// precise pointer when it fails: the fast conversion does not track where it is, so a failure is
/// parsed again.
fn convert<T: DeserializeOwned>(
    value: &Value,
    at: &[&str],
    key: Option<&str>,
    source_map: &SourceMap,
) -> Result<T, Error> {
    T::deserialize(value).map_err(|error| {
        let at: Vec<&str> = at.iter().copied().chain(key).collect();
        let (pointer, message) = match serde_path_to_error::deserialize::<_, T>(value) {
            Err(tracked) => (path_to_pointer(tracked.path()), tracked.into_inner().to_string()),
            Ok(_) => (Pointer::root(), error.to_string()),
        };
        let prefix = at.iter().fold(Pointer::root(), |prefix, key| prefix.push(key));
        let pointer = pointer.segments().fold(prefix, |pointer, segment| pointer.push(segment));
        // `openapiv3` flattens path items and wraps objects in untagged `ReferenceOr`s, so serde's
        // path often stops short of the problem. Parse the objects below it on their own, deepest
        // first, to find where it really is.
        let document =
            at.iter().rev().fold(value.clone(), |inner, key| Value::Object(Map::from_iter([(key.to_string(), inner)])));
        let (pointer, message) = deeper_error(&document, &pointer).unwrap_or((pointer, message));
        source_map.error(pointer.as_str(), message)
    })
}

/// The deepest object under `failing` (that is not a reference) that fails to parse as what it is.
fn deeper_error(document: &Value, failing: &Pointer) -> Option<(Pointer, String)> {
    let mut candidates = Vec::new();
    typed_objects(document, &mut candidates);
    candidates.sort_by_key(|(pointer, _)| std::cmp::Reverse(pointer.segments().count()));
    candidates.into_iter().filter(|(pointer, _)| pointer.as_str().starts_with(failing.as_str())).find_map(
        |(pointer, parse)| {
            let value = document.pointer(pointer.as_str())?;
            if value.get("$ref").is_some() {
                return None;
            }
            let (relative, message) = parse(value)?;
            Some((relative.segments().fold(pointer, |pointer, segment| pointer.push(segment)), message))
        },
    )
}

type Parse = fn(&Value) -> Option<(Pointer, String)>;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The objects of `document` whose `openapiv3` type is known from where they sit.
fn typed_objects(document: &Value, out: &mut Vec<(Pointer, Parse)>) {
    let root = Pointer::root();
    for (path, item) in entries(document.get("paths")) {
        let item_pointer = root.push("paths").push(path);
        out.push((item_pointer.clone(), attempt::<openapiv3::PathItem>));
        parameters(item.get("parameters"), &item_pointer, out);
        for method in METHODS {
            let Some(operation) = item.get(method) else { continue };
            let pointer = item_pointer.push(method);
            out.push((pointer.clone(), attempt::<openapiv3::Operation>));
            parameters(operation.get("parameters"), &pointer, out);
            if operation.get("requestBody").is_some() {
                out.push((pointer.push("requestBody"), attempt::<openapiv3::RequestBody>));
            }
            for (code, _) in entries(operation.get("responses")) {
                out.push((pointer.push("responses").push(code), attempt::<openapiv3::Response>));
            }
        }
    }
    let components = document.get("components");
    let kinds: [(&str, Parse); 5] = [
        ("parameters", attempt::<openapiv3::Parameter>),
        ("responses", attempt::<openapiv3::Response>),
        ("requestBodies", attempt::<openapiv3::RequestBody>),
        ("headers", attempt::<openapiv3::Header>),
        ("securitySchemes", attempt::<openapiv3::SecurityScheme>),
    ];
    for (kind, parse) in kinds {
        for (name, _) in entries(components.and_then(|components| components.get(kind))) {
            out.push((root.push("components").push(kind).push(name), parse));
        }
    }
}

/// The entries of a mapping, or none.
fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn parameters(list: Option<&Value>, owner: &Pointer, out: &mut Vec<(Pointer, Parse)>) {
    let count = list.and_then(Value::as_array).map_or(0, Vec::len);
    for index in 0..count {
        out.push((owner.push("parameters").push(index), attempt::<openapiv3::Parameter>));
    }
}

/// The error of parsing `value` as `T`, if any.
fn attempt<T: DeserializeOwned>(value: &Value) -> Option<(Pointer, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|error| (path_to_pointer(error.path()), error.into_inner().to_string()))
}
