//! The rustdoc example of each method: a `no_run` doctest that builds a client from the
//! environment, sets the required parameters, sends, and uses the result. Doctests compile it, so
//! an example that drifts from the API fails the build.

use crate::ir::{Api, Body, Method, Param, Resource, Response, TypeDefKind, TypeRef};

/// Markdown for the `# Example` section of `method`'s doc comment. `module_path` is the Rust path
/// of the provider's module (`files_sdk::deeptable`).
pub fn method_example(api: &Api, module_path: &str, resource: &Resource, method: &Method) -> String {
    let crate_name = module_path.split("::").next().unwrap_or(module_path);
    let arguments: Vec<String> = method.path_params.iter().map(path_value).collect();
    let mut call = format!("client.{}.{}({})", resource.path, method.name, arguments.join(", "));
    for (name, ty) in required_setters(method) {
        if let Some(value) = sample(api, module_path, ty, name) {
            call.push_str(&format!("\n    .{name}({value})"));
        }
    }
    // Calls that set nothing fit on one line; the others break before each setter and the send.
    let (send, items) = if call.contains('\n') {
        ("\n    .send()\n    .await?", "\n    .items()")
    } else {
        (".send().await?", ".items()")
    };
    let mut lines = vec![format!("let client = {module_path}::Client::from_env()?;")];
    if method.pagination.is_some() {
        lines.insert(0, "use futures_util::TryStreamExt;\n".to_owned());
        lines.push(format!("let mut items = {call}{items};"));
        lines.push("while let Some(item) = items.try_next().await? {\n    println!(\"{item:?}\");\n}".to_owned());
    } else {
        match &method.response {
            Response::Json(_) | Response::Text => {
                lines.push(format!("let response = {call}{send};"));
                lines.push("println!(\"{response:?}\");".to_owned());
            }
            Response::Binary => {
                lines.push(format!("let content = {call}{send};"));
                lines.push("let written = content.write_to(\"download.bin\").await?;".to_owned());
                lines.push("println!(\"{written} bytes\");".to_owned());
            }
            Response::Empty => lines.push(format!("{call}{send};")),
        }
    }
    let deprecated = if method.deprecated { "#[allow(deprecated)]\n" } else { "" };
    format!(
        "# Example\n\n```no_run\n# {deprecated}async fn example() -> Result<(), {crate_name}::Error> {{\n{}\n# Ok(())\n# }}\n```",
        lines.join("\n")
    )
    .replace("# #[allow", "#[allow")
}

fn required_setters(method: &Method) -> Vec<(&str, &TypeRef)> {
    let params = method.query_params.iter().chain(&method.header_params).chain(&method.cookie_params);
    let mut setters: Vec<(&str, &TypeRef)> =
        params.filter(|param| param.required).map(|param| (param.name.as_str(), &param.ty)).collect();
    match &method.body {
        Some(Body::Object { fields, .. } | Body::Multipart { fields }) => setters.extend(
            fields
                .iter()
                .filter(|field| field.is_settable() && field.required && !field.nullable)
                .map(|field| (field.name.as_str(), &field.ty)),
        ),
        Some(body) => {
            if let Some((ty, true)) = body.whole() {
                setters.push(("body", ty));
            }
        }
        None => {}
    }
    setters
}

fn path_value(param: &Param) -> String {
    match &param.ty {
        TypeRef::Uuid => "uuid::Uuid::nil()".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "1".to_owned(),
        _ => format!("\"{}\"", param.wire_name),
    }
}

/// A value of `ty` for an example, if one is simple to write.
fn sample(api: &Api, module_path: &str, ty: &TypeRef, name: &str) -> Option<String> {
    Some(match ty {
        TypeRef::String => format!("\"{}\"", name.trim_start_matches("r#")),
        TypeRef::I32 | TypeRef::I64 => "1".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "1.0".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Uuid => "uuid::Uuid::nil()".to_owned(),
        TypeRef::DateTime => "chrono::Utc::now()".to_owned(),
        TypeRef::Upload => format!("{module_path}::UploadFile::from_path(\"{}\")", sample_file_name(api)),
        TypeRef::Json => "serde_json::json!({})".to_owned(),
        TypeRef::Array(_) => "Vec::new()".to_owned(),
        TypeRef::Map(_) => "Default::default()".to_owned(),
        TypeRef::Named(type_name) => match api.types.iter().find(|def| &def.name == type_name).map(|def| &def.kind) {
            Some(TypeDefKind::Enum(variants)) => {
                format!("{module_path}::types::{type_name}::{}", variants.first()?.name)
            }
            Some(TypeDefKind::Struct(fields)) if fields.iter().all(crate::ir::Field::is_optional) => {
                "Default::default()".to_owned()
            }
            Some(TypeDefKind::Alias(target)) => return sample(api, module_path, target, name),
            _ => return None,
        },
        TypeRef::Date => return None,
    })
}

/// A file name the API accepts: with the extension the spec requires, if it requires one.
fn sample_file_name(api: &Api) -> String {
    let required_extension = api
        .resources
        .iter()
        .flat_map(|resource| &resource.methods)
        .filter_map(|method| match &method.body {
            Some(Body::Multipart { fields }) => Some(fields),
            _ => None,
        })
        .flatten()
        .find_map(|field| field.constraints.file_extensions.first().cloned());
    format!("report{}", required_extension.unwrap_or_else(|| ".pdf".to_owned()))
}
