//! A resource module: the resource struct with one method per operation, and a request builder per
//! method whose `send()` makes the call.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{doc, ident, mentions_named, module_doc, rust_type, to_text, Scope};
use crate::ir::{
    Api, Body, Constraints, Field, HttpMethod, Method, ObjectEncoding, PageField, Pagination, PaginationScheme, Param,
    ParamStyle, PathSegment, Resource, Response, TypeRef,
};

pub fn resource_module(api: &Api, resource: &Resource, module_path: &str) -> TokenStream {
    let module_doc =
        module_doc(&format!("The `{}` resource of the {} API.", resource.name.trim_start_matches("r#"), api.title));
    let type_name = ident(&resource.type_name);
    let doc = doc(resource.doc.as_deref());
    let uses_types = resource.methods.iter().any(method_mentions_types).then(|| {
        quote!(
            use super::types;
        )
    });
    let methods = resource.methods.iter().map(|method| {
        let example = super::examples::method_example(api, module_path, resource, method);
        resource_method(method, &example)
    });
    let helpers = super::helpers::async_helpers(resource);
    let children = resource.children.iter().map(|index| {
        let child = &api.resources[*index];
        let (module, accessor, type_name) = (ident(&child.name), ident(&child.accessor), ident(&child.type_name));
        let child_doc = super::rust::doc(child.doc.as_deref());
        quote! {
            #child_doc
            pub fn #accessor(&self) -> super::#module::#type_name {
                super::#module::#type_name::new(self.transport.clone())
            }
        }
    });
    let builders = resource.methods.iter().map(|method| builder(api, resource, method));
    quote! {
        #module_doc
        use crate::runtime;
        #uses_types

        #doc
        #[derive(Debug, Clone)]
        pub struct #type_name {
            transport: runtime::Transport,
        }

        impl #type_name {
            pub(super) fn new(transport: runtime::Transport) -> Self {
                Self { transport }
            }

            #(#children)*

            #(#methods)*

            #(#helpers)*
        }

        #(#builders)*
    }
}

pub(super) fn method_mentions_types(method: &Method) -> bool {
    let params =
        method.path_params.iter().chain(&method.query_params).chain(&method.header_params).chain(&method.cookie_params);
    let body = match &method.body {
        Some(Body::Object { .. }) => true,
        Some(Body::Json { ty, .. }) => mentions_named(ty),
        Some(Body::Multipart { fields }) => fields.iter().any(|field| mentions_named(&field.ty)),
        Some(Body::Raw { .. }) | None => false,
    };
    let response = matches!(&method.response, Response::Json(ty) if mentions_named(ty));
    params.into_iter().any(|param| mentions_named(&param.ty)) || body || response
}

/// The fields a builder stores and offers setters for, besides path parameters.
pub(super) struct Setter<'a> {
    pub name: &'a str,
    pub doc: Option<&'a str>,
    pub ty: &'a TypeRef,
    pub deprecated: bool,
}

pub(super) fn setters(method: &Method) -> Vec<Setter<'_>> {
    let params = method.query_params.iter().chain(&method.header_params).chain(&method.cookie_params).map(|param| {
        Setter { name: &param.name, doc: param.doc.as_deref(), ty: &param.ty, deprecated: param.deprecated }
    });
    fn field_setter(field: &Field) -> Setter<'_> {
        Setter { name: &field.name, doc: field.doc.as_deref(), ty: &field.ty, deprecated: field.deprecated }
    }
    let body: Vec<Setter<'_>> = match &method.body {
        Some(Body::Object { fields, .. }) | Some(Body::Multipart { fields }) => {
            fields.iter().filter(|field| field.is_settable()).map(field_setter).collect()
        }
        Some(body @ (Body::Json { .. } | Body::Raw { .. })) => {
            let (ty, _) = body.whole().expect("a body set whole");
            vec![Setter { name: "body", doc: Some("The request body."), ty, deprecated: false }]
        }
        None => Vec::new(),
    };
    params.chain(body).collect()
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

pub(super) fn path_param_type(param: &Param) -> TokenStream {
    match &param.ty {
        TypeRef::String => quote!(impl Into<String>),
        other => rust_type(other, Scope::Sibling),
    }
}

fn resource_method(method: &Method, example: &str) -> TokenStream {
    let name = ident(&method.name);
    let builder = ident(&method.builder);
    let doc = doc(Some(&format!("{}\n\n{example}", method_doc(method))));
    let deprecated =
        method.deprecated.then(|| quote!(#[deprecated(note = "the API marks this operation as deprecated")]));
    let arguments = method.path_params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = path_param_type(param);
        quote!(#name: #ty)
    });
    let path_inits = method.path_params.iter().map(|param| {
        let name = ident(&param.name);
        match &param.ty {
            TypeRef::String => quote!(#name: #name.into()),
            _ => quote!(#name),
        }
    });
    let setter_inits = setters(method).into_iter().map(|setter| {
        let name = ident(setter.name);
        quote!(#name: None)
    });
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> #builder {
            #builder {
                transport: self.transport.clone(),
                options: runtime::RequestOptions::default(),
                #(#path_inits,)*
                #(#setter_inits,)*
            }
        }
    }
}

/// How a setter takes its value, and how it turns it into the stored type.
pub(super) fn setter_signature(ty: &TypeRef, name: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#name.into())),
        TypeRef::Array(items) if **items == TypeRef::String => {
            (quote!(impl IntoIterator<Item = impl Into<String>>), quote!(#name.into_iter().map(Into::into).collect()))
        }
        other => (rust_type(other, Scope::Sibling), quote!(#name)),
    }
}

fn builder(api: &Api, resource: &Resource, method: &Method) -> TokenStream {
    let builder = ident(&method.builder);
    let resource_type = &resource.type_name;
    let method_name = method.name.trim_start_matches("r#");
    let builder_doc = doc(Some(&format!(
        "A request to [`{resource_type}::{method_name}`](super::{}::{resource_type}::{method_name}): set its parameters, then call [`send`](Self::send).",
        resource.name.trim_start_matches("r#")
    )));
    let setters = setters(method);
    let clonable = !setters.iter().any(|setter| contains_upload(setter.ty));
    let derives = if clonable { quote!(#[derive(Debug, Clone)]) } else { quote!(#[derive(Debug)]) };
    let path_fields = method.path_params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = rust_type(&param.ty, Scope::Sibling);
        quote!(#name: #ty)
    });
    let setter_fields = setters.iter().map(|setter| {
        let name = ident(setter.name);
        let ty = rust_type(setter.ty, Scope::Sibling);
        quote!(#name: Option<#ty>)
    });
    let setter_methods = setters.iter().map(|setter| {
        let name = ident(setter.name);
        let doc = doc(setter.doc);
        let deprecated = setter.deprecated.then(|| quote!(#[deprecated]));
        let (argument, conversion) = setter_signature(setter.ty, &name);
        quote! {
            #doc
            #deprecated
            pub fn #name(mut self, #name: #argument) -> Self {
                self.#name = Some(#conversion);
                self
            }
        }
    });
    let send = send(api, method);
    let paginated = method.pagination.as_ref().map(|pagination| paginated_impl(&builder, pagination));
    quote! {
        #builder_doc
        #derives
        #[must_use = "the request is sent only by `.send()`"]
        pub struct #builder {
            transport: runtime::Transport,
            options: runtime::RequestOptions,
            #(#path_fields,)*
            #(#setter_fields,)*
        }

        impl #builder {
            #(#setter_methods)*

            /// Extra headers, query parameters or body fields, a timeout or a retry budget for this request.
            pub fn with_options(mut self, options: runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            #send
        }

        #paginated
    }
}

/// How the runtime reads this request's pages and moves it to the next one.
fn paginated_impl(builder: &proc_macro2::Ident, pagination: &Pagination) -> TokenStream {
    let page_type = ident(&pagination.page_type);
    let item = rust_type(&pagination.item_type, Scope::Sibling);
    let items = ident(&pagination.items.name);
    let (items_ref, into_items) = if pagination.items.optional {
        (quote!(page.#items.as_deref().unwrap_or_default()), quote!(page.#items.unwrap_or_default()))
    } else {
        (quote!(&page.#items), quote!(page.#items))
    };
    let string_field = |field: &PageField| {
        let name = ident(&field.name);
        if field.optional {
            quote!(page.#name.clone())
        } else {
            quote!(Some(page.#name.clone()))
        }
    };
    let (page_info, next) = match &pagination.scheme {
        PaginationScheme::Cursor { next_cursor, cursor_param } => {
            let next_cursor = string_field(next_cursor);
            let param = ident(&cursor_param.name);
            (
                quote!(runtime::PageInfo::Cursor { next_cursor: #next_cursor }),
                quote!(if let runtime::NextPage::Cursor(cursor) = next { self.#param = Some(cursor); }),
            )
        }
        PaginationScheme::CursorId { has_more, last_id, cursor_param } => {
            let has_more_name = ident(&has_more.name);
            let has_more = if has_more.optional {
                quote!(page.#has_more_name.unwrap_or(false))
            } else {
                quote!(page.#has_more_name)
            };
            let last_id = string_field(last_id);
            let param = ident(&cursor_param.name);
            (
                quote!(runtime::PageInfo::CursorId { has_more: #has_more, last_id: #last_id }),
                quote!(if let runtime::NextPage::Cursor(cursor) = next { self.#param = Some(cursor); }),
            )
        }
        PaginationScheme::Offset { total, offset_param } => {
            let total_name = ident(&total.name);
            let total = match (total.optional, &total.ty) {
                (true, TypeRef::I64) => quote!(page.#total_name),
                (true, _) => quote!(page.#total_name.map(i64::from)),
                (false, TypeRef::I64) => quote!(Some(page.#total_name)),
                (false, _) => quote!(Some(i64::from(page.#total_name))),
            };
            let param = ident(&offset_param.name);
            let (offset, stored) = match &offset_param.ty {
                TypeRef::I64 => (quote!(self.#param.unwrap_or(0)), quote!(offset)),
                _ => (quote!(self.#param.map_or(0, i64::from)), quote!(i32::try_from(offset).unwrap_or(i32::MAX))),
            };
            (
                quote!(runtime::PageInfo::Offset { offset: #offset, received: <Self as runtime::Paginated>::items(page).len(), total: #total }),
                quote!(if let runtime::NextPage::Offset(offset) = next { self.#param = Some(#stored); }),
            )
        }
    };
    quote! {
        impl runtime::Paginated for #builder {
            type Page = types::#page_type;
            type Item = #item;

            async fn fetch(self) -> Result<types::#page_type, runtime::Error> {
                self.send_raw().await?.parse().await
            }

            fn items(page: &types::#page_type) -> &[#item] {
                #items_ref
            }

            fn into_items(page: types::#page_type) -> Vec<#item> {
                #into_items
            }

            fn page_info(&self, page: &types::#page_type) -> runtime::PageInfo {
                #page_info
            }

            fn next(mut self, next: runtime::NextPage) -> Self {
                #next
                self
            }
        }
    }
}

pub(super) fn contains_upload(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Upload => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => contains_upload(inner),
        _ => false,
    }
}

fn send(api: &Api, method: &Method) -> TokenStream {
    let mut statements = Vec::new();
    let mut mutated = false;

    // Required values first, so that nothing is built for a request that cannot be sent.
    let required_params = method
        .query_params
        .iter()
        .chain(&method.header_params)
        .chain(&method.cookie_params)
        .filter(|param| param.required);
    for param in required_params {
        statements.push(require(&param.name, &param.wire_name));
    }
    match &method.body {
        Some(Body::Object { fields, .. }) | Some(Body::Multipart { fields }) => {
            for field in fields.iter().filter(|field| field.is_settable() && field.required && !field.nullable) {
                statements.push(require(&field.name, &field.wire_name));
            }
        }
        Some(body) if body.whole().is_some_and(|(_, required)| required) => statements.push(require("body", "body")),
        _ => {}
    }
    statements.extend(validations(method));

    let http_method = match method.http_method {
        HttpMethod::Get => quote!(GET),
        HttpMethod::Post => quote!(POST),
        HttpMethod::Put => quote!(PUT),
        HttpMethod::Patch => quote!(PATCH),
        HttpMethod::Delete => quote!(DELETE),
        HttpMethod::Head => quote!(HEAD),
        HttpMethod::Options => quote!(OPTIONS),
    };
    let (path_encodings, path) = path_expression(method);
    let mut request_statements = Vec::new();
    if !method.authenticated && !api.credentials.is_empty() {
        mutated = true;
        request_statements.push(quote!(request.unauthenticated();));
    }
    for param in &method.query_params {
        mutated = true;
        request_statements.push(param_statement(api, param, |wire, text| quote!(request.query(#wire, #text);)));
    }
    for param in &method.header_params {
        mutated = true;
        let wire = param.wire_name.to_ascii_lowercase();
        request_statements.push(param_statement(
            api,
            &Param { wire_name: wire, ..param.clone() },
            |wire, text| quote!(request.header(#wire, &#text)?;),
        ));
    }
    for param in &method.cookie_params {
        mutated = true;
        request_statements.push(param_statement(api, param, |wire, text| quote!(request.cookie(#wire, #text);)));
    }
    match &method.body {
        Some(Body::Object { type_name, fields, encoding }) => {
            mutated = true;
            let encode = match encoding {
                ObjectEncoding::Json => quote!(request.json(&body)?;),
                ObjectEncoding::Form => quote!(request.form(&body)?;),
            };
            let type_name = ident(type_name);
            let inits = fields.iter().map(|field| {
                let name = ident(&field.name);
                match &field.constant {
                    Some(constant) => {
                        let literal = constant_literal(constant);
                        if field.is_optional() {
                            quote!(#name: Some(#literal))
                        } else {
                            quote!(#name: #literal)
                        }
                    }
                    None if field.read_only => quote!(#name: None),
                    // Bound by `require` above: field init shorthand.
                    None if field.required && !field.nullable && !field.boxed => quote!(#name),
                    None if field.required && !field.nullable => quote!(#name: Box::new(#name)),
                    None if field.boxed => quote!(#name: self.#name.map(Box::new)),
                    None => quote!(#name: self.#name),
                }
            });
            request_statements.push(quote! {
                let body = types::#type_name { #(#inits,)* };
                #encode
            });
        }
        Some(Body::Json { required, .. }) => {
            mutated = true;
            request_statements.push(if *required {
                quote!(request.json(&body)?;)
            } else {
                quote!(if let Some(body) = self.body {
                    request.json(&body)?;
                })
            });
        }
        Some(Body::Raw { text, mime_type, required }) => {
            mutated = true;
            let set =
                if *text { quote!(request.text_body(body, #mime_type);) } else { quote!(request.raw_body(body);) };
            request_statements.push(if *required { set } else { quote!(if let Some(body) = self.body { #set }) });
        }
        Some(Body::Multipart { fields }) => {
            mutated = true;
            let parts = fields.iter().filter(|field| !field.read_only).map(|field| multipart_part(api, field));
            request_statements.push(quote! {
                let mut form = runtime::Multipart::new();
                #(#parts)*
                request.multipart(form);
            });
        }
        None => {}
    }
    let binding = if mutated { quote!(let mut request) } else { quote!(let request) };
    let (return_type, kind) = response_types(&method.response, quote!(runtime::ByteStream));
    let send = match &method.pagination {
        Some(pagination) => {
            let item = rust_type(&pagination.item_type, Scope::Sibling);
            quote! {
                /// Sends the request and returns the first page; [`Page::next_page`](runtime::Page::next_page)
                /// fetches the next. To go through every item, use [`items`](Self::items).
                pub async fn send(self) -> Result<runtime::Page<Self>, runtime::Error> {
                    runtime::Page::fetch(self).await
                }

                /// Every item of every page, fetched page by page as the stream is read, with these
                /// parameters and options on every request. An error ends the stream.
                pub fn items(self) -> futures_util::stream::BoxStream<'static, Result<#item, runtime::Error>> {
                    runtime::pagination::items(self)
                }

                /// Every page, fetched as the stream is read. An error ends the stream.
                pub fn pages(self) -> futures_util::stream::BoxStream<'static, Result<runtime::Page<Self>, runtime::Error>> {
                    runtime::pagination::pages(self)
                }

                /// Every item of every page, in a `Vec`: for lists known to be small.
                pub async fn collect_all(self) -> Result<Vec<#item>, runtime::Error> {
                    runtime::pagination::collect_all(self).await
                }
            }
        }
        None => quote! {
            /// Sends the request.
            pub async fn send(self) -> Result<#return_type, runtime::Error> {
                self.send_raw().await?.parse().await
            }
        },
    };
    quote! {
        #send

        /// Sends the request and returns the response before its body is read: status, headers,
        /// request id and retries taken, then [`parse`](runtime::RawResponse::parse) for the value.
        pub async fn send_raw(self) -> Result<runtime::RawResponse<#kind>, runtime::Error> {
            #(#statements)*
            #(#path_encodings)*
            #binding = runtime::ApiRequest::new(reqwest::Method::#http_method, #path, self.options);
            #(#request_statements)*
            Ok(runtime::RawResponse::new(self.transport.send(request).await?))
        }
    }
}

/// Checks of the spec's constraints on what the caller set, before anything is built or sent.
fn validations(method: &Method) -> Vec<TokenStream> {
    // (name, type, constraints, whether `require` bound it to a local)
    let mut checked: Vec<(&str, &TypeRef, &Constraints, bool)> = Vec::new();
    for param in &method.path_params {
        checked.push((&param.name, &param.ty, &param.constraints, false));
    }
    for param in method.query_params.iter().chain(&method.header_params).chain(&method.cookie_params) {
        checked.push((&param.name, &param.ty, &param.constraints, param.required));
    }
    if let Some(Body::Object { fields, .. } | Body::Multipart { fields }) = &method.body {
        for field in fields.iter().filter(|field| field.is_settable()) {
            checked.push((&field.name, &field.ty, &field.constraints, field.required && !field.nullable));
        }
    }
    let in_path: Vec<&str> = method.path_params.iter().map(|param| param.name.as_str()).collect();
    checked
        .into_iter()
        .filter_map(|(name, ty, constraints, bound)| {
            let value = format_ident!("value");
            let check = check(name.trim_start_matches("r#"), ty, constraints, &value)?;
            let field = ident(name);
            Some(if bound {
                quote! { let #value = &#field; #check }
            } else if in_path.contains(&name) {
                quote! { let #value = &self.#field; #check }
            } else {
                quote!(if let Some(#value) = &self.#field { #check })
            })
        })
        .collect()
}

fn check(name: &str, ty: &TypeRef, constraints: &Constraints, value: &proc_macro2::Ident) -> Option<TokenStream> {
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
            Some(quote!(runtime::validate::length(#name, #value, #min, #max)?;))
        }
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
            if constraints.minimum.is_some() || constraints.maximum.is_some() =>
        {
            let (min, max) = (f64_bound(constraints.minimum), f64_bound(constraints.maximum));
            Some(quote!(runtime::validate::range(#name, *#value as f64, #min, #max)?;))
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
            Some(quote!(runtime::validate::upload(#name, #value, #max, &[#(#extensions),*])?;))
        }
        TypeRef::Array(_) if constraints.min_items.is_some() || constraints.max_items.is_some() => {
            let (min, max) = (usize_bound(constraints.min_items), usize_bound(constraints.max_items));
            Some(quote!(runtime::validate::items(#name, #value.len(), #min, #max)?;))
        }
        _ => None,
    }
}

/// What `send()` returns, and the runtime's response kind for `send_raw()`; `byte_stream` is the
/// type of a streamed body (async or blocking).
pub(super) fn response_types(response: &Response, byte_stream: TokenStream) -> (TokenStream, TokenStream) {
    match response {
        Response::Json(ty) => {
            let ty = rust_type(ty, Scope::Sibling);
            (ty.clone(), quote!(runtime::Json<#ty>))
        }
        Response::Empty => (quote!(()), quote!(runtime::Empty)),
        Response::Text => (quote!(String), quote!(runtime::Text)),
        Response::Binary => (byte_stream, quote!(runtime::Stream)),
    }
}

/// `let name = self.name.ok_or_else(...)?;`
fn require(name: &str, wire_name: &str) -> TokenStream {
    let ident = ident(name);
    quote!(let #ident = self.#ident.ok_or_else(|| runtime::Error::missing_parameter(#wire_name))?;)
}

/// The statements that percent-encode path parameters, and the expression of the path.
fn path_expression(method: &Method) -> (Vec<TokenStream>, TokenStream) {
    let mut template = String::new();
    let mut encodings = Vec::new();
    for segment in &method.path_segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param(index) => {
                let param = &method.path_params[*index];
                let name = ident(&param.name);
                template.push_str(&format!("{{{}}}", param.name.trim_start_matches("r#")));
                encodings.push(match &param.ty {
                    TypeRef::String => quote!(let #name = runtime::encode_path_segment(&self.#name);),
                    _ => quote!(let #name = runtime::encode_path_segment(&self.#name.to_string());),
                });
            }
        }
    }
    let path = if encodings.is_empty() { quote!(#template.to_owned()) } else { quote!(format!(#template)) };
    (encodings, path)
}

/// Adds a query parameter or header, once per value for arrays, if it is set.
fn param_statement(api: &Api, param: &Param, add: impl Fn(&str, TokenStream) -> TokenStream) -> TokenStream {
    let name = ident(&param.name);
    let wire = param.wire_name.as_str();
    let value = format_ident!("value");
    let each = match (&param.ty, param.style) {
        (TypeRef::Array(items), ParamStyle::Exploded) => {
            let text = to_text(api, items, &quote!(#value)).unwrap_or_else(|| json_text(&value));
            let add = add(wire, text);
            quote!(for #value in #name { #add })
        }
        (TypeRef::Array(items), _) => {
            let text = to_text(api, items, &quote!(#value)).unwrap_or_else(|| json_text(&value));
            let joined = quote!(#name.into_iter().map(|#value| #text).collect::<Vec<String>>().join(","));
            add(wire, joined)
        }
        (ty, ParamStyle::DeepObject) if to_text(api, ty, &quote!(#name)).is_none() => {
            quote!(request.query_deep_object(#wire, &#name)?;)
        }
        (ty, _) => {
            let text = to_text(api, ty, &quote!(#name)).unwrap_or_else(|| json_text(&name));
            add(wire, text)
        }
    };
    if param.required {
        each
    } else {
        quote!(if let Some(#name) = self.#name { #each })
    }
}

fn json_text(value: &proc_macro2::Ident) -> TokenStream {
    quote!(serde_json::to_string(&#value).expect("a JSON value always serializes"))
}

fn multipart_part(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let wire = field.wire_name.as_str();
    if let Some(constant) = &field.constant {
        let text = constant.as_str().map_or_else(|| constant.to_string(), str::to_owned);
        return quote!(form.text(#wire, #text););
    }
    let add = match &field.ty {
        TypeRef::Upload => quote!(form.file(#wire, #name);),
        ty => match to_text(api, ty, &quote!(#name)) {
            Some(text) => quote!(form.text(#wire, #text);),
            None => quote!(form.json(#wire, &#name)?;),
        },
    };
    if field.required && !field.nullable {
        add
    } else {
        quote!(if let Some(#name) = self.#name { #add })
    }
}

fn constant_literal(constant: &serde_json::Value) -> TokenStream {
    match constant {
        serde_json::Value::String(text) => quote!(#text.to_owned()),
        serde_json::Value::Bool(value) => quote!(#value),
        other => {
            let text = other.to_string();
            quote!(serde_json::from_str(#text).expect("the spec's constant is valid JSON"))
        }
    }
}
