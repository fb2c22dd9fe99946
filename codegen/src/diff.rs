//! The SDK-level changes between two versions of an API, each marked breaking or compatible by
//! Rust's semver rules as they apply to the emitted code.
//!
//! Compared: resources, methods (path parameters, builder parameters, return types, pagination),
//! and the types of the `types` module (struct fields, enum values, aliases). Structs are emitted
//! with public fields and enums without `#[non_exhaustive]`, so adding a field or an enum value is
//! breaking for code that builds the struct or matches the enum exhaustively.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Api, Body, Field, Method, Response, TypeDef, TypeDefKind, TypeRef};

/// One change, as a line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub breaking: bool,
    /// What happened (`method removed`, `field type changed`, …).
    pub kind: String,
    /// Where, as a user writes it (`files().list()`, `types::File::size`).
    pub item: String,
    pub detail: String,
}

fn change(breaking: bool, kind: &str, item: String, detail: impl Into<String>) -> Change {
    Change { breaking, kind: kind.to_owned(), item, detail: detail.into() }
}

/// Every change from `old` to `new`, in a stable order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_resources(old, new, &mut changes);
    diff_types(old, new, &mut changes);
    changes
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    items.iter().map(|item| (name(item), item)).collect()
}

fn diff_resources(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    // Keyed by how users reach them, which is also what the report shows.
    let (old_resources, new_resources) = (by_name(&old.resources, |r| &r.path), by_name(&new.resources, |r| &r.path));
    for (name, resource) in &old_resources {
        if !new_resources.contains_key(name) {
            changes.push(change(
                true,
                "resource removed",
                (*name).to_owned(),
                format!("with {} methods", resource.methods.len()),
            ));
        }
    }
    for (name, new_resource) in &new_resources {
        let Some(old_resource) = old_resources.get(name) else {
            changes.push(change(
                false,
                "resource added",
                (*name).to_owned(),
                format!("with {} methods", new_resource.methods.len()),
            ));
            continue;
        };
        let (old_methods, new_methods) =
            (by_name(&old_resource.methods, |m| &m.name), by_name(&new_resource.methods, |m| &m.name));
        for method in old_methods.keys().filter(|method| !new_methods.contains_key(*method)) {
            changes.push(change(true, "method removed", format!("{name}.{method}()"), ""));
        }
        for (method_name, new_method) in &new_methods {
            let item = format!("{name}.{method_name}()");
            match old_methods.get(method_name) {
                None => changes.push(change(
                    false,
                    "method added",
                    item,
                    format!("`{} {}`", new_method.http_method.as_str(), new_method.path),
                )),
                Some(old_method) => diff_method(&item, old_method, new_method, changes),
            }
        }
    }
}

fn diff_method(item: &str, old: &Method, new: &Method, changes: &mut Vec<Change>) {
    let signature = |method: &Method| {
        method
            .path_params
            .iter()
            .map(|param| format!("{}: {}", param.name, type_name(&param.ty)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if signature(old) != signature(new) {
        changes.push(change(
            true,
            "method arguments changed",
            item.to_owned(),
            format!("{} → {}", code(format!("({})", signature(old))), code(format!("({})", signature(new)))),
        ));
    }
    if returns(old) != returns(new) {
        changes.push(change(
            true,
            "return type changed",
            item.to_owned(),
            format!("{} → {}", code(returns(old)), code(returns(new))),
        ));
    }
    if !old.deprecated && new.deprecated {
        changes.push(change(false, "method deprecated", item.to_owned(), "calls now warn"));
    }
    let (old_params, new_params) = (builder_params(old), builder_params(new));
    for (name, param) in &old_params {
        if !new_params.contains_key(name) {
            changes.push(change(true, "parameter removed", format!("{item}.{name}()"), code(type_name(param.ty))));
        }
    }
    for (name, new_param) in &new_params {
        let param_item = format!("{item}.{name}()");
        match old_params.get(name) {
            // A new setter compiles everywhere, but a new required one makes existing calls fail.
            None if new_param.required => changes.push(change(
                true,
                "required parameter added",
                param_item,
                format!("{}; calls without it fail", code(type_name(new_param.ty))),
            )),
            None => changes.push(change(false, "optional parameter added", param_item, code(type_name(new_param.ty)))),
            Some(old_param) => {
                if old_param.ty != new_param.ty {
                    changes.push(change(
                        true,
                        "parameter type changed",
                        param_item.clone(),
                        format!("{} → {}", code(type_name(old_param.ty)), code(type_name(new_param.ty))),
                    ));
                }
                if !old_param.required && new_param.required {
                    changes.push(change(true, "parameter now required", param_item, "calls without it fail"));
                } else if old_param.required && !new_param.required {
                    changes.push(change(false, "parameter now optional", param_item, ""));
                }
            }
        }
    }
}

/// The builder's setters: query and header parameters and body fields.
struct BuilderParam<'a> {
    ty: &'a TypeRef,
    required: bool,
}

fn builder_params(method: &Method) -> BTreeMap<String, BuilderParam<'_>> {
    let mut params = BTreeMap::new();
    for param in method.query_params.iter().chain(&method.header_params).chain(&method.cookie_params) {
        params.insert(param.name.clone(), BuilderParam { ty: &param.ty, required: param.required });
    }
    match &method.body {
        Some(Body::Object { fields, .. } | Body::Multipart { fields }) => {
            for field in fields.iter().filter(|field| field.is_settable()) {
                params.insert(
                    field.name.clone(),
                    BuilderParam { ty: &field.ty, required: field.required && !field.nullable },
                );
            }
        }
        Some(body) => {
            if let Some((ty, required)) = body.whole() {
                params.insert("body".to_owned(), BuilderParam { ty, required });
            }
        }
        None => {}
    }
    params
}

fn returns(method: &Method) -> String {
    match (&method.response, &method.pagination) {
        (_, Some(pagination)) => format!("Page<{}>", type_name(&pagination.item_type)),
        (Response::Json(ty), None) => type_name(ty),
        (Response::Binary, None) => "ByteStream".to_owned(),
        (Response::Text, None) => "String".to_owned(),
        (Response::Empty, None) => "()".to_owned(),
    }
}

fn diff_types(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (old_types, new_types) = (by_name(&old.types, |t| &t.name), by_name(&new.types, |t| &t.name));
    for name in old_types.keys().filter(|name| !new_types.contains_key(*name)) {
        changes.push(change(true, "type removed", format!("types::{name}"), ""));
    }
    for (name, new_type) in &new_types {
        let item = format!("types::{name}");
        match old_types.get(name) {
            None => changes.push(change(false, "type added", item, kind_name(new_type))),
            Some(old_type) => diff_type(&item, old_type, new_type, changes),
        }
    }
}

fn kind_name(def: &TypeDef) -> &'static str {
    match def.kind {
        TypeDefKind::Struct(_) => "struct",
        TypeDefKind::Enum(_) | TypeDefKind::IntegerEnum(_) => "enum",
        TypeDefKind::Alias(_) => "type alias",
        TypeDefKind::Union(_) => "union",
    }
}

fn diff_type(item: &str, old: &TypeDef, new: &TypeDef, changes: &mut Vec<Change>) {
    match (&old.kind, &new.kind) {
        (TypeDefKind::Struct(old_fields), TypeDefKind::Struct(new_fields)) => {
            diff_fields(item, old_fields, new_fields, changes)
        }
        (TypeDefKind::Enum(old_variants), TypeDefKind::Enum(new_variants)) => {
            let old_values: Vec<&str> = old_variants.iter().map(|variant| variant.value.as_str()).collect();
            let new_values: Vec<&str> = new_variants.iter().map(|variant| variant.value.as_str()).collect();
            for variant in old_variants.iter().filter(|variant| !new_values.contains(&variant.value.as_str())) {
                changes.push(change(
                    true,
                    "enum value removed",
                    format!("{item}::{}", variant.name),
                    format!("`{}`", variant.value),
                ));
            }
            for variant in new_variants.iter().filter(|variant| !old_values.contains(&variant.value.as_str())) {
                // Decoding already kept unknown values, but exhaustive `match`es gain a case.
                changes.push(change(
                    true,
                    "enum value added",
                    format!("{item}::{}", variant.name),
                    format!("`{}`; exhaustive matches need a new arm", variant.value),
                ));
            }
        }
        (TypeDefKind::IntegerEnum(old_variants), TypeDefKind::IntegerEnum(new_variants)) => {
            for variant in
                old_variants.iter().filter(|variant| !new_variants.iter().any(|new| new.value == variant.value))
            {
                changes.push(change(
                    true,
                    "enum value removed",
                    format!("{item}::{}", variant.name),
                    code(variant.value),
                ));
            }
            for variant in
                new_variants.iter().filter(|variant| !old_variants.iter().any(|old| old.value == variant.value))
            {
                changes.push(change(
                    true,
                    "enum value added",
                    format!("{item}::{}", variant.name),
                    format!("{}; exhaustive matches need a new arm", code(variant.value)),
                ));
            }
        }
        (TypeDefKind::Union(old_union), TypeDefKind::Union(new_union)) => {
            let variants = |union: &crate::ir::Union| {
                union
                    .variants
                    .iter()
                    .map(|variant| (variant.name.clone(), variant.ty.clone()))
                    .collect::<BTreeMap<_, _>>()
            };
            let (old_variants, new_variants) = (variants(old_union), variants(new_union));
            for (variant, ty) in &old_variants {
                if new_variants.get(variant) != Some(ty) {
                    changes.push(change(
                        true,
                        "union variant removed or changed",
                        format!("{item}::{variant}"),
                        code(type_name(ty)),
                    ));
                }
            }
            for (variant, ty) in &new_variants {
                if !old_variants.contains_key(variant) {
                    changes.push(change(
                        true,
                        "union variant added",
                        format!("{item}::{variant}"),
                        code(type_name(ty)),
                    ));
                }
            }
        }
        (TypeDefKind::Alias(old_target), TypeDefKind::Alias(new_target)) if old_target != new_target => {
            changes.push(change(
                true,
                "type changed",
                item.to_owned(),
                format!("{} → {}", code(type_name(old_target)), code(type_name(new_target))),
            ));
        }
        (TypeDefKind::Alias(_), TypeDefKind::Alias(_)) => {}
        _ => changes.push(change(
            true,
            "type changed",
            item.to_owned(),
            format!("{} → {}", kind_name(old), kind_name(new)),
        )),
    }
}

fn diff_fields(item: &str, old: &[Field], new: &[Field], changes: &mut Vec<Change>) {
    let (old_fields, new_fields) = (by_name(old, |f| &f.name), by_name(new, |f| &f.name));
    for name in old_fields.keys().filter(|name| !new_fields.contains_key(*name)) {
        changes.push(change(true, "field removed", format!("{item}::{name}"), ""));
    }
    for (name, new_field) in &new_fields {
        let field_item = format!("{item}::{name}");
        match old_fields.get(name) {
            // Struct literals that name every field stop compiling.
            None => changes.push(change(true, "field added", field_item, code(field_type(new_field)))),
            Some(old_field) if field_type(old_field) != field_type(new_field) => {
                changes.push(change(
                    true,
                    "field type changed",
                    field_item,
                    format!("{} → {}", code(field_type(old_field)), code(field_type(new_field))),
                ));
            }
            Some(_) => {}
        }
    }
}

fn field_type(field: &Field) -> String {
    let ty = type_name(&field.ty);
    if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// Inline code, for details that are Rust.
fn code(text: impl std::fmt::Display) -> String {
    format!("`{text}`")
}

fn type_name(ty: &TypeRef) -> String {
    ty.describe("")
}
