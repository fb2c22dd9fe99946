//! How a method's command runs: the request built from its arguments, sent, and its result
//! printed (JSON, every page's items, text, or a download).

use proc_macro2::TokenStream;
use quote::quote;

use super::super::companion::resource_path;
use super::super::rust::{names_deprecated, rust_type, Scope};
use super::inputs::{reading, shape, tool_input, Reading};
use crate::ir::{Api, Body, CliInput, CliMethod, CliSource, Ident, Method, Resource, Response, SetterTarget};

/// `impl XArgs { async fn run(self, client) }` for `method` of `resource`.
pub(super) fn method_run(api: &Api, resource: &Resource, method: &Method, names: &CliMethod) -> TokenStream {
    let args = &names.args;
    let (accessors, name) = (resource_path(api, resource), &method.name);
    let path_args = names.inputs.iter().filter(|input| matches!(input.source, CliSource::PathParam(_))).map(|input| {
        let field = &input.field;
        quote!(self.#field)
    });
    let json = tool_input(names, CliSource::Json);
    let object_body = json.is_some() && matches!(method.body, Some(Body::Object { .. }));
    let takes_properties = names.inputs.iter().any(|input| {
        matches!(input.source, CliSource::Setter(index) if matches!(method.setters[index].target, SetterTarget::BodyField(_)))
    });
    let body = object_body.then(|| {
        let field = &json.map(|input| &input.field);
        let body = if takes_properties { quote!(mut body) } else { quote!(body) };
        quote!(let #body = support::JsonBody::new(self.#field)?;)
    });
    let sets: Vec<TokenStream> =
        names.inputs.iter().filter_map(|input| set(api, method, names, input, object_body)).collect();
    let request = if sets.is_empty() && !object_body { quote!(request) } else { quote!(mut request) };
    let extra = object_body.then(|| quote!(request = request.with_options(body.into_options());));
    let print = print(method, names);
    // The spec deprecates the method, a value it takes, or a type one of them names: the tool still
    // offers it, as the SDK does.
    let views = method.setter_views(&api.types);
    let types = views.iter().map(|view| view.ty).chain(method.path_params.iter().map(|param| &param.ty));
    let deprecated = method.deprecated || views.iter().any(|view| view.deprecated) || names_deprecated(api, types);
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        impl #args {
            #allow
            async fn run(self, client: &Client) -> Result<(), Failure> {
                let #request = client.#(#accessors.)* #name(#(#path_args),*);
                #body
                #(#sets)*
                #extra
                #print
            }
        }
    }
}

/// The statement that gives the builder `input`'s value, if it was given.
fn set(api: &Api, method: &Method, names: &CliMethod, input: &CliInput, object_body: bool) -> Option<TokenStream> {
    let field = &input.field;
    let (setter, wire_name) = match input.source {
        CliSource::Setter(index) => {
            let view = method.setter_view(&api.types, &method.setters[index]);
            (&view.setter.name, view.wire_name)
        }
        CliSource::Json if !object_body => {
            let setter = &method.setters.iter().find(|setter| setter.target == SetterTarget::Body)?.name;
            let Some(Body::Whole { ty, required, .. }) = &method.body else { return None };
            // Named: the setter may take anything that converts into it.
            let ty = rust_type(api, ty, Scope::Sibling);
            return Some(match required {
                true => quote!(request = request.#setter(support::from_json::<#ty>(self.#field)?);),
                false => quote! {
                    if let Some(value) = self.#field {
                        request = request.#setter(support::from_json::<#ty>(value)?);
                    }
                },
            });
        }
        _ => return None,
    };
    let shape = shape(api, method, names, input)?;
    let file = matches!(reading(api, shape.item), Reading::File);
    let from_json = object_body
        && matches!(input.source, CliSource::Setter(index) if matches!(method.setters[index].target, SetterTarget::BodyField(_)));
    let convert = |value: TokenStream| match (file, shape.many) {
        (true, true) => quote!(#value.iter().map(|path| support::upload(path)).collect::<Vec<_>>()),
        (true, false) => quote!(support::upload(&#value)),
        (false, _) => value,
    };
    let value = convert(quote!(value));
    let given = match (shape.many, shape.required) {
        (_, true) => {
            let value = convert(quote!(self.#field));
            return Some(quote!(request = request.#setter(#value);));
        }
        (true, false) => quote!((!self.#field.is_empty()).then_some(self.#field)),
        (false, false) => quote!(self.#field),
    };
    let given = match from_json {
        // Taken from the body either way: a flag overrides the property, which is then not sent twice.
        true => quote!(#given.or(body.take(#wire_name)?)),
        false => given,
    };
    Some(quote! {
        if let Some(value) = #given {
            request = request.#setter(#value);
        }
    })
}

/// Sends the request and prints what came back.
fn print(method: &Method, names: &CliMethod) -> TokenStream {
    let field = |source| tool_input(names, source).map(|input| &input.field);
    let (all, output, stream) = (field(CliSource::All), field(CliSource::Output), field(CliSource::Stream));
    let streamed = stream.zip(method.events.as_ref()).map(|(field, events)| {
        let call = &events.method;
        quote! {
            if self.#field {
                return support::print_events(request.#call().await?).await;
            }
        }
    });
    let sent = sent(method, all, output);
    quote!(#streamed #sent)
}

/// Sends the request the usual way and prints what came back.
fn sent(method: &Method, all: Option<&Ident>, output: Option<&Ident>) -> TokenStream {
    match (&method.response, all, output) {
        (_, Some(all), _) => quote! {
            if self.#all {
                return support::print_items(request.items()).await;
            }
            support::print_json(&*request.send().await?)
        },
        (Response::Binary, _, Some(output)) => {
            quote!(support::write_download(request.send().await?, self.#output.as_deref()).await)
        }
        (Response::Json(_), _, _) => {
            quote!(support::print_json(&request.send().await?))
        }
        (Response::Text, _, _) => quote!(support::print_text(&request.send().await?)),
        (Response::Empty | Response::Binary, _, _) => quote! {
            request.send().await?;
            Ok(())
        },
    }
}
