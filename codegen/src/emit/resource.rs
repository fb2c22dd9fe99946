//! A resource module: the resource struct with one method per operation, and a request builder per
//! method. A builder wraps the runtime's request: its setters write one value each, by wire name,
//! and sending is the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc, mentions_named, module_doc, rust_type, to_text, Scope};
use super::setters::{path_param_type, setter, string_type, style, union_type};
use crate::ir::{
    Api, Body, BodyEncoding, Events, Method, Pagination, PaginationScheme, ParamStyle, PathParamId, PathSegment,
    Resource, Response, SetterTarget, TypeRef,
};

pub fn resource_module(api: &Api, resource: &Resource, module_path: &str) -> TokenStream {
    let module_doc = module_doc(&format!("The `{}` resource of the {}.", resource.module, api.api_name()));
    let type_name = &resource.type_name;
    let doc = doc(Some(&super::client::resource_doc(api, resource)));
    let uses_types = resource.methods.iter().any(|method| method_mentions_types(api, method)).then(|| {
        quote!(
            use super::types;
        )
    });
    let children =
        resource.children.iter().map(|child| super::client::accessor(api, api.resource(*child), &TokenStream::new()));
    let methods = resource.methods.iter().map(|method| {
        let example = super::examples::method_example(api, module_path, resource, method);
        resource_method(api, resource, method, example)
    });
    let helpers = super::helpers::helpers(api, resource);
    let builders = resource.methods.iter().map(|method| builder(api, resource, method));
    quote! {
        #module_doc
        use crate::runtime;
        #uses_types

        #doc
        #[derive(Debug, Clone)]
        pub struct #type_name {
            pub(super) transport: runtime::transport::Transport,
        }

        impl #type_name {
            #(#children)*

            #(#methods)*

            #(#helpers)*
        }

        #(#builders)*
    }
}

fn method_mentions_types(api: &Api, method: &Method) -> bool {
    let params = method.path_params.iter().chain(&method.params).map(|param| &param.ty);
    let setters = method.setter_views(&api.types).into_iter().map(|view| view.ty);
    let response = match &method.response {
        Response::Json(ty) => Some(ty),
        _ => None,
    };
    let events = method.events.iter().map(|events| &events.ty);
    params.chain(setters).chain(response).chain(events).any(mentions_named) || method.pagination.is_some()
}

pub(super) fn method_doc(method: &Method) -> String {
    let mut text = String::new();
    if let Some(summary) = &method.summary {
        text.push_str(summary);
        text.push_str("\n\n");
    }
    if let Some(description) =
        method.description.as_ref().filter(|description| Some(*description) != method.summary.as_ref())
    {
        text.push_str(description);
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}`", method.http_method.as_str(), method.path));
    text
}

fn resource_method(api: &Api, resource: &Resource, method: &Method, example: Option<String>) -> TokenStream {
    let name = &method.name;
    let builder = &method.builder;
    let text = match example {
        Some(example) => format!("{}\n\n{example}", method_doc(method)),
        None => method_doc(method),
    };
    let doc = doc(Some(&text));
    let deprecated =
        method.deprecated.then(|| quote!(#[deprecated(note = "the API marks this operation as deprecated")]));
    let arguments = method.path_params.iter().map(|param| {
        let name = &param.name;
        let ty = path_param_type(api, param);
        quote!(#name: #ty)
    });
    let request = request_expression(api, resource, method);
    let allow = allow_deprecated(api, method.path_params.iter().map(|param| &param.ty));
    quote! {
        #doc
        #deprecated
        #allow
        pub fn #name(&self, #(#arguments),*) -> #builder {
            #builder(#request)
        }
    }
}

/// The runtime request a method starts from: method, path, what it accepts and requires, and its
/// body's shape.
fn request_expression(api: &Api, resource: &Resource, method: &Method) -> TokenStream {
    let http_method = proc_macro2::Ident::new(method.http_method.as_str(), proc_macro2::Span::call_site());
    let (id, resource_name, method_name, template) =
        (&method.operation_id, &resource.dotted, method.name.bare(), &method.path);
    let operation =
        quote!(&runtime::Operation { id: #id, resource: #resource_name, method: #method_name, path: #template });
    let path = path_expression(api, method);
    let mut calls = Vec::new();
    let accept = &method.accept;
    if accept != "application/json" {
        calls.push(quote!(.accept(#accept)));
    }
    if method.security != api.security {
        let security = super::client::security_tokens(&method.security);
        calls.push(quote!(.security(#security)));
    }
    let required: Vec<TokenStream> = method
        .required_setters(&api.types)
        .into_iter()
        .map(|view| slot(method, view.setter.target, view.wire_name))
        .collect();
    if !required.is_empty() {
        calls.push(quote!(.require(&[#(#required),*])));
    }
    calls.extend(body_shape(api, method));
    if let Some(pagination) = &method.pagination {
        calls.push(paging(&pagination.scheme));
    }
    quote! {
        runtime::request::Request::new(&self.transport, reqwest::Method::#http_method, #operation, #path)
            #(#calls)*
    }
}

/// `.paginated(…)`: how the runtime moves the request to the next page.
fn paging(scheme: &PaginationScheme) -> TokenStream {
    let param = scheme.request_field().map(|field| {
        let (name, in_query) = (&field.wire_name, field.in_query);
        quote!(runtime::api_request::PageParam { name: #name, in_query: #in_query })
    });
    let paging = match (scheme, param) {
        (PaginationScheme::PageNumber { first, .. }, Some(param)) => {
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            quote!(runtime::api_request::Paging::PageNumber { param: #param, first: #first })
        }
        (_, Some(param)) => quote!(runtime::api_request::Paging::Value(#param)),
        (_, None) => quote!(runtime::api_request::Paging::Link),
    };
    quote!(.paginated(#paging))
}

/// `.form_object(&[…])`: a form body, with the properties its spec encodes otherwise than the default.
fn form_object(method: &Method) -> TokenStream {
    let styles = match &method.body {
        Some(Body::Object { styles, .. }) => styles.as_slice(),
        _ => &[],
    };
    let styles = styles.iter().map(|field| {
        let (name, style, explode) = (&field.wire_name, style(field.style), field.explode);
        quote!((#name, #style, #explode))
    });
    quote!(.form_object(&[#(#styles),*]))
}

/// `runtime::api_request::Slot::…` for the value a setter sets.
fn slot(method: &Method, target: SetterTarget, wire_name: &str) -> TokenStream {
    match target {
        SetterTarget::Param(id) => match method.param(id).location {
            crate::ir::ParamLocation::Header => quote!(runtime::api_request::Slot::Header(#wire_name)),
            crate::ir::ParamLocation::Cookie => quote!(runtime::api_request::Slot::Cookie(#wire_name)),
            _ => quote!(runtime::api_request::Slot::Query(#wire_name)),
        },
        SetterTarget::BodyField(_) => quote!(runtime::api_request::Slot::Field(#wire_name)),
        SetterTarget::Body => quote!(runtime::api_request::Slot::Body),
    }
}

/// The calls that give the body its shape: its container, its constants and the fields sent as
/// `null` unless set.
fn body_shape(api: &Api, method: &Method) -> Vec<TokenStream> {
    let multipart = |required: bool| match required {
        true => vec![quote!(.required_multipart())],
        false => vec![quote!(.multipart())],
    };
    let mut calls = match &method.body {
        Some(Body::Object { encoding, required, .. } | Body::Whole { encoding, required, .. }) => match encoding {
            BodyEncoding::Json if matches!(method.body, Some(Body::Whole { .. })) => Vec::new(),
            BodyEncoding::Json => vec![quote!(.json_object())],
            BodyEncoding::Form => vec![form_object(method)],
            BodyEncoding::Multipart => multipart(*required),
        },
        Some(Body::Multipart { required, .. }) => multipart(*required),
        Some(Body::Raw { .. }) | None => Vec::new(),
    };
    for field in method.body_fields(&api.types).iter().filter(|field| !field.read_only) {
        let wire = &field.wire_name;
        if let Some(constant) = &field.constant {
            let json = constant.to_string();
            calls.push(quote!(.constant(#wire, #json)));
        } else if field.required && field.nullable {
            calls.push(quote!(.null_field(#wire)));
        }
    }
    calls
}

/// The path, each parameter encoded as one segment.
fn path_expression(api: &Api, method: &Method) -> TokenStream {
    let mut segments = method.path_segments.iter().peekable();
    let mut path = match segments.peek() {
        Some(PathSegment::Literal(text)) => {
            segments.next();
            quote!(runtime::request::Path::new(#text))
        }
        _ => quote!(runtime::request::Path::new("")),
    };
    for segment in segments {
        path = match segment {
            PathSegment::Literal(text) => quote!(#path.literal(#text)),
            PathSegment::Param(id) => path_param(api, method, path, *id),
        };
    }
    path
}

/// A path parameter: a string or plain scalar in `simple` style as its text; any other value or
/// style written by the runtime, each piece escaped so that the value stays in its segment.
fn path_param(api: &Api, method: &Method, path: TokenStream, id: PathParamId) -> TokenStream {
    let param = method.path_param(id);
    let (name, wire, explode) = (&param.name, &param.wire_name, param.explode);
    let string = string_type(api, &param.ty);
    if param.style == ParamStyle::Simple {
        let text = match &string {
            Some(_) => Some(quote!(#name.into())),
            None => to_text(api, &param.ty, &quote!(#name)),
        };
        if let Some(text) = text {
            return quote!(#path.param(#wire, #text));
        }
    }
    let style = style(param.style);
    let value = match string.or_else(|| union_type(api, &param.ty)) {
        Some(ty) => quote!(&Into::<#ty>::into(#name)),
        None => quote!(&#name),
    };
    quote!(#path.value_param(#wire, #value, #style, #explode))
}

fn response_kind(api: &Api, response: &Response) -> (TokenStream, TokenStream) {
    match response {
        Response::Json(ty) => {
            let ty = rust_type(api, ty, Scope::Sibling);
            (ty.clone(), quote!(runtime::Json<#ty>))
        }
        Response::Empty => (quote!(()), quote!(runtime::Empty)),
        Response::Text => (quote!(String), quote!(runtime::Text)),
        Response::Binary => (quote!(runtime::ByteStream), quote!(runtime::Stream)),
    }
}

fn builder(api: &Api, resource: &Resource, method: &Method) -> TokenStream {
    let builder = &method.builder;
    let (resource_type, method_name) = (&resource.type_name, &method.name);
    let builder_doc = doc(Some(&format!(
        "A request to [`{resource_type}::{}`]({resource_type}::{}): set its parameters, then call [`send`](Self::send).",
        method_name.bare(),
        method_name.as_str()
    )));
    let (output, kind) = response_kind(api, &method.response);
    let setters = method.setter_views(&api.types).into_iter().map(|view| setter(api, method, view));
    let send = match &method.pagination {
        Some(pagination) => paginated_send(api, method, pagination),
        None => quote! {
            /// Sends the request.
            pub fn send(self) -> impl std::future::Future<Output = Result<#output, runtime::Error>> {
                self.0.send()
            }
        },
    };
    let stream = method.events.as_ref().map(|events| streaming_call(api, events));
    let returned = match &method.response {
        Response::Json(ty) => Some(ty),
        _ => None,
    };
    let item_types = method.pagination.iter().map(|p| &p.item_type).chain(method.events.iter().map(|e| &e.ty));
    let allow = allow_deprecated(api, returned.into_iter().chain(item_types));
    quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "the request is sent only by `.send()`"]
        #allow
        pub struct #builder(runtime::request::Request<#kind>);

        #allow
        impl #builder {
            #(#setters)*

            /// Extra headers, query parameters or body fields, a timeout or a retry budget for this request.
            pub fn with_options(mut self, options: runtime::RequestOptions) -> Self {
                self.0.options(options);
                self
            }

            #send

            #stream

            /// Sends the request and returns the response before its body is read: status, headers,
            /// request id and retries taken, then [`parse`](runtime::RawResponse::parse) for the value.
            pub fn send_raw(self) -> impl std::future::Future<Output = Result<runtime::RawResponse<#kind>, runtime::Error>> {
                self.0.send_raw()
            }
        }
    }
}

/// The call that asks for `text/event-stream` and yields each event as it arrives.
fn streaming_call(api: &Api, events: &Events) -> TokenStream {
    let (name, event) = (&events.method, rust_type(api, &events.ty, Scope::Sibling));
    let flag_doc = events.flag.as_ref().map(|flag| {
        let text = format!(" It sets the body's `{flag}` to `true`; [`send`](Self::send) leaves it unset.");
        quote!(#[doc = #text])
    });
    let flag = match &events.flag {
        Some(flag) => quote!(Some(#flag)),
        None => quote!(None),
    };
    let error_payloads = events.error_payloads;
    quote! {
        /// Sends the request asking for a stream of events, and returns them as they arrive: an
        /// error event or a broken stream is an `Err`, and dropping the stream closes the
        /// connection. Retries happen only before the first event.
        #flag_doc
        pub fn #name(self) -> impl std::future::Future<Output = Result<runtime::EventStream<#event>, runtime::Error>> {
            self.0.send_events(runtime::events::Streaming { flag: #flag, error_payloads: #error_payloads })
        }
    }
}

/// `send` of a list method returns the first page; `items`, `pages` and `collect_all` go through
/// them all.
fn paginated_send(api: &Api, method: &Method, pagination: &Pagination) -> TokenStream {
    let page = rust_type(api, &method.page_type().unwrap_or(TypeRef::Json), Scope::Sibling);
    let item = rust_type(api, &pagination.item_type, Scope::Sibling);
    quote! {
        /// Sends the request and returns the first page; [`Page::next_page`](runtime::Page::next_page)
        /// fetches the next. To go through every item, use [`items`](Self::items).
        pub fn send(self) -> impl std::future::Future<Output = Result<runtime::Page<#page>, runtime::Error>> {
            runtime::Page::fetch(self.0)
        }

        /// Every item of every page, fetched page by page as the stream is read, with these
        /// parameters and options on every request. An error ends the stream.
        pub fn items(self) -> futures_util::stream::BoxStream<'static, Result<#item, runtime::Error>> {
            runtime::pagination::items(self.0)
        }

        /// Every page, fetched as the stream is read. An error ends the stream.
        pub fn pages(self) -> futures_util::stream::BoxStream<'static, Result<runtime::Page<#page>, runtime::Error>> {
            runtime::pagination::pages(self.0)
        }

        /// Every item of every page, in a `Vec`: for lists known to be small.
        pub fn collect_all(self) -> impl std::future::Future<Output = Result<Vec<#item>, runtime::Error>> {
            runtime::pagination::collect_all(self.0)
        }
    }
}
