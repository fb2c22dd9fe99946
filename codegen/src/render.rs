//! Rendering of Markdown (never Rust) from the IR with `minijinja`.

use std::path::Path;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use crate::diagnostics::Error;
use crate::ir::{Api, Body, CredentialPlacement, Response, TypeRef};

const PROVIDER_TEMPLATE: &str = include_str!("../templates/provider.md.j2");
const CARGO_TEMPLATE: &str = include_str!("../templates/Cargo.toml.j2");
const API_DIFF_TEMPLATE: &str = include_str!("../templates/api-diff.md.j2");

/// The API-change report between two versions of a spec, breaking changes first.
pub fn api_diff(title: &str, old: &str, new: &str, changes: &[crate::diff::Change]) -> Result<String, Error> {
    let mut changes = changes.to_vec();
    changes.sort_by_key(|change| !change.breaking);
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let compatible = changes.len() - breaking;
    let changes = Value::from(Serde(changes));
    render("api-diff.md.j2", API_DIFF_TEMPLATE, context! { title, old, new, changes, breaking, compatible })
}

/// The Markdown reference of one provider's SDK.
pub fn provider_markdown(api: &Api, crate_name: &str, header: &str) -> Result<String, Error> {
    let view = Value::from(Serde(ApiView::new(api)));
    render("provider.md.j2", PROVIDER_TEMPLATE, context! { api => view, crate_name, header })
}

/// The `Cargo.toml` of an SDK crate: one feature per provider when there are several.
pub fn cargo_toml(apis: &[Api], crate_name: &str, command: &str, workspace: bool) -> Result<String, Error> {
    let providers: Vec<String> = apis.iter().map(|api| api.module.clone()).collect();
    let titles = apis.iter().map(|api| api.title.as_str()).collect::<Vec<_>>().join(", ");
    render("Cargo.toml.j2", CARGO_TEMPLATE, context! { command, crate_name, providers, titles, workspace })
}

fn render(name: &str, source: &str, context: Value) -> Result<String, Error> {
    let template_error = |error: minijinja::Error| {
        Error::file(Path::new("codegen/templates").join(name).as_path(), format!("template error: {error:#}"))
    };
    let mut environment = Environment::new();
    let syntax =
        SyntaxConfig::builder().trim_blocks(true).keep_trailing_newline(true).build().map_err(template_error)?;
    environment.set_syntax(syntax);
    environment.add_template(name, source).map_err(template_error)?;
    let mut rendered =
        environment.get_template(name).and_then(|template| template.render(context)).map_err(template_error)?;
    if !rendered.ends_with('\n') {
        rendered.push('\n');
    }
    Ok(rendered)
}

/// What the template sees: the IR, flattened into display strings.
#[derive(Serialize)]
struct ApiView<'a> {
    title: &'a str,
    module: &'a str,
    description: Option<&'a str>,
    base_url_env: &'a str,
    credentials: Vec<CredentialView<'a>>,
    environments: Vec<EnvironmentView<'a>>,
    resources: Vec<ResourceView<'a>>,
}

#[derive(Serialize)]
struct CredentialView<'a> {
    env: &'a str,
    setter: &'a str,
    optional: bool,
    placement: String,
}

#[derive(Serialize)]
struct EnvironmentView<'a> {
    variant: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct ResourceView<'a> {
    name: &'a str,
    doc: Option<&'a str>,
    methods: Vec<MethodView<'a>>,
}

#[derive(Serialize)]
struct MethodView<'a> {
    name: &'a str,
    arguments: String,
    http: String,
    returns: String,
    summary: Option<&'a str>,
    deprecated: bool,
    parameters: Vec<ParameterView<'a>>,
}

#[derive(Serialize)]
struct ParameterView<'a> {
    name: &'a str,
    required: bool,
    doc: String,
}

impl<'a> ApiView<'a> {
    fn new(api: &'a Api) -> Self {
        Self {
            title: &api.title,
            module: &api.module,
            description: api.description.as_deref(),
            base_url_env: &api.base_url_env,
            credentials: api
                .credentials
                .iter()
                .map(|credential| CredentialView {
                    env: &credential.env,
                    setter: &credential.setter,
                    optional: credential.optional,
                    placement: match &credential.placement {
                        CredentialPlacement::Bearer => "as `Authorization: Bearer`".to_owned(),
                        CredentialPlacement::Header(name) => format!("in the `{name}` header"),
                    },
                })
                .collect(),
            environments: api
                .environments
                .iter()
                .map(|environment| EnvironmentView { variant: &environment.variant, url: &environment.url })
                .collect(),
            resources: api
                .resources
                .iter()
                .map(|resource| ResourceView {
                    name: resource.name.trim_start_matches("r#"),
                    doc: resource.doc.as_deref(),
                    methods: resource.methods.iter().map(MethodView::new).collect(),
                })
                .collect(),
        }
    }
}

impl<'a> MethodView<'a> {
    fn new(method: &'a crate::ir::Method) -> Self {
        let arguments =
            method.path_params.iter().map(|param| param.name.trim_start_matches("r#")).collect::<Vec<_>>().join(", ");
        let mut parameters: Vec<ParameterView<'a>> = method
            .query_params
            .iter()
            .chain(&method.header_params)
            .map(|param| ParameterView {
                name: param.name.trim_start_matches("r#"),
                required: param.required,
                doc: one_line(param.doc.as_deref()),
            })
            .collect();
        match &method.body {
            Some(Body::JsonObject { fields, .. }) | Some(Body::Multipart { fields }) => {
                parameters.extend(fields.iter().filter(|field| field.constant.is_none()).map(|field| ParameterView {
                    name: field.name.trim_start_matches("r#"),
                    required: field.required && !field.nullable,
                    doc: one_line(field.doc.as_deref()),
                }));
            }
            Some(Body::Json { required, .. }) => {
                parameters.push(ParameterView { name: "body", required: *required, doc: "The request body.".into() })
            }
            None => {}
        }
        Self {
            name: method.name.trim_start_matches("r#"),
            arguments,
            http: format!("{} {}", method.http_method.as_str(), method.path),
            returns: match (&method.response, &method.pagination) {
                (_, Some(pagination)) => format!(
                    "`Page` of `{}`; `items()` streams every item of every page",
                    display_type(&pagination.item_type)
                ),
                (Response::Json(ty), None) => format!("`{}`", display_type(ty)),
                (Response::Binary, None) => "`ByteStream` (streamed bytes)".into(),
                (Response::Text, None) => "`String`".into(),
                (Response::Empty, None) => "nothing".into(),
            },
            summary: method.summary.as_deref(),
            deprecated: method.deprecated,
            parameters,
        }
    }
}

fn one_line(text: Option<&str>) -> String {
    text.map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

fn display_type(ty: &TypeRef) -> String {
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
        TypeRef::Array(items) => format!("Vec<{}>", display_type(items)),
        TypeRef::Map(values) => format!("BTreeMap<String, {}>", display_type(values)),
        TypeRef::Named(name) => format!("types::{name}"),
    }
}
