//! A provider's `mock` module, compiled with the `test-util` feature: a `Mock` with one struct per
//! resource and one method per operation, each starting a rule that answers that operation's
//! requests, typed by what its response decodes into. Its docs carry a doctest that runs.

use proc_macro2::TokenStream;
use quote::quote;

use super::examples::call_expression;
use super::rust::{allow_deprecated, doc, module_doc, rust_type, Scope};
use super::values::json_value;
use crate::ir::{Api, Method, Resource, Response};

pub fn mock_module(api: &Api, module_path: &str, gated: bool) -> TokenStream {
    let module_doc = module_doc(&module_text(api, module_path));
    let uses_types = api
        .resources
        .iter()
        .flat_map(|resource| &resource.methods)
        .any(|method| matches!(&method.response, Response::Json(ty) if ty.mentioned().is_some()))
        .then(|| {
            quote!(
                use super::types;
            )
        });
    let top = api.resources.iter().filter(|resource| resource.parent.is_none());
    let accessors = top.map(|resource| accessor(api, resource, gated));
    let resources = api.resources.iter().map(|resource| resource_mock(api, resource, gated));
    let title = &api.title;
    let mock_doc = doc(Some(&format!(
        "A mock of the {title} API: program what each operation answers, build a client that gets those answers, then read what was sent."
    )));
    quote! {
        #module_doc
        use crate::runtime;
        #uses_types

        #mock_doc
        #[derive(Debug, Clone, Default)]
        pub struct Mock {
            transport: runtime::mock::MockTransport,
        }

        impl Mock {
            /// A mock that answers nothing yet: a request no rule matches fails its call with an
            /// error that names the request.
            pub fn new() -> Self {
                Self::default()
            }

            /// A client builder whose clients this mock answers, with placeholder credentials;
            /// set anything else a test needs (`max_retries`, say) before `build`.
            pub fn client(&self) -> super::ClientBuilder {
                super::ClientBuilder::mocked(self.transport.clone())
            }

            /// The transport behind the mock: every request received, and those no rule matched.
            pub fn transport(&self) -> &runtime::mock::MockTransport {
                &self.transport
            }

            #(#accessors)*
        }

        #(#resources)*
    }
}

/// The module's doc: what a mock is, and a test that uses one.
fn module_text(api: &Api, module_path: &str) -> String {
    let mut text = format!(
        "A mock of the {} API for the tests of code that uses it (the `test-util` feature).\n\n\
         Each operation answers as the test programs it, and keeps what was sent. Requests go through \
         everything a real call does (credentials, retries, pages, uploads, downloads, event streams, \
         the blocking client) but never leave the process: no port, no network.",
        api.title
    );
    if let Some(example) = example(api, module_path) {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&example);
    }
    text
}

/// A doctest that programs one operation, calls it as the code under test would, and checks what
/// was sent: for the first operation whose call and answer are simple to write.
fn example(api: &Api, module_path: &str) -> Option<String> {
    let krate = module_path.split("::").next().unwrap_or(module_path);
    let (resource, method, call, answer) = api.resources.iter().find_map(|resource| {
        resource.methods.iter().find_map(|method| {
            let Response::Json(ty) = &method.response else { return None };
            if method.pagination.is_some() || method.events.is_some() || method.deprecated {
                return None;
            }
            let call = call_expression(api, module_path, resource, method).filter(|call| call.runs)?;
            Some((resource, method, call.text, json_value(api, ty)?))
        })
    })?;
    let send = if call.contains('\n') { "\n    .send()\n    .await?" } else { ".send().await?" };
    let rule = format!("mock.{}.{}()", api.mock_path(resource), method.name.as_str());
    let lines = [
        "# #[tokio::main(flavor = \"current_thread\")]".to_owned(),
        "# async fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {module_path}::mock::Mock;\n"),
        "let mock = Mock::new();".to_owned(),
        format!("let answered = {rule}.respond_json(200, {krate}::serde_json::json!({answer}));"),
        "let client = mock.client().build()?;\n".to_owned(),
        "// The code under test:".to_owned(),
        format!("let response = {call}{send};\n"),
        "let sent = answered.requests();".to_owned(),
        "assert_eq!(sent.len(), 1);".to_owned(),
        format!("assert_eq!(sent[0].method().as_str(), {:?});", method.http_method.as_str()),
        "println!(\"{response:?}\");".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
    ];
    Some(format!("```\n{}\n```", lines.join("\n")))
}

/// The method that reaches `resource`'s mock from its parent's.
fn accessor(api: &Api, resource: &Resource, gated: bool) -> TokenStream {
    let (accessor, mock_type) = (&resource.mock_accessor, &resource.mock_type);
    let cfg = super::client::resource_cfg(api, resource, gated);
    let doc = doc(Some(&format!("The operations of `{}`, to program.", resource.path)));
    quote! {
        #cfg
        #doc
        pub fn #accessor(&self) -> #mock_type {
            #mock_type { transport: self.transport.clone() }
        }
    }
}

fn resource_mock(api: &Api, resource: &Resource, gated: bool) -> TokenStream {
    let mock_type = &resource.mock_type;
    let cfg = super::client::resource_cfg(api, resource, gated);
    let doc = doc(Some(&format!("Programs the answers to the operations of `{}`.", resource.path)));
    let children = resource.children.iter().map(|child| accessor(api, api.resource(*child), gated));
    let rules = resource.methods.iter().map(|method| rule(api, resource, method));
    quote! {
        #cfg
        #doc
        #[derive(Debug, Clone)]
        pub struct #mock_type {
            transport: runtime::mock::MockTransport,
        }

        #cfg
        impl #mock_type {
            #(#children)*

            #(#rules)*
        }
    }
}

/// The method that starts a rule for `method`'s requests.
fn rule(api: &Api, resource: &Resource, method: &Method) -> TokenStream {
    let name = &method.name;
    let (module, type_name) = (resource.module.bare(), resource.type_name.as_str());
    let text = format!(
        "`{} {}`: a rule for the requests of [`{type_name}::{}`](super::{module}::{type_name}::{}).",
        method.http_method.as_str(),
        method.path,
        name.as_str(),
        name.as_str()
    );
    let doc = doc(Some(&text));
    let (output, allow) = match &method.response {
        Response::Json(ty) => (rust_type(api, ty, Scope::Sibling), allow_deprecated(api, [ty])),
        Response::Empty => (quote!(()), None),
        Response::Text | Response::Binary => (quote!(runtime::mock::Raw), None),
    };
    let http_method = proc_macro2::Ident::new(method.http_method.as_str(), proc_macro2::Span::call_site());
    let template = &method.path;
    quote! {
        #doc
        #allow
        pub fn #name(&self) -> runtime::mock::When<#output> {
            self.transport.when(reqwest::Method::#http_method, #template)
        }
    }
}
