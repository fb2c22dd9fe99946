//! The types of an SDK: an arena of [`TypeDef`]s referred to by [`TypeId`].

use serde_json::Value;

use super::ident::Ident;
use super::ids::{FieldId, ResourceId, TypeId, VariantId};

/// A named type of the SDK's `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type's Rust name, unique in the `types` module.
    pub name: Ident,
    /// Its description in the spec.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeDefKind,
    /// Whether requests send it and responses carry it, computed from the methods that reach it.
    pub usage: TypeUsage,
    /// What needs it, for crates that compile each resource's types behind the resource's feature.
    pub reach: TypeReach,
}

/// What reaches a type: methods of some resources, a schema no method uses, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeReach {
    /// The top resources whose methods, or their sub-resources' methods, reach it, in order.
    pub resources: Vec<ResourceId>,
    /// A schema of the spec that no method uses (a webhook payload, say) is it or contains it.
    pub unused_schema: bool,
}

/// Which way a type travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeUsage {
    /// Requests send it, so it serializes.
    pub request: bool,
    /// Responses carry it, so it deserializes.
    pub response: bool,
}

impl TypeUsage {
    /// Whether the type is emitted: a type that travels neither way is an inline body that requests
    /// set field by field, and no signature names it.
    pub fn is_emitted(self) -> bool {
        self.request || self.response
    }
}

/// What kind of type a [`TypeDef`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDefKind {
    /// A struct of declared fields.
    Struct(Struct),
    /// A string enum that keeps values it does not know.
    Enum(Vec<EnumVariant>),
    /// An integer enum that keeps values it does not know.
    IntegerEnum(Vec<IntegerVariant>),
    /// Another name for a type (a schema that is a primitive, an array or any JSON).
    Alias(TypeRef),
    /// One of several types (`oneOf`/`anyOf`).
    Union(Union),
}

impl TypeDefKind {
    /// The named types its fields, variants or target mention.
    pub fn mentioned(&self) -> Vec<TypeId> {
        let inner: Vec<&TypeRef> = match self {
            TypeDefKind::Struct(object) => object.fields.iter().map(|field| &field.ty).collect(),
            TypeDefKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
            TypeDefKind::Alias(target) => vec![target],
            TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => Vec::new(),
        };
        inner.into_iter().filter_map(TypeRef::mentioned).collect()
    }
}

/// An object with declared properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Its fields, in the spec's order.
    pub fields: Vec<Field>,
    /// The field that keeps properties the spec does not declare, when responses carry the struct:
    /// `extra`, unless a property took that name.
    pub extra: Ident,
    /// The shapes the object may take besides its own properties (`oneOf`/`anyOf` beside
    /// `properties`), in the spec's order; empty for most objects. Their fields are among
    /// `fields`, optional there.
    pub alternatives: Vec<Alternative>,
}

impl Struct {
    /// The field `id` names.
    pub fn field(&self, id: FieldId) -> &Field {
        &self.fields[id.index()]
    }

    /// Each field with its id, in order.
    pub fn fields_with_ids(&self) -> impl Iterator<Item = (FieldId, &Field)> {
        self.fields.iter().enumerate().map(|(index, field)| (FieldId::new(index), field))
    }
}

/// One shape of an object with alternatives: a member of its `oneOf`/`anyOf`, such as one kind of
/// DNS record among several with the same `type` property, or a set of properties of which one
/// must be present (`oneOf: [{required: [a]}, {required: [b]}]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alternative {
    /// The fields this shape has.
    pub fields: Vec<FieldId>,
    /// Those of them it requires.
    pub required: Vec<FieldId>,
}

/// A value of one of several types (`oneOf`/`anyOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The types a value may be, in the order they are tried.
    pub variants: Vec<UnionVariant>,
    /// With a discriminator, values are told apart by a property; without, by trying each variant
    /// in order.
    pub discriminator: Option<Discriminator>,
}

impl Union {
    /// The variant `id` names.
    pub fn variant(&self, id: VariantId) -> &UnionVariant {
        &self.variants[id.index()]
    }

    /// Every variant with its id, in order.
    pub fn variants_with_ids(&self) -> impl Iterator<Item = (VariantId, &UnionVariant)> {
        self.variants.iter().enumerate().map(|(index, variant)| (VariantId::new(index), variant))
    }
}

/// One type a union's value may be.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant's name.
    pub name: Ident,
    /// The variant's type.
    pub ty: TypeRef,
    /// Boxed, because the variant's type contains the union.
    pub boxed: bool,
}

/// How a union's values name their type: a property and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Each value the property may have, with the variant it picks. A value several variants
    /// declare picks the first of them whose `narrowing` the value fits.
    pub mapping: Vec<(String, VariantId)>,
    /// For a variant that shares its value with others: what a value must fit to be that variant.
    pub narrowing: Vec<(VariantId, AllowedValues)>,
}

/// Properties by wire name, each with the values it may hold: a value that has one of them must
/// hold one of its values.
pub type AllowedValues = Vec<(String, Vec<String>)>;

impl Discriminator {
    /// The first value that picks `variant`, if any does.
    pub fn value_of(&self, variant: VariantId) -> Option<&str> {
        self.mapping.iter().find(|(_, target)| *target == variant).map(|(value, _)| value.as_str())
    }
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerVariant {
    /// The variant's name.
    pub name: Ident,
    /// The value on the wire.
    pub value: i64,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The variant's name.
    pub name: Ident,
    /// The value on the wire.
    pub value: String,
}

/// A struct field or a body property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's Rust name.
    pub name: Ident,
    /// The property's name on the wire.
    pub wire_name: String,
    /// Its description in the spec.
    pub doc: Option<String>,
    /// Its type (without the `Option` a missing or null value adds).
    pub ty: TypeRef,
    /// The key must be present on the wire.
    pub required: bool,
    /// `null` is a valid value.
    pub nullable: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The only value the field can take (a single-value enum): requests fill it in themselves.
    pub constant: Option<Value>,
    /// The spec's `default`, which the server applies when the value is missing.
    pub default: Option<Value>,
    /// What the value must meet, checked before sending.
    pub constraints: Constraints,
    /// Boxed, because the field's type contains the struct (a recursive type).
    pub boxed: bool,
    /// Sent by the server only (`readOnly`): requests have no setter for it.
    pub read_only: bool,
    /// Other wire names responses may use for it (`x-aliases`).
    pub aliases: Vec<String>,
}

impl Field {
    /// Whether a request builder has a setter for it: not a constant, not read-only.
    pub fn is_settable(&self) -> bool {
        self.constant.is_none() && !self.read_only
    }

    /// Whether the Rust field is an `Option`: the key may be missing or the value may be null.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// Validation keywords of a schema, for client-side checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// The shortest a string may be, in characters.
    pub min_length: Option<usize>,
    /// The longest a string may be, in characters (for uploads, in bytes).
    pub max_length: Option<usize>,
    /// The smallest a number may be.
    pub minimum: Option<f64>,
    /// The largest a number may be.
    pub maximum: Option<f64>,
    /// The fewest items an array may hold.
    pub min_items: Option<usize>,
    /// The most items an array may hold.
    pub max_items: Option<usize>,
    /// Whether an array's items must differ from each other.
    pub unique_items: bool,
    /// The fewest entries a map may hold.
    pub min_properties: Option<usize>,
    /// For file uploads: accepted file name extensions, such as `.xlsx`.
    pub file_extensions: Vec<String>,
    /// A string's `format` that its Rust type does not capture (`email`, `uri`, …).
    pub format: Option<String>,
    /// A string's `pattern`, an ECMA-262 regular expression.
    pub pattern: Option<String>,
    /// The spec's `example` of the value, for the generated operation tests.
    pub example: Option<serde_json::Value>,
}

/// A reference to a type, as a field, parameter or response uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A string (`String`).
    String,
    /// A 32-bit integer (`i32`).
    I32,
    /// A 64-bit integer (`i64`).
    I64,
    /// A 32-bit float (`f32`).
    F32,
    /// A 64-bit float (`f64`).
    F64,
    /// A boolean.
    Bool,
    /// An RFC 3339 date and time.
    DateTime,
    /// A calendar date.
    Date,
    /// A UUID.
    Uuid,
    /// File content in a multipart request.
    Upload,
    /// Any JSON value.
    Json,
    /// A JSON array of this type.
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// An array item or map value that the spec says may be `null` (`Option`). Fields and
    /// parameters say whether they are optional themselves.
    Nullable(Box<TypeRef>),
    /// A type of the `types` module.
    Named(TypeId),
}

impl TypeRef {
    /// The named type it is, directly.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }

    /// Replaces each named type it mentions, through arrays, maps and nullables, with `rename`'s answer.
    pub fn rename_named(&mut self, rename: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = rename(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.rename_named(rename),
            _ => {}
        }
    }

    /// Every named type it mentions, through arrays, maps and nullables.
    pub fn mentioned(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.mentioned(),
            _ => None,
        }
    }

    /// Whether it holds file content, which cannot be cloned.
    pub fn contains_upload(&self) -> bool {
        match self {
            TypeRef::Upload => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.contains_upload(),
            _ => false,
        }
    }
}
