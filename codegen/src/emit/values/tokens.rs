//! Values as Rust expressions of the SDK's own types.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use super::sample::{choose, choose_parameter, Object, Sample};
use crate::emit::objects::{has_constructor, is_constructor_argument};
use crate::ir::{Api, Constraints, Field, Ident, TypeDefKind, TypeId, TypeRef};

/// Writes values; remembers whether one names something the spec deprecates.
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

    /// An expression of `ty`'s Rust type, or `None` when no valid value can be made.
    pub(crate) fn value(&mut self, ty: &TypeRef, constraints: &Constraints) -> Option<TokenStream> {
        let sample = choose(self.api, ty, constraints)?;
        self.expression(&sample)
    }

    /// The same for a path, query or header parameter (see [`choose_parameter`]).
    pub(crate) fn parameter(&mut self, ty: &TypeRef, constraints: &Constraints) -> Option<TokenStream> {
        let sample = choose_parameter(self.api, ty, constraints)?;
        self.expression(&sample)
    }

    fn expression(&mut self, sample: &Sample<'_>) -> Option<TokenStream> {
        let (krate, module) = (self.krate, self.module);
        Some(match sample {
            Sample::Text(text) => quote!(#text.to_owned()),
            Sample::Integer(number) => Literal::i64_unsuffixed(*number).into_token_stream(),
            Sample::Float(number) => Literal::f64_unsuffixed(*number).into_token_stream(),
            Sample::Bool(value) => quote!(#value),
            Sample::Uuid => quote!(#krate::uuid::Uuid::nil()),
            Sample::DateTime => {
                quote!("2024-01-01T00:00:00Z".parse::<#krate::chrono::DateTime<#krate::chrono::Utc>>().unwrap())
            }
            Sample::Date => quote!(#krate::chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
            Sample::Upload { file_name } => quote!(#module::UploadFile::from_bytes(&b"test"[..]).file_name(#file_name)),
            Sample::Json(value) if value.as_object().is_some_and(|object| object.is_empty()) => {
                quote!(#krate::serde_json::json!({}))
            }
            Sample::Json(value) => {
                let text = value.to_string();
                quote!(#krate::serde_json::from_str::<#krate::serde_json::Value>(#text).unwrap())
            }
            Sample::Array(items) => {
                let items = items.iter().map(|item| self.expression(item)).collect::<Option<Vec<_>>>()?;
                quote!(vec![#(#items),*])
            }
            Sample::Map(entries) if entries.is_empty() => quote!(Default::default()),
            Sample::Map(entries) => {
                let entries = entries
                    .iter()
                    .map(|(key, value)| {
                        let value = self.expression(value)?;
                        Some(quote!((#key.to_owned(), #value)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                quote!([#(#entries),*].into_iter().collect())
            }
            Sample::Nullable(inner) => {
                let value = self.expression(inner)?;
                quote!(Some(#value))
            }
            Sample::Enum { ty, variant } => self.enum_value(*ty, &variant.name),
            Sample::IntegerEnum { ty, variant } => self.enum_value(*ty, &variant.name),
            Sample::Union { ty, variant, value } => {
                let def = self.api.ty(*ty);
                let TypeDefKind::Union(union) = &def.kind else { return None };
                self.deprecated |= def.deprecated;
                let (name, variant) = (&def.name, union.variant(*variant));
                let value = self.expression(value)?;
                let value = if variant.boxed { quote!(Box::new(#value)) } else { value };
                let variant = &variant.name;
                quote!(#module::types::#name::#variant(#value))
            }
            Sample::Object(object) => return self.object(object),
        })
    }

    fn enum_value(&mut self, ty: TypeId, variant: &Ident) -> TokenStream {
        let def = self.api.ty(ty);
        self.deprecated |= def.deprecated;
        let (module, name) = (self.module, &def.name);
        quote!(#module::types::#name::#variant)
    }

    /// A struct as its constructor, `Default` or a literal makes it, then the optional fields the
    /// value sets, set on it.
    fn object(&mut self, object: &Object<'_>) -> Option<TokenStream> {
        let def = self.api.ty(object.ty);
        let TypeDefKind::Struct(structure) = &def.kind else { return None };
        self.deprecated |= def.deprecated;
        let (name, module) = (&def.name, self.module);
        let path = quote!(#module::types::#name);
        let built = if def.usage.response && has_constructor(&structure.fields) {
            let arguments = structure
                .fields_with_ids()
                .filter(|(_, field)| is_constructor_argument(field))
                .map(|(id, field)| self.field(field, object.value_of(id)?))
                .collect::<Option<Vec<_>>>()?;
            quote!(#path::new(#(#arguments),*))
        } else if def.usage.response || structure.fields.iter().all(Field::is_optional) {
            quote!(Default::default())
        } else {
            let fields = structure
                .fields_with_ids()
                .map(|(id, field)| {
                    let name = &field.name;
                    let value =
                        if field.is_optional() { quote!(None) } else { self.field(field, object.value_of(id)?)? };
                    Some(quote!(#name: #value))
                })
                .collect::<Option<Vec<_>>>()?;
            quote!(#path { #(#fields),* })
        };
        let mut sets = Vec::new();
        for (id, value) in &object.fields {
            let field = structure.field(*id);
            if field.is_optional() {
                let (name, value) = (&field.name, self.field(field, value)?);
                sets.push(quote!(value.#name = Some(#value);));
            }
        }
        if let Some((wire, tag)) = object.tag.filter(|_| def.usage.response) {
            let (extra, krate) = (&structure.extra, self.krate);
            sets.push(
                quote!(value.#extra.insert(#wire.to_owned(), #krate::serde_json::Value::String(#tag.to_owned()));),
            );
        }
        if sets.is_empty() {
            return Some(built);
        }
        Some(quote!({
            let mut value: #path = #built;
            #(#sets)*
            value
        }))
    }

    /// A field's value, boxed where the field is.
    fn field(&mut self, field: &Field, value: &Sample<'_>) -> Option<TokenStream> {
        self.deprecated |= field.deprecated;
        let value = self.expression(value)?;
        Some(if field.boxed { quote!(Box::new(#value)) } else { value })
    }
}
