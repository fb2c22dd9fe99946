//! Schemas → IR types. Component schemas become named types; inline objects and enums are named from
//! where they appear (`FileListStatus`); everything else maps to a [`TypeRef`].

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::names;
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{Constraints, EnumVariant, Field, IntegerVariant, TypeDef, TypeDefKind, TypeRef};
use crate::load::LoadedSpec;

/// A schema as a reference or inline, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
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
pub(super) enum Usage {
    Json,
    Multipart,
}

/// A schema lowered for use as a field, parameter or response.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub constant: Option<Value>,
    pub constraints: Constraints,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub default: Option<Value>,
}

pub(super) struct TypeLowerer<'a> {
    spec: &'a LoadedSpec,
    /// Component schema key → Rust type name.
    component_names: BTreeMap<String, String>,
    taken: BTreeSet<String>,
    pub types: BTreeMap<String, TypeDef>,
    pub warnings: Vec<Diagnostic>,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> TypeLowerer<'a> {
    pub fn new(spec: &'a LoadedSpec) -> Self {
        let mut taken = BTreeSet::new();
        let component_names = spec
            .openapi
            .components
            .iter()
            .flat_map(|components| components.schemas.keys())
            .map(|key| (key.clone(), names::unique(names::pascal(key), &mut taken)))
            .collect();
        Self { spec, component_names, taken, types: BTreeMap::new(), warnings: Vec::new() }
    }

    /// Defines a named type for every component schema.
    pub fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.spec.openapi.components else { return Ok(()) };
        for (key, schema) in &components.schemas {
            let pointer = Pointer::root().push("components").push("schemas").push(key);
            let name = self.component_names[key].clone();
            let schema = match schema {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    let ty = self.lower(SchemaRef::Ref(reference), &name, &pointer, Usage::Json)?.ty;
                    self.define(TypeDef { name, doc: None, deprecated: false, kind: TypeDefKind::Alias(ty) });
                    continue;
                }
            };
            self.define_named(&name, schema, &pointer)?;
        }
        Ok(())
    }

    fn define(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    /// Defines `schema` as the type `name`: a struct, an enum, or an alias.
    fn define_named(&mut self, name: &str, schema: &Schema, pointer: &Pointer) -> Result<(), Error> {
        let doc = doc_of(schema);
        let deprecated = schema.schema_data.deprecated;
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.len() > 1 => {
                Some(members)
            }
            _ => None,
        };
        let kind = if let Some(values) = string_enum(schema) {
            TypeDefKind::Enum(enum_variants(&values))
        } else if let Some(values) = integer_enum(schema) {
            TypeDefKind::IntegerEnum(integer_variants(&values))
        } else if let Some(members) = members {
            TypeDefKind::Union(self.union(schema, members, name, pointer, Usage::Json)?)
        } else if let Some(fields) = self.object_fields(schema, name, pointer, Usage::Json)? {
            TypeDefKind::Struct(fields)
        } else {
            let lowered = self.lower_inline(schema, name, pointer, Usage::Json, false)?;
            TypeDefKind::Alias(lowered.ty)
        };
        self.define(TypeDef { name: name.to_owned(), doc, deprecated, kind });
        Ok(())
    }

    fn resolve(&self, reference: &str, pointer: &Pointer) -> Result<&'a Schema, Error> {
        let not_found =
            || self.spec.source_map.error(pointer.as_str(), format!("`$ref: {reference}` does not name a schema"));
        let key = reference.strip_prefix(COMPONENT_PREFIX).ok_or_else(not_found)?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let spec: &'a LoadedSpec = self.spec;
        match spec.openapi.components.as_ref().and_then(|components| components.schemas.get(&key)) {
            Some(ReferenceOr::Item(schema)) => Ok(schema),
            Some(ReferenceOr::Reference { reference }) => self.resolve(reference, pointer),
            None => Err(not_found()),
        }
    }

    /// Lowers a schema used at `pointer`; `hint` names any type it defines inline.
    pub fn lower(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
    ) -> Result<Lowered, Error> {
        match schema {
            SchemaRef::Ref(reference) => {
                let target = self.resolve(reference, pointer)?;
                let key = reference.strip_prefix(COMPONENT_PREFIX).map(|key| key.replace("~1", "/").replace("~0", "~"));
                match key.and_then(|key| self.component_names.get(&key).cloned()) {
                    Some(name) => Ok(Lowered {
                        ty: TypeRef::Named(name),
                        nullable: target.schema_data.nullable,
                        constant: None,
                        constraints: constraints_of(target),
                        doc: doc_of(target),
                        deprecated: target.schema_data.deprecated,
                        default: target.schema_data.default.clone(),
                    }),
                    None => self.lower_inline(target, hint, pointer, usage, true),
                }
            }
            SchemaRef::Inline(schema) => self.lower_inline(schema, hint, pointer, usage, true),
        }
    }

    /// Lowers an inline schema. `may_define` is false when the caller defines the named type itself.
    fn lower_inline(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        may_define: bool,
    ) -> Result<Lowered, Error> {
        let data = &schema.schema_data;
        let mut lowered = Lowered {
            ty: TypeRef::Json,
            nullable: data.nullable,
            constant: None,
            constraints: constraints_of(schema),
            doc: doc_of(schema),
            deprecated: data.deprecated,
            default: data.default.clone(),
        };
        lowered.ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if string.enumeration.iter().any(Option::is_none) {
                    lowered.nullable = true;
                }
                if values.len() == 1 {
                    lowered.constant = Some(Value::String(values[0].clone()));
                    TypeRef::String
                } else if values.len() > 1 && may_define {
                    let name = self.fresh_name(hint);
                    self.define(TypeDef {
                        name: name.clone(),
                        doc: doc_of(schema),
                        deprecated: data.deprecated,
                        kind: TypeDefKind::Enum(enum_variants(&values)),
                    });
                    TypeRef::Named(name)
                } else {
                    string_format(&string.format, usage)
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
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
                        let name = self.fresh_name(hint);
                        let kind = TypeDefKind::IntegerEnum(integer_variants(&values));
                        self.define(TypeDef {
                            name: name.clone(),
                            doc: doc_of(schema),
                            deprecated: data.deprecated,
                            kind,
                        });
                        TypeRef::Named(name)
                    }
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                }
            }
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(boolean)) => {
                if let [Some(only)] = boolean.enumeration.as_slice() {
                    lowered.constant = Some(Value::Bool(*only));
                }
                TypeRef::Bool
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => self.lower(items.into(), &format!("{hint}Item"), &pointer.push("items"), usage)?.ty,
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                match self.object_fields(schema, hint, pointer, usage)? {
                    Some(fields) if may_define => {
                        let name = self.fresh_name(hint);
                        self.define(TypeDef {
                            name: name.clone(),
                            doc: doc_of(schema),
                            deprecated: data.deprecated,
                            kind: TypeDefKind::Struct(fields),
                        });
                        TypeRef::Named(name)
                    }
                    Some(_) => TypeRef::Json,
                    None => self.lower_non_object(schema, hint, pointer, usage, &mut lowered)?,
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                if let [only] = members.as_slice() {
                    let inner = self.lower(only.into(), hint, &pointer.push(union_key(schema)).push(0), usage)?;
                    lowered.nullable |= inner.nullable;
                    lowered.doc = lowered.doc.or(inner.doc);
                    lowered.constraints = inner.constraints;
                    inner.ty
                } else if may_define {
                    let name = self.fresh_name(hint);
                    let union = self.union(schema, members, &name, pointer, usage)?;
                    self.define(TypeDef {
                        name: name.clone(),
                        doc: doc_of(schema),
                        deprecated: data.deprecated,
                        kind: TypeDefKind::Union(union),
                    });
                    TypeRef::Named(name)
                } else {
                    TypeRef::Json
                }
            }
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` schemas cannot be typed; exposed as `serde_json::Value`");
                TypeRef::Json
            }
        };
        Ok(lowered)
    }

    /// Maps, free-form objects, single-member `allOf`s and untyped schemas.
    fn lower_non_object(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        lowered: &mut Lowered,
    ) -> Result<TypeRef, Error> {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let inner = self.lower((&all_of[0]).into(), hint, &pointer.push("allOf").push(0), usage)?;
                lowered.nullable |= inner.nullable;
                Ok(inner.ty)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer, usage)
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() => {
                self.map_type(any.additional_properties.as_ref(), hint, pointer, usage)
            }
            SchemaKind::Any(any) if any.typ.is_some() => {
                // `openapiv3` keeps schemas whose keywords do not fit their type (an `items` on a
                // string, say) as "any"; lower them by their declared type.
                let ty = any.typ.as_deref().unwrap_or_default();
                self.warn(pointer, format!("this `{ty}` schema has keywords of another type; they are ignored"));
                Ok(match ty {
                    "string" => TypeRef::String,
                    "integer" => TypeRef::I64,
                    "number" => TypeRef::F64,
                    "boolean" => TypeRef::Bool,
                    "array" => TypeRef::Array(Box::new(TypeRef::Json)),
                    _ => TypeRef::Json,
                })
            }
            _ => Ok(TypeRef::Json),
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
    ) -> Result<TypeRef, Error> {
        let values = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                self.lower(
                    schema.as_ref().into(),
                    &format!("{hint}Value"),
                    &pointer.push("additionalProperties"),
                    usage,
                )?
                .ty
            }
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(values)))
    }

    /// The fields of an object schema (with `allOf` members merged), or `None` if it has no properties.
    pub fn object_fields(
        &mut self,
        schema: &Schema,
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
    ) -> Result<Option<Vec<Field>>, Error> {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        self.collect_properties(schema, pointer, &mut properties, &mut required, 0)?;
        if properties.is_empty() {
            return Ok(None);
        }
        let mut taken = BTreeSet::new();
        let mut fields = Vec::new();
        for (wire_name, property, property_pointer) in properties {
            let hint = format!("{owner}{}", names::pascal(&wire_name));
            let lowered = self.lower(property, &hint, &property_pointer, usage)?;
            // A property that goes one way only cannot be required of a type used both ways.
            let (read_only, write_only) = match property {
                SchemaRef::Inline(schema) => (schema.schema_data.read_only, schema.schema_data.write_only),
                SchemaRef::Ref(_) => (false, false),
            };
            fields.push(Field {
                name: names::unique(names::snake(&wire_name), &mut taken),
                required: required.contains(&wire_name) && !read_only && !write_only,
                read_only,
                wire_name,
                doc: lowered.doc,
                ty: lowered.ty,
                nullable: lowered.nullable,
                deprecated: lowered.deprecated,
                constant: lowered.constant,
                default: lowered.default,
                constraints: lowered.constraints,
                boxed: false,
            });
        }
        Ok(Some(fields))
    }

    fn collect_properties<'s>(
        &self,
        schema: &'s Schema,
        pointer: &Pointer,
        properties: &mut Vec<(String, SchemaRef<'s>, Pointer)>,
        required: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<(), Error>
    where
        'a: 's,
    {
        if depth > 32 {
            return Err(self
                .spec
                .source_map
                .error(pointer.as_str(), "`allOf` nests more than 32 levels deep; is it circular?"));
        }
        let (own, own_required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), &object.required),
            SchemaKind::Any(any) => (Some(&any.properties), &any.required),
            _ => (None, &Vec::new()),
        };
        if let SchemaKind::Any(any) = &schema.schema_kind {
            for (index, member) in any.all_of.iter().enumerate() {
                self.collect_member(member, &pointer.push("allOf").push(index), properties, required, depth)?;
            }
        }
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            if all_of.len() > 1 {
                for (index, member) in all_of.iter().enumerate() {
                    self.collect_member(member, &pointer.push("allOf").push(index), properties, required, depth)?;
                }
            }
        }
        for (name, property) in own.into_iter().flatten() {
            let property_pointer = pointer.push("properties").push(name);
            properties.retain(|(existing, _, _)| existing != name);
            properties.push((name.clone(), property.into(), property_pointer));
        }
        required.extend(own_required.iter().cloned());
        Ok(())
    }

    fn collect_member<'s>(
        &self,
        member: &'s ReferenceOr<Schema>,
        pointer: &Pointer,
        properties: &mut Vec<(String, SchemaRef<'s>, Pointer)>,
        required: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<(), Error>
    where
        'a: 's,
    {
        match member {
            ReferenceOr::Item(schema) => self.collect_properties(schema, pointer, properties, required, depth + 1),
            ReferenceOr::Reference { reference } => {
                let target: &'a Schema = self.resolve(reference, pointer)?;
                let target_pointer = Pointer::parse(reference.trim_start_matches('#'));
                self.collect_properties(target, &target_pointer, properties, required, depth + 1)
            }
        }
    }

    /// The variants of a `oneOf`/`anyOf` named `owner`, with its discriminator's mapping.
    fn union(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
    ) -> Result<crate::ir::Union, Error> {
        let key = union_key(schema);
        let mut taken = BTreeSet::from(["Unknown".to_owned()]);
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(key).push(index);
            let base = match member {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(names::pascal).unwrap_or_default()
                }
                ReferenceOr::Item(schema) => schema
                    .schema_data
                    .title
                    .as_deref()
                    .map(names::pascal)
                    .unwrap_or_else(|| kind_name(schema).to_owned()),
            };
            let lowered = self.lower(member.into(), &format!("{owner}{base}"), &member_pointer, usage)?;
            let name = names::unique(names::pascal(&base), &mut taken);
            variants.push(crate::ir::UnionVariant { name, ty: lowered.ty, boxed: false });
        }
        let discriminator = match &schema.schema_data.discriminator {
            None => None,
            Some(discriminator) => {
                let mut mapping = Vec::new();
                // Explicit mappings first; then each referenced schema under its own name.
                for (value, reference) in &discriminator.mapping {
                    let target = members
                        .iter()
                        .position(|member| matches!(member, ReferenceOr::Reference { reference: r } if r == reference));
                    match target {
                        Some(index) => mapping.push((value.clone(), index)),
                        None => self.warn(
                            &pointer.push("discriminator").push("mapping").push(value),
                            format!("`{reference}` is not one of the union's members; the mapping is ignored"),
                        ),
                    }
                }
                for (index, member) in members.iter().enumerate() {
                    if let ReferenceOr::Reference { reference } = member {
                        let implicit = reference.rsplit('/').next().unwrap_or_default().to_owned();
                        if !mapping.iter().any(|(_, mapped)| *mapped == index) {
                            mapping.push((implicit, index));
                        }
                    }
                }
                Some(crate::ir::Discriminator { property: discriminator.property_name.clone(), mapping })
            }
        };
        Ok(crate::ir::Union { variants, discriminator })
    }

    fn fresh_name(&mut self, hint: &str) -> String {
        names::unique(names::pascal(hint), &mut self.taken)
    }

    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let (file, pointer) = self.spec.source_map.locate(pointer.as_str());
        self.warnings.push(Diagnostic::warning(file, pointer, message));
    }
}

/// A variant name for an inline union member, from what it is.
fn kind_name(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        _ => "Object",
    }
}

fn union_key(schema: &Schema) -> &'static str {
    match schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        _ => "anyOf",
    }
}

fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

fn integer_enum(schema: &Schema) -> Option<Vec<i64>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.iter().flatten().count() > 1 => {
            Some(integer.enumeration.iter().flatten().copied().collect())
        }
        _ => None,
    }
}

/// `V1`, `V2`, … and `Minus1` for negative values.
fn integer_variants(values: &[i64]) -> Vec<IntegerVariant> {
    let mut taken = BTreeSet::from(["Unknown".to_owned()]);
    values
        .iter()
        .map(|value| {
            let name = if *value < 0 { format!("Minus{}", value.unsigned_abs()) } else { format!("V{value}") };
            IntegerVariant { name: names::unique(name, &mut taken), value: *value }
        })
        .collect()
}

fn enum_variants(values: &[String]) -> Vec<EnumVariant> {
    // `Unknown` is the catch-all variant for values the SDK does not know.
    let mut taken = BTreeSet::from(["Unknown".to_owned()]);
    values
        .iter()
        .map(|value| EnumVariant { name: names::unique(names::pascal(value), &mut taken), value: value.clone() })
        .collect()
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>, usage: Usage) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if usage == Usage::Multipart => TypeRef::Upload,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

pub(super) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description
        .as_deref()
        .or(data.title.as_deref())
        .map(str::trim)
        .filter(|doc| !doc.is_empty())
        .map(str::to_owned)
}

pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let mut constraints = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            constraints.min_length = string.min_length;
            constraints.max_length = string.max_length;
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
        }
        _ => {}
    }
    if let Some(Value::Array(extensions)) = schema.schema_data.extensions.get("x-file-extensions") {
        constraints.file_extensions = extensions.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    }
    constraints
}
