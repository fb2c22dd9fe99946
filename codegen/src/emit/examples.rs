//! The rustdoc example of each method: a `no_run` doctest that builds a client from the
//! environment, sets the required parameters, sends (or streams, for a method that streams
//! events), and uses the result. Doctests compile it, so an example that drifts from the API fails
//! the build.

use crate::ir::{Api, Body, Field, Method, Resource, Response, TypeDefKind, TypeRef};

/// Markdown for the `# Example` section of `method`'s doc comment. `module_path` is the Rust path
/// of the provider's module (`files_sdk::deeptable`).
/// `None` when a path argument has no value simple to write.
pub fn method_example(api: &Api, module_path: &str, resource: &Resource, method: &Method) -> Option<String> {
    let crate_name = module_path.split("::").next().unwrap_or(module_path);
    let call = call_expression(api, module_path, resource, method)?.text;
    // Calls that set nothing fit on one line; the others break before each setter and the send.
    let (send, items) = if call.contains('\n') {
        ("\n    .send()\n    .await?", "\n    .items()")
    } else {
        (".send().await?", ".items()")
    };
    let stream = method.events.as_ref().map(|events| {
        let name = events.method.as_str();
        if call.contains('\n') {
            format!("\n    .{name}()\n    .await?")
        } else {
            format!(".{name}().await?")
        }
    });
    let mut lines = vec![format!("let client = {module_path}::Client::from_env()?;")];
    if method.pagination.is_some() {
        lines.insert(0, "use futures_util::TryStreamExt;\n".to_owned());
        lines.push(format!("let mut items = {call}{items};"));
        lines.push("while let Some(item) = items.try_next().await? {\n    println!(\"{item:?}\");\n}".to_owned());
    } else if let Some(stream) = stream {
        lines.insert(0, "use futures_util::TryStreamExt;\n".to_owned());
        lines.push(format!("let mut events = {call}{stream};"));
        lines.push("while let Some(event) = events.try_next().await? {\n    println!(\"{event:?}\");\n}".to_owned());
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
    let example = format!(
        "# Example\n\n```no_run\n# {deprecated}async fn example() -> Result<(), {crate_name}::Error> {{\n{}\n# Ok(())\n# }}\n```",
        lines.join("\n")
    );
    Some(example.replace("# #[allow", "#[allow"))
}

/// A method's call in an example.
pub(super) struct CallText {
    /// `client.files().upload()` with its path arguments and each required setter, a line each,
    /// up to the send.
    pub(super) text: String,
    /// Whether it sets every required value, with none read from disk: whether it runs.
    pub(super) runs: bool,
}

/// The call of `method` in an example; `None` when a path argument has no value simple to write.
pub(super) fn call_expression(api: &Api, module_path: &str, resource: &Resource, method: &Method) -> Option<CallText> {
    let arguments: Vec<String> = method
        .path_params
        .iter()
        .map(|param| sample(api, module_path, &param.ty, &param.wire_name))
        .collect::<Option<_>>()?;
    let mut call = format!("client.{}.{}({})", api.code_path(resource), method.name.as_str(), arguments.join(", "));
    let mut runs = true;
    for view in method.required_setters(&api.types) {
        let name = &view.setter.name;
        // A file is read from disk, and an empty list may be too short for the spec.
        runs &= !matches!(view.ty, TypeRef::Upload | TypeRef::Array(_));
        match sample(api, module_path, view.ty, name.bare()) {
            Some(value) => call.push_str(&format!("\n    .{}({value})", name.as_str())),
            None => runs = false,
        }
    }
    Some(CallText { text: call, runs })
}

/// A value of `ty` for an example, if one is simple to write; crates the SDK re-exports are reached
/// through it (`files_sdk::chrono`).
fn sample(api: &Api, module_path: &str, ty: &TypeRef, name: &str) -> Option<String> {
    let krate = module_path.split("::").next().unwrap_or(module_path);
    Some(match ty {
        TypeRef::String => format!("{name:?}"),
        TypeRef::I32 | TypeRef::I64 => "1".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "1.0".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Uuid => format!("{krate}::uuid::Uuid::nil()"),
        TypeRef::DateTime => format!("{krate}::chrono::Utc::now()"),
        TypeRef::Date => format!("{krate}::chrono::NaiveDate::default()"),
        TypeRef::Upload => format!("{module_path}::UploadFile::from_path(\"{}\")", sample_file_name(api)),
        TypeRef::Json => format!("{krate}::serde_json::json!({{}})"),
        TypeRef::Array(items) if **items == TypeRef::String => format!("[{name:?}]"),
        TypeRef::Array(_) => "Vec::new()".to_owned(),
        TypeRef::Map(_) => "Default::default()".to_owned(),
        TypeRef::Nullable(inner) => format!("Some({})", sample(api, module_path, inner, name)?),
        TypeRef::Named(id) => {
            let def = api.ty(*id);
            let path = format!("{module_path}::types::{}", def.name.as_str());
            match &def.kind {
                TypeDefKind::Enum(variants) => format!("{path}::{}", variants.first()?.name.as_str()),
                TypeDefKind::IntegerEnum(variants) => format!("{path}::{}", variants.first()?.name.as_str()),
                TypeDefKind::Struct(object) if object.fields.iter().all(Field::is_optional) => {
                    "Default::default()".to_owned()
                }
                TypeDefKind::Alias(target) => return sample(api, module_path, target, name),
                _ => return None,
            }
        }
    })
}

/// A file name the API accepts: with the extension the spec requires, if it requires one.
fn sample_file_name(api: &Api) -> String {
    let required_extension = api
        .resources
        .iter()
        .flat_map(|resource| &resource.methods)
        .filter_map(|method| match &method.body {
            Some(Body::Multipart { fields, .. }) => Some(fields),
            _ => None,
        })
        .flatten()
        .find_map(|field| field.constraints.file_extensions.first().cloned());
    format!("report{}", required_extension.unwrap_or_else(|| ".pdf".to_owned()))
}
