//! What a request holds before it is sent, untyped: its method, where it goes, the values set by
//! wire name and what still keeps it from being sent. The transport sends it; the typed
//! [`Request`](super::request::Request) builder of every generated method writes into it.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::body::Body;
use super::call::Operation;
use super::error::Error;
use super::multipart::Multipart;
use super::options::RequestOptions;
use super::upload::UploadFile;
use super::wire::{self, Style};

/// What makes a value unsendable. Setting a value again replaces the verdict of each concern it
/// is checked for, and only that one: a header that breaks a `maxLength` stays invalid although
/// its text is a valid header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Concern {
    /// The spec's constraints (lengths, ranges, patterns...).
    Constraint,
    /// The value as JSON (objects in a query, a header or a path).
    Serialization,
    /// Characters a header value cannot hold.
    HeaderText,
    /// The route and the method's constants, fixed when the request is made.
    Route,
}

/// A value a request needs before it can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Query(&'static str),
    Header(&'static str),
    Cookie(&'static str),
    /// A field of an object or multipart body.
    Field(&'static str),
    /// The whole body.
    Body,
}

impl Slot {
    fn name(self) -> &'static str {
        match self {
            Slot::Query(name) | Slot::Header(name) | Slot::Cookie(name) | Slot::Field(name) => name,
            Slot::Body => "body",
        }
    }
}

/// Where paging writes the next page's cursor, offset or page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParam {
    pub name: &'static str,
    /// In the query string, else a field of the JSON body.
    pub in_query: bool,
}

/// How a list request moves to its next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// The page names the value (a cursor, the last id, an offset) `param` takes next.
    Value(PageParam),
    /// `param` counts pages from `first`.
    PageNumber { param: PageParam, first: i64 },
    /// The response's `Link` header names the next page's URL.
    Link,
}

impl Paging {
    /// The value paging rewrites, if it rewrites one.
    pub(crate) fn param(self) -> Option<PageParam> {
        match self {
            Paging::Value(param) | Paging::PageNumber { param, .. } => Some(param),
            Paging::Link => None,
        }
    }
}

/// Where a request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A path below the API's base URL, parameters already encoded.
    Api(String),
    /// A URL the API handed out (a presigned storage URL, say): it gets no credentials.
    External(url::Url),
    /// The next page of a list as the API linked it, on the API's origin (checked when followed):
    /// sent as given, with the API's credentials and headers.
    Next(url::Url),
}

/// `path` (encoded) below the base URL's path. The base URL was parsed once, when the client was
/// built: a request copies it rather than parsing its host again. A query in the spec's path
/// (`/search?type=all`) stays a query, as it would in a URL parsed whole; a fragment is never sent.
fn api_url(base_url: &url::Url, path: &str) -> url::Url {
    let path = path.split_once('#').map_or(path, |(path, _)| path);
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let mut url = base_url.clone();
    url.set_path(&format!("{}{path}", base_url.path().trim_end_matches('/')));
    url.set_query(query);
    url
}

/// Where a request goes, as logs show it (see [`ApiRequest::route`]).
pub(crate) struct Route<'a>(&'a Target);

impl fmt::Display for Route<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Target::Api(path) => f.write_str(path),
            Target::External(url) => {
                write!(f, "{}://{}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path())
            }
            Target::Next(url) => f.write_str(url.path()),
        }
    }
}

/// A request's method, target and values, untyped: what the transport sends.
#[derive(Clone)]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) accept: &'static str,
    /// The operation this request calls; `None` for a URL the API handed out.
    pub(crate) operation: Option<&'static Operation>,
    /// Overrides the provider's security (see [`Request::security`]).
    pub(crate) security: Option<&'static [&'static [usize]]>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) cookies: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    pub(crate) options: RequestOptions,
    /// Required values not set yet.
    pub(crate) missing: Vec<Slot>,
    /// Values that cannot be sent, by name, with why.
    pub(crate) invalid: Vec<(Concern, &'static str, String)>,
    pub(crate) paging: Option<Paging>,
}

/// Names only: values may be credentials or personal data.
impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match &self.target {
            Target::Api(path) => path.clone(),
            Target::External(url) | Target::Next(url) => url.path().to_owned(),
        };
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &target)
            .field("query", &query)
            .field("headers", &headers)
            .field("body_fields", &self.body.field_names())
            .finish_non_exhaustive()
    }
}

impl ApiRequest {
    pub(crate) fn new(method: Method, target: Target) -> Self {
        Self {
            method,
            target,
            accept: "application/json",
            operation: None,
            security: None,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            options: RequestOptions::default(),
            missing: Vec::new(),
            invalid: Vec::new(),
            paging: None,
        }
    }

    /// A request to a URL outside the API, such as a presigned storage URL: it carries no credentials
    /// and none of the client's default headers, only the User-Agent.
    pub(crate) fn external(method: Method, url: &str, options: RequestOptions) -> Result<Self, Error> {
        let url = url::Url::parse(url)
            .map_err(|error| Error::InvalidRequest { message: format!("not a valid URL: {error}") })?;
        let mut request = Self::new(method, Target::External(url));
        request.accept = "*/*";
        request.security = Some(&[]);
        request.options = options;
        Ok(request)
    }

    fn set(&mut self, slot: Slot) {
        self.missing.retain(|missing| *missing != slot);
    }

    /// Records the outcome of checking the value named `name` against the spec's constraints,
    /// replacing an earlier one.
    pub fn check(&mut self, name: &'static str, outcome: Result<(), String>) {
        self.record(Concern::Constraint, name, outcome);
    }

    fn record(&mut self, concern: Concern, name: &'static str, outcome: Result<(), String>) {
        self.invalid.retain(|(existing_concern, existing, _)| (*existing_concern, *existing) != (concern, name));
        if let Err(message) = outcome {
            self.invalid.push((concern, name, message));
        }
    }

    /// `value` as the JSON a request sends (see [`wire::to_json`]); a value that has none makes
    /// the request invalid, and `None` is returned.
    fn wire_value(&mut self, name: &'static str, value: &impl Serialize) -> Option<Value> {
        let value = wire::to_json(value);
        let outcome = value.as_ref().map(|_| ()).map_err(|error| format!("`{name}` cannot be serialized: {error}"));
        self.record(Concern::Serialization, name, outcome);
        value.ok()
    }

    /// Sets query parameter `name`, replacing any value it had.
    pub fn query(&mut self, name: &'static str, value: impl Into<String>) {
        self.query_each(name, [value.into()]);
    }

    /// Sets query parameter `name` to several values, repeating the key (`name=a&name=b`).
    pub fn query_each(&mut self, name: &'static str, values: impl IntoIterator<Item = String>) {
        self.set(Slot::Query(name));
        self.query.retain(|(existing, _)| existing != name);
        self.query.extend(values.into_iter().map(|value| (name.to_owned(), value)));
    }

    /// Sets query parameter `name` to a value of any type, written by `style` (with `explode`):
    /// arrays, objects, unions and numbers in their text form, never as JSON text.
    pub fn query_value(&mut self, name: &'static str, value: &impl Serialize, style: Style, explode: bool) {
        self.set(Slot::Query(name));
        let prefix = format!("{name}[");
        self.query.retain(|(existing, _)| existing != name && !existing.starts_with(&prefix));
        if let Some(value) = self.wire_value(name, value) {
            self.query.extend(wire::query_pairs(name, &value, style, explode));
        }
    }

    /// Sets header `name` (a valid, lowercase header name), replacing any value it had.
    pub fn header(&mut self, name: &'static str, value: impl Into<String>) {
        self.set(Slot::Header(name));
        let value = value.into();
        let header = HeaderName::from_bytes(name.as_bytes()).ok().zip(HeaderValue::from_str(&value).ok());
        let outcome = header.as_ref().map(|_| ()).ok_or_else(|| format!("`{name}` holds characters a header cannot"));
        self.record(Concern::HeaderText, name, outcome);
        if let Some((name, value)) = header {
            self.headers.retain(|(existing, _)| *existing != name);
            self.headers.push((name, value));
        }
    }

    /// Sets cookie `name`; all of a request's cookies go in one `Cookie` header.
    pub fn cookie(&mut self, name: &'static str, value: impl Into<String>) {
        self.set(Slot::Cookie(name));
        self.cookies.retain(|(existing, _)| *existing != name);
        self.cookies.push((name, value.into()));
    }

    /// Sets header `name` to a value of any type, in its `simple` (or JSON) text form.
    pub fn header_value(&mut self, name: &'static str, value: &impl Serialize, style: Style, explode: bool) {
        let text =
            self.wire_value(name, value).map(|value| wire::path_text(name, &value, style, explode, str::to_owned));
        self.header(name, text.unwrap_or_default());
    }

    /// Sets cookie `name` to a value of any type, in its `form` (or JSON) text form.
    pub fn cookie_value(&mut self, name: &'static str, value: &impl Serialize, style: Style) {
        let text = self.wire_value(name, value).map(|value| wire::cookie_text(&value, style));
        self.cookie(name, text.unwrap_or_default());
    }

    /// Sets body field `name`: a JSON or form field, or a multipart text part.
    pub fn field(&mut self, name: &'static str, value: &impl Serialize) {
        self.set(Slot::Field(name));
        match wire::to_json(value) {
            Ok(value) => self.body.set_field(name, value),
            Err(error) => self.check(name, Err(format!("`{name}` cannot be serialized: {error}"))),
        }
    }

    /// Sets multipart field `name` to one file.
    pub fn file(&mut self, name: &'static str, file: UploadFile) {
        self.files(name, vec![file]);
    }

    /// Sets multipart field `name` to several files, one part each.
    pub fn files(&mut self, name: &'static str, files: Vec<UploadFile>) {
        self.set(Slot::Field(name));
        if let Body::Multipart(form) = &mut self.body {
            form.set_files(name, files);
        } else {
            let mut form = Multipart::default();
            form.set_files(name, files);
            self.body = Body::Multipart(form);
        }
    }

    /// Sets the whole body: a JSON value, or the fields of a form or multipart body.
    pub fn body(&mut self, value: &impl Serialize) {
        self.set(Slot::Body);
        let outcome = wire::to_json(value)
            .map_err(|error| format!("the body cannot be serialized: {error}"))
            .and_then(|value| self.body.set_whole(value));
        self.check("body", outcome);
    }

    /// Sends `file` as the whole body, with its exact length, as `media_type` (what the operation
    /// declares, when it names one type) unless the file was given a MIME type of its own.
    pub fn raw_body(&mut self, file: UploadFile, media_type: Option<&'static str>) {
        self.set(Slot::Body);
        self.body = Body::Raw(file, media_type);
    }

    /// Sets a text body of the given MIME type.
    pub fn text_body(&mut self, text: impl Into<String>, mime_type: &str) {
        self.set(Slot::Body);
        self.body = Body::Text { text: text.into(), mime_type: mime_type.to_owned() };
    }

    /// Per-request options; they replace any set before.
    pub fn options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// Fails, naming what to fix, if a required value is missing or a value cannot be sent.
    pub(crate) fn ready(&self) -> Result<(), Error> {
        if let Some(slot) = self.missing.first() {
            return Err(Error::missing_parameter(slot.name()));
        }
        match self.invalid.first() {
            Some((_, _, message)) => Err(Error::InvalidRequest { message: message.clone() }),
            None => Ok(()),
        }
    }

    /// The operation this request calls, or `None` for a URL the API handed out (a download or
    /// presigned URL), which belongs to no operation of the API.
    pub(crate) fn api_operation(&self) -> Option<&'static Operation> {
        match self.target {
            Target::Api(_) | Target::Next(_) => self.operation,
            Target::External(_) => None,
        }
    }

    /// Where the request goes, for logs: the API path, or an external URL's host and path without
    /// its query, which may hold a signature. Written only when a log is.
    pub(crate) fn route(&self) -> Route<'_> {
        Route(&self.target)
    }

    /// The current value of a query parameter or body field, for paging.
    pub(crate) fn value_of(&self, param: PageParam) -> Option<String> {
        if param.in_query {
            return self.query.iter().find(|(name, _)| name == param.name).map(|(_, value)| value.clone());
        }
        match &self.body {
            Body::Fields { fields, .. } => fields.get(param.name).map(|value| match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            }),
            _ => None,
        }
    }

    /// Sets the query parameter or JSON body field paging moves forward: a cursor as a string, an
    /// offset as a number.
    pub(crate) fn set_page(&mut self, param: PageParam, value: Value) {
        if param.in_query {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            self.query(param.name, text);
        } else {
            self.body.set_field(param.name, value);
        }
    }

    pub(crate) fn is_replayable(&self) -> bool {
        self.body.is_replayable()
    }

    pub(crate) fn url(&self, base_url: &url::Url) -> url::Url {
        let mut url = match &self.target {
            Target::Api(path) => api_url(base_url, path),
            Target::External(url) | Target::Next(url) => url.clone(),
        };
        // Per-call query parameters go to the API only: a presigned URL's query is signed, and a
        // next page's link carries the query it needs.
        let extra = match self.target {
            Target::Api(_) => &self.options.query[..],
            Target::External(_) | Target::Next(_) => &[],
        };
        if !self.query.is_empty() || !extra.is_empty() {
            // Sorted by name, so that the URL does not depend on the order setters were called in;
            // repeated keys keep their order.
            let mut query: Vec<&(String, String)> = self.query.iter().collect();
            query.sort_by(|a, b| a.0.cmp(&b.0));
            url.query_pairs_mut().extend_pairs(query).extend_pairs(extra);
        }
        url
    }

    /// Merges the options' extra body fields into the body, once, before the first attempt.
    pub(crate) fn merge_body_fields(&mut self) -> Result<(), Error> {
        let fields = std::mem::take(&mut self.options.body_fields);
        self.body.merge_extra_fields(fields)
    }

    /// Adds a multipart text part (presigned POST form fields).
    pub(crate) fn add_part(&mut self, name: &str, text: String) {
        if let Body::Multipart(form) = &mut self.body {
            form.add_text(name, text);
        }
    }

    /// Makes the body multipart, for presigned POST uploads.
    pub(crate) fn set_multipart(&mut self) {
        self.body = Body::Multipart(Multipart::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_go_below_the_base_urls_path_as_a_url_parsed_whole_would() {
        let url = |base: &str, path: &str| api_url(&url::Url::parse(base).unwrap(), path).to_string();
        assert_eq!(url("http://h:8080/v1", "/files/a%2Fb"), "http://h:8080/v1/files/a%2Fb");
        assert_eq!(url("https://h", "/files"), "https://h/files");
        assert_eq!(url("https://h/", ""), "https://h/");
        assert_eq!(url("https://h/v1", "/search?type=all#top"), "https://h/v1/search?type=all");
        assert_eq!(url("https://h/v1", "/a/../b"), "https://h/v1/b");
    }

    fn request() -> ApiRequest {
        ApiRequest::new(Method::GET, Target::Api("/things".to_owned()))
    }

    #[test]
    fn a_header_that_breaks_its_constraint_stays_invalid_once_set() {
        let mut request = request();
        request.check("x-tag", Err("`tag` is longer than 3 characters".to_owned()));
        request.header("x-tag", "abcd");
        let error = request.ready().unwrap_err().to_string();
        assert_eq!(error, "invalid request: `tag` is longer than 3 characters");
        request.check("x-tag", Ok(()));
        request.header("x-tag", "abc");
        assert!(request.ready().is_ok());
    }

    #[test]
    fn a_value_that_cannot_be_serialized_is_never_sent_as_empty_text() {
        // JSON object keys must be strings: this map has no JSON text.
        let unsendable = std::collections::BTreeMap::from([((1, 2), "pair")]);
        let mut request = request();
        request.query_value("filter", &unsendable, Style::Form, true);
        let error = request.ready().unwrap_err().to_string();
        assert_eq!(error, "invalid request: `filter` cannot be serialized: key must be a string");
        request.query_value("filter", &std::collections::BTreeMap::from([("a", 1.0)]), Style::DeepObject, true);
        assert!(request.ready().is_ok());
        assert_eq!(request.query, [("filter[a]".to_owned(), "1".to_owned())]);
    }
}
