//! The request every generated method builds. A builder wraps a [`Request`]; each of its setters
//! writes one value, by wire name, straight into it, and `send` hands it to the transport. So the
//! logic of sending (encoding, required values, validation, retries) is written once, here.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::api_request::{ApiRequest, Concern, Paging, Slot, Target};
use super::body::{Body, FormStyle};
use super::call::Operation;
use super::error::Error;
use super::events::{EventStream, Streaming};
use super::multipart::Multipart;
use super::response::{RawResponse, ResponseKind};
use super::transport::Transport;
use super::wire::{self, Style};

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

/// What must be escaped in one piece of a path parameter's text: beyond a segment's own, the
/// delimiters that separate pieces (`,`, `=`, `;`). A label style's `.` is not escaped: a version
/// or a file name keeps its dots.
const PATH_PIECE: &AsciiSet = &PATH_SEGMENT.add(b',').add(b'=').add(b';');

/// A path below the API's base URL, built from literals and parameters. Each parameter is
/// percent-encoded so that it stays one segment; values that would still move the request
/// elsewhere (empty, `.`, `..`) make the request invalid, so that it is never sent.
#[derive(Debug, Clone)]
pub struct Path {
    path: String,
    invalid: Option<String>,
}

impl Path {
    pub fn new(literal: &str) -> Self {
        Self { path: literal.to_owned(), invalid: None }
    }

    pub fn param(mut self, name: &str, value: impl AsRef<str>) -> Self {
        let value = value.as_ref();
        self.check_segment(name, value);
        self.path.extend(utf8_percent_encode(value, PATH_SEGMENT));
        self
    }

    fn check_segment(&mut self, name: &str, value: &str) {
        if matches!(value, "" | "." | "..") && self.invalid.is_none() {
            self.invalid = Some(format!("the path parameter `{name}` cannot be {value:?}: it would change the route"));
        }
    }

    /// A parameter of any other type, in its text form by `style` (`simple`, `label` or `matrix`);
    /// each piece is escaped so that it stays one piece of one segment. A value that has no text
    /// form makes the request invalid.
    pub fn value_param(mut self, name: &str, value: &impl Serialize, style: Style, explode: bool) -> Self {
        match wire::to_json(value) {
            Ok(value) => {
                let encode = |text: &str| utf8_percent_encode(text, PATH_PIECE).to_string();
                let text = wire::path_text(name, &value, style, explode, encode);
                self.check_segment(name, &text);
                self.path.push_str(&text);
            }
            Err(error) => {
                self.invalid
                    .get_or_insert_with(|| format!("the path parameter `{name}` cannot be serialized: {error}"));
            }
        }
        self
    }

    pub fn literal(mut self, literal: &str) -> Self {
        self.path.push_str(literal);
        self
    }
}

/// A generated method's request, typed by how its response is read (`K`).
pub struct Request<K> {
    transport: Transport,
    /// On the heap: every setter moves the builder, and a call's future holds it while it is sent.
    api: Box<ApiRequest>,
    kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Request<K> {
    fn clone(&self) -> Self {
        Self { transport: self.transport.clone(), api: self.api.clone(), kind: PhantomData }
    }
}

impl<K> fmt::Debug for Request<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.api.fmt(f)
    }
}

/// Setters reach the request's values through it.
impl<K> Deref for Request<K> {
    type Target = ApiRequest;

    fn deref(&self) -> &ApiRequest {
        &self.api
    }
}

impl<K> DerefMut for Request<K> {
    fn deref_mut(&mut self) -> &mut ApiRequest {
        &mut self.api
    }
}

impl<K: ResponseKind> Request<K> {
    pub fn new(transport: &Transport, method: Method, operation: &'static Operation, path: Path) -> Self {
        let mut api = ApiRequest::new(method, Target::Api(path.path));
        api.operation = Some(operation);
        if let Some(message) = path.invalid {
            api.invalid.push((Concern::Route, "path", message));
        }
        Self { transport: transport.clone(), api: Box::new(api), kind: PhantomData }
    }

    /// The media types the method accepts in its response.
    pub fn accept(mut self, accept: &'static str) -> Self {
        self.api.accept = accept;
        self
    }

    /// The credentials this method's calls send, where its operation's `security` differs from the
    /// API's: alternatives of indices into the provider's credentials; none for a public operation.
    pub fn security(mut self, alternatives: &'static [&'static [usize]]) -> Self {
        self.api.security = Some(alternatives);
        self
    }

    /// Values that must be set before the request is sent.
    pub fn require(mut self, slots: &[Slot]) -> Self {
        self.api.missing.extend_from_slice(slots);
        self
    }

    /// The body is an object sent as JSON, `{}` until fields are set.
    pub fn json_object(mut self) -> Self {
        self.api.body = Body::Fields { fields: serde_json::Map::new(), form: None };
        self
    }

    /// The body is an object sent as an `application/x-www-form-urlencoded` form.
    pub fn form_object(mut self, styles: &'static [FormStyle]) -> Self {
        self.api.body = Body::Fields { fields: serde_json::Map::new(), form: Some(styles) };
        self
    }

    /// The body is `multipart/form-data`; with no part set, nothing is sent.
    pub fn multipart(mut self) -> Self {
        self.api.body = Body::Multipart(Multipart::default());
        self
    }

    /// The body is `multipart/form-data`, and the spec requires it: with no part set, a message
    /// of no parts is sent.
    pub fn required_multipart(mut self) -> Self {
        self.api.body = Body::Multipart(Multipart::required());
        self
    }

    /// A body field that has one possible value, as JSON text the generator wrote.
    pub fn constant(mut self, name: &'static str, json: &'static str) -> Self {
        match serde_json::from_str(json) {
            Ok(mut value) => {
                wire::whole_numbers(&mut value);
                self.api.body.set_field(name, value)
            }
            Err(error) => {
                self.api.invalid.push((Concern::Route, name, format!("the constant `{json}` is not JSON: {error}")))
            }
        }
        self
    }

    /// A body field that is sent as `null` unless set.
    pub fn null_field(mut self, name: &'static str) -> Self {
        self.api.body.set_field(name, Value::Null);
        self
    }

    /// How paging moves this request to the next page.
    pub fn paginated(mut self, paging: Paging) -> Self {
        self.api.paging = Some(paging);
        self
    }

    /// The request for the page at `link`, the URL a `Link` header named, resolved against this
    /// request's URL and followed as given. It must be on the API's origin: credentials go with it.
    pub(crate) fn follow_link(&self, link: &str) -> Result<Self, Error> {
        let here = self.api.url(self.transport.base_url());
        let url = here.join(link).map_err(|error| Error::Pagination {
            message: format!("the `Link` header's next page is not a URL: {error}"),
        })?;
        if !self.transport.is_api_origin(&url) {
            return Err(Error::Pagination {
                message: format!(
                    "the `Link` header's next page is on {}, not on the API's {}: paging stopped there so that credentials stay with the API",
                    url.origin().ascii_serialization(),
                    self.transport.base_url().origin().ascii_serialization()
                ),
            });
        }
        let mut next = self.clone();
        next.api.target = Target::Next(url);
        next.api.query.clear();
        Ok(next)
    }

    /// Sends the request and reads the response into the method's value.
    // Like the other ways to send, an `async` block rather than an `async fn`: an `async fn`'s
    // future keeps room for an argument taken by value twice (the argument, and the local it is
    // moved into), and a call's future is all these futures nested.
    #[expect(clippy::manual_async_fn, reason = "an `async fn` keeps room for its by-value argument twice")]
    pub fn send(mut self) -> impl Future<Output = Result<K::Output, Error>> + Send {
        async move { self.transport.call(&mut self.api, |response| RawResponse::<K>::new(response).parse()).await }
    }

    /// Sends the request asking for an event stream (`Accept: text/event-stream`, and the body's
    /// streaming flag set), and returns the events as they arrive. Retries happen only before the
    /// stream starts: nothing of a stream is ever replayed.
    pub fn send_events<E: DeserializeOwned + 'static>(
        mut self,
        streaming: Streaming,
    ) -> impl Future<Output = Result<EventStream<E>, Error>> + Send {
        self.api.accept = "text/event-stream";
        if let Some(flag) = streaming.flag {
            self.api.body.set_field(flag, Value::Bool(true));
        }
        async move { self.transport.call(&mut self.api, |response| EventStream::start(response, streaming)).await }
    }

    /// Sends the request and keeps it, as paging does: the next page's request is this one with
    /// its page moved, and a copy per page would cost a copy of every value set.
    pub(crate) async fn send_raw_keeping(&mut self) -> Result<RawResponse<K>, Error> {
        self.transport.call(&mut self.api, |response| async { Ok(RawResponse::new(response)) }).await
    }

    /// Sends the request and returns the response before its body is read. Nothing is sent when a
    /// required value is missing or a value breaks the spec's constraints.
    #[expect(clippy::manual_async_fn, reason = "an `async fn` keeps room for its by-value argument twice")]
    pub fn send_raw(mut self) -> impl Future<Output = Result<RawResponse<K>, Error>> + Send {
        async move { self.transport.call(&mut self.api, |response| async { Ok(RawResponse::new(response)) }).await }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_stay_one_segment_and_never_change_the_route() {
        let path = Path::new("/v1/files/").param("file_id", "a/b c?d#e%").literal("/content");
        assert_eq!(path.path, "/v1/files/a%2Fb%20c%3Fd%23e%25/content");
        assert_eq!(Path::new("/f/").param("id", "é").path, "/f/%C3%A9");
        assert_eq!(Path::new("/f/").param("id", "%2e%2e").path, "/f/%252e%252e");
        for value in ["", ".", ".."] {
            assert!(Path::new("/f/").param("id", value).invalid.is_some(), "{value:?}");
        }
        assert!(Path::new("/f/").param("id", "...").invalid.is_none());
    }

    #[test]
    fn a_path_value_that_cannot_be_serialized_makes_the_request_invalid() {
        let unsendable = std::collections::BTreeMap::from([((1, 2), "pair")]);
        let path = Path::new("/things/").value_param("key", &unsendable, Style::Simple, false);
        assert_eq!(
            path.invalid.as_deref(),
            Some("the path parameter `key` cannot be serialized: key must be a string")
        );
        let path = Path::new("/things/").value_param("limit", &f64::NAN, Style::Simple, false);
        assert_eq!(
            path.invalid.as_deref(),
            Some("the path parameter `limit` cannot be serialized: NaN is not a number JSON can hold")
        );
    }

    #[test]
    fn path_values_are_text_and_each_piece_stays_one_piece() {
        let path = |value: serde_json::Value, style, explode| Path::new("/l/").value_param("p", &value, style, explode);
        assert_eq!(path(serde_json::json!("my-limit"), Style::Simple, false).path, "/l/my-limit");
        assert_eq!(path(serde_json::json!(3600.0), Style::Simple, false).path, "/l/3600");
        assert_eq!(path(serde_json::json!(["a,b", "c/d"]), Style::Simple, false).path, "/l/a%2Cb,c%2Fd");
        assert_eq!(path(serde_json::json!({"k": "x=y"}), Style::Matrix, true).path, "/l/;k=x%3Dy");
        assert!(path(serde_json::json!(""), Style::Simple, false).invalid.is_some());
        assert!(path(serde_json::json!(".."), Style::Simple, false).invalid.is_some());
    }
}
