//! Values as the JSON a conforming server sends: for the generated streaming and webhook tests,
//! and the mock's example.

use serde_json::{Map, Value};

use super::sample::{choose, Object, Sample};
use crate::ir::{Api, Constraints, TypeDefKind, TypeRef};

/// JSON that decodes into `ty`, or `None` when none can be made (a file, a recursion too deep).
pub(in crate::emit) fn json_value(api: &Api, ty: &TypeRef) -> Option<Value> {
    json(api, &choose(api, ty, &Constraints::default())?)
}

fn json(api: &Api, sample: &Sample<'_>) -> Option<Value> {
    Some(match sample {
        Sample::Text(text) => Value::from(text.as_str()),
        Sample::Integer(number) => Value::from(*number),
        Sample::Float(number) => Value::from(*number),
        Sample::Bool(value) => Value::Bool(*value),
        Sample::Uuid => Value::from("00000000-0000-0000-0000-000000000000"),
        Sample::DateTime => Value::from("2024-01-01T00:00:00Z"),
        Sample::Date => Value::from("2024-01-01"),
        Sample::Upload { .. } => return None,
        Sample::Json(value) => value.clone(),
        Sample::Array(items) => Value::Array(items.iter().map(|item| json(api, item)).collect::<Option<_>>()?),
        Sample::Map(entries) => Value::Object(
            entries.iter().map(|(key, value)| Some((key.clone(), json(api, value)?))).collect::<Option<_>>()?,
        ),
        Sample::Nullable(inner) | Sample::Union { value: inner, .. } => json(api, inner)?,
        Sample::Enum { variant, .. } => Value::from(variant.value.as_str()),
        Sample::IntegerEnum { variant, .. } => Value::from(variant.value),
        Sample::Object(object) => object_json(api, object)?,
    })
}

/// The object's fields by wire name, and its tag.
fn object_json(api: &Api, object: &Object<'_>) -> Option<Value> {
    let TypeDefKind::Struct(structure) = &api.ty(object.ty).kind else { return None };
    let mut json_object = Map::new();
    for (id, value) in &object.fields {
        json_object.insert(structure.field(*id).wire_name.clone(), json(api, value)?);
    }
    if let Some((wire, tag)) = object.tag {
        json_object.insert(wire.to_owned(), Value::from(tag));
    }
    Some(Value::Object(json_object))
}
