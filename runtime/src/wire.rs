//! Values as a request writes them: JSON whose whole numbers are integers, and parameters in their
//! text form by OpenAPI's `style` and `explode` rules, never as JSON text.

use serde::ser::{self, Serialize};
use serde_json::{Map, Number, Value};

/// `value` as the JSON a request sends. A whole number is written as an integer (`3600`, not
/// serde's `3600.0`), as every other language's JSON writes it and as servers that check for an
/// integer expect; fractions keep their digits, and `-0.0` is `0`. A float that is NaN or infinite
/// has no JSON form (serde would send it as `null`), so it is an error.
pub(crate) fn to_json(value: &impl Serialize) -> Result<Value, String> {
    value.serialize(FiniteProbe).map_err(|ProbeError(message)| message)?;
    let mut value = serde_json::to_value(value).map_err(|error| error.to_string())?;
    whole_numbers(&mut value);
    Ok(value)
}

/// Rewrites every whole float in `value` as an integer.
pub(crate) fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(integer) = whole(number) {
                *number = integer;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

fn whole(number: &Number) -> Option<Number> {
    let float = number.as_f64().filter(|_| number.is_f64())?;
    // Past 2^63 a float is still whole but no `i64` holds it: it keeps its exponent form.
    const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (float.fract() == 0.0 && float.abs() < I64_LIMIT).then(|| Number::from(float as i64))
}

/// How a parameter's value is written (OpenAPI's `style`); with `explode`, see each function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a,b` (path and header parameters).
    Simple,
    /// `.a.b` or `.a,b` (path).
    Label,
    /// `;name=a;name=b` or `;name=a,b` (path).
    Matrix,
    /// `name=a&name=b` or `name=a,b` (query and cookie parameters).
    Form,
    /// `name=a%20b` (query arrays).
    SpaceDelimited,
    /// `name=a|b` (query arrays).
    PipeDelimited,
    /// `name[key]=value`, nested objects as `name[key][inner]=value` (query objects).
    DeepObject,
    /// JSON text, for a parameter the spec declares with `content: application/json`.
    Json,
}

/// A scalar's text: a string as it is, a number as JSON writes it, `true`/`false`, and nothing
/// for `null`. Arrays and objects are written by the style that holds them.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An array's items, or an object's keys and values, as texts, for the styles that join them.
fn items(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(scalar_text).collect(),
        Value::Object(fields) => fields.iter().flat_map(|(key, value)| [key.clone(), scalar_text(value)]).collect(),
        scalar => vec![scalar_text(scalar)],
    }
}

/// An object's `key=value` pairs, for exploded styles.
fn pairs(fields: &Map<String, Value>) -> impl Iterator<Item = (String, String)> + '_ {
    fields.iter().filter(|(_, value)| !value.is_null()).map(|(key, value)| (key.clone(), scalar_text(value)))
}

/// A path or header parameter's text in `style` (`simple` for headers), each piece encoded by
/// `encode` (a path escapes what would end its segment or split a piece; a header takes text as
/// it is). With `explode`, an object is `key=value` pieces, and label and matrix arrays repeat
/// their delimiter.
pub fn path_text(name: &str, value: &Value, style: Style, explode: bool, encode: impl Fn(&str) -> String) -> String {
    if style == Style::Json {
        return encode(&value.to_string());
    }
    let pieces: Vec<String> = match value {
        Value::Object(fields) if explode => {
            pairs(fields).map(|(key, value)| format!("{}={}", encode(&key), encode(&value))).collect()
        }
        other => items(other).iter().map(|item| encode(item)).collect(),
    };
    let named = format!(";{}=", encode(name));
    let (prefix, separator) = match style {
        Style::Label if explode => (".", "."),
        Style::Label => (".", ","),
        Style::Matrix if explode && value.is_object() => (";", ";"),
        Style::Matrix if explode => (named.as_str(), named.as_str()),
        Style::Matrix => (named.as_str(), ","),
        _ => ("", ","),
    };
    format!("{prefix}{}", pieces.join(separator))
}

/// A query parameter's `name=value` pairs in `style`. Exploded arrays repeat the name and
/// exploded form objects are one pair per property; otherwise items join with `,` (or a space,
/// or `|`). A deep object nests brackets (`filter[page][size]=2`, `expand[0]=a`), as web
/// frameworks read them.
/// `null` is an empty value.
pub(crate) fn query_pairs(name: &str, value: &Value, style: Style, explode: bool) -> Vec<(String, String)> {
    let one = |text: String| vec![(name.to_owned(), text)];
    match (style, value) {
        (Style::Json, _) => one(value.to_string()),
        (Style::DeepObject, Value::Object(_) | Value::Array(_)) => {
            let mut pairs = Vec::new();
            deep_object(name, value, &mut pairs);
            pairs
        }
        (_, Value::Array(values)) if explode => {
            values.iter().map(|item| (name.to_owned(), scalar_text(item))).collect()
        }
        (Style::Form, Value::Object(fields)) if explode => pairs(fields).collect(),
        (Style::SpaceDelimited, Value::Array(_)) => one(items(value).join(" ")),
        (Style::PipeDelimited, Value::Array(_)) => one(items(value).join("|")),
        _ => one(items(value).join(",")),
    }
}

fn deep_object(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, value) in fields {
                deep_object(&format!("{name}[{key}]"), value, pairs);
            }
        }
        // Items by their index (`expand[0]=a&expand[1]=b`), as Stripe's and `qs`'s clients write
        // them, and as `qs`, `serde_qs` and PHP read them: a repeated name is one value to Rails.
        Value::Array(values) => {
            for (index, item) in values.iter().enumerate() {
                deep_object(&format!("{name}[{index}]"), item, pairs);
            }
        }
        scalar => pairs.push((name.to_owned(), scalar_text(scalar))),
    }
}

/// A cookie's value (`form` without explode: items join with `,`), or JSON text.
pub fn cookie_text(value: &Value, style: Style) -> String {
    match style {
        Style::Json => value.to_string(),
        _ => items(value).join(","),
    }
}

/// Walks a value as serde would write it and fails at the first float that is NaN or infinite;
/// it writes nothing.
#[derive(Clone, Copy)]
struct FiniteProbe;

#[derive(Debug)]
struct ProbeError(String);

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProbeError {}

impl ser::Error for ProbeError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        ProbeError(message.to_string())
    }
}

fn finite(value: f64) -> Result<(), ProbeError> {
    match value.is_finite() {
        true => Ok(()),
        false => Err(ProbeError(format!("{value} is not a number JSON can hold"))),
    }
}

impl ser::Serializer for FiniteProbe {
    type Ok = ();
    type Error = ProbeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_f32(self, value: f32) -> Result<(), ProbeError> {
        finite(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<(), ProbeError> {
        finite(value)
    }
    fn serialize_bool(self, _: bool) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ProbeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), ProbeError> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), ProbeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), ProbeError> {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, ProbeError> {
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, ProbeError> {
        Ok(self)
    }
}

/// The probe's compound values: each element is probed in turn.
macro_rules! probe_elements {
    ($($trait:ident :: $method:ident ($($key:ty)?)),* $(,)?) => {$(
        impl ser::$trait for FiniteProbe {
            type Ok = ();
            type Error = ProbeError;
            fn $method<T: Serialize + ?Sized>(&mut self, $(_: $key,)? value: &T) -> Result<(), ProbeError> {
                value.serialize(*self)
            }
            fn end(self) -> Result<(), ProbeError> {
                Ok(())
            }
        }
    )*};
}

probe_elements! {
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(&'static str),
    SerializeStructVariant::serialize_field(&'static str),
}

impl ser::SerializeMap for FiniteProbe {
    type Ok = ();
    type Error = ProbeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ProbeError> {
        key.serialize(*self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ProbeError> {
        value.serialize(*self)
    }
    fn end(self) -> Result<(), ProbeError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &impl Serialize) -> String {
        to_json(value).unwrap().to_string()
    }

    #[test]
    fn whole_numbers_are_integers_and_fractions_keep_their_digits() {
        assert_eq!(text(&3600.0_f64), "3600");
        assert_eq!(text(&-0.0_f64), "0");
        assert_eq!(text(&0.1_f64), "0.1");
        assert_eq!(text(&2.5_f32), "2.5");
        assert_eq!(text(&1e300_f64), "1e+300");
        assert_eq!(text(&json!({"a": [1.0, 2.25], "b": {"c": -7.0}})), r#"{"a":[1,2.25],"b":{"c":-7}}"#);
        assert_eq!(text(&u64::MAX), "18446744073709551615");
    }

    #[test]
    fn a_float_json_cannot_hold_is_an_error_not_null() {
        assert_eq!(to_json(&f64::NAN).unwrap_err(), "NaN is not a number JSON can hold");
        assert_eq!(to_json(&vec![Some(1.0), Some(f64::INFINITY)]).unwrap_err(), "inf is not a number JSON can hold");
        let nested = std::collections::BTreeMap::from([("limit", f32::NEG_INFINITY)]);
        assert_eq!(to_json(&nested).unwrap_err(), "-inf is not a number JSON can hold");
    }

    /// The examples of OpenAPI 3.1's style table (section 4.8.12.4), with the object's keys in
    /// the order its map keeps them.
    #[test]
    fn path_and_header_texts_follow_openapis_style_table() {
        let (string, array) = (json!("blue"), json!(["blue", "black", "brown"]));
        let object = json!({"B": 150, "G": 200, "R": 100});
        let path = |value: &Value, style, explode| path_text("color", value, style, explode, str::to_owned);
        assert_eq!(path(&string, Style::Simple, false), "blue");
        assert_eq!(path(&array, Style::Simple, false), "blue,black,brown");
        assert_eq!(path(&object, Style::Simple, false), "B,150,G,200,R,100");
        assert_eq!(path(&object, Style::Simple, true), "B=150,G=200,R=100");
        assert_eq!(path(&string, Style::Label, false), ".blue");
        assert_eq!(path(&array, Style::Label, false), ".blue,black,brown");
        assert_eq!(path(&array, Style::Label, true), ".blue.black.brown");
        assert_eq!(path(&object, Style::Label, true), ".B=150.G=200.R=100");
        assert_eq!(path(&string, Style::Matrix, false), ";color=blue");
        assert_eq!(path(&array, Style::Matrix, false), ";color=blue,black,brown");
        assert_eq!(path(&array, Style::Matrix, true), ";color=blue;color=black;color=brown");
        assert_eq!(path(&object, Style::Matrix, false), ";color=B,150,G,200,R,100");
        assert_eq!(path(&object, Style::Matrix, true), ";B=150;G=200;R=100");
        assert_eq!(path(&json!(true), Style::Simple, false), "true");
    }

    #[test]
    fn query_pairs_follow_openapis_style_table() {
        let pairs = |value: Value, style, explode| {
            query_pairs("color", &value, style, explode)
                .into_iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        };
        let (array, object) = (json!(["blue", "black"]), json!({"G": 200, "R": 100}));
        assert_eq!(pairs(json!("blue"), Style::Form, true), "color=blue");
        assert_eq!(pairs(array.clone(), Style::Form, true), "color=blue&color=black");
        assert_eq!(pairs(array.clone(), Style::Form, false), "color=blue,black");
        assert_eq!(pairs(object.clone(), Style::Form, true), "G=200&R=100");
        assert_eq!(pairs(object.clone(), Style::Form, false), "color=G,200,R,100");
        assert_eq!(pairs(array.clone(), Style::SpaceDelimited, false), "color=blue black");
        assert_eq!(pairs(array, Style::PipeDelimited, false), "color=blue|black");
        assert_eq!(pairs(object, Style::DeepObject, true), "color[G]=200&color[R]=100");
        let nested = to_json(&json!({"or": [{"x": 1}], "page": {"size": 2.0}, "skip": null, "tags": ["a", "b"]}));
        assert_eq!(
            pairs(nested.unwrap(), Style::DeepObject, true),
            "color[or][0][x]=1&color[page][size]=2&color[tags][0]=a&color[tags][1]=b"
        );
        assert_eq!(pairs(json!(["a", "b"]), Style::DeepObject, true), "color[0]=a&color[1]=b");
        assert_eq!(pairs(Value::Null, Style::Form, true), "color=");
        assert_eq!(pairs(json!({"a": [1, "b"]}), Style::Json, true), r#"color={"a":[1,"b"]}"#);
    }
}
