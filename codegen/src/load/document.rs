//! Parses one YAML or JSON document into a `serde_json::Value`.
//!
//! This is the only module that touches `serde_yaml`, which is deprecated upstream: swapping it for a
//! maintained fork with the same API (such as `serde_yml` or `serde_norway`) is a change to the `use`
//! line below.

use std::path::Path;

use serde_json::{Map, Number, Value};
use serde_yaml as yaml;

use crate::diagnostics::Error;

/// Parses `text`, read from `path`. JSON is parsed as JSON (for its exact error positions); everything
/// else as YAML, which is a superset of JSON.
pub fn parse(path: &Path, text: &str) -> Result<Value, Error> {
    let is_json = path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|error| {
            Error::file(path, format!("invalid JSON at line {}, column {}: {error}", error.line(), error.column()))
        });
    }
    let document: yaml::Value = yaml::from_str(text).map_err(|error| {
        let position = error
            .location()
            .map(|location| format!(" at line {}, column {}", location.line(), location.column()))
            .unwrap_or_default();
        Error::file(path, format!("invalid YAML{position}: {error}"))
    })?;
    to_json(path, document)
}

/// Converts YAML to JSON. Scalar mapping keys become strings, so `200:` and `"200":` mean the same
/// response code, as OpenAPI intends.
fn to_json(path: &Path, value: yaml::Value) -> Result<Value, Error> {
    Ok(match value {
        yaml::Value::Null => Value::Null,
        yaml::Value::Bool(boolean) => Value::Bool(boolean),
        yaml::Value::Number(number) => yaml_number(&number),
        yaml::Value::String(string) => Value::String(string),
        yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(|item| to_json(path, item)).collect::<Result<_, _>>()?)
        }
        yaml::Value::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    yaml::Value::String(key) => key,
                    yaml::Value::Number(number) => number.to_string(),
                    yaml::Value::Bool(boolean) => boolean.to_string(),
                    yaml::Value::Null => "null".to_owned(),
                    other => return Err(Error::file(path, format!("a mapping key must be a scalar, found {other:?}"))),
                };
                object.insert(key, to_json(path, value)?);
            }
            Value::Object(object)
        }
        yaml::Value::Tagged(tagged) => to_json(path, tagged.value)?,
    })
}

fn yaml_number(number: &yaml::Number) -> Value {
    if let Some(integer) = number.as_i64() {
        Value::Number(integer.into())
    } else if let Some(integer) = number.as_u64() {
        Value::Number(integer.into())
    } else {
        number.as_f64().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
    }
}
