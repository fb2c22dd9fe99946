//! The SDK-level changes between two versions of an API, each marked breaking or compatible by
//! Rust's semver rules as they apply to the emitted code.
//!
//! Compared: resources, methods (path parameters, builder setters, return types, pagination), and
//! the types of the `types` module (struct fields, enum values, union variants, aliases). Two rule
//! sets apply to structs, as they are emitted:
//!
//! - what responses carry is `#[non_exhaustive]` with a `new` taking the required fields: adding an
//!   optional field is compatible, adding a required one changes `new` (breaking);
//! - what only requests send is exhaustive, built with struct literals: adding any field breaks them.
//!
//! Every enum and union is `#[non_exhaustive]`, so adding a value or a variant is compatible;
//! removing or changing one is breaking.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Api, Field, Method, Response, TypeDef, TypeDefKind};

/// One change, as a line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether code that compiled against the old SDK may no longer compile.
    pub breaking: bool,
    /// What happened (`method removed`, `field type changed`, …).
    pub kind: String,
    /// Where, as a user writes it (`files().list()`, `types::File::size`).
    pub item: String,
    /// The old and new shapes, where it helps (`String` → `i64`).
    pub detail: String,
}

fn change(breaking: bool, kind: &str, item: String, detail: impl Into<String>) -> Change {
    Change { breaking, kind: kind.to_owned(), item, detail: detail.into() }
}

/// Every change from `old` to `new`, in a stable order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    let apis = Apis { old, new };
    apis.diff_resources(&mut changes);
    apis.diff_types(&mut changes);
    changes
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    items.iter().map(|item| (name(item), item)).collect()
}

/// The types an SDK emits, by name.
fn emitted_types(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types_by_name().into_iter().map(|def| (def.name.bare(), def)).collect()
}

/// Inline code, for details that are Rust.
fn code(text: impl std::fmt::Display) -> String {
    format!("`{text}`")
}

/// A builder setter as the report compares it.
struct SetterSummary {
    ty: String,
    required: bool,
}

/// The two versions, to name types in each.
struct Apis<'a> {
    old: &'a Api,
    new: &'a Api,
}

impl Apis<'_> {
    fn diff_resources(&self, changes: &mut Vec<Change>) {
        // Keyed by how users reach them, which is also what the report shows.
        let old_resources = by_name(&self.old.resources, |resource| &resource.path);
        let new_resources = by_name(&self.new.resources, |resource| &resource.path);
        for (name, resource) in &old_resources {
            if !new_resources.contains_key(name) {
                let detail = format!("with {} methods", resource.methods.len());
                changes.push(change(true, "resource removed", (*name).to_owned(), detail));
            }
        }
        for (name, new_resource) in &new_resources {
            let Some(old_resource) = old_resources.get(name) else {
                let detail = format!("with {} methods", new_resource.methods.len());
                changes.push(change(false, "resource added", (*name).to_owned(), detail));
                continue;
            };
            let old_methods = by_name(&old_resource.methods, |method| method.name.bare());
            let new_methods = by_name(&new_resource.methods, |method| method.name.bare());
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
                    Some(old_method) => self.diff_method(&item, old_method, new_method, changes),
                }
            }
        }
    }

    fn diff_method(&self, item: &str, old: &Method, new: &Method, changes: &mut Vec<Change>) {
        let signature = |api: &Api, method: &Method| {
            let params =
                method.path_params.iter().map(|param| format!("{}: {}", param.name, api.describe(&param.ty, "")));
            format!("({})", params.collect::<Vec<_>>().join(", "))
        };
        let (old_signature, new_signature) = (signature(self.old, old), signature(self.new, new));
        if old_signature != new_signature {
            let detail = format!("{} → {}", code(old_signature), code(new_signature));
            changes.push(change(true, "method arguments changed", item.to_owned(), detail));
        }
        let (old_returns, new_returns) = (returns(self.old, old), returns(self.new, new));
        if old_returns != new_returns {
            let detail = format!("{} → {}", code(old_returns), code(new_returns));
            changes.push(change(true, "return type changed", item.to_owned(), detail));
        }
        diff_streaming(self.old, old, self.new, new, item, changes);
        if !old.deprecated && new.deprecated {
            changes.push(change(false, "method deprecated", item.to_owned(), "calls now warn"));
        }
        let (old_setters, new_setters) = (setters(self.old, old), setters(self.new, new));
        for (name, setter) in &old_setters {
            if !new_setters.contains_key(name) {
                changes.push(change(true, "parameter removed", format!("{item}.{name}()"), code(&setter.ty)));
            }
        }
        for (name, new_setter) in &new_setters {
            let setter_item = format!("{item}.{name}()");
            match old_setters.get(name) {
                // A new setter compiles everywhere, but a new required one makes existing calls fail.
                None if new_setter.required => changes.push(change(
                    true,
                    "required parameter added",
                    setter_item,
                    format!("{}; calls without it fail", code(&new_setter.ty)),
                )),
                None => changes.push(change(false, "optional parameter added", setter_item, code(&new_setter.ty))),
                Some(old_setter) => {
                    if old_setter.ty != new_setter.ty {
                        let detail = format!("{} → {}", code(&old_setter.ty), code(&new_setter.ty));
                        changes.push(change(true, "parameter type changed", setter_item.clone(), detail));
                    }
                    if !old_setter.required && new_setter.required {
                        changes.push(change(true, "parameter now required", setter_item, "calls without it fail"));
                    } else if old_setter.required && !new_setter.required {
                        changes.push(change(false, "parameter now optional", setter_item, ""));
                    }
                }
            }
        }
    }

    fn diff_types(&self, changes: &mut Vec<Change>) {
        let (old_types, new_types) = (emitted_types(self.old), emitted_types(self.new));
        for name in old_types.keys().filter(|name| !new_types.contains_key(*name)) {
            changes.push(change(true, "type removed", format!("types::{name}"), ""));
        }
        for (name, new_type) in &new_types {
            let item = format!("types::{name}");
            match old_types.get(name) {
                None => changes.push(change(false, "type added", item, kind_name(new_type))),
                Some(old_type) => self.diff_type(&item, old_type, new_type, changes),
            }
        }
    }

    fn diff_type(&self, item: &str, old: &TypeDef, new: &TypeDef, changes: &mut Vec<Change>) {
        match (&old.kind, &new.kind) {
            (TypeDefKind::Struct(old_struct), TypeDefKind::Struct(new_struct)) => {
                if !old.usage.response && new.usage.response {
                    let detail = "responses now carry it: struct literals stop compiling, use `new`";
                    changes.push(change(true, "struct now non-exhaustive", item.to_owned(), detail));
                }
                self.diff_fields(item, new.usage.response, &old_struct.fields, &new_struct.fields, changes)
            }
            (TypeDefKind::Enum(old_variants), TypeDefKind::Enum(new_variants)) => {
                let values = |variants: &[crate::ir::EnumVariant]| -> Vec<(String, String)> {
                    variants.iter().map(|variant| (variant.name.bare().to_owned(), code(&variant.value))).collect()
                };
                diff_values(item, &values(old_variants), &values(new_variants), changes);
            }
            (TypeDefKind::IntegerEnum(old_variants), TypeDefKind::IntegerEnum(new_variants)) => {
                let values = |variants: &[crate::ir::IntegerVariant]| -> Vec<(String, String)> {
                    variants.iter().map(|variant| (variant.name.bare().to_owned(), code(variant.value))).collect()
                };
                diff_values(item, &values(old_variants), &values(new_variants), changes);
            }
            (TypeDefKind::Union(old_union), TypeDefKind::Union(new_union)) => {
                let variants = |api: &Api, union: &crate::ir::Union| -> BTreeMap<String, String> {
                    union
                        .variants
                        .iter()
                        .map(|variant| (variant.name.bare().to_owned(), api.describe(&variant.ty, "")))
                        .collect()
                };
                let (old_variants, new_variants) = (variants(self.old, old_union), variants(self.new, new_union));
                for (variant, ty) in &old_variants {
                    if new_variants.get(variant) != Some(ty) {
                        let kind = "union variant removed or changed";
                        changes.push(change(true, kind, format!("{item}::{variant}"), code(ty)));
                    }
                }
                for (variant, ty) in new_variants.iter().filter(|(variant, _)| !old_variants.contains_key(*variant)) {
                    changes.push(change(false, "union variant added", format!("{item}::{variant}"), code(ty)));
                }
            }
            (TypeDefKind::Alias(old_target), TypeDefKind::Alias(new_target)) => {
                let (old_target, new_target) = (self.old.describe(old_target, ""), self.new.describe(new_target, ""));
                if old_target != new_target {
                    let detail = format!("{} → {}", code(old_target), code(new_target));
                    changes.push(change(true, "type changed", item.to_owned(), detail));
                }
            }
            _ => {
                let detail = format!("{} → {}", kind_name(old), kind_name(new));
                changes.push(change(true, "type changed", item.to_owned(), detail));
            }
        }
    }

    /// `non_exhaustive`: whether the new struct is built by `new` rather than by struct literals.
    fn diff_fields(&self, item: &str, non_exhaustive: bool, old: &[Field], new: &[Field], changes: &mut Vec<Change>) {
        let (old_fields, new_fields) =
            (by_name(old, |field| field.name.bare()), by_name(new, |field| field.name.bare()));
        for name in old_fields.keys().filter(|name| !new_fields.contains_key(*name)) {
            changes.push(change(true, "field removed", format!("{item}::{name}"), ""));
        }
        for (name, new_field) in &new_fields {
            let field_item = format!("{item}::{name}");
            let new_type = field_type(self.new, new_field);
            let Some(old_field) = old_fields.get(name) else {
                changes.push(field_added(field_item, non_exhaustive, new_field, new_type));
                continue;
            };
            let old_type = field_type(self.old, old_field);
            if old_type != new_type {
                let detail = format!("{} → {}", code(old_type), code(new_type));
                changes.push(change(true, "field type changed", field_item, detail));
            }
        }
    }
}

/// A field added: compatible for a non-exhaustive struct unless `new` must take it; breaking for an
/// exhaustive one, whose struct literals name every field.
fn field_added(item: String, non_exhaustive: bool, field: &Field, ty: String) -> Change {
    if !non_exhaustive {
        let detail = format!("{}; struct literals that name every field stop compiling", code(ty));
        change(true, "field added", item, detail)
    } else if field.is_optional() || field.constant.is_some() {
        change(false, "field added", item, code(ty))
    } else {
        change(true, "required field added", item, format!("{}; `new` takes it as a new argument", code(ty)))
    }
}

/// Enum values removed (breaking) and added (compatible: enums are non-exhaustive, and the value
/// was decoded as unknown before).
fn diff_values(item: &str, old: &[(String, String)], new: &[(String, String)], changes: &mut Vec<Change>) {
    for (name, value) in old.iter().filter(|(_, value)| !new.iter().any(|(_, new)| new == value)) {
        changes.push(change(true, "enum value removed", format!("{item}::{name}"), value.clone()));
    }
    for (name, value) in new.iter().filter(|(_, value)| !old.iter().any(|(_, old)| old == value)) {
        changes.push(change(false, "enum value added", format!("{item}::{name}"), value.clone()));
    }
}

/// The streaming call: gone is breaking, new is compatible, and a new event type is breaking.
fn diff_streaming(old_api: &Api, old: &Method, new_api: &Api, new: &Method, item: &str, changes: &mut Vec<Change>) {
    let streamed = |api: &Api, method: &Method| {
        method
            .events
            .as_ref()
            .map(|events| (format!("{item}.{}()", events.method.bare()), api.describe(&events.ty, "")))
    };
    match (streamed(old_api, old), streamed(new_api, new)) {
        (Some((call, ty)), None) => changes.push(change(true, "streaming call removed", call, code(ty))),
        (None, Some((call, ty))) => changes.push(change(false, "streaming call added", call, code(ty))),
        (Some((_, old_ty)), Some((call, new_ty))) if old_ty != new_ty => {
            let detail = format!("{} → {}", code(old_ty), code(new_ty));
            changes.push(change(true, "event type changed", call, detail));
        }
        _ => {}
    }
}

/// The builder's setters, by name.
fn setters(api: &Api, method: &Method) -> BTreeMap<String, SetterSummary> {
    method
        .setter_views(api)
        .into_iter()
        .map(|view| {
            let summary = SetterSummary { ty: api.describe(view.ty, ""), required: view.required && !view.nullable };
            (view.setter.name.bare().to_owned(), summary)
        })
        .collect()
}

fn returns(api: &Api, method: &Method) -> String {
    match (&method.response, method.page_type()) {
        (_, Some(page)) => format!("Page<{}>", api.describe(&page, "")),
        (Response::Json(ty), None) => api.describe(ty, ""),
        (Response::Binary, None) => "ByteStream".to_owned(),
        (Response::Text, None) => "String".to_owned(),
        (Response::Empty, None) => "()".to_owned(),
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

fn field_type(api: &Api, field: &Field) -> String {
    let ty = api.describe(&field.ty, "");
    if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}
