//! Request bodies: JSON, form and multipart bodies filled in field by field, whole JSON, text and
//! file bodies; how each becomes the bytes of one attempt.

use serde_json::{Map, Value};

use super::upload::UploadFile;
use super::Error;

/// A request's body, as its builder fills it in.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    /// An object built field by field: sent as JSON, or as `application/x-www-form-urlencoded`.
    Fields {
        fields: Map<String, Value>,
        form: bool,
    },
    /// Any JSON value, set whole.
    Json(Value),
    /// Text of a MIME type.
    Text {
        text: String,
        mime_type: String,
    },
    Multipart(Multipart),
    /// A file as the whole body, with its exact length and MIME type.
    /// A file's bytes, with the media type the operation declares for them, if it names one.
    Raw(UploadFile, Option<&'static str>),
}

impl Body {
    /// Sets field `name`: a JSON or form field, or a multipart text part. A body that is not an
    /// object yet becomes a JSON object.
    pub(crate) fn set_field(&mut self, name: &str, value: Value) {
        match self {
            Body::Fields { fields, .. } => {
                fields.insert(name.to_owned(), value);
            }
            Body::Multipart(form) => form.set_value(name, value),
            Body::Json(Value::Object(object)) => {
                object.insert(name.to_owned(), value);
            }
            _ => *self = Body::Fields { fields: Map::from_iter([(name.to_owned(), value)]), form: false },
        }
    }

    /// Sets the whole body from a value: a JSON body takes it as it is; a form or multipart body
    /// takes the fields of an object.
    pub(crate) fn set_whole(&mut self, value: Value) -> Result<(), String> {
        match (self, value) {
            (Body::Fields { fields, form: true }, Value::Object(object)) => *fields = object,
            (Body::Multipart(form), Value::Object(object)) => {
                form.parts.clear();
                for (name, value) in object {
                    form.set_value(&name, value);
                }
            }
            (Body::Fields { form: true, .. } | Body::Multipart(_), _) => {
                return Err("a form or multipart body must be an object".to_owned())
            }
            (body, value) => *body = Body::Json(value),
        }
        Ok(())
    }

    /// Whether every attempt can send the same body, so that the request may be retried.
    pub(crate) fn is_replayable(&self) -> bool {
        match self {
            Body::Multipart(form) => form.is_replayable(),
            Body::Raw(file, _) => file.is_replayable(),
            Body::Empty | Body::Fields { .. } | Body::Json(_) | Body::Text { .. } => true,
        }
    }

    /// Names of the fields set, without their values (which may be secrets), for `Debug`.
    pub(crate) fn field_names(&self) -> Vec<&str> {
        match self {
            Body::Fields { fields, .. } | Body::Json(Value::Object(fields)) => {
                fields.keys().map(String::as_str).collect()
            }
            Body::Multipart(form) => form.parts.iter().map(|(name, _)| name.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// Adds the per-request options' extra fields, once, before the first attempt.
    pub(crate) fn merge_extra_fields(&mut self, extra: Map<String, Value>) -> Result<(), Error> {
        if extra.is_empty() {
            return Ok(());
        }
        match self {
            Body::Json(value) if !value.is_object() => {
                Err(Error::InvalidRequest { message: "extra body fields need a JSON object body".to_owned() })
            }
            Body::Raw(..) | Body::Text { .. } => Err(Error::InvalidRequest {
                message: "extra body fields go only in JSON, form and multipart bodies".to_owned(),
            }),
            _ => {
                for (name, value) in extra {
                    self.set_field(&name, value);
                }
                Ok(())
            }
        }
    }

    /// The body as `application/x-www-form-urlencoded` text: arrays repeat their key, objects are
    /// JSON text, nulls are left out.
    pub(crate) fn form_text(fields: &Map<String, Value>) -> String {
        let mut encoded = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            let values = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for value in values {
                match value {
                    Value::Null => {}
                    Value::String(text) => {
                        encoded.append_pair(name, text);
                    }
                    other => {
                        encoded.append_pair(name, &other.to_string());
                    }
                }
            }
        }
        encoded.finish()
    }
}

/// A `multipart/form-data` body. Files are opened only when the request is sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Multipart {
    parts: Vec<(String, Part)>,
    /// Whether the spec requires the body: with no part set, it is then a message of no parts
    /// rather than no body at all.
    required: bool,
}

/// A multipart message of no parts: its closing delimiter alone. With nothing inside, any
/// boundary is one that nothing inside contains.
const EMPTY_MESSAGE: &str = "--no-parts--\r\n";
const EMPTY_MESSAGE_TYPE: &str = "multipart/form-data; boundary=no-parts";

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    /// An object (or an array inside an array), as JSON text labelled `application/json`: what
    /// OpenAPI says a multipart object is unless its `encoding` says otherwise.
    Json(String),
    File(UploadFile),
}

impl Multipart {
    /// A body the spec requires (see [`Multipart::required`]).
    pub(crate) fn required() -> Self {
        Self { parts: Vec::new(), required: true }
    }

    /// Replaces the parts named `name` with one part: strings as they are (`text/plain`),
    /// numbers and booleans as their JSON text, objects as JSON parts; an array is one part per
    /// item, as form parsers (and validating servers) read a repeated name; `null` removes the
    /// part.
    pub(crate) fn set_value(&mut self, name: &str, value: Value) {
        self.parts.retain(|(existing, _)| existing != name);
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let part = match item {
                Value::Null => continue,
                Value::String(text) => Part::Text(text),
                Value::Object(_) | Value::Array(_) => Part::Json(item.to_string()),
                scalar => Part::Text(scalar.to_string()),
            };
            self.parts.push((name.to_owned(), part));
        }
    }

    /// Replaces the parts named `name` with one file part per file.
    pub(crate) fn set_files(&mut self, name: &str, files: Vec<UploadFile>) {
        self.parts.retain(|(existing, _)| existing != name);
        self.parts.extend(files.into_iter().map(|file| (name.to_owned(), Part::File(file))));
    }

    pub(crate) fn add_text(&mut self, name: &str, text: String) {
        self.parts.push((name.to_owned(), Part::Text(text)));
    }

    fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, part)| match part {
            Part::Text(_) | Part::Json(_) => true,
            Part::File(file) => file.is_replayable(),
        })
    }

    /// What an attempt sends when no part is set: for a required body, a message of no parts (its
    /// closing delimiter alone) and its content type, since `reqwest` sends an empty form as no
    /// bytes at all; for an optional one, no body (`None`).
    pub(crate) fn empty_message(&self) -> Option<(&'static str, &'static str)> {
        self.required.then_some((EMPTY_MESSAGE, EMPTY_MESSAGE_TYPE))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// A fresh form for one attempt: files from paths are opened again and read from their start.
    pub(crate) async fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            form = match part {
                Part::Text(text) => form.text(name.clone(), text.clone()),
                Part::Json(json) => form.part(name.clone(), json_part(json)?),
                Part::File(file) => form.part(name.clone(), file.to_part(name).await?),
            };
        }
        Ok(form)
    }
}

fn json_part(json: &str) -> Result<reqwest::multipart::Part, Error> {
    reqwest::multipart::Part::text(json.to_owned())
        .mime_str("application/json")
        .map_err(|error| Error::InvalidRequest { message: format!("a JSON part cannot be labelled: {error}") })
}
