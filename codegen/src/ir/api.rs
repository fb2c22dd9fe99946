//! The API, its resources, helpers, webhooks and package: what one SDK is made of.

use super::arena::Types;
use super::auth::{Credential, Security};
use super::cli::{Cli, CliResource};
use super::ident::Ident;
use super::ids::{MethodId, ResourceId, TypeId};
use super::mcp::Mcp;
use super::method::Method;
use super::pagination::PageField;
use super::types::{Field, TypeDef, TypeRef};

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
    /// The package metadata of a standalone crate of this API.
    pub package: Package,
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
    /// The crates the types are spread over in a crate of this API alone; `None` keeps them in its
    /// `types` module.
    pub type_split: Option<super::type_split::TypeSplit>,
    /// Every resource, parents before their children: [`ResourceId`] indexes it.
    pub resources: Vec<Resource>,
    /// What the API sends to the user's endpoints, in the spec's order.
    pub webhooks: Vec<Webhook>,
    /// How the API signs webhook deliveries.
    pub webhook_signature: WebhookSignature,
    /// How its command-line tool names commands and arguments.
    pub cli: Cli,
    /// How its MCP server names tools and their arguments.
    pub mcp: Mcp,
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

    /// The command-line tool's subcommand of the resource `id`.
    pub fn cli_resource(&self, id: ResourceId) -> &CliResource {
        &self.cli.resources[id.index()]
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

    /// `files().versions()`: how a `Mock` reaches `resource`'s mock.
    pub fn mock_path(&self, resource: &Resource) -> String {
        let own = format!("{}()", resource.mock_accessor.as_str());
        match resource.parent {
            Some(parent) => format!("{}.{own}", self.mock_path(self.resource(parent))),
            None => own,
        }
    }

    /// The types that are emitted, sorted by name, the order in which they are emitted and documented.
    pub fn types_by_name(&self) -> Vec<&TypeDef> {
        self.types_in(None).into_iter().map(|(_, def)| def).collect()
    }

    /// [`Api::types_by_name`] with their ids: all of them, or those `only` holds of a split API's
    /// crates.
    pub fn types_in(&self, only: Option<super::type_split::TypeCrate>) -> Vec<(TypeId, &TypeDef)> {
        let held = |id: TypeId| match (only, &self.type_split) {
            (Some(krate), Some(split)) => split.crate_of(id) == Some(krate),
            _ => true,
        };
        let mut types: Vec<(TypeId, &TypeDef)> = (0..self.types.len())
            .map(TypeId::new)
            .map(|id| (id, self.ty(id)))
            .filter(|(id, def)| def.usage.is_emitted() && held(*id))
            .collect();
        types.sort_by(|(_, a), (_, b)| a.name.cmp(&b.name));
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
        TypeRef::Nullable(inner) => format!("Option<{}>", describe_type(types, inner, prefix)),
        TypeRef::Named(id) => format!("{prefix}{}", types[*id].name.bare()),
    }
}

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

/// What a crate's `Cargo.toml` says of it beyond its code: its version and what crates.io shows.
/// Fields the config leaves out are left out of the manifest.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Package {
    /// The crate's name, where the config sets one.
    pub name: Option<String>,
    /// The crate's version.
    pub version: String,
    /// One sentence about the crate.
    pub description: Option<String>,
    /// An SPDX license expression.
    pub license: Option<String>,
    /// The source repository's URL.
    pub repository: Option<String>,
    /// The project's home page.
    pub homepage: Option<String>,
    /// Where the docs are.
    pub documentation: Option<String>,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
    /// The README, relative to the crate.
    pub readme: Option<String>,
    /// The minimum supported Rust version.
    pub rust_version: Option<String>,
    /// Whether the crate may go to crates.io.
    pub publish: bool,
    /// Whether a command-line tool crate is generated beside it.
    pub cli: bool,
    /// Whether an MCP server crate is generated beside it.
    pub mcp: bool,
    /// Where the crate's runtime comes from.
    pub runtime: RuntimeSource,
}

/// Where a generated crate's runtime comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuntimeSource {
    /// The `sdkgen-runtime` crate, a dependency compiled once for every SDK of an application, and
    /// fixed by `cargo update`.
    #[default]
    Crate,
    /// A copy of the runtime as the crate's own `runtime` module: no dependency beyond the
    /// runtime's own, for those who want none.
    Inline,
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

/// A group of methods on the client (`client.files()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Module name, unique in the provider's module (`files`, `files_versions`).
    pub module: Ident,
    /// The method that returns it, on the client or on its parent resource (`versions`).
    pub accessor: Ident,
    /// How users reach it, for docs and reports (`files().versions()`).
    pub path: String,
    /// Its accessors joined by dots (`files.versions`): how calls name their resource to
    /// interceptors and in traces.
    pub dotted: String,
    /// Struct name (`Files`, `FilesVersions`).
    pub type_name: Ident,
    /// The struct that programs its operations in the provider's `mock` module (`FilesMock`).
    pub mock_type: Ident,
    /// The method that returns its mock, on the provider's `Mock` or its parent's mock: the
    /// accessor, unless `Mock`'s own methods took that name.
    pub mock_accessor: Ident,
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
