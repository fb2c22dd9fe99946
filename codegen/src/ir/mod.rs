//! The intermediate representation: everything the emitters need, and the only thing they read.
//!
//! Identifiers are final ([`Ident`]: cased, deduplicated in their scope and valid Rust); wire names
//! are kept beside them. Types live in one arena ([`Api::types`]) and are referred to by [`TypeId`];
//! resources, methods and helpers refer to each other by [`ResourceId`] and [`MethodId`]. Lists are
//! in a stable order, so output is deterministic.

mod auth;
mod features;
mod ident;
mod types;

pub use auth::{
    ClientCredentials, Credential, CredentialInput, CredentialPart, CredentialPlacement, CredentialValue, Security,
};
pub use features::UNUSED_SCHEMAS_FEATURE;
pub use ident::Ident;
pub(crate) use types::{definition, resolve};
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
    pub description: Option<String>,
    /// The spec and config files, as shown in generated-file headers.
    pub sources: Vec<String>,
    /// The API's deployments; the first is the default. Empty when the spec names no server: the
    /// base URL must then be configured.
    pub environments: Vec<Environment>,
    /// Variables that override the base URL; the first set wins.
    pub base_url_env: Vec<String>,
    pub env_prefix: String,
    pub credentials: Vec<Credential>,
    /// What an operation asks for unless it says otherwise: the spec's top-level `security`.
    pub security: Security,
    /// Headers of every API request that the client is configured with.
    pub client_headers: Vec<ClientHeader>,
    pub max_retries: u32,
    /// A valid, lowercase header name.
    pub idempotency_header: Option<String>,
    /// The type arena: [`TypeId`] indexes it.
    pub types: Vec<TypeDef>,
    /// Every resource, parents before their children: [`ResourceId`] indexes it.
    pub resources: Vec<Resource>,
    /// What the API sends to the user's endpoints, in the spec's order.
    pub webhooks: Vec<Webhook>,
    /// How the API signs webhook deliveries.
    pub webhook_signature: WebhookSignature,
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.index()]
    }

    /// The fields of `id`, if it is a struct or another name for one.
    pub fn struct_fields(&self, id: TypeId) -> Option<&[Field]> {
        match &self.ty(self.definition(id)).kind {
            TypeDefKind::Struct(object) => Some(&object.fields),
            _ => None,
        }
    }

    /// The type that defines `id`: `id` itself, or what it is another name for (aliases of named
    /// types, as merging identical types makes them, resolved).
    pub fn definition(&self, id: TypeId) -> TypeId {
        types::definition(&self.types, id)
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
pub fn describe_type(types: &[TypeDef], ty: &TypeRef, prefix: &str) -> String {
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
        TypeRef::Named(id) => format!("{prefix}{}", types[id.index()].name.bare()),
    }
}

/// The module of a provider's webhook events; lowering keeps resources from taking its name.
pub const WEBHOOKS_MODULE: &str = "webhook_events";

/// A webhook of the spec: a variant of the event a delivery decodes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its key in the spec (`batch_cancelled`).
    pub name: String,
    pub variant: Ident,
    pub payload: TypeRef,
    pub doc: Option<String>,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// Variant name (`Production`).
    pub variant: Ident,
    /// As written in the config (`production`).
    pub name: String,
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
    pub description: Option<String>,
}

/// A resource: an index into [`Api::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId(u32);

impl ResourceId {
    pub fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 2^32 resources"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A method of a resource: an index into [`Resource::methods`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MethodId(u32);

impl MethodId {
    pub fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 2^32 methods"))
    }

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
    pub doc: Option<String>,
    pub methods: Vec<Method>,
    pub helpers: Vec<Helper>,
    /// The resource it hangs off, or `None` for one reached from the client.
    pub parent: Option<ResourceId>,
    pub children: Vec<ResourceId>,
}

impl Resource {
    pub fn method(&self, id: MethodId) -> &Method {
        &self.methods[id.index()]
    }
}

/// A helper method: a method of the same resource combined with a transfer or a wait.
#[derive(Debug, Clone, PartialEq)]
pub struct Helper {
    pub name: Ident,
    /// The method it calls.
    pub method: MethodId,
    /// The helper's parameters for the called method's path parameters, in their order.
    pub path_args: Vec<Ident>,
    pub kind: HelperKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HelperKind {
    DownloadUrl {
        url: PageField,
    },
    PresignedPut {
        /// Setters of the called method.
        name: Ident,
        size: Ident,
        size_type: TypeRef,
        mime_type: Ident,
        url: PageField,
        result: PageField,
        arguments: Vec<HelperArgument>,
    },
    BatchPut {
        /// The setter taking the list of items.
        files: Ident,
        item_type: TypeId,
        /// Fields of the item type.
        path: Ident,
        mime_type: Ident,
        results: PageField,
        /// A field of the result items.
        url: PageField,
        arguments: Vec<HelperArgument>,
    },
    Wait {
        status: PageField,
        done: Vec<String>,
        failed: Vec<String>,
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
    pub ty: TypeRef,
    pub required: bool,
}

/// One SDK method: one HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Method name on the resource (`list`).
    pub name: Ident,
    /// The request builder's type name (`ListFilesRequest`).
    pub builder: Ident,
    pub operation_id: String,
    pub http_method: HttpMethod,
    /// The path as written in the spec (`/v1/files/{file_id}`).
    pub path: String,
    pub path_segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The credentials a call sends: the operation's own `security`, else [`Api::security`].
    pub security: Security,
    /// The method's arguments, in the order the path names them.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters, set through [`Method::setters`].
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The builder's setters: its methods besides sending, in one namespace.
    pub setters: Vec<Setter>,
    pub response: Response,
    /// The `Accept` header: the media types the operation declares for its success response.
    pub accept: String,
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
    pub name: Ident,
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
    pub setter: &'a Setter,
    pub wire_name: &'a str,
    pub doc: Option<&'a str>,
    pub ty: &'a TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub constraints: &'a Constraints,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
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

#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    Literal(String),
    /// The index of a path parameter in [`Method::path_params`].
    Param(usize),
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// For path parameters, the method's argument; others are named by their [`Setter`].
    pub name: Ident,
    pub wire_name: String,
    pub location: ParamLocation,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub deprecated: bool,
    pub constraints: Constraints,
    pub style: ParamStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    /// The wire name is a valid, lowercase header name.
    Header,
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
    Object { ty: TypeId, encoding: BodyEncoding },
    /// Any other value, set whole (JSON that is not an object, a form or multipart body that is a map).
    Whole { ty: TypeRef, required: bool, encoding: BodyEncoding },
    /// `multipart/form-data`: one part per property.
    Multipart { fields: Vec<Field> },
    /// A body set whole as a file (`application/octet-stream`, images, …) or as text (`text/*`).
    Raw { text: bool, mime_type: String, required: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one text part per property.
    Multipart,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Json(TypeRef),
    /// Raw bytes, streamed.
    Binary,
    Text,
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
    pub page: PageType,
    /// The type of one item.
    pub item_type: TypeRef,
    pub scheme: PaginationScheme,
}

/// What a list method's response is.
#[derive(Debug, Clone, PartialEq)]
pub enum PageType {
    /// A struct of the `types` module (not an alias) holding the items in `items`.
    Struct { id: TypeId, items: PageField },
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

#[derive(Debug, Clone, PartialEq)]
pub enum PaginationScheme {
    /// The response names the next page's cursor (at the end of a path of fields, each in the one
    /// before), sent back as `cursor_param`; none or empty ends.
    Cursor { next_cursor: Vec<PageField>, cursor_param: RequestField },
    /// The response may say whether more follow and may name its last item; else the last item's
    /// `item_id` is the cursor, sent back as `cursor_param`. At least one of `last_id` and `item_id`.
    CursorId {
        has_more: Option<PageField>,
        last_id: Option<PageField>,
        /// A field of the item type.
        item_id: Option<PageField>,
        cursor_param: RequestField,
    },
    /// The next offset is this request's plus the items received; the total, if the response gives
    /// it, or an empty page ends.
    Offset { total: Option<PageField>, offset_param: RequestField },
    /// `page_param` counts pages from `first`; a declared total of items or last page number, an
    /// empty page, or one shorter than those before ends.
    PageNumber { page_param: RequestField, first: i64, total: Option<PageField>, last_page: Option<PageField> },
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
    pub name: Ident,
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
    pub wire_name: String,
    /// In the query string, else a field of the JSON body.
    pub in_query: bool,
    pub ty: TypeRef,
}
