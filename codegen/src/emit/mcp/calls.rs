//! One function per tool: the request built from the tool's arguments, sent, and its result made
//! into the tool's reply.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::companion::{resource_path, Imports};
use super::super::rust::{doc, names_deprecated, resolved, rust_type, Scope};
use crate::ir::{Api, McpArgument, McpSource, McpTool, Method, Response, TypeRef};

/// `async fn files_list(client, arguments)` for `tool`.
pub(super) fn tool_function(api: &Api, tool: &McpTool, imports: &mut Imports) -> TokenStream {
    let resource = api.resource(tool.resource);
    let method = resource.method(tool.method);
    let (function, accessors, name) = (&tool.function, resource_path(api, resource), &method.name);
    let path_args = tool.arguments.iter().filter_map(|argument| match argument.source {
        McpSource::PathParam(id) => {
            let param = method.path_param(id);
            imports.note(&param.ty);
            let (ty, wire_name) = (rust_type(api, &param.ty, Scope::Sibling), &argument.name);
            Some(quote!(arguments.require::<#ty>(#wire_name)?))
        }
        _ => None,
    });
    let path_args: Vec<TokenStream> = path_args.collect();
    let sets: Vec<TokenStream> =
        tool.arguments.iter().filter_map(|argument| set(api, method, argument, imports)).collect();
    let request = if sets.is_empty() { quote!(request) } else { quote!(mut request) };
    let reply = reply(method, tool);
    let doc = doc(Some(&format!("`{} {}`.", method.http_method.as_str(), method.path)));
    let views = method.setter_views(&api.types);
    let types = views.iter().map(|view| view.ty).chain(method.path_params.iter().map(|param| &param.ty));
    let deprecated = method.deprecated || views.iter().any(|view| view.deprecated) || names_deprecated(api, types);
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let arguments = if tool.arguments.is_empty() { quote!(arguments) } else { quote!(mut arguments) };
    quote! {
        #doc
        #allow
        async fn #function(client: &Client, #arguments: Arguments) -> Result<Reply, Failure> {
            let #request = client.#(#accessors.)* #name(#(#path_args),*);
            #(#sets)*
            #reply
        }
    }
}

/// The statement that gives the builder `argument`'s value, if the agent gave it.
fn set(api: &Api, method: &Method, argument: &McpArgument, imports: &mut Imports) -> Option<TokenStream> {
    let McpSource::Setter(index) = argument.source else { return None };
    let view = method.setter_view(&api.types, &method.setters[index]);
    let (setter, wire_name) = (&view.setter.name, &argument.name);
    imports.note(view.ty);
    let (item, many) = match view.ty {
        TypeRef::Array(item) => (&**item, true),
        ty => (ty, false),
    };
    let file = matches!(resolved(api, item), TypeRef::Upload);
    let ty = match (file, many) {
        (true, true) => quote!(Vec<String>),
        (true, false) => quote!(String),
        (false, _) => rust_type(api, view.ty, Scope::Sibling),
    };
    let convert = |value: TokenStream| match (file, many) {
        (true, true) => quote!(#value.iter().map(support::upload).collect::<Vec<_>>()),
        (true, false) => quote!(support::upload(#value)),
        (false, _) => value,
    };
    Some(match view.required && !view.nullable {
        true => {
            let value = convert(quote!(arguments.require::<#ty>(#wire_name)?));
            quote!(request = request.#setter(#value);)
        }
        false => {
            let value = convert(quote!(value));
            quote! {
                if let Some(value) = arguments.take::<#ty>(#wire_name)? {
                    request = request.#setter(#value);
                }
            }
        }
    })
}

/// Sends the request and makes the reply of what came back.
fn reply(method: &Method, tool: &McpTool) -> TokenStream {
    let argument = |source| tool.arguments.iter().find(|argument| argument.source == source).map(|a| &a.name);
    let streamed = argument(McpSource::Stream).zip(method.events.as_ref()).map(|(name, events)| {
        let call = &events.method;
        quote! {
            if arguments.take::<bool>(#name)?.unwrap_or(false) {
                arguments.finish()?;
                return support::events(request.#call().await?).await;
            }
        }
    });
    let sent = match (&method.response, argument(McpSource::SaveTo)) {
        (Response::Binary, Some(save_to)) => quote! {
            let save_to = arguments.take::<String>(#save_to)?;
            arguments.finish()?;
            support::download(request.send().await?, save_to.as_deref()).await
        },
        (Response::Json(_), _) if method.pagination.is_some() => quote! {
            arguments.finish()?;
            support::json(&*request.send().await?)
        },
        (Response::Json(_), _) => quote! {
            arguments.finish()?;
            support::json(&request.send().await?)
        },
        (Response::Text, _) => quote! {
            arguments.finish()?;
            Ok(Reply::text(request.send().await?))
        },
        (Response::Empty | Response::Binary, _) => quote! {
            arguments.finish()?;
            request.send().await?;
            Ok(Reply::done())
        },
    };
    quote!(#streamed #sent)
}
