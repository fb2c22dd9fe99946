//! A method of the SDK: one HTTP operation, its parameters, body, setters and response.

use super::arena::Types;
use super::auth::Security;
use super::ident::Ident;
use super::ids::{BodyFieldId, ParamId, PathParamId, TypeId};
use super::pagination::{PageType, Pagination};
use super::types::{Alternative, Constraints, Field, TypeRef};

/// One SDK method: one HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Method name on the resource (`list`).
    pub name: Ident,
    /// The request builder's type name (`ListFilesRequest`).
    pub builder: Ident,
    /// The spec's `operationId`, or `"METHOD /path"` without one.
    pub operation_id: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path as written in the spec (`/v1/files/{file_id}`).
    pub path: String,
    /// The path as literals and parameters, in order.
    pub path_segments: Vec<PathSegment>,
    /// The spec's `summary`.
    pub summary: Option<String>,
    /// The spec's `description`.
    pub description: Option<String>,
    /// Whether the spec marks the operation deprecated.
    pub deprecated: bool,
    /// The spec's `tags`, in its order.
    pub tags: Vec<String>,
    /// The credentials a call sends: the operation's own `security`, else [`Api::security`].
    pub security: Security,
    /// The method's arguments, in the order the path names them.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters, set through [`Method::setters`].
    pub params: Vec<Param>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// The builder's setters: its methods besides sending, in one namespace.
    pub setters: Vec<Setter>,
    /// What a successful response carries.
    pub response: Response,
    /// The status a server that follows the spec answers with when the operation declares no
    /// success, redirect (nor `default`) response, only failures (4xx, 5xx): the lowest it declares.
    pub only_failure: Option<u16>,
    /// The `Accept` header: the media types the operation declares for its success response.
    pub accept: String,
    /// How the method pages, if it is a list that pages.
    pub pagination: Option<Pagination>,
    /// The streaming call, when the success response also offers `text/event-stream`.
    pub events: Option<Events>,
    /// The spec's examples of the JSON success response that fit its schema, for tests that
    /// check they read as the response type exactly.
    pub response_examples: Vec<ResponseExample>,
}

/// An example of a method's JSON success response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseExample {
    /// Where the spec holds it (a JSON pointer).
    pub pointer: String,
    /// The example.
    pub value: serde_json::Value,
    /// Where the example has properties its schema declares nowhere (JSON pointers into it): the
    /// only ones a correct reading keeps aside as undeclared.
    pub undeclared: Vec<String>,
}

impl Method {
    /// The type of one page, for a paginated method: its response type.
    pub fn page_type(&self) -> Option<TypeRef> {
        match (&self.pagination.as_ref()?.page, &self.response) {
            (PageType::Struct { id, .. }, _) => Some(TypeRef::Named(*id)),
            (PageType::Array, Response::Json(ty)) => Some(ty.clone()),
            (PageType::Array, _) => None,
        }
    }

    /// Everything a setter stands for, looked up in `api`.
    pub fn setter_views<'a>(&'a self, types: &'a Types) -> Vec<SetterView<'a>> {
        self.setters.iter().map(|setter| self.setter_view(types, setter)).collect()
    }

    /// Everything `setter` stands for, looked up in `api`.
    pub fn setter_view<'a>(&'a self, types: &'a Types, setter: &'a Setter) -> SetterView<'a> {
        match setter.target {
            SetterTarget::Param(id) => {
                let param = self.param(id);
                SetterView {
                    setter,
                    wire_name: &param.wire_name,
                    doc: param.doc.as_deref(),
                    ty: &param.ty,
                    required: param.required,
                    nullable: false,
                    deprecated: param.deprecated,
                    constraints: &param.constraints,
                    default: param.default.as_ref(),
                }
            }
            SetterTarget::BodyField(id) => {
                let field = self.body_field(types, id);
                SetterView {
                    setter,
                    wire_name: &field.wire_name,
                    doc: field.doc.as_deref(),
                    ty: &field.ty,
                    required: field.required,
                    nullable: field.nullable,
                    deprecated: field.deprecated,
                    constraints: &field.constraints,
                    default: field.default.as_ref(),
                }
            }
            SetterTarget::Body => {
                let (ty, required) = match &self.body {
                    Some(Body::Whole { ty, required, .. }) => (ty, *required),
                    Some(Body::Raw { text: true, required, .. }) => (&TEXT_BODY, *required),
                    Some(Body::Raw { text: false, required, .. }) => (&FILE_BODY, *required),
                    // Lowering makes a whole-body setter only for the bodies above.
                    _ => (&JSON_BODY, false),
                };
                SetterView {
                    setter,
                    wire_name: "body",
                    doc: Some("The request body."),
                    ty,
                    required,
                    nullable: false,
                    deprecated: false,
                    constraints: &NO_CONSTRAINTS,
                    default: None,
                }
            }
        }
    }

    /// The query, header or cookie parameter `id` names.
    pub fn param(&self, id: ParamId) -> &Param {
        &self.params[id.index()]
    }

    /// The path parameter `id` names.
    pub fn path_param(&self, id: PathParamId) -> &Param {
        &self.path_params[id.index()]
    }

    /// The body property `id` names.
    pub fn body_field<'a>(&'a self, types: &'a Types, id: BodyFieldId) -> &'a Field {
        &self.body_fields(types)[id.index()]
    }

    /// The shapes an object body may take besides its own properties (see [`Alternative`]). Their
    /// field ids and the [`BodyFieldId`]s of [`body_fields`](Self::body_fields) number the same
    /// fields: other bodies have no alternatives.
    pub fn body_alternatives<'a>(&'a self, types: &'a Types) -> &'a [Alternative] {
        match &self.body {
            Some(Body::Object { ty, .. }) => {
                types.structure(&TypeRef::Named(*ty)).map_or(&[], |object| &object.alternatives)
            }
            _ => &[],
        }
    }

    /// The properties of an object or multipart body, in order; empty for other bodies.
    pub fn body_fields<'a>(&'a self, types: &'a Types) -> &'a [Field] {
        match &self.body {
            Some(Body::Object { ty, .. }) => types.struct_fields(&TypeRef::Named(*ty)).unwrap_or_default(),
            Some(Body::Multipart { fields, .. }) => fields,
            _ => &[],
        }
    }

    /// Whether the request must be sent with every required value set: setters that are required
    /// and cannot be sent as null.
    pub fn required_setters<'a>(&'a self, types: &'a Types) -> Vec<SetterView<'a>> {
        self.setter_views(types).into_iter().filter(|view| view.required && !view.nullable).collect()
    }
}

static TEXT_BODY: TypeRef = TypeRef::String;
static JSON_BODY: TypeRef = TypeRef::Json;
static FILE_BODY: TypeRef = TypeRef::Upload;
static NO_CONSTRAINTS: Constraints = Constraints {
    min_length: None,
    max_length: None,
    minimum: None,
    maximum: None,
    min_items: None,
    max_items: None,
    unique_items: false,
    min_properties: None,
    file_extensions: Vec::new(),
    format: None,
    pattern: None,
    example: None,
};

/// A builder method that sets one value of the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    /// The builder method's name.
    pub name: Ident,
    /// What it sets.
    pub target: SetterTarget,
}

/// What a setter sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetterTarget {
    /// A query, header or cookie parameter.
    Param(ParamId),
    /// A property of the object or multipart body.
    BodyField(BodyFieldId),
    /// The whole body.
    Body,
}

/// A setter with what it stands for.
#[derive(Debug, Clone, Copy)]
pub struct SetterView<'a> {
    /// The setter itself.
    pub setter: &'a Setter,
    /// The name of the value on the wire.
    pub wire_name: &'a str,
    /// The value's description in the spec.
    pub doc: Option<&'a str>,
    /// The type the setter takes (before `Into<String>` widening).
    pub ty: &'a TypeRef,
    /// Whether a request without it is not sent.
    pub required: bool,
    /// Whether `null` is a valid value.
    pub nullable: bool,
    /// Whether the spec marks the value deprecated.
    pub deprecated: bool,
    /// What the value must meet, checked before sending.
    pub constraints: &'a Constraints,
    /// The spec's `default`, which the server applies when the value is not sent.
    pub default: Option<&'a serde_json::Value>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method as written on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A piece of a method's path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Text as the spec writes it (`/v1/files/`).
    Literal(String),
    /// A path parameter's value.
    Param(PathParamId),
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// For path parameters, the method's argument; others are named by their [`Setter`].
    pub name: Ident,
    /// The parameter's name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its description in the spec.
    pub doc: Option<String>,
    /// Its type.
    pub ty: TypeRef,
    /// Whether a request without it is not sent.
    pub required: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// What the value must meet, checked before sending.
    pub constraints: Constraints,
    /// The spec's `default`, which the server applies when the parameter is not sent.
    pub default: Option<serde_json::Value>,
    /// How a value that is not a plain scalar is written: OpenAPI's `style`...
    pub style: ParamStyle,
    /// ... and its `explode`.
    pub explode: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// The wire name is a valid, lowercase header name.
    Header,
    /// The `Cookie` header.
    Cookie,
}

/// How a form body writes one property: its `encoding`'s `style` and `explode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStyle {
    /// The property's name on the wire.
    pub wire_name: String,
    /// Its `style`, or JSON text for an encoding whose `contentType` is JSON.
    pub style: ParamStyle,
    /// Its `explode`: OpenAPI's default is true for `form` and false for the other styles.
    pub explode: bool,
}

/// How a parameter's array, object or union value is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a,b` (path and header parameters).
    Simple,
    /// `.a.b` (path).
    Label,
    /// `;name=a` (path).
    Matrix,
    /// `name=a&name=b` or `name=a,b` (query and cookie parameters).
    Form,
    /// `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `name=a|b` (query arrays).
    PipeDelimited,
    /// `name[key]=value` for each of an object's properties.
    DeepObject,
    /// JSON text: a parameter declared with `content: application/json` rather than a schema.
    Json,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// An object: one setter per settable property of its type.
    Object {
        /// The object's type.
        ty: TypeId,
        /// How it goes on the wire.
        encoding: BodyEncoding,
        /// How a form body writes the properties whose `encoding` the spec gives otherwise than
        /// OpenAPI's default (`form`, exploded); empty for JSON and multipart bodies.
        styles: Vec<FieldStyle>,
        /// Whether the spec requires a body, which a multipart body with no part set then still
        /// sends: an empty multipart message, not nothing.
        required: bool,
    },
    /// Any other value, set whole (JSON that is not an object, a form or multipart body that is a map).
    Whole {
        /// The value's type.
        ty: TypeRef,
        /// Whether a request without it is not sent.
        required: bool,
        /// How it goes on the wire.
        encoding: BodyEncoding,
    },
    /// `multipart/form-data`: one part per property.
    Multipart {
        /// The parts, one per property.
        fields: Vec<Field>,
        /// Whether the spec requires a body (see [`Body::Object`]'s).
        required: bool,
    },
    /// A body set whole as a file (`application/octet-stream`, images, …) or as text (`text/*`).
    Raw {
        /// Text rather than bytes.
        text: bool,
        /// The declared media type (`image/*` sends the file's own).
        mime_type: String,
        /// Whether a request without it is not sent.
        required: bool,
    },
}

/// How a body object is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one text part per property.
    Multipart,
}

impl BodyEncoding {
    /// The form a media type that does not exist plainly means, with the type it means: specs write
    /// `application/form-data` (Mastodon's) for `multipart/form-data`, or
    /// `multipart/x-www-form-urlencoded` for `application/x-www-form-urlencoded`. `media` is the
    /// lowercase essence, without parameters.
    pub fn meant_by(media: &str) -> Option<(Self, &'static str)> {
        let meant = if media.ends_with("/form-data") {
            (BodyEncoding::Multipart, "multipart/form-data")
        } else if media.ends_with("/x-www-form-urlencoded") {
            (BodyEncoding::Form, "application/x-www-form-urlencoded")
        } else {
            return None;
        };
        (media != meant.1).then_some(meant)
    }
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// JSON of this type.
    Json(TypeRef),
    /// Raw bytes, streamed.
    Binary,
    /// Text.
    Text,
    /// No body (or one the SDK ignores).
    Empty,
}

/// A method's streaming call: it asks for `text/event-stream` and yields each event's data, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Events {
    /// The builder method that streams (`stream`).
    pub method: Ident,
    /// The type of one event's data.
    pub ty: TypeRef,
    /// The boolean body property that asks the server to stream (`stream`): the streaming call sets
    /// it, and it has no setter.
    pub flag: Option<String>,
    /// Whether an event whose data is `{"error": …}` reports an error: the event type has no
    /// `error` property of its own.
    pub error_payloads: bool,
}
