//! The value chosen for a type, as one tree over the IR: the Rust and JSON forms print the same
//! choice (see [`super::tokens`] and [`super::json`]).

use serde_json::Value;

use super::choice::{array_len, first_alternative, float, integer, string, variants_to_try, Tag, MAX_DEPTH};
use crate::ir::{
    Api, Constraints, EnumVariant, Field, FieldId, IntegerVariant, Struct, TypeDefKind, TypeId, TypeRef, VariantId,
};

/// A value of some type of the API.
pub(crate) enum Sample<'a> {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// The nil UUID.
    Uuid,
    /// 2024-01-01, midnight UTC.
    DateTime,
    /// 2024-01-01.
    Date,
    /// A file of four bytes, `test`, named after the first extension the spec allows.
    Upload {
        file_name: String,
    },
    Json(Value),
    Array(Vec<Sample<'a>>),
    /// A map's entries (none: the empty map).
    Map(Vec<(String, Sample<'a>)>),
    /// A value where `null` was allowed too.
    Nullable(Box<Sample<'a>>),
    Enum {
        ty: TypeId,
        variant: &'a EnumVariant,
    },
    IntegerEnum {
        ty: TypeId,
        variant: &'a IntegerVariant,
    },
    Union {
        ty: TypeId,
        variant: VariantId,
        value: Box<Sample<'a>>,
    },
    Object(Object<'a>),
}

/// An object: the fields it sets, in declaration order, and the discriminator's tag it carries
/// where none of its fields is the tag's property.
pub(crate) struct Object<'a> {
    pub(crate) ty: TypeId,
    pub(crate) fields: Vec<(FieldId, Sample<'a>)>,
    pub(crate) tag: Option<Tag<'a>>,
}

impl<'a> Object<'a> {
    pub(crate) fn value_of(&self, field: FieldId) -> Option<&Sample<'a>> {
        self.fields.iter().find(|(id, _)| *id == field).map(|(_, value)| value)
    }
}

/// A value of `ty` that a server validating against the spec accepts, or `None` when none can be
/// made (a required property that recurses too deep).
pub(crate) fn choose<'a>(api: &'a Api, ty: &TypeRef, constraints: &Constraints) -> Option<Sample<'a>> {
    at_depth(api, ty, constraints, 0)
}

/// A value of a path, query or header parameter, which travels as text: a union with a string
/// variant is given that one, since text such as `1` would read as its number variant too, and
/// a validator then finds it matching more than one member of a `oneOf`.
pub(crate) fn choose_parameter<'a>(api: &'a Api, ty: &TypeRef, constraints: &Constraints) -> Option<Sample<'a>> {
    let definition = ty.named().map(|id| api.definition(id));
    let string_variant = definition.and_then(|id| match &api.ty(id).kind {
        TypeDefKind::Union(union) => {
            let (variant, _) = union.variants_with_ids().find(|(_, variant)| variant.ty == TypeRef::String)?;
            Some((id, variant))
        }
        _ => None,
    });
    let Some((ty, variant)) = string_variant else { return choose(api, ty, constraints) };
    let value = Box::new(Sample::Text(string(&Constraints::default())?));
    Some(Sample::Union { ty, variant, value })
}

fn at_depth<'a>(api: &'a Api, ty: &TypeRef, constraints: &Constraints, depth: usize) -> Option<Sample<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let example = constraints.example.as_ref();
    Some(match ty {
        TypeRef::String => Sample::Text(string(constraints)?),
        TypeRef::I32 => Sample::Integer(i32::try_from(integer(constraints)?).ok()?.into()),
        TypeRef::I64 => Sample::Integer(integer(constraints)?),
        TypeRef::F32 | TypeRef::F64 => Sample::Float(float(constraints)?),
        TypeRef::Bool => Sample::Bool(example.and_then(Value::as_bool).unwrap_or(true)),
        TypeRef::Uuid => Sample::Uuid,
        TypeRef::DateTime => Sample::DateTime,
        TypeRef::Date => Sample::Date,
        TypeRef::Upload => {
            let extension = constraints.file_extensions.first().map_or(".txt", String::as_str);
            Sample::Upload { file_name: format!("test{extension}") }
        }
        TypeRef::Json => Sample::Json(example.cloned().unwrap_or_else(|| Value::Object(Default::default()))),
        TypeRef::Array(items) => array(api, items, constraints, depth)?,
        TypeRef::Map(value) => {
            let entries = (1..=constraints.min_properties.unwrap_or(0))
                .map(|index| Some((format!("key{index}"), at_depth(api, value, &Constraints::default(), depth + 1)?)))
                .collect::<Option<Vec<_>>>()?;
            Sample::Map(entries)
        }
        TypeRef::Nullable(inner) => Sample::Nullable(Box::new(at_depth(api, inner, constraints, depth + 1)?)),
        TypeRef::Named(id) => return named(api, *id, constraints, depth),
    })
}

/// [`array_len`] items, taken in turn from the example's where it has some.
fn array<'a>(api: &'a Api, items: &TypeRef, constraints: &Constraints, depth: usize) -> Option<Sample<'a>> {
    let examples = match constraints.example.as_ref() {
        Some(Value::Array(examples)) if !examples.is_empty() => examples.as_slice(),
        _ => &[Value::Null],
    };
    let items = (0..array_len(constraints))
        .map(|index| {
            let example = Some(examples[index % examples.len()].clone()).filter(|value| !value.is_null());
            at_depth(api, items, &Constraints { example, ..Constraints::default() }, depth + 1)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Sample::Array(items))
}

fn named<'a>(api: &'a Api, id: TypeId, constraints: &Constraints, depth: usize) -> Option<Sample<'a>> {
    match &api.ty(id).kind {
        TypeDefKind::Enum(variants) => {
            let example = constraints.example.as_ref().and_then(Value::as_str);
            let chosen = variants.iter().find(|variant| Some(variant.value.as_str()) == example);
            Some(Sample::Enum { ty: id, variant: chosen.or(variants.first())? })
        }
        TypeDefKind::IntegerEnum(variants) => Some(Sample::IntegerEnum { ty: id, variant: variants.first()? }),
        TypeDefKind::Alias(target) => at_depth(api, target, constraints, depth + 1),
        TypeDefKind::Union(union) => variants_to_try(union).into_iter().find_map(|(variant_id, variant, tag)| {
            let definition = variant.ty.named().map(|id| api.definition(id));
            let value = match definition.map(|id| (id, &api.ty(id).kind)) {
                Some((id, TypeDefKind::Struct(object))) => {
                    Sample::Object(object_value(api, id, object, Shape::Variant { tag }, depth + 1)?)
                }
                _ => at_depth(api, &variant.ty, &Constraints::default(), depth + 1)?,
            };
            Some(Sample::Union { ty: id, variant: variant_id, value: Box::new(value) })
        }),
        TypeDefKind::Struct(object) => Some(Sample::Object(object_value(api, id, object, Shape::Plain, depth)?)),
    }
}

/// An object with its required fields, its constants (members of a union that differ only in them
/// would otherwise fit one value), the fields its first alternative requires, and what its
/// [`Shape`] asks for.
fn object_value<'a>(api: &'a Api, ty: TypeId, object: &Struct, shape: Shape<'a>, depth: usize) -> Option<Object<'a>> {
    let alternative = first_alternative(&object.alternatives);
    let tag = shape.tag();
    let is_tag = |field: &Field| tag.is_some_and(|(wire, _)| wire == field.wire_name);
    let mut fields = Vec::new();
    for (id, field) in object.fields_with_ids() {
        let constant = field.constant.is_some() && !field.read_only;
        if !field.is_optional() || alternative.required.contains(&id) || is_tag(field) || constant {
            let example = shape.tag_example(field).or_else(|| field.constant.clone());
            fields.push((id, field_value(api, field, example, depth)?));
        }
    }
    let untagged_variant = matches!(shape, Shape::Variant { tag: None });
    if untagged_variant && fields.is_empty() && object.fields.iter().all(Field::is_optional) {
        // An empty object fits every member whose properties are all optional (GitHub's `labels`
        // as names or as objects): the variant's own properties tell it apart.
        for (id, field) in object.fields_with_ids() {
            if field.read_only || alternative.left_out.contains(&id) {
                continue;
            }
            if let Some(value) = field_value(api, field, None, depth) {
                fields.push((id, value));
            }
        }
    }
    let tag = tag.filter(|(wire, _)| !object.fields.iter().any(|field| field.wire_name == *wire));
    Some(Object { ty, fields, tag })
}

/// A field's value; `example`, when given, is the value to take, else the field's own example or
/// default.
fn field_value<'a>(api: &'a Api, field: &Field, example: Option<Value>, depth: usize) -> Option<Sample<'a>> {
    let mut constraints = field.constraints.clone();
    if example.is_some() {
        constraints.example = example;
    }
    if constraints.example.is_none() {
        constraints.example = field.default.clone();
    }
    at_depth(api, &field.ty, &constraints, depth + 1)
}

/// What an object value stands for: itself, or a union's variant, which carries the
/// discriminator's tag if the union has one. Members that differ only in their constants (Adyen's
/// terminal actions, `{type: {enum: [InstallAndroidApp]}}` and the like, every property optional)
/// are told apart by those, which every object value sets.
#[derive(Clone, Copy)]
enum Shape<'t> {
    Plain,
    Variant { tag: Option<Tag<'t>> },
}

impl<'t> Shape<'t> {
    /// The discriminator's property and value, for a variant of a tagged union.
    fn tag(self) -> Option<Tag<'t>> {
        match self {
            Shape::Variant { tag } => tag,
            Shape::Plain => None,
        }
    }

    /// The tag's value, if `field` is the tag's property. The field's own one value (an enum of
    /// one, an example) wins over the mapping's, which may be a schema's name where the spec gives
    /// no explicit mapping.
    fn tag_example(self, field: &Field) -> Option<Value> {
        self.tag().filter(|(wire, _)| *wire == field.wire_name).map(|(_, value)| {
            field
                .constraints
                .example
                .clone()
                .filter(Value::is_string)
                .unwrap_or_else(|| Value::String(value.to_owned()))
        })
    }
}
