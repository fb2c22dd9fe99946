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

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::ir::{Api, Field, Method, Response, TypeDef, TypeDefKind, TypeId, TypeRef};

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
pub fn diff<'a>(old: &'a Api, new: &'a Api) -> Vec<Change> {
    let mut changes = Vec::new();
    let names = |api: &'a Api| api.types.with_ids().map(|(id, def)| (def.name.bare(), id));
    let apis = Apis { old, new, old_names: names(old).collect(), new_names: names(new).collect() };
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
    ty_ref: TypeRef,
    required: bool,
}

/// The two versions, to name types in each.
struct Apis<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Every type of each version, aliases included, by name.
    old_names: HashMap<&'a str, TypeId>,
    new_names: HashMap<&'a str, TypeId>,
}

impl<'a> Apis<'a> {
    /// Whether `old`, a type of the old version, is `new` in the new one: the same, or written with
    /// names that the new version makes one type (identical types merged under several names). Code
    /// that spells it the old way still compiles, so a name that moved is no change.
    fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Array(old), TypeRef::Array(new))
            | (TypeRef::Map(old), TypeRef::Map(new))
            | (TypeRef::Nullable(old), TypeRef::Nullable(new)) => self.same_type(old, new),
            (TypeRef::Named(old), TypeRef::Named(new)) => {
                let old_name = self.old.ty(*old).name.bare();
                self.new_names.get(old_name).is_some_and(|id| self.new.definition(*id) == self.new.definition(*new))
            }
            (old, new) => old == new,
        }
    }

    /// The definitions two versions' types of the same name stand for, aliases of named types
    /// followed; `None` when either is another name for something unnamed (`Vec<T>`, `String`).
    fn definitions_behind(&self, old: &TypeDef, new: &TypeDef) -> Option<(&'a TypeDef, &'a TypeDef)> {
        let old = self.old.ty(self.old.definition(*self.old_names.get(old.name.bare())?));
        let new = self.new.ty(self.new.definition(*self.new_names.get(new.name.bare())?));
        let defined = |def: &TypeDef| !matches!(def.kind, TypeDefKind::Alias(_));
        (defined(old) && defined(new)).then_some((old, new))
    }

    /// Whether the type an old alias named is still the same type as `new` in the new version.
    fn still_merged(&self, old_target: &TypeRef, new: &TypeDef) -> bool {
        let TypeRef::Named(old_target) = old_target else { return false };
        let partner = self.new_names.get(self.old.ty(*old_target).name.bare());
        let new = self.new_names.get(new.name.bare());
        partner.zip(new).is_some_and(|(partner, new)| self.new.definition(*partner) == self.new.definition(*new))
    }

    fn same_optional_type(&self, old: (&TypeRef, bool), new: (&TypeRef, bool)) -> bool {
        old.1 == new.1 && self.same_type(old.0, new.0)
    }

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
        let same_value = match (returned_value(old), returned_value(new)) {
            (Some(old_value), Some(new_value)) => {
                old.pagination.is_some() == new.pagination.is_some() && self.same_type(&old_value, &new_value)
            }
            _ => old_returns == new_returns,
        };
        if !same_value {
            let detail = format!("{} → {}", code(old_returns), code(new_returns));
            changes.push(change(true, "return type changed", item.to_owned(), detail));
        }
        self.diff_streaming(old, new, item, changes);
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
                    if !self.same_type(&old_setter.ty_ref, &new_setter.ty_ref) {
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
                let variants = |union: &'_ crate::ir::Union| -> BTreeMap<String, TypeRef> {
                    union.variants.iter().map(|variant| (variant.name.bare().to_owned(), variant.ty.clone())).collect()
                };
                let (old_variants, new_variants) = (variants(old_union), variants(new_union));
                for (variant, ty) in &old_variants {
                    if !new_variants.get(variant).is_some_and(|new_ty| self.same_type(ty, new_ty)) {
                        let (kind, ty) = ("union variant removed or changed", self.old.describe(ty, ""));
                        changes.push(change(true, kind, format!("{item}::{variant}"), code(ty)));
                    }
                }
                for (variant, ty) in new_variants.iter().filter(|(variant, _)| !old_variants.contains_key(*variant)) {
                    let ty = self.new.describe(ty, "");
                    changes.push(change(false, "union variant added", format!("{item}::{variant}"), code(ty)));
                }
            }
            // Still another name for the same type: what changed is said under that type's name.
            (TypeDefKind::Alias(old_target), TypeDefKind::Alias(new_target))
                if self.same_type(old_target, new_target) => {}
            (TypeDefKind::Alias(_), _) | (_, TypeDefKind::Alias(_)) => match self.definitions_behind(old, new) {
                Some((old_definition, new_definition)) => {
                    self.diff_behind_names(item, old, new, (old_definition, new_definition), changes)
                }
                None => changes.push(kind_changed(self, item, old, new)),
            },
            _ => changes.push(kind_changed(self, item, old, new)),
        }
    }

    /// A type whose name became or stopped being an alias: the definition moved to another of the
    /// names merged with it, or the alias became a definition of its own. An alias of an enum or
    /// struct still names its variants and builds its literals, so only what the definitions behind
    /// the names changed is.
    fn diff_behind_names(
        &self,
        item: &str,
        old: &TypeDef,
        new: &TypeDef,
        (old_definition, new_definition): (&TypeDef, &TypeDef),
        changes: &mut Vec<Change>,
    ) {
        let before = changes.len();
        self.diff_type(item, old_definition, new_definition, changes);
        if let (true, TypeDefKind::Alias(old_target)) = (changes.len() == before, &old.kind) {
            if !self.still_merged(old_target, new) {
                changes.push(unmerged(item, &self.old.describe(old_target, "")));
            }
        }
    }

    /// The streaming call: gone is breaking, new is compatible, and a new event type is breaking.
    fn diff_streaming(&self, old: &Method, new: &Method, item: &str, changes: &mut Vec<Change>) {
        let call = |events: &crate::ir::Events| format!("{item}.{}()", events.method.bare());
        match (&old.events, &new.events) {
            (Some(events), None) => changes.push(change(
                true,
                "streaming call removed",
                call(events),
                code(self.old.describe(&events.ty, "")),
            )),
            (None, Some(events)) => changes.push(change(
                false,
                "streaming call added",
                call(events),
                code(self.new.describe(&events.ty, "")),
            )),
            (Some(old_events), Some(new_events)) if !self.same_type(&old_events.ty, &new_events.ty) => {
                let (old_ty, new_ty) = (self.old.describe(&old_events.ty, ""), self.new.describe(&new_events.ty, ""));
                let detail = format!("{} → {}", code(old_ty), code(new_ty));
                changes.push(change(true, "event type changed", call(new_events), detail));
            }
            _ => {}
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
            let (old_shape, new_shape) =
                ((&old_field.ty, old_field.is_optional()), (&new_field.ty, new_field.is_optional()));
            if !self.same_optional_type(old_shape, new_shape) {
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

/// The builder's setters, by name.
fn setters(api: &Api, method: &Method) -> BTreeMap<String, SetterSummary> {
    method
        .setter_views(&api.types)
        .into_iter()
        .map(|view| {
            let required = view.required && !view.nullable;
            let summary = SetterSummary { ty: api.describe(view.ty, ""), ty_ref: view.ty.clone(), required };
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

/// An alias that merging had made one type with `partner`, which has changed since: its own values
/// and fields are the same, and only code that mixed the two names notices.
fn unmerged(item: &str, partner: &str) -> Change {
    let detail = format!("its values and fields are unchanged; `{partner}` is no longer the same type");
    change(false, "no longer merged", item.to_owned(), detail)
}

/// A breaking change of what a type is: another target for an alias of something unnamed
/// (`Vec<A>` → `Vec<B>`), else another kind (struct → union).
fn kind_changed(apis: &Apis<'_>, item: &str, old: &TypeDef, new: &TypeDef) -> Change {
    let detail = match (&old.kind, &new.kind) {
        (TypeDefKind::Alias(old_target), TypeDefKind::Alias(new_target)) => {
            let (old_name, new_name) = (apis.old.describe(old_target, ""), apis.new.describe(new_target, ""));
            format!("{} → {}", code(&old_name), code(&new_name))
        }
        _ => format!("{} → {}", kind_name(old), kind_name(new)),
    };
    change(true, "type changed", item.to_owned(), detail)
}

/// The JSON value a call returns (a page's type for lists), if it returns one.
fn returned_value(method: &Method) -> Option<TypeRef> {
    match (&method.response, method.page_type()) {
        (_, Some(page)) => Some(page),
        (Response::Json(ty), None) => Some(ty.clone()),
        _ => None,
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
