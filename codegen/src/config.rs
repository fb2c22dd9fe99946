//! The handwritten SDK config (`sdk.yaml`) that sits beside each spec: names, environments, auth,
//! retries, and which operation each SDK method calls. Its schema is documented in the README.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Error, Pointer};
use crate::load::{self, Origin, ResponseOverride, SchemeDeclaration, SpecEdits};

/// A parsed and validated `sdk.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkConfig {
    /// The Rust module and cargo feature of the SDK (`deeptable`).
    pub name: String,
    /// The provider's name as people write it (`DeepTable`).
    pub title: String,
    /// Where the API is served; the first is the default. Without any, clients need a base URL.
    #[serde(default)]
    pub environments: Vec<EnvironmentConfig>,
    /// The environment variables the client reads (see [`EnvConfig`]).
    pub env: EnvConfig,
    /// The credentials the client sends, each tied to a security scheme of the spec.
    #[serde(default)]
    pub auth: Vec<AuthConfig>,
    /// How many times a failed request is retried by default.
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
    /// A header that carries one idempotency key per logical request, the same on every retry.
    #[serde(default)]
    pub idempotency_header: Option<String>,
    /// Headers the client sends with every request to the API, each set by a builder method or the
    /// environment (Aymara's `X-Use-Sandbox`).
    #[serde(default)]
    pub client_headers: Vec<ClientHeaderConfig>,
    /// SDK resources by name (`files`), each mapping method names to operations. Without any,
    /// every operation is a method, named as for a spec without a config.
    #[serde(default)]
    pub resources: std::collections::BTreeMap<String, ResourceConfig>,
    /// OpenAPI Overlay 1.0 documents (paths relative to this file), applied to the spec in order
    /// before it is loaded.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Where the spec contradicts its server and an overlay would be clumsy.
    #[serde(default)]
    pub overrides: OverridesConfig,
    /// How the spec's webhooks are signed, where the spec does not show it.
    #[serde(default)]
    pub webhooks: Option<WebhooksConfig>,
    /// What crates.io shows of a standalone crate of this provider (the workspace's crate takes
    /// its own from `specs/package.yaml`).
    #[serde(default)]
    pub package: PackageConfig,
    /// Generated files a maintainer has replaced by hand: generation leaves them as they are, and
    /// warns when what it would write there changes (see `crate::custom`).
    #[serde(default)]
    pub replaced_files: Vec<ReplacedFile>,
    /// The file this config was read from; not part of the YAML.
    #[serde(skip)]
    pub path: PathBuf,
}

/// A crate's package metadata: `package:` in `sdk.yaml`, or `specs/package.yaml` for the
/// workspace's crate. Every field is optional; without a version the crate is `0.1.0`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageConfig {
    /// The crate's name on crates.io (a standalone crate; default: the name given to `generate`).
    pub name: Option<String>,
    /// The crate's version (default `0.1.0`); `cargo xtask release` moves it.
    pub version: Option<String>,
    /// One sentence (default: what the SDK is for, from the providers' titles).
    pub description: Option<String>,
    /// An SPDX expression (`MIT OR Apache-2.0`); crates.io requires one.
    pub license: Option<String>,
    /// The source repository's URL.
    pub repository: Option<String>,
    /// The project's home page.
    pub homepage: Option<String>,
    /// Where the docs are (docs.rs by default).
    pub documentation: Option<String>,
    /// At most five, as crates.io allows.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs (`api-bindings`, `web-programming::http-client`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// The crate's README, relative to the crate (a standalone crate has `README.md` at its root).
    pub readme: Option<String>,
    /// The minimum supported Rust version.
    pub rust_version: Option<String>,
    /// `false` keeps the crate off crates.io (`publish = false`).
    pub publish: Option<bool>,
    /// `true` also generates a command-line tool crate beside the SDK (`cli/`).
    #[serde(default)]
    pub cli: bool,
    /// `true` also generates an MCP server crate beside the SDK (`mcp/`).
    #[serde(default)]
    pub mcp: bool,
    /// `inline` copies the runtime into the crate as its `runtime` module; by default (`crate`)
    /// the crate depends on `sdkgen-runtime`.
    pub runtime: Option<crate::ir::RuntimeSource>,
    /// `true` spreads the types of a standalone crate on the runtime crate over three crates in its
    /// folder, which cargo checks side by side; `false` keeps them in its `types` module. By
    /// default an API of at least a thousand structs responses carry is split (see
    /// `lower::split_types`).
    pub split_types: Option<bool>,
}

impl PackageConfig {
    /// The package config at `path` (`specs/package.yaml`).
    pub fn load(path: &Path) -> Result<Self, Error> {
        let document = load::read_document(path)?;
        load::deserialize_at(document, path)
    }
}

/// One of `replaced_files:` in `sdk.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplacedFile {
    /// The file, relative to the crate's folder (`src/deeptable/files.rs`).
    pub path: String,
    /// The SHA-256 (hex) of what the generator wrote there when it was replaced: generation warns
    /// when what it would write now differs, so that the maintainer can fold the change in.
    #[serde(default)]
    pub generated_sha256: Option<String>,
}

/// `overrides:` in `sdk.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverridesConfig {
    /// Operation (`operationId` or `METHOD /path`) → the schema of its success response, which
    /// may refer to the spec's components (`$ref: "#/components/schemas/Database"`).
    #[serde(default)]
    pub responses: std::collections::BTreeMap<String, serde_json::Value>,
}

fn default_max_retries() -> u32 {
    2
}

/// `webhooks:` in `sdk.yaml`: how the API signs its deliveries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The signature scheme: `standard` (Standard Webhooks), `github` or `stripe`.
    pub signature: crate::ir::WebhookSignature,
}

/// One deployment of the API: a name for the client's environment enum and its base URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// The environment's name (`production`), a variant of the generated environment enum.
    pub name: String,
    /// Its base URL.
    pub url: String,
}

/// `env:` in `sdk.yaml`: the environment variables the client reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvConfig {
    /// The prefix of `<PREFIX>_LOG` and `<PREFIX>_CUSTOM_HEADERS`.
    pub prefix: String,
    /// The variables that override the base URL: one, or a list in which the first set wins.
    #[serde(deserialize_with = "one_or_many")]
    pub base_url: Vec<String>,
}

/// A string or a list of strings, as a list.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// One credential the client sends, tied to a security scheme of the spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// A key of `components.securitySchemes` in the spec.
    pub scheme: String,
    /// The name of the client builder method that sets this credential (`api_key`).
    pub setter: String,
    /// The environment variables the credential is read from: one, or a list in which the first set
    /// wins (`[LLAMA_CLOUD_API_KEY, LLAMA_PARSE_API_KEY]`).
    #[serde(deserialize_with = "one_or_many")]
    pub env: Vec<String>,
    /// Whether the client works without this credential.
    #[serde(default)]
    pub optional: bool,
    /// For HTTP basic: the password, set beside the username that `setter` and `env` name.
    #[serde(default)]
    pub password: Option<CredentialValueConfig>,
    /// For OAuth2: the client-credentials flow, which the SDK runs itself to get access tokens
    /// (`setter` and `env` then name a ready access token, which wins when set).
    #[serde(default)]
    pub client_credentials: Option<ClientCredentialsConfig>,
    /// A Security Scheme Object for a scheme the spec never declares but its server enforces:
    /// added to the spec as `scheme`, and accepted by every operation without security of its own.
    #[serde(default)]
    pub declare: Option<serde_json::Value>,
}

/// A secret value of a credential beyond its first: its builder method and variables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialValueConfig {
    /// The client builder method that sets it (`password`).
    pub setter: String,
    /// The variables it is read from: one, or a list in which the first set wins.
    #[serde(deserialize_with = "one_or_many")]
    pub env: Vec<String>,
}

/// The OAuth2 client-credentials flow of a credential.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentialsConfig {
    /// The client id: its builder method and variables.
    pub client_id: CredentialValueConfig,
    /// The client secret: its builder method and variables.
    pub client_secret: CredentialValueConfig,
    /// The token endpoint; by default the spec's `tokenUrl` for the flow.
    #[serde(default)]
    pub token_url: Option<String>,
    /// The scopes to ask for; by default every scope the spec's operations require of the scheme.
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    /// How the client id and secret reach the token endpoint.
    #[serde(default)]
    pub client_auth: ClientAuthentication,
}

/// How an OAuth2 client authenticates to the token endpoint (RFC 6749, section 2.3.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthentication {
    /// HTTP basic with the client id and secret, as the RFC recommends.
    #[default]
    Basic,
    /// `client_id` and `client_secret` as fields of the form body.
    Body,
}

/// A header of every API request whose value the user chooses once per client.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientHeaderConfig {
    /// The header's name (`X-Use-Sandbox`).
    pub header: String,
    /// The client builder method that sets it (`use_sandbox`).
    pub setter: String,
    /// What the value is: `bool` (sent as `true`/`false`) or `string`.
    #[serde(rename = "type")]
    pub kind: ClientHeaderKind,
    /// Variables the value is read from when the builder does not set it; the first set wins.
    #[serde(default, deserialize_with = "one_or_many")]
    pub env: Vec<String>,
    /// What the header does, for the builder method's docs.
    #[serde(default)]
    pub description: Option<String>,
}

/// The type of a client header's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientHeaderKind {
    /// `true` or `false`, set with a `bool`.
    Bool,
    /// Any text.
    String,
}

/// One resource of the SDK (`files`): its methods, helpers and sub-resources.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConfig {
    /// Overrides the description of the spec's tag of the same name.
    #[serde(default)]
    pub description: Option<String>,
    /// Method name → operation.
    pub methods: std::collections::BTreeMap<String, MethodConfig>,
    /// Helper name → what it does on top of the methods.
    #[serde(default)]
    pub helpers: std::collections::BTreeMap<String, HelperConfig>,
    /// Resources reached through this one (`client.files().versions()`).
    #[serde(default)]
    pub resources: std::collections::BTreeMap<String, ResourceConfig>,
}

/// A helper method composed of a method of the same resource and a transfer or a wait. Field names
/// are wire names of the method's request or response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum HelperConfig {
    /// Calls `method`, then downloads the URL in its response's `url_field`, without credentials.
    DownloadUrl {
        /// The method called first.
        method: String,
        /// The response field holding the URL.
        url_field: String,
    },
    /// Calls `method` with a file's name, exact size and MIME type, PUTs the file to the response's
    /// `url_field` and returns its `result_field`.
    PresignedPut {
        /// The method called first.
        method: String,
        /// The request field for the file's name.
        name_field: String,
        /// The request field for the file's size in bytes.
        size_field: String,
        /// The request field for the file's MIME type.
        mime_type_field: String,
        /// The response field holding the presigned URL.
        url_field: String,
        /// The response field returned once the file is uploaded.
        result_field: String,
    },
    /// Calls `method` with one item per file in `files_field` (each naming the file in `path_field`
    /// and its MIME type in `mime_type_field`), then PUTs each file to the `url_field` of the
    /// matching entry of the response's `results_field`.
    BatchPut {
        /// The method called first.
        method: String,
        /// The request field taking one item per file.
        files_field: String,
        /// The item field naming the file.
        path_field: String,
        /// The item field for the file's MIME type.
        mime_type_field: String,
        /// The response field listing one result per file.
        results_field: String,
        /// The result field holding the file's presigned URL.
        url_field: String,
    },
    /// Calls `method` until the response's `status_field` is one of `done` (returns the response)
    /// or `failed` (an error with `message_field`), backing off between calls, up to a deadline.
    Wait {
        /// The method called until the wait ends.
        method: String,
        /// The response field holding the status.
        status_field: String,
        /// The status values that end the wait with the response.
        done: Vec<String>,
        /// The status values that end the wait with an error.
        failed: Vec<String>,
        /// The response field that explains a failure.
        message_field: String,
    },
}

/// A method's operation: an `operationId` or `"METHOD /path"`, alone or with options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum MethodConfig {
    /// Only the operation: an `operationId` or `"METHOD /path"`.
    Operation(String),
    /// The operation with options.
    Detailed(DetailedMethodConfig),
}

/// A method with options: its operation and how it pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailedMethodConfig {
    /// An `operationId` or `"METHOD /path"`.
    pub operation: String,
    /// How the method pages; inferred from the operation when absent.
    #[serde(default)]
    pub pagination: Option<PaginationConfig>,
}

impl MethodConfig {
    /// The operation the method calls: an `operationId` or `"METHOD /path"`.
    pub fn operation(&self) -> &str {
        match self {
            MethodConfig::Operation(operation) => operation,
            MethodConfig::Detailed(detailed) => &detailed.operation,
        }
    }

    /// How the method pages, if the config says.
    pub fn pagination(&self) -> Option<&PaginationConfig> {
        match self {
            MethodConfig::Operation(_) => None,
            MethodConfig::Detailed(detailed) => detailed.pagination.as_ref(),
        }
    }
}

/// How a list operation pages; field names are those of the response and the request. Without
/// `items`, the response is the JSON array of the items. A method without `pagination` pages as the
/// generator infers from its operation, if it can tell; `style: none` turns that off.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaginationConfig {
    /// The response names the next page's cursor (`next_cursor`, a dotted path for a field of a
    /// nested object: `next_page.offset`), sent back as `cursor_param`.
    Cursor {
        /// The response field holding the items; without it the response is the array of items.
        #[serde(default)]
        items: Option<String>,
        /// The response field naming the next page's cursor (a dotted path into nested objects).
        next_cursor: String,
        /// The request parameter or body field the cursor is sent back as.
        cursor_param: String,
    },
    /// The response may say whether there is more (`has_more`) and name its last item (`last_id`);
    /// without `last_id`, the `item_id` field of the last item is the cursor, sent back as
    /// `cursor_param`. A page without items is the last.
    CursorId {
        /// The response field holding the items; without it the response is the array of items.
        #[serde(default)]
        items: Option<String>,
        /// The response field saying whether more items follow.
        #[serde(default)]
        has_more: Option<String>,
        /// The response field naming the page's last item.
        #[serde(default)]
        last_id: Option<String>,
        /// The item field whose value, on the last item, is the cursor.
        #[serde(default)]
        item_id: Option<String>,
        /// The request parameter or body field the cursor is sent back as.
        cursor_param: String,
    },
    /// The next offset is this offset plus the items received; the response's `total`, if named,
    /// or an empty page ends.
    Offset {
        /// The response field holding the items; without it the response is the array of items.
        #[serde(default)]
        items: Option<String>,
        /// The response field giving the number of items in all.
        #[serde(default)]
        total: Option<String>,
        /// The request parameter or body field the offset is sent as.
        offset_param: String,
    },
    /// `page_param` counts pages from `first` (1 unless said); the response's `total` (items) or
    /// `last_page`, if named, an empty page, or one shorter than those before ends.
    PageNumber {
        /// The response field holding the items; without it the response is the array of items.
        #[serde(default)]
        items: Option<String>,
        /// The request parameter or body field the page number is sent as.
        page_param: String,
        /// The number of the first page (1 unless said).
        #[serde(default)]
        first: Option<i64>,
        /// The response field giving the number of items in all.
        #[serde(default)]
        total: Option<String>,
        /// The response field giving the number of the last page.
        #[serde(default)]
        last_page: Option<String>,
    },
    /// The response's `Link` header (RFC 8288) names the next page as `rel="next"`.
    Link {
        /// The response field holding the items; without it the response is the array of items.
        #[serde(default)]
        items: Option<String>,
    },
    /// The method returns one page, whatever the generator would infer.
    None,
}

impl PaginationConfig {
    /// The response field holding the items; `None` when the response is the array of items.
    pub fn items(&self) -> Option<&str> {
        match self {
            PaginationConfig::Cursor { items, .. }
            | PaginationConfig::CursorId { items, .. }
            | PaginationConfig::Offset { items, .. }
            | PaginationConfig::PageNumber { items, .. }
            | PaginationConfig::Link { items } => items.as_deref(),
            PaginationConfig::None => None,
        }
    }
}

impl SdkConfig {
    /// Reads and validates the config at `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let document = load::read_document(path)?;
        let mut config: SdkConfig = load::deserialize_at(document, path)?;
        config.path = path.to_owned();
        config.validate()?;
        Ok(config)
    }

    /// What the config changes in its spec before the spec is loaded: its overlays, in order,
    /// then its overrides.
    pub fn spec_edits(&self) -> SpecEdits {
        let folder = self.path.parent().unwrap_or(Path::new(""));
        let origin = |pointer: Pointer| Origin { file: self.path.clone(), pointer };
        let responses = self.overrides.responses.iter().map(|(operation, schema)| ResponseOverride {
            operation: operation.clone(),
            schema: schema.clone(),
            origin: origin(Pointer::root().push("overrides").push("responses").push(operation)),
        });
        let declared = self.auth.iter().enumerate().filter_map(|(index, auth)| {
            let scheme = auth.declare.clone()?;
            let origin = origin(Pointer::root().push("auth").push(index).push("declare"));
            Some(SchemeDeclaration { name: auth.scheme.clone(), scheme, origin })
        });
        SpecEdits {
            overlays: self.overlays.iter().map(|overlay| folder.join(overlay)).collect(),
            responses: responses.collect(),
            security_schemes: declared.collect(),
        }
    }

    /// An error at `pointer` of this config file.
    pub fn error(&self, pointer: &Pointer, message: impl Into<String>) -> Error {
        Error::new(&self.path, pointer.as_str(), message)
    }

    fn validate(&self) -> Result<(), Error> {
        let root = Pointer::root();
        if !is_snake_identifier(&self.name) {
            return Err(self.error(&root.push("name"), format!("`{}` is not a snake_case Rust module name", self.name)));
        }
        if RESERVED_MODULES.contains(&self.name.as_str()) {
            let message = format!("`{}` is a module every SDK crate has; choose another name", self.name);
            return Err(self.error(&root.push("name"), message));
        }
        for (index, environment) in self.environments.iter().enumerate() {
            let at = root.push("environments").push(index);
            if !is_snake_identifier(&environment.name) {
                return Err(self.error(&at.push("name"), format!("`{}` is not a snake_case name", environment.name)));
            }
            if !(environment.url.starts_with("https://") || environment.url.starts_with("http://")) {
                return Err(self.error(&at.push("url"), format!("`{}` is not an http(s) URL", environment.url)));
            }
        }
        self.check_env_var(&root.push("env").push("prefix"), &self.env.prefix)?;
        self.check_env_vars(&root.push("env").push("base_url"), &self.env.base_url, false)?;
        for (index, auth) in self.auth.iter().enumerate() {
            let at = root.push("auth").push(index);
            self.check_env_vars(&at.push("env"), &auth.env, false)?;
            self.check_snake_method(&at.push("setter"), &auth.setter)?;
            if auth.declare.as_ref().is_some_and(|scheme| !scheme.get("type").is_some_and(serde_json::Value::is_string))
            {
                let message =
                    "`declare` must be a Security Scheme Object, with a `type` (`{type: http, scheme: basic}`)";
                return Err(self.error(&at.push("declare"), message));
            }
            let flow = auth.client_credentials.as_ref();
            let extra =
                [("password", auth.password.as_ref())].into_iter().chain(flow.into_iter().flat_map(|flow| {
                    [("client_id", Some(&flow.client_id)), ("client_secret", Some(&flow.client_secret))]
                }));
            for (key, value) in extra {
                let Some(value) = value else { continue };
                let at = match key {
                    "password" => at.push(key),
                    _ => at.push("client_credentials").push(key),
                };
                self.check_env_vars(&at.push("env"), &value.env, false)?;
                self.check_snake_method(&at.push("setter"), &value.setter)?;
            }
        }
        if let Some(header) = &self.idempotency_header {
            self.check_header_name(&root.push("idempotency_header"), header)?;
        }
        for (index, header) in self.client_headers.iter().enumerate() {
            let at = root.push("client_headers").push(index);
            self.check_header_name(&at.push("header"), &header.header)?;
            self.check_snake_method(&at.push("setter"), &header.setter)?;
            self.check_env_vars(&at.push("env"), &header.env, true)?;
        }
        self.validate_resources(&self.resources, &root)
    }

    fn check_env_var(&self, at: &Pointer, name: &str) -> Result<(), Error> {
        if is_env_var(name) {
            Ok(())
        } else {
            Err(self.error(at, format!("`{name}` is not an UPPER_SNAKE_CASE variable name")))
        }
    }

    fn check_env_vars(&self, at: &Pointer, names: &[String], may_be_empty: bool) -> Result<(), Error> {
        if names.is_empty() && !may_be_empty {
            return Err(self.error(at, "name at least one environment variable"));
        }
        names.iter().enumerate().try_for_each(|(index, name)| self.check_env_var(&at.push(index), name))
    }

    fn check_snake_method(&self, at: &Pointer, name: &str) -> Result<(), Error> {
        if is_snake_identifier(name) {
            Ok(())
        } else {
            Err(self.error(at, format!("`{name}` is not a snake_case method name")))
        }
    }

    /// Header names are checked here, once, so that the runtime can take them as they are.
    fn check_header_name(&self, at: &Pointer, header: &str) -> Result<(), Error> {
        let valid = !header.is_empty()
            && header.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte));
        if valid {
            Ok(())
        } else {
            Err(self.error(at, format!("`{header}` is not a valid header name")))
        }
    }

    fn validate_resources(
        &self,
        resources: &std::collections::BTreeMap<String, ResourceConfig>,
        parent: &Pointer,
    ) -> Result<(), Error> {
        for (resource, config) in resources {
            let at = parent.push("resources").push(resource);
            if !is_snake_identifier(resource) {
                return Err(self.error(&at, format!("`{resource}` is not a snake_case resource name")));
            }
            for method in config.methods.keys() {
                if !is_snake_identifier(method) {
                    return Err(self.error(
                        &at.push("methods").push(method),
                        format!("`{method}` is not a snake_case method name"),
                    ));
                }
            }
            self.validate_resources(&config.resources, &at)?;
        }
        Ok(())
    }
}

/// Modules of an SDK crate's root that a provider's module cannot be named after.
pub const RESERVED_MODULES: &[&str] =
    &["bytes", "chrono", "custom", "futures_util", "lib", "main", "reqwest", "runtime", "serde", "serde_json", "uuid"];

fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_env_var(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
