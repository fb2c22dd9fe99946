//! Overlays in `mock-test`: the user's, applied to the spec that Prism serves as to the SDK, and
//! the one suggested where the spec contradicts itself. Prism serves the first example of a
//! response in static mode, so an example that breaks its schema makes Prism refuse the response it
//! made; removing it lets Prism make one from the schema, and the operation is tested again.

use std::path::{Path, PathBuf};

use sdkgen::diagnostics::Pointer;
use serde_json::{json, Value};

/// The spec as Prism is to serve it: the file itself, or with `overlays` made to it, written
/// beside the standalone crate at `crate_dir`.
pub(crate) fn spec_for_prism(spec: &Path, overlays: &[PathBuf], crate_dir: &Path) -> Result<PathBuf, String> {
    if overlays.is_empty() {
        return Ok(spec.to_owned());
    }
    let edits = sdkgen::load::SpecEdits { overlays: overlays.to_vec(), ..Default::default() };
    let (document, _) = sdkgen::load::edited_document(spec, &edits).map_err(|error| error.to_string())?;
    let path = crate_dir.with_extension("overlaid.json");
    let text = serde_json::to_string(&document).map_err(|error| error.to_string())?;
    std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

/// An overlay (as YAML) for the spec `document` (its root file, as written) that removes the
/// examples Prism refused: those of the responses of each operation at `routes` (its method and
/// path as the spec writes them, a response it refers to followed), and the examples at `broken`,
/// JSON pointers to those that break their schemas.
pub(crate) fn suggested_overlay(document: &Value, routes: &[(String, String)], broken: &[String]) -> String {
    let mut pointers: Vec<String> = routes.iter().flat_map(|route| response_examples(document, route)).collect();
    pointers.extend(broken.iter().filter(|pointer| document.pointer(pointer).is_some()).cloned());
    pointers.sort();
    pointers.dedup();
    let actions: Vec<Value> =
        pointers.iter().map(|pointer| json!({ "target": json_path(pointer), "remove": true })).collect();
    let overlay = json!({
        "overlay": "1.0.0",
        "info": {
            "title": "Remove the response examples that Prism refused as breaking their schemas",
            "version": "1.0.0",
        },
        "actions": Value::Array(actions),
    });
    serde_yaml::to_string(&overlay).unwrap_or_default()
}

/// The pointers of the examples of every response of the operation at `route`, in `document`:
/// the media types' and, since Prism serves it once those are gone, their schemas' own.
fn response_examples(document: &Value, (method, path): &(String, String)) -> Vec<String> {
    let operation = Pointer::root().push("paths").push(path).push(method).push("responses");
    let Some(Value::Object(responses)) = document.pointer(operation.as_str()) else { return Vec::new() };
    let mut found = Vec::new();
    for (status, response) in responses {
        let at = match response.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#')) {
            Some(named) => Pointer::parse(named),
            None => operation.push(status),
        };
        let Some(Value::Object(content)) = document.pointer(at.push("content").as_str()) else { continue };
        for (media_type, media) in content {
            let media_at = at.push("content").push(media_type).as_str().to_owned();
            for key in ["example", "examples"].into_iter().filter(|key| media.get(key).is_some()) {
                found.push(format!("{media_at}/{key}"));
            }
            let named =
                media.pointer("/schema/$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#'));
            let schema_at = named.map_or_else(|| format!("{media_at}/schema"), str::to_owned);
            if document.pointer(&format!("{schema_at}/example")).is_some() {
                found.push(format!("{schema_at}/example"));
            }
        }
    }
    found
}

/// A JSON pointer as a JSONPath that selects the same node.
fn json_path(pointer: &str) -> String {
    let mut path = String::from("$");
    for segment in Pointer::parse(pointer).segments() {
        path.push('[');
        path.push_str(&quoted(&segment));
        path.push(']');
    }
    path
}

/// `name` as a JSONPath string literal.
fn quoted(name: &str) -> String {
    format!("'{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_removes_the_refused_operations_examples_and_the_broken_ones() {
        let document = json!({
            "paths": {"/things/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"example": {"id": 1}, "schema": {"$ref": "#/components/schemas/Thing"}}}},
                "404": {"$ref": "#/components/responses/Missing"},
            }}}},
            "components": {
                "responses": {"Missing": {"content": {"application/json": {"examples": {"gone": {"value": {}}}}}}},
                "schemas": {"Thing": {"example": {"id": 2}}},
            },
        });
        let routes = [("get".to_owned(), "/things/{id}".to_owned())];
        let broken = ["/components/schemas/Gone/example".to_owned()];
        let overlay: Value = serde_yaml::from_str(&suggested_overlay(&document, &routes, &broken)).expect("YAML");
        let actions = overlay["actions"].as_array().unwrap();
        let targets: Vec<&str> = actions.iter().map(|action| action["target"].as_str().unwrap()).collect();
        assert_eq!(
            targets,
            [
                "$['components']['responses']['Missing']['content']['application/json']['examples']",
                "$['components']['schemas']['Thing']['example']",
                "$['paths']['/things/{id}']['get']['responses']['200']['content']['application/json']['example']",
            ]
        );
        assert_eq!(json_path("/paths/~1a~1b's/get"), "$['paths']['/a/b\\'s']['get']");
    }
}
