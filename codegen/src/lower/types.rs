//! Schemas → IR types. Component schemas become named types; inline objects and enums are named from
//! where they appear (`FileListStatus`); everything else maps to a [`TypeRef`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::names::{self, Namespace};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{
    Constraints, Discriminator, EnumVariant, Field, IntegerVariant, TypeDef, TypeDefKind, TypeId, TypeRef, TypeUsage,
    Union, UnionVariant,
};
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

/// The properties of an object schema with its `allOf` members merged: name, schema, pointer.
type Properties<'a> = Vec<(String, SchemaRef<'a>, Pointer)>;

/// What merging a component's `allOf` found, kept so that a schema shared by many others is merged once.
struct Merged<'a> {
    properties: Properties<'a>,
    required: BTreeSet<String>,
}

pub(super) struct TypeLowerer<'a> {
    spec: &'a LoadedSpec,
    /// Component schema key → its type, assigned before any is lowered so references can point ahead.
    component_ids: BTreeMap<String, TypeId>,
    /// The `types` module's names.
    namespace: Namespace,
    /// The arena; component types hold a placeholder until they are defined.
    pub types: Vec<TypeDef>,
    merged: HashMap<String, Rc<Merged<'a>>>,
    /// Components whose `allOf` is being merged, to break cycles.
    merging: Vec<String>,
    /// The struct or union each inline schema became, by address: `allOf` merges reach a
    /// component's inline property schemas again, and lowering them once keeps the work linear.
    inline_types: HashMap<*const Schema, TypeRef>,
    pub warnings: Vec<Diagnostic>,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";
/// Deeper than this, a schema is not lowered further but exposed as JSON: no real spec nests so
/// deep, and it bounds the generator's recursion.
const MAX_DEPTH: usize = 48;
/// More types than this and the spec is taken for one that expands without end; GitHub's has 2,000.
const MAX_TYPES: usize = 200_000;

impl<'a> TypeLowerer<'a> {
    pub fn new(spec: &'a LoadedSpec) -> Self {
        let mut lowerer = Self {
            spec,
            component_ids: BTreeMap::new(),
            namespace: Namespace::new(names::PRELUDE),
            types: Vec::new(),
            merged: HashMap::new(),
            merging: Vec::new(),
            inline_types: HashMap::new(),
            warnings: Vec::new(),
        };
        for key in spec.openapi.components.iter().flat_map(|components| components.schemas.keys()) {
            let name = lowerer.namespace.pascal(key);
            let id = lowerer.push(TypeDef {
                name,
                doc: None,
                deprecated: false,
                kind: TypeDefKind::Alias(TypeRef::Json),
                usage: TypeUsage::default(),
            });
            lowerer.component_ids.insert(key.clone(), id);
        }
        lowerer
    }

    fn push(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId::new(self.types.len() - 1)
    }

    /// Defines the named type of every component schema.
    pub fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.spec.openapi.components else { return Ok(()) };
        for (key, schema) in &components.schemas {
            let pointer = Pointer::root().push("components").push("schemas").push(key);
            let id = self.component_ids[key];
            let (doc, deprecated, kind) = match schema {
                ReferenceOr::Item(schema) => {
                    let kind = self.kind_of(schema, id, &pointer)?;
                    (doc_of(schema), schema.schema_data.deprecated, kind)
                }
                ReferenceOr::Reference { reference } => {
                    let hint = self.types[id.index()].name.as_str().to_owned();
                    let ty = self.lower(SchemaRef::Ref(reference), &hint, &pointer, Usage::Json, 0)?.ty;
                    (None, false, TypeDefKind::Alias(ty))
                }
            };
            let def = &mut self.types[id.index()];
            (def.doc, def.deprecated, def.kind) = (doc, deprecated, kind);
        }
        Ok(())
    }

    /// What the named type `id` defined by `schema` is: a struct, an enum, a union or an alias.
    fn kind_of(&mut self, schema: &'a Schema, id: TypeId, pointer: &Pointer) -> Result<TypeDefKind, Error> {
        let name = self.types[id.index()].name.as_str().to_owned();
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.len() > 1 => {
                Some(members)
            }
            _ => None,
        };
        Ok(if let Some(values) = string_enum(schema) {
            TypeDefKind::Enum(enum_variants(&values))
        } else if let Some(values) = integer_enum(schema) {
            TypeDefKind::IntegerEnum(integer_variants(&values))
        } else if let Some(members) = members {
            TypeDefKind::Union(self.union(schema, members, &name, pointer, Usage::Json, 0)?)
        } else if let Some(fields) = self.object_fields(schema, &name, pointer, Usage::Json, 0)? {
            TypeDefKind::Struct(fields)
        } else {
            TypeDefKind::Alias(self.lower_inline(schema, &name, pointer, Usage::Json, false, 0)?.ty)
        })
    }

    /// The component a reference names and its schema, following references between components.
    pub fn resolve_schema(&self, reference: &str, pointer: &Pointer) -> Result<(String, &'a Schema), Error> {
        let spec: &'a LoadedSpec = self.spec;
        let schemas = spec.openapi.components.as_ref().map(|components| &components.schemas);
        let mut seen = BTreeSet::new();
        let mut current = reference;
        loop {
            let not_found =
                || self.spec.source_map.error(pointer.as_str(), format!("`$ref: {current}` does not name a schema"));
            let key = component_key(current).ok_or_else(not_found)?;
            if !seen.insert(key.clone()) {
                return Err(self.spec.source_map.error(
                    pointer.as_str(),
                    format!("`$ref: {reference}` is a cycle of references that never reaches a schema"),
                ));
            }
            match schemas.and_then(|schemas| schemas.get(&key)) {
                Some(ReferenceOr::Item(schema)) => return Ok((key, schema)),
                Some(ReferenceOr::Reference { reference }) => current = reference,
                None => return Err(not_found()),
            }
        }
    }

    /// Lowers a schema used at `pointer`; `hint` names any type it defines inline.
    pub fn lower(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<Lowered, Error> {
        match schema {
            SchemaRef::Ref(reference) => {
                let (_, target) = self.resolve_schema(reference, pointer)?;
                let key = component_key(reference);
                match key.and_then(|key| self.component_ids.get(&key).copied()) {
                    Some(id) => Ok(Lowered {
                        ty: TypeRef::Named(id),
                        nullable: target.schema_data.nullable,
                        constant: None,
                        constraints: constraints_of(target),
                        doc: doc_of(target),
                        deprecated: target.schema_data.deprecated,
                        default: target.schema_data.default.clone(),
                    }),
                    None => self.lower_inline(target, hint, pointer, usage, true, depth),
                }
            }
            SchemaRef::Inline(schema) => self.lower_inline(schema, hint, pointer, usage, true, depth),
        }
    }

    /// Defines an inline type named after `hint`.
    fn define(&mut self, hint: &str, schema: &Schema, kind: TypeDefKind) -> TypeRef {
        let name = self.namespace.pascal(hint);
        let def = TypeDef {
            name,
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            kind,
            usage: TypeUsage::default(),
        };
        TypeRef::Named(self.push(def))
    }

    /// Lowers an inline schema. `may_define` is false when the caller defines the named type itself.
    fn lower_inline(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        may_define: bool,
        depth: usize,
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
        if depth > MAX_DEPTH {
            self.warn(pointer, format!("schemas nest more than {MAX_DEPTH} deep here; exposed as `serde_json::Value`"));
            return Ok(lowered);
        }
        if self.types.len() > MAX_TYPES {
            return Err(self.error(pointer, format!("the spec's schemas expand into more than {MAX_TYPES} types")));
        }
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
                    self.define(hint, schema, TypeDefKind::Enum(enum_variants(&values)))
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
                        self.define(hint, schema, TypeDefKind::IntegerEnum(integer_variants(&values)))
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
                    Some(items) => {
                        let hint = format!("{hint}Item");
                        self.lower(items.into(), &hint, &pointer.push("items"), usage, depth + 1)?.ty
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Array(Box::new(items))
            }
            _ if may_define && self.inline_types.contains_key(&std::ptr::from_ref(schema)) => {
                self.inline_types[&std::ptr::from_ref(schema)].clone()
            }
            _ if documented_reference(schema).is_some() => {
                let (member, reference) = documented_reference(schema).unwrap_or_default();
                let inner =
                    self.lower(SchemaRef::Ref(reference), hint, &pointer.push("allOf").push(member), usage, depth + 1)?;
                lowered.nullable |= inner.nullable;
                lowered.doc = lowered.doc.or(inner.doc);
                lowered.constraints = inner.constraints;
                inner.ty
            }
            // Files are parts of a multipart body itself: inside an object, a binary string is text.
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                match self.object_fields(schema, hint, pointer, Usage::Json, depth)? {
                    Some(fields) if may_define => {
                        let ty = self.define(hint, schema, TypeDefKind::Struct(fields));
                        self.inline_types.insert(std::ptr::from_ref(schema), ty.clone());
                        ty
                    }
                    Some(_) => TypeRef::Json,
                    None => self.lower_non_object(schema, hint, pointer, Usage::Json, &mut lowered, depth)?,
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                if let [only] = members.as_slice() {
                    let member_pointer = pointer.push(union_key(schema)).push(0);
                    let inner = self.lower(only.into(), hint, &member_pointer, usage, depth + 1)?;
                    lowered.nullable |= inner.nullable;
                    lowered.doc = lowered.doc.or(inner.doc);
                    lowered.constraints = inner.constraints;
                    inner.ty
                } else if members.is_empty() {
                    TypeRef::Json
                } else if may_define {
                    let union = self.union(schema, members, hint, pointer, Usage::Json, depth)?;
                    self.define(hint, schema, TypeDefKind::Union(union))
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
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        lowered: &mut Lowered,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let inner = self.lower((&all_of[0]).into(), hint, &pointer.push("allOf").push(0), usage, depth + 1)?;
                lowered.nullable |= inner.nullable;
                Ok(inner.ty)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer, usage, depth)
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() => {
                self.map_type(any.additional_properties.as_ref(), hint, pointer, usage, depth)
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
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        let values = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{hint}Value");
                let pointer = pointer.push("additionalProperties");
                self.lower(schema.as_ref().into(), &hint, &pointer, usage, depth + 1)?.ty
            }
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(values)))
    }

    /// The fields of an object schema (with `allOf` members merged), or `None` if it has no properties.
    pub fn object_fields(
        &mut self,
        schema: &'a Schema,
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<Option<Vec<Field>>, Error> {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        self.collect_properties(schema, pointer, &mut properties, &mut required)?;
        if properties.is_empty() {
            return Ok(None);
        }
        // Real names are claimed before stand-ins (for empty or non-ASCII names), so that a property
        // named `value` is `value` whatever comes before it.
        let mut field_names = Namespace::default();
        let mut claimed: Vec<Option<crate::ir::Ident>> = properties
            .iter()
            .map(|(wire_name, _, _)| (!names::is_stand_in(wire_name)).then(|| field_names.snake(wire_name)))
            .collect();
        for (slot, (wire_name, _, _)) in claimed.iter_mut().zip(&properties) {
            if slot.is_none() {
                *slot = Some(field_names.snake(wire_name));
            }
        }
        let mut fields = Vec::new();
        for ((wire_name, property, property_pointer), name) in properties.into_iter().zip(claimed.into_iter().flatten())
        {
            let hint = format!("{owner}{}", names::pascal(&wire_name));
            let lowered = self.lower(property, &hint, &property_pointer, usage, depth + 1)?;
            // A property that goes one way only cannot be required of a type used both ways.
            let (read_only, write_only) = match property {
                SchemaRef::Inline(schema) => (schema.schema_data.read_only, schema.schema_data.write_only),
                SchemaRef::Ref(_) => (false, false),
            };
            fields.push(Field {
                name,
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

    /// Adds the properties of `schema` and of its `allOf` members (later ones override earlier ones).
    fn collect_properties(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        properties: &mut Properties<'a>,
        required: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        let (own, own_required, members) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), &object.required[..], &[][..]),
            SchemaKind::Any(any) => (Some(&any.properties), &any.required[..], &any.all_of[..]),
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => (None, &[][..], &all_of[..]),
            _ => (None, &[][..], &[][..]),
        };
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push("allOf").push(index);
            match member {
                ReferenceOr::Item(member) => {
                    self.collect_properties(member, &member_pointer, properties, required)?;
                }
                ReferenceOr::Reference { reference } => {
                    if let Some(merged) = self.merged_component(reference, &member_pointer)? {
                        for (name, property, property_pointer) in &merged.properties {
                            properties.retain(|(existing, _, _)| existing != name);
                            properties.push((name.clone(), *property, property_pointer.clone()));
                        }
                        required.extend(merged.required.iter().cloned());
                    }
                }
            }
        }
        for (name, property) in own.into_iter().flatten() {
            properties.retain(|(existing, _, _)| existing != name);
            properties.push((name.clone(), property.into(), pointer.push("properties").push(name)));
        }
        required.extend(own_required.iter().cloned());
        Ok(())
    }

    /// The merged properties of the component `reference` names, computed once; `None` (with a
    /// warning) when it is already being merged, which an `allOf` cycle would otherwise repeat forever.
    fn merged_component(&mut self, reference: &str, pointer: &Pointer) -> Result<Option<Rc<Merged<'a>>>, Error> {
        let (key, target) = self.resolve_schema(reference, pointer)?;
        if let Some(merged) = self.merged.get(&key) {
            return Ok(Some(merged.clone()));
        }
        if self.merging.contains(&key) {
            self.warn(
                pointer,
                format!("`allOf` includes `{reference}`, which includes this schema: the cycle is cut here"),
            );
            return Ok(None);
        }
        self.merging.push(key.clone());
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        let target_pointer = Pointer::root().push("components").push("schemas").push(&key);
        let outcome = self.collect_properties(target, &target_pointer, &mut properties, &mut required);
        self.merging.pop();
        outcome?;
        let merged = Rc::new(Merged { properties, required });
        self.merged.insert(key, merged.clone());
        Ok(Some(merged))
    }

    /// The variants of a `oneOf`/`anyOf` named `owner`, with its discriminator's mapping.
    fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<Union, Error> {
        let key = union_key(schema);
        let mut variant_names = Namespace::new(&["Unknown"]);
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
            Discriminator { property: discriminator.property_name.clone(), mapping }
        });
        Ok(Union { variants, discriminator })
    }

    /// Where the component schema that defines `id` is, if one does.
    pub fn component_pointer(&self, id: TypeId) -> Option<Pointer> {
        let (key, _) = self.component_ids.iter().find(|(_, component)| **component == id)?;
        Some(Pointer::root().push("components").push("schemas").push(key))
    }

    pub fn error(&self, pointer: &Pointer, message: impl Into<String>) -> Error {
        self.spec.source_map.error(pointer.as_str(), message)
    }

    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let (file, pointer) = self.spec.source_map.locate(pointer.as_str());
        self.warnings.push(Diagnostic::warning(file, pointer, message));
    }

    pub fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        match &self.types[ty.named()?.index()].kind {
            TypeDefKind::Struct(fields) => Some(fields),
            _ => None,
        }
    }
}

/// For `allOf: [{$ref: X}, {description: …}]`, a reference to `X` with annotations beside it: the
/// index of the reference among the members, and the reference. Members that only annotate add no
/// properties, so there is nothing to merge.
fn documented_reference(schema: &Schema) -> Option<(usize, &str)> {
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
fn component_key(reference: &str) -> Option<String> {
    let key = reference.strip_prefix(COMPONENT_PREFIX)?;
    Some(key.replace("~1", "/").replace("~0", "~"))
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
        SchemaKind::Type(Type::String(string)) if string.enumeration.iter().flatten().count() > 0 => {
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

/// `V1`, `V2`, … and `Minus1` for negative values; a value listed twice is one variant.
fn integer_variants(values: &[i64]) -> Vec<IntegerVariant> {
    let mut variant_names = Namespace::new(&["Unknown"]);
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
fn enum_variants(values: &[String]) -> Vec<EnumVariant> {
    let mut variant_names = Namespace::new(&["Unknown"]);
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| EnumVariant { name: variant_names.pascal(value), value: value.clone() })
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
    let text = data.description.as_deref().filter(|text| !text.trim().is_empty()).or(data.title.as_deref());
    super::docs::markdown(text)
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
