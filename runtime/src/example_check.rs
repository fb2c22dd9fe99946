//! Checks that a JSON sample of a response (the spec's example, a recorded answer) reads as the
//! typed value exactly: nothing lands in `Unknown`, no property the schema declares lands in an
//! object's `extra` map (a wrong wire name or a wrong variant would put it there), and written
//! back, the value says what the sample said.
//!
//! Reading is liberal by design (see [`UnknownValue`](super::UnknownValue)), so a decode that
//! succeeds proves little: a wrong wire name or a wrong variant still decodes. While a check writes
//! the value back, the runtime labels what it read liberally (see [`marking`]), and the check reads
//! the labels out of the written JSON, each with its place.

use std::cell::Cell;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The key of the object an unknown value is written as while marking.
const UNKNOWN: &str = "\u{0}unknown";
/// The prefix of an undeclared property's key while marking: then its owner's name, `\0`, the key.
const UNDECLARED: &str = "\u{0}undeclared\u{0}";

thread_local! {
    static MARKING: Cell<bool> = const { Cell::new(false) };
}

/// Whether values are being written for a check on this thread, with what was read liberally
/// labelled.
pub(crate) fn marking() -> bool {
    MARKING.with(Cell::get)
}

/// An unknown value, labelled.
pub(crate) fn mark_unknown<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(UNKNOWN, value)?;
    map.end()
}

/// The key of a property `owner` does not declare, labelled.
pub(crate) fn mark_undeclared(owner: &str, key: &str) -> String {
    format!("{UNDECLARED}{owner}\u{0}{key}")
}

/// Why a sample does not read as its type exactly, each reason with its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleMismatch {
    /// What was found, one line each (`/items/0/status: ...`).
    pub problems: Vec<String>,
}

impl fmt::Display for ExampleMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the sample does not read as its type exactly:")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExampleMismatch {}

/// Reads `sample` (JSON text) as a `T`, and checks that it read exactly: no value is `Unknown`, no
/// property was kept aside as undeclared but those at `undeclared` (JSON pointers into the sample:
/// where it has properties its schema declares nowhere), and the value written back is the sample,
/// up to what JSON leaves open (key order, `1.0` for `1`, a date-time's spelling, `null` for a
/// property left out, constants and `null`s the type writes out).
pub fn check_example<T: DeserializeOwned + Serialize>(sample: &str, undeclared: &[&str]) -> Result<T, ExampleMismatch> {
    let fail = |problem: String| ExampleMismatch { problems: vec![problem] };
    let original: Value = serde_json::from_str(sample).map_err(|error| fail(format!("not JSON: {error}")))?;
    let value: T = serde_path_to_error::deserialize(&original)
        .map_err(|error| fail(format!("{}: {}", pointer_of(error.path()), error.inner())))?;
    let written = {
        let _marking = Marking::start();
        serde_json::to_value(&value).map_err(|error| fail(format!("cannot be written back: {error}")))?
    };
    let mut problems = Vec::new();
    let read = unmark(written, "", undeclared, &mut problems);
    compare(&original, &read, "", &mut problems);
    problems.sort();
    match problems.is_empty() {
        true => Ok(value),
        false => Err(ExampleMismatch { problems }),
    }
}

/// The JSON pointer of a place serde names (`/` for the whole value).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let pointer: String = path
        .iter()
        .map(|segment| match segment {
            Segment::Seq { index } => format!("/{index}"),
            Segment::Map { key } | Segment::Enum { variant: key } => format!("/{key}"),
            Segment::Unknown => "/?".to_owned(),
        })
        .collect();
    if pointer.is_empty() {
        "/".to_owned()
    } else {
        pointer
    }
}

/// Marking on this thread until dropped, even if writing panics.
struct Marking;

impl Marking {
    fn start() -> Self {
        MARKING.with(|marking| marking.set(true));
        Marking
    }
}

impl Drop for Marking {
    fn drop(&mut self) {
        MARKING.with(|marking| marking.set(false));
    }
}

/// `written` without its labels, each label that is a problem told in `problems`.
fn unmark(written: Value, pointer: &str, undeclared: &[&str], problems: &mut Vec<String>) -> Value {
    match written {
        Value::Object(mut object) if object.len() == 1 && object.contains_key(UNKNOWN) => {
            let value = object.remove(UNKNOWN).unwrap_or(Value::Null);
            problems.push(format!("{pointer}: {value} is read as an unknown value"));
            unmark(value, pointer, undeclared, problems)
        }
        Value::Object(object) => {
            let mut unmarked = Map::new();
            for (key, value) in object {
                let (key, owner) = match key.strip_prefix(UNDECLARED).and_then(|rest| rest.split_once('\u{0}')) {
                    Some((owner, key)) => (key.to_owned(), Some(owner.to_owned())),
                    None => (key, None),
                };
                let at = child(pointer, &key);
                if let Some(owner) = owner.filter(|_| !undeclared.contains(&at.as_str())) {
                    problems.push(format!("{at}: the schema declares it, but it is read as undeclared in `{owner}`"));
                }
                unmarked.insert(key, unmark(value, &at, undeclared, problems));
            }
            Value::Object(unmarked)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| unmark(item, &format!("{pointer}/{index}"), undeclared, problems))
                .collect(),
        ),
        other => other,
    }
}

/// Tells in `problems` where `read` says something other than `original`.
fn compare(original: &Value, read: &Value, pointer: &str, problems: &mut Vec<String>) {
    match (original, read) {
        (Value::Object(original), Value::Object(read)) => {
            for (key, value) in original {
                let at = child(pointer, key);
                match read.get(key) {
                    Some(read) => compare(value, read, &at, problems),
                    None if value.is_null() => {}
                    None => problems.push(format!("{at}: {value} is lost")),
                }
            }
        }
        (Value::Array(original), Value::Array(read)) if original.len() == read.len() => {
            for (index, (original, read)) in original.iter().zip(read).enumerate() {
                compare(original, read, &format!("{pointer}/{index}"), problems);
            }
        }
        (Value::Number(original), Value::Number(read)) if same_number(original, read) => {}
        (Value::String(original), Value::String(read)) if same_text(original, read) => {}
        _ if original == read => {}
        _ => problems.push(format!("{pointer}: the sample has {original}, the value written back {read}")),
    }
}

/// The pointer to `key` of the object at `pointer`.
fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

fn same_number(original: &serde_json::Number, read: &serde_json::Number) -> bool {
    match (original.as_i64(), read.as_i64()) {
        (Some(original), Some(read)) => original == read,
        _ => original.as_f64() == read.as_f64(),
    }
}

/// The same text, or the same instant spelled another way (`Z` or `+00:00`, with or without a
/// fraction of zeros).
fn same_text(original: &str, read: &str) -> bool {
    use chrono::DateTime;
    original == read
        || matches!(
            (DateTime::parse_from_rfc3339(original), DateTime::parse_from_rfc3339(read)),
            (Ok(original), Ok(read)) if original == read
        )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use self::types::Sample;
    use super::*;

    #[allow(unreachable_pub, reason = "the macros declare public types, as in generated code")]
    #[allow(dead_code, reason = "the tests read samples and never make one")]
    mod types {
        super::super::super::objects::object! {
            /// A file, for the tests.
            pub struct Sample {
                required {
                    id: String = "id",
                    size: f64 = "size",
                }
                optional {
                    state: SampleState = "state",
                    created_at: chrono::DateTime<chrono::Utc> = "created_at",
                }
                unknown: extra,
            }
        }

        super::super::super::enums::string_enum! {
            /// A state, for the tests.
            pub enum SampleState {
                Ready = "ready",
            }
        }
    }

    #[test]
    fn a_sample_that_reads_exactly_passes_up_to_json_spelling() {
        let sample = r#"{"id": "f1", "size": 3.0, "state": "ready", "created_at": "2026-12-06T01:00:00.000Z"}"#;
        let value = check_example::<Sample>(sample, &[]).unwrap();
        assert_eq!(value.size, 3.0);
        assert!(!marking());
    }

    #[test]
    fn unknown_values_and_declared_properties_read_as_undeclared_are_problems_with_their_place() {
        let sample = r#"{"id": "f1", "size": 1, "state": "frozen", "a/b": "red"}"#;
        let error = check_example::<Sample>(sample, &[]).unwrap_err();
        assert_eq!(
            error.problems,
            [
                "/a~1b: the schema declares it, but it is read as undeclared in `Sample`",
                "/state: \"frozen\" is read as an unknown value"
            ]
        );
        // A property the schema declares nowhere may be kept aside.
        let error = check_example::<Sample>(sample, &["/a~1b"]).unwrap_err();
        assert_eq!(error.problems, ["/state: \"frozen\" is read as an unknown value"]);
    }

    #[test]
    fn a_value_that_does_not_read_or_reads_lossily_is_a_problem() {
        let error = check_example::<Sample>(r#"{"id": "f1"}"#, &[]).unwrap_err();
        assert_eq!(error.problems, ["/: missing field `size`"]);
        let error = check_example::<BTreeMap<String, i32>>(r#"{"a": 1.5}"#, &[]).unwrap_err();
        assert_eq!(error.problems.len(), 1, "{error}");
        let error = check_example::<Vec<u8>>("[1, 2, 300]", &[]).unwrap_err();
        assert!(error.problems[0].starts_with("/2: "), "{error}");
        let error = check_example::<Option<String>>(r#""a""#, &[]).map(|value| value.unwrap());
        assert_eq!(error, Ok("a".to_owned()));
    }
}
