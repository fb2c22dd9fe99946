//! Values that a server validating requests against the spec accepts, as Rust expressions of the
//! SDK's own types: for the generated operation tests. The spec's `example` or `default` where it
//! fits, else what the type, `pattern`, `format`, bounds and lengths allow; objects get their required
//! properties, unions their first variant, enums their first value.

mod choice;
mod json;
mod pattern;
mod tokens;

pub(super) use choice::first_alternative;
pub(super) use json::json_value;
pub(super) use tokens::{array_len, Values};
