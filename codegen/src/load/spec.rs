//! A spec loaded: read, edited, bundled, repaired and converted, with what loading repaired.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::Value;

use super::convert::{self, Webhook};
use super::document::read_document;
use super::edits::SpecEdits;
use super::refs::{self, SourceMap};
use super::{normalize, repair, resolve, walk};
use crate::diagnostics::{Diagnostic, Error, Severity};

/// The OpenAPI versions the loader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// OpenAPI 3.0.x (and Swagger 2.0 converted to it).
    V3_0,
    /// OpenAPI 3.1.x.
    V3_1,
}

/// A spec ready for lowering.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The spec's file.
    pub path: PathBuf,
    /// The OpenAPI version it declares.
    pub version: SpecVersion,
    /// The document, bundled and repaired.
    pub openapi: OpenAPI,
    /// Where each part of the bundled document came from, for diagnostics.
    pub source_map: SourceMap,
    /// What loading repaired (a response without a description, a bound that fits no integer…).
    pub warnings: Vec<Diagnostic>,
    /// The webhooks the API calls (3.1 `webhooks`, or `x-webhooks`), in the spec's order.
    pub webhooks: Vec<Webhook>,
}

/// Loads the OpenAPI document at `path`.
pub fn load_spec(path: &Path) -> Result<LoadedSpec, Error> {
    load_edited_spec(path, &SpecEdits::default())
}

/// The root file of the spec at `path` with `edits` made to it, as written (its references not
/// followed), and the edits' warnings: what a tool that reads the spec itself, such as a mock
/// server, is given so that it sees the spec the SDK was made from.
pub fn edited_document(path: &Path, edits: &SpecEdits) -> Result<(Value, Vec<Diagnostic>), Error> {
    let mut document = read_document(path)?;
    let warnings = edits.apply(&mut document)?;
    Ok((document, warnings))
}

/// Loads the OpenAPI document at `path` with `edits` made to it first.
pub fn load_edited_spec(path: &Path, edits: &SpecEdits) -> Result<LoadedSpec, Error> {
    let (document, edit_warnings) = edited_document(path, edits)?;
    let version = detect_version(path, &document)?;
    let (mut document, mut source_map) = refs::bundle(path, document)?;
    if version == SpecVersion::V3_1 {
        walk::walk(&mut document, &mut normalize::Normalize31)?;
    }
    let mut warnings = edit_warnings;
    warnings.extend(repair::repair(&mut document, &source_map)?);
    // Hoisting first, so that copies inlining makes refer to the hoisted types rather than repeat them.
    resolve::hoist_schema_targets(&mut document, &mut source_map)?;
    resolve::inline_references(&mut document, &source_map)?;
    warnings.extend(repair::prune_parameters(&mut document, &source_map));
    resolve::check_references(&mut document, &source_map)?;
    let convert::Converted { openapi, webhooks } = convert::to_openapi(document, &source_map)?;
    // Webhooks are an addition to the API: ones that cannot be read are left out, with a warning.
    let webhooks = webhooks.unwrap_or_else(|error| {
        warnings.extend(error.diagnostics.into_iter().map(|diagnostic| Diagnostic {
            severity: Severity::Warning,
            message: format!("{}; the spec's webhooks are left out", diagnostic.message),
            ..diagnostic
        }));
        Vec::new()
    });
    Ok(LoadedSpec { path: path.to_owned(), version, openapi, source_map, warnings, webhooks })
}

fn detect_version(path: &Path, document: &Value) -> Result<SpecVersion, Error> {
    if !document.is_object() {
        return Err(Error::file(path, "an OpenAPI document must be a mapping at the top level"));
    }
    if let Some(swagger) = document.get("swagger") {
        return Err(Error::new(
            path,
            "/swagger",
            format!("Swagger {swagger} is not supported: convert the spec to OpenAPI 3.0 or 3.1 first"),
        ));
    }
    let version = document
        .get("openapi")
        .ok_or_else(|| Error::file(path, "missing the `openapi` version field (expected 3.0.x or 3.1.x)"))?;
    let text = version.as_str().map(str::to_owned).unwrap_or_else(|| version.to_string());
    if text.starts_with("3.0.") || text == "3.0" {
        Ok(SpecVersion::V3_0)
    } else if text.starts_with("3.1.") || text == "3.1" {
        Ok(SpecVersion::V3_1)
    } else {
        Err(Error::new(
            path,
            "/openapi",
            format!("unknown OpenAPI version `{text}`: this generator reads 3.0.x and 3.1.x (write the version as a quoted string)"),
        ))
    }
}
