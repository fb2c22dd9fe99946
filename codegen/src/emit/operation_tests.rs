//! `tests/operations.rs` of a generated crate: per method, a call with only what is required and a
//! call with every parameter set, each against a server that implements the spec (a mock such as
//! Prism: `TEST_API_BASE_URL=… cargo test --test operations -- --include-ignored`), and for string
//! path parameters a call with an empty one, which the SDK refuses before sending. Test names are
//! `<resource>::<method>_…`, under the provider's module in a crate of several.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{names_deprecated, resolved};
use super::values::{json_value, Values};
use super::{EmitOptions, GeneratedFile, Part};
use crate::diagnostics::Error;
use crate::ir::{Api, CredentialPart, Method, Resource, Response, TypeDefKind, TypeRef};

const IGNORED: &str = "needs a server implementing the spec: set TEST_API_BASE_URL and pass --include-ignored";

/// The test file of a crate holding `apis`.
pub fn operation_tests(apis: &[Api], options: &EmitOptions) -> Result<GeneratedFile, Error> {
    let krate = format_ident!("{}", options.crate_name);
    let krate = quote!(#krate);
    let doc = super::rust::module_doc(&format!(
        "Every operation of the {} API{} against a server that implements the spec, such as a mock \
         that validates requests (`cargo xtask mock-test` runs Prism):\n\n\
         `TEST_API_BASE_URL=http://127.0.0.1:4010 cargo test --test operations -- --include-ignored`\n\n\
         Without the variable, only the tests that need no server run.",
        apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", "),
        if apis.len() > 1 { "s" } else { "" },
    ));
    let providers = apis.iter().map(|api| {
        let module = module_path(&krate, api, options);
        let body = provider_tests(api, &krate, &module, options.gate_by_resource());
        if options.single_provider {
            body
        } else {
            let (name, feature) = (&api.module, api.module.bare());
            quote! {
                #[cfg(feature = #feature)]
                mod #name {
                    #body
                }
            }
        }
    });
    // The printer's layout, not rustfmt's: `cargo fmt` leaves the file as generated.
    let tokens = quote! {
        #doc
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #(#providers)*
    };
    let sources: Vec<String> = apis.iter().flat_map(|api| api.sources.iter().cloned()).collect();
    super::rust_file(&sources, options, "tests/operations.rs".to_owned(), vec![Part::Tokens(tokens)])
}

fn module_path(krate: &TokenStream, api: &Api, options: &EmitOptions) -> TokenStream {
    if options.single_provider {
        krate.clone()
    } else {
        let module = &api.module;
        quote!(#krate::#module)
    }
}

/// One provider's tests: the clients they use, then a module per resource.
fn provider_tests(api: &Api, krate: &TokenStream, module: &TokenStream, gated: bool) -> TokenStream {
    let mut server_features = Vec::new();
    let mut offline_features = Vec::new();
    let mut local_features = Vec::new();
    let resources: Vec<TokenStream> = api
        .resources
        .iter()
        .filter_map(|resource| {
            let tests = resource_tests(api, resource, krate, module);
            let feature = api.resource_feature(resource).to_owned();
            if tests.server && !server_features.contains(&feature) {
                server_features.push(feature.clone());
            }
            if tests.offline && !offline_features.contains(&feature) {
                offline_features.push(feature.clone());
            }
            if tests.local && !local_features.contains(&feature) {
                local_features.push(feature.clone());
            }
            let name = &resource.module;
            let cfg = gated.then(|| quote!(#[cfg(feature = #feature)]));
            let body = tests.tokens?;
            Some(quote! {
                #cfg
                mod #name {
                    #body
                }
            })
        })
        .collect();
    let cfg = |features: &[String]| match (gated, features) {
        (_, []) => None,
        (false, _) => Some(TokenStream::new()),
        (true, features) => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    };
    let server = cfg(&server_features).map(|cfg| {
        quote! {
            /// A client of the server under test, at `TEST_API_BASE_URL`.
            #cfg
            fn client() -> #module::Client {
                let base_url = std::env::var("TEST_API_BASE_URL")
                    .expect("TEST_API_BASE_URL names the server to test against, such as a Prism mock of the spec");
                configured(base_url)
            }
        }
    });
    let offline = cfg(&offline_features).map(|cfg| {
        quote! {
            /// A client whose requests must be refused before they are sent: nothing listens there.
            #cfg
            fn offline() -> #module::Client {
                configured("http://127.0.0.1:9".to_owned())
            }
        }
    });
    let local = cfg(&local_features).map(|cfg| event_server(&cfg));
    let mut features = server_features.clone();
    for feature in offline_features.iter().chain(&local_features) {
        if !features.contains(feature) {
            features.push(feature.clone());
        }
    }
    let configured = cfg(&features).map(|cfg| {
        let credentials = credentials(api);
        quote! {
            /// A client with a placeholder for every credential, which a mock accepts. A failure is
            /// the test's answer: it is not retried, and a server that stalls fails it in 30 s.
            #cfg
            fn configured(base_url: String) -> #module::Client {
                #module::Client::builder()
                    .base_url(base_url)
                    #credentials
                    .max_retries(0)
                    .timeout(std::time::Duration::from_secs(30))
                    .build()
                    .expect("a client")
            }
        }
    });
    quote! {
        #configured
        #server
        #offline
        #local
        #(#resources)*
    }
}

/// `.api_key("test-api-key")…`: every credential's first value, and a basic scheme's password.
fn credentials(api: &Api) -> TokenStream {
    let setters = api.credentials.iter().flat_map(|credential| credential.inputs()).filter_map(|input| {
        let setter = input.setter;
        let value = format!("test-{}", input.role.replace(' ', "-").to_lowercase());
        matches!(input.part, CredentialPart::First | CredentialPart::Password).then(|| quote!(.#setter(#value)))
    });
    quote!(#(#setters)*)
}

struct ResourceTests {
    tokens: Option<TokenStream>,
    /// Some test needs a server.
    server: bool,
    /// Some test needs none.
    offline: bool,
    /// Some test runs its own (a streaming call's).
    local: bool,
}

fn resource_tests(api: &Api, resource: &Resource, krate: &TokenStream, module: &TokenStream) -> ResourceTests {
    let mut tests = Vec::new();
    let (mut server, mut offline, mut local) = (false, false, false);
    for method in &resource.methods {
        let path = api.code_path(resource);
        let path: TokenStream = path.parse().unwrap_or_default();
        if let Some(test) = stream_test(api, method, &path, krate, module) {
            local = true;
            tests.push(test);
        }
        for mode in [Mode::RequiredOnly, Mode::EveryParameter, Mode::EmptyPathParameter] {
            if let Some(test) = method_test(api, method, &path, krate, module, mode) {
                match mode {
                    Mode::EmptyPathParameter => offline = true,
                    _ => server = true,
                }
                tests.push(test);
            }
        }
    }
    let tokens = (!tests.is_empty()).then(|| quote!(#(#tests)*));
    ResourceTests { tokens, server, offline, local }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    RequiredOnly,
    EveryParameter,
    EmptyPathParameter,
}

/// One test of `method`, if its values can be made (and, for an empty path parameter, if it has a
/// string one).
fn method_test(
    api: &Api,
    method: &Method,
    path: &TokenStream,
    krate: &TokenStream,
    module: &TokenStream,
    mode: Mode,
) -> Option<TokenStream> {
    let mut values = Values::new(api, krate, module);
    let empty_at = method.path_params.iter().position(|param| param.ty == TypeRef::String);
    if mode == Mode::EmptyPathParameter && empty_at.is_none() {
        return None;
    }
    let Arguments { arguments, setters, deprecated } = arguments(api, method, &mut values, mode, empty_at)?;
    let name = &method.name;
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let call = quote!(#path.#name(#(#arguments),*) #(#setters)* .send().await);
    Some(match mode {
        Mode::EmptyPathParameter => {
            let test = format_ident!("{}_empty_path_parameter", test_stem(method));
            quote! {
                #[tokio::test]
                #allow
                async fn #test() {
                    let error = super::offline().#call.expect_err("an empty path parameter is refused");
                    assert!(matches!(error, #module::Error::InvalidRequest { .. }), "{error}");
                }
            }
        }
        _ => {
            let suffix = if mode == Mode::RequiredOnly { "required_only" } else { "every_parameter" };
            let test = format_ident!("{}_{suffix}", test_stem(method));
            let sent = quote!(super::client().#call.unwrap_or_else(|error| panic!("{error}")));
            let body = match &method.response {
                _ if method.pagination.is_some() => quote!(let page = #sent; println!("{page:?}");),
                Response::Empty => quote!(#sent;),
                Response::Binary => quote! {
                    let content = #sent.bytes().await.unwrap_or_else(|error| panic!("{error}"));
                    println!("{} bytes", content.len());
                },
                Response::Json(_) | Response::Text => quote!(let response = #sent; println!("{response:?}");),
            };
            quote! {
                #[tokio::test]
                #[ignore = #IGNORED]
                #allow
                async fn #test() {
                    #body
                }
            }
        }
    })
}

/// A call's arguments and setters, and whether they name something deprecated.
struct Arguments {
    arguments: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    deprecated: bool,
}

/// The values of a call of `method` in `mode` (`empty_at`: the path parameter left empty), if
/// they can be made.
fn arguments(
    api: &Api,
    method: &Method,
    values: &mut Values<'_>,
    mode: Mode,
    empty_at: Option<usize>,
) -> Option<Arguments> {
    let mut arguments = Vec::new();
    for (index, param) in method.path_params.iter().enumerate() {
        arguments.push(match mode {
            Mode::EmptyPathParameter if Some(index) == empty_at => quote!(String::new()),
            _ => values.value(&param.ty, &param.constraints)?,
        });
    }
    let mut setters = Vec::new();
    let mut optional_set = false;
    let mut deprecated = method.deprecated;
    for view in method.setter_views(api) {
        let required = view.required && !view.nullable;
        let value = match (values.value(view.ty, view.constraints), required) {
            (Some(value), _) => value,
            (None, true) => return None,
            (None, false) => continue,
        };
        if !required && mode != Mode::EveryParameter {
            continue;
        }
        optional_set |= !required;
        deprecated |= view.deprecated || names_deprecated(api, [view.ty]);
        let setter = &view.setter.name;
        setters.push(quote!(.#setter(#value)));
    }
    if mode == Mode::EveryParameter && !optional_set {
        // The same call as with only what is required.
        return None;
    }
    deprecated |= values.deprecated;
    Some(Arguments { arguments, setters, deprecated })
}

/// The test of a streaming call, against a local server that sends two events a byte at a time,
/// then an error event, and on a second call an event and a stream cut midway.
fn stream_test(
    api: &Api,
    method: &Method,
    path: &TokenStream,
    krate: &TokenStream,
    module: &TokenStream,
) -> Option<TokenStream> {
    let events = method.events.as_ref()?;
    let event = json_value(api, &events.ty)?.to_string();
    let mut values = Values::new(api, krate, module);
    let Arguments { arguments, setters, deprecated } = arguments(api, method, &mut values, Mode::RequiredOnly, None)?;
    let deprecated = deprecated || names_deprecated(api, [&events.ty]);
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let (name, stream) = (&method.name, &events.method);
    let call = quote! {
        client.#path.#name(#(#arguments),*) #(#setters)* .#stream().await.unwrap_or_else(|error| panic!("{error}"))
    };
    let (body, flag) = match &events.flag {
        Some(flag) => {
            let (json, multipart) = (format!("\"{flag}\":true"), format!("name=\"{flag}\"\r\n\r\ntrue"));
            let check = quote! {
                let flag_set = body.contains(#json) || body.contains(#multipart);
                assert!(flag_set, "the stream flag is not set: {body}");
            };
            (quote!(body), check)
        }
        None => (quote!(_), TokenStream::new()),
    };
    // An event a union does not recognize decodes, as unknown: that would hide a wrong mapping.
    let known = matches!(resolved(api, &events.ty).named().map(|id| &api.ty(id).kind), Some(TypeDefKind::Union(_)))
        .then(|| quote!(assert!(!format!("{event:?}").starts_with("Some(Unknown("), "not recognized: {event:?}");));
    let test = format_ident!("{}_stream", test_stem(method));
    Some(quote! {
        #[tokio::test]
        #allow
        async fn #test() {
            use futures_util::TryStreamExt;
            let (base_url, server) = super::serve_events(#event);
            let client = super::configured(base_url);
            let mut events = #call;
            for _ in 0..2 {
                let event = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
                assert!(event.is_some(), "the stream ended early");
                #known
                println!("{event:?}");
            }
            match events.try_next().await.expect_err("the error event") {
                #module::Error::Event(event) => assert_eq!(event.message().as_deref(), Some("test error")),
                other => panic!("expected the error event, got {other}"),
            }
            let after_error = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
            assert!(after_error.is_none(), "an event after the error event");
            let mut events = #call;
            let event = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
            assert!(event.is_some(), "the stream ended early");
            match events.try_next().await.expect_err("the stream is cut") {
                #module::Error::Connection { .. } => {}
                other => panic!("expected a connection error, got {other}"),
            }
            for (head, #body) in server.join().expect("the server") {
                let asks_for_events = head.to_ascii_lowercase().contains("\r\naccept: text/event-stream\r\n");
                assert!(asks_for_events, "{head}");
                #flag
            }
        }
    })
}

/// The server the streaming tests run: written out in each crate, as it needs nothing but `std`.
fn event_server(cfg: &TokenStream) -> TokenStream {
    quote! {
        /// A loopback server for the streaming tests. The first connection gets `event` twice, a
        /// byte at a time, after a comment and with CRLF line ends, then an error event; the second
        /// gets `event` and is cut midway. It returns each request's head and body.
        #cfg
        fn serve_events(event: &'static str) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
            use std::io::Write;
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let base_url = format!("http://{}", listener.local_addr().expect("an address"));
            let streams = [
                format!(": test\r\n\r\ndata: {event}\r\n\r\ndata: {event}\n\nevent: error\ndata: {{\"error\":{{\"message\":\"test error\"}}}}\n\n"),
                format!("data: {event}\n\ndata: {{\"cut"),
            ];
            let server = std::thread::spawn(move || {
                let mut requests = Vec::new();
                for (index, events) in streams.iter().enumerate() {
                    let (stream, _) = listener.accept().expect("a connection");
                    let mut reader = std::io::BufReader::new(stream);
                    requests.push(read_request(&mut reader));
                    let stream = reader.get_mut();
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
                    stream.write_all(head.as_bytes()).expect("a reply");
                    let step = if index == 0 { 1 } else { events.len() };
                    for piece in events.as_bytes().chunks(step) {
                        write!(stream, "{:x}\r\n", piece.len()).expect("a chunk");
                        stream.write_all(piece).and_then(|()| stream.write_all(b"\r\n")).expect("a chunk");
                    }
                    if index == 0 {
                        stream.write_all(b"0\r\n\r\n").expect("the end");
                    }
                }
                requests
            });
            (base_url, server)
        }

        /// A request's head and body, the body read by its length or in chunks.
        #cfg
        fn read_request(reader: &mut impl std::io::BufRead) -> (String, String) {
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).expect("a request line") == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let lower = head.to_ascii_lowercase();
            let mut body = Vec::new();
            if lower.contains("\r\ntransfer-encoding: chunked\r\n") {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).expect("a chunk size");
                    let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
                    let mut chunk = vec![0; size + 2];
                    reader.read_exact(&mut chunk).expect("a chunk");
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            } else {
                let length = lower.lines().find_map(|line| line.strip_prefix("content-length:"));
                body.resize(length.map_or(0, |length| length.trim().parse().expect("a length")), 0);
                reader.read_exact(&mut body).expect("a body");
            }
            (head, String::from_utf8_lossy(&body).into_owned())
        }
    }
}

/// The method's name as a test name starts: without the underscore that escapes a keyword (`self_`).
fn test_stem(method: &Method) -> &str {
    method.name.bare().trim_end_matches('_')
}
