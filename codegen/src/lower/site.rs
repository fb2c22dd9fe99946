//! Where a method is lowered from: the spec's operations, found by path and method, and the
//! lowerer that [`super::operations`] and [`super::bodies`] each give part of its work.

use openapiv3::{Operation, Parameter, ReferenceOr};

use super::types::TypeLowerer;
use crate::diagnostics::Pointer;
use crate::ir::{HttpMethod, Ident};
use crate::load::LoadedSpec;

/// An operation of the spec, found by path and method.
pub(super) struct OperationSite<'a> {
    pub path: &'a str,
    pub method: HttpMethod,
    pub operation: &'a Operation,
    pub path_parameters: &'a [ReferenceOr<Parameter>],
    pub pointer: Pointer,
}

impl OperationSite<'_> {
    /// The operation's id, or one made from its method and path.
    pub fn id(&self) -> String {
        match &self.operation.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{} {}", self.method.as_str().to_lowercase(), self.path),
        }
    }
}

pub(super) fn operation_sites(spec: &LoadedSpec) -> Vec<OperationSite<'_>> {
    let mut sites = Vec::new();
    for (path, item) in spec.openapi.paths.iter() {
        // The loader inlines path items behind references, so every item here is one.
        let ReferenceOr::Item(item) = item else { continue };
        let methods = [
            (HttpMethod::Get, &item.get),
            (HttpMethod::Put, &item.put),
            (HttpMethod::Post, &item.post),
            (HttpMethod::Delete, &item.delete),
            (HttpMethod::Options, &item.options),
            (HttpMethod::Head, &item.head),
            (HttpMethod::Patch, &item.patch),
            (HttpMethod::Trace, &item.trace),
        ];
        for (method, operation) in methods {
            if let Some(operation) = operation {
                sites.push(OperationSite {
                    path,
                    method,
                    operation,
                    path_parameters: &item.parameters,
                    pointer: Pointer::root().push("paths").push(path).push(method.as_str().to_lowercase()),
                });
            }
        }
    }
    sites
}

/// What a method's lowering needs besides the operation: its names, already unique in their scopes.
pub(super) struct MethodNames {
    pub name: Ident,
    pub builder: Ident,
}

/// An example found in a response, to be checked against the schema at `schema_pointer`.
pub(super) struct FoundExample {
    pub pointer: Pointer,
    pub schema_pointer: Pointer,
    pub value: serde_json::Value,
}

pub(super) struct MethodLowerer<'a, 'b> {
    pub spec: &'a LoadedSpec,
    pub types: &'b mut TypeLowerer<'a>,
    /// The response examples found so far, to be checked against their schemas.
    pub examples: &'b mut Vec<FoundExample>,
}
