//! What a server test checks on the wire: the request the SDK sent, recorded by a per-call
//! interceptor, holds the operation's method and path, and every value the test set under its
//! name in its place (query, header, cookie, JSON or form field, multipart part), and the query
//! nothing the operation does not declare. A mock that ignores unknown or missing optional values
//! would otherwise let a value sent under a wrong name, or to a sibling route, pass.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::values::array_len;
use crate::ir::{
    Api, Body, BodyEncoding, Constraints, CredentialPlacement, Method, ParamLocation, ParamStyle, SetterTarget,
    TypeDefKind, TypeRef,
};

/// The recorder, what it keeps of a request, and the check: emitted once, at the test file's root,
/// compiled where some test of a server is.
pub(super) fn recorder(krate: &TokenStream, cfg: &TokenStream) -> TokenStream {
    let runtime = quote!(#krate::runtime);
    let check = check(krate, cfg);
    let refusals = refusals(krate, cfg);
    quote! {
        #check

        /// The first attempt of a call as the SDK sent it, recorded by an interceptor set on the
        /// call, so that a test checks what went on the wire and not only what came back.
        #cfg
        #[derive(Clone, Default)]
        struct Recorder(std::sync::Arc<std::sync::Mutex<Option<Sent>>>);

        #cfg
        impl Recorder {
            /// Options that make a call record its request here.
            fn options(&self) -> #runtime::RequestOptions {
                #runtime::RequestOptions::default().interceptor(self.clone())
            }
        }

        #cfg
        impl #runtime::Interceptor for Recorder {
            fn before_attempt<'a>(
                &'a self,
                attempt: &'a mut #runtime::AttemptRequest<'_>,
            ) -> #runtime::BoxFuture<'a, Result<(), #runtime::BoxError>> {
                Box::pin(async move {
                    // The first attempt is the one checked: a redirect's or retry's body is not read again.
                    if self.0.lock().unwrap().is_some() {
                        return Ok(());
                    }
                    let body = match attempt.body_bytes() {
                        Some(bytes) => bytes.to_vec(),
                        None => match attempt.reread_body().await {
                            Some(chunks) => {
                                use #krate::futures_util::TryStreamExt;
                                let chunks: Vec<_> = chunks?.try_collect().await?;
                                chunks.concat()
                            }
                            None => Vec::new(),
                        },
                    };
                    let (url, headers) = (attempt.url(), attempt.headers());
                    let cookies = headers.get("cookie").and_then(|value| value.to_str().ok()).unwrap_or_default();
                    let sent = Sent {
                        method: attempt.method().to_string(),
                        path: url.path().to_owned(),
                        query: url.query_pairs().map(|(name, _)| name.into_owned()).collect(),
                        headers: headers.keys().map(|name| name.as_str().to_owned()).collect(),
                        cookies: cookies.to_owned(),
                        body,
                        refused: None,
                    };
                    *self.0.lock().unwrap() = Some(sent);
                    Ok(())
                })
            }

            fn after_response<'a>(
                &'a self,
                response: &'a #runtime::ResponseHead<'_>,
            ) -> #runtime::BoxFuture<'a, Result<(), #runtime::BoxError>> {
                let violations = response.headers().get("sl-violations").and_then(|value| value.to_str().ok());
                if let (1, Some(violations), Some(sent)) = (response.attempt(), violations, &mut *self.0.lock().unwrap()) {
                    sent.refused = refusals(violations);
                }
                Box::pin(std::future::ready(Ok(())))
            }
        }

        #refusals
    }
}

/// What a validating mock refused in a request, read from its answer's header.
fn refusals(krate: &TokenStream, cfg: &TokenStream) -> TokenStream {
    quote! {
        /// What a validating mock (Prism) refused in the request, from the `sl-violations` header
        /// it answers with: the errors it found in the request, not its warnings, nor what it
        /// found in its own response.
        #cfg
        fn refusals(violations: &str) -> Option<String> {
            let violations: Vec<#krate::serde_json::Value> = #krate::serde_json::from_str(violations).ok()?;
            let refused: Vec<String> = violations
                .iter()
                .filter(|violation| violation["severity"] == "Error" && violation["location"][0] == "request")
                .map(|violation| {
                    let location = violation["location"].as_array().into_iter().flatten();
                    let location: Vec<&str> = location.filter_map(|segment| segment.as_str()).collect();
                    format!("{} {}", location.join("."), violation["message"].as_str().unwrap_or_default())
                })
                .collect();
            (!refused.is_empty()).then(|| refused.join("; "))
        }
    }
}

/// What the recorder keeps, what a test expects, and the check of one against the other.
fn check(krate: &TokenStream, cfg: &TokenStream) -> TokenStream {
    let records = records(cfg);
    quote! {
        #records

        /// Checks the request `recorder` kept against `expected`, then that the server did not
        /// refuse it; a call refused before it was sent has nothing to check, and fails on its own
        /// error.
        #cfg
        fn assert_sent(recorder: &Recorder, expected: Expected) {
            let Some(sent) = recorder.0.lock().unwrap().take() else { return };
            assert_eq!(sent.method, expected.method, "the method sent");
            let segments: Vec<&str> = sent.path.split('/').skip(1).collect();
            let route = segments.len() == expected.path.len()
                && segments.iter().zip(expected.path).all(|(segment, wanted)| match wanted {
                    Some(literal) => segment == literal,
                    None => !segment.is_empty(),
                });
            assert!(route, "the path sent, {}, is not the operation's {:?}", sent.path, expected.path);
            let named = |names: &[String], name: &str| {
                names.iter().any(|sent| sent == name || sent.strip_prefix(name).is_some_and(|rest| rest.starts_with('[')))
            };
            for name in expected.query {
                assert!(named(&sent.query, name), "the query parameter `{name}` was not sent: {:?}", sent.query);
            }
            for name in expected.headers {
                assert!(sent.headers.iter().any(|sent| sent == name), "the header `{name}` was not sent");
            }
            for name in expected.cookies {
                let mut pairs = sent.cookies.split(';').map(str::trim);
                assert!(pairs.any(|pair| pair.starts_with(&format!("{name}="))), "the cookie `{name}` was not sent");
            }
            if !expected.json.is_empty() {
                let body: #krate::serde_json::Value = #krate::serde_json::from_slice(&sent.body).expect("a JSON body");
                for name in expected.json {
                    assert!(body.get(name).is_some(), "the body has no `{name}`: {body}");
                }
            }
            let text = String::from_utf8_lossy(&sent.body);
            let form: Vec<String> = text
                .split('&')
                .filter_map(|pair| pair.split('=').next())
                .map(|name| name.replace("%5B", "[").replace("%5D", "]").replace('+', " "))
                .collect();
            for name in expected.form {
                assert!(named(&form, name), "the form field `{name}` was not sent: {form:?}");
            }
            for name in expected.parts {
                let part = |end: &str| text.contains(&format!("name=\"{name}{end}"));
                assert!(part("\"") || part("["), "the multipart body has no part `{name}`");
            }
            // An array goes as its style and explode say: a pair (or a part) per item, or one.
            for &(name, count) in expected.query_counts {
                let sent_count = sent.query.iter().filter(|sent| *sent == name).count();
                assert_eq!(sent_count, count, "how many times the query parameter `{name}` was sent");
            }
            for &(name, count) in expected.form_counts {
                let sent_count = form.iter().filter(|sent| *sent == name).count();
                assert_eq!(sent_count, count, "how many times the form field `{name}` was sent");
            }
            for &(name, count) in expected.part_counts {
                let sent_count = text.matches(&format!("name=\"{name}\"")).count();
                assert_eq!(sent_count, count, "how many parts named `{name}` the multipart body has");
            }
            if let Some(declared) = expected.declared_query {
                for name in &sent.query {
                    // A name the spec writes with brackets (`filter[status]`, `ids[]`) is declared whole.
                    let base = name.split('[').next().unwrap_or(name);
                    let known = declared.contains(&name.as_str()) || declared.contains(&base);
                    assert!(known, "`{name}` went in the query, which the operation does not declare");
                }
            }
            // A request the server found at odds with the spec fails the test whatever the server
            // answered, even a failure status that the test expected.
            if let Some(refused) = sent.refused {
                panic!("the server refused the request: {refused}");
            }
        }
    }
}

/// The request as recorded, and what a test expects of it.
fn records(cfg: &TokenStream) -> TokenStream {
    quote! {
        /// What the recorder keeps of a request.
        #cfg
        struct Sent {
            method: String,
            path: String,
            /// The query's names, decoded.
            query: Vec<String>,
            headers: Vec<String>,
            cookies: String,
            body: Vec<u8>,
            /// What the server refused in it, where it says (see `refusals`).
            refused: Option<String>,
        }

        /// What a test expects on the wire: the route (`None` where a path parameter goes), and the
        /// names of the values it set, by where they go.
        #cfg
        struct Expected {
            method: &'static str,
            path: &'static [Option<&'static str>],
            query: &'static [&'static str],
            headers: &'static [&'static str],
            cookies: &'static [&'static str],
            json: &'static [&'static str],
            form: &'static [&'static str],
            parts: &'static [&'static str],
            /// How many times an array's name goes in the query: once per item, or once.
            query_counts: &'static [(&'static str, usize)],
            /// How many times an array's name goes in a form body: once per item, or once.
            form_counts: &'static [(&'static str, usize)],
            /// How many parts an array's name has in a multipart body: one per item.
            part_counts: &'static [(&'static str, usize)],
            /// Every name the query may carry, where the operation's parameters say.
            declared_query: Option<&'static [&'static str]>,
        }
    }
}

/// `crate::Expected { … }` for a call of `method` that set `set`.
pub(super) fn expected(api: &Api, method: &Method, set: &[SetterTarget]) -> TokenStream {
    let http_method = method.http_method.as_str();
    let path = route_segments(&method.path).into_iter().map(|segment| match segment {
        Some(literal) => quote!(Some(#literal)),
        None => quote!(None),
    });
    let mut names = Names::default();
    for target in set {
        names.add(api, method, *target);
    }
    let Names { query, headers, cookies, json, form, parts, query_counts, form_counts, part_counts } = names;
    let query_counts = query_counts.iter().map(|(name, count)| quote!((#name, #count)));
    let form_counts = form_counts.iter().map(|(name, count)| quote!((#name, #count)));
    let part_counts = part_counts.iter().map(|(name, count)| quote!((#name, #count)));
    let declared = declared_query(api, method);
    let declared = match declared {
        Some(names) => quote!(Some(&[#(#names),*])),
        None => quote!(None),
    };
    quote! {
        crate::Expected {
            method: #http_method,
            path: &[#(#path),*],
            query: &[#(#query),*],
            headers: &[#(#headers),*],
            cookies: &[#(#cookies),*],
            json: &[#(#json),*],
            form: &[#(#form),*],
            parts: &[#(#parts),*],
            query_counts: &[#(#query_counts),*],
            form_counts: &[#(#form_counts),*],
            part_counts: &[#(#part_counts),*],
            declared_query: #declared,
        }
    }
}

/// A path template's segments after the first `/`: literal ones as they are, `None` for one that
/// holds a parameter (a query or fragment the template carries is left out).
fn route_segments(template: &str) -> Vec<Option<String>> {
    let path = template.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/').unwrap_or(path);
    path.split('/').map(|segment| (!segment.contains('{')).then(|| segment.to_owned())).collect()
}

/// The wire names of the values a test set, by where they go.
#[derive(Default)]
struct Names {
    query: Vec<String>,
    headers: Vec<String>,
    cookies: Vec<String>,
    json: Vec<String>,
    form: Vec<String>,
    parts: Vec<String>,
    query_counts: Vec<(String, usize)>,
    form_counts: Vec<(String, usize)>,
    part_counts: Vec<(String, usize)>,
}

impl Names {
    fn add(&mut self, api: &Api, method: &Method, target: SetterTarget) {
        match target {
            SetterTarget::Param(id) => {
                let param = method.param(id);
                let wire = param.wire_name.clone();
                match param.location {
                    ParamLocation::Query if unnamed(api, &param.ty, param.style, param.explode) => {}
                    ParamLocation::Query => {
                        if let Some(items) = plain_array_len(api, &param.ty, &param.constraints) {
                            let repeated = param.style == ParamStyle::Form && param.explode;
                            self.query_counts.push((wire.clone(), if repeated { items } else { 1 }));
                        }
                        self.query.push(wire)
                    }
                    ParamLocation::Header => self.headers.push(wire.to_ascii_lowercase()),
                    ParamLocation::Cookie => self.cookies.push(wire),
                    ParamLocation::Path => {}
                }
            }
            SetterTarget::BodyField(id) => {
                let field = method.body_field(&api.types, id);
                let wire = field.wire_name.clone();
                match &method.body {
                    Some(Body::Object { encoding: BodyEncoding::Json, .. }) => self.json.push(wire),
                    Some(Body::Object { encoding: BodyEncoding::Form, styles, .. }) => {
                        let style = styles.iter().find(|style| style.wire_name == wire);
                        let (style, explode) =
                            style.map_or((ParamStyle::Form, true), |style| (style.style, style.explode));
                        if unnamed(api, &field.ty, style, explode) {
                            return;
                        }
                        // A deep object's items go under names of their own (`name[0]`).
                        let items = plain_array_len(api, &field.ty, &field.constraints);
                        if let (Some(items), false) = (items, style == ParamStyle::DeepObject) {
                            let repeated = style == ParamStyle::Form && explode;
                            self.form_counts.push((wire.clone(), if repeated { items } else { 1 }));
                        }
                        self.form.push(wire)
                    }
                    Some(Body::Object { encoding: BodyEncoding::Multipart, .. } | Body::Multipart { .. }) => {
                        if let Some(items) = plain_array_len(api, &field.ty, &field.constraints) {
                            self.part_counts.push((wire.clone(), items));
                        }
                        self.parts.push(wire)
                    }
                    _ => {}
                }
            }
            SetterTarget::Body => {}
        }
    }
}

/// How many items a test's value of `ty` holds, when it is an array of values that are not objects
/// (each of which goes as a pair or a part of its own).
fn plain_array_len(api: &Api, ty: &TypeRef, constraints: &Constraints) -> Option<usize> {
    match ty {
        TypeRef::Array(items) if !is_object(api, items) => Some(array_len(constraints)),
        _ => None,
    }
}

/// Whether a value of `ty` in `style` goes as its properties rather than under its own name.
fn spreads(api: &Api, ty: &TypeRef, style: ParamStyle, explode: bool) -> bool {
    style == ParamStyle::Form && explode && is_object(api, ty)
}

/// Whether a value of `ty` in `style` may be sent without its name: an exploded form object sends
/// its properties, and a deep object one `name[key]` per key, none when it is empty.
fn unnamed(api: &Api, ty: &TypeRef, style: ParamStyle, explode: bool) -> bool {
    spreads(api, ty, style, explode) || (style == ParamStyle::DeepObject && is_object(api, ty))
}

fn is_object(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Json => true,
        TypeRef::Nullable(inner) => is_object(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeDefKind::Struct(_) | TypeDefKind::Union(_) => true,
            TypeDefKind::Alias(target) => is_object(api, target),
            TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => false,
        },
        _ => false,
    }
}

/// Every name the query of a call of `method` may carry: its query parameters and the credentials
/// that go in the query; `None` when an object parameter sends its properties as names of their own.
fn declared_query(api: &Api, method: &Method) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for param in method.params.iter().filter(|param| param.location == ParamLocation::Query) {
        if spreads(api, &param.ty, param.style, param.explode) {
            return None;
        }
        names.push(param.wire_name.clone());
    }
    let credentials = api.credentials.iter().filter_map(|credential| match &credential.placement {
        CredentialPlacement::Query(name) => Some(name.clone()),
        _ => None,
    });
    names.extend(credentials);
    // A query the spec writes into the path (`/search?type=all`) is sent as it is.
    let written = method.path.split_once('?').map(|(_, query)| query.split('#').next().unwrap_or_default());
    let written = written.into_iter().flat_map(|query| query.split('&')).filter_map(|pair| pair.split('=').next());
    names.extend(written.filter(|name| !name.is_empty()).map(str::to_owned));
    Some(names)
}
