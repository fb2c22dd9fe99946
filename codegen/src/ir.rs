//! The intermediate representation: everything the emitters need, and the only thing they read.
//!
//! Names in the IR are final Rust identifiers (already cased and escaped); wire names are kept beside
//! them. Lists are in a stable order, so output is deterministic.

use serde_json::Value;

/// One SDK: a provider's API as the emitters see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Module and cargo feature name (`deeptable`).
    pub module: String,
    /// The provider's name (`DeepTable`).
    pub title: String,
    pub description: Option<String>,
    /// The spec and config files, as shown in generated-file headers.
    pub sources: Vec<String>,
    pub environments: Vec<Environment>,
    pub base_url_env: String,
    pub env_prefix: String,
    pub credentials: Vec<Credential>,
    pub max_retries: u32,
    pub idempotency_header: Option<String>,
    pub types: Vec<TypeDef>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// Variant name (`Production`).
    pub variant: String,
    /// As written in the config (`production`).
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// Client builder method (`api_key`).
    pub setter: String,
    pub env: String,
    pub placement: CredentialPlacement,
    pub optional: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CredentialPlacement {
    /// `Authorization: Bearer <credential>`.
    Bearer,
    /// The credential as the value of this header.
    Header(String),
}

/// A named type of the SDK's `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeDefKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDefKind {
    Struct(Vec<Field>),
    /// A string enum that keeps values it does not know.
    Enum(Vec<EnumVariant>),
    /// An integer enum that keeps values it does not know.
    IntegerEnum(Vec<IntegerVariant>),
    /// Another name for a type (a schema that is a primitive, an array or any JSON).
    Alias(TypeRef),
    /// One of several types (`oneOf`/`anyOf`).
    Union(Union),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// With a discriminator, values are told apart by a property; without, by trying each variant
    /// in order.
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Boxed, because the variant's type contains the union.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Discriminator value → index in [`Union::variants`].
    pub mapping: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntegerVariant {
    pub name: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// A struct field or a body property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// The key must be present on the wire.
    pub required: bool,
    /// `null` is a valid value.
    pub nullable: bool,
    pub deprecated: bool,
    /// The only value the field can take (a single-value enum): requests fill it in themselves.
    pub constant: Option<Value>,
    pub default: Option<Value>,
    pub constraints: Constraints,
    /// Boxed, because the field's type contains the struct (a recursive type).
    pub boxed: bool,
    /// Sent by the server only (`readOnly`): requests have no setter for it.
    pub read_only: bool,
}

impl Field {
    /// Whether a request builder has a setter for it: not a constant, not read-only.
    pub fn is_settable(&self) -> bool {
        self.constant.is_none() && !self.read_only
    }

    /// Whether the Rust field is an `Option`: the key may be missing or the value may be null.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// Validation keywords of a schema, for client-side checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// For file uploads: accepted file name extensions, such as `.xlsx`.
    pub file_extensions: Vec<String>,
}

/// A reference to a type, as a field, parameter or response uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    DateTime,
    Date,
    Uuid,
    /// File content in a multipart request.
    Upload,
    /// Any JSON value.
    Json,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A type of the `types` module.
    Named(String),
}

impl TypeRef {
    /// The type as Rust code names it, for docs and reports; `named` prefixes the `types` module's
    /// names (`"types::"`, or `""`).
    pub fn describe(&self, named: &str) -> String {
        match self {
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
            TypeRef::Array(items) => format!("Vec<{}>", items.describe(named)),
            TypeRef::Map(values) => format!("BTreeMap<String, {}>", values.describe(named)),
            TypeRef::Named(name) => format!("{named}{name}"),
        }
    }
}

/// A group of methods on the client (`client.files()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Module name, unique in the API (`files`, `files_versions`).
    pub name: String,
    /// The method that returns it, on the client or on its parent resource (`versions`).
    pub accessor: String,
    /// How users reach it, for docs and reports (`files().versions()`).
    pub path: String,
    /// Struct name (`Files`, `FilesVersions`).
    pub type_name: String,
    pub doc: Option<String>,
    pub methods: Vec<Method>,
    pub helpers: Vec<Helper>,
    /// Whether it hangs off another resource rather than the client.
    pub nested: bool,
    /// Indexes in [`Api::resources`] of the resources that hang off this one.
    pub children: Vec<usize>,
}

/// A helper method: a method of the same resource combined with a transfer or a wait.
#[derive(Debug, Clone, PartialEq)]
pub struct Helper {
    pub name: String,
    /// The index of the method it calls in [`Resource::methods`].
    pub method: usize,
    pub kind: HelperKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HelperKind {
    DownloadUrl {
        url: PageField,
    },
    PresignedPut {
        name: String,
        size: PageField,
        mime_type: String,
        url: PageField,
        result: PageField,
        arguments: Vec<HelperArgument>,
    },
    BatchPut {
        files: String,
        item_type: String,
        path: String,
        mime_type: String,
        results: String,
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
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
}

/// One SDK method: one HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Method name on the resource (`list`).
    pub name: String,
    /// The request builder's type name (`ListFilesRequest`).
    pub builder: String,
    pub operation_id: String,
    pub http_method: HttpMethod,
    /// The path as written in the spec (`/v1/files/{file_id}`).
    pub path: String,
    pub path_segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Whether the client's credentials are sent.
    pub authenticated: bool,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    pub cookie_params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    pub pagination: Option<Pagination>,
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
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    Literal(String),
    /// The index of a path parameter in [`Method::path_params`].
    Param(usize),
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub deprecated: bool,
    pub constraints: Constraints,
    pub style: ParamStyle,
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
    /// An object: one setter per property, sent as the named type in `encoding`.
    Object { type_name: String, fields: Vec<Field>, encoding: ObjectEncoding },
    /// Any other JSON body, set whole.
    Json { ty: TypeRef, required: bool },
    /// `multipart/form-data`: one part per property.
    Multipart { fields: Vec<Field> },
    /// A body set whole as a file (`application/octet-stream`, images, …) or as text (`text/*`).
    Raw { text: bool, mime_type: String, required: bool },
}

static TEXT_BODY: TypeRef = TypeRef::String;
static FILE_BODY: TypeRef = TypeRef::Upload;

impl Body {
    /// For a body set whole (JSON that is not an object, text, a file): the type of its one `body`
    /// setter and whether it is required.
    pub fn whole(&self) -> Option<(&TypeRef, bool)> {
        match self {
            Body::Json { ty, required } => Some((ty, *required)),
            Body::Raw { text: true, required, .. } => Some((&TEXT_BODY, *required)),
            Body::Raw { text: false, required, .. } => Some((&FILE_BODY, *required)),
            Body::Object { .. } | Body::Multipart { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectEncoding {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
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

/// How a list method pages: which fields of the response and the request carry the paging state.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The response type (a struct of the `types` module).
    pub page_type: String,
    /// The type of one item.
    pub item_type: TypeRef,
    /// The response field holding the items.
    pub items: PageField,
    pub scheme: PaginationScheme,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PaginationScheme {
    /// The response names the next page's cursor, sent back as `cursor_param`; none or empty ends.
    Cursor { next_cursor: PageField, cursor_param: PageField },
    /// The response says whether more follow and names the last item, sent back as `cursor_param`.
    CursorId { has_more: PageField, last_id: PageField, cursor_param: PageField },
    /// The response gives the total; the next offset is this request's plus the items received.
    Offset { total: PageField, offset_param: PageField },
}

/// A field of the response type or of the request builder, by its Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    pub name: String,
    pub ty: TypeRef,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

impl From<&Field> for PageField {
    fn from(field: &Field) -> Self {
        Self { name: field.name.clone(), ty: field.ty.clone(), optional: field.is_optional() }
    }
}
