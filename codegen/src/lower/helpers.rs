//! Helper declarations of `sdk.yaml` → IR helpers, with every field they name checked against the
//! types of the method they call.

use std::collections::BTreeMap;

use super::names;
use crate::config::{HelperConfig, SdkConfig};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    Body, Field, Helper, HelperArgument, HelperKind, Method, PageField, Response, TypeDef, TypeDefKind, TypeRef,
};

pub(super) fn lower_helpers(
    helpers: &BTreeMap<String, HelperConfig>,
    methods: &[Method],
    types: &BTreeMap<String, TypeDef>,
    config: &SdkConfig,
    pointer: &Pointer,
) -> Result<Vec<Helper>, Error> {
    helpers
        .iter()
        .map(|(name, helper)| {
            let at = pointer.push(name);
            let lookup = Lookup { types, config, at: &at };
            if methods.iter().any(|method| method.name == names::snake(name)) {
                return Err(config.error(&at, format!("`{name}` is already a method of this resource")));
            }
            let method_name = match helper {
                HelperConfig::DownloadUrl { method, .. }
                | HelperConfig::PresignedPut { method, .. }
                | HelperConfig::BatchPut { method, .. }
                | HelperConfig::Wait { method, .. } => method,
            };
            let kind_key = match helper {
                HelperConfig::DownloadUrl { .. } => "download_url",
                HelperConfig::PresignedPut { .. } => "presigned_put",
                HelperConfig::BatchPut { .. } => "batch_put",
                HelperConfig::Wait { .. } => "wait",
            };
            let at = at.push(kind_key);
            let lookup = Lookup { at: &at, ..lookup };
            let index = methods.iter().position(|method| method.name == names::snake(method_name)).ok_or_else(|| {
                let known: Vec<&str> = methods.iter().map(|method| method.name.as_str()).collect();
                config.error(&at.push("method"), format!("no method `{method_name}` in this resource; it has {known:?}"))
            })?;
            let method = &methods[index];
            let kind = match helper {
                HelperConfig::DownloadUrl { url_field, .. } => {
                    let response = lookup.response_fields(method)?;
                    HelperKind::DownloadUrl { url: lookup.string_field(response, "url_field", url_field)? }
                }
                HelperConfig::PresignedPut { name_field, size_field, mime_type_field, url_field, result_field, .. } => {
                    let body = lookup.body_fields(method)?;
                    let response = lookup.response_fields(method)?;
                    let name = lookup.string_field(body, "name_field", name_field)?.name;
                    let mime_type = lookup.string_field(body, "mime_type_field", mime_type_field)?.name;
                    let size = lookup.field(body, "size_field", size_field)?;
                    if !matches!(size.ty, TypeRef::I32 | TypeRef::I64) {
                        return Err(config.error(&at.push("size_field"), format!("`{size_field}` must be an integer")));
                    }
                    let filled = [name_field, size_field, mime_type_field];
                    HelperKind::PresignedPut {
                        arguments: arguments(body, &filled),
                        name,
                        size,
                        mime_type,
                        url: lookup.string_field(response, "url_field", url_field)?,
                        result: lookup.string_field(response, "result_field", result_field)?,
                    }
                }
                HelperConfig::BatchPut { files_field, path_field, mime_type_field, results_field, url_field, .. } => {
                    let body = lookup.body_fields(method)?;
                    let files = lookup.field(body, "files_field", files_field)?;
                    let item_type = lookup.array_of_struct(&files, "files_field")?;
                    let item_fields = lookup.struct_fields(&item_type, "files_field")?;
                    if !item_fields.iter().all(Field::is_optional) {
                        return Err(config.error(&at.push("files_field"), format!("every field of `{item_type}` must be optional, so that the helper can fill in the file's")));
                    }
                    let path = lookup.string_field(item_fields, "path_field", path_field)?;
                    let mime_type = lookup.string_field(item_fields, "mime_type_field", mime_type_field)?;
                    let response = lookup.response_fields(method)?;
                    let results = lookup.field(response, "results_field", results_field)?;
                    let result_type = lookup.array_of_struct(&results, "results_field")?;
                    let url = lookup.string_field(lookup.struct_fields(&result_type, "results_field")?, "url_field", url_field)?;
                    if !path.optional || !mime_type.optional || results.optional {
                        return Err(config.error(&at, "the item's path and MIME type fields must be optional and the results field required"));
                    }
                    HelperKind::BatchPut {
                        arguments: arguments(body, &[files_field]),
                        files: files.name,
                        item_type,
                        path: path.name,
                        mime_type: mime_type.name,
                        results: results.name,
                        url,
                    }
                }
                HelperConfig::Wait { status_field, done, failed, message_field, .. } => {
                    let response = lookup.response_fields(method)?;
                    let status = lookup.field(response, "status_field", status_field)?;
                    let values = match &status.ty {
                        TypeRef::String => None,
                        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
                            Some(TypeDefKind::Enum(variants)) => Some(variants.iter().map(|variant| variant.value.clone()).collect::<Vec<_>>()),
                            _ => return Err(config.error(&at.push("status_field"), format!("`{status_field}` must be a string or a string enum"))),
                        },
                        _ => return Err(config.error(&at.push("status_field"), format!("`{status_field}` must be a string or a string enum"))),
                    };
                    if status.optional {
                        return Err(config.error(&at.push("status_field"), format!("`{status_field}` must be required")));
                    }
                    for (key, list) in [("done", done), ("failed", failed)] {
                        for value in list {
                            if values.as_ref().is_some_and(|values| !values.contains(value)) {
                                return Err(config.error(&at.push(key), format!("`{value}` is not a value of `{status_field}`: {values:?}")));
                            }
                        }
                    }
                    HelperKind::Wait {
                        status,
                        done: done.clone(),
                        failed: failed.clone(),
                        message: lookup.string_field(response, "message_field", message_field)?,
                    }
                }
            };
            Ok(Helper { name: names::snake(name), method: index, kind })
        })
        .collect()
}

/// The method's other settable body fields, which the helper takes as arguments.
fn arguments(body: &[Field], filled: &[&String]) -> Vec<HelperArgument> {
    body.iter()
        .filter(|field| field.is_settable() && !filled.contains(&&field.wire_name))
        .map(|field| HelperArgument {
            name: field.name.clone(),
            ty: field.ty.clone(),
            required: field.required && !field.nullable,
        })
        .collect()
}

#[derive(Clone, Copy)]
struct Lookup<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    config: &'a SdkConfig,
    at: &'a Pointer,
}

impl<'a> Lookup<'a> {
    fn response_fields(&self, method: &Method) -> Result<&'a [Field], Error> {
        match &method.response {
            Response::Json(TypeRef::Named(name)) => self.struct_fields(name, "method"),
            _ => Err(self
                .config
                .error(&self.at.push("method"), format!("`{}` does not return a JSON object", method.name))),
        }
    }

    fn body_fields<'m>(&self, method: &'m Method) -> Result<&'m [Field], Error> {
        match &method.body {
            Some(Body::Object { fields, .. }) => Ok(fields),
            _ => Err(self
                .config
                .error(&self.at.push("method"), format!("`{}` does not take a JSON object", method.name))),
        }
    }

    fn struct_fields(&self, name: &str, key: &str) -> Result<&'a [Field], Error> {
        match self.types.get(name).map(|def| &def.kind) {
            Some(TypeDefKind::Struct(fields)) => Ok(fields),
            _ => Err(self.config.error(&self.at.push(key), format!("`{name}` is not an object"))),
        }
    }

    fn field(&self, fields: &[Field], key: &str, wire: &str) -> Result<PageField, Error> {
        super::field_by_wire_name(fields, wire).map_err(|message| self.config.error(&self.at.push(key), message))
    }

    fn string_field(&self, fields: &[Field], key: &str, wire: &str) -> Result<PageField, Error> {
        let field = self.field(fields, key, wire)?;
        if field.ty != TypeRef::String {
            return Err(self.config.error(&self.at.push(key), format!("`{wire}` must be a string")));
        }
        Ok(field)
    }

    fn array_of_struct(&self, field: &PageField, key: &str) -> Result<String, Error> {
        match &field.ty {
            TypeRef::Array(item) => match item.as_ref() {
                TypeRef::Named(name) => Ok(name.clone()),
                _ => Err(self.config.error(&self.at.push(key), format!("`{}` must be a list of objects", field.name))),
            },
            _ => Err(self.config.error(&self.at.push(key), format!("`{}` must be a list", field.name))),
        }
    }
}
