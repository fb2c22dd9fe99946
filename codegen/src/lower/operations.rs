//! Operations → IR methods: parameters, paths and the builder's setters. Bodies and responses are
//! in [`super::bodies`], pagination in [`super::pagination`].

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::bodies::{is_json, LoweredResponse};
use super::names::{self, Namespace};
use super::site::{MethodLowerer, MethodNames, OperationSite};
use super::types::{TypeLowerer, Usage};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{
    Body, BodyFieldId, Constraints, Events, Field, Method, Param, ParamId, ParamLocation, ParamStyle, PathParamId,
    PathSegment, Setter, SetterTarget, TypeDefKind, TypeId, TypeRef, Types,
};

impl<'a> MethodLowerer<'a, '_> {
    pub fn lower(&mut self, names: MethodNames, site: &OperationSite<'a>) -> Result<Method, Error> {
        let operation = site.operation;
        let operation_id = site.id();
        let type_prefix = names::pascal(&operation_id);
        let mut path_params = Vec::new();
        let mut params = Vec::new();
        let mut arguments = Namespace::default();
        for (parameter, pointer) in self.parameters(site)? {
            let Some(param) = self.param(parameter, &pointer, &type_prefix, &mut arguments)? else { continue };
            match param.location {
                ParamLocation::Path => path_params.push(param),
                _ => params.push(param),
            }
        }
        // Query parameters first, then headers, then cookies, each in the spec's order.
        params.sort_by_key(|param| param.location as u8);
        let path_segments = self.path_segments(site, &mut path_params, &mut arguments)?;
        let body = self.body(site, &type_prefix)?;
        let LoweredResponse { response, accept, events, only_failure, examples } = self.response(site, &type_prefix)?;
        let mut method = Method {
            name: names.name,
            builder: names.builder,
            operation_id,
            http_method: site.method,
            path: site.path.to_owned(),
            path_segments,
            summary: trimmed(operation.summary.as_deref()),
            description: trimmed(operation.description.as_deref()),
            deprecated: operation.deprecated,
            tags: operation.tags.clone(),
            // Set by the caller, which knows the client's credentials.
            security: Vec::new(),
            path_params,
            params,
            body,
            setters: Vec::new(),
            response,
            only_failure,
            accept,
            pagination: None,
            events: None,
            response_examples: examples,
        };
        let mut builder_methods = Namespace::new(crate::ir::reserved::BUILDER_METHODS);
        method.events = events.map(|ty| streaming_call(&method, ty, &mut builder_methods, self.types));
        method.setters = setters(&method, builder_methods, self.types);
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
                let ReferenceOr::Item(parameter) = parameter else {
                    // The loader inlines every reference to a parameter.
                    return Err(self
                        .spec
                        .source_map
                        .error(pointer.as_str(), "this parameter reference does not resolve"));
                };
                let key = (parameter.parameter_data_ref().name.clone(), std::mem::discriminant(parameter));
                parameters.retain(|(existing, _)| {
                    (existing.parameter_data_ref().name.clone(), std::mem::discriminant(*existing)) != key
                });
                parameters.push((parameter, pointer));
            }
        }
        Ok(parameters)
    }

    /// One parameter; `None` (maybe with a warning) for one the SDK does not send itself.
    fn param(
        &mut self,
        parameter: &'a Parameter,
        pointer: &Pointer,
        type_prefix: &str,
        arguments: &mut Namespace,
    ) -> Result<Option<Param>, Error> {
        let (data, location, style) = location_and_style(parameter);
        // OpenAPI: `form` explodes unless told otherwise, every other style does not. A parameter
        // declared by `content` is written as its media type says, which for JSON is JSON text.
        let explode = data.explode.unwrap_or(style == ParamStyle::Form);
        let style = match &data.format {
            ParameterSchemaOrContent::Content(content) if content.keys().next().is_some_and(|media| is_json(media)) => {
                ParamStyle::Json
            }
            _ => style,
        };
        let wire_name = match location {
            ParamLocation::Header => match self.header_name(&data.name, pointer) {
                Some(name) => name,
                None => return Ok(None),
            },
            _ => data.name.clone(),
        };
        let hint = format!("{type_prefix}{}", names::pascal(&data.name));
        let lowered = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                Some(self.types.lower(schema.into(), &hint, &pointer.push("schema"), Usage::Json, 0)?)
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, media_type)) => match &media_type.schema {
                    Some(schema) => {
                        let schema_pointer = pointer.push("content").push(media).push("schema");
                        Some(self.types.lower(schema.into(), &hint, &schema_pointer, Usage::Json, 0)?)
                    }
                    None => None,
                },
                None => None,
            },
        };
        let (ty, doc, deprecated, mut constraints, default) = match lowered {
            Some(lowered) => (lowered.ty, lowered.doc, lowered.deprecated, lowered.constraints, lowered.default),
            None => (TypeRef::String, None, false, Constraints::default(), None),
        };
        if data.example.is_some() {
            constraints.example = data.example.clone();
        }
        // Path parameters are method arguments; the others are named by their setters.
        let name = match location {
            ParamLocation::Path => arguments.snake(&data.name),
            _ => Namespace::default().snake(&data.name),
        };
        Ok(Some(Param {
            name,
            wire_name,
            location,
            doc: trimmed(data.description.as_deref()).or(doc),
            ty,
            required: data.required || location == ParamLocation::Path,
            deprecated: data.deprecated.unwrap_or(false) || deprecated,
            constraints,
            default,
            style,
            explode,
        }))
    }

    /// A header parameter's name as sent (lowercase), or `None` for a header the SDK or the HTTP
    /// client sets itself, or one that is not a header name (with a warning).
    fn header_name(&mut self, wire_name: &str, pointer: &Pointer) -> Option<String> {
        // OpenAPI: these three are ignored as parameters; the SDK sets them itself.
        let lowercase = wire_name.to_ascii_lowercase();
        if ["accept", "content-type", "authorization"].contains(&lowercase.as_str()) {
            return None;
        }
        // A value set by hand would disagree with the body sent (Vercel's uploads declare
        // `Content-Length`; a guessed one makes the server wait for bytes that never come).
        if ["content-length", "transfer-encoding", "host", "connection"].contains(&lowercase.as_str()) {
            let message = format!("`{wire_name}` describes the connection or the body, which the HTTP client sets; the parameter is left out");
            self.types.warn(&pointer.push("name"), message);
            return None;
        }
        if !is_header_name(wire_name) {
            let message = format!("`{wire_name}` is not a valid header name; the parameter is left out");
            self.types.warn(&pointer.push("name"), message);
            return None;
        }
        Some(lowercase)
    }

    /// The path as literals and parameters. A parameter the path names but the operation does not
    /// declare becomes a string argument; one declared but not named is dropped; both with a warning.
    fn path_segments(
        &mut self,
        site: &OperationSite<'_>,
        params: &mut Vec<Param>,
        arguments: &mut Namespace,
    ) -> Result<Vec<PathSegment>, Error> {
        let path_pointer = Pointer::root().push("paths").push(site.path);
        let mut segments = Vec::new();
        let mut named = Vec::new();
        let mut rest = site.path;
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}').map(|end| start + end) else {
                return Err(self.spec.source_map.error(path_pointer.as_str(), "the path has an unclosed `{`"));
            };
            if start > 0 {
                segments.push(PathSegment::Literal(rest[..start].to_owned()));
            }
            let name = &rest[start + 1..end];
            let index = match params.iter().position(|param| param.wire_name == name) {
                Some(index) => index,
                None => {
                    let message = format!("the path names `{{{name}}}` but the operation declares no such path parameter; it becomes a string argument");
                    self.types.warn(&site.pointer, message);
                    params.push(Param {
                        name: arguments.snake(name),
                        wire_name: name.to_owned(),
                        location: ParamLocation::Path,
                        doc: None,
                        ty: TypeRef::String,
                        required: true,
                        deprecated: false,
                        constraints: Constraints::default(),
                        default: None,
                        style: ParamStyle::Simple,
                        explode: false,
                    });
                    params.len() - 1
                }
            };
            named.push(index);
            segments.push(PathSegment::Param(PathParamId::new(index)));
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        let unused: Vec<usize> = (0..params.len()).filter(|index| !named.contains(index)).collect();
        for index in unused.iter().rev() {
            let message =
                format!("path parameter `{}` does not appear in the path; it is left out", params[*index].wire_name);
            self.types.warn(&site.pointer.push("parameters"), message);
            params.remove(*index);
        }
        // Removing parameters shifted the indexes after them.
        for segment in &mut segments {
            if let PathSegment::Param(id) = segment {
                *id = PathParamId::new(id.index() - unused.iter().filter(|removed| **removed < id.index()).count());
            }
        }
        Ok(segments)
    }
}

/// The streaming call of a method whose response also offers events. A boolean `stream` property
/// of the body is what asks for them: the call sets it.
fn streaming_call(method: &Method, ty: TypeRef, namespace: &mut Namespace, types: &TypeLowerer<'_>) -> Events {
    let is_bool = |field: &&Field| matches!(types.types.resolve(&field.ty), TypeRef::Bool);
    let flag = body_fields(method, types).iter().filter(is_bool).find(|field| field.wire_name == STREAM_FLAG);
    let error_payloads = !has_error_property(&types.types, &ty);
    Events { method: namespace.claim("stream"), ty, flag: flag.map(|field| field.wire_name.clone()), error_payloads }
}

/// The body property that asks a server for an event stream, by convention (OpenAI and others).
const STREAM_FLAG: &str = "stream";

/// Whether an event type (or one of its union's variants) has an `error` property of its own.
fn has_error_property(types: &Types, ty: &TypeRef) -> bool {
    let fields_have_error = |id: TypeId| {
        let fields = types.struct_fields(&TypeRef::Named(id)).unwrap_or_default();
        fields.iter().any(|field| field.wire_name == "error")
    };
    let Some(id) = types.resolve(ty).named() else { return false };
    match &types[id].kind {
        TypeDefKind::Union(union) => {
            union.variants.iter().filter_map(|variant| variant.ty.named()).any(fields_have_error)
        }
        _ => fields_have_error(id),
    }
}

fn body_fields<'t>(method: &'t Method, types: &'t TypeLowerer<'_>) -> &'t [Field] {
    match &method.body {
        Some(Body::Object { ty, .. }) => types.types.struct_fields(&TypeRef::Named(*ty)).unwrap_or_default(),
        Some(Body::Multipart { fields, .. }) => fields,
        _ => &[],
    }
}

/// The builder's setters, one namespace: query, header and cookie parameters, then body fields
/// (but the flag the streaming call sets).
fn setters(method: &Method, mut namespace: Namespace, types: &TypeLowerer<'_>) -> Vec<Setter> {
    let mut setters = Vec::new();
    for (index, param) in method.params.iter().enumerate() {
        setters.push(Setter {
            name: namespace.claim(param.name.bare()),
            target: SetterTarget::Param(ParamId::new(index)),
        });
    }
    let flag = method.events.as_ref().and_then(|events| events.flag.as_deref());
    let settable = |field: &Field| field.is_settable() && Some(field.wire_name.as_str()) != flag;
    for (index, field) in body_fields(method, types).iter().enumerate().filter(|(_, field)| settable(field)) {
        setters.push(Setter {
            name: namespace.claim(field.name.bare()),
            target: SetterTarget::BodyField(BodyFieldId::new(index)),
        });
    }
    if matches!(method.body, Some(Body::Whole { .. } | Body::Raw { .. })) {
        setters.push(Setter { name: namespace.claim("body"), target: SetterTarget::Body });
    }
    setters
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Text from the spec, as rustdoc-safe Markdown.
pub(super) fn trimmed(text: Option<&str>) -> Option<String> {
    super::docs::markdown(text)
}

/// Where a parameter goes and its style as declared (before `explode` and `content` are read).
fn location_and_style(parameter: &Parameter) -> (&ParameterData, ParamLocation, ParamStyle) {
    match parameter {
        Parameter::Path { parameter_data, style, .. } => {
            let style = match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            };
            (parameter_data, ParamLocation::Path, style)
        }
        Parameter::Query { parameter_data, style, .. } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            };
            (parameter_data, ParamLocation::Query, style)
        }
        Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, ParamStyle::Simple),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, ParamStyle::Form),
    }
}
