//! Operations → IR methods: parameters, bodies, responses and pagination.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, Operation, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response,
    StatusCode,
};

use super::names;
use super::types::{SchemaRef, TypeLowerer, Usage};
use crate::config::{PaginationConfig, SdkConfig};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    self, Body, HttpMethod, Method, ObjectEncoding, PageField, Pagination, PaginationScheme, Param, ParamStyle,
    PathSegment, TypeDefKind, TypeRef,
};
use crate::load::LoadedSpec;

/// An operation of the spec, found by path and method.
pub(super) struct OperationSite<'a> {
    pub path: &'a str,
    pub method: HttpMethod,
    pub operation: &'a Operation,
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    pub pointer: Pointer,
}

impl OperationSite<'_> {
    /// The operation's id, or one made from its method and path.
    pub fn id(&self) -> String {
        match &self.operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method.as_str().to_lowercase(), self.path),
        }
    }
}

pub(super) fn operation_sites(spec: &LoadedSpec) -> Vec<OperationSite<'_>> {
    let mut sites = Vec::new();
    for (path, item) in spec.openapi.paths.iter() {
        // The loader inlines path items behind references, so every item here is one.
        let ReferenceOr::Item(item) = item else { continue };
        let methods = [
            (HttpMethod::Get, &item.get),
            (HttpMethod::Put, &item.put),
            (HttpMethod::Post, &item.post),
            (HttpMethod::Delete, &item.delete),
            (HttpMethod::Options, &item.options),
            (HttpMethod::Head, &item.head),
            (HttpMethod::Patch, &item.patch),
        ];
        for (method, operation) in methods {
            if let Some(operation) = operation {
                sites.push(OperationSite {
                    path,
                    method,
                    operation,
                    path_parameters: &item.parameters,
                    pointer: Pointer::root().push("paths").push(path).push(method.as_str().to_lowercase()),
                });
            }
        }
    }
    sites
}

pub(super) struct MethodLowerer<'a, 'b> {
    pub spec: &'a LoadedSpec,
    pub types: &'b mut TypeLowerer<'a>,
    pub has_credentials: bool,
}

impl<'a> MethodLowerer<'a, '_> {
    pub fn lower(
        &mut self,
        name: &str,
        site: &OperationSite<'a>,
        pagination: Option<(&PaginationConfig, Pointer, &SdkConfig)>,
    ) -> Result<Method, Error> {
        let operation = site.operation;
        let operation_id = site.id();
        let type_prefix = names::pascal(&operation_id);
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        let mut cookie_params = Vec::new();
        for (parameter, pointer) in self.parameters(site)? {
            let (data, bucket, style) = match parameter {
                Parameter::Path { parameter_data, .. } => (parameter_data, &mut path_params, ParamStyle::Exploded),
                Parameter::Query { parameter_data, style, .. } => {
                    let explode = parameter_data.explode.unwrap_or(true);
                    let style = match style {
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                        QueryStyle::Form if !explode => ParamStyle::Comma,
                        QueryStyle::Form => ParamStyle::Exploded,
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                            self.types.warnings.push(crate::Diagnostic::warning(
                                &self.spec.path,
                                pointer.as_str(),
                                "space- and pipe-delimited arrays are sent as repeated parameters",
                            ));
                            ParamStyle::Exploded
                        }
                    };
                    (parameter_data, &mut query_params, style)
                }
                Parameter::Header { parameter_data, .. } => (parameter_data, &mut header_params, ParamStyle::Comma),
                Parameter::Cookie { parameter_data, .. } => (parameter_data, &mut cookie_params, ParamStyle::Comma),
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self
                        .spec
                        .source_map
                        .error(pointer.as_str(), "parameters with `content` are not supported; use `schema`"));
                }
            };
            let hint = format!("{type_prefix}{}", names::pascal(&data.name));
            let lowered = self.types.lower(schema.into(), &hint, &pointer.push("schema"), Usage::Json)?;
            bucket.push(Param {
                name: names::snake(&data.name),
                wire_name: data.name.clone(),
                doc: data.description.clone().map(|doc| doc.trim().to_owned()).or(lowered.doc),
                ty: lowered.ty,
                required: data.required,
                deprecated: data.deprecated.unwrap_or(false) || lowered.deprecated,
                constraints: lowered.constraints,
                style,
            });
        }
        dedupe_names(&mut path_params, &mut query_params, &mut header_params, &mut cookie_params);
        let path_segments = self.path_segments(site, &path_params)?;
        let body = self.body(site, &type_prefix)?;
        let response = self.response(site, &type_prefix)?;
        let authenticated = self.has_credentials && !operation.security.as_ref().is_some_and(Vec::is_empty);
        let mut method = Method {
            name: name.to_owned(),
            builder: format!("{type_prefix}Request"),
            operation_id,
            http_method: site.method,
            path: site.path.to_owned(),
            path_segments,
            summary: operation.summary.clone().map(|summary| summary.trim().to_owned()),
            description: operation.description.clone().map(|description| description.trim().to_owned()),
            deprecated: operation.deprecated,
            authenticated,
            path_params,
            query_params,
            header_params,
            cookie_params,
            body,
            response,
            pagination: None,
        };
        if let Some((config, pointer, sdk)) = pagination {
            method.pagination = Some(self.pagination(&method, config, &pointer, sdk)?);
        }
        Ok(method)
    }

    /// Path-level parameters overridden by operation-level ones, with their pointers.
    fn parameters(&self, site: &OperationSite<'a>) -> Result<Vec<(&'a Parameter, Pointer)>, Error> {
        let path_pointer = Pointer::root().push("paths").push(site.path).push("parameters");
        let mut parameters: Vec<(&'a Parameter, Pointer)> = Vec::new();
        let levels = [
            (site.path_parameters, path_pointer),
            (site.operation.parameters.as_slice(), site.pointer.push("parameters")),
        ];
        for (list, list_pointer) in levels {
            for (index, parameter) in list.iter().enumerate() {
                let pointer = list_pointer.push(index);
                let (parameter, pointer) = self.resolve_parameter(parameter, pointer)?;
                let key = (parameter.parameter_data_ref().name.clone(), std::mem::discriminant(parameter));
                parameters.retain(|(existing, _)| {
                    (existing.parameter_data_ref().name.clone(), std::mem::discriminant(*existing)) != key
                });
                parameters.push((parameter, pointer));
            }
        }
        Ok(parameters)
    }

    fn resolve_parameter(
        &self,
        parameter: &'a ReferenceOr<Parameter>,
        pointer: Pointer,
    ) -> Result<(&'a Parameter, Pointer), Error> {
        match parameter {
            ReferenceOr::Item(parameter) => Ok((parameter, pointer)),
            ReferenceOr::Reference { reference } => {
                let name = component_key(reference, "parameters").ok_or_else(|| {
                    self.spec.source_map.error(
                        pointer.push("$ref").as_str(),
                        format!("`{reference}` does not name a parameter under #/components/parameters"),
                    )
                })?;
                let target =
                    self.spec.openapi.components.as_ref().and_then(|components| components.parameters.get(&name));
                match target {
                    Some(target) => self
                        .resolve_parameter(target, Pointer::root().push("components").push("parameters").push(&name)),
                    None => Err(self
                        .spec
                        .source_map
                        .error(pointer.push("$ref").as_str(), format!("`{reference}` does not resolve"))),
                }
            }
        }
    }

    fn path_segments(&self, site: &OperationSite<'_>, params: &[Param]) -> Result<Vec<PathSegment>, Error> {
        let mut segments = Vec::new();
        let mut rest = site.path;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').map(|end| start + end).ok_or_else(|| {
                self.spec
                    .source_map
                    .error(Pointer::root().push("paths").push(site.path).as_str(), "the path has an unclosed `{`")
            })?;
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            let name = &rest[start + 1..end];
            let index = params.iter().position(|param| param.wire_name == name).ok_or_else(|| {
                self.spec.source_map.error(
                    site.pointer.push("parameters").as_str(),
                    format!("the path names `{{{name}}}` but the operation declares no path parameter `{name}`"),
                )
            })?;
            segments.push(PathSegment::Param(index));
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        Ok(segments)
    }

    fn body(&mut self, site: &OperationSite<'a>, type_prefix: &str) -> Result<Option<Body>, Error> {
        let Some(body) = &site.operation.request_body else { return Ok(None) };
        let mut pointer = site.pointer.push("requestBody");
        let body: &'a RequestBody = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let name = component_key(reference, "requestBodies");
                let target =
                    name.as_ref().and_then(|name| self.spec.openapi.components.as_ref()?.request_bodies.get(name));
                match (name, target) {
                    (Some(name), Some(ReferenceOr::Item(body))) => {
                        pointer = Pointer::root().push("components").push("requestBodies").push(name);
                        body
                    }
                    _ => {
                        return Err(self.spec.source_map.error(
                            pointer.push("$ref").as_str(),
                            format!("`{reference}` does not name a request body"),
                        ))
                    }
                }
            }
        };
        let content_pointer = pointer.push("content");
        if let Some((media, schema)) = find_media(&body.content, is_json) {
            let pointer = content_pointer.push(media).push("schema");
            let Some(schema) = schema.schema.as_ref() else {
                return Ok(Some(Body::Json { ty: TypeRef::Json, required: body.required }));
            };
            let hint = format!("{type_prefix}Body");
            let lowered = self.types.lower(schema.into(), &hint, &pointer, Usage::Json)?;
            return Ok(Some(match &lowered.ty {
                TypeRef::Named(name) => match self.types.types.get(name).map(|def| &def.kind) {
                    Some(TypeDefKind::Struct(fields)) => {
                        Body::Object { type_name: name.clone(), fields: fields.clone(), encoding: ObjectEncoding::Json }
                    }
                    _ => Body::Json { ty: lowered.ty, required: body.required },
                },
                _ => Body::Json { ty: lowered.ty, required: body.required },
            }));
        }
        if let Some((media, schema)) = find_media(&body.content, |media| media == "multipart/form-data") {
            let pointer = content_pointer.push(media).push("schema");
            let fields = match schema.schema.as_ref().map(SchemaRef::from) {
                Some(SchemaRef::Inline(schema)) => {
                    self.types.object_fields(schema, &format!("{type_prefix}Body"), &pointer, Usage::Multipart)?
                }
                Some(SchemaRef::Ref(reference)) => {
                    let target = self.resolve_schema(reference, &pointer)?;
                    self.types.object_fields(target, &format!("{type_prefix}Body"), &pointer, Usage::Multipart)?
                }
                None => None,
            };
            let fields = fields.ok_or_else(|| {
                self.spec
                    .source_map
                    .error(pointer.as_str(), "a multipart body must be an object schema with properties")
            })?;
            return Ok(Some(Body::Multipart { fields }));
        }
        if let Some((media, schema)) = find_media(&body.content, |media| media == "application/x-www-form-urlencoded") {
            let pointer = content_pointer.push(media).push("schema");
            let Some(schema) = schema.schema.as_ref() else {
                return Err(self.spec.source_map.error(pointer.as_str(), "a form body needs an object schema"));
            };
            let lowered = self.types.lower(schema.into(), &format!("{type_prefix}Body"), &pointer, Usage::Json)?;
            let TypeRef::Named(name) = &lowered.ty else {
                return Err(self
                    .spec
                    .source_map
                    .error(pointer.as_str(), "a form body must be an object schema with properties"));
            };
            let Some(TypeDefKind::Struct(fields)) = self.types.types.get(name).map(|def| &def.kind) else {
                return Err(self
                    .spec
                    .source_map
                    .error(pointer.as_str(), "a form body must be an object schema with properties"));
            };
            return Ok(Some(Body::Object {
                type_name: name.clone(),
                fields: fields.clone(),
                encoding: ObjectEncoding::Form,
            }));
        }
        // Anything else is sent whole: text as text, every other type as a file's bytes.
        let Some((media, _)) = body.content.iter().next() else {
            return Err(self
                .spec
                .source_map
                .error(content_pointer.as_str(), "a request body needs at least one media type"));
        };
        let text = media.starts_with("text/");
        Ok(Some(Body::Raw { text, mime_type: media.clone(), required: body.required }))
    }

    fn resolve_schema(&self, reference: &str, pointer: &Pointer) -> Result<&'a openapiv3::Schema, Error> {
        let name = component_key(reference, "schemas");
        match name.as_ref().and_then(|name| self.spec.openapi.components.as_ref()?.schemas.get(name)) {
            Some(ReferenceOr::Item(schema)) => Ok(schema),
            _ => Err(self.spec.source_map.error(pointer.as_str(), format!("`{reference}` does not name a schema"))),
        }
    }

    fn response(&mut self, site: &OperationSite<'a>, type_prefix: &str) -> Result<ir::Response, Error> {
        let responses = &site.operation.responses;
        let success = responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            })
            .min_by_key(|(code, _)| match code {
                StatusCode::Code(code) => *code,
                StatusCode::Range(_) => 299,
            });
        // Without a success response, `default` describes what the operation returns.
        let success = success
            .map(|(code, response)| (code.to_string(), response))
            .or_else(|| responses.default.as_ref().map(|response| ("default".to_owned(), response)));
        let Some((code, response)) = success else { return Ok(ir::Response::Empty) };
        let mut pointer = site.pointer.push("responses").push(code);
        let response: &'a Response = match response {
            ReferenceOr::Item(response) => response,
            ReferenceOr::Reference { reference } => {
                let name = component_key(reference, "responses");
                match name.as_ref().and_then(|name| self.spec.openapi.components.as_ref()?.responses.get(name)) {
                    Some(ReferenceOr::Item(response)) => {
                        pointer = Pointer::root().push("components").push("responses").push(name.unwrap_or_default());
                        response
                    }
                    _ => {
                        return Err(self
                            .spec
                            .source_map
                            .error(pointer.push("$ref").as_str(), format!("`{reference}` does not name a response")))
                    }
                }
            }
        };
        if let Some((media, media_type)) = find_media(&response.content, is_json) {
            let Some(schema) = &media_type.schema else { return Ok(ir::Response::Json(TypeRef::Json)) };
            let pointer = pointer.push("content").push(media).push("schema");
            let lowered = self.types.lower(schema.into(), &format!("{type_prefix}Response"), &pointer, Usage::Json)?;
            return Ok(ir::Response::Json(lowered.ty));
        }
        if find_media(&response.content, |media| media.starts_with("text/")).is_some() {
            return Ok(ir::Response::Text);
        }
        if response.content.is_empty() {
            return Ok(ir::Response::Empty);
        }
        Ok(ir::Response::Binary)
    }

    fn pagination(
        &self,
        method: &Method,
        config: &PaginationConfig,
        pointer: &Pointer,
        sdk: &SdkConfig,
    ) -> Result<Pagination, Error> {
        let ir::Response::Json(TypeRef::Named(page_type)) = &method.response else {
            return Err(sdk.error(
                pointer,
                format!("`{}` does not return a JSON object, so it cannot be paginated", method.operation_id),
            ));
        };
        let Some(TypeDefKind::Struct(fields)) = self.types.types.get(page_type).map(|def| &def.kind) else {
            return Err(
                sdk.error(pointer, format!("`{}` returns `{page_type}`, which is not an object", method.operation_id))
            );
        };
        let response_field = |key: &str, wire: &str| -> Result<PageField, Error> {
            super::field_by_wire_name(fields, wire)
                .map_err(|message| sdk.error(&pointer.push(key), format!("`{page_type}` has {message}")))
        };
        // The builder stores every query parameter and body field as an `Option`.
        let request_param = |key: &str, wire: &str| -> Result<PageField, Error> {
            let in_query =
                method.query_params.iter().find(|param| param.wire_name == wire).map(|param| (&param.name, &param.ty));
            let in_body = match &method.body {
                Some(Body::Object { fields, .. }) => {
                    fields.iter().find(|field| field.wire_name == wire).map(|field| (&field.name, &field.ty))
                }
                _ => None,
            };
            let (name, ty) = in_query.or(in_body).ok_or_else(|| {
                sdk.error(
                    &pointer.push(key),
                    format!("`{}` has no query parameter or body field `{wire}`", method.operation_id),
                )
            })?;
            Ok(PageField { name: name.clone(), ty: ty.clone(), optional: true })
        };
        let expect = |field: PageField,
                      key: &str,
                      what: &str,
                      fits: fn(&TypeRef) -> bool|
         -> Result<PageField, Error> {
            if fits(&field.ty) {
                Ok(field)
            } else {
                Err(sdk.error(&pointer.push(key), format!("`{}` must be {what}, but it is {:?}", field.name, field.ty)))
            }
        };
        let is_string = |ty: &TypeRef| *ty == TypeRef::String;
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
        let items_wire = match config {
            PaginationConfig::Cursor { items, .. }
            | PaginationConfig::CursorId { items, .. }
            | PaginationConfig::Offset { items, .. } => items,
        };
        let items = response_field("items", items_wire)?;
        let TypeRef::Array(item_type) = &items.ty else {
            return Err(sdk.error(
                &pointer.push("items"),
                format!("`{}` must be an array, but it is {:?}", items.name, items.ty),
            ));
        };
        let item_type = (**item_type).clone();
        let cursor_param_of =
            |wire: &str| expect(request_param("cursor_param", wire)?, "cursor_param", "a string", is_string);
        let scheme = match config {
            PaginationConfig::Cursor { next_cursor, cursor_param, .. } => PaginationScheme::Cursor {
                next_cursor: expect(response_field("next_cursor", next_cursor)?, "next_cursor", "a string", is_string)?,
                cursor_param: cursor_param_of(cursor_param)?,
            },
            PaginationConfig::CursorId { has_more, last_id, cursor_param, .. } => PaginationScheme::CursorId {
                has_more: expect(response_field("has_more", has_more)?, "has_more", "a boolean", |ty| {
                    *ty == TypeRef::Bool
                })?,
                last_id: expect(response_field("last_id", last_id)?, "last_id", "a string", is_string)?,
                cursor_param: cursor_param_of(cursor_param)?,
            },
            PaginationConfig::Offset { total, offset_param, .. } => PaginationScheme::Offset {
                total: expect(response_field("total", total)?, "total", "an integer", is_integer)?,
                offset_param: expect(
                    request_param("offset_param", offset_param)?,
                    "offset_param",
                    "an integer",
                    is_integer,
                )?,
            },
        };
        Ok(Pagination { page_type: page_type.clone(), item_type, items, scheme })
    }
}

/// Parameters of different locations may share a name (`id` in the path and the query); their Rust
/// names must not clash, nor shadow the builder's own fields.
fn dedupe_names(path: &mut [Param], query: &mut [Param], header: &mut [Param], cookie: &mut [Param]) {
    // Names the request builders use for their own methods and fields.
    let mut taken = BTreeSet::from(
        ["transport", "options", "send", "send_raw", "with_options", "items", "pages", "collect_all"]
            .map(str::to_owned),
    );
    for param in path.iter_mut().chain(query.iter_mut()).chain(header.iter_mut()).chain(cookie.iter_mut()) {
        param.name = names::unique(std::mem::take(&mut param.name), &mut taken);
    }
}

fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

fn find_media(
    content: &indexmap::IndexMap<String, MediaType>,
    accept: impl Fn(&str) -> bool,
) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(media, _)| accept(media.split(';').next().unwrap_or(media).trim()))
        .map(|(media, value)| (media.as_str(), value))
}

/// `X` from `#/components/<kind>/X`.
fn component_key(reference: &str, kind: &str) -> Option<String> {
    let key = reference.strip_prefix(&format!("#/components/{kind}/"))?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}
