//! Loading: reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) with the files it references, and
//! turns it into an [`openapiv3::OpenAPI`]. Every error names the file and the JSON pointer.

mod document;
mod normalize;
mod refs;
mod repair;
mod resolve;
mod walk;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use refs::SourceMap;

use crate::diagnostics::{Diagnostic, Error, Pointer};

/// The OpenAPI versions the loader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V3_0,
    V3_1,
}

/// A spec ready for lowering.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub path: PathBuf,
    pub version: SpecVersion,
    pub openapi: OpenAPI,
    /// Where each part of the bundled document came from, for diagnostics.
    pub source_map: SourceMap,
    /// What loading repaired (a response without a description, a bound that fits no integer…).
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses one YAML or JSON file into a `serde_json::Value`.
pub fn read_document(path: &Path) -> Result<Value, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|error| Error::file(path, format!("cannot read the file: {error}")))?;
    document::parse(path, &text)
}

/// Deserializes `value` into `T`, turning a failure into an error at the JSON pointer where it happened.
pub fn deserialize_at<T: DeserializeOwned>(value: Value, file: &Path) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = path_to_pointer(error.path());
        Error::new(file, pointer.to_string(), error.into_inner().to_string())
    })
}

/// Loads the OpenAPI document at `path`.
pub fn load_spec(path: &Path) -> Result<LoadedSpec, Error> {
    let document = read_document(path)?;
    let version = detect_version(path, &document)?;
    let (mut document, mut source_map) = refs::bundle(path, document)?;
    if version == SpecVersion::V3_1 {
        walk::walk(&mut document, &mut normalize::Normalize31)?;
    }
    let mut warnings = repair::repair(&mut document, &source_map)?;
    // Hoisting first, so that copies inlining makes refer to the hoisted types rather than repeat them.
    resolve::hoist_schema_targets(&mut document, &mut source_map)?;
    resolve::inline_references(&mut document, &source_map)?;
    warnings.extend(repair::prune_parameters(&mut document, &source_map));
    resolve::check_references(&mut document, &source_map)?;
    let openapi = to_openapi(document, &source_map)?;
    Ok(LoadedSpec { path: path.to_owned(), version, openapi, source_map, warnings })
}

fn detect_version(path: &Path, document: &Value) -> Result<SpecVersion, Error> {
    if !document.is_object() {
        return Err(Error::file(path, "an OpenAPI document must be a mapping at the top level"));
    }
    if let Some(swagger) = document.get("swagger") {
        return Err(Error::new(
            path,
            "/swagger",
            format!("Swagger {swagger} is not supported: convert the spec to OpenAPI 3.0 or 3.1 first"),
        ));
    }
    let version = document
        .get("openapi")
        .ok_or_else(|| Error::file(path, "missing the `openapi` version field (expected 3.0.x or 3.1.x)"))?;
    let text = version.as_str().map(str::to_owned).unwrap_or_else(|| version.to_string());
    if text.starts_with("3.0.") || text == "3.0" {
        Ok(SpecVersion::V3_0)
    } else if text.starts_with("3.1.") || text == "3.1" {
        Ok(SpecVersion::V3_1)
    } else {
        Err(Error::new(
            path,
            "/openapi",
            format!("unknown OpenAPI version `{text}`: this generator reads 3.0.x and 3.1.x (write the version as a quoted string)"),
        ))
    }
}

fn to_openapi(document: Value, source_map: &SourceMap) -> Result<OpenAPI, Error> {
    match serde_path_to_error::deserialize::<_, OpenAPI>(&document) {
        Ok(openapi) => Ok(openapi),
        Err(error) => {
            let pointer = path_to_pointer(error.path());
            let message = error.into_inner().to_string();
            // `openapiv3` flattens path items and wraps objects in untagged `ReferenceOr`s, so serde's
            // path often stops short of the problem. Parse the objects below it on their own, deepest
            // first, to find where it really is.
            let (pointer, message) = deeper_error(&document, &pointer).unwrap_or((pointer, message));
            Err(source_map.error(pointer.as_str(), message))
        }
    }
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

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |pointer, segment| match segment {
        Segment::Seq { index } => pointer.push(index),
        Segment::Map { key } => pointer.push(key),
        Segment::Enum { .. } | Segment::Unknown => pointer,
    })
}
