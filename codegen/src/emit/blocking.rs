//! The `blocking` module of a provider: the same surface as the async client, for code without an
//! async runtime. Every type wraps its async counterpart and forwards to it.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{builder_setters, BuilderSetter};
use super::resource::{
    contains_upload, method_doc, method_mentions_types, path_param_type, response_types, setter_signature, setters,
};
use super::rust::{doc, ident, module_doc, rust_type, Scope};
use crate::ir::{Api, Method, Resource};

pub fn blocking_module(api: &Api) -> TokenStream {
    let title = &api.title;
    let module_doc = module_doc(&format!(
        "A blocking client of the {title} API, with the same methods as the async [`Client`](super::Client).\n\nIt runs requests on a small runtime of its own: do not use it from inside an async runtime."
    ));
    let uses_types =
        api.resources.iter().flat_map(|resource| &resource.methods).any(method_mentions_types).then(|| {
            quote!(
                use super::types;
            )
        });
    let environment = (api.environments.len() > 1).then(|| {
        quote!(
            use super::Environment;
        )
    });
    let accessor = |resource: &Resource| {
        let accessor = ident(&resource.accessor);
        let type_name = ident(&resource.type_name);
        let doc = doc(resource.doc.as_deref());
        quote! {
            #doc
            pub fn #accessor(&self) -> #type_name {
                #type_name { inner: self.inner.#accessor(), runtime: self.runtime.clone() }
            }
        }
    };
    let accessors = api.resources.iter().filter(|resource| !resource.nested).map(accessor);
    let client_setters = builder_setters(api).into_iter().map(|setter| {
        let BuilderSetter { doc, name, params, .. } = setter;
        let arguments = params.iter().map(|(param, _)| param);
        let params = params.iter().map(|(param, ty)| quote!(#param: #ty));
        quote! {
            #doc
            pub fn #name(mut self, #(#params),*) -> Self {
                self.inner = self.inner.#name(#(#arguments),*);
                self
            }
        }
    });
    let resources = api.resources.iter().map(|resource| {
        let children = resource.children.iter().map(|index| accessor(&api.resources[*index]));
        blocking_resource(resource, children.collect())
    });
    let client_doc = doc(Some(&format!("A blocking client of the {title} API. Cloning it is cheap.")));
    quote! {
        #module_doc
        use crate::runtime;
        #uses_types
        #environment

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: super::Client,
            runtime: runtime::BlockingRuntime,
        }

        impl Client {
            /// A client configured from the environment, as [`super::Client::from_env`] is.
            pub fn from_env() -> Result<Self, runtime::Error> {
                Self::builder().build()
            }

            /// A builder to configure a client; settings it leaves unset come from the environment.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { inner: super::Client::builder() }
            }

            #(#accessors)*

            /// Downloads a URL the API handed out as a stream, without credentials; see
            /// [`super::Client::download_url`].
            pub fn download_url(&self, url: &str) -> Result<runtime::BlockingByteStream, runtime::Error> {
                let stream = self.runtime.block_on(self.inner.download_url(url))?;
                Ok(runtime::BlockingByteStream::new(stream, self.runtime.clone()))
            }

            /// PUTs `file` to a presigned URL; see [`super::Client::upload_presigned_put`].
            pub fn upload_presigned_put(&self, url: &str, file: runtime::UploadFile) -> Result<(), runtime::Error> {
                self.runtime.block_on(self.inner.upload_presigned_put(url, file))
            }

            /// POSTs `file` to a presigned POST URL; see [`super::Client::upload_presigned_post`].
            pub fn upload_presigned_post(
                &self,
                url: &str,
                form_fields: &std::collections::BTreeMap<String, String>,
                file: runtime::UploadFile,
            ) -> Result<(), runtime::Error> {
                self.runtime.block_on(self.inner.upload_presigned_post(url, form_fields, file))
            }
        }

        /// Configures a blocking [`Client`].
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct ClientBuilder {
            inner: super::ClientBuilder,
        }

        impl ClientBuilder {
            #(#client_setters)*

            /// Builds the client and the runtime it sends requests on.
            pub fn build(self) -> Result<Client, runtime::Error> {
                Ok(Client { inner: self.inner.build()?, runtime: runtime::BlockingRuntime::new()? })
            }
        }

        #(#resources)*
    }
}

fn blocking_resource(resource: &Resource, children: Vec<TokenStream>) -> TokenStream {
    let type_name = ident(&resource.type_name);
    let module = ident(&resource.name);
    let resource_doc = doc(resource.doc.as_deref());
    let methods = resource.methods.iter().map(|method| {
        let name = ident(&method.name);
        let builder = ident(&method.builder);
        let doc = doc(Some(&method_doc(method)));
        let deprecated = method.deprecated.then(|| {
            quote! {
                #[deprecated(note = "the API marks this operation as deprecated")]
                #[allow(deprecated)]
            }
        });
        let params = method.path_params.iter().map(|param| {
            let name = ident(&param.name);
            let ty = path_param_type(param);
            quote!(#name: #ty)
        });
        let arguments = method.path_params.iter().map(|param| ident(&param.name));
        quote! {
            #doc
            #deprecated
            pub fn #name(&self, #(#params),*) -> #builder {
                #builder { inner: self.inner.#name(#(#arguments),*), runtime: self.runtime.clone() }
            }
        }
    });
    let builders = resource.methods.iter().map(|method| builder(resource, method));
    let helpers = super::helpers::blocking_helpers(resource);
    quote! {
        #resource_doc
        #[derive(Debug, Clone)]
        pub struct #type_name {
            inner: super::#module::#type_name,
            runtime: runtime::BlockingRuntime,
        }

        impl #type_name {
            #(#children)*

            #(#methods)*

            #(#helpers)*
        }

        #(#builders)*
    }
}

fn builder(resource: &Resource, method: &Method) -> TokenStream {
    let builder = ident(&method.builder);
    let module = ident(&resource.name);
    let builder_doc = doc(Some(&format!(
        "A blocking request to [`{}::{}`]: set its parameters, then call [`send`](Self::send).",
        resource.type_name,
        method.name.trim_start_matches("r#")
    )));
    let setters = setters(method);
    let derives = if setters.iter().any(|setter| contains_upload(setter.ty)) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone)])
    };
    let forwarded = setters.iter().map(|setter| {
        let name = ident(setter.name);
        let doc = doc(setter.doc);
        let deprecated = setter.deprecated.then(|| quote!(#[deprecated] #[allow(deprecated)]));
        let (argument, _) = setter_signature(setter.ty, &name);
        quote! {
            #doc
            #deprecated
            pub fn #name(mut self, #name: #argument) -> Self {
                self.inner = self.inner.#name(#name);
                self
            }
        }
    });
    let (return_type, kind) = response_types(&method.response, quote!(runtime::BlockingByteStream));
    let send = match &method.pagination {
        Some(pagination) => {
            let item = rust_type(&pagination.item_type, Scope::Sibling);
            quote! {
                /// Sends the request and returns the first page; `next_page` fetches the next. To go
                /// through every item, use [`items`](Self::items).
                pub fn send(self) -> Result<runtime::BlockingPage<super::#module::#builder>, runtime::Error> {
                    runtime::BlockingPage::fetch(self.inner, self.runtime)
                }

                /// Every item of every page, fetched page by page as the iterator advances, with these
                /// parameters and options on every request. An error ends the iteration.
                pub fn items(self) -> runtime::BlockingIter<#item> {
                    runtime::blocking::items(self.inner, self.runtime)
                }

                /// Every page, fetched as the iterator advances. An error ends the iteration.
                pub fn pages(self) -> impl Iterator<Item = Result<runtime::BlockingPage<super::#module::#builder>, runtime::Error>> {
                    runtime::blocking::pages(self.inner, self.runtime)
                }

                /// Every item of every page, in a `Vec`: for lists known to be small.
                pub fn collect_all(self) -> Result<Vec<#item>, runtime::Error> {
                    self.items().collect()
                }
            }
        }
        None => quote! {
            /// Sends the request and waits for the response.
            pub fn send(self) -> Result<#return_type, runtime::Error> {
                self.send_raw()?.parse()
            }
        },
    };
    quote! {
        #builder_doc
        #derives
        #[must_use = "the request is sent only by `.send()`"]
        pub struct #builder {
            inner: super::#module::#builder,
            runtime: runtime::BlockingRuntime,
        }

        impl #builder {
            #(#forwarded)*

            /// Extra headers, query parameters or body fields, a timeout or a retry budget for this request.
            pub fn with_options(mut self, options: runtime::RequestOptions) -> Self {
                self.inner = self.inner.with_options(options);
                self
            }

            #send

            /// Sends the request and returns the response before its body is read.
            pub fn send_raw(self) -> Result<runtime::BlockingRawResponse<#kind>, runtime::Error> {
                let raw = self.runtime.block_on(self.inner.send_raw())?;
                Ok(runtime::BlockingRawResponse::new(raw, self.runtime))
            }
        }
    }
}
