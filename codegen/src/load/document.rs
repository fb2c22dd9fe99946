//! Parses one YAML or JSON document into a `serde_json::Value`.
//!
//! This is the only module that touches `serde_yaml`, which is deprecated upstream: swapping it for a
//! maintained fork with the same API (such as `serde_yml` or `serde_norway`) is a change to the `use`
//! line below.

use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_yaml as yaml;

use crate::diagnostics::{Error, Pointer};

/// Reads and parses one YAML or JSON file into a `serde_json::Value`.
pub fn read_document(path: &Path) -> Result<Value, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|error| Error::file(path, format!("cannot read the file: {error}")))?;
    parse(path, &text)
}

/// Deserializes `value` into `T`, turning a failure into an error at the JSON pointer where it happened.
pub fn deserialize_at<T: DeserializeOwned>(value: Value, file: &Path) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = path_to_pointer(error.path());
        Error::new(file, pointer.to_string(), error.into_inner().to_string())
    })
}

/// Where in the document serde stopped, as a JSON pointer.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |pointer, segment| match segment {
        Segment::Seq { index } => pointer.push(index),
        Segment::Map { key } => pointer.push(key),
        Segment::Enum { .. } | Segment::Unknown => pointer,
    })
}

/// Parses `text`, read from `path`. JSON is parsed as JSON (for its exact error positions); everything
/// else as YAML, which is a superset of JSON.
pub fn parse(path: &Path, text: &str) -> Result<Value, Error> {
    let is_json = path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|error| {
            Error::file(path, format!("invalid JSON at line {}, column {}: {error}", error.line(), error.column()))
        });
    }
    yaml::Deserializer::from_str(text).deserialize_any(JsonValue).map_err(|error| {
        let position = error
            .location()
            .map(|location| format!(" at line {}, column {}", location.line(), location.column()))
            .unwrap_or_default();
        Error::file(path, format!("invalid YAML{position}: {error}"))
    })
}

/// Builds JSON straight from YAML events. Scalar mapping keys become strings, so `200:` and `"200":`
/// mean the same response code, as OpenAPI intends; integers beyond 64 bits become floats; tags are
/// dropped for the value they tag.
struct JsonValue;

impl<'de> Visitor<'de> for JsonValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Ok(float(value as f64))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Ok(float(value as f64))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(float(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Seed)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        let mut merged = Vec::new();
        while let Some(key) = map.next_key_seed(Seed)? {
            let key = match key {
                Value::String(key) => key,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(de::Error::custom("a mapping key must be a scalar"));
                }
            };
            let value = map.next_value_seed(Seed)?;
            if key == "<<" {
                merged.push(value);
            } else {
                object.insert(key, value);
            }
        }
        // YAML merge keys (`<<: *base`): the mapping's own keys win over merged ones.
        for base in merged {
            let bases = match base {
                Value::Array(bases) => bases,
                other => vec![other],
            };
            for (key, value) in bases
                .into_iter()
                .filter_map(|base| match base {
                    Value::Object(base) => Some(base),
                    _ => None,
                })
                .flatten()
            {
                object.entry(key).or_insert(value);
            }
        }
        Ok(Value::Object(object))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the value is what counts.
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, Seed)
    }
}

/// [`JsonValue`] for nested values.
struct Seed;

impl<'de> de::DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(JsonValue)
    }
}

/// A float as JSON; YAML's `.inf` and `.nan` have no JSON form and become `null`.
fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_becomes_json_whatever_its_numbers_and_keys() {
        let text = "base: &base {x: 1, y: 2}\nmerged: {<<: *base, y: 3}\n200: {a: 1}\nbig: -9223372036854776000\nhuge: 18446744073709551616\ninf: .inf\ntrue: yes\nnull: ~\nlist: [1, 'x']\n";
        let value = parse(Path::new("spec.yaml"), text).unwrap();
        assert_eq!(value["200"]["a"], 1);
        assert_eq!(value["big"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["huge"].as_f64(), Some(1.8446744073709552e19));
        assert_eq!(value["inf"], Value::Null);
        assert_eq!(value["true"], "yes");
        assert_eq!(value["null"], Value::Null);
        assert_eq!(value["list"], serde_json::json!([1, "x"]));
        assert_eq!(value["merged"], serde_json::json!({"x": 1, "y": 3}));
    }
}
