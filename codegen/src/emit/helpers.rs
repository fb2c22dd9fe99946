//! Helper methods declared in `sdk.yaml`: a resource method combined with a transfer or a wait,
//! emitted on the async resource and, as thin wrappers, on the blocking one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::resource::path_param_type;
use super::rust::{doc, ident, rust_type, Scope};
use crate::ir::{Helper, HelperArgument, HelperKind, Method, PageField, Resource, TypeRef};

/// A helper's signature, shared by its async and blocking forms.
struct Signature {
    doc: TokenStream,
    name: proc_macro2::Ident,
    params: Vec<TokenStream>,
    arguments: Vec<proc_macro2::Ident>,
    output: TokenStream,
    deprecated: Option<TokenStream>,
}

fn signature(resource: &Resource, helper: &Helper) -> Signature {
    let method = &resource.methods[helper.method];
    let called = method.name.trim_start_matches("r#");
    let path_params = method.path_params.iter().map(|param| {
        let name = ident(&param.name);
        let ty = path_param_type(param);
        (quote!(#name: #ty), ident(&param.name))
    });
    let extra = |arguments: &[HelperArgument]| -> Vec<(TokenStream, proc_macro2::Ident)> {
        arguments
            .iter()
            .map(|argument| {
                let name = ident(&argument.name);
                let ty = rust_type(&argument.ty, Scope::Sibling);
                let ty = if argument.required { ty } else { quote!(Option<#ty>) };
                (quote!(#name: #ty), ident(&argument.name))
            })
            .collect()
    };
    let file = (quote!(file: runtime::UploadFile), format_ident!("file"));
    let files = (quote!(files: Vec<runtime::UploadFile>), format_ident!("files"));
    let options = (quote!(options: runtime::WaitOptions), format_ident!("options"));
    let (text, inputs, output): (String, Vec<(TokenStream, proc_macro2::Ident)>, TokenStream) = match &helper.kind {
        HelperKind::DownloadUrl { url } => (
            format!(
                "Downloads the content behind the `{}` that [`{called}`](Self::{called}) returns, as a stream, without sending credentials to where it points.",
                url.name
            ),
            path_params.collect(),
            quote!(runtime::ByteStream),
        ),
        HelperKind::PresignedPut { url, result, arguments, .. } => {
            let mut inputs = vec![file];
            inputs.extend(path_params);
            inputs.extend(extra(arguments));
            (
                format!(
                    "Uploads `file`: asks [`{called}`](Self::{called}) for URLs with the file's name, exact size and MIME type, PUTs the content to `{}` (streamed, with exactly that `Content-Length` and `Content-Type`, without credentials) and returns `{}`.",
                    url.name, result.name
                ),
                inputs,
                quote!(String),
            )
        }
        HelperKind::BatchPut { url, arguments, .. } => {
            let mut inputs = vec![files];
            inputs.extend(path_params);
            inputs.extend(extra(arguments));
            let response = match &method.response {
                crate::ir::Response::Json(ty) => rust_type(ty, Scope::Sibling),
                _ => quote!(()),
            };
            (
                format!(
                    "Registers `files` with [`{called}`](Self::{called}), one entry per file with its name and MIME type, then PUTs each file to the `{}` it gets (streamed, without credentials). Returns the registration.",
                    url.name
                ),
                inputs,
                response,
            )
        }
        HelperKind::Wait { status, done, failed, .. } => {
            let mut inputs: Vec<_> = path_params.collect();
            inputs.push(options);
            let response = match &method.response {
                crate::ir::Response::Json(ty) => rust_type(ty, Scope::Sibling),
                _ => quote!(()),
            };
            (
                format!(
                    "Polls [`{called}`](Self::{called}), backing off between calls, until `{}` is {} (returns the last response) or {} (an [`Error::ProcessingFailed`](runtime::Error::ProcessingFailed) with the server's message), or `options.timeout` passes.",
                    status.name,
                    quoted(done),
                    quoted(failed)
                ),
                inputs,
                response,
            )
        }
    };
    let deprecated = method.deprecated.then(|| quote!(#[allow(deprecated)]));
    let (params, arguments) = inputs.into_iter().unzip();
    Signature { doc: doc(Some(&text)), name: ident(&helper.name), params, arguments, output, deprecated }
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(" or ")
}

/// The helpers as methods of the async resource.
pub fn async_helpers(resource: &Resource) -> Vec<TokenStream> {
    resource
        .helpers
        .iter()
        .map(|helper| {
            let Signature { doc, name, params, output, deprecated, .. } = signature(resource, helper);
            let method = &resource.methods[helper.method];
            // Path parameters may be called for more than once (a wait): own them first.
            let owned = method.path_params.iter().filter(|param| param.ty == TypeRef::String).map(|param| {
                let name = ident(&param.name);
                quote!(let #name: String = #name.into();)
            });
            let body = body(method, helper);
            quote! {
                #doc
                #deprecated
                pub async fn #name(&self, #(#params),*) -> Result<#output, runtime::Error> {
                    #(#owned)*
                    #body
                }
            }
        })
        .collect()
}

/// The helpers as methods of the blocking resource, waiting for the async ones.
pub fn blocking_helpers(resource: &Resource) -> Vec<TokenStream> {
    resource
        .helpers
        .iter()
        .map(|helper| {
            let Signature { doc, name, params, arguments, output, .. } = signature(resource, helper);
            let call = quote!(self.runtime.block_on(self.inner.#name(#(#arguments),*)));
            let (output, body) = match &helper.kind {
                HelperKind::DownloadUrl { .. } => (
                    quote!(runtime::BlockingByteStream),
                    quote!(Ok(runtime::BlockingByteStream::new(#call?, self.runtime.clone()))),
                ),
                _ => (output, call),
            };
            quote! {
                #doc
                pub fn #name(&self, #(#params),*) -> Result<#output, runtime::Error> {
                    #body
                }
            }
        })
        .collect()
}

fn call_method(method: &Method) -> TokenStream {
    let name = ident(&method.name);
    // Strings are owned by the helper and may be needed again; other path types are `Copy`.
    let arguments = method.path_params.iter().map(|param| {
        let name = ident(&param.name);
        if param.ty == TypeRef::String {
            quote!(#name.clone())
        } else {
            quote!(#name)
        }
    });
    quote!(self.#name(#(#arguments),*))
}

/// An error about what the caller passed.
fn missing(what: &str) -> TokenStream {
    quote!(runtime::Error::InvalidRequest { message: #what.to_owned() })
}

/// An error about what the server answered.
fn unexpected(what: &str) -> TokenStream {
    quote!(runtime::Error::UnexpectedResponse { message: #what.to_owned() })
}

/// `response.<field>` as a `&str`, or an error naming the field when it is absent.
fn url_of(response: &TokenStream, field: &PageField, called: &str) -> TokenStream {
    let name = ident(&field.name);
    if field.optional {
        let message = unexpected(&format!("`{called}` returned no `{}`", field.name.trim_start_matches("r#")));
        quote!(#response.#name.as_deref().ok_or_else(|| #message)?)
    } else {
        quote!(&#response.#name)
    }
}

fn set_arguments(request: &proc_macro2::Ident, arguments: &[HelperArgument]) -> TokenStream {
    let sets = arguments.iter().map(|argument| {
        let name = ident(&argument.name);
        if argument.required {
            quote!(let #request = #request.#name(#name);)
        } else {
            quote!(let #request = match #name { Some(value) => #request.#name(value), None => #request };)
        }
    });
    quote!(#(#sets)*)
}

fn body(method: &Method, helper: &Helper) -> TokenStream {
    let called = method.name.trim_start_matches("r#");
    let call = call_method(method);
    let request = format_ident!("request");
    let response = quote!(response);
    match &helper.kind {
        HelperKind::DownloadUrl { url } => {
            let url = url_of(&response, url, called);
            quote! {
                let response = #call.send().await?;
                self.transport.download_url(#url, runtime::RequestOptions::default()).await
            }
        }
        HelperKind::PresignedPut { name, size, mime_type, url, result, arguments } => {
            let (name, mime_type, size_setter) = (ident(name), ident(mime_type), ident(&size.name));
            let no_name = missing("the file has no name: call `.file_name(\"name.ext\")` on the UploadFile");
            let no_size = missing("a presigned upload needs the exact size: give the stream a `content_length`");
            let too_large = missing("the file is too large for the API's size field");
            let size_type = rust_type(&size.ty, Scope::Sibling);
            let url = url_of(&response, url, called);
            let result = ident(&result.name);
            let result = if let Some(field) = helper_result_optional(helper) {
                quote!(#response.#result.ok_or_else(|| #field)?)
            } else {
                quote!(#response.#result)
            };
            let set_arguments = set_arguments(&request, arguments);
            quote! {
                let file_name = file.name().ok_or_else(|| #no_name)?.to_owned();
                let size = file.size()?.ok_or_else(|| #no_size)?;
                let size = #size_type::try_from(size).map_err(|_| #too_large)?;
                let #request = #call.#name(file_name).#size_setter(size).#mime_type(file.effective_mime_type());
                #set_arguments
                let response = #request.send().await?;
                self.transport.upload_presigned_put(#url, file, runtime::RequestOptions::default()).await?;
                Ok(#result)
            }
        }
        HelperKind::BatchPut { files, item_type, path, mime_type, results, url, arguments } => {
            let (files_setter, item_type, path, mime_type, results) =
                (ident(files), ident(item_type), ident(path), ident(mime_type), ident(results));
            let no_name = missing("every file needs a name: call `.file_name(\"name.ext\")` on the UploadFile");
            let mismatch =
                unexpected(&format!("`{called}` returned a different number of entries than files were given"));
            let result = quote!(result);
            let url = url_of(&result, url, called);
            let set_arguments = set_arguments(&request, arguments);
            quote! {
                let items = files
                    .iter()
                    .map(|file| {
                        let name = file.name().ok_or_else(|| #no_name)?;
                        Ok(types::#item_type { #path: Some(name.to_owned()), #mime_type: Some(file.effective_mime_type()), ..Default::default() })
                    })
                    .collect::<Result<Vec<_>, runtime::Error>>()?;
                let #request = #call.#files_setter(items);
                #set_arguments
                let response = #request.send().await?;
                if response.#results.len() != files.len() {
                    return Err(#mismatch);
                }
                for (file, result) in files.into_iter().zip(&response.#results) {
                    self.transport.upload_presigned_put(#url, file, runtime::RequestOptions::default()).await?;
                }
                Ok(response)
            }
        }
        HelperKind::Wait { status, done, failed, message } => {
            let status_name = ident(&status.name);
            let status_text = match &status.ty {
                TypeRef::String => quote!(response.#status_name.as_str()),
                _ => quote!(response.#status_name.as_str()),
            };
            let message_name = ident(&message.name);
            let message = if message.optional {
                quote!(response.#message_name.clone())
            } else {
                quote!(Some(response.#message_name.clone()))
            };
            let what = helper.name.trim_start_matches("r#");
            quote! {
                runtime::wait_until(options, #what, || #call.send(), |response| match #status_text {
                    #(#done)|* => runtime::WaitState::Done,
                    #(#failed)|* => runtime::WaitState::Failed(#message),
                    other => runtime::WaitState::Pending(other.to_owned()),
                })
                .await
            }
        }
    }
}

/// For a presigned upload whose result field is optional: the error when it is absent.
fn helper_result_optional(helper: &Helper) -> Option<TokenStream> {
    match &helper.kind {
        HelperKind::PresignedPut { result, .. } if result.optional => {
            Some(unexpected(&format!("the response has no `{}`", result.name.trim_start_matches("r#"))))
        }
        _ => None,
    }
}
