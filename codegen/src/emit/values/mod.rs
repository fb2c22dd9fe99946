//! Values that a server validating requests against the spec accepts, for the generated tests:
//! the spec's `example` or `default` where it fits, else what the type, `pattern`, `format`,
//! bounds and lengths allow; objects get their required properties, unions their first variant,
//! enums their first value. Each value is chosen once, as a [`sample::Sample`] tree, and printed as
//! a Rust expression of the SDK's own types or as JSON.

mod choice;
mod json;
mod pattern;
mod sample;
mod tokens;

pub(super) use choice::{array_len, first_alternative};
pub(super) use json::json_value;
pub(super) use tokens::Values;
