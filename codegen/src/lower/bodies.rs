//! Request bodies and responses of an operation, and the `Accept` header it sends.

use openapiv3::{MediaType, QueryStyle, ReferenceOr, RequestBody, StatusCode};

use super::site::{MethodLowerer, OperationSite};
use super::types::{SchemaRef, Usage};
use crate::diagnostics::{Error, Pointer};
use crate::ir::{self, Body, BodyEncoding, FieldStyle, HttpMethod, ParamStyle, ResponseExample, TypeDefKind, TypeRef};

impl<'a> MethodLowerer<'a, '_> {
    pub(super) fn body(&mut self, site: &OperationSite<'a>, type_prefix: &str) -> Result<Option<Body>, Error> {
        let Some(body) = &site.operation.request_body else { return Ok(None) };
        let pointer = site.pointer.push("requestBody");
        let ReferenceOr::Item(body) = body else {
            // The loader inlines every reference to a request body.
            return Err(self.spec.source_map.error(pointer.as_str(), "this request body reference does not resolve"));
        };
        if matches!(site.method, HttpMethod::Get | HttpMethod::Head | HttpMethod::Delete) {
            let message = format!("a {} request with a body: servers may ignore it", site.method.as_str());
            self.types.warn(&pointer, message);
        }
        let content_pointer = pointer.push("content");
        let hint = format!("{type_prefix}Body");
        if let Some((media, media_type)) = find_media(&body.content, is_json) {
            return self.object_body(body, media_type, &hint, &content_pointer.push(media), BodyEncoding::Json);
        }
        if let Some((media, media_type)) = find_media(&body.content, |media| media == "multipart/form-data") {
            return self.multipart_body(body, media_type, &hint, &content_pointer.push(media));
        }
        let form = |media: &str| media == "application/x-www-form-urlencoded";
        if let Some((media, media_type)) = find_media(&body.content, form) {
            return self.object_body(body, media_type, &hint, &content_pointer.push(media), BodyEncoding::Form);
        }
        if let Some(body) = self.misspelt_form_body(body, &hint, &content_pointer)? {
            return Ok(Some(body));
        }
        // Anything else is sent whole: text as text, every other type as a file's bytes.
        let Some((media, _)) = body.content.iter().next() else {
            self.types.warn(&content_pointer, "a request body without a media type is sent as bytes");
            return Ok(Some(Body::Raw {
                text: false,
                mime_type: "application/octet-stream".to_owned(),
                required: body.required,
            }));
        };
        let text = media.starts_with("text/");
        Ok(Some(Body::Raw { text, mime_type: media.clone(), required: body.required }))
    }

    /// A form under a media type that does not exist but says which form it means (see
    /// [`BodyEncoding::meant_by`]), sent as the form it names: servers read a body by its real type.
    fn misspelt_form_body(
        &mut self,
        body: &'a RequestBody,
        hint: &str,
        content_pointer: &Pointer,
    ) -> Result<Option<Body>, Error> {
        let meant = body
            .content
            .iter()
            .find_map(|(media, value)| Some((media, value, BodyEncoding::meant_by(&essence(media))?)));
        let Some((media, media_type, (encoding, meant))) = meant else { return Ok(None) };
        let pointer = content_pointer.push(media);
        self.types.warn(&pointer, format!("`{media}` is not a media type; the body is sent as `{meant}`"));
        match encoding {
            BodyEncoding::Multipart => self.multipart_body(body, media_type, hint, &pointer),
            _ => self.object_body(body, media_type, hint, &pointer, encoding),
        }
    }

    /// A JSON or form body: one setter per field when it is an object with properties, else set whole.
    fn object_body(
        &mut self,
        body: &RequestBody,
        media_type: &'a MediaType,
        hint: &str,
        pointer: &Pointer,
        encoding: BodyEncoding,
    ) -> Result<Option<Body>, Error> {
        let schema_pointer = pointer.push("schema");
        let ty = match &media_type.schema {
            Some(schema) => self.types.lower(schema.into(), hint, &schema_pointer, Usage::Json, 0)?.ty,
            None => TypeRef::Json,
        };
        if let Some(id) = ty.named().filter(|id| matches!(self.types.types[*id].kind, TypeDefKind::Struct(_))) {
            let styles = match encoding {
                BodyEncoding::Form => form_styles(media_type),
                _ => Vec::new(),
            };
            return Ok(Some(Body::Object { ty: id, encoding, styles, required: body.required }));
        }
        if encoding == BodyEncoding::Form && !matches!(ty, TypeRef::Map(_)) {
            let message = "a form body is not an object with properties: it is set whole, as a map of fields";
            self.types.warn(&schema_pointer, message);
            return Ok(Some(Body::Whole {
                ty: TypeRef::Map(Box::new(TypeRef::Json)),
                required: body.required,
                encoding,
            }));
        }
        Ok(Some(Body::Whole { ty, required: body.required, encoding }))
    }

    /// A multipart body: one part per property; anything else is set whole as a map of parts.
    fn multipart_body(
        &mut self,
        body: &RequestBody,
        media_type: &'a MediaType,
        hint: &str,
        pointer: &Pointer,
    ) -> Result<Option<Body>, Error> {
        let schema_pointer = pointer.push("schema");
        let schema = match media_type.schema.as_ref().map(SchemaRef::from) {
            Some(SchemaRef::Inline(schema)) => Some((schema, schema_pointer.clone())),
            Some(SchemaRef::Ref(reference)) => {
                let (key, schema) = self.types.resolve_schema(reference, &schema_pointer)?;
                Some((schema, Pointer::root().push("components").push("schemas").push(key)))
            }
            None => None,
        };
        let fields = match schema {
            Some((schema, at)) => {
                self.types.object_fields(schema, hint, &at, Usage::Multipart, 0)?.map(|object| object.fields)
            }
            None => None,
        };
        match fields {
            Some(fields) => Ok(Some(Body::Multipart { fields, required: body.required })),
            None => {
                let message = "a multipart body is not an object with properties: it is set whole, one part per key";
                self.types.warn(&schema_pointer, message);
                let ty = TypeRef::Map(Box::new(TypeRef::Json));
                Ok(Some(Body::Whole { ty, required: body.required, encoding: BodyEncoding::Multipart }))
            }
        }
    }

    /// What a success returns, the `Accept` header that asks for it, and the type of its events when
    /// it also offers `text/event-stream`.
    pub(super) fn response(&mut self, site: &OperationSite<'a>, type_prefix: &str) -> Result<LoweredResponse, Error> {
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
        let Some((code, response)) = success else {
            let only_failure = only_failure(responses);
            let response = ir::Response::Empty;
            let accept = JSON.to_owned();
            return Ok(LoweredResponse { response, accept, events: None, only_failure, examples: Vec::new() });
        };
        let pointer = site.pointer.push("responses").push(code);
        let ReferenceOr::Item(response) = response else {
            // The loader inlines every reference to a response.
            return Err(self.spec.source_map.error(pointer.as_str(), "this response reference does not resolve"));
        };
        let content_pointer = pointer.push("content");
        let events = match find_media(&response.content, |media| media == EVENT_STREAM) {
            Some((media, media_type)) => Some(match &media_type.schema {
                Some(schema) => {
                    let pointer = content_pointer.push(media).push("schema");
                    let hint = format!("{type_prefix}Event");
                    self.types.lower(schema.into(), &hint, &pointer, Usage::Json, 0)?.ty
                }
                None => TypeRef::Json,
            }),
            None => None,
        };
        // The plain call reads everything else; it asks for the stream only when nothing else is offered.
        let others: Vec<(&String, &MediaType)> =
            response.content.iter().filter(|(media, _)| essence(media) != EVENT_STREAM).collect();
        let plain = if others.is_empty() { response.content.iter().collect() } else { others };
        let (response, accept, examples) = self.plain_response(plain, &content_pointer, type_prefix)?;
        Ok(LoweredResponse { response, accept, events, only_failure: None, examples })
    }

    fn plain_response(
        &mut self,
        content: Vec<(&'a String, &'a MediaType)>,
        content_pointer: &Pointer,
        type_prefix: &str,
    ) -> Result<(ir::Response, String, Vec<ResponseExample>), Error> {
        // `Accept` names only what the method decodes, so that a server offering several types
        // answers with one the SDK can read.
        let declared = content.iter().map(|(media, _)| *media);
        if let Some((media, media_type)) = find_media(content.iter().copied(), is_json) {
            let accept = self.accept_header(declared.filter(|media| is_json(&essence(media))), content_pointer);
            let Some(schema) = &media_type.schema else {
                return Ok((ir::Response::Json(TypeRef::Json), accept, Vec::new()));
            };
            let pointer = content_pointer.push(media).push("schema");
            let hint = format!("{type_prefix}Response");
            let lowered = self.types.lower(schema.into(), &hint, &pointer, Usage::Json, 0)?;
            // Any JSON reads any example: there is nothing to check.
            let examples = match lowered.ty {
                TypeRef::Json => Vec::new(),
                _ => self.response_examples(media_type, &content_pointer.push(media)),
            };
            // A body the spec allows to be `null` is an `Option`.
            return Ok((ir::Response::Json(lowered.element()), accept, examples));
        }
        if find_media(content.iter().copied(), |media| media.starts_with("text/")).is_some() {
            let accept =
                self.accept_header(declared.filter(|media| essence(media).starts_with("text/")), content_pointer);
            return Ok((ir::Response::Text, accept, Vec::new()));
        }
        let accept = self.accept_header(declared, content_pointer);
        if content.is_empty() {
            return Ok((ir::Response::Empty, accept, Vec::new()));
        }
        Ok((ir::Response::Binary, accept, Vec::new()))
    }

    /// The `Accept` header for a response's declared media types: those that can be
    /// written in a header (a warning names the others), `*/*` if none can, JSON if none are declared.
    fn accept_header<'m>(&mut self, declared: impl Iterator<Item = &'m String>, pointer: &Pointer) -> String {
        let declared: Vec<&String> = declared.collect();
        if declared.is_empty() {
            return JSON.to_owned();
        }
        let writable = |media: &&String| media.bytes().all(|byte| (b' '..=b'~').contains(&byte));
        for media in declared.iter().filter(|media| !writable(media)) {
            let message = format!("the media type {media:?} cannot be written in an `Accept` header; it is left out");
            self.types.warn(&pointer.push(media.as_str()), message);
        }
        let accepted: Vec<&str> = declared.into_iter().filter(writable).map(String::as_str).collect();
        if accepted.is_empty() {
            "*/*".to_owned()
        } else {
            accepted.join(", ")
        }
    }
}

/// The lowest status `responses` declare when all are failures (4xx, 5xx). A declared redirect is
/// the way to what the operation returns (GitHub's archive downloads), not a failure.
fn only_failure(responses: &openapiv3::Responses) -> Option<u16> {
    let declared: Vec<u16> = responses
        .responses
        .keys()
        .filter_map(|code| match code {
            StatusCode::Code(code) => Some(*code),
            StatusCode::Range(range) => range.checked_mul(100),
        })
        .collect();
    declared.iter().min().copied().filter(|_| declared.iter().all(|code| *code >= 400))
}

/// What a success response returns, lowered.
pub(super) struct LoweredResponse {
    pub response: ir::Response,
    /// The plain call's `Accept` header.
    pub accept: String,
    /// The type of one event's data, when the response also offers `text/event-stream`.
    pub events: Option<TypeRef>,
    /// The lowest status declared, when no success (nor `default`) response is.
    pub only_failure: Option<u16>,
    /// The examples of a JSON response that fit its schema.
    pub examples: Vec<ResponseExample>,
}

const JSON: &str = "application/json";
const EVENT_STREAM: &str = "text/event-stream";

/// A media type's essence: lowercase, without parameters.
pub(super) fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase()
}

/// The properties a form body writes otherwise than `form`, exploded, as its `encoding` says: a
/// `style` and `explode` of their own, or JSON text for a `contentType` of JSON.
fn form_styles(media_type: &MediaType) -> Vec<FieldStyle> {
    let styles = media_type.encoding.iter().map(|(name, encoding)| {
        let json = encoding.content_type.as_deref().is_some_and(is_json);
        let style = match (&encoding.style, json) {
            (_, true) => ParamStyle::Json,
            (None | Some(QueryStyle::Form), false) => ParamStyle::Form,
            (Some(QueryStyle::DeepObject), false) => ParamStyle::DeepObject,
            (Some(QueryStyle::SpaceDelimited), false) => ParamStyle::SpaceDelimited,
            (Some(QueryStyle::PipeDelimited), false) => ParamStyle::PipeDelimited,
        };
        FieldStyle { wire_name: name.clone(), style, explode: encoding.explode }
    });
    styles.filter(|field| (field.style, field.explode) != (ParamStyle::Form, true)).collect()
}

pub(super) fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

fn find_media<'m>(
    content: impl IntoIterator<Item = (&'m String, &'m MediaType)>,
    accept: impl Fn(&str) -> bool,
) -> Option<(&'m str, &'m MediaType)> {
    content.into_iter().find(|(media, _)| accept(&essence(media))).map(|(media, value)| (media.as_str(), value))
}
