//! Enums and unions of the `types` module. Each is `#[non_exhaustive]`, so that the API adding a value
//! or a kind is not a breaking change, and keeps what it does not know in the runtime's opaque
//! `UnknownValue`, which code cannot make: an unknown value never stands in for a known one.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, rust_type, Scope};
use super::types::{derives, optional_serialize};
use crate::ir::{Api, EnumVariant, Ident, IntegerVariant, TypeDef, Union};

/// A string enum. `From<&str>` and `FromStr` pick the variant a value names, or keep it unknown.
pub(super) fn string_enum(
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[EnumVariant],
) -> TokenStream {
    let name = &def.name;
    let variant_names: Vec<&Ident> = variants.iter().map(|variant| &variant.name).collect();
    let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    let derives = derives(def.usage, quote!(Eq, Hash,));
    let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #[serde(rename = #values)]
                #variant_names,
            )*
            /// A value this version of the SDK does not know.
            #[serde(untagged)]
            Unknown(runtime::UnknownValue<String>),
        }

        #allow
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        #allow
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variant_names,)*
                    other => Self::Unknown(runtime::UnknownValue::new(other.to_owned())),
                }
            }
        }

        #allow
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        #allow
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// An integer enum, serialized as its number, that keeps numbers this SDK does not know.
pub(super) fn integer_enum(
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    variants: &[IntegerVariant],
) -> TokenStream {
    let name = &def.name;
    let variant_names: Vec<&Ident> = variants.iter().map(|variant| &variant.name).collect();
    let values: Vec<_> = variants.iter().map(|variant| proc_macro2::Literal::i64_unsuffixed(variant.value)).collect();
    let variant_docs = variants.iter().map(|variant| format!(" `{}`", variant.value));
    let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
    let only_with_feature = optional_serialize(def.usage).then(|| quote!(#[cfg(feature = "serialize")]));
    let serialize = (def.usage.request || only_with_feature.is_some()).then(|| {
        quote! {
            #only_with_feature
            #allow
            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = def.usage.response.then(|| {
        quote! {
            #allow
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    i64::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_names,)*
            /// A value this version of the SDK does not know.
            Unknown(runtime::UnknownValue<i64>),
        }

        #allow
        impl #name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#variant_names => #values,)*
                    Self::Unknown(value) => *value.get(),
                }
            }
        }

        #allow
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variant_names,)*
                    other => Self::Unknown(runtime::UnknownValue::new(other)),
                }
            }
        }

        #allow
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        #serialize
        #deserialize
    }
}

/// A `oneOf`/`anyOf`. Without a discriminator, serde tries the variants in the spec's order. With
/// one, the property picks the variant, and a value it does not know is kept as `Unknown`.
pub(super) fn union_enum(
    api: &Api,
    def: &TypeDef,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    union: &Union,
) -> TokenStream {
    let name = &def.name;
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
        let derives = derives(def.usage, TokenStream::new());
        return quote! {
            #doc
            #deprecated
            #allow
            #derives
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#[doc = #variant_docs] #variant_names(#variant_types),)*
            }
        };
    };
    let property = &discriminator.property;
    let unknown_doc = format!(" A `{property}` this version of the SDK does not know, as received.");
    let deserialize = def.usage.response.then(|| {
        let arms = discriminator.mapping.iter().map(|(value, index)| {
            let variant = variant_names[*index];
            quote!(Some(#value) => serde_json::from_value(value).map(Self::#variant).map_err(<D::Error as serde::de::Error>::custom))
        });
        let allow = def.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    match value.get(#property).and_then(serde_json::Value::as_str) {
                        #(#arms,)*
                        _ => Ok(Self::Unknown(runtime::UnknownValue::new(value))),
                    }
                }
            }
        }
    });
    let serialize = if def.usage.request {
        quote!(#[derive(Debug, Clone, PartialEq, Serialize)] #[serde(untagged)])
    } else if optional_serialize(def.usage) {
        quote! {
            #[derive(Debug, Clone, PartialEq)]
            #[cfg_attr(feature = "serialize", derive(Serialize), serde(untagged))]
        }
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #deprecated
        #allow
        #serialize
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_names(#variant_types),)*
            #[doc = #unknown_doc]
            Unknown(runtime::UnknownValue<serde_json::Value>),
        }

        #deserialize
    }
}
