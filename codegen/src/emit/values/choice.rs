//! The values chosen for one constraint, format, array or union.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::ir::{Alternative, Constraints, FieldId, TypeRef, Union, UnionVariant, VariantId};

/// A discriminator's property (its wire name) and the value that names one variant.
pub(super) type Tag<'a> = (&'a str, &'a str);

/// How deep nested objects are built before giving up (a required property that recurses).
pub(super) const MAX_DEPTH: usize = 8;

/// How a value of an object with alternatives is made: as the first alternative, whose required
/// fields it sets too, without the fields only the others have (a `oneOf` refuses a value that fits
/// two of them).
#[derive(Default)]
pub(crate) struct ChosenAlternative {
    pub(crate) required: Vec<FieldId>,
    pub(crate) left_out: BTreeSet<FieldId>,
}

pub(crate) fn first_alternative(alternatives: &[Alternative]) -> ChosenAlternative {
    let Some((first, others)) = alternatives.split_first() else { return ChosenAlternative::default() };
    let left_out =
        others.iter().flat_map(|other| &other.fields).filter(|id| !first.fields.contains(id)).copied().collect();
    ChosenAlternative { required: first.required.clone(), left_out }
}

/// A string the constraints allow: the example if it fits, else one made for the format and length.
pub(super) fn string(constraints: &Constraints) -> Option<String> {
    let fits = |text: &str| {
        let length = text.chars().count();
        constraints.min_length.is_none_or(|min| length >= min) && constraints.max_length.is_none_or(|max| length <= max)
    };
    let example = constraints.example.as_ref().and_then(Value::as_str);
    if let Some(example) = example.filter(|text| fits(text) && has_format(text, constraints.format.as_deref())) {
        return Some(example.to_owned());
    }
    if let Some(pattern) = &constraints.pattern {
        return super::pattern::sample(pattern).filter(|text| fits(text));
    }
    let by_format = match constraints.format.as_deref() {
        Some("email" | "idn-email") => "user@example.com",
        Some("uri" | "url" | "iri" | "uri-reference" | "iri-reference") => "https://example.com/",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("byte") => "dGVzdA==",
        Some("date") => "2024-01-01",
        Some("date-time") => "2024-01-01T00:00:00Z",
        Some("time") => "12:00:00Z",
        Some("duration") => "P1D",
        Some("uuid") => "00000000-0000-0000-0000-000000000000",
        Some("int32" | "int64" | "integer" | "number" | "decimal") => "1",
        _ => "test",
    };
    let mut text = by_format.to_owned();
    if let Some(min) = constraints.min_length {
        while text.chars().count() < min {
            text.push('a');
        }
    }
    if let Some(max) = constraints.max_length {
        text = text.chars().take(max).collect();
    }
    fits(&text).then_some(text)
}

/// Whether an example is what its `format` says, as a validator checks it: specs' examples are not
/// always (GitHub's artifact `path`, `format: uri`, gives `com/github/bar/libfoo-1.2.3`).
pub(super) fn has_format(text: &str, format: Option<&str>) -> bool {
    match format {
        Some("uri" | "url" | "iri") => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|first: char| first.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }),
        Some("email" | "idn-email") => {
            text.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        }
        Some("ipv4") => text.parse::<std::net::Ipv4Addr>().is_ok(),
        Some("ipv6") => text.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => true,
    }
}

/// An integer within the bounds: the example if it fits, else the lower bound, else 1 (or the
/// upper bound below it).
pub(super) fn integer(constraints: &Constraints) -> Option<i64> {
    let fits = |number: f64| {
        constraints.minimum.is_none_or(|min| number >= min) && constraints.maximum.is_none_or(|max| number <= max)
    };
    let example = constraints.example.as_ref().and_then(Value::as_i64).filter(|number| fits(*number as f64));
    let chosen =
        example.map(|number| number as f64).unwrap_or_else(|| match (constraints.minimum, constraints.maximum) {
            (Some(min), _) => min.ceil(),
            (None, Some(max)) if max < 1.0 => max.floor(),
            _ => 1.0,
        });
    (fits(chosen) && chosen.abs() < 9.0e15).then_some(chosen as i64)
}

pub(super) fn float(constraints: &Constraints) -> Option<f64> {
    let fits = |number: f64| {
        constraints.minimum.is_none_or(|min| number >= min) && constraints.maximum.is_none_or(|max| number <= max)
    };
    let example = constraints.example.as_ref().and_then(Value::as_f64).filter(|number| fits(*number));
    let chosen = example.unwrap_or_else(|| match (constraints.minimum, constraints.maximum) {
        (Some(min), Some(max)) => (min + max) / 2.0,
        (Some(min), None) => min + 1.0,
        (None, Some(max)) if max < 1.0 => max - 1.0,
        _ => 1.0,
    });
    (fits(chosen) && chosen.is_finite()).then_some(chosen)
}

/// A union's variants in the order values are made of them, a bare string last (it may stand for
/// an enum the union lost in lowering: OpenAI's `"auto"` beside format objects), each with the
/// discriminator's property and value for it, which a value of a discriminated variant carries.
pub(super) fn variants_to_try(union: &Union) -> Vec<(VariantId, &UnionVariant, Option<Tag<'_>>)> {
    let (strings, others): (Vec<_>, Vec<_>) =
        union.variants_with_ids().partition(|(_, variant)| variant.ty == TypeRef::String);
    let tag = |id| {
        let discriminator = union.discriminator.as_ref()?;
        Some((discriminator.property.as_str(), discriminator.value_of(id)?))
    };
    others.into_iter().chain(strings).map(|(id, variant)| (id, variant, tag(id))).collect()
}

/// How many items a test's array of `constraints` holds. Two: one item in a query string reads, to
/// some servers, as a single value. Items that must differ are made alike, so those arrays get as
/// few as they may.
pub(in crate::emit) fn array_len(constraints: &Constraints) -> usize {
    let fewest = if constraints.unique_items { 1 } else { 2 };
    constraints.min_items.unwrap_or(fewest).max(fewest).min(constraints.max_items.unwrap_or(usize::MAX))
}
