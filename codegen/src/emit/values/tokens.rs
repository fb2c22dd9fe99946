//! Values as Rust expressions of the SDK's own types.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

use crate::emit::objects::{has_constructor, is_constructor_argument};
use crate::ir::{Api, Constraints, Field, Struct, TypeDef, TypeDefKind, TypeRef, Union};

use super::choice::{first_alternative, float, integer, string, variants_to_try, MAX_DEPTH};

/// Builds values; remembers whether one names something the spec deprecates.
pub(crate) struct Values<'a> {
    api: &'a Api,
    /// The SDK crate (`files_sdk`), which re-exports `chrono`, `uuid` and `serde_json`.
    krate: &'a TokenStream,
    /// The provider's module (`files_sdk::spitch`).
    module: &'a TokenStream,
    pub(crate) deprecated: bool,
}

impl<'a> Values<'a> {
    pub(crate) fn new(api: &'a Api, krate: &'a TokenStream, module: &'a TokenStream) -> Self {
        Self { api, krate, module, deprecated: false }
    }

    /// An expression of `ty`'s Rust type, or `None` when no valid value can be built.
    pub(crate) fn value(&mut self, ty: &TypeRef, constraints: &Constraints) -> Option<TokenStream> {
        self.at_depth(ty, constraints, 0)
    }

    /// A value of a path, query or header parameter, which travels as text: a union with a string
    /// variant is given that one, since text such as `1` would read as its number variant too, and
    /// a validator then finds it matching more than one member of a `oneOf`.
    pub(crate) fn parameter(&mut self, ty: &TypeRef, constraints: &Constraints) -> Option<TokenStream> {
        let definition = ty.named().map(|id| self.api.ty(self.api.definition(id)));
        let string_variant = definition.and_then(|def| match &def.kind {
            TypeDefKind::Union(union) => {
                Some((def, union.variants.iter().find(|variant| variant.ty == TypeRef::String)?))
            }
            _ => None,
        });
        let Some((def, variant)) = string_variant else { return self.value(ty, constraints) };
        self.deprecated |= def.deprecated;
        let (module, name, variant) = (self.module, &def.name, &variant.name);
        let text = string(&Constraints::default())?;
        Some(quote!(#module::types::#name::#variant(#text.to_owned())))
    }

    fn at_depth(&mut self, ty: &TypeRef, constraints: &Constraints, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        let example = constraints.example.as_ref();
        let (krate, module) = (self.krate, self.module);
        Some(match ty {
            TypeRef::String => {
                let text = string(constraints)?;
                quote!(#text.to_owned())
            }
            TypeRef::I32 | TypeRef::I64 => {
                let number = integer(constraints)?;
                match ty {
                    TypeRef::I32 => Literal::i32_unsuffixed(i32::try_from(number).ok()?).into_token_stream(),
                    _ => Literal::i64_unsuffixed(number).into_token_stream(),
                }
            }
            TypeRef::F32 | TypeRef::F64 => Literal::f64_unsuffixed(float(constraints)?).into_token_stream(),
            TypeRef::Bool => {
                let value = example.and_then(Value::as_bool).unwrap_or(true);
                quote!(#value)
            }
            TypeRef::Uuid => quote!(#krate::uuid::Uuid::nil()),
            TypeRef::DateTime => {
                quote!("2024-01-01T00:00:00Z".parse::<#krate::chrono::DateTime<#krate::chrono::Utc>>().unwrap())
            }
            TypeRef::Date => quote!(#krate::chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
            TypeRef::Upload => {
                let extension = constraints.file_extensions.first().map_or(".txt", String::as_str);
                let name = format!("test{extension}");
                quote!(#module::UploadFile::from_bytes(&b"test"[..]).file_name(#name))
            }
            TypeRef::Json => match example {
                Some(example) => {
                    let text = example.to_string();
                    quote!(#krate::serde_json::from_str::<#krate::serde_json::Value>(#text).unwrap())
                }
                None => quote!(#krate::serde_json::json!({})),
            },
            TypeRef::Array(items) => {
                let count = array_len(constraints);
                let examples = match example {
                    Some(Value::Array(examples)) if !examples.is_empty() => examples.clone(),
                    _ => vec![Value::Null],
                };
                let items = (0..count)
                    .map(|index| {
                        let example = Some(examples[index % examples.len()].clone()).filter(|value| !value.is_null());
                        self.at_depth(items, &Constraints { example, ..Constraints::default() }, depth + 1)
                    })
                    .collect::<Option<Vec<_>>>()?;
                quote!(vec![#(#items),*])
            }
            TypeRef::Map(_) if constraints.min_properties.unwrap_or(0) == 0 => quote!(Default::default()),
            TypeRef::Map(value) => {
                let entries = (1..=constraints.min_properties.unwrap_or(0))
                    .map(|index| {
                        let key = format!("key{index}");
                        let value = self.at_depth(value, &Constraints::default(), depth + 1)?;
                        Some(quote!((#key.to_owned(), #value)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                quote!([#(#entries),*].into_iter().collect())
            }
            TypeRef::Nullable(inner) => {
                let value = self.at_depth(inner, constraints, depth + 1)?;
                quote!(Some(#value))
            }
            TypeRef::Named(id) => return self.named(*id, constraints, depth),
        })
    }

    fn named(&mut self, id: crate::ir::TypeId, constraints: &Constraints, depth: usize) -> Option<TokenStream> {
        let def = self.api.ty(id);
        self.deprecated |= def.deprecated;
        let name = &def.name;
        let module = self.module;
        let types = quote!(#module::types);
        match &def.kind {
            TypeDefKind::Enum(variants) => {
                let example = constraints.example.as_ref().and_then(Value::as_str);
                let variant = variants.iter().find(|variant| Some(variant.value.as_str()) == example);
                let variant = &variant.or(variants.first())?.name;
                Some(quote!(#types::#name::#variant))
            }
            TypeDefKind::IntegerEnum(variants) => {
                let variant = &variants.first()?.name;
                Some(quote!(#types::#name::#variant))
            }
            TypeDefKind::Alias(target) => self.at_depth(target, constraints, depth + 1),
            TypeDefKind::Union(union) => self.union(&quote!(#types::#name), union, depth),
            TypeDefKind::Struct(object) => self.structure(id, object, Shape::Plain, depth),
        }
    }

    /// A value of the union `path`: the first of [`variants_to_try`] that can be built.
    fn union(&mut self, path: &TokenStream, union: &Union, depth: usize) -> Option<TokenStream> {
        variants_to_try(union).into_iter().find_map(|(variant, tag)| {
            let definition = variant.ty.named().map(|id| self.api.definition(id));
            let value = match definition.map(|id| (id, &self.api.ty(id).kind)) {
                Some((id, TypeDefKind::Struct(object))) => {
                    self.structure(id, object, Shape::Variant { tag }, depth + 1)?
                }
                _ => self.at_depth(&variant.ty, &Constraints::default(), depth + 1)?,
            };
            let value = if variant.boxed { quote!(Box::new(#value)) } else { value };
            let variant = &variant.name;
            Some(quote!(#path::#variant(#value)))
        })
    }

    /// A struct with its required fields set, and what its [`Shape`] asks for.
    fn structure(
        &mut self,
        id: crate::ir::TypeId,
        object: &crate::ir::Struct,
        shape: Shape<'_>,
        depth: usize,
    ) -> Option<TokenStream> {
        let def = self.api.ty(id);
        self.deprecated |= def.deprecated;
        let name = &def.name;
        let module = self.module;
        let types = quote!(#module::types);
        let built = self.built(def, object, shape, depth)?;
        let sets = self.set_afterwards(def, object, shape, depth)?;
        if sets.is_empty() {
            return Some(built);
        }
        Some(quote!({
            let mut value: #types::#name = #built;
            #(#sets)*
            value
        }))
    }

    /// A struct's value as its constructor or a literal makes it: the required fields set.
    fn built(&mut self, def: &TypeDef, object: &Struct, shape: Shape<'_>, depth: usize) -> Option<TokenStream> {
        let (name, module) = (&def.name, self.module);
        let types = quote!(#module::types);
        if def.usage.response && has_constructor(&object.fields) {
            let arguments = object
                .fields
                .iter()
                .filter(|field| is_constructor_argument(field))
                .map(|field| self.field(field, shape.tag_example(field), depth))
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(#types::#name::new(#(#arguments),*)))
        } else if def.usage.response || object.fields.iter().all(Field::is_optional) {
            Some(quote!(Default::default()))
        } else {
            let fields = object
                .fields
                .iter()
                .map(|field| {
                    let name = &field.name;
                    let value = if field.is_optional() {
                        quote!(None)
                    } else {
                        self.field(field, shape.tag_example(field), depth)?
                    };
                    Some(quote!(#name: #value))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(#types::#name { #(#fields),* }))
        }
    }

    /// What the constructor or literal did not set, set on the value: the fields the first
    /// alternative requires, a variant's constants, and its tag.
    fn set_afterwards(
        &mut self,
        def: &TypeDef,
        object: &Struct,
        shape: Shape<'_>,
        depth: usize,
    ) -> Option<Vec<TokenStream>> {
        let mut sets = Vec::new();
        let tag = shape.tag();
        let tag_wire = tag.map(|(wire, _)| wire);
        let alternative = first_alternative(&object.alternatives);
        let set = |field: &Field, value: TokenStream| {
            let field_name = &field.name;
            quote!(value.#field_name = Some(#value);)
        };
        for field in alternative.required.iter().map(|id| object.field(*id)) {
            if field.is_optional() && Some(field.wire_name.as_str()) != tag_wire {
                sets.push(set(field, self.field(field, None, depth)?));
            }
        }
        if let Shape::Variant { .. } = shape {
            for field in object.fields.iter().filter(|field| field.is_optional() && !field.read_only) {
                if field.constant.is_some() && Some(field.wire_name.as_str()) != tag_wire {
                    sets.push(set(field, self.field(field, field.constant.clone(), depth)?));
                }
            }
        }
        let untagged_variant = matches!(shape, Shape::Variant { tag: None });
        if untagged_variant && sets.is_empty() && object.fields.iter().all(Field::is_optional) {
            // An empty object fits every member whose properties are all optional (GitHub's
            // `labels` as names or as objects): the variant's own properties tell it apart.
            for (id, field) in object.fields_with_ids() {
                if field.read_only || alternative.left_out.contains(&id) {
                    continue;
                }
                if let Some(value) = self.field(field, None, depth) {
                    sets.push(set(field, value));
                }
            }
        }
        if let Some((wire, value)) = tag {
            match object.fields.iter().find(|field| field.wire_name == wire) {
                Some(field) if field.is_optional() => {
                    sets.push(set(field, self.field(field, shape.tag_example(field), depth)?))
                }
                Some(_) => {}
                None if def.usage.response => {
                    let (extra, krate) = (&object.extra, self.krate);
                    sets.push(quote!(value.#extra.insert(#wire.to_owned(), #krate::serde_json::Value::String(#value.to_owned()));));
                }
                None => {}
            }
        }
        Some(sets)
    }

    /// A field's value, boxed where the field is; `example`, when given, is the value to take.
    fn field(&mut self, field: &Field, example: Option<Value>, depth: usize) -> Option<TokenStream> {
        self.deprecated |= field.deprecated;
        let mut constraints = field.constraints.clone();
        if example.is_some() {
            constraints.example = example;
        }
        if constraints.example.is_none() {
            constraints.example = field.default.clone();
        }
        let value = self.at_depth(&field.ty, &constraints, depth + 1)?;
        Some(if field.boxed { quote!(Box::new(#value)) } else { value })
    }
}

/// What a struct value stands for: itself, or a union's variant, which carries the discriminator's
/// tag if the union has one and sets its optional constants, since members that differ only in
/// them (Adyen's terminal actions, `{type: {enum: [InstallAndroidApp]}}` and the like, every property
/// optional) would otherwise all fit an empty object.
#[derive(Clone, Copy)]
enum Shape<'t> {
    Plain,
    Variant { tag: Option<(&'t str, &'t str)> },
}

impl<'t> Shape<'t> {
    /// The discriminator's property and value, for a variant of a tagged union.
    fn tag(self) -> Option<(&'t str, &'t str)> {
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

/// How many items a test's array of `constraints` holds. Two: one item in a query string reads, to
/// some servers, as a single value. Items that must differ are made alike, so those arrays get as
/// few as they may.
pub(in crate::emit) fn array_len(constraints: &Constraints) -> usize {
    let fewest = if constraints.unique_items { 1 } else { 2 };
    constraints.min_items.unwrap_or(fewest).max(fewest).min(constraints.max_items.unwrap_or(usize::MAX))
}
