//! Overlays in `mock-test`: the user's, applied to the spec that Prism serves as to the SDK, and
//! the one suggested where the spec contradicts itself. Prism serves the first example of a
//! response in static mode, so an example that breaks its schema makes Prism refuse the response it
//! made; removing it lets Prism make one from the schema, and the operation is tested again.

use std::path::{Path, PathBuf};

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

/// An overlay (as YAML) that removes the examples Prism refused: those of the responses of each
/// operation at `routes` (its method and path as the spec writes them), and the examples at
/// `broken`, JSON pointers to those that break their schemas.
pub(crate) fn suggested_overlay(routes: &[(String, String)], broken: &[String]) -> String {
    let mut actions = Vec::new();
    for (method, path) in routes {
        let responses = format!("$['paths'][{}][{}]['responses'][*]['content'][*]", quoted(path), quoted(method));
        for key in ["example", "examples"] {
            actions.push(json!({ "target": format!("{responses}['{key}']"), "remove": true }));
        }
    }
    actions.extend(broken.iter().map(|pointer| json!({ "target": json_path(pointer), "remove": true })));
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

/// A JSON pointer as a JSONPath that selects the same node.
fn json_path(pointer: &str) -> String {
    let segments = pointer.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~"));
    let mut path = String::from("$");
    for segment in segments {
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
        let routes = [("get".to_owned(), "/things/{id}".to_owned())];
        let overlay = suggested_overlay(&routes, &["/components/schemas/Thing/example".to_owned()]);
        let overlay: Value = serde_yaml::from_str(&overlay).expect("YAML");
        let targets: Vec<&str> =
            overlay["actions"].as_array().unwrap().iter().map(|action| action["target"].as_str().unwrap()).collect();
        assert_eq!(
            targets,
            [
                "$['paths']['/things/{id}']['get']['responses'][*]['content'][*]['example']",
                "$['paths']['/things/{id}']['get']['responses'][*]['content'][*]['examples']",
                "$['components']['schemas']['Thing']['example']",
            ]
        );
        assert_eq!(json_path("/paths/~1a~1b's/get"), "$['paths']['/a/b\\'s']['get']");
    }
}
