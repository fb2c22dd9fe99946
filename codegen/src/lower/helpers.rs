//! Helper declarations of `sdk.yaml` → IR helpers, with every field they name checked against the
//! types of the method they call.

use std::collections::BTreeMap;

use super::names::Namespace;
use crate::config::{HelperConfig, SdkConfig};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    reserved, Field, Helper, HelperArgument, HelperKind, Ident, Method, MethodId, PageField, Response, SetterTarget,
    TypeDefKind, TypeId, TypeRef, Types,
};

/// Lowers the helpers of one resource; `methods` are its methods in order, each with the name the SDK
/// config gives it (the name a helper's `method` refers to, whatever the method was renamed to);
/// `claim` gives each helper its method name on the resource.
pub(super) fn lower_helpers(
    helpers: &BTreeMap<String, HelperConfig>,
    methods: &[(&str, &Method)],
    types: &Types,
    config: &SdkConfig,
    pointer: &Pointer,
    mut claim: impl FnMut(&str) -> Ident,
) -> Result<Vec<Helper>, Error> {
    let mut lowered = Vec::new();
    for (name, helper) in helpers {
        let at = pointer.push(name);
        if methods.iter().any(|(configured, _)| super::names::snake(configured) == super::names::snake(name)) {
            return Err(config.error(&at, format!("`{name}` is already a method of this resource")));
        }
        let (method_name, kind_key) = match helper {
            HelperConfig::DownloadUrl { method, .. } => (method, "download_url"),
            HelperConfig::PresignedPut { method, .. } => (method, "presigned_put"),
            HelperConfig::BatchPut { method, .. } => (method, "batch_put"),
            HelperConfig::Wait { method, .. } => (method, "wait"),
        };
        let at = at.push(kind_key);
        let index = methods.iter().position(|(configured, _)| configured == method_name).or_else(|| {
            let wanted = super::names::snake(method_name);
            methods.iter().position(|(configured, _)| super::names::snake(configured) == wanted)
        });
        let index = index.ok_or_else(|| {
            let known: Vec<&str> = methods.iter().map(|(configured, _)| *configured).collect();
            config.error(&at.push("method"), format!("no method `{method_name}` in this resource; it has {known:?}"))
        })?;
        let method = methods[index].1;
        let mut parameters = Namespace::new(reserved::HELPER_LOCALS);
        let path_args = method.path_params.iter().map(|param| parameters.claim(param.name.bare())).collect();
        let lookup = Lookup { types, config, at: &at, method };
        let kind = lookup.kind(helper, &mut parameters)?;
        lowered.push(Helper { name: claim(name), method: MethodId::new(index), path_args, kind });
    }
    Ok(lowered)
}

struct Lookup<'a> {
    types: &'a Types,
    config: &'a SdkConfig,
    at: &'a Pointer,
    method: &'a Method,
}

impl<'a> Lookup<'a> {
    fn kind(&self, helper: &HelperConfig, parameters: &mut Namespace) -> Result<HelperKind, Error> {
        Ok(match helper {
            HelperConfig::DownloadUrl { url_field, .. } => {
                HelperKind::DownloadUrl { url: self.string_field(self.response_fields()?, "url_field", url_field)? }
            }
            HelperConfig::PresignedPut { name_field, size_field, mime_type_field, url_field, result_field, .. } => {
                let response = self.response_fields()?;
                let (size, size_type) = self.body_setter("size_field", size_field)?;
                if !matches!(size_type, TypeRef::I32 | TypeRef::I64) {
                    return Err(self.error("size_field", format!("`{size_field}` must be an integer")));
                }
                HelperKind::PresignedPut {
                    name: self.string_setter("name_field", name_field)?,
                    size,
                    size_type,
                    mime_type: self.string_setter("mime_type_field", mime_type_field)?,
                    url: self.string_field(response, "url_field", url_field)?,
                    result: self.string_field(response, "result_field", result_field)?,
                    arguments: self.arguments(&[name_field, size_field, mime_type_field], parameters),
                }
            }
            HelperConfig::BatchPut { files_field, path_field, mime_type_field, results_field, url_field, .. } => {
                let (files, files_type) = self.body_setter("files_field", files_field)?;
                let item_type = self.array_of_struct(&files_type, files_field, "files_field")?;
                let item_fields = self.struct_fields(item_type, "files_field")?;
                if !item_fields.iter().all(Field::is_optional) {
                    let name = &self.types[item_type].name;
                    let message =
                        format!("every field of `{name}` must be optional, so that the helper can fill in the file's");
                    return Err(self.error("files_field", message));
                }
                let path = self.string_field(item_fields, "path_field", path_field)?;
                let mime_type = self.string_field(item_fields, "mime_type_field", mime_type_field)?;
                let results = self.field(self.response_fields()?, "results_field", results_field)?;
                let result_type = self.array_of_struct(&results.ty, results_field, "results_field")?;
                let url =
                    self.string_field(self.struct_fields(result_type, "results_field")?, "url_field", url_field)?;
                if results.optional {
                    return Err(self.config.error(self.at, "the results field must be required"));
                }
                HelperKind::BatchPut {
                    files,
                    item_type,
                    path: path.name,
                    mime_type: mime_type.name,
                    results,
                    url,
                    arguments: self.arguments(&[files_field], parameters),
                }
            }
            HelperConfig::Wait { status_field, done, failed, message_field, .. } => {
                self.wait(status_field, done, failed, message_field)?
            }
        })
    }

    /// A wait on the status field: its values, where it has a fixed set, must include `done`'s and
    /// `failed`'s.
    fn wait(
        &self,
        status_field: &str,
        done: &[String],
        failed: &[String],
        message_field: &str,
    ) -> Result<HelperKind, Error> {
        let response = self.response_fields()?;
        let status = self.field(response, "status_field", status_field)?;
        let not_a_status = || self.error("status_field", format!("`{status_field}` must be a string or a string enum"));
        let values = match &status.ty {
            TypeRef::String => None,
            TypeRef::Named(id) => match &self.types[*id].kind {
                TypeDefKind::Enum(variants) => {
                    Some(variants.iter().map(|variant| variant.value.clone()).collect::<Vec<_>>())
                }
                _ => return Err(not_a_status()),
            },
            _ => return Err(not_a_status()),
        };
        if status.optional {
            return Err(self.error("status_field", format!("`{status_field}` must be required")));
        }
        for (key, list) in [("done", done), ("failed", failed)] {
            for value in list {
                if values.as_ref().is_some_and(|values| !values.contains(value)) {
                    return Err(self.error(key, format!("`{value}` is not a value of `{status_field}`: {values:?}")));
                }
            }
        }
        Ok(HelperKind::Wait {
            status,
            done: done.to_vec(),
            failed: failed.to_vec(),
            message: self.string_field(response, "message_field", message_field)?,
        })
    }

    fn error(&self, key: &str, message: String) -> Error {
        self.config.error(&self.at.push(key), message)
    }

    fn response_fields(&self) -> Result<&'a [Field], Error> {
        match &self.method.response {
            Response::Json(TypeRef::Named(id)) => self.struct_fields(*id, "method"),
            _ => Err(self.error("method", format!("`{}` does not return a JSON object", self.method.name))),
        }
    }

    fn struct_fields(&self, id: TypeId, key: &str) -> Result<&'a [Field], Error> {
        let fields = self.types.struct_fields(&TypeRef::Named(id));
        fields.ok_or_else(|| self.error(key, format!("`{}` is not an object", self.types[id].name)))
    }

    /// The called method's body fields, as its builder sets them.
    fn body_fields(&self) -> Result<&'a [Field], Error> {
        match &self.method.body {
            Some(crate::ir::Body::Object { ty, .. }) => self.struct_fields(*ty, "method"),
            _ => Err(self.error("method", format!("`{}` does not take a JSON object", self.method.name))),
        }
    }

    /// The setter of the body field `wire`, with the field's type.
    fn body_setter(&self, key: &str, wire: &str) -> Result<(Ident, TypeRef), Error> {
        let fields = self.body_fields()?;
        let setter = self.method.setters.iter().find_map(|setter| match setter.target {
            SetterTarget::BodyField(id) if fields[id.index()].wire_name == wire => {
                Some((setter.name.clone(), fields[id.index()].ty.clone()))
            }
            _ => None,
        });
        setter.ok_or_else(|| {
            let known: Vec<&str> =
                fields.iter().filter(|field| field.is_settable()).map(|field| field.wire_name.as_str()).collect();
            self.error(key, format!("no settable body field `{wire}`; it has {known:?}"))
        })
    }

    fn string_setter(&self, key: &str, wire: &str) -> Result<Ident, Error> {
        let (setter, ty) = self.body_setter(key, wire)?;
        if ty != TypeRef::String {
            return Err(self.error(key, format!("`{wire}` must be a string")));
        }
        Ok(setter)
    }

    fn field(&self, fields: &[Field], key: &str, wire: &str) -> Result<PageField, Error> {
        super::fields::field_by_wire_name(fields, wire).map_err(|message| self.error(key, message))
    }

    fn string_field(&self, fields: &[Field], key: &str, wire: &str) -> Result<PageField, Error> {
        let field = self.field(fields, key, wire)?;
        if field.ty != TypeRef::String {
            return Err(self.error(key, format!("`{wire}` must be a string")));
        }
        Ok(field)
    }

    fn array_of_struct(&self, ty: &TypeRef, wire: &str, key: &str) -> Result<TypeId, Error> {
        match ty {
            TypeRef::Array(item) => match item.as_ref() {
                TypeRef::Named(id) => Ok(*id),
                _ => Err(self.error(key, format!("`{wire}` must be a list of objects"))),
            },
            _ => Err(self.error(key, format!("`{wire}` must be a list"))),
        }
    }

    /// The method's other settable body fields, which the helper takes as arguments.
    fn arguments(&self, filled: &[&String], parameters: &mut Namespace) -> Vec<HelperArgument> {
        let Ok(fields) = self.body_fields() else { return Vec::new() };
        self.method
            .setters
            .iter()
            .filter_map(|setter| match setter.target {
                SetterTarget::BodyField(id) if !filled.contains(&&fields[id.index()].wire_name) => {
                    let field = &fields[id.index()];
                    Some(HelperArgument {
                        name: parameters.claim(setter.name.bare()),
                        setter: setter.name.clone(),
                        ty: field.ty.clone(),
                        required: field.required && !field.nullable,
                    })
                }
                _ => None,
            })
            .collect()
    }
}
