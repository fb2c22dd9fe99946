//! Request bodies: JSON, form and multipart bodies filled in field by field, whole JSON, text and
//! file bodies; how each becomes the bytes of one attempt.

use serde_json::{Map, Value};

use super::error::Error;
use super::multipart::Multipart;
use super::upload::UploadFile;
use super::wire::{self, Style};

/// A property of a form body written otherwise than `form`, exploded: its wire name, style and
/// `explode`.
pub(crate) type FormStyle = (&'static str, Style, bool);

/// A request's body, as its builder fills it in.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    /// An object built field by field: sent as JSON, or as `application/x-www-form-urlencoded`
    /// (`form`, with the fields whose encoding is not the default).
    Fields {
        fields: Map<String, Value>,
        form: Option<&'static [FormStyle]>,
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
            _ => *self = Body::Fields { fields: Map::from_iter([(name.to_owned(), value)]), form: None },
        }
    }

    /// Sets the whole body from a value: a JSON body takes it as it is; a form or multipart body
    /// takes the fields of an object.
    pub(crate) fn set_whole(&mut self, value: Value) -> Result<(), String> {
        match (self, value) {
            (Body::Fields { fields, form: Some(_) }, Value::Object(object)) => *fields = object,
            (Body::Multipart(form), Value::Object(object)) => form.set_all(object),
            (Body::Fields { form: Some(_), .. } | Body::Multipart(_), _) => {
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
            Body::Multipart(form) => form.names(),
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

    /// The body as `application/x-www-form-urlencoded` text: each field by its encoding's style,
    /// OpenAPI's default being `form`, exploded (arrays repeat their key, objects are a pair per
    /// property); nulls are left out.
    pub(crate) fn form_text(fields: &Map<String, Value>, styles: &[FormStyle]) -> String {
        let mut encoded = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields.iter().filter(|(_, value)| !value.is_null()) {
            let (style, explode) = styles
                .iter()
                .find(|(styled, _, _)| styled == name)
                .map_or((Style::Form, true), |(_, style, explode)| (*style, *explode));
            encoded.extend_pairs(wire::query_pairs(name, value, style, explode));
        }
        encoded.finish()
    }
}
