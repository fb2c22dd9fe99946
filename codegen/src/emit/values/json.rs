//! Values as the JSON a conforming server sends: for the generated streaming tests, whose local
//! server sends them as events. The same choices as the Rust values beside it: the spec's example
//! or default where it fits, else what the type and its constraints allow; objects get their
//! required properties, unions their first variant with its discriminator, enums their first value.

use serde_json::{Map, Value};

use super::choice::{first_alternative, float, integer, string, variants_to_try, MAX_DEPTH};
use crate::ir::{Api, Constraints, Field, FieldId, Struct, TypeDefKind, TypeRef, Union};

/// JSON that decodes into `ty`, or `None` when none can be made (a file, a recursion too deep).
pub(in crate::emit) fn json_value(api: &Api, ty: &TypeRef) -> Option<Value> {
    at_depth(api, ty, &Constraints::default(), 0)
}

fn at_depth(api: &Api, ty: &TypeRef, constraints: &Constraints, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let example = constraints.example.as_ref();
    Some(match ty {
        TypeRef::String => Value::String(string(constraints)?),
        TypeRef::I32 | TypeRef::I64 => Value::from(integer(constraints)?),
        TypeRef::F32 | TypeRef::F64 => Value::from(float(constraints)?),
        TypeRef::Bool => Value::Bool(example.and_then(Value::as_bool).unwrap_or(true)),
        TypeRef::Uuid => Value::from("00000000-0000-0000-0000-000000000000"),
        TypeRef::DateTime => Value::from("2024-01-01T00:00:00Z"),
        TypeRef::Date => Value::from("2024-01-01"),
        TypeRef::Upload => return None,
        TypeRef::Json => example.cloned().unwrap_or_else(|| Value::Object(Map::new())),
        TypeRef::Array(items) => {
            let count = constraints.min_items.unwrap_or(1).max(1);
            let item = at_depth(api, items, &Constraints::default(), depth + 1)?;
            Value::Array(vec![item; count])
        }
        TypeRef::Map(_) if constraints.min_properties.unwrap_or(0) == 0 => Value::Object(Map::new()),
        TypeRef::Map(value) => {
            let value = at_depth(api, value, &Constraints::default(), depth + 1)?;
            let count = constraints.min_properties.unwrap_or(0);
            Value::Object((1..=count).map(|index| (format!("key{index}"), value.clone())).collect())
        }
        TypeRef::Nullable(inner) => return at_depth(api, inner, constraints, depth + 1),
        TypeRef::Named(id) => {
            let def = api.ty(*id);
            match &def.kind {
                TypeDefKind::Enum(variants) => {
                    let chosen =
                        example.and_then(Value::as_str).filter(|value| variants.iter().any(|v| v.value == *value));
                    Value::from(chosen.unwrap_or(variants.first()?.value.as_str()))
                }
                TypeDefKind::IntegerEnum(variants) => Value::from(variants.first()?.value),
                TypeDefKind::Alias(target) => at_depth(api, target, constraints, depth + 1)?,
                TypeDefKind::Union(union) => return union_value(api, union, depth),
                TypeDefKind::Struct(object) => return object_value(api, object, None, depth),
            }
        }
    })
}

/// JSON for the first of [`variants_to_try`] that can be made.
fn union_value(api: &Api, union: &Union, depth: usize) -> Option<Value> {
    variants_to_try(union).into_iter().find_map(|(variant, tag)| {
        let object = variant.ty.named().map(|id| &api.ty(api.definition(id)).kind);
        match (tag, object) {
            (Some(tag), Some(TypeDefKind::Struct(object))) => object_value(api, object, Some(tag), depth + 1),
            _ => at_depth(api, &variant.ty, &Constraints::default(), depth + 1),
        }
    })
}

/// An object with the required properties and constants of `structure` (and those its first
/// alternative requires), and `tag` (a discriminator's wire name and value) unless a field of its
/// own gives the tag's value.
fn object_value(api: &Api, structure: &Struct, tag: Option<(&str, &str)>, depth: usize) -> Option<Value> {
    let mut object = Map::new();
    let alternative = first_alternative(&structure.alternatives);
    let wanted = |(id, field): &(FieldId, &Field)| {
        !field.is_optional() || field.constant.is_some() || alternative.required.contains(id)
    };
    for (_, field) in structure.fields_with_ids().filter(wanted) {
        let value = match &field.constant {
            Some(constant) => constant.clone(),
            None => {
                let mut constraints = field.constraints.clone();
                if constraints.example.is_none() {
                    constraints.example = field.default.clone();
                }
                if let Some((_, value)) = tag.filter(|(wire, _)| *wire == field.wire_name) {
                    constraints.example.get_or_insert_with(|| Value::from(value));
                }
                at_depth(api, &field.ty, &constraints, depth + 1)?
            }
        };
        object.insert(field.wire_name.clone(), value);
    }
    if let Some((wire, value)) = tag {
        object.entry(wire).or_insert_with(|| Value::from(value));
    }
    Some(Value::Object(object))
}
