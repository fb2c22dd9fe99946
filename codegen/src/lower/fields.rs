//! Fields found by the names they have on the wire.

use crate::ir::{Field, PageField};

/// The field of `fields` named `wire` on the wire, or what to say when there is none
/// (`no field "x"; it has [...]`) for the caller to locate.
pub(super) fn field_by_wire_name(fields: &[Field], wire: &str) -> Result<PageField, String> {
    match fields.iter().find(|field| field.wire_name == wire) {
        Some(field) => Ok(field.into()),
        None => {
            let known: Vec<&str> = fields.iter().map(|field| field.wire_name.as_str()).collect();
            Err(format!("no field `{wire}`; it has {known:?}"))
        }
    }
}
