//! Liberal loading: what real specs contain that the standard does not allow, but that means
//! something clear, is repaired before `openapiv3` parses the document, each repair reported as a
//! warning at its JSON pointer. Examples are dropped: they are data, never schemas, and most of a
//! large spec's bytes.

use serde_json::{Map, Value};

use super::refs::SourceMap;
use super::walk::{self, Kind, Visitor};
use crate::diagnostics::{Diagnostic, Error, Pointer};

/// Leaves out the parameters of every path and operation that the SDK cannot send as declared, once
/// references to parameters are inlined.
pub(super) fn prune_parameters(document: &mut Value, source_map: &SourceMap) -> Vec<Diagnostic> {
    let mut repairs = Repairs { source_map, warnings: Vec::new(), shared_examples: Map::new() };
    let paths = document.get_mut("paths").and_then(Value::as_object_mut);
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = item.as_object_mut() else { continue };
        let item_pointer = Pointer::root().push("paths").push(path);
        if let Some(parameters) = item.get_mut("parameters") {
            repairs.parameters(parameters, &item_pointer.push("parameters"));
        }
        for method in METHODS {
            if let Some(parameters) = item.get_mut(method).and_then(|operation| operation.get_mut("parameters")) {
                repairs.parameters(parameters, &item_pointer.push(method).push("parameters"));
            }
        }
    }
    repairs.warnings
}

/// Repairs `document` in place and returns what was repaired.
pub(super) fn repair(document: &mut Value, source_map: &SourceMap) -> Result<Vec<Diagnostic>, Error> {
    let mut repairs = Repairs { source_map, warnings: Vec::new(), shared_examples: Map::new() };
    repairs.document(document);
    walk::walk(document, &mut repairs)?;
    Ok(repairs.warnings)
}

struct Repairs<'a> {
    source_map: &'a SourceMap,
    warnings: Vec<Diagnostic>,
    /// `components/examples`, taken out of the document: what the examples of success responses
    /// refer to is copied where they are used, and the rest goes when the repairs are done.
    shared_examples: Map<String, Value>,
}

const TYPES: [&str; 7] = ["string", "number", "integer", "boolean", "object", "array", "null"];
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Repairs<'_> {
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let (file, pointer) = self.source_map.locate(pointer.as_str());
        self.warnings.push(Diagnostic::warning(file, pointer, message));
    }

    /// A named example as `{value}`, the shared one it refers to copied in; `None` without a value.
    fn example_value(&self, example: Value) -> Option<Value> {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.shared_examples.get(reference.strip_prefix("#/components/examples/")?)?,
            None => &example,
        };
        let value = example.get("value")?.clone();
        Some(Value::Object(Map::from_iter([("value".to_owned(), value)])))
    }

    /// The document's own required parts: `info` with a title and version, `paths`, and what lists
    /// of tags and servers need.
    fn document(&mut self, document: &mut Value) {
        let Some(root) = document.as_object_mut() else { return };
        // Examples are data, which the walk drops where they are used but in success responses,
        // whose examples become tests; the shared ones go too (GitHub's are a fifth of its spec).
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            if let Some(Value::Object(shared)) = components.shift_remove("examples") {
                self.shared_examples = shared;
            }
        }
        let root_pointer = Pointer::root();
        if !root.get("info").is_some_and(Value::is_object) {
            self.warn(&root_pointer.push("info"), "the spec has no `info`; its title and version are left empty");
            root.insert("info".to_owned(), Value::Object(Map::new()));
        }
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            for key in ["title", "version"] {
                if !info.get(key).is_some_and(Value::is_string) {
                    let value = info.remove(key).map(|value| scalar_text(&value)).unwrap_or_default();
                    info.insert(key.to_owned(), Value::String(value));
                }
            }
            if info.get("license").is_some_and(|license| license.get("name").is_none()) {
                info.remove("license");
            }
        }
        if !root.get("paths").is_some_and(Value::is_object) {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        self.keep_listed(root, "tags", "name", &root_pointer);
        self.keep_listed(root, "servers", "url", &root_pointer);
        if root.get("externalDocs").is_some_and(|docs| docs.get("url").is_none()) {
            root.remove("externalDocs");
        }
        let paths = root.get_mut("paths").and_then(Value::as_object_mut);
        for item in paths.into_iter().flat_map(|paths| paths.values_mut()) {
            let Some(item) = item.as_object_mut() else { continue };
            for method in METHODS {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    Self::operation(operation);
                }
            }
        }
    }

    /// Drops the entries of the list `key` that lack `required` (a tag without a name, a server
    /// without a URL), and server variables without a default.
    fn keep_listed(&mut self, parent: &mut Map<String, Value>, key: &str, required: &str, pointer: &Pointer) {
        let Some(list) = parent.get_mut(key) else { return };
        let Some(items) = list.as_array_mut() else {
            self.warn(&pointer.push(key), format!("`{key}` is not a list; it is ignored"));
            parent.remove(key);
            return;
        };
        let before = items.len();
        items.retain(|item| item.get(required).is_some_and(Value::is_string));
        if items.len() != before {
            self.warn(&pointer.push(key), format!("entries of `{key}` without a `{required}` are ignored"));
        }
        for item in items.iter_mut() {
            let variables = item.get_mut("variables").and_then(Value::as_object_mut);
            for variable in variables.into_iter().flatten().filter_map(|(_, variable)| variable.as_object_mut()) {
                if !variable.get("default").is_some_and(Value::is_string) {
                    let default = variable.get("enum").and_then(|values| values.get(0)).map(scalar_text);
                    variable.insert("default".to_owned(), Value::String(default.unwrap_or_default()));
                }
            }
        }
    }

    /// An operation needs `responses` (3.1 makes them optional), and tags that are strings.
    fn operation(operation: &mut Map<String, Value>) {
        if !operation.get("responses").is_some_and(Value::is_object) {
            operation.insert("responses".to_owned(), Value::Object(Map::new()));
        }
        if let Some(Value::Array(tags)) = operation.get_mut("tags") {
            tags.retain(Value::is_string);
        }
    }

    /// Parameters the SDK cannot send as declared (no name, `in: body` from Swagger 2) are left out.
    fn parameters(&mut self, list: &mut Value, pointer: &Pointer) {
        let Some(items) = list.as_array_mut() else { return };
        let mut index = 0;
        items.retain(|parameter| {
            let at = pointer.push(index);
            index += 1;
            if parameter.get("$ref").is_some() {
                return true;
            }
            let location = parameter.get("in").and_then(Value::as_str);
            let known = matches!(location, Some("path" | "query" | "header" | "cookie"));
            let named = parameter.get("name").is_some_and(Value::is_string);
            if !known || !named {
                let what = match location {
                    Some(location) if !known => format!("`in: {location}` is not a parameter location"),
                    None => "the parameter says nowhere where it goes (`in`)".to_owned(),
                    Some(_) => "the parameter has no `name`".to_owned(),
                };
                let (file, pointer) = self.source_map.locate(at.as_str());
                self.warnings.push(Diagnostic::warning(file, pointer, format!("{what}; it is left out")));
            }
            known && named
        });
    }

    /// One schema's keywords, each kept only if it has the shape the standard gives it.
    fn schema_keywords(&mut self, schema: &mut Map<String, Value>, pointer: &Pointer) {
        if let Some(ty) = schema.get("type").cloned() {
            match ty.as_str() {
                Some(name) if TYPES.contains(&name) => {}
                Some("file") => {
                    schema.insert("type".to_owned(), Value::String("string".to_owned()));
                    schema.insert("format".to_owned(), Value::String("binary".to_owned()));
                }
                _ => {
                    self.warn(
                        &pointer.push("type"),
                        format!("unknown schema type {}; the schema accepts any JSON", describe(&ty)),
                    );
                    schema.remove("type");
                }
            }
        }
        if schema.get("required").is_some_and(|required| !is_list_of_strings(required)) {
            self.warn(
                &pointer.push("required"),
                format!(
                    "`required` must be a list of property names, found {}; it is ignored",
                    describe(&schema["required"])
                ),
            );
            schema.remove("required");
        }
        self.expect(
            schema,
            pointer,
            &["properties", "patternProperties", "discriminator"],
            Value::is_object,
            "a mapping",
        );
        self.expect(schema, pointer, &["allOf", "anyOf", "oneOf", "enum"], Value::is_array, "a list");
        let flags =
            ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum"];
        for key in flags {
            match schema.get(key) {
                Some(Value::String(text)) if text == "true" || text == "false" => {
                    let flag = text == "true";
                    schema.insert(key.to_owned(), Value::Bool(flag));
                }
                _ => {}
            }
        }
        self.expect(schema, pointer, &flags, Value::is_boolean, "true or false");
        let counts = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
        self.expect(schema, pointer, &counts, |value| value.as_u64().is_some(), "a whole number");
        self.expect(schema, pointer, &["minimum", "maximum", "multipleOf"], Value::is_number, "a number");
        self.expect(schema, pointer, &["description", "format", "title", "pattern"], Value::is_string, "a string");
        if schema
            .get("discriminator")
            .is_some_and(|discriminator| !discriminator.get("propertyName").is_some_and(Value::is_string))
        {
            self.warn(&pointer.push("discriminator"), "a discriminator without a `propertyName` is ignored");
            schema.remove("discriminator");
        }
        if !schema.contains_key("type") {
            // An enum (or a 3.1 `const`) without a type: its values say which.
            if let Some(ty) = schema.get("enum").and_then(Value::as_array).and_then(|values| value_type(values)) {
                schema.insert("type".to_owned(), Value::String(ty.to_owned()));
            }
        }
        if schema.get("type").and_then(Value::as_str) == Some("integer") {
            self.integer_keywords(schema, pointer);
        }
    }

    /// Removes each of `keys` whose value is not `what`, with a warning.
    fn expect(
        &mut self,
        schema: &mut Map<String, Value>,
        pointer: &Pointer,
        keys: &[&str],
        fits: fn(&Value) -> bool,
        what: &str,
    ) {
        for key in keys {
            if let Some(value) = schema.get(*key).filter(|value| !fits(value)) {
                let message = format!("`{key}` must be {what}, found {}; it is ignored", describe(value));
                self.warn(&pointer.push(key), message);
                schema.remove(*key);
            }
        }
    }

    /// An integer schema's bounds and values must be 64-bit integers: a whole number written as a
    /// float (Pydantic's `minimum: 1.0`) is that integer, as JSON Schema reads it; others are dropped.
    fn integer_keywords(&mut self, schema: &mut Map<String, Value>, pointer: &Pointer) {
        for key in ["minimum", "maximum", "multipleOf"] {
            if let Some(value) = schema.get_mut(key) {
                whole_as_integer(value);
            }
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            values.iter_mut().for_each(whole_as_integer);
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if schema.get(key).is_some_and(|value| value.as_i64().is_none()) {
                let message = format!("`{key}` of an integer is not a 64-bit integer ({}); it is ignored", schema[key]);
                self.warn(&pointer.push(key), message);
                schema.remove(key);
            }
        }
        if schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(|value| !value.is_null() && value.as_i64().is_none()))
        {
            self.warn(
                &pointer.push("enum"),
                "the integer enum has values that are not 64-bit integers; any integer is accepted",
            );
            schema.remove("enum");
        }
    }
}

/// `1.0` as `1`, when it fits a 64-bit integer.
fn whole_as_integer(value: &mut Value) {
    if let Some(float) = value.as_f64().filter(|float| value.is_f64() && float.fract() == 0.0) {
        if float.abs() < 9_223_372_036_854_775_808.0 {
            *value = Value::from(float as i64);
        }
    }
}

impl Visitor for Repairs<'_> {
    fn schema(&mut self, schema: &mut Value, pointer: &Pointer) -> Result<(), Error> {
        match schema {
            Value::Object(object) if !object.contains_key("$ref") => self.schema_keywords(object, pointer),
            Value::Object(object) => annotate_reference(object),
            Value::Bool(_) => {}
            other => {
                self.warn(
                    pointer,
                    format!("a schema must be a mapping, found {}; any JSON is accepted", describe(other)),
                );
                *other = Value::Object(Map::new());
            }
        }
        Ok(())
    }

    fn reference(&mut self, object: &mut Value, _kind: Kind, pointer: &Pointer) -> Result<(), Error> {
        if let Some(reference) = object.get("$ref").filter(|reference| !reference.is_string()) {
            let message = format!("`$ref` must be a string, found {}", describe(reference));
            return Err(self.source_map.error(pointer.push("$ref").as_str(), message));
        }
        Ok(())
    }

    fn object(&mut self, object: &mut Map<String, Value>, kind: Kind, pointer: &Pointer) {
        if kind == Kind::Response && !object.get("description").is_some_and(Value::is_string) {
            self.warn(pointer, "a response needs a `description`; an empty one is assumed");
            object.insert("description".to_owned(), Value::String(String::new()));
        }
        // `openapiv3` reads a missing `explode` as false; OpenAPI's default is true for `form`,
        // the default style. Written out here, so that what the spec means survives.
        if kind == Kind::Encoding && !object.contains_key("explode") {
            let form = object.get("style").is_none_or(|style| style == "form");
            object.insert("explode".to_owned(), Value::Bool(form));
        }
    }

    /// Keeps one `example` (a 3.1 schema's `examples` list gives its first) for the generated
    /// operation tests, and the named examples of a success response's media type, each as its
    /// `value` (a reference to a shared one copied in); other named examples are dropped.
    fn examples(&mut self, object: &mut Map<String, Value>, pointer: &Pointer) {
        match object.remove("examples") {
            Some(Value::Array(mut list)) if !object.contains_key("example") && !list.is_empty() => {
                object.insert("example".to_owned(), list.swap_remove(0));
            }
            Some(Value::Object(named)) if is_success_media_type(pointer) => {
                let kept: Map<String, Value> = named
                    .into_iter()
                    .filter_map(|(name, example)| Some((name, self.example_value(example)?)))
                    .collect();
                if !kept.is_empty() {
                    object.insert("examples".to_owned(), Value::Object(kept));
                }
            }
            _ => {}
        }
    }
}

/// Whether `pointer` is a media type of a success (2xx or `default`) response:
/// `…/responses/200/content/application~1json`, or a shared response's.
fn is_success_media_type(pointer: &Pointer) -> bool {
    let segments: Vec<String> = pointer.segments().collect();
    let [.., responses, status, content, _] = segments.as_slice() else { return false };
    let success =
        status.starts_with('2') || status == "default" || segments.first().is_some_and(|first| first == "components");
    content == "content" && responses == "responses" && success
}

/// Keywords that describe a use of a schema rather than the schema itself.
const ANNOTATIONS: [&str; 7] = ["description", "title", "nullable", "deprecated", "readOnly", "writeOnly", "default"];

/// `{$ref: X, description: …}` (valid in 3.1, and common in 3.0 specs that mean the same) becomes
/// `{allOf: [{$ref: X}], description: …}`, which says the same in 3.0 terms: the annotations apply to
/// this use of `X` rather than being dropped. Other keywords beside a `$ref` stay ignored.
fn annotate_reference(object: &mut Map<String, Value>) {
    if !ANNOTATIONS.iter().any(|key| object.contains_key(*key)) {
        return;
    }
    let reference = object.remove("$ref").unwrap_or_default();
    let annotations: Map<String, Value> =
        ANNOTATIONS.iter().filter_map(|key| object.remove(*key).map(|value| ((*key).to_owned(), value))).collect();
    object.clear();
    object.extend(annotations);
    let member = Map::from_iter([("$ref".to_owned(), reference)]);
    object.insert("allOf".to_owned(), Value::Array(vec![Value::Object(member)]));
}

/// The one JSON type all of `values` (nulls aside) have, if they have one.
fn value_type(values: &[Value]) -> Option<&'static str> {
    let mut types = values.iter().filter(|value| !value.is_null()).map(|value| match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        _ => "object",
    });
    let first = types.next()?;
    types.all(|ty| ty == first).then_some(first)
}

fn is_list_of_strings(value: &Value) -> bool {
    value.as_array().is_some_and(|names| names.iter().all(Value::is_string))
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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
