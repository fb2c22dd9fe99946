//! Object schemas: properties, with `allOf` members merged once per component, maps and free-form
//! objects.

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::LazyLock;

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::lowerer::{Lowered, Merged, Properties, TypeLowerer};
use super::schemas::{SchemaRef, Usage};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{Alternative, Field, FieldId, Struct, TypeRef};
use crate::lower::names::{self, Namespace};

/// An [`Alternative`] by wire names, before the struct's fields are made.
struct NamedAlternative {
    names: Vec<String>,
    required: BTreeSet<String>,
}

impl<'a> TypeLowerer<'a> {
    /// Maps, free-form objects, single-member `allOf`s and untyped schemas.
    pub(super) fn lower_non_object(
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
            // A declared type other than `object` wins over a stray `additionalProperties` (GitHub's
            // webhook delivery `payload`: a string).
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("object")
                    || (any.typ.is_none() && any.additional_properties.is_some()) =>
            {
                self.map_type(any.additional_properties.as_ref(), hint, pointer, usage, depth)
            }
            SchemaKind::Any(any) if any.typ.is_some() => {
                // `openapiv3` keeps schemas whose keywords do not fit their type (an `items` on a
                // string, say) as "any"; lower them by their declared type.
                let ty = any.typ.as_deref().unwrap_or_default();
                self.warn(pointer, format!("this `{ty}` schema has keywords of another type; they are ignored"));
                if let ("array", Some(items)) = (ty, &any.items) {
                    let hint = format!("{hint}Item");
                    let items = self.lower(items.into(), &hint, &pointer.push("items"), usage, depth + 1)?.element();
                    return Ok(TypeRef::Array(Box::new(items)));
                }
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

    pub(super) fn map_type(
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
                self.lower(schema.as_ref().into(), &hint, &pointer, usage, depth + 1)?.element()
            }
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(values)))
    }

    /// The struct of an object schema (with `allOf` members merged), or `None` if it has no properties.
    pub fn object_fields(
        &mut self,
        schema: &'a Schema,
        owner: &str,
        pointer: &Pointer,
        usage: Usage,
        depth: usize,
    ) -> Result<Option<Struct>, Error> {
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        self.collect_properties(schema, pointer, &mut properties, &mut required)?;
        let alternatives = self.alternatives(schema, pointer, &mut properties)?;
        properties.retain(|(name, property, property_pointer)| {
            let never = matches!(property, SchemaRef::Inline(schema) if holds_nothing(schema));
            if never {
                let message = format!("property `{name}` can hold no value (its schema is `false`); it is left out");
                self.warn(property_pointer, message);
            }
            !never
        });
        if properties.is_empty() {
            return Ok(None);
        }
        self.add_undeclared(&required, pointer, &mut properties);
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
        let extra = field_names.claim("extra");
        let mut fields = Vec::with_capacity(properties.len());
        for ((wire_name, property, property_pointer), name) in properties.into_iter().zip(claimed.into_iter().flatten())
        {
            let hint = format!("{owner}{}", names::pascal(&wire_name));
            let lowered = self.lower(property, &hint, &property_pointer, usage, depth + 1)?;
            // A property that goes one way only cannot be required of a type used both ways.
            let (read_only, write_only, aliases) = match property {
                SchemaRef::Inline(schema) => {
                    let aliases = self.aliases(schema, &wire_name, &property_pointer);
                    (schema.schema_data.read_only, schema.schema_data.write_only, aliases)
                }
                SchemaRef::Ref(_) => (false, false, Vec::new()),
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
                aliases,
            });
        }
        let field_id = |name: &String| fields.iter().position(|field| field.wire_name == *name).map(FieldId::new);
        let alternatives = alternatives
            .iter()
            .map(|alternative| Alternative {
                fields: alternative.names.iter().filter_map(field_id).collect(),
                required: alternative.required.iter().filter_map(field_id).collect(),
            })
            .collect();
        Ok(Some(Struct { fields, extra, alternatives }))
    }

    /// The members of a `oneOf`/`anyOf` beside an object's properties, by wire names: each
    /// member's properties and those it requires. Their properties join the object's, optional
    /// there (the first to declare a name gives its type).
    fn alternatives(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        properties: &mut Properties<'a>,
    ) -> Result<Vec<NamedAlternative>, Error> {
        let SchemaKind::Any(any) = &schema.schema_kind else { return Ok(Vec::new()) };
        let (key, members) = if any.one_of.is_empty() { ("anyOf", &any.any_of) } else { ("oneOf", &any.one_of) };
        let mut alternatives = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(key).push(index);
            let mut member_properties = Vec::new();
            let mut required = BTreeSet::new();
            self.collect_member_properties(member, &member_pointer, &mut member_properties, &mut required)?;
            let mut names: Vec<String> = member_properties.iter().map(|(name, _, _)| name.clone()).collect();
            let constrained: Vec<String> = required.iter().filter(|name| !names.contains(name)).cloned().collect();
            names.extend(constrained);
            for property in member_properties {
                if !properties.iter().any(|(existing, _, _)| *existing == property.0) {
                    properties.push(property);
                }
            }
            alternatives.push(NamedAlternative { names, required });
        }
        Ok(alternatives)
    }

    /// Names the object requires without declaring them (Asana's `SectionRequest` requires
    /// `project`): untyped fields, nullable so that a request sends them (as `null` unless set) and a
    /// response that leaves them out still decodes.
    fn add_undeclared(&mut self, required: &BTreeSet<String>, pointer: &Pointer, properties: &mut Properties<'a>) {
        for name in required {
            if properties.iter().any(|(declared, _, _)| declared == name) {
                continue;
            }
            let message = format!("`{name}` is required but not declared among the properties; it is an untyped field");
            self.warn(&pointer.push("required"), message);
            properties.push((name.clone(), SchemaRef::Inline(undeclared_property()), pointer.push("required")));
        }
    }

    /// The other wire names of a property (`x-aliases: [uploadUrl]`), as responses may spell it.
    fn aliases(&mut self, schema: &Schema, wire_name: &str, pointer: &Pointer) -> Vec<String> {
        let Some(value) = schema.schema_data.extensions.get("x-aliases") else { return Vec::new() };
        let names: Option<Vec<String>> = match value {
            serde_json::Value::String(name) => Some(vec![name.clone()]),
            serde_json::Value::Array(names) => names.iter().map(|name| name.as_str().map(str::to_owned)).collect(),
            _ => None,
        };
        let Some(mut names) = names else {
            self.warn(&pointer.push("x-aliases"), "`x-aliases` is not a list of names; it is ignored");
            return Vec::new();
        };
        names.retain(|name| name != wire_name);
        names.sort();
        names.dedup();
        names
    }

    /// Adds the properties of `schema` and of its `allOf` members (later ones override earlier ones).
    pub(super) fn collect_properties(
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
            self.collect_member_properties(member, &pointer.push("allOf").push(index), properties, required)?;
        }
        for (name, property) in own.into_iter().flatten() {
            properties.retain(|(existing, _, _)| existing != name);
            properties.push((name.clone(), property.into(), pointer.push("properties").push(name)));
        }
        required.extend(own_required.iter().cloned());
        Ok(())
    }

    /// Adds the properties of an `allOf`, `oneOf` or `anyOf` member: inline, or the merged
    /// component it names (whose properties replace earlier ones of the same name).
    fn collect_member_properties(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
        properties: &mut Properties<'a>,
        required: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        match member {
            ReferenceOr::Item(member) => self.collect_properties(member, pointer, properties, required),
            ReferenceOr::Reference { reference } => {
                if let Some(merged) = self.merged_component(reference, pointer)? {
                    for (name, property, property_pointer) in &merged.properties {
                        properties.retain(|(existing, _, _)| existing != name);
                        properties.push((name.clone(), *property, property_pointer.clone()));
                    }
                    required.extend(merged.required.iter().cloned());
                }
                Ok(())
            }
        }
    }

    /// The merged properties of the component `reference` names, computed once; `None` (with a
    /// warning) when it is already being merged, which an `allOf` cycle would otherwise repeat forever.
    pub(super) fn merged_component(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Result<Option<Rc<Merged<'a>>>, Error> {
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
}

/// The schema of a property an object requires without declaring it: any value, or `null`.
fn undeclared_property() -> &'static Schema {
    static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
        let mut schema = Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(AnySchema::default()) };
        schema.schema_data.nullable = true;
        schema.schema_data.description =
            Some("Required by the API's spec, which does not say of what type.".to_owned());
        schema
    });
    &SCHEMA
}

/// Whether `schema` is `false` (`{not: {}}`): no value is valid. Vercel's DNS record update lists
/// `additionalProperties: false` among its properties, which makes a property of that name.
fn holds_nothing(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Not { not } if matches!(not.as_ref(),
        ReferenceOr::Item(inner) if inner.schema_kind == SchemaKind::Any(AnySchema::default())))
}
