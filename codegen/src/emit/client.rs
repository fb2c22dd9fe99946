//! The provider module's root and its `client` module: the client, its builder and environments.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::rust::{doc, module_doc};
use crate::ir::{
    env_names, Api, ClientHeader, Credential, CredentialPart, CredentialPlacement, CredentialValue, HelperKind,
    Resource, Security, UNUSED_SCHEMAS_FEATURE, WEBHOOKS_MODULE,
};

/// The provider's module; with `gate_by_resource`, each resource's module is behind its feature.
pub fn module_root(api: &Api, gate_by_resource: bool) -> TokenStream {
    let mut text = format!("# {}\n", api.title);
    if let Some(description) = &api.description {
        text.push_str(&format!("\n{description}\n"));
    }
    text.push_str(&format!(
        "\n[`Client::from_env`] reads its configuration from the environment: {}.",
        env_summary(api)
    ));
    let module_doc = module_doc(&text);
    let resources = api.resources.iter().map(|resource| {
        let module = &resource.module;
        let cfg = resource_cfg(api, resource, gate_by_resource);
        quote!(#cfg pub mod #module;)
    });
    let environment = (api.environments.len() > 1).then(|| quote!(Environment,));
    // The runtime types that appear in this module's signatures, so that users need no `runtime::`.
    let wait_options = api
        .resources
        .iter()
        .flat_map(|resource| &resource.helpers)
        .any(|helper| matches!(helper.kind, HelperKind::Wait { .. }))
        .then(|| quote!(WaitOptions,));
    let event_stream = api
        .resources
        .iter()
        .flat_map(|resource| &resource.methods)
        .any(|method| method.events.is_some())
        .then(|| quote!(EventStream,));
    let token_provider = api
        .credentials
        .iter()
        .any(|credential| matches!(credential.placement, CredentialPlacement::OAuth2 { .. }))
        .then(|| quote!(TokenProvider,));
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        let cfg = (gate_by_resource && api.resource_features().contains(&UNUSED_SCHEMAS_FEATURE))
            .then(|| quote!(#[cfg(feature = #UNUSED_SCHEMAS_FEATURE)]));
        let module = quote::format_ident!("{WEBHOOKS_MODULE}");
        quote! {
            #cfg
            pub mod #module;
            #cfg
            pub use #module::{WebhookEvent, Webhooks};
        }
    });
    quote! {
        #module_doc
        mod client;
        #(#resources)*
        pub mod types;
        #webhooks
        #[cfg(feature = "test-util")]
        pub mod mock;
        pub use client::{Client, ClientBuilder, #environment};
        pub use crate::runtime::{ByteStream, Error, #event_stream Page, Progress, RequestOptions, UploadFile, #wait_options #token_provider};
        #[cfg(feature = "blocking")]
        pub use crate::runtime::{Blocking, BlockingIter};
    }
}

fn env_summary(api: &Api) -> String {
    let mut parts: Vec<String> = api
        .credentials
        .iter()
        .flat_map(|credential| {
            let optional = if credential.optional { " (optional)" } else { "" };
            credential.inputs().into_iter().map(move |input| format!("{}{optional}", env_names(input.env)))
        })
        .collect();
    parts.extend(
        api.client_headers
            .iter()
            .filter(|header| !header.env.is_empty())
            .map(|header| format!("{} (optional) for the `{}` header", env_names(&header.env), header.header)),
    );
    parts.push(format!("{} (optional) to override the base URL", env_names(&api.base_url_env)));
    parts.join(", ")
}

/// A method of the client builder.
struct BuilderSetter {
    doc: TokenStream,
    name: TokenStream,
    params: Vec<(proc_macro2::Ident, TokenStream)>,
    /// Statements applying the setting to `self.config`.
    apply: TokenStream,
}

fn builder_setters(api: &Api) -> Vec<BuilderSetter> {
    let mut setters = Vec::new();
    for (index, credential) in api.credentials.iter().enumerate() {
        setters.extend(credential_setters(credential, index));
    }
    for (index, header) in api.client_headers.iter().enumerate() {
        setters.push(client_header_setter(header, index));
    }
    let default = match api.environments.first() {
        Some(environment) => format!("else `{}`", environment.url),
        None => "which must then be set: the spec names no server".to_owned(),
    };
    setters.push(setter(
        &format!("The URL requests are sent to. Defaults to {}, {default}.", env_names(&api.base_url_env)),
        "base_url",
        vec![("base_url", quote!(impl Into<String>))],
        quote!(self.config.set_base_url(base_url.into());),
    ));
    if api.environments.len() > 1 {
        setters.push(setter(
            "Sends requests to one of the API's deployments; a later [`base_url`](Self::base_url) wins.",
            "environment",
            vec![("environment", quote!(Environment))],
            quote!(self.config.set_base_url(environment.base_url().to_owned());),
        ));
    }
    setters.extend(connection_setters(api));
    setters
}

/// The setters of how requests are sent: timeouts, retries, sizes, headers and the HTTP stack.
fn connection_setters(api: &Api) -> Vec<BuilderSetter> {
    vec![
        setter(
            "The time each attempt of a request may take, reading a JSON or text response included (default 60 s). `RequestOptions` sets it per call, and also a total for all attempts.",
            "timeout",
            vec![("timeout", quote!(std::time::Duration))],
            quote!(self.config.set_timeout(timeout);),
        ),
        setter(
            "The time to establish a connection (default 5 s, unless the builder given to [`http_client`](Self::http_client) sets one).",
            "connect_timeout",
            vec![("timeout", quote!(std::time::Duration))],
            quote!(self.config.set_connect_timeout(timeout);),
        ),
        setter(
            &format!(
                "How many times a failed request is retried (default {}): 408, 409, 429 and 5xx responses, connection errors and timeouts, with exponential backoff or the delay the server asks for. A POST or PATCH whose connection broke, or whose answer did not come in time, may have been done: it is sent again only with an idempotency key, or when the connection was never made.",
                api.max_retries
            ),
            "max_retries",
            vec![("max_retries", quote!(u32))],
            quote!(self.config.set_max_retries(max_retries);),
        ),
        setter(
            "The largest JSON or text response body read whole, in bytes (default 64 MiB); a larger one is an `Error::ResponseTooLarge`. Downloads stream and are not limited.",
            "max_response_size",
            vec![("bytes", quote!(u64))],
            quote!(self.config.set_max_response_bytes(bytes);),
        ),
        setter(
            &format!(
                "A header sent with every request. `{}_CUSTOM_HEADERS` (`Name: value` lines) adds more without code.",
                api.env_prefix
            ),
            "default_header",
            vec![("name", quote!(impl Into<String>)), ("value", quote!(impl Into<String>))],
            quote!(self.config.add_default_header(name.into(), value.into());),
        ),
        setter(
            "The `reqwest::ClientBuilder` to build the HTTP client from, for proxies, custom TLS or other transport settings.\n\nA builder rather than a client, because the SDK sets its redirect policy: it follows redirects itself, so that credentials never follow one to another host.",
            "http_client",
            vec![("http_client", quote!(reqwest::ClientBuilder))],
            quote!(self.config.set_http_client(http_client);),
        ),
        setter(
            "Runs `interceptor`'s hooks on every call: before it, before each attempt (to sign or add headers), after each response and after the call. Interceptors run in the order they were added, before those of a call's `RequestOptions`.",
            "interceptor",
            vec![("interceptor", quote!(impl runtime::Interceptor))],
            quote!(self.config.add_interceptor(interceptor);),
        ),
        setter(
            "Sends every request through `transport` instead of `reqwest`'s connection pool: a recording or replaying transport in tests, or another HTTP stack. Credentials, retries, redirects, timeouts and interceptors still apply, above it; [`http_client`](Self::http_client) then only builds requests.",
            "transport",
            vec![("transport", quote!(impl runtime::HttpTransport))],
            quote!(self.config.set_transport(transport);),
        ),
    ]
}

/// One of the builder's own methods, whose fixed name the generator writes.
fn setter(doc_text: &str, name: &str, params: Vec<(&str, TokenStream)>, apply: TokenStream) -> BuilderSetter {
    BuilderSetter {
        doc: doc(Some(doc_text)),
        name: format_ident!("{name}").into_token_stream(),
        params: params.into_iter().map(|(param, ty)| (format_ident!("{param}"), ty)).collect(),
        apply,
    }
}

/// The builder methods that set the credential at `index` of [`Api::credentials`]: one per value,
/// and for OAuth2 one that takes a token provider.
fn credential_setters(credential: &Credential, index: usize) -> Vec<BuilderSetter> {
    let optional = if credential.optional { "; optional" } else { "" };
    let mut setters: Vec<BuilderSetter> = credential
        .inputs()
        .into_iter()
        .map(|input| {
            let text = format!(
                "The {} of the `{}` credential, sent {}. Defaults to {}{optional}.",
                input.role,
                credential.scheme,
                credential.wire_description(input.part),
                env_names(input.env)
            );
            let part = match input.part {
                CredentialPart::First => None,
                CredentialPart::Password => Some(quote!(Password)),
                CredentialPart::ClientId => Some(quote!(ClientId)),
                CredentialPart::ClientSecret => Some(quote!(ClientSecret)),
            };
            let apply = match part {
                None => quote!(self.config.set_credential(#index, value.into());),
                Some(part) => {
                    quote!(self.config.set_credential_part(#index, runtime::config::CredentialPart::#part, value.into());)
                }
            };
            let name = input.setter;
            BuilderSetter {
                doc: doc(Some(&text)),
                name: quote!(#name),
                params: vec![(format_ident!("value"), quote!(impl Into<String>))],
                apply,
            }
        })
        .collect();
    if let CredentialPlacement::OAuth2 { provider_setter, .. } = &credential.placement {
        let text = format!(
            "Gets the access token of the `{}` credential from `provider` (an async closure returning `Result<String, E>`), called before each attempt of a call that needs it and once more after a 401. A token set with [`{}`](Self::{}) wins.",
            credential.scheme,
            credential.setter.as_str(),
            credential.setter.as_str()
        );
        setters.push(BuilderSetter {
            doc: doc(Some(&text)),
            name: quote!(#provider_setter),
            params: vec![(format_ident!("provider"), quote!(impl runtime::TokenProvider))],
            apply: quote!(self.config.set_token_provider(#index, provider);),
        });
    }
    setters
}

/// The builder method that sets the header at `index` of [`Api::client_headers`].
fn client_header_setter(header: &ClientHeader, index: usize) -> BuilderSetter {
    let mut text = match &header.description {
        Some(description) => format!("{description}\n\n"),
        None => String::new(),
    };
    text.push_str(&format!("Sent in the `{}` header of every request to the API", header.header));
    if header.env.is_empty() {
        text.push_str("; not sent unless set.");
    } else {
        text.push_str(&format!("; defaults to {}, else not sent.", env_names(&header.env)));
    }
    let name = &header.setter;
    let (ty, value) = if header.boolean {
        (quote!(bool), quote!(value.to_string()))
    } else {
        (quote!(impl Into<String>), quote!(value.into()))
    };
    BuilderSetter {
        doc: doc(Some(&text)),
        name: quote!(#name),
        params: vec![(format_ident!("value"), ty)],
        apply: quote!(self.config.set_client_header(#index, #value);),
    }
}

pub fn client(api: &Api, gate_by_resource: bool) -> TokenStream {
    let module_doc = module_doc(&format!("The {} client and its configuration.", api.title));
    let provider = provider_spec(api);
    let client = client_struct(api, gate_by_resource);
    let builder = client_builder(api);
    let environment_enum = environments_enum(api);
    quote! {
        #module_doc
        use crate::runtime;

        #provider
        #client
        #builder
        #environment_enum
    }
}

/// What the runtime is told about the provider: names, URLs, credentials, retries.
fn provider_spec(api: &Api) -> TokenStream {
    let (title, base_url_env, env_prefix, max_retries) =
        (&api.title, &api.base_url_env[..], &api.env_prefix, api.max_retries);
    let environments = api.environments.iter().map(|environment| {
        let (name, url) = (&environment.name, &environment.url);
        quote!(runtime::config::EnvironmentSpec { name: #name, url: #url })
    });
    let credentials = api.credentials.iter().map(credential_spec);
    let security = security_tokens(&api.security);
    let client_headers = api.client_headers.iter().map(|header| {
        let (name, env, boolean) = (&header.header, &header.env[..], header.boolean);
        quote!(runtime::config::ClientHeaderSpec { name: #name, env: &[#(#env),*], boolean: #boolean })
    });
    let user_agent_suffix = format!(" ({})", api.module);
    let idempotency_header = match &api.idempotency_header {
        Some(header) => quote!(Some(#header)),
        None => quote!(None),
    };
    quote! {
        static PROVIDER: runtime::config::ProviderSpec = runtime::config::ProviderSpec {
            name: #title,
            environments: &[#(#environments),*],
            base_url_env: &[#(#base_url_env),*],
            env_prefix: #env_prefix,
            credentials: &[#(#credentials),*],
            security: #security,
            client_headers: &[#(#client_headers),*],
            max_retries: #max_retries,
            idempotency_header: #idempotency_header,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"), #user_agent_suffix),
        };
    }
}

/// `&[&[0, 1], &[0]]`: security alternatives as the runtime takes them.
pub(super) fn security_tokens(security: &Security) -> TokenStream {
    let alternatives = security.iter().map(|alternative| {
        let indices = alternative.iter().map(|id| proc_macro2::Literal::usize_unsuffixed(id.index()));
        quote!(&[#(#indices),*])
    });
    quote!(&[#(#alternatives),*])
}

fn value_spec(setter: &crate::ir::Ident, env: &[String]) -> TokenStream {
    let setter = setter.as_str();
    quote!(runtime::config::ValueSpec { setter: #setter, env: &[#(#env),*] })
}

fn credential_value_spec(value: &CredentialValue) -> TokenStream {
    value_spec(&value.setter, &value.env)
}

/// What the runtime is told about one credential.
fn credential_spec(credential: &Credential) -> TokenStream {
    let value = value_spec(&credential.setter, &credential.env);
    let optional = credential.optional;
    let placement = match &credential.placement {
        CredentialPlacement::Bearer => quote!(Bearer),
        CredentialPlacement::Scheme(scheme) => quote!(Scheme(#scheme)),
        CredentialPlacement::Header(name) => quote!(Header(#name)),
        CredentialPlacement::Query(name) => quote!(Query(#name)),
        CredentialPlacement::Cookie(name) => quote!(Cookie(#name)),
        CredentialPlacement::Basic { password } => {
            let password = credential_value_spec(password);
            quote!(Basic { password: #password })
        }
        CredentialPlacement::OAuth2 { client_credentials: None, .. } => quote!(OAuth2 { client_credentials: None }),
        CredentialPlacement::OAuth2 { client_credentials: Some(flow), .. } => {
            let (client_id, client_secret) =
                (credential_value_spec(&flow.client_id), credential_value_spec(&flow.client_secret));
            let (token_url, scopes, secret_in_body) = (&flow.token_url, &flow.scopes, flow.secret_in_body);
            quote!(OAuth2 {
                client_credentials: Some(runtime::config::ClientCredentialsSpec {
                    client_id: #client_id,
                    client_secret: #client_secret,
                    token_url: #token_url,
                    scopes: &[#(#scopes),*],
                    secret_in_body: #secret_in_body,
                }),
            })
        }
    };
    quote!(runtime::config::CredentialSpec { value: #value, placement: runtime::config::Placement::#placement, optional: #optional })
}

/// The client: its resources, and the transfers of URLs the API hands out.
fn client_struct(api: &Api, gate_by_resource: bool) -> TokenStream {
    let accessors =
        api.top_resources().map(|resource| accessor(api, resource, &resource_cfg(api, resource, gate_by_resource)));
    let client_doc = doc(Some(&format!(
        "A client of the {}.\n\nCloning a client is cheap: clones share one connection pool.",
        api.api_name()
    )));
    let from_env_doc = doc(Some(&format!("A client configured from the environment: {}.", env_summary(api))));
    quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::transport::Transport,
        }

        impl Client {
            #from_env_doc
            pub fn from_env() -> Result<Self, runtime::Error> {
                Self::builder().build()
            }

            /// A builder to configure a client; settings it leaves unset come from the environment.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { config: runtime::config::ClientConfig::new(&PROVIDER) }
            }

            #(#accessors)*

            /// Downloads a URL the API handed out (a file, frame or presigned URL) as a stream. No
            /// credentials are sent to it, nor along its redirects.
            pub async fn download_url(&self, url: &str) -> Result<runtime::ByteStream, runtime::Error> {
                self.transport.download_url(url, runtime::RequestOptions::default()).await
            }

            /// PUTs `file` to a presigned URL, streamed, with its exact `Content-Length` and
            /// `Content-Type` and no credentials.
            pub async fn upload_presigned_put(&self, url: &str, file: runtime::UploadFile) -> Result<(), runtime::Error> {
                self.transport.upload_presigned_put(url, file, runtime::RequestOptions::default()).await
            }

            /// POSTs `file` to a presigned POST URL with the storage's `form_fields` first, streamed
            /// and without credentials.
            pub async fn upload_presigned_post(
                &self,
                url: &str,
                form_fields: &std::collections::BTreeMap<String, String>,
                file: runtime::UploadFile,
            ) -> Result<(), runtime::Error> {
                self.transport.upload_presigned_post(url, form_fields, file, runtime::RequestOptions::default()).await
            }
        }
    }
}

/// The client's builder: one method per setting, each applied to the runtime's config.
fn client_builder(api: &Api) -> TokenStream {
    let setters = builder_setters(api).into_iter().map(|setter| {
        let BuilderSetter { doc, name, params, apply } = setter;
        let params = params.iter().map(|(param, ty)| quote!(#param: #ty));
        quote! {
            #doc
            pub fn #name(mut self, #(#params),*) -> Self {
                #apply
                self
            }
        }
    });
    quote! {
        /// Configures a [`Client`].
        #[derive(Debug)]
        #[must_use]
        pub struct ClientBuilder {
            config: runtime::config::ClientConfig,
        }

        impl ClientBuilder {
            #(#setters)*

            /// Builds the client. Fails if a required credential is neither set nor in the environment.
            pub fn build(self) -> Result<Client, runtime::Error> {
                Ok(Client { transport: self.config.build()? })
            }
        }

        #[cfg(feature = "test-util")]
        impl ClientBuilder {
            /// A builder whose clients `transport` answers (see [`Mock`](super::mock::Mock)).
            pub(super) fn mocked(transport: runtime::mock::MockTransport) -> Self {
                let mut config = runtime::config::ClientConfig::new(&PROVIDER);
                config.mock(transport);
                ClientBuilder { config }
            }
        }
    }
}

/// The method of the client, or of a parent resource, that returns `resource`.
pub(super) fn accessor(api: &Api, resource: &Resource, cfg: &TokenStream) -> TokenStream {
    let (module, accessor, type_name) = (&resource.module, &resource.accessor, &resource.type_name);
    let doc = doc(Some(&resource_doc(api, resource)));
    quote! {
        #cfg
        #doc
        pub fn #accessor(&self) -> super::#module::#type_name {
            super::#module::#type_name { transport: self.transport.clone() }
        }
    }
}

/// `#[cfg]` for what only `resource` uses, when resources are behind features.
pub(super) fn resource_cfg(api: &Api, resource: &Resource, gate_by_resource: bool) -> TokenStream {
    match gate_by_resource {
        true => super::source::cfg_any(&[api.resource_feature(resource)]),
        false => TokenStream::new(),
    }
}

/// A resource's doc: its tag's description, or what it is.
pub(super) fn resource_doc(api: &Api, resource: &Resource) -> String {
    match &resource.doc {
        Some(text) => text.clone(),
        None => format!("The `{}` resource of the {}.", resource.path, api.api_name()),
    }
}

fn environments_enum(api: &Api) -> TokenStream {
    if api.environments.len() < 2 {
        return TokenStream::new();
    }
    let title = &api.title;
    let variants: Vec<_> = api.environments.iter().map(|environment| &environment.variant).collect();
    let urls: Vec<&str> = api.environments.iter().map(|environment| environment.url.as_str()).collect();
    let docs = api.environments.iter().map(|environment| format!(" `{}`", environment.url));
    let first = &variants[0];
    let rest = &variants[1..];
    let docs: Vec<_> = docs.collect();
    let (first_doc, rest_docs) = (&docs[0], &docs[1..]);
    let enum_doc = doc(Some(&format!("The deployments of the {title} API.")));
    quote! {
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
    }
}
