//! A request builder's setters: each converts its argument, checks the spec's constraints, and
//! writes the value into the runtime request under its wire name.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{allow_deprecated, doc, resolved, rust_type, to_text, Scope};
use crate::ir::{
    Api, Body, Constraints, Ident, Method, Param, ParamLocation, ParamStyle, SetterTarget, SetterView, TypeRef,
};

pub(super) fn setter(api: &Api, method: &Method, view: SetterView<'_>) -> TokenStream {
    let name = &view.setter.name;
    let doc = match view.doc {
        Some(text) => doc(Some(text)),
        None => doc(Some(&fallback_doc(method, view))),
    };
    let deprecated = view.deprecated.then(|| quote!(#[deprecated]));
    let allow = allow_deprecated(api, [view.ty]);
    let (argument, conversion) = signature(api, view.ty, name);
    let check = check(api, view, name);
    let set = set(api, method, view, name);
    // Query, header, cookie and text-body setters take any `Into<String>` as it is.
    let takes_into = matches!(view.setter.target, SetterTarget::Param(_))
        || matches!(method.body, Some(Body::Raw { text: true, .. }));
    let conversion = conversion.filter(|_| check.is_some() || !(takes_into && *view.ty == TypeRef::String));
    quote! {
        #doc
        #deprecated
        #allow
        pub fn #name(mut self, #name: #argument) -> Self {
            #conversion
            #check
            #set
            self
        }
    }
}

/// What a setter without a description in the spec sets.
fn fallback_doc(method: &Method, view: SetterView<'_>) -> String {
    let wire = view.wire_name;
    match view.setter.target {
        SetterTarget::Param(id) => match method.param(id).location {
            ParamLocation::Header => format!("Sets the `{wire}` header."),
            ParamLocation::Cookie => format!("Sets the `{wire}` cookie."),
            ParamLocation::Query | ParamLocation::Path => format!("Sets the `{wire}` query parameter."),
        },
        SetterTarget::BodyField(_) => format!("Sets the `{wire}` field of the body."),
        SetterTarget::Body => "Sets the request body.".to_owned(),
    }
}

/// What the setter takes, and the statement that makes it the stored type: strings, and the spec's
/// named strings (aliases of `String`), take anything that converts into one.
pub(super) fn signature(api: &Api, ty: &TypeRef, name: &Ident) -> (TokenStream, Option<TokenStream>) {
    if let Some(string) = string_type(api, ty).or_else(|| union_type(api, ty)) {
        return (quote!(impl Into<#string>), Some(quote!(let #name: #string = #name.into();)));
    }
    match ty {
        TypeRef::Array(items) if **items == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(let #name: Vec<String> = #name.into_iter().map(Into::into).collect();)),
        ),
        other => (rust_type(api, other, Scope::Sibling), None),
    }
}

/// A path parameter's argument type: strings, and unions of distinct types, take anything that
/// converts.
pub(super) fn path_param_type(api: &Api, param: &Param) -> TokenStream {
    match string_type(api, &param.ty).or_else(|| union_type(api, &param.ty)) {
        Some(ty) => quote!(impl Into<#ty>),
        None => rust_type(api, &param.ty, Scope::Sibling),
    }
}

/// The type of a union argument that converts from its members' types, if `ty` is one.
pub(super) fn union_type(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    super::enums::converts_from_members(api, ty).then(|| rust_type(api, ty, Scope::Sibling))
}

/// The type of a string argument, if `ty` is one: `String`, or the spec's name for a string (an alias
/// of `String`), which arguments take from anything that converts into one, as they do a `String`.
pub(super) fn string_type(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::String => Some(quote!(String)),
        TypeRef::Named(_) if *resolved(api, ty) == TypeRef::String => Some(rust_type(api, ty, Scope::Sibling)),
        _ => None,
    }
}

/// Records whether the value meets the spec's constraints; a request holding a value that does not
/// is never sent.
fn check(api: &Api, view: SetterView<'_>, name: &Ident) -> Option<TokenStream> {
    let wire = view.wire_name;
    let label = name.bare();
    let outcome = validation(resolved(api, view.ty), view.constraints, label, name)?;
    Some(quote!(self.0.check(#wire, #outcome);))
}

fn validation(ty: &TypeRef, constraints: &Constraints, label: &str, name: &Ident) -> Option<TokenStream> {
    let usize_bound = |bound: Option<usize>| match bound {
        Some(bound) => {
            let bound = Literal::usize_unsuffixed(bound);
            quote!(Some(#bound))
        }
        None => quote!(None),
    };
    let f64_bound = |bound: Option<f64>| match bound {
        Some(bound) => {
            let bound = Literal::f64_unsuffixed(bound);
            quote!(Some(#bound))
        }
        None => quote!(None),
    };
    match ty {
        TypeRef::String if constraints.min_length.is_some() || constraints.max_length.is_some() => {
            let (min, max) = (usize_bound(constraints.min_length), usize_bound(constraints.max_length));
            Some(quote!(runtime::validate::length(#label, &#name, #min, #max)))
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
            if constraints.minimum.is_some() || constraints.maximum.is_some() =>
        {
            let (min, max) = (f64_bound(constraints.minimum), f64_bound(constraints.maximum));
            let value = match ty {
                TypeRef::F64 => quote!(#name),
                TypeRef::I64 => quote!(#name as f64),
                _ => quote!(f64::from(#name)),
            };
            Some(quote!(runtime::validate::range(#label, #value, #min, #max)))
        }
        TypeRef::Upload if constraints.max_length.is_some() || !constraints.file_extensions.is_empty() => {
            let max = match constraints.max_length {
                Some(max) => {
                    let max = Literal::u64_unsuffixed(max as u64);
                    quote!(Some(#max))
                }
                None => quote!(None),
            };
            let extensions = &constraints.file_extensions;
            Some(quote!(runtime::validate::upload(#label, &#name, #max, &[#(#extensions),*])))
        }
        TypeRef::Array(_) if constraints.min_items.is_some() || constraints.max_items.is_some() => {
            let (min, max) = (usize_bound(constraints.min_items), usize_bound(constraints.max_items));
            Some(quote!(runtime::validate::items(#label, #name.len(), #min, #max)))
        }
        _ => None,
    }
}

/// The statement that writes the value into the request.
fn set(api: &Api, method: &Method, view: SetterView<'_>, name: &Ident) -> TokenStream {
    let wire = view.wire_name;
    match view.setter.target {
        SetterTarget::Param(id) => param_value(api, method.param(id), view.ty, wire, name),
        SetterTarget::BodyField(_) => match view.ty {
            TypeRef::Upload => quote!(self.0.file(#wire, #name);),
            TypeRef::Array(items) if **items == TypeRef::Upload => quote!(self.0.files(#wire, #name);),
            _ => quote!(self.0.field(#wire, &#name);),
        },
        SetterTarget::Body => match &method.body {
            Some(Body::Raw { text: true, mime_type, .. }) => quote!(self.0.text_body(#name, #mime_type);),
            Some(Body::Raw { text: false, mime_type, .. }) => {
                // A wildcard (`image/*`, `*/*`) names no type: the file's own is sent.
                let declared = match mime_type.contains('*') {
                    true => quote!(None),
                    false => quote!(Some(#mime_type)),
                };
                quote!(self.0.raw_body(#name, #declared);)
            }
            _ => quote!(self.0.body(&#name);),
        },
    }
}

/// A query, header or cookie parameter. A plain scalar (a string, an integer, an enum...) is set as
/// its text (unless the spec asks for JSON), and a list of strings in an exploded query repeats
/// its key; the runtime writes any other value (arrays, objects, unions, floats, nullable values)
/// in the text form of the parameter's style, never as JSON text.
fn param_value(api: &Api, param: &Param, ty: &TypeRef, wire: &str, name: &Ident) -> TokenStream {
    let text = to_text(api, ty, &quote!(#name)).filter(|_| param.style != ParamStyle::Json);
    if let Some(text) = text {
        return match param.location {
            ParamLocation::Query => quote!(self.0.query(#wire, #text);),
            ParamLocation::Header => quote!(self.0.header(#wire, #text);),
            ParamLocation::Cookie | ParamLocation::Path => quote!(self.0.cookie(#wire, #text);),
        };
    }
    let (explode, json) = (param.explode, param.style == ParamStyle::Json);
    let style = style(param.style);
    match (param.location, resolved(api, ty)) {
        (ParamLocation::Query, TypeRef::Array(items)) if explode && !json && **items == TypeRef::String => {
            quote!(self.0.query_each(#wire, #name);)
        }
        (ParamLocation::Query, _) => quote!(self.0.query_value(#wire, &#name, #style, #explode);),
        (ParamLocation::Header, _) => quote!(self.0.header_value(#wire, &#name, #style, #explode);),
        (ParamLocation::Cookie | ParamLocation::Path, _) => quote!(self.0.cookie_value(#wire, &#name, #style);),
    }
}

/// The runtime's name for a parameter style.
pub(super) fn style(style: ParamStyle) -> TokenStream {
    let variant = match style {
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Json => quote!(Json),
    };
    quote!(runtime::wire::Style::#variant)
}
