//! OpenAPI Overlay 1.0 documents: actions that update or remove the nodes of a spec a JSONPath
//! (RFC 9535) selects, applied to the spec as written, before it is loaded. They fix a vendor's
//! spec without editing the vendor's file.

use std::path::Path;

use serde_json::Value;
use serde_json_path::JsonPath;

use super::document::read_document;
use crate::diagnostics::{Diagnostic, Error, Pointer};

/// Applies the overlay at `path` to `document`. An action that selects nothing is a warning naming
/// the overlay and the action; an overlay that is not one is an error at its pointer.
pub(super) fn apply(document: &mut Value, path: &Path) -> Result<Vec<Diagnostic>, Error> {
    let overlay = read_document(path)?;
    let version = overlay.get("overlay").and_then(Value::as_str).unwrap_or_default();
    if !version.starts_with("1.") {
        return Err(Error::new(path, "/overlay", "not an OpenAPI Overlay document: `overlay` must be a 1.x version"));
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(Error::new(path, "/actions", "an overlay needs a list of `actions`"));
    };
    let mut warnings = Vec::new();
    for (index, action) in actions.iter().enumerate() {
        let at = Pointer::root().push("actions").push(index);
        let target = action.get("target").and_then(Value::as_str).ok_or_else(|| {
            Error::new(path, at.push("target").as_str(), "an action needs a `target`: a JSONPath expression")
        })?;
        let query = JsonPath::parse(target).map_err(|error| {
            Error::new(path, at.push("target").as_str(), format!("`{target}` is not a JSONPath expression: {error}"))
        })?;
        let remove = match action.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(_) => return Err(Error::new(path, at.push("remove").as_str(), "`remove` must be true or false")),
        };
        let update = action.get("update").filter(|_| !remove);
        if !remove && update.is_none() {
            return Err(Error::new(path, at.as_str(), "an action needs an `update` or `remove: true`"));
        }
        let pointers: Vec<String> =
            query.query_located(document).locations().map(|location| location.to_json_pointer()).collect();
        if pointers.is_empty() {
            let message =
                format!("the action's target `{target}` selects nothing in the spec; the action does nothing");
            warnings.push(Diagnostic::warning(path, at.as_str(), message));
        }
        match update {
            Some(update) => pointers.iter().for_each(|pointer| merge(document.pointer_mut(pointer), update)),
            None => remove_all(document, pointers),
        }
    }
    Ok(warnings)
}

/// Merges `update` into `target`: objects property by property, recursively; an array gets the
/// update's items (or the update itself) appended; anything else is replaced.
fn merge(target: Option<&mut Value>, update: &Value) {
    let Some(target) = target else { return };
    match (target, update) {
        (Value::Object(fields), Value::Object(updates)) => {
            for (key, value) in updates {
                match fields.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(Some(existing), value),
                    _ => {
                        fields.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), one) => items.push(one.clone()),
        (target, value) => *target = value.clone(),
    }
}

/// Removes the nodes at `pointers` from their parents; array items from the last, so that the
/// indices of the others still hold. The document itself cannot be removed.
fn remove_all(document: &mut Value, mut pointers: Vec<String>) {
    let index_of = |pointer: &String| pointer.rsplit('/').next().and_then(|last| last.parse::<usize>().ok());
    pointers.sort_by(|a, b| index_of(b).cmp(&index_of(a)).then_with(|| b.cmp(a)));
    for pointer in pointers {
        let Some((parent, last)) = pointer.rsplit_once('/') else { continue };
        let key = last.replace("~1", "/").replace("~0", "~");
        match document.pointer_mut(parent) {
            Some(Value::Object(fields)) => {
                fields.shift_remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Some(index) = key.parse::<usize>().ok().filter(|index| *index < items.len()) {
                    items.remove(index);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn updates_merge_objects_and_append_to_arrays() {
        let mut spec = json!({"info": {"title": "A", "contact": {"name": "x"}}, "tags": [{"name": "a"}]});
        merge(spec.pointer_mut("/info"), &json!({"title": "B", "contact": {"email": "e"}}));
        merge(spec.pointer_mut("/tags"), &json!({"name": "b"}));
        assert_eq!(
            spec,
            json!({"info": {"title": "B", "contact": {"name": "x", "email": "e"}}, "tags": [{"name": "a"}, {"name": "b"}]})
        );
    }

    #[test]
    fn removals_keep_the_indices_of_items_still_to_remove() {
        let mut spec = json!({"a": [0, 1, 2, 3], "b/c": 1, "d": 2});
        remove_all(&mut spec, vec!["/a/1".into(), "/a/3".into(), "/b~1c".into(), String::new()]);
        assert_eq!(spec, json!({"a": [0, 2], "d": 2}));
    }
}
