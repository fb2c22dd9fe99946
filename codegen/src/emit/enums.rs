//! Enums and unions of the `types` module. Each is `#[non_exhaustive]`, so that the API adding a value
//! or a kind is not a breaking change, and keeps what it does not know in the runtime's opaque
//! `UnknownValue`, which code cannot make: an unknown value never stands in for a known one.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::definitions::{optional_deserialize, optional_serialize, type_doc, type_doc_text};
use super::rust::{allow_deprecated, rust_type, Scope};
use super::source::Source;
use super::union_reads::{deserialize_from_json, untagged_derives, untagged_deserialize, variant_readers};
use crate::ir::{
    Api, Discriminator, EnumVariant, Ident, IntegerVariant, TypeDef, TypeDefKind, TypeRef, Union, UnionVariant,
};

/// A string enum, declared with the runtime's macro: `From<&str>` and `FromStr` pick the variant a
/// value names, or keep it unknown.
pub(super) fn string_enum(cfg: Option<&str>, def: &TypeDef, variants: &[EnumVariant]) -> String {
    let variants = variants.iter().map(|variant| (&variant.name, Literal::string(&variant.value)));
    macro_enum("crate::runtime::enums::string_enum!", cfg, def, variants)
}

/// An integer enum, declared with the runtime's macro, that keeps numbers this SDK does not know.
pub(super) fn integer_enum(cfg: Option<&str>, def: &TypeDef, variants: &[IntegerVariant]) -> String {
    let variants = variants.iter().map(|variant| (&variant.name, Literal::i64_unsuffixed(variant.value)));
    macro_enum("crate::runtime::enums::integer_enum!", cfg, def, variants)
}

/// `macro! { pub enum Name { Variant = value, } }`, written as formatted text (see [`super::source`]).
fn macro_enum<'a>(
    path: &str,
    cfg: Option<&str>,
    def: &TypeDef,
    variants: impl ExactSizeIterator<Item = (&'a Ident, Literal)>,
) -> String {
    let mut source = Source::default();
    if let Some(cfg) = cfg {
        source.line(cfg);
    }
    source.open(path);
    source.doc(&type_doc_text(def));
    if def.deprecated {
        source.line("#[deprecated]");
    }
    let head = format!("pub enum {}", def.name.as_str());
    if variants.len() == 0 {
        source.line(&format!("{head} {{}}"));
    } else {
        source.open(&head);
        for (name, value) in variants {
            source.line(&format!("{} = {value},", name.as_str()));
        }
        source.close();
    }
    source.close();
    source.finish()
}

/// A `oneOf`/`anyOf`. Without a discriminator, the variant that fits a value best is read (see
/// [`super::union_reads`]). With one, the property picks the variant, and a value it does not know
/// is kept as `Unknown`.
pub(super) fn union_enum(api: &Api, def: &TypeDef, cfg: &TokenStream, union: &Union) -> TokenStream {
    let name = &def.name;
    let doc = type_doc(def);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let variant_names: Vec<&Ident> = union.variants.iter().map(|variant| &variant.name).collect();
    let variant_docs = union.variants.iter().map(|variant| format!(" A `{}`.", api.describe(&variant.ty, "")));
    let variant_types = union.variants.iter().map(|variant| {
        let ty = rust_type(api, &variant.ty, Scope::Types);
        if variant.boxed {
            quote!(Box<#ty>)
        } else {
            ty
        }
    });
    let allow = allow_deprecated(api, union.variants.iter().map(|variant| &variant.ty));
    let Some(discriminator) = &union.discriminator else {
        let derives = untagged_derives(def.usage);
        let deserialize = def.usage.response.then(|| untagged_deserialize(api, def, cfg, union));
        let conversions =
            member_conversions(api, def, union).into_iter().map(|variant| conversion(api, def, cfg, variant));
        return quote! {
            #cfg
            #doc
            #deprecated
            #allow
            #derives
            #[non_exhaustive]
            pub enum #name {
                #(#[doc = #variant_docs] #variant_names(#variant_types),)*
            }

            #deserialize
            #(#conversions)*
        };
    };
    let property = &discriminator.property;
    let unknown_doc = format!(" A `{property}` this version of the SDK does not know, as received.");
    let deserialize = if def.usage.response {
        Some(discriminated_deserialize(api, def, cfg, union, discriminator))
    } else if optional_deserialize(def.usage) {
        let deserialize = discriminated_deserialize(api, def, cfg, union, discriminator);
        Some(quote!(#[cfg(feature = "deserialize")] const _: () = { #deserialize };))
    } else {
        None
    };
    let serialize = if def.usage.request {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize)] #[serde(untagged)])
    } else if optional_serialize(def.usage) {
        quote! {
            #[derive(Debug, Clone, PartialEq)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged))]
        }
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #cfg
        #doc
        #deprecated
        #allow
        #serialize
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_names(#variant_types),)*
            #[doc = #unknown_doc]
            Unknown(crate::runtime::UnknownValue<serde_json::Value>),
        }

        #deserialize
    }
}

/// How a union told apart by `discriminator` is read: by the discriminator's value, and by the
/// properties that narrow variants sharing one; a value without the property as the variant that
/// fits it best (a server that leaves it out still sends one of the kinds); any other value is
/// `Unknown`.
fn discriminated_deserialize(
    api: &Api,
    def: &TypeDef,
    cfg: &TokenStream,
    union: &Union,
    discriminator: &Discriminator,
) -> TokenStream {
    let property = &discriminator.property;
    let arms = discriminator.mapping.iter().enumerate().map(|(index, (value, id))| {
        let variant = &union.variant(*id).name;
        let shared = discriminator.mapping[index + 1..].iter().any(|(later, _)| later == value);
        let guard = discriminator.narrowing.iter().find(|(narrowed, _)| shared && narrowed == id).map(|(_, fits)| {
            let (properties, allowed): (Vec<&String>, Vec<&Vec<String>>) =
                fits.iter().map(|(property, allowed)| (property, allowed)).unzip();
            quote!(if crate::runtime::enums::fits(&value, &[#((#properties, &[#(#allowed),*])),*]))
        });
        quote!(Some(#value) #guard => serde_json::from_value(value).map(Self::#variant).map_err(<D::Error as serde::de::Error>::custom))
    });
    let readers = variant_readers(api, union);
    let body = quote! {
        match value.get(#property).and_then(serde_json::Value::as_str) {
            #(#arms,)*
            None => {
                #readers
                let fit = crate::runtime::enums::best_fit(&value, readers);
                Ok(fit.unwrap_or_else(|| Self::Unknown(crate::runtime::UnknownValue::new(value))))
            }
            _ => Ok(Self::Unknown(crate::runtime::UnknownValue::new(value))),
        }
    };
    deserialize_from_json(api, def, union, cfg, body)
}

/// The variants an untagged union that requests send converts from: those whose type no other
/// variant shares, so that an argument of the union takes any of them (`get("my-limit")` or
/// `get(id)` for a name-or-uuid path parameter).
fn member_conversions<'a>(api: &Api, def: &TypeDef, union: &'a Union) -> Vec<&'a UnionVariant> {
    if union.discriminator.is_some() || !def.usage.request {
        return Vec::new();
    }
    let same = |a: &UnionVariant, b: &UnionVariant| api.types.resolve(&a.ty) == api.types.resolve(&b.ty);
    let unique = |variant: &&UnionVariant| union.variants.iter().filter(|other| same(other, variant)).count() == 1;
    union.variants.iter().filter(unique).collect()
}

/// `From` the variant's type (and from `&str`, for a string variant).
fn conversion(api: &Api, def: &TypeDef, cfg: &TokenStream, variant: &UnionVariant) -> TokenStream {
    let (name, variant_name) = (&def.name, &variant.name);
    let ty = rust_type(api, &variant.ty, Scope::Types);
    let boxed = |value: TokenStream| if variant.boxed { quote!(Box::new(#value)) } else { value };
    let (value, owned) = (boxed(quote!(value)), boxed(quote!(value.to_owned())));
    let allow =
        (def.deprecated || allow_deprecated(api, [&variant.ty]).is_some()).then(|| quote!(#[allow(deprecated)]));
    let from_str = (*api.types.resolve(&variant.ty) == TypeRef::String).then(|| {
        quote! {
            #allow
            #cfg
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::#variant_name(#owned)
                }
            }
        }
    });
    quote! {
        #allow
        #cfg
        impl From<#ty> for #name {
            fn from(value: #ty) -> Self {
                Self::#variant_name(#value)
            }
        }

        #from_str
    }
}

/// The union `ty` names, if arguments of it take anything it converts from.
pub(super) fn converts_from_members(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(id) = api.types.resolve(ty) else { return false };
    let def = api.ty(*id);
    matches!(&def.kind, TypeDefKind::Union(union) if !member_conversions(api, def, union).is_empty())
}
