use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;

use super::options::RequestOptions;
use super::upload::UploadFile;
use super::Error;

/// Characters that must be escaped in a path segment (RFC 3986 `pchar` complement).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Percent-encodes a path parameter so that it stays one path segment.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// A request to the provider's API, as a generated method describes it.
#[derive(Debug)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) target: Target,
    query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Body,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) authenticated: bool,
    pub(crate) options: RequestOptions,
}

/// Where a request goes.
#[derive(Debug)]
pub(crate) enum Target {
    /// A path below the API's base URL, parameters already encoded.
    Api(String),
    /// A URL the API handed out (a presigned storage URL, say): it gets no credentials.
    External(url::Url),
}

#[derive(Debug)]
pub(crate) enum Body {
    Empty,
    Json(serde_json::Value),
    /// Text of a MIME type (a form, plain text).
    Text {
        text: String,
        mime_type: String,
    },
    Multipart(Multipart),
    /// A file as the whole body, with its exact length and MIME type.
    Raw(UploadFile),
}

impl ApiRequest {
    /// A request to `path` (below the base URL, parameters already encoded), with the caller's options.
    pub fn new(method: Method, path: String, options: RequestOptions) -> Self {
        Self::with_target(method, Target::Api(path), true, options)
    }

    /// A request to a URL outside the API, such as a presigned storage URL: it carries no credentials
    /// and none of the client's default headers, only the User-Agent.
    pub fn external(method: Method, url: &str, options: RequestOptions) -> Result<Self, Error> {
        let url = url::Url::parse(url)
            .map_err(|error| Error::InvalidRequest { message: format!("not a valid URL: {error}") })?;
        Ok(Self::with_target(method, Target::External(url), false, options))
    }

    fn with_target(method: Method, target: Target, authenticated: bool, options: RequestOptions) -> Self {
        Self {
            method,
            target,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            cookies: Vec::new(),
            authenticated,
            options,
        }
    }

    /// Where the request goes, for logs: the API path, or an external URL's host and path without
    /// its query, which may hold a signature.
    pub(crate) fn path(&self) -> String {
        match &self.target {
            Target::Api(path) => path.clone(),
            Target::External(url) => format!("{}://{}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path()),
        }
    }

    /// Sends `file` as the whole body, with its exact length and MIME type.
    pub fn raw_body(&mut self, file: UploadFile) {
        self.body = Body::Raw(file);
    }

    /// Whether every attempt can send the same body, so that the request may be retried.
    pub(crate) fn is_replayable(&self) -> bool {
        match &self.body {
            Body::Empty | Body::Json(_) | Body::Text { .. } => true,
            Body::Multipart(form) => form.is_replayable(),
            Body::Raw(file) => file.is_replayable(),
        }
    }

    /// Adds a query parameter; call it once per value for repeated (`form`, exploded) arrays.
    pub fn query(&mut self, name: &str, value: impl Into<String>) {
        self.query.push((name.to_owned(), value.into()));
    }

    pub fn header(&mut self, name: &'static str, value: &str) -> Result<(), Error> {
        let value = HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
            message: format!("the value of header `{name}` contains characters not allowed in a header"),
        })?;
        self.headers.push((HeaderName::from_static(name), value));
        Ok(())
    }

    /// Sets a body of `application/x-www-form-urlencoded` fields from an object: arrays repeat their
    /// key, objects are sent as JSON text, absent fields are left out.
    pub fn form(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|error| Error::InvalidRequest {
            message: format!("the request body cannot be serialized: {error}"),
        })?;
        let serde_json::Value::Object(fields) = value else {
            return Err(Error::InvalidRequest { message: "a form body must be an object".to_owned() });
        };
        let mut encoded = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            let values = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for value in values {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(text) => {
                        encoded.append_pair(&name, &text);
                    }
                    other => {
                        encoded.append_pair(&name, &other.to_string());
                    }
                }
            }
        }
        self.body = Body::Text { text: encoded.finish(), mime_type: "application/x-www-form-urlencoded".to_owned() };
        Ok(())
    }

    /// Sets a text body of the given MIME type.
    pub fn text_body(&mut self, text: impl Into<String>, mime_type: &str) {
        self.body = Body::Text { text: text.into(), mime_type: mime_type.to_owned() };
    }

    /// Adds a cookie; all of a request's cookies go in one `Cookie` header.
    pub fn cookie(&mut self, name: &str, value: impl Into<String>) {
        self.cookies.push((name.to_owned(), value.into()));
    }

    /// Adds an object as `name[key]=value` query parameters (OpenAPI's `deepObject` style).
    pub fn query_deep_object(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(value)
            .map_err(|error| Error::InvalidRequest { message: format!("`{name}` cannot be serialized: {error}") })?;
        let serde_json::Value::Object(fields) = value else {
            return Err(Error::InvalidRequest {
                message: format!("`{name}` must be an object to be sent as a deep object"),
            });
        };
        for (key, value) in fields {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => self.query(&format!("{name}[{key}]"), text),
                other => self.query(&format!("{name}[{key}]"), other.to_string()),
            }
        }
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json(&mut self, body: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(body).map_err(|error| Error::InvalidRequest {
            message: format!("the request body cannot be serialized: {error}"),
        })?;
        self.body = Body::Json(value);
        Ok(())
    }

    pub fn multipart(&mut self, form: Multipart) {
        self.body = Body::Multipart(form);
    }

    /// Sends no credentials with this request (for operations the spec marks public).
    pub fn unauthenticated(&mut self) {
        self.authenticated = false;
    }

    pub(crate) fn url(&self, base_url: &str) -> Result<url::Url, Error> {
        let mut url = match &self.target {
            Target::Api(path) => url::Url::parse(&format!("{base_url}{path}")).map_err(|error| Error::Config {
                message: format!("cannot build a URL from `{base_url}` and `{path}`: {error}"),
            })?,
            Target::External(url) => url.clone(),
        };
        if !self.query.is_empty() || !self.options.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query).extend_pairs(&self.options.query);
        }
        Ok(url)
    }

    /// Merges the options' extra body fields into the body, once, before the first attempt.
    pub(crate) fn merge_body_fields(&mut self) -> Result<(), Error> {
        let fields = std::mem::take(&mut self.options.body_fields);
        if fields.is_empty() {
            return Ok(());
        }
        match &mut self.body {
            Body::Json(serde_json::Value::Object(object)) => object.extend(fields),
            Body::Json(_) => {
                return Err(Error::InvalidRequest { message: "extra body fields need a JSON object body".to_owned() })
            }
            Body::Empty => self.body = Body::Json(serde_json::Value::Object(fields)),
            Body::Raw(_) | Body::Text { .. } => {
                return Err(Error::InvalidRequest {
                    message: "extra body fields go only in JSON and multipart bodies".to_owned(),
                })
            }
            Body::Multipart(form) => {
                for (name, value) in fields {
                    match value {
                        serde_json::Value::String(text) => form.text(&name, text),
                        other => form.text(&name, other.to_string()),
                    }
                }
            }
        }
        Ok(())
    }
}

/// A `multipart/form-data` body. Files are opened only when the request is sent.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    File(UploadFile),
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(&mut self, name: &str, value: impl Into<String>) {
        self.parts.push((name.to_owned(), Part::Text(value.into())));
    }

    /// Adds a part holding `value` as JSON, for object-valued fields.
    pub fn json(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(|error| Error::InvalidRequest {
            message: format!("field `{name}` cannot be serialized: {error}"),
        })?;
        self.text(name, text);
        Ok(())
    }

    pub fn file(&mut self, name: &str, file: UploadFile) {
        self.parts.push((name.to_owned(), Part::File(file)));
    }

    fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, part)| match part {
            Part::Text(_) => true,
            Part::File(file) => file.is_replayable(),
        })
    }

    /// A fresh form for one attempt: files from paths are opened again and read from their start.
    pub(crate) async fn to_form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            form = match part {
                Part::Text(text) => form.text(name.clone(), text.clone()),
                Part::File(file) => form.part(name.clone(), file.to_part(name).await?),
            };
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_path_segment("file_01"), "file_01");
        assert_eq!(encode_path_segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }
}
