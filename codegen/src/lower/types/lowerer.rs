//! The type lowerer: what it holds, and lowering a schema to a type reference.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use openapiv3::{ArrayType, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::schemas::{
    component_key, constraints_of, doc_of, documented_reference, enum_variants, integer_enum, integer_variants,
    string_enum, union_key, union_members, union_of_string_enums, SchemaRef, Usage,
};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{Constraints, TypeDef, TypeDefKind, TypeId, TypeReach, TypeRef, TypeUsage, Types};
use crate::load::LoadedSpec;
use crate::lower::names::{self, Namespace};

/// A schema lowered for use as a field, parameter or response.
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub constant: Option<Value>,
    pub constraints: Constraints,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub default: Option<Value>,
}

impl Lowered {
    /// Its type as an array item or map value, which the spec may allow to be `null`: then an
    /// `Option` of it (JSON values hold `null` already).
    pub(crate) fn element(self) -> TypeRef {
        match self.ty {
            TypeRef::Json => TypeRef::Json,
            ty if self.nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    /// Takes on what a schema that stands for `inner` (a wrapper around one reference or member)
    /// says about it, keeping this schema's own description first; the type is `inner`'s.
    pub(super) fn absorb(&mut self, inner: Lowered) -> TypeRef {
        self.nullable |= inner.nullable;
        self.doc = self.doc.take().or(inner.doc);
        self.constraints = inner.constraints;
        inner.ty
    }
}

/// The properties of an object schema with its `allOf` members merged: name, schema, pointer.
pub(super) type Properties<'a> = Vec<(String, SchemaRef<'a>, Pointer)>;

/// What merging a component's `allOf` found, kept so that a schema shared by many others is merged once.
pub(super) struct Merged<'a> {
    pub(super) properties: Properties<'a>,
    pub(super) required: BTreeSet<String>,
}

pub(crate) struct TypeLowerer<'a> {
    pub(super) spec: &'a LoadedSpec,
    /// Component schema key → its type, assigned before any is lowered so references can point ahead.
    pub(super) component_ids: BTreeMap<String, TypeId>,
    /// The `types` module's names.
    pub(super) namespace: Namespace,
    /// The arena; component types hold a placeholder until they are defined.
    pub types: Types,
    pub(super) merged: HashMap<String, Rc<Merged<'a>>>,
    /// Components whose `allOf` is being merged, to break cycles.
    pub(super) merging: Vec<String>,
    /// The struct or union each inline schema became, by address: `allOf` merges reach a
    /// component's inline property schemas again, and lowering them once keeps the work linear.
    pub(super) inline_types: HashMap<*const Schema, TypeRef>,
    pub warnings: Vec<Diagnostic>,
}

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
            types: Types::default(),
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
                reach: TypeReach::default(),
            });
            lowerer.component_ids.insert(key.clone(), id);
        }
        lowerer
    }

    pub(super) fn push(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def)
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
                    let hint = self.types[id].name.as_str().to_owned();
                    let ty = self.lower(SchemaRef::Ref(reference), &hint, &pointer, Usage::Json, 0)?.ty;
                    (None, false, TypeDefKind::Alias(ty))
                }
            };
            let def = &mut self.types[id];
            (def.doc, def.deprecated, def.kind) = (doc, deprecated, kind);
        }
        Ok(())
    }

    /// What the named type `id` defined by `schema` is: a struct, an enum, a union or an alias.
    pub(super) fn kind_of(&mut self, schema: &'a Schema, id: TypeId, pointer: &Pointer) -> Result<TypeDefKind, Error> {
        let name = self.types[id].name.as_str().to_owned();
        // A discriminated union stays one even with a single member, so that a new kind is an addition.
        let discriminated = schema.schema_data.discriminator.is_some();
        let members =
            union_members(schema).filter(|members| members.len() > 1 || (discriminated && !members.is_empty()));
        Ok(if let Some(values) = string_enum(schema) {
            TypeDefKind::Enum(enum_variants(&values))
        } else if let Some(values) = integer_enum(schema) {
            TypeDefKind::IntegerEnum(integer_variants(&values))
        } else if let Some(values) = members.and_then(union_of_string_enums) {
            TypeDefKind::Enum(enum_variants(&values))
        } else if let Some(members) = members {
            TypeDefKind::Union(self.union(schema, members, &name, pointer, Usage::Json, 0)?)
        } else if let Some(object) = self.object_fields(schema, &name, pointer, Usage::Json, 0)? {
            TypeDefKind::Struct(object)
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
    pub(super) fn define(&mut self, hint: &str, schema: &Schema, kind: TypeDefKind) -> TypeRef {
        let name = self.namespace.pascal(hint);
        let def = TypeDef {
            name,
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
            kind,
            usage: TypeUsage::default(),
            reach: TypeReach::default(),
        };
        TypeRef::Named(self.push(def))
    }

    /// Lowers an inline schema. `may_define` is false when the caller defines the named type itself.
    pub(super) fn lower_inline(
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
        // A union beside other keywords, which `openapiv3` reads as "any".
        if let (SchemaKind::Any(_), Some(members)) = (&schema.schema_kind, union_members(schema)) {
            let context = (usage, may_define, depth);
            lowered.ty = self.union_type(schema, members, hint, pointer, context, &mut lowered)?;
            return Ok(lowered);
        }
        lowered.ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                self.string_type(schema, string, hint, usage, may_define, &mut lowered)
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                self.integer_type(schema, integer, hint, may_define, &mut lowered)
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
            SchemaKind::Type(Type::Array(array)) => self.array_type(array, hint, pointer, usage, depth)?,
            _ if may_define && self.inline_types.contains_key(&std::ptr::from_ref(schema)) => {
                self.inline_types[&std::ptr::from_ref(schema)].clone()
            }
            _ if documented_reference(schema).is_some() => {
                let (member, reference) = documented_reference(schema).unwrap_or_default();
                let inner =
                    self.lower(SchemaRef::Ref(reference), hint, &pointer.push("allOf").push(member), usage, depth + 1)?;
                lowered.absorb(inner)
            }
            // Files are parts of a multipart body itself: inside an object, a binary string is text.
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                self.object_type(schema, hint, pointer, may_define, &mut lowered, depth)?
            }
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` schemas cannot be typed; exposed as `serde_json::Value`");
                TypeRef::Json
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union_type(schema, members, hint, pointer, (usage, may_define, depth), &mut lowered)?
            }
        };
        Ok(lowered)
    }

    /// An array of its items' type, JSON values where it declares none.
    fn array_type(
        &mut self,
        array: &'a ArrayType,
        hint: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        let items = match &array.items {
            Some(items) => {
                let hint = format!("{hint}Item");
                self.lower(items.into(), &hint, &pointer.push("items"), usage, depth + 1)?.element()
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Array(Box::new(items)))
    }

    /// An object schema inline: a struct of its own where it may define one, else what its
    /// properties or the lack of them make it.
    fn object_type(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
        may_define: bool,
        lowered: &mut Lowered,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        Ok(match self.object_fields(schema, hint, pointer, Usage::Json, depth)? {
            Some(object) if may_define => {
                let ty = self.define(hint, schema, TypeDefKind::Struct(object));
                self.inline_types.insert(std::ptr::from_ref(schema), ty.clone());
                ty
            }
            Some(_) => TypeRef::Json,
            None => self.lower_non_object(schema, hint, pointer, Usage::Json, lowered, depth)?,
        })
    }

    /// The union `members` make: one member is that member (unless a discriminator makes room for
    /// more kinds), several string enums or constants one enum, other members a union type.
    pub(super) fn union_type(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        hint: &str,
        pointer: &Pointer,
        (usage, may_define, depth): (Usage, bool, usize),
        lowered: &mut Lowered,
    ) -> Result<TypeRef, Error> {
        if let Some(values) = union_of_string_enums(members).filter(|_| may_define) {
            return Ok(self.define(hint, schema, TypeDefKind::Enum(enum_variants(&values))));
        }
        Ok(match (members, schema.schema_data.discriminator.is_some()) {
            ([only], false) => {
                let member_pointer = pointer.push(union_key(schema)).push(0);
                let inner = self.lower(only.into(), hint, &member_pointer, usage, depth + 1)?;
                lowered.absorb(inner)
            }
            _ if members.is_empty() || !may_define => TypeRef::Json,
            _ => {
                let union = self.union(schema, members, hint, pointer, Usage::Json, depth)?;
                self.define(hint, schema, TypeDefKind::Union(union))
            }
        })
    }

    /// The types that component schemas define.
    pub fn component_type_ids(&self) -> BTreeSet<TypeId> {
        self.component_ids.values().copied().collect()
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
}
