//! The intermediate representation: everything the emitters need, and the only thing they read.
//!
//! Identifiers are final ([`Ident`]: cased, deduplicated in their scope and valid Rust); wire names
//! are kept beside them. Types live in one arena ([`Api::types`]) and are referred to by [`TypeId`];
//! resources, methods and helpers refer to each other by [`ResourceId`] and [`MethodId`]. Lists are
//! in a stable order, so output is deterministic.

mod arena;
mod auth;
mod features;
mod ident;
mod types;

pub use arena::Types;
pub use auth::{
    ClientCredentials, Credential, CredentialInput, CredentialPart, CredentialPlacement, CredentialValue, Security,
};
pub use features::UNUSED_SCHEMAS_FEATURE;
pub use ident::Ident;
pub use types::{
    Constraints, Discriminator, EnumVariant, Field, IntegerVariant, Struct, TypeDef, TypeDefKind, TypeId, TypeReach,
    TypeRef, TypeUsage, Union, UnionVariant,
};

/// One SDK: a provider's API as the emitters see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Module and cargo feature name (`deeptable`).
    pub module: Ident,
    /// The provider's name (`DeepTable`).
    pub title: String,
    /// The spec's `info.description`.
    pub description: Option<String>,
    /// The spec and config files, as shown in generated-file headers.
    pub sources: Vec<String>,
    /// The API's deployments; the first is the default. Empty when the spec names no server: the
    /// base URL must then be configured.
    pub environments: Vec<Environment>,
    /// Variables that override the base URL; the first set wins.
    pub base_url_env: Vec<String>,
    /// The prefix of the client's own variables (`<PREFIX>_LOG`, `<PREFIX>_CUSTOM_HEADERS`).
    pub env_prefix: String,
    /// Every credential the client can be configured with; [`Security`] indexes it.
    pub credentials: Vec<Credential>,
    /// What an operation asks for unless it says otherwise: the spec's top-level `security`.
    pub security: Security,
    /// Headers of every API request that the client is configured with.
    pub client_headers: Vec<ClientHeader>,
    /// How many times a failed request is retried by default.
    pub max_retries: u32,
    /// A valid, lowercase header name.
    pub idempotency_header: Option<String>,
    /// The type arena: [`TypeId`] indexes it.
    pub types: Types,
    /// Every resource, parents before their children: [`ResourceId`] indexes it.
    pub resources: Vec<Resource>,
    /// What the API sends to the user's endpoints, in the spec's order.
    pub webhooks: Vec<Webhook>,
    /// How the API signs webhook deliveries.
    pub webhook_signature: WebhookSignature,
}

impl Api {
    /// The type `id` names.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id]
    }

    /// The resource `id` names.
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.index()]
    }

    /// The fields of `id`, if it is a struct or another name for one.
    pub fn struct_fields(&self, id: TypeId) -> Option<&[Field]> {
        self.types.struct_fields(&TypeRef::Named(id))
    }

    /// The type that defines `id`: `id` itself, or what it is another name for (aliases of named
    /// types, as merging identical types makes them, resolved).
    pub fn definition(&self, id: TypeId) -> TypeId {
        self.types.definition(id)
    }

    /// The resources reached from the client itself.
    pub fn top_resources(&self) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(|resource| resource.parent.is_none())
    }

    /// How code reaches `resource` from the client (`files().versions()`), raw identifiers included.
    pub fn code_path(&self, resource: &Resource) -> String {
        let own = format!("{}()", resource.accessor.as_str());
        match resource.parent {
            Some(parent) => format!("{}.{own}", self.code_path(self.resource(parent))),
            None => own,
        }
    }

    /// The types that are emitted, sorted by name, the order in which they are emitted and documented.
    pub fn types_by_name(&self) -> Vec<&TypeDef> {
        let mut types: Vec<&TypeDef> = self.types.iter().filter(|def| def.usage.is_emitted()).collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        types
    }

    /// The API as docs name it: `Spitch API`, and `OpenAI API` for a title that already says so.
    pub fn api_name(&self) -> String {
        let title = self.title.trim();
        if title.ends_with(" API") || title == "API" {
            title.to_owned()
        } else {
            format!("{title} API")
        }
    }

    /// The webhooks that carry values to tell them apart, grouped by those values (webhooks of
    /// one group carry the same), the groups that check the most values first.
    pub fn webhook_groups(&self) -> Vec<Vec<&Webhook>> {
        let mut groups: Vec<Vec<&Webhook>> = Vec::new();
        for webhook in self.webhooks.iter().filter(|webhook| webhook.is_told_apart()) {
            let alike = |group: &&mut Vec<&Webhook>| {
                group[0].headers == webhook.headers && group[0].properties == webhook.properties
            };
            match groups.iter_mut().find(alike) {
                Some(group) => group.push(webhook),
                None => groups.push(vec![webhook]),
            }
        }
        groups.sort_by_key(|group| std::cmp::Reverse(group[0].headers.len() + group[0].properties.len()));
        groups
    }

    /// The type as Rust code names it, for docs and reports; `prefix` goes before the names of the
    /// `types` module (`"types::"`, or `""`).
    pub fn describe(&self, ty: &TypeRef, prefix: &str) -> String {
        describe_type(&self.types, ty, prefix)
    }
}

/// Environment variable names as docs list them: `` `A` `` or `` `A` (else `B`) ``; the first set wins.
pub fn env_names(names: &[String]) -> String {
    let mut names = names.iter().map(|name| format!("`{name}`"));
    let first = names.next().unwrap_or_default();
    let rest: Vec<String> = names.collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} (else {})", rest.join(", else "))
    }
}

/// [`Api::describe`], for a type arena that is not in an [`Api`] yet.
pub fn describe_type(types: &Types, ty: &TypeRef, prefix: &str) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Upload => "UploadFile".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Array(items) => format!("Vec<{}>", describe_type(types, items, prefix)),
        TypeRef::Map(values) => format!("BTreeMap<String, {}>", describe_type(types, values, prefix)),
        TypeRef::Named(id) => format!("{prefix}{}", types[*id].name.bare()),
    }
}

/// The module of a provider's webhook events; lowering keeps resources from taking its name.
pub const WEBHOOKS_MODULE: &str = "webhook_events";

/// A webhook of the spec: a variant of the event a delivery decodes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its key in the spec (`batch_cancelled`).
    pub name: String,
    /// Its variant of the generated `WebhookEvent` enum.
    pub variant: Ident,
    /// The type of a delivery's body.
    pub payload: TypeRef,
    /// The webhook's description in the spec.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Header values its deliveries carry (GitHub's `x-github-event`), by lowercase name.
    pub headers: Vec<(String, String)>,
    /// Values of payload properties that only its deliveries have (`type`, `action`), by wire name.
    pub properties: Vec<(String, String)>,
}

impl Webhook {
    /// Whether its deliveries carry a header or payload value that tells them apart.
    pub fn is_told_apart(&self) -> bool {
        !self.headers.is_empty() || !self.properties.is_empty()
    }
}

/// How an API signs its webhook deliveries (the runtime's `SignatureScheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookSignature {
    /// Standard Webhooks (`webhook-signature`).
    #[default]
    Standard,
    /// GitHub (`X-Hub-Signature-256`).
    Github,
    /// Stripe (`Stripe-Signature`).
    Stripe,
}

/// One deployment of the API, a variant of the client's environment enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// Variant name (`Production`).
    pub variant: Ident,
    /// As written in the config (`production`).
    pub name: String,
    /// Its base URL.
    pub url: String,
}

/// A header the client sends with every API request, set by a builder method or the environment.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    /// A valid, lowercase header name.
    pub header: String,
    /// Client builder method.
    pub setter: Ident,
    /// The builder method takes a `bool`, sent as `true`/`false`; else a string.
    pub boolean: bool,
    /// Variables it is read from when not set in code; the first set wins.
    pub env: Vec<String>,
    /// What the header does, for the builder method's docs.
    pub description: Option<String>,
}

/// A resource: an index into [`Api::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId(u32);

impl ResourceId {
    /// The id of the resource at `index` of [`Api::resources`].
    pub(crate) fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 2^32 resources"))
    }

    /// Its index in [`Api::resources`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A method of a resource: an index into [`Resource::methods`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MethodId(u32);

impl MethodId {
    /// The id of the method at `index` of [`Resource::methods`].
    pub(crate) fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 2^32 methods"))
    }

    /// Its index in [`Resource::methods`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A group of methods on the client (`client.files()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Module name, unique in the provider's module (`files`, `files_versions`).
    pub module: Ident,
    /// The method that returns it, on the client or on its parent resource (`versions`).
    pub accessor: Ident,
    /// How users reach it, for docs and reports (`files().versions()`).
    pub path: String,
    /// Struct name (`Files`, `FilesVersions`).
    pub type_name: Ident,
    /// The resource's docs: the config's description, else its tag's in the spec.
    pub doc: Option<String>,
    /// Its methods, one per operation.
    pub methods: Vec<Method>,
    /// Its helper methods, which combine a method with a transfer or a wait.
    pub helpers: Vec<Helper>,
    /// The resource it hangs off, or `None` for one reached from the client.
    pub parent: Option<ResourceId>,
    /// The resources reached through it.
    pub children: Vec<ResourceId>,
}

impl Resource {
    /// The method `id` names.
    pub fn method(&self, id: MethodId) -> &Method {
        &self.methods[id.index()]
    }
}

/// A helper method: a method of the same resource combined with a transfer or a wait.
#[derive(Debug, Clone, PartialEq)]
pub struct Helper {
    /// The helper's method name on the resource.
    pub name: Ident,
    /// The method it calls.
    pub method: MethodId,
    /// The helper's parameters for the called method's path parameters, in their order.
    pub path_args: Vec<Ident>,
    /// What it does besides calling the method.
    pub kind: HelperKind,
}

/// What a helper does besides calling its method.
#[derive(Debug, Clone, PartialEq)]
pub enum HelperKind {
    /// Downloads the URL the response names, without credentials.
    DownloadUrl {
        /// The response field holding the URL.
        url: PageField,
    },
    /// Asks for a presigned URL for a file, then PUTs the file there.
    PresignedPut {
        /// Setters of the called method.
        name: Ident,
        /// The setter taking the file's size in bytes.
        size: Ident,
        /// The type of the size (an integer type).
        size_type: TypeRef,
        /// The setter taking the file's MIME type.
        mime_type: Ident,
        /// The response field holding the presigned URL.
        url: PageField,
        /// The response field the helper returns once the file is uploaded.
        result: PageField,
        /// Body fields of the called method the helper takes as arguments.
        arguments: Vec<HelperArgument>,
    },
    /// Asks for one presigned URL per file, then PUTs each file to its own.
    BatchPut {
        /// The setter taking the list of items.
        files: Ident,
        /// The type of one item of that list.
        item_type: TypeId,
        /// Fields of the item type.
        path: Ident,
        /// The setter taking the file's MIME type.
        mime_type: Ident,
        /// The response field listing one result per file.
        results: PageField,
        /// A field of the result items.
        url: PageField,
        /// Body fields of the called method the helper takes as arguments.
        arguments: Vec<HelperArgument>,
    },
    /// Calls the method until the response's status is final, backing off between calls.
    Wait {
        /// The response field holding the status.
        status: PageField,
        /// The status values that end the wait with the response.
        done: Vec<String>,
        /// The status values that end the wait with an error.
        failed: Vec<String>,
        /// The response field that explains a failure.
        message: PageField,
    },
}

/// A body field of the called method that the helper takes as an argument: required ones as they
/// are, optional ones as `Option`s.
#[derive(Debug, Clone, PartialEq)]
pub struct HelperArgument {
    /// The helper's parameter.
    pub name: Ident,
    /// The called method's setter.
    pub setter: Ident,
    /// The argument's type.
    pub ty: TypeRef,
    /// Whether the helper requires it (else it takes an `Option`).
    pub required: bool,
}

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
    /// The `Accept` header: the media types the operation declares for its success response.
    pub accept: String,
    /// How the method pages, if it is a list that pages.
    pub pagination: Option<Pagination>,
    /// The streaming call, when the success response also offers `text/event-stream`.
    pub events: Option<Events>,
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
    pub fn setter_views<'a>(&'a self, api: &'a Api) -> Vec<SetterView<'a>> {
        self.setters.iter().map(|setter| self.setter_view(api, setter)).collect()
    }

    /// Everything `setter` stands for, looked up in `api`.
    pub fn setter_view<'a>(&'a self, api: &'a Api, setter: &'a Setter) -> SetterView<'a> {
        match setter.target {
            SetterTarget::Param(index) => {
                let param = &self.params[index];
                SetterView {
                    setter,
                    wire_name: &param.wire_name,
                    doc: param.doc.as_deref(),
                    ty: &param.ty,
                    required: param.required,
                    nullable: false,
                    deprecated: param.deprecated,
                    constraints: &param.constraints,
                }
            }
            SetterTarget::BodyField(index) => {
                let field = &self.body_fields(api)[index];
                SetterView {
                    setter,
                    wire_name: &field.wire_name,
                    doc: field.doc.as_deref(),
                    ty: &field.ty,
                    required: field.required,
                    nullable: field.nullable,
                    deprecated: field.deprecated,
                    constraints: &field.constraints,
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
                }
            }
        }
    }

    /// The properties of an object or multipart body, in order; empty for other bodies.
    pub fn body_fields<'a>(&'a self, api: &'a Api) -> &'a [Field] {
        match &self.body {
            Some(Body::Object { ty, .. }) => api.struct_fields(*ty).unwrap_or_default(),
            Some(Body::Multipart { fields }) => fields,
            _ => &[],
        }
    }

    /// Whether the request must be sent with every required value set: setters that are required
    /// and cannot be sent as null.
    pub fn required_setters<'a>(&'a self, api: &'a Api) -> Vec<SetterView<'a>> {
        self.setter_views(api).into_iter().filter(|view| view.required && !view.nullable).collect()
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
    /// An index in [`Method::params`].
    Param(usize),
    /// An index in [`Method::body_fields`].
    BodyField(usize),
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
    /// The index of a path parameter in [`Method::path_params`].
    Param(usize),
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
    /// How array and object values are written in a query.
    pub style: ParamStyle,
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

/// How a query parameter's array or object value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `name=a&name=b` (form, exploded: OpenAPI's default).
    Exploded,
    /// `name=a,b` (form without explode).
    Comma,
    /// `name[key]=value` for each of an object's properties.
    DeepObject,
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

/// How a list method pages: where its items are, and which fields of the response and the request
/// (or which response header) carry the paging state.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// What the response is, and where its items are.
    pub page: PageType,
    /// The type of one item.
    pub item_type: TypeRef,
    /// How the next page is asked for, and when paging ends.
    pub scheme: PaginationScheme,
}

/// What a list method's response is.
#[derive(Debug, Clone, PartialEq)]
pub enum PageType {
    /// A struct of the `types` module (not an alias) holding the items in `items`.
    Struct {
        /// The page type.
        id: TypeId,
        /// Its field holding the items.
        items: PageField,
    },
    /// The JSON array of the items itself.
    Array,
}

impl PageType {
    /// The page struct, if the response is one.
    pub fn struct_id(&self) -> Option<TypeId> {
        match self {
            PageType::Struct { id, .. } => Some(*id),
            PageType::Array => None,
        }
    }
}

/// How a list method asks for the next page, and when it stops.
#[derive(Debug, Clone, PartialEq)]
pub enum PaginationScheme {
    /// The response names the next page's cursor (at the end of a path of fields, each in the one
    /// before), sent back as `cursor_param`; none or empty ends.
    Cursor {
        /// The response fields leading to the cursor, outermost first.
        next_cursor: Vec<PageField>,
        /// The request value the cursor is sent back as.
        cursor_param: RequestField,
    },
    /// The response may say whether more follow and may name its last item; else the last item's
    /// `item_id` is the cursor, sent back as `cursor_param`. At least one of `last_id` and `item_id`.
    CursorId {
        /// The response field saying whether more items follow.
        has_more: Option<PageField>,
        /// The response field naming the page's last item.
        last_id: Option<PageField>,
        /// A field of the item type.
        item_id: Option<PageField>,
        /// The request value the cursor is sent back as.
        cursor_param: RequestField,
    },
    /// The next offset is this request's plus the items received; the total, if the response gives
    /// it, or an empty page ends.
    Offset {
        /// The response field giving the number of items in all.
        total: Option<PageField>,
        /// The request value the offset is sent as.
        offset_param: RequestField,
    },
    /// `page_param` counts pages from `first`; a declared total of items or last page number, an
    /// empty page, or one shorter than those before ends.
    PageNumber {
        /// The request value the page number is sent as.
        page_param: RequestField,
        /// The number of the first page.
        first: i64,
        /// The response field giving the number of items in all.
        total: Option<PageField>,
        /// The response field giving the number of the last page.
        last_page: Option<PageField>,
    },
    /// The response's `Link` header names the next page (`rel="next"`).
    Link,
}

impl PaginationScheme {
    /// The request value paging rewrites, if it rewrites one.
    pub fn request_field(&self) -> Option<&RequestField> {
        match self {
            PaginationScheme::Cursor { cursor_param: param, .. }
            | PaginationScheme::CursorId { cursor_param: param, .. }
            | PaginationScheme::Offset { offset_param: param, .. }
            | PaginationScheme::PageNumber { page_param: param, .. } => Some(param),
            PaginationScheme::Link => None,
        }
    }

    /// What the scheme is called in `sdk.yaml`, for notes.
    pub fn style(&self) -> &'static str {
        match self {
            PaginationScheme::Cursor { .. } => "cursor",
            PaginationScheme::CursorId { .. } => "cursor_id",
            PaginationScheme::Offset { .. } => "offset",
            PaginationScheme::PageNumber { .. } => "page_number",
            PaginationScheme::Link => "link",
        }
    }
}

/// A field of a response struct, by its Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    /// The field's Rust name.
    pub name: Ident,
    /// The field's type.
    pub ty: TypeRef,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

impl From<&Field> for PageField {
    fn from(field: &Field) -> Self {
        Self { name: field.name.clone(), ty: field.ty.clone(), optional: field.is_optional() }
    }
}

/// A value of the request that paging rewrites, by its wire name.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestField {
    /// The value's name on the wire.
    pub wire_name: String,
    /// In the query string, else a field of the JSON body.
    pub in_query: bool,
    /// The value's type.
    pub ty: TypeRef,
}
