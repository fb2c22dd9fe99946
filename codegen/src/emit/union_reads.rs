//! How a union without a discriminator is read, and one whose discriminator is missing: as the
//! variant that fits the value best (`runtime::enums::best_fit`). A struct variant reads any object
//! that has its required properties, keeping the others aside, so the first variant that reads a
//! value may not be the one it is: a user read as an organization keeps `html_url` and `email`
//! aside. The variant that keeps nothing aside wins, in the spec's order.

use proc_macro2::TokenStream;
use quote::quote;

use super::definitions::{optional_deserialize, optional_serialize};
use super::rust::{names_deprecated, rust_type, Scope};
use crate::ir::{Api, TypeDef, TypeUsage, Union};

/// `let readers = &[…];`: for each variant, a function that reads a value as it, with how many
/// properties it kept aside.
pub(super) fn variant_readers(api: &Api, union: &Union) -> TokenStream {
    let readers = union.variants.iter().map(|variant| {
        let name = &variant.name;
        let ty = rust_type(api, &variant.ty, Scope::Types);
        let ty = if variant.boxed { quote!(Box<#ty>) } else { ty };
        let kept_aside = match api.types.structure(&variant.ty) {
            Some(object) => {
                let extra = &object.extra;
                quote!(value.#extra.len())
            }
            None => quote!(0),
        };
        quote!(|json| <#ty as serde::Deserialize>::deserialize(json).ok().map(|value| (#kept_aside, Self::#name(value))))
    });
    quote! {
        let readers: &[crate::runtime::enums::VariantReader<Self>] = &[#(#readers),*];
    }
}

/// Whether reading the union names a deprecated type: its own, or a variant's (each reader names
/// the variant's type).
fn reads_deprecated(api: &Api, def: &TypeDef, union: &Union) -> bool {
    def.deprecated || names_deprecated(api, union.variants.iter().map(|variant| &variant.ty))
}

/// `Deserialize` for an untagged union that responses carry.
pub(super) fn untagged_deserialize(api: &Api, def: &TypeDef, cfg: &TokenStream, union: &Union) -> TokenStream {
    let readers = variant_readers(api, union);
    let nothing_fits = format!("data did not match any variant of untagged enum {}", def.name.as_str());
    let body = quote! {
        #readers
        crate::runtime::enums::best_fit(&value, readers)
            .ok_or_else(|| <D::Error as serde::de::Error>::custom(#nothing_fits))
    };
    deserialize_from_json(api, def, union, cfg, body)
}

/// `Deserialize` for a union that reads the value as JSON, then returns what `body` makes of
/// `value`.
pub(super) fn deserialize_from_json(
    api: &Api,
    def: &TypeDef,
    union: &Union,
    cfg: &TokenStream,
    body: TokenStream,
) -> TokenStream {
    let name = &def.name;
    let allow = reads_deprecated(api, def, union).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #body
            }
        }
    }
}

/// The derives of an untagged union: `Serialize` (untagged) where requests send it or with the
/// `serialize` feature, `Deserialize` derived only for one that requests alone send (with the
/// `deserialize` feature); one that responses carry is read by [`untagged_deserialize`].
pub(super) fn untagged_derives(usage: TypeUsage) -> TokenStream {
    // Only for a type requests send, whose `serde(untagged)` is then there.
    let deserialize =
        optional_deserialize(usage).then(|| quote!(#[cfg_attr(feature = "deserialize", derive(serde::Deserialize))]));
    if usage.request {
        quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize)] #deserialize #[serde(untagged)])
    } else if optional_serialize(usage) {
        quote! {
            #[derive(Debug, Clone, PartialEq)]
            #[cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged))]
        }
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    }
}
