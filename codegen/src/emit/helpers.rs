//! Helper methods declared in `sdk.yaml`: a resource method combined with a transfer or a wait.
//! Their parameters were named by lowering around the locals the bodies bind, which
//! [`crate::ir::reserved::HELPER_LOCALS`] lists, so none shadows another.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc, rust_type, Scope};
use super::setters::{path_param_type, string_type};
use crate::ir::{Api, Helper, HelperArgument, HelperKind, Method, PageField, Resource, Response};

/// The helpers of `resource`, as async methods of it.
pub fn helpers(api: &Api, resource: &Resource) -> Vec<TokenStream> {
    resource.helpers.iter().map(|helper| helper_method(api, resource.method(helper.method), helper)).collect()
}

fn helper_method(api: &Api, method: &Method, helper: &Helper) -> TokenStream {
    let name = &helper.name;
    let (params, output) = signature(api, method, helper);
    let doc = doc(Some(&helper_doc(method, &helper.kind)));
    let returned = match &method.response {
        Response::Json(ty) => Some(ty),
        _ => None,
    };
    let argument_types = match &helper.kind {
        HelperKind::PresignedPut { arguments, .. } | HelperKind::BatchPut { arguments, .. } => arguments.as_slice(),
        _ => &[],
    };
    let types = returned.into_iter().chain(argument_types.iter().map(|argument| &argument.ty));
    let allow = (method.deprecated || allow_deprecated(api, types).is_some()).then(|| quote!(#[allow(deprecated)]));
    // Path parameters may be called for more than once (a wait): own them first.
    let owned = method.path_params.iter().zip(&helper.path_args).filter_map(|(param, arg)| {
        let string = string_type(api, &param.ty)?;
        Some(quote!(let #arg: #string = #arg.into();))
    });
    let body = body(api, method, helper);
    quote! {
        #doc
        #allow
        pub async fn #name(&self, #(#params),*) -> Result<#output, runtime::Error> {
            #(#owned)*
            #body
        }
    }
}

/// A helper's parameters and the type it returns.
fn signature(api: &Api, method: &Method, helper: &Helper) -> (Vec<TokenStream>, TokenStream) {
    let path_params = method.path_params.iter().zip(&helper.path_args).map(|(param, arg)| {
        let ty = path_param_type(api, param);
        quote!(#arg: #ty)
    });
    let extra = |arguments: &[HelperArgument]| -> Vec<TokenStream> {
        arguments
            .iter()
            .map(|argument| {
                let (name, ty) = (&argument.name, rust_type(api, &argument.ty, Scope::Sibling));
                if argument.required {
                    quote!(#name: #ty)
                } else {
                    quote!(#name: Option<#ty>)
                }
            })
            .collect()
    };
    let response = match &method.response {
        Response::Json(ty) => rust_type(api, ty, Scope::Sibling),
        _ => quote!(()),
    };
    match &helper.kind {
        HelperKind::DownloadUrl { .. } => (path_params.collect(), quote!(runtime::ByteStream)),
        HelperKind::PresignedPut { arguments, .. } => {
            let file = quote!(file: runtime::UploadFile);
            (std::iter::once(file).chain(path_params).chain(extra(arguments)).collect(), quote!(String))
        }
        HelperKind::BatchPut { arguments, .. } => {
            let files = quote!(files: Vec<runtime::UploadFile>);
            (std::iter::once(files).chain(path_params).chain(extra(arguments)).collect(), response)
        }
        HelperKind::Wait { .. } => {
            (path_params.chain(std::iter::once(quote!(options: runtime::WaitOptions))).collect(), response)
        }
    }
}

/// What a helper's doc says it does.
fn helper_doc(method: &Method, kind: &HelperKind) -> String {
    let (called, method) = (method.name.bare(), method.name.as_str());
    match kind {
        HelperKind::DownloadUrl { url } => format!(
            "Downloads the content behind the `{url}` that [`{called}`](Self::{method}) returns, as a stream, \
             without sending credentials to where it points.",
            url = url.name,
        ),
        HelperKind::PresignedPut { url, result, .. } => format!(
            "Uploads `file`: asks [`{called}`](Self::{method}) for URLs with the file's name, exact size and \
             MIME type, PUTs the content to `{url}` (streamed, with exactly that `Content-Length` and \
             `Content-Type`, without credentials) and returns `{result}`.\n\n\
             A reader or stream without a `content_length` is read to its end first to learn its size: up to \
             8 MiB in memory, the rest in a temporary file (see [`UploadFile`](runtime::UploadFile)).",
            url = url.name,
            result = result.name,
        ),
        HelperKind::BatchPut { url, .. } => format!(
            "Registers `files` with [`{called}`](Self::{method}), one entry per file with its name and MIME \
             type, then PUTs each file to the `{url}` it gets (streamed, without credentials). Returns the \
             registration.",
            url = url.name,
        ),
        HelperKind::Wait { status, done, failed, .. } => format!(
            "Polls [`{called}`](Self::{method}), backing off between calls, until `{status}` is {done} (returns \
             the last response) or {failed} (an [`Error::ProcessingFailed`](runtime::Error::ProcessingFailed) \
             with the server's message), or `options.timeout` passes.",
            status = status.name,
            done = quoted(done),
            failed = quoted(failed),
        ),
    }
}

fn quoted(values: &[String]) -> String {
    values.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(" or ")
}

/// `self.<method>(<path arguments>)`: strings are owned by the helper and may be needed again.
fn call_method(api: &Api, method: &Method, helper: &Helper) -> TokenStream {
    let name = &method.name;
    let arguments = method.path_params.iter().zip(&helper.path_args).map(|(param, arg)| {
        if string_type(api, &param.ty).is_some() {
            quote!(#arg.clone())
        } else {
            quote!(#arg)
        }
    });
    quote!(self.#name(#(#arguments),*))
}

/// An error about what the caller passed.
fn invalid(what: &str) -> TokenStream {
    quote!(runtime::Error::InvalidRequest { message: #what.to_owned() })
}

/// An error about what the server answered.
fn unexpected(what: &str) -> TokenStream {
    quote!(runtime::Error::UnexpectedResponse { message: #what.to_owned() })
}

/// `<value>.<field>` as a `&str`, or an error naming the field when it is absent.
fn str_of(value: &TokenStream, field: &PageField, called: &str) -> TokenStream {
    let name = &field.name;
    if field.optional {
        let message = unexpected(&format!("`{called}` returned no `{}`", field.name));
        quote!(#value.#name.as_deref().ok_or_else(|| #message)?)
    } else {
        quote!(&#value.#name)
    }
}

/// `request = request.<setter>(<argument>)` for each extra argument that was given.
fn set_arguments(arguments: &[HelperArgument]) -> TokenStream {
    let sets = arguments.iter().map(|argument| {
        let (name, setter) = (&argument.name, &argument.setter);
        if argument.required {
            quote!(let request = request.#setter(#name);)
        } else {
            quote!(let request = match #name { Some(value) => request.#setter(value), None => request };)
        }
    });
    quote!(#(#sets)*)
}

fn body(api: &Api, method: &Method, helper: &Helper) -> TokenStream {
    let called = method.name.bare();
    let call = call_method(api, method, helper);
    match &helper.kind {
        HelperKind::DownloadUrl { url } => {
            let url = str_of(&quote!(response), url, called);
            quote! {
                let response = #call.send().await?;
                self.transport.download_url(#url, runtime::RequestOptions::default()).await
            }
        }
        HelperKind::PresignedPut { name, size, size_type, mime_type, url, result, arguments } => {
            let no_name = invalid("the file has no name: call `.file_name(\"name.ext\")` on the UploadFile");
            let too_large = invalid("the file is too large for the API's size field");
            let size_type = rust_type(api, size_type, Scope::Sibling);
            let url = str_of(&quote!(response), url, called);
            let result_name = &result.name;
            let result = if result.optional {
                let message = unexpected(&format!("the response has no `{}`", result.name));
                quote!(response.#result_name.ok_or_else(|| #message)?)
            } else {
                quote!(response.#result_name)
            };
            let set_arguments = set_arguments(arguments);
            quote! {
                let file_name = file.name().ok_or_else(|| #no_name)?.to_owned();
                let (file, size) = file.with_known_size().await?;
                let size = #size_type::try_from(size).map_err(|_| #too_large)?;
                let request = #call.#name(file_name).#size(size).#mime_type(file.effective_mime_type());
                #set_arguments
                let response = request.send().await?;
                self.transport.upload_presigned_put(#url, file, runtime::RequestOptions::default()).await?;
                Ok(#result)
            }
        }
        HelperKind::BatchPut { files: files_setter, item_type, path, mime_type, results, url, arguments } => {
            let item_type = &api.ty(*item_type).name;
            let results = &results.name;
            let no_name = invalid("every file needs a name: call `.file_name(\"name.ext\")` on the UploadFile");
            let mismatch =
                unexpected(&format!("`{called}` returned a different number of entries than files were given"));
            let url = str_of(&quote!(result), url, called);
            let set_arguments = set_arguments(arguments);
            quote! {
                let items = files
                    .iter()
                    .map(|file| {
                        let name = file.name().ok_or_else(|| #no_name)?;
                        Ok(types::#item_type { #path: Some(name.to_owned()), #mime_type: Some(file.effective_mime_type()), ..Default::default() })
                    })
                    .collect::<Result<Vec<_>, runtime::Error>>()?;
                let request = #call.#files_setter(items);
                #set_arguments
                let response = request.send().await?;
                if response.#results.len() != files.len() {
                    return Err(#mismatch);
                }
                for (file, result) in files.into_iter().zip(&response.#results) {
                    self.transport.upload_presigned_put(#url, file, runtime::RequestOptions::default()).await?;
                }
                Ok(response)
            }
        }
        HelperKind::Wait { status, done, failed, message } => wait_body(&call, helper, status, done, failed, message),
    }
}

/// A wait: the call again and again until the status says it is done or failed.
fn wait_body(
    call: &TokenStream,
    helper: &Helper,
    status: &PageField,
    done: &[String],
    failed: &[String],
    message: &PageField,
) -> TokenStream {
    let status_name = &status.name;
    let message_name = &message.name;
    let message = if message.optional {
        quote!(response.#message_name.clone())
    } else {
        quote!(Some(response.#message_name.clone()))
    };
    let what = helper.name.bare();
    quote! {
        runtime::wait::wait_until(options, #what, || #call.send(), |response| match response.#status_name.as_str() {
            #(#done)|* => runtime::wait::WaitState::Done,
            #(#failed)|* => runtime::wait::WaitState::Failed(#message),
            other => runtime::wait::WaitState::Pending(other.to_owned()),
        })
        .await
    }
}
