//! Unions and enums: their variants, named and deduplicated in their own namespace.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    IntegerFormat, IntegerType, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{string_format, Lowered, SchemaRef, TypeLowerer, Usage};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    AllowedValues, Discriminator, EnumVariant, IntegerVariant, TypeDefKind, TypeRef, Union, UnionVariant, VariantId,
};
use crate::lower::names::{self, Namespace};

impl<'a> TypeLowerer<'a> {
    /// A string schema: a constant, an enum defined here, or a string in its format.
    pub(super) fn string_type(
        &mut self,
        schema: &Schema,
        string: &StringType,
        hint: &str,
        usage: Usage,
        may_define: bool,
        lowered: &mut Lowered,
    ) -> TypeRef {
        let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
        if string.enumeration.iter().any(Option::is_none) {
            lowered.nullable = true;
        }
        if values.len() == 1 {
            lowered.constant = Some(Value::String(values[0].clone()));
            TypeRef::String
        } else if values.len() > 1 && may_define {
            self.define(hint, schema, TypeDefKind::Enum(enum_variants(&values)))
        } else {
            string_format(&string.format, usage)
        }
    }

    /// An integer schema: a constant, an integer enum defined here, or an integer of its width.
    pub(super) fn integer_type(
        &mut self,
        schema: &Schema,
        integer: &IntegerType,
        hint: &str,
        may_define: bool,
        lowered: &mut Lowered,
    ) -> TypeRef {
        let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
        if integer.enumeration.iter().any(Option::is_none) {
            lowered.nullable = true;
        }
        match &integer.format {
            _ if values.len() == 1 => {
                lowered.constant = Some(Value::from(values[0]));
                TypeRef::I64
            }
            _ if values.len() > 1 && may_define => {
                self.define(hint, schema, TypeDefKind::IntegerEnum(integer_variants(&values)))
            }
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
            _ => TypeRef::I64,
        }
    }

    /// The variants of a `oneOf`/`anyOf` named `owner`, with its discriminator's mapping.
    pub(super) fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<Union, Error> {
        let key = union_key(schema);
        let mut variant_names = Namespace::new(&[crate::ir::reserved::UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(key).push(index);
            let base = match member {
                ReferenceOr::Reference { reference } => names::pascal(reference.rsplit('/').next().unwrap_or_default()),
                ReferenceOr::Item(schema) => match schema.schema_data.title.as_deref() {
                    Some(title) => names::pascal(title),
                    None => kind_name(schema).to_owned(),
                },
            };
            let hint = format!("{owner}{base}");
            let mut ty = self.lower(member.into(), &hint, &member_pointer, usage, depth + 1)?.ty;
            if let (TypeRef::Array(items), Some(shared)) = (&ty, shared_items(schema)) {
                if **items == TypeRef::Json {
                    let items =
                        self.lower(shared.into(), &format!("{hint}Item"), &pointer.push("items"), usage, depth + 1)?;
                    ty = TypeRef::Array(Box::new(items.element()));
                }
            }
            variants.push(UnionVariant { name: variant_names.claim(&base), ty, boxed: false });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|discriminator| {
            let mut mapping: Vec<(String, VariantId)> = Vec::new();
            // Explicit mappings first; then each referenced schema under its own name.
            for (value, reference) in &discriminator.mapping {
                let target = members
                    .iter()
                    .position(|member| matches!(member, ReferenceOr::Reference { reference: r } if r == reference));
                match target {
                    Some(index) => mapping.push((value.clone(), VariantId::new(index))),
                    None => self.warn(
                        &pointer.push("discriminator").push("mapping").push(value),
                        format!("`{reference}` is not one of the union's members; the mapping is ignored"),
                    ),
                }
            }
            let property = discriminator.property_name.as_str();
            let explicit = mapping.len();
            let mut enumerated: Vec<BTreeMap<String, Vec<String>>> = members
                .iter()
                .enumerate()
                .map(|(index, member)| self.enum_properties(member, &pointer.push(union_key(schema)).push(index)))
                .collect();
            for (index, member) in members.iter().enumerate() {
                let variant = VariantId::new(index);
                if mapping.iter().any(|(_, mapped)| *mapped == variant) {
                    continue;
                }
                // What servers send is the member's own value for the property (OpenAI's
                // `type: {enum: [response.audio.delta]}`); the schema's name, the standard's rule,
                // where the member allows any value.
                let mut tags = enumerated[index].remove(property).unwrap_or_default();
                if let (true, ReferenceOr::Reference { reference }) = (tags.is_empty(), member) {
                    tags.extend(reference.rsplit('/').next().map(str::to_owned));
                }
                // A value the mapping names is that member's alone; a value several members declare
                // (OpenAI's input and output messages, both `message`) picks each in turn.
                for tag in tags {
                    if !mapping[..explicit].iter().any(|(value, _)| *value == tag) {
                        mapping.push((tag, variant));
                    }
                }
            }
            let narrowing = narrowing(&mapping, enumerated);
            Discriminator { property: property.to_owned(), mapping, narrowing }
        });
        Ok(Union { variants, discriminator })
    }

    /// A union member's string properties of enumerated values, by wire name, with its `allOf`
    /// members' merged in as its struct merges them. Nothing when the member cannot be merged: its
    /// lowering has already said why.
    fn enum_properties(&mut self, member: &'a ReferenceOr<Schema>, pointer: &Pointer) -> BTreeMap<String, Vec<String>> {
        let properties = match member {
            ReferenceOr::Reference { reference } => match self.merged_component(reference, pointer) {
                Ok(Some(merged)) => merged.properties.clone(),
                _ => return BTreeMap::new(),
            },
            // A reference with keywords beside it (`deprecated`), which stands for its target.
            ReferenceOr::Item(Schema { schema_kind: SchemaKind::AllOf { all_of }, .. }) if all_of.len() == 1 => {
                return self.enum_properties(&all_of[0], pointer);
            }
            ReferenceOr::Item(schema) => {
                let (mut properties, mut required) = (Vec::new(), BTreeSet::new());
                if self.collect_properties(schema, pointer, &mut properties, &mut required).is_err() {
                    return BTreeMap::new();
                }
                properties
            }
        };
        let mut enumerated = BTreeMap::new();
        for (name, property, property_pointer) in properties {
            let property = match property {
                SchemaRef::Inline(property) => Some(property),
                SchemaRef::Ref(reference) => self.resolve_schema(reference, &property_pointer).ok().map(|(_, p)| p),
            };
            if let Some(values) = property.and_then(string_enum) {
                enumerated.insert(name, values);
            }
        }
        enumerated
    }
}

/// For each variant that shares its discriminator value with a later one: its enumerated
/// properties (the discriminator's own taken out already), which a value must fit to be it.
fn narrowing(
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
fn shared_items(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
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
fn says_what_it_is(member: &ReferenceOr<Schema>) -> bool {
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
