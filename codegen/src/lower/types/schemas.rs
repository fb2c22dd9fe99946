//! What a schema says, read without lowering it: its references, kind, enumerations, docs and
//! constraints.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use crate::ir::{AllowedValues, Constraints, EnumVariant, IntegerVariant, TypeRef, VariantId};
use crate::lower::names::Namespace;

/// A schema as a reference or inline, whatever box it came in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// Where a schema is used: a binary string is a file in a multipart body, a string elsewhere.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    Json,
    Multipart,
}

/// Where component schemas are, as references write it.
pub(super) const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// For `allOf: [{$ref: X}, {description: …}]`, a reference to `X` with annotations beside it: the
/// index of the reference among the members, and the reference. Members that only annotate add no
/// properties, so there is nothing to merge.
pub(super) fn documented_reference(schema: &Schema) -> Option<(usize, &str)> {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if any.properties.is_empty() && any.typ.is_none() => &any.all_of,
        _ => return None,
    };
    let mut references = members.iter().enumerate().filter_map(|(index, member)| match member {
        ReferenceOr::Reference { reference } => Some((index, reference.as_str())),
        ReferenceOr::Item(_) => None,
    });
    let only = references.next().filter(|_| references.next().is_none())?;
    let annotations_only = members.iter().all(|member| match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(item) => {
            matches!(&item.schema_kind, SchemaKind::Any(any) if any == &openapiv3::AnySchema::default())
        }
    });
    (members.len() > 1 && annotations_only).then_some(only)
}

/// `X` from `#/components/schemas/X`.
pub(super) fn component_key(reference: &str) -> Option<String> {
    let key = reference.strip_prefix(COMPONENT_PREFIX)?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}

pub(super) fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>, usage: Usage) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if usage == Usage::Multipart => TypeRef::Upload,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

pub(crate) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    let text = data.description.as_deref().filter(|text| !text.trim().is_empty()).or(data.title.as_deref());
    crate::lower::docs::markdown(text)
}

pub(crate) fn constraints_of(schema: &Schema) -> Constraints {
    let mut constraints = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            constraints.min_length = string.min_length;
            constraints.max_length = string.max_length;
            constraints.pattern = string.pattern.clone().filter(|pattern| !pattern.is_empty());
            constraints.format = match &string.format {
                openapiv3::VariantOrUnknownOrEmpty::Unknown(format) => Some(format.to_ascii_lowercase()),
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Byte) => Some("byte".to_owned()),
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password) => {
                    Some("password".to_owned())
                }
                _ => None,
            };
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            constraints.minimum =
                integer.minimum.map(|bound| bound as f64 + if integer.exclusive_minimum { 1.0 } else { 0.0 });
            constraints.maximum =
                integer.maximum.map(|bound| bound as f64 - if integer.exclusive_maximum { 1.0 } else { 0.0 });
        }
        SchemaKind::Type(Type::Number(number)) => {
            constraints.minimum = number.minimum;
            constraints.maximum = number.maximum;
        }
        SchemaKind::Type(Type::Array(array)) => {
            constraints.min_items = array.min_items;
            constraints.max_items = array.max_items;
            constraints.unique_items = array.unique_items;
        }
        SchemaKind::Type(Type::Object(object)) => constraints.min_properties = object.min_properties,
        _ => {}
    }
    constraints.example = schema.schema_data.example.clone();
    if let SchemaKind::Type(Type::String(string)) = &schema.schema_kind {
        // A one-value enum is a plain string in Rust; the value is what a valid request sends.
        if let [Some(only)] = string.enumeration.as_slice() {
            constraints.example = Some(Value::String(only.clone()));
        }
    }
    // An array's items keep no constraints of their own in the IR: their example stands for them.
    if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind {
        if let (None, Some(ReferenceOr::Item(items))) = (&constraints.example, &array.items) {
            constraints.example = constraints_of(items).example.map(|item| Value::Array(vec![item]));
        }
    }
    if let Some(Value::Array(extensions)) = schema.schema_data.extensions.get("x-file-extensions") {
        constraints.file_extensions = extensions.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    }
    constraints
}

/// For each variant that shares its discriminator value with a later one: its enumerated
/// properties (the discriminator's own taken out already), which a value must fit to be it.
pub(super) fn narrowing(
    mapping: &[(String, VariantId)],
    mut enumerated: Vec<BTreeMap<String, Vec<String>>>,
) -> Vec<(VariantId, AllowedValues)> {
    let mut narrowing = Vec::new();
    for (index, (tag, variant)) in mapping.iter().enumerate() {
        let shared = mapping[index + 1..].iter().any(|(later, _)| later == tag);
        if shared && !narrowing.iter().any(|(narrowed, _)| narrowed == variant) {
            narrowing.push((*variant, std::mem::take(&mut enumerated[variant.index()]).into_iter().collect()));
        }
    }
    narrowing
}

/// The `items` written beside a union (Docker's `Cmd`: `{items: {type: string}, oneOf: [{type:
/// array, items: {}}, {type: string}]}`), which its array members whose items are open take.
pub(super) fn shared_items(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Any(any) => any.items.as_ref(),
        _ => None,
    }
}

/// A variant name for an inline union member, from what it is: a string by its format where it
/// has a type of its own (`anyOf: [{format: uuid}, {type: string}]` is `Uuid` or `String`).
pub(super) fn kind_name(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "DateTime",
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "Date",
            VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => "Uuid",
            _ => "String",
        },
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        _ => "Object",
    }
}

pub(super) fn union_key(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::Any(any) if !any.one_of.is_empty() => "oneOf",
        _ => "anyOf",
    }
}

/// The members of the union `schema` is, if it is one: a `oneOf`'s or `anyOf`'s, also beside a
/// `type` and other keywords that add nothing of their own (`{type: object, oneOf: [$ref A, $ref B]}`,
/// as OpenAI writes its unions), when every member says what it is. Members that only constrain
/// (`{required: [a]}`), or properties beside them, leave the schema an object: its members are then
/// its [`Alternative`](crate::ir::Alternative)s.
pub(super) fn union_members(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => Some(members),
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.all_of.is_empty() && any.additional_properties.is_none() =>
        {
            let members = if any.one_of.is_empty() { &any.any_of } else { &any.one_of };
            (!members.is_empty() && members.iter().all(says_what_it_is)).then_some(members.as_slice())
        }
        _ => None,
    }
}

/// The values of a union whose every member is a string enum or constant (`oneOf: [{const: create},
/// {const: update}]`, as 3.1 specs give values their own descriptions): one enum of them all.
pub(super) fn union_of_string_enums(members: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
    let mut values: Vec<String> = Vec::new();
    for member in members {
        let ReferenceOr::Item(member) = member else { return None };
        for value in string_enum(member)? {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    (values.len() > 1).then_some(values)
}

/// Whether a union member is a type of its own rather than a constraint on its parent.
pub(super) fn says_what_it_is(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.is_some()
                    || !any.properties.is_empty()
                    || !any.enumeration.is_empty()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
            }
            _ => true,
        },
    }
}

pub(super) fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.iter().flatten().count() > 0 => {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

pub(super) fn integer_enum(schema: &Schema) -> Option<Vec<i64>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.iter().flatten().count() > 1 => {
            Some(integer.enumeration.iter().flatten().copied().collect())
        }
        _ => None,
    }
}

/// `V1`, `V2`, … and `Minus1` for negative values; a value listed twice is one variant.
pub(super) fn integer_variants(values: &[i64]) -> Vec<IntegerVariant> {
    let mut variant_names = Namespace::new(&[crate::ir::reserved::UNKNOWN_VARIANT]);
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|value| seen.insert(**value))
        .map(|value| {
            let name = if *value < 0 { format!("Minus{}", value.unsigned_abs()) } else { format!("V{value}") };
            IntegerVariant { name: variant_names.claim(&name), value: *value }
        })
        .collect()
}

/// One variant per distinct value; `Unknown` is the catch-all for values the SDK does not know.
pub(super) fn enum_variants(values: &[String]) -> Vec<EnumVariant> {
    let mut variant_names = Namespace::new(&[crate::ir::reserved::UNKNOWN_VARIANT]);
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| EnumVariant { name: variant_names.pascal(value), value: value.clone() })
        .collect()
}
