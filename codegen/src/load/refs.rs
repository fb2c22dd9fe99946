//! `$ref` resolution: references to other files are bundled into the root document, and every local
//! reference is checked to point at something.
//!
//! A schema from another file is imported under `#/components/schemas/<name>` (so recursive and shared
//! schemas stay single named types); any other referenced object (a parameter, a response, a path item)
//! is inlined where it is referenced. A [`SourceMap`] remembers where imported schemas came from, so
//! that diagnostics about them name their own file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::document;
use crate::diagnostics::{Error, Pointer};

/// Maps places in the bundled document back to the file and pointer they were read from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    root: PathBuf,
    /// Bundled pointer prefix → (file, pointer of the same value in that file).
    origins: BTreeMap<String, (PathBuf, String)>,
}

impl SourceMap {
    /// The file and the pointer in it that `pointer` (in the bundled document) was read from.
    pub fn locate(&self, pointer: &str) -> (PathBuf, String) {
        let origin = self
            .origins
            .iter()
            .rev()
            .find(|(prefix, _)| pointer == prefix.as_str() || pointer.starts_with(&format!("{prefix}/")));
        match origin {
            Some((prefix, (file, origin_pointer))) => {
                (file.clone(), format!("{origin_pointer}{}", &pointer[prefix.len()..]))
            }
            None => (self.root.clone(), pointer.to_owned()),
        }
    }

    /// Remembers that `bundled` (a pointer of the bundled document) holds what was at `from`.
    pub(super) fn record(&mut self, bundled: &str, from: &str) {
        let origin = self.locate(from);
        self.origins.insert(bundled.to_owned(), origin);
    }

    /// An error located at `pointer` of the bundled document.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        let (file, pointer) = self.locate(pointer);
        Error::new(file, pointer, message)
    }
}

/// Bundles the references of `root` (read from `root_path`) to other files into it, then checks that
/// every reference resolves.
pub fn bundle(root_path: &Path, mut root: Value) -> Result<(Value, SourceMap), Error> {
    let mut bundler = Bundler {
        root_path: root_path.to_owned(),
        documents: BTreeMap::new(),
        imported: BTreeMap::new(),
        pending: BTreeMap::new(),
        taken_names: root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
        source_map: SourceMap { root: root_path.to_owned(), origins: BTreeMap::new() },
    };
    bundler.rewrite(&mut root, root_path, &Pointer::root(), 0)?;
    if !bundler.pending.is_empty() {
        let components = object_entry(&mut root, "components");
        let schemas = object_entry(components, "schemas");
        let schemas = schemas.as_object_mut().expect("object_entry returns an object");
        schemas.extend(std::mem::take(&mut bundler.pending));
    }
    Ok((root, bundler.source_map))
}

const MAX_INLINE_DEPTH: usize = 64;

struct Bundler {
    root_path: PathBuf,
    documents: BTreeMap<PathBuf, Value>,
    /// (file, fragment) → name under `#/components/schemas`.
    imported: BTreeMap<(PathBuf, String), String>,
    pending: BTreeMap<String, Value>,
    taken_names: std::collections::BTreeSet<String>,
    source_map: SourceMap,
}

impl Bundler {
    /// Rewrites the references in `value`, which was read from `base` and sits at `pointer` of the
    /// bundled document.
    fn rewrite(&mut self, value: &mut Value, base: &Path, pointer: &Pointer, depth: usize) -> Result<(), Error> {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    let in_root = base == self.root_path;
                    if !(in_root && reference.starts_with('#')) {
                        return self.resolve_external(value, &reference, base, pointer, depth);
                    }
                }
                for (key, child) in object.iter_mut() {
                    self.rewrite(child, base, &pointer.push(key), depth)?;
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, base, &pointer.push(index), depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn resolve_external(
        &mut self,
        value: &mut Value,
        reference: &str,
        base: &Path,
        pointer: &Pointer,
        depth: usize,
    ) -> Result<(), Error> {
        let ref_pointer = pointer.push("$ref");
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_path =
            if file_part.is_empty() { base.to_owned() } else { base.parent().unwrap_or(Path::new("")).join(file_part) };
        let located_error = |message: String| {
            let (file, at) = self.source_map.locate(ref_pointer.as_str());
            let file = if base == self.root_path { file } else { base.to_owned() };
            Error::new(file, at, message)
        };
        if !self.documents.contains_key(&target_path) {
            let text = std::fs::read_to_string(&target_path).map_err(|error| {
                located_error(format!(
                    "`$ref: {reference}` names a file that cannot be read ({}): {error}",
                    target_path.display()
                ))
            })?;
            let document = document::parse(&target_path, &text)?;
            self.documents.insert(target_path.clone(), document);
        }
        let target = self.documents[&target_path].pointer(fragment).cloned().ok_or_else(|| {
            located_error(format!(
                "`$ref: {reference}` does not resolve: {} has nothing at `#{fragment}`",
                target_path.display()
            ))
        })?;

        if is_schema_position(pointer) {
            let key = (target_path.clone(), fragment.to_owned());
            let name = match self.imported.get(&key) {
                Some(name) => name.clone(),
                None => {
                    let name = self.unique_schema_name(&target, fragment, &target_path);
                    self.imported.insert(key, name.clone());
                    let bundled_pointer = Pointer::root().push("components").push("schemas").push(&name);
                    self.source_map
                        .origins
                        .insert(bundled_pointer.to_string(), (target_path.clone(), fragment.to_owned()));
                    let mut schema = target;
                    self.rewrite(&mut schema, &target_path, &bundled_pointer, depth + 1)?;
                    self.pending.insert(name.clone(), schema);
                    name
                }
            };
            *value = Value::Object(Map::from_iter([(
                "$ref".to_owned(),
                Value::String(format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))),
            )]));
            return Ok(());
        }

        if depth >= MAX_INLINE_DEPTH {
            return Err(located_error(format!(
                "`$ref: {reference}` nests more than {MAX_INLINE_DEPTH} references deep; is it circular?"
            )));
        }
        let mut inlined = target;
        self.rewrite(&mut inlined, &target_path, pointer, depth + 1)?;
        *value = inlined;
        Ok(())
    }

    fn unique_schema_name(&mut self, target: &Value, fragment: &str, path: &Path) -> String {
        let from_fragment = fragment.rsplit('/').next().filter(|segment| !segment.is_empty());
        let from_title = target.get("title").and_then(Value::as_str);
        let from_file = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("Schema");
        let base = from_fragment.or(from_title).unwrap_or(from_file).replace("~1", "/").replace("~0", "~");
        let mut name = base.clone();
        let mut counter = 2;
        while !self.taken_names.insert(name.clone()) {
            name = format!("{base}{counter}");
            counter += 1;
        }
        name
    }
}

/// Whether the value at `pointer` is a schema, judged by the keys that lead to it.
pub(crate) fn is_schema_position(pointer: &Pointer) -> bool {
    let segments: Vec<String> = pointer.segments().collect();
    let last = segments.last().map(String::as_str);
    let parent = segments.len().checked_sub(2).map(|index| segments[index].as_str());
    matches!(last, Some("schema" | "items" | "not" | "additionalProperties"))
        || matches!(
            parent,
            Some("properties" | "allOf" | "anyOf" | "oneOf" | "schemas" | "patternProperties" | "$defs")
        )
}

fn object_entry<'a>(value: &'a mut Value, key: &str) -> &'a mut Value {
    let object = value.as_object_mut().expect("an OpenAPI document is an object");
    let entry = object.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry
}
