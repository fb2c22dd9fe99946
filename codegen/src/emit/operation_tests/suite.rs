//! The test file: a module per resource, a test per method and mode.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::calls::{arguments, credentials, module_path, test_stem, Arguments, Mode};
use crate::diagnostics::Error;
use crate::emit::file::{EmitOptions, GeneratedFile, Part};
use crate::emit::values::Values;
use crate::ir::{Api, Method, Resource, Response, TypeRef};

const IGNORED: &str = "needs a server implementing the spec: set TEST_API_BASE_URL and pass --include-ignored";

/// The test file of a crate holding `apis`.
pub fn operation_tests(apis: &[Api], options: &EmitOptions) -> Result<GeneratedFile, Error> {
    let krate = format_ident!("{}", options.crate_name);
    let krate = quote!(#krate);
    let doc = crate::emit::rust::module_doc(&format!(
        "Every operation of the {} API{} against a server that implements the spec, such as a mock \
         that validates requests (`cargo xtask mock-test` runs Prism):\n\n\
         `TEST_API_BASE_URL=http://127.0.0.1:4010 cargo test --test operations -- --include-ignored`\n\n\
         Without the variable, only the tests that need no server run.",
        apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", "),
        if apis.len() > 1 { "s" } else { "" },
    ));
    // The features under which some test of a server is compiled: the resources' in a crate of
    // one provider, the providers' in a crate of several.
    let mut server_features = Vec::new();
    let providers: Vec<TokenStream> = apis
        .iter()
        .map(|api| {
            let module = module_path(&krate, api, options);
            let (body, needs) = provider_tests(api, &krate, &module, options.gate_by_resource());
            if options.single_provider {
                server_features.extend(needs.server);
                return body;
            }
            let (name, feature) = (&api.module, api.module.bare());
            if !needs.server.is_empty() {
                server_features.push(feature.to_owned());
            }
            quote! {
                #[cfg(feature = #feature)]
                mod #name {
                    #body
                }
            }
        })
        .collect();
    let recorder = (!server_features.is_empty()).then(|| {
        let cfg = quote!(#[cfg(any(#(feature = #server_features),*))]);
        super::sent::recorder(&krate, &cfg)
    });
    // The printer's layout, not rustfmt's: `cargo fmt` leaves the file as generated.
    let tokens = quote! {
        #doc
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #recorder
        #(#providers)*
    };
    let sources: Vec<String> = apis.iter().flat_map(|api| api.sources.iter().cloned()).collect();
    crate::emit::file::rust_file(&sources, options, "tests/operations.rs".to_owned(), vec![Part::Tokens(tokens)])
}

/// One provider's tests: the clients they use, then a module per resource; and what clients they
/// need.
fn provider_tests(api: &Api, krate: &TokenStream, module: &TokenStream, gated: bool) -> (TokenStream, Needs) {
    let mut needs = Needs::default();
    let resources: Vec<TokenStream> = api
        .resources
        .iter()
        .filter_map(|resource| {
            let tests = resource_tests(api, resource, krate, module);
            let feature = api.resource_feature(resource).to_owned();
            needs.add(&tests, &feature);
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
    let clients = test_clients(api, module, gated, &needs);
    let webhooks = super::webhooks::webhook_tests(api, module, gated);
    let tokens = quote! {
        #clients
        #(#resources)*
        #webhooks
    };
    (tokens, needs)
}

/// The features of the resources whose tests need each kind of client.
#[derive(Default)]
struct Needs {
    server: Vec<String>,
    offline: Vec<String>,
    local: Vec<String>,
}

impl Needs {
    fn add(&mut self, tests: &ResourceTests, feature: &str) {
        for (needed, features) in
            [(tests.server, &mut self.server), (tests.offline, &mut self.offline), (tests.local, &mut self.local)]
        {
            if needed && !features.iter().any(|known| known == feature) {
                features.push(feature.to_owned());
            }
        }
    }
}

/// The clients the tests use (of the server under test, offline, of a local event server) and
/// `configured`, which makes them, each compiled where a test needs it.
fn test_clients(api: &Api, module: &TokenStream, gated: bool, needs: &Needs) -> TokenStream {
    let Needs { server: server_features, offline: offline_features, local: local_features } = needs;
    let cfg = |features: &[String]| match (gated, features) {
        (_, []) => None,
        (false, _) => Some(TokenStream::new()),
        (true, features) => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    };
    let server = cfg(server_features).map(|cfg| {
        quote! {

            /// A client of the server under test, at `TEST_API_BASE_URL`.
            #cfg
            fn client() -> #module::Client {
                let base_url = std::env::var("TEST_API_BASE_URL")
                    .expect("TEST_API_BASE_URL names the server to test against, such as a Prism mock of the spec");
                configured(base_url)
            }

            /// Fails the test with `error` and the body of the server's answer, if it sent one: a
            /// validating mock says there what it found wrong.
            #cfg
            fn failed<T>(error: #module::Error) -> T {
                match error.api_error() {
                    Some(answer) => panic!("{error}; body: {}", String::from_utf8_lossy(&answer.body)),
                    None => panic!("{error}"),
                }
            }
        }
    });
    let offline = cfg(offline_features).map(|cfg| {
        quote! {
            /// A client whose requests must be refused before they are sent: nothing listens there.
            #cfg
            fn offline() -> #module::Client {
                configured("http://127.0.0.1:9".to_owned())
            }
        }
    });
    let local = cfg(local_features).map(|cfg| super::streams::event_server(&cfg));
    let mut features = server_features.clone();
    for feature in offline_features.iter().chain(local_features) {
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
    }
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
        if let Some(test) = super::streams::stream_test(api, method, &path, krate, module) {
            local = true;
            tests.push(test);
        }
        tests.extend(super::response_examples::response_example_tests(api, method, krate, module));
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
    let Arguments { arguments, setters, set, deprecated } = arguments(api, method, &mut values, mode, empty_at)?;
    let name = &method.name;
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let call = quote!(#path.#name(#(#arguments),*) #(#setters)* .send().await);
    // Server tests record what they send, and check it once the call is done.
    let recorded = quote!(#path.#name(#(#arguments),*) #(#setters)* .with_options(recorder.options()).send().await);
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
            let sent = quote!(outcome.unwrap_or_else(super::failed));
            let body = match (&method.response, method.only_failure) {
                // Whatever the server answers is then a failure, of the status the spec declares.
                (_, Some(status)) => {
                    let status = Literal::u16_unsuffixed(status);
                    // Another status fails as any failure does, with the body that says why.
                    quote! {
                        let error = outcome.expect_err("the spec declares no success response");
                        if error.status().map(|status| status.as_u16()) != Some(#status) {
                            super::failed::<()>(error);
                        }
                    }
                }
                _ if method.pagination.is_some() => quote!(let page = #sent; println!("{page:?}");),
                (Response::Empty, None) => quote!(#sent;),
                (Response::Binary, None) => quote! {
                    let content = #sent.bytes().await.unwrap_or_else(super::failed);
                    println!("{} bytes", content.len());
                },
                (Response::Json(_) | Response::Text, None) => quote!(let response = #sent; println!("{response:?}");),
            };
            let expected = super::sent::expected(api, method, &set);
            // The request is checked first: what went on the wire is the SDK's doing, whatever the
            // server made of it.
            quote! {
                #[tokio::test]
                #[ignore = #IGNORED]
                #allow
                async fn #test() {
                    let recorder = crate::Recorder::default();
                    let outcome = super::client().#recorded;
                    crate::assert_sent(&recorder, #expected);
                    #body
                }
            }
        }
    })
}
