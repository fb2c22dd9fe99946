//! The provider module's root and its `client` module: the client, its builder and environments.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, ident, module_doc};
use crate::ir::{Api, Body, CredentialPlacement, Response, TypeRef};

pub fn module_root(api: &Api) -> TokenStream {
    let mut text = format!("# {}\n", api.title);
    if let Some(description) = &api.description {
        text.push_str(&format!("\n{description}\n"));
    }
    text.push_str(&format!(
        "\n[`Client::from_env`] reads its configuration from the environment: {}.",
        env_summary(api)
    ));
    let module_doc = module_doc(&text);
    let resources = api.resources.iter().map(|resource| ident(&resource.name));
    let environment = (api.environments.len() > 1).then(|| quote!(Environment,));
    let mut runtime_items = vec![quote!(Error)];
    let methods = || api.resources.iter().flat_map(|resource| &resource.methods);
    if methods().any(|method| matches!(method.response, Response::Binary)) {
        runtime_items.insert(0, quote!(ByteStream));
    }
    if methods().any(|method| matches!(&method.body, Some(Body::Multipart { fields }) if fields.iter().any(|field| field.ty == TypeRef::Upload))) {
        runtime_items.push(quote!(UploadFile));
    }
    quote! {
        #module_doc
        mod client;
        #(pub mod #resources;)*
        pub mod types;
        pub use client::{Client, ClientBuilder, #environment};
        pub use crate::runtime::{#(#runtime_items),*};
    }
}

fn env_summary(api: &Api) -> String {
    let mut parts: Vec<String> = api
        .credentials
        .iter()
        .map(|credential| format!("`{}`{}", credential.env, if credential.optional { " (optional)" } else { "" }))
        .collect();
    parts.push(format!("`{}` (optional) to override the base URL", api.base_url_env));
    parts.join(", ")
}

pub fn client(api: &Api) -> TokenStream {
    let title = &api.title;
    let base_url_env = &api.base_url_env;
    let environments = api.environments.iter().map(|environment| {
        let (name, url) = (&environment.name, &environment.url);
        quote!(runtime::EnvironmentSpec { name: #name, url: #url })
    });
    let credentials = api.credentials.iter().map(|credential| {
        let env = &credential.env;
        let optional = credential.optional;
        let placement = match &credential.placement {
            CredentialPlacement::Bearer => quote!(runtime::Placement::Bearer),
            CredentialPlacement::Header(name) => {
                let name = name.to_ascii_lowercase();
                quote!(runtime::Placement::Header(#name))
            }
        };
        quote!(runtime::CredentialSpec { env: #env, placement: #placement, optional: #optional })
    });
    let user_agent_suffix = format!(" ({})", api.module);
    let env_prefix = &api.env_prefix;
    let max_retries = api.max_retries;
    let idempotency_header = match &api.idempotency_header {
        Some(header) => {
            let header = header.to_ascii_lowercase();
            quote!(Some(#header))
        }
        None => quote!(None),
    };
    let max_retries_doc = doc(Some(&format!(
        "How many times a failed request is retried (default {max_retries}): connection errors, timeouts, 408, 409, 429 and 5xx responses, with exponential backoff or the delay the server asks for."
    )));
    let custom_headers_doc = doc(Some(&format!(
        "A header sent with every request. `{env_prefix}_CUSTOM_HEADERS` (`Name: value` lines) adds more without code."
    )));
    let accessors = api.resources.iter().map(|resource| {
        let name = ident(&resource.name);
        let type_name = ident(&resource.type_name);
        let doc = doc(resource.doc.as_deref());
        quote! {
            #doc
            pub fn #name(&self) -> super::#name::#type_name {
                super::#name::#type_name::new(self.transport.clone())
            }
        }
    });
    let credential_setters = api.credentials.iter().enumerate().map(|(index, credential)| {
        let setter = ident(&credential.setter);
        let how = match &credential.placement {
            CredentialPlacement::Bearer => "sent as `Authorization: Bearer`".to_owned(),
            CredentialPlacement::Header(name) => format!("sent in the `{name}` header"),
        };
        let text = format!(
            "The credential {how}. Defaults to the `{}` environment variable{}.",
            credential.env,
            if credential.optional { "; optional" } else { "" }
        );
        let doc = doc(Some(&text));
        quote! {
            #doc
            pub fn #setter(mut self, #setter: impl Into<String>) -> Self {
                self.config.set_credential(#index, #setter.into());
                self
            }
        }
    });
    let default_url = &api.environments[0].url;
    let base_url_doc = doc(Some(&format!(
        "The URL requests are sent to. Defaults to the `{base_url_env}` environment variable, else `{default_url}`."
    )));
    let (environment_enum, environment_setter) = environments_enum(api);
    let client_doc = doc(Some(&format!(
        "A client of the {title} API.\n\nCloning a client is cheap: clones share one connection pool."
    )));
    let from_env_doc = doc(Some(&format!("A client configured from the environment: {}.", env_summary(api))));
    let module_doc = module_doc(&format!("The {title} client and its configuration."));
    quote! {
        #module_doc
        use crate::runtime;

        static PROVIDER: runtime::ProviderSpec = runtime::ProviderSpec {
            name: #title,
            environments: &[#(#environments),*],
            base_url_env: #base_url_env,
            env_prefix: #env_prefix,
            credentials: &[#(#credentials),*],
            max_retries: #max_retries,
            idempotency_header: #idempotency_header,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), #user_agent_suffix),
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::Transport,
        }

        impl Client {
            #from_env_doc
            pub fn from_env() -> Result<Self, runtime::Error> {
                Self::builder().build()
            }

            /// A builder to configure a client; settings it leaves unset come from the environment.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { config: runtime::ClientConfig::new(&PROVIDER) }
            }

            #(#accessors)*
        }

        /// Configures a [`Client`].
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct ClientBuilder {
            config: runtime::ClientConfig,
        }

        impl ClientBuilder {
            #(#credential_setters)*

            #base_url_doc
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.config.set_base_url(base_url.into());
                self
            }

            #environment_setter

            /// The time each attempt of a request may take, reading the response included (default 60 s).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.config.set_timeout(timeout);
                self
            }

            /// The time to establish a connection (default 5 s). Ignored with [`http_client`](Self::http_client).
            pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.config.set_connect_timeout(timeout);
                self
            }

            #max_retries_doc
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.config.set_max_retries(max_retries);
                self
            }

            #custom_headers_doc
            pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.config.add_default_header(name.into(), value.into());
                self
            }

            /// The `reqwest::Client` to send requests with, for proxies, custom TLS or a shared pool.
            pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
                self.config.set_http_client(http_client);
                self
            }

            /// Builds the client. Fails if a required credential is neither set nor in the environment.
            pub fn build(self) -> Result<Client, runtime::Error> {
                Ok(Client { transport: self.config.build()? })
            }
        }

        #environment_enum
    }
}

fn environments_enum(api: &Api) -> (TokenStream, TokenStream) {
    if api.environments.len() < 2 {
        return (TokenStream::new(), TokenStream::new());
    }
    let title = &api.title;
    let variants: Vec<_> = api.environments.iter().map(|environment| ident(&environment.variant)).collect();
    let urls: Vec<&str> = api.environments.iter().map(|environment| environment.url.as_str()).collect();
    let docs = api.environments.iter().map(|environment| format!(" `{}`", environment.url));
    let first = &variants[0];
    let rest = &variants[1..];
    let docs: Vec<_> = docs.collect();
    let (first_doc, rest_docs) = (&docs[0], &docs[1..]);
    let enum_doc = doc(Some(&format!("The deployments of the {title} API.")));
    let enum_tokens = quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum Environment {
            #[doc = #first_doc]
            #[default]
            #first,
            #(#[doc = #rest_docs] #rest,)*
        }

        impl Environment {
            /// The environment's base URL.
            pub fn base_url(self) -> &'static str {
                match self {
                    #(Self::#variants => #urls,)*
                }
            }
        }
    };
    let setter = quote! {
        /// Sends requests to one of the API's deployments; a later [`base_url`](Self::base_url) wins.
        pub fn environment(mut self, environment: Environment) -> Self {
            self.config.set_base_url(environment.base_url().to_owned());
            self
        }
    };
    (enum_tokens, setter)
}
