//! The structs responses carry, as invocations of the runtime's `object!` macro: each property in
//! its group (required, constant, nullable, optional) with its wire names. The macro writes the
//! struct, its constructor and its serde impls; see `runtime/objects.rs`. Invocations are written
//! as formatted text (see [`super::source`]).

use proc_macro2::Literal;

use super::definitions::{field_doc, type_doc_text};
use super::rust::names_deprecated;
use super::rust::{type_path, Scope};
use super::source::Source;
use crate::ir::{Api, Field, Struct, TypeDef, TypeRef};

/// The doc of the field that keeps what a response carries beyond its declared properties, as the
/// runtime's `object!` macro writes it.
pub(crate) const UNKNOWN_FIELDS_DOC: &str =
    "Properties the server sent that the API's spec does not declare, by name, as JSON.";

/// Where a property goes in the macro's grammar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Required,
    Constant,
    Nullable,
    Optional,
}

const GROUPS: [(Group, &str); 4] = [
    (Group::Required, "required"),
    (Group::Constant, "constant"),
    (Group::Nullable, "nullable"),
    (Group::Optional, "optional"),
];

pub(super) fn object_def(api: &Api, def: &TypeDef, object: &Struct, cfg: Option<&str>) -> String {
    let mut source = Source::default();
    if let Some(cfg) = cfg {
        source.line(cfg);
    }
    source.open("crate::runtime::objects::object!");
    source.doc(&type_doc_text(def));
    if def.deprecated {
        source.line("#[deprecated]");
    }
    if names_deprecated(api, object.fields.iter().map(|field| &field.ty)) {
        source.line("#[allow(deprecated)]");
    }
    let serialize = if def.usage.request { ": Serialize" } else { "" };
    source.open(&format!("pub struct {}{serialize}", def.name.as_str()));
    for (group, keyword) in GROUPS {
        let mut fields = object.fields.iter().filter(|field| group_of(field) == group).peekable();
        if fields.peek().is_none() {
            continue;
        }
        source.open(keyword);
        for field in fields {
            property(&mut source, api, field);
        }
        source.close();
    }
    source.line(&format!("unknown: {},", object.extra.as_str()));
    source.close();
    source.close();
    source.finish()
}

/// Whether the `new` constructor of a struct responses carry takes the field.
pub(super) fn is_constructor_argument(field: &Field) -> bool {
    group_of(field) == Group::Required
}

/// Whether such a struct has a `new` constructor: else nothing is required, and `Default` builds one.
pub(super) fn has_constructor(fields: &[Field]) -> bool {
    fields.iter().any(|field| matches!(group_of(field), Group::Required | Group::Constant))
}

fn group_of(field: &Field) -> Group {
    match (field.required, field.nullable, constant_literal(field)) {
        (false, _, _) => Group::Optional,
        (true, true, _) => Group::Nullable,
        (true, false, Some(_)) => Group::Constant,
        (true, false, None) => Group::Required,
    }
}

/// `field: Type = "wire" | "alias" => constant,` with the field's docs.
fn property(source: &mut Source, api: &Api, field: &Field) {
    source.doc(&field_doc(field));
    if field.deprecated {
        source.line("#[deprecated]");
    }
    let mut ty = type_path(api, &field.ty, Scope::Types);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    let mut line = format!("{}: {ty} = {}", field.name.as_str(), Literal::string(&field.wire_name));
    for alias in &field.aliases {
        line.push_str(&format!(" | {}", Literal::string(alias)));
    }
    if let (Group::Constant, Some(value)) = (group_of(field), constant_literal(field)) {
        line.push_str(&format!(" => {value}"));
    }
    line.push(',');
    source.line(&line);
}

/// A constant as a literal of the field's own type (`"file"`, `true`, `5i64`), if it is one.
fn constant_literal(field: &Field) -> Option<String> {
    match field.constant.as_ref()? {
        serde_json::Value::String(text) => Some(Literal::string(text).to_string()),
        serde_json::Value::Bool(value) => Some(value.to_string()),
        serde_json::Value::Number(number) => {
            let literal = match (number.as_i64(), &field.ty) {
                (Some(value), TypeRef::I64) => Literal::i64_suffixed(value),
                (Some(value), TypeRef::I32) => Literal::i32_suffixed(i32::try_from(value).ok()?),
                (_, TypeRef::F64) => Literal::f64_suffixed(number.as_f64()?),
                _ => return None,
            };
            Some(literal.to_string())
        }
        _ => None,
    }
}
