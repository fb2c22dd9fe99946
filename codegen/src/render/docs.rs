//! The Markdown docs of a provider (README, API reference) and the API-change report.

use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;

use super::manifests::resource_features;
use super::template::render;
use crate::diagnostics::Error;
use crate::emit::UNKNOWN_FIELDS_DOC;
use crate::ir::{env_names, Api, HelperKind, Response, TypeDefKind, TypeRef};

const README_TEMPLATE: &str = include_str!("../../templates/provider-readme.md.j2");
const API_TEMPLATE: &str = include_str!("../../templates/provider-api.md.j2");
const API_DIFF_TEMPLATE: &str = include_str!("../../templates/api-diff.md.j2");

/// Where a provider's docs are rendered for, so that their Rust paths and install notes are right.
pub struct DocsContext<'a> {
    /// The crate's name as Rust code writes it (`files_sdk`).
    pub crate_name: &'a str,
    /// The Rust path of the provider's module (`files_sdk::deeptable`).
    pub module_path: &'a str,
    /// Whether the crate holds this provider alone (its items at the crate root).
    pub single_provider: bool,
    /// The generated-file comment the docs start with.
    pub header: &'a str,
    /// Whether the file is the crate's own `README.md` rather than one under `docs/<module>/`.
    pub at_crate_root: bool,
}

/// A provider's README: install, configure, quick start.
pub fn provider_readme(api: &Api, context: &DocsContext<'_>) -> Result<String, Error> {
    render_provider("provider-readme.md.j2", README_TEMPLATE, api, context)
}

/// A provider's API reference: every method with its parameters, and every type.
pub fn provider_api(api: &Api, context: &DocsContext<'_>) -> Result<String, Error> {
    render_provider("provider-api.md.j2", API_TEMPLATE, api, context)
}

fn render_provider(name: &str, source: &str, api: &Api, docs: &DocsContext<'_>) -> Result<String, Error> {
    let view = Value::from(Serde(ApiView::new(api)));
    let features = if docs.single_provider { resource_features(api) } else { Vec::new() };
    let stream_example = api.resources.iter().find_map(|resource| {
        let method = resource.methods.iter().find(|method| method.events.is_some() && method.pagination.is_none())?;
        let example = crate::emit::method_example(api, docs.module_path, resource, method)?;
        Some(example.trim_start_matches("# Example\n\n").replacen("```no_run", "```rust,no_run", 1))
    });
    let context = context! {
        api => view,
        stream_example,
        features => Value::from(Serde(features)),
        crate_name => docs.crate_name,
        module_path => docs.module_path,
        single => docs.single_provider,
        header => docs.header,
        at_crate_root => docs.at_crate_root,
        version => api.package.version.as_str(),
    };
    render(name, source, context)
}

/// The API-change report between two versions of a spec, breaking changes first.
pub fn api_diff(title: &str, old: &str, new: &str, changes: &[crate::diff::Change]) -> Result<String, Error> {
    let mut changes = changes.to_vec();
    changes.sort_by_key(|change| !change.breaking);
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let compatible = changes.len() - breaking;
    let changes = Value::from(Serde(changes));
    render("api-diff.md.j2", API_DIFF_TEMPLATE, context! { title, old, new, changes, breaking, compatible })
}

/// What the templates see: the IR, flattened into display strings.
#[derive(Serialize)]
struct ApiView<'a> {
    title: &'a str,
    module: &'a str,
    description: Option<&'a str>,
    /// Display strings, such as `` `A` (else `B`) ``.
    base_url_env: String,
    env_prefix: &'a str,
    max_retries: u32,
    credentials: Vec<CredentialView<'a>>,
    client_headers: Vec<ClientHeaderView<'a>>,
    environments: Vec<EnvironmentView<'a>>,
    resources: Vec<ResourceView<'a>>,
    types: Vec<TypeView<'a>>,
    /// The first list method without path parameters, as `files().list()`, for the quick start.
    list_method: Option<String>,
    webhooks: Option<WebhooksView<'a>>,
}

#[derive(Serialize)]
struct WebhooksView<'a> {
    count: usize,
    /// How deliveries are signed, in words (`Standard Webhooks`).
    signature: &'static str,
    /// The first webhook: its name and variant.
    first_name: &'a str,
    first_variant: &'a str,
    rows: Vec<WebhookRow<'a>>,
}

#[derive(Serialize)]
struct WebhookRow<'a> {
    name: &'a str,
    variant: &'a str,
    payload: String,
    /// What names its deliveries: `` `X-GitHub-Event: push`, `action` = `created` ``.
    told_by: String,
    doc: String,
}

#[derive(Serialize)]
struct CredentialView<'a> {
    env: String,
    setter: &'a str,
    optional: bool,
    /// What the value is: `API key`, `username`, `OAuth2 client secret`…
    role: &'static str,
    scheme: &'a str,
    placement: String,
}

#[derive(Serialize)]
struct ClientHeaderView<'a> {
    /// Empty when only code sets it.
    env: String,
    header: &'a str,
    setter: &'a str,
    boolean: bool,
    description: Option<String>,
}

#[derive(Serialize)]
struct EnvironmentView<'a> {
    variant: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct ResourceView<'a> {
    name: &'a str,
    /// How users reach it (`files().versions()`).
    path: &'a str,
    /// The same, as code writes it (raw identifiers included).
    code_path: String,
    doc: Option<&'a str>,
    methods: Vec<MethodView<'a>>,
    helpers: Vec<HelperView>,
}

#[derive(Serialize)]
struct MethodView<'a> {
    name: &'a str,
    arguments: String,
    typed_arguments: String,
    example_arguments: String,
    http: String,
    returns: String,
    description: Option<String>,
    deprecated: bool,
    parameters: Vec<ParameterView<'a>>,
}

#[derive(Serialize)]
struct ParameterView<'a> {
    name: &'a str,
    ty: String,
    required: bool,
    doc: String,
}

#[derive(Serialize)]
struct HelperView {
    name: String,
    summary: String,
}

#[derive(Serialize)]
struct TypeView<'a> {
    name: &'a str,
    kind: &'static str,
    doc: Option<String>,
    fields: Vec<ParameterView<'a>>,
    values: Vec<&'a str>,
    target: Option<String>,
}

impl<'a> ApiView<'a> {
    fn new(api: &'a Api) -> Self {
        Self {
            title: &api.title,
            module: api.module.bare(),
            description: api.description.as_deref(),
            base_url_env: env_names(&api.base_url_env),
            env_prefix: &api.env_prefix,
            max_retries: api.max_retries,
            credentials: api
                .credentials
                .iter()
                .flat_map(|credential| {
                    credential.inputs().into_iter().map(move |input| CredentialView {
                        env: env_names(input.env),
                        setter: input.setter.bare(),
                        optional: credential.optional,
                        role: input.role,
                        scheme: &credential.scheme,
                        placement: credential.wire_description(input.part),
                    })
                })
                .collect(),
            client_headers: api
                .client_headers
                .iter()
                .map(|header| ClientHeaderView {
                    env: env_names(&header.env),
                    header: &header.header,
                    setter: header.setter.bare(),
                    boolean: header.boolean,
                    description: header.description.as_deref().map(|doc| one_line(Some(doc))),
                })
                .collect(),
            environments: api
                .environments
                .iter()
                .map(|environment| EnvironmentView { variant: environment.variant.bare(), url: &environment.url })
                .collect(),
            resources: api
                .resources
                .iter()
                .map(|resource| ResourceView {
                    name: resource.module.bare(),
                    path: &resource.path,
                    code_path: api.code_path(resource),
                    doc: resource.doc.as_deref(),
                    methods: resource.methods.iter().map(|method| MethodView::new(api, method)).collect(),
                    helpers: resource.helpers.iter().map(|helper| HelperView::new(resource, helper)).collect(),
                })
                .collect(),
            types: api.types_by_name().into_iter().map(|def| TypeView::new(api, def)).collect(),
            webhooks: api.webhooks.first().map(|first| WebhooksView {
                count: api.webhooks.len(),
                signature: match api.webhook_signature {
                    crate::ir::WebhookSignature::Standard => "Standard Webhooks",
                    crate::ir::WebhookSignature::Github => "GitHub (`X-Hub-Signature-256`)",
                    crate::ir::WebhookSignature::Stripe => "Stripe (`Stripe-Signature`)",
                },
                first_name: &first.name,
                first_variant: first.variant.bare(),
                rows: api.webhooks.iter().map(|webhook| WebhookRow::new(api, webhook)).collect(),
            }),
            list_method: api.resources.iter().find_map(|resource| {
                let method = resource
                    .methods
                    .iter()
                    .find(|method| method.pagination.is_some() && method.path_params.is_empty())?;
                Some(format!("{}.{}()", api.code_path(resource), method.name.as_str()))
            }),
        }
    }
}

impl<'a> MethodView<'a> {
    fn new(api: &'a Api, method: &'a crate::ir::Method) -> Self {
        let arguments = method.path_params.iter().map(|param| param.name.bare()).collect::<Vec<_>>().join(", ");
        let typed_arguments = method
            .path_params
            .iter()
            .map(|param| format!("{}: {}", param.name.bare(), display_type(api, &param.ty)))
            .collect::<Vec<_>>()
            .join(", ");
        let example_arguments =
            method.path_params.iter().map(|param| format!("\"{}\"", param.wire_name)).collect::<Vec<_>>().join(", ");
        let parameters = method
            .setter_views(&api.types)
            .into_iter()
            .map(|view| ParameterView {
                name: view.setter.name.bare(),
                ty: display_type(api, view.ty),
                required: view.required && !view.nullable,
                doc: one_line(view.doc),
            })
            .collect();
        let description = match (&method.summary, &method.description) {
            (Some(summary), Some(description)) if !description.starts_with(summary.as_str()) => {
                Some(sentences(summary, description))
            }
            (_, Some(description)) => Some(description.clone()),
            (Some(summary), None) => Some(summary.clone()),
            (None, None) => None,
        };
        Self {
            name: method.name.bare(),
            arguments,
            example_arguments: if method.path_params.iter().any(|param| param.ty != TypeRef::String) {
                String::new()
            } else {
                example_arguments
            },
            typed_arguments,
            http: format!("{} {}", method.http_method.as_str(), method.path),
            returns: match (&method.response, &method.pagination) {
                (_, Some(pagination)) => {
                    format!(
                        "`Page` of `{}` (paged by {}); `items()` streams every item of every page",
                        display_type(api, &pagination.item_type),
                        paged_by(&pagination.scheme)
                    )
                }
                (Response::Json(ty), None) => format!("`{}`", display_type(api, ty)),
                (Response::Binary, None) => "`ByteStream` (streamed bytes)".into(),
                (Response::Text, None) => "`String`".into(),
                (Response::Empty, None) => "nothing".into(),
            } + &streamed(api, method),
            description,
            deprecated: method.deprecated,
            parameters,
        }
    }
}

impl<'a> WebhookRow<'a> {
    fn new(api: &'a Api, webhook: &'a crate::ir::Webhook) -> Self {
        let headers = webhook.headers.iter().map(|(name, value)| format!("`{name}: {value}`"));
        let properties = webhook.properties.iter().map(|(name, value)| format!("`{name}` = `{value}`"));
        let told_by: Vec<String> = headers.chain(properties).collect();
        Self {
            name: &webhook.name,
            variant: webhook.variant.bare(),
            payload: display_type(api, &webhook.payload),
            told_by: if told_by.is_empty() { "its payload's shape".to_owned() } else { told_by.join(", ") },
            doc: one_line(webhook.doc.as_deref()),
        }
    }
}

impl HelperView {
    fn new(resource: &crate::ir::Resource, helper: &crate::ir::Helper) -> Self {
        let method = resource.method(helper.method).name.bare();
        let summary = match &helper.kind {
            HelperKind::DownloadUrl { url } => {
                format!("calls `{method}`, then streams the content at its `{}` without credentials", url.name)
            }
            HelperKind::PresignedPut { result, .. } => {
                format!("calls `{method}`, PUTs the file to the presigned URL, returns `{}`", result.name)
            }
            HelperKind::BatchPut { .. } => format!("calls `{method}` for several files, then PUTs each to its URL"),
            HelperKind::Wait { status, done, .. } => {
                format!("polls `{method}` until `{}` is {}", status.name, done.join(" or "))
            }
        };
        Self { name: helper.name.bare().to_owned(), summary }
    }
}

impl<'a> TypeView<'a> {
    fn new(api: &'a Api, def: &'a crate::ir::TypeDef) -> Self {
        let mut view = Self {
            name: def.name.bare(),
            kind: "struct",
            doc: def.doc.as_deref().map(|doc| one_line(Some(doc))),
            fields: Vec::new(),
            values: Vec::new(),
            target: None,
        };
        match &def.kind {
            TypeDefKind::Struct(object) => {
                view.fields = object
                    .fields
                    .iter()
                    .map(|field| {
                        let ty = display_type(api, &field.ty);
                        ParameterView {
                            name: field.name.bare(),
                            ty: if field.is_optional() { format!("Option<{ty}>") } else { ty },
                            required: field.required,
                            doc: one_line(field.doc.as_deref()),
                        }
                    })
                    .collect();
                if def.usage.response {
                    view.fields.push(ParameterView {
                        name: object.extra.bare(),
                        ty: "serde_json::Map<String, serde_json::Value>".to_owned(),
                        required: false,
                        doc: UNKNOWN_FIELDS_DOC.to_owned(),
                    });
                }
            }
            TypeDefKind::Enum(variants) => {
                view.kind = "enum";
                view.values = variants.iter().map(|variant| variant.value.as_str()).collect();
            }
            TypeDefKind::Alias(target) => {
                view.kind = "alias";
                view.target = Some(display_type(api, target));
            }
            TypeDefKind::IntegerEnum(variants) => {
                view.kind = "enum";
                view.values = variants.iter().map(|variant| variant.name.bare()).collect();
            }
            TypeDefKind::Union(union) => {
                view.kind = "one of";
                view.fields = union
                    .variants
                    .iter()
                    .map(|variant| ParameterView {
                        name: variant.name.bare(),
                        ty: display_type(api, &variant.ty),
                        required: true,
                        doc: String::new(),
                    })
                    .collect();
            }
        }
        view
    }
}

fn one_line(text: Option<&str>) -> String {
    text.map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")).unwrap_or_default()
}

fn display_type(api: &Api, ty: &TypeRef) -> String {
    api.describe(ty, "types::")
}

/// What a method's streaming call yields, in api.md's words: "; `stream()` yields `Chunk` events".
fn streamed(api: &Api, method: &crate::ir::Method) -> String {
    let Some(events) = &method.events else { return String::new() };
    format!("; `{}()` yields `{}` events", events.method.bare(), display_type(api, &events.ty))
}

/// How a list moves to its next page, in api.md's words: "the cursor `cursor`".
fn paged_by(scheme: &crate::ir::PaginationScheme) -> String {
    use crate::ir::PaginationScheme;
    let param = scheme.request_field().map(|field| field.wire_name.as_str()).unwrap_or_default();
    match scheme {
        PaginationScheme::Cursor { .. } => format!("the cursor `{param}`"),
        PaginationScheme::CursorId { .. } => format!("the last id, as `{param}`"),
        PaginationScheme::Offset { .. } => format!("the offset `{param}`"),
        PaginationScheme::PageNumber { .. } => format!("the page number `{param}`"),
        PaginationScheme::Link => "the `Link` header".to_owned(),
    }
}

/// A summary and a description as one text: a period ends the summary unless it has a stop of its own.
fn sentences(summary: &str, description: &str) -> String {
    match summary.ends_with(['.', '!', '?', ':']) {
        true => format!("{summary} {description}"),
        false => format!("{summary}. {description}"),
    }
}
