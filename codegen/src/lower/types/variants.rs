//! Unions and enums: their variants, named and deduplicated in their own namespace.

use std::collections::BTreeSet;

use openapiv3::{
    IntegerFormat, IntegerType, ReferenceOr, Schema, SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{string_format, Lowered, TypeLowerer, Usage};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{Discriminator, EnumVariant, IntegerVariant, TypeDefKind, TypeRef, Union, UnionVariant, VariantId};
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
            let lowered = self.lower(member.into(), &format!("{owner}{base}"), &member_pointer, usage, depth + 1)?;
            variants.push(UnionVariant { name: variant_names.claim(&base), ty: lowered.ty, boxed: false });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|discriminator| {
            let mut mapping = Vec::new();
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
            for (index, member) in members.iter().enumerate() {
                let variant = VariantId::new(index);
                if mapping.iter().any(|(_, mapped)| *mapped == variant) {
                    continue;
                }
                // What servers send is the member's own value for the property (OpenAI's
                // `type: {enum: [response.audio.delta]}`); the schema's name, the standard's rule,
                // where the member allows any value.
                let mut tags = self.declared_tags(member, property, pointer);
                if let (true, ReferenceOr::Reference { reference }) = (tags.is_empty(), member) {
                    tags.extend(reference.rsplit('/').next().map(str::to_owned));
                }
                for tag in tags {
                    if !mapping.iter().any(|(value, _)| *value == tag) {
                        mapping.push((tag, variant));
                    }
                }
            }
            Discriminator { property: property.to_owned(), mapping }
        });
        Ok(Union { variants, discriminator })
    }
}

impl<'a> TypeLowerer<'a> {
    /// The values a union member's own schema allows for the discriminator `property`: its enum
    /// (or constant), directly or through a reference.
    fn declared_tags(&self, member: &'a ReferenceOr<Schema>, property: &str, pointer: &Pointer) -> Vec<String> {
        let schema = match member {
            ReferenceOr::Reference { reference } => match self.resolve_schema(reference, pointer) {
                Ok((_, schema)) => schema,
                Err(_) => return Vec::new(),
            },
            ReferenceOr::Item(schema) => schema,
        };
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => &object.properties,
            SchemaKind::Any(any) => &any.properties,
            _ => return Vec::new(),
        };
        let property = match properties.get(property) {
            Some(ReferenceOr::Item(property)) => property.as_ref(),
            Some(ReferenceOr::Reference { reference }) => match self.resolve_schema(reference, pointer) {
                Ok((_, property)) => property,
                Err(_) => return Vec::new(),
            },
            None => return Vec::new(),
        };
        string_enum(property).unwrap_or_default()
    }
}

/// A variant name for an inline union member, from what it is.
pub(super) fn kind_name(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        _ => "Object",
    }
}

pub(super) fn union_key(schema: &Schema) -> &'static str {
    match schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        _ => "anyOf",
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
