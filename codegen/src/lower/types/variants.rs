//! Unions and enums: their variants, named and deduplicated in their own namespace.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{IntegerFormat, IntegerType, ReferenceOr, Schema, SchemaKind, StringType, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::lowerer::{Lowered, TypeLowerer};
use super::schemas::{
    enum_variants, integer_variants, kind_name, narrowing, shared_items, string_enum, string_format, union_key,
    SchemaRef, Usage,
};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{Discriminator, TypeDefKind, TypeRef, Union, UnionVariant, VariantId};
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
