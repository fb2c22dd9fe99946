//! Changes made to a spec as written, before it is loaded, for a spec that contradicts its own
//! server: overlay documents, then the overrides of the SDK config (a response's schema, a security
//! scheme the spec never declares). Each names where it was asked for, so that what it cannot do is
//! reported there.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Error, Pointer};

/// What to change in a spec before loading it.
#[derive(Debug, Clone, Default)]
pub struct SpecEdits {
    /// OpenAPI Overlay 1.0 documents, applied in order.
    pub overlays: Vec<PathBuf>,
    /// Success responses whose schema is replaced.
    pub responses: Vec<ResponseOverride>,
    /// Security schemes added to the spec, each also accepted by every operation that does not
    /// name its own security.
    pub security_schemes: Vec<SchemeDeclaration>,
}

/// Where an override was asked for: a file (the SDK config) and a pointer into it.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file.
    pub file: PathBuf,
    /// The override's place in it.
    pub pointer: Pointer,
}

impl Origin {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(&self.file, self.pointer.as_str(), message)
    }
}

/// The schema of an operation's success response, replaced.
#[derive(Debug, Clone)]
pub struct ResponseOverride {
    /// The operation: its `operationId`, or `METHOD /path`.
    pub operation: String,
    /// The response's schema (it may refer to the spec's components).
    pub schema: Value,
    /// Where it was asked for.
    pub origin: Origin,
}

/// A security scheme the spec lacks.
#[derive(Debug, Clone)]
pub struct SchemeDeclaration {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// The Security Scheme Object.
    pub scheme: Value,
    /// Where it was asked for.
    pub origin: Origin,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl SpecEdits {
    /// Applies every edit to `document` (the spec's root file, as written).
    pub(super) fn apply(&self, document: &mut Value) -> Result<Vec<Diagnostic>, Error> {
        let mut warnings = Vec::new();
        for overlay in &self.overlays {
            warnings.extend(super::overlay::apply(document, overlay)?);
        }
        for response in &self.responses {
            let operation = find_operation(document, &response.operation)
                .ok_or_else(|| response.origin.error(format!("the spec has no operation `{}`", response.operation)))?;
            override_response(operation, &response.schema);
        }
        for declaration in &self.security_schemes {
            declare_scheme(document, declaration)?;
        }
        Ok(warnings)
    }
}

/// The operation named by its `operationId` or as `METHOD /path`.
fn find_operation<'a>(document: &'a mut Value, name: &str) -> Option<&'a mut Map<String, Value>> {
    let by_route = name.split_once(' ').map(|(method, path)| (method.to_ascii_lowercase(), path.trim().to_owned()));
    let paths = document.get_mut("paths")?.as_object_mut()?;
    paths.iter_mut().find_map(|(path, item)| {
        let item = item.as_object_mut()?;
        item.iter_mut()
            .filter(|(method, _)| METHODS.contains(&method.as_str()))
            .find(|(method, operation)| {
                let id = operation.get("operationId").and_then(Value::as_str);
                id == Some(name) || by_route.as_ref().is_some_and(|(m, p)| m == *method && p == path)
            })
            .and_then(|(_, operation)| operation.as_object_mut())
    })
}

/// Sets the schema of the operation's success response: its lowest 2xx (`200` if it declares
/// none), as JSON unless it declares a JSON media type of its own. A response that was a reference
/// becomes a response of its own.
fn override_response(operation: &mut Map<String, Value>, schema: &Value) {
    let responses = operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    let Some(responses) = responses.as_object_mut() else { return };
    let status =
        responses.keys().filter(|status| status.starts_with('2')).min().cloned().unwrap_or_else(|| "200".into());
    let response = responses.entry(status).or_insert_with(|| Value::Object(Map::new()));
    if !response.is_object() || response.get("$ref").is_some() {
        *response = Value::Object(Map::new());
    }
    let Some(response) = response.as_object_mut() else { return };
    response.entry("description").or_insert_with(|| Value::from("The response, as the SDK config declares it."));
    let content = response.entry("content").or_insert_with(|| Value::Object(Map::new()));
    if !content.is_object() {
        *content = Value::Object(Map::new());
    }
    let Some(content) = content.as_object_mut() else { return };
    let media = content.keys().find(|media| is_json(media)).cloned();
    let media = media.unwrap_or_else(|| "application/json".into());
    content.insert(media, serde_json::json!({ "schema": schema }));
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Adds the scheme to `components.securitySchemes`, and to the spec's `security` as one more
/// alternative (the only one, if the spec names none).
fn declare_scheme(document: &mut Value, declaration: &SchemeDeclaration) -> Result<(), Error> {
    let Some(root) = document.as_object_mut() else { return Ok(()) };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let schemes = components
        .as_object_mut()
        .map(|components| components.entry("securitySchemes").or_insert_with(|| Value::Object(Map::new())))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| declaration.origin.error("the spec's `components` is not a mapping"))?;
    if schemes.contains_key(&declaration.name) {
        let message = format!("the spec declares `{}` already: use it as it is, without `declare`", declaration.name);
        return Err(declaration.origin.error(message));
    }
    schemes.insert(declaration.name.clone(), declaration.scheme.clone());
    let requirement = serde_json::json!({ declaration.name.clone(): [] });
    match root.entry("security").or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(alternatives) => alternatives.push(requirement),
        other => *other = Value::Array(vec![requirement]),
    }
    Ok(())
}
