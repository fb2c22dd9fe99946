use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::deadline::by_deadline;
use super::download::ByteStream;
use super::error::Error;
use super::error::{request_id, request_id_in, snippet, DecodeError};

/// A successful response whose body has not been read yet.
#[derive(Debug)]
pub struct Response {
    inner: reqwest::Response,
    retries: u32,
    /// When reading a whole body must be done.
    deadline: tokio::time::Instant,
    /// The longest wait for one chunk of a streamed body.
    idle_timeout: Duration,
    /// The largest body read whole.
    max_bytes: u64,
}

impl Response {
    pub(crate) fn new(inner: reqwest::Response, retries: u32, limits: BodyLimits) -> Self {
        let BodyLimits { deadline, idle_timeout, max_bytes } = limits;
        Self { inner, retries, deadline, idle_timeout, max_bytes }
    }

    /// The whole body, read before the attempt's deadline and refused past the size limit.
    async fn read_body(&mut self) -> Result<Bytes, Error> {
        let too_large = Error::ResponseTooLarge { limit: self.max_bytes };
        if self.inner.content_length().is_some_and(|length| length > self.max_bytes) {
            return Err(too_large);
        }
        let (body, ending) = read_limited(&mut self.inner, self.deadline, self.max_bytes).await;
        match ending {
            Ending::Complete => Ok(body),
            Ending::TooLarge => Err(too_large),
            Ending::TimedOut => Err(Error::Timeout { message: "the response body did not arrive in time".to_owned() }),
            Ending::Broken(error) => Err(Error::from_reqwest(error)),
        }
    }

    /// How many times the request was retried before this response.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The request id the server gave (`x-request-id` or `request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        request_id_in(self.headers())
    }

    /// Reads the body and decodes it as JSON into `T`.
    // This and the other readers return an `async` block rather than being `async fn`s: an `async
    // fn`'s future keeps room for an argument taken by value twice (the argument, and the local it
    // is moved into), and a call's future is all these futures nested.
    #[expect(clippy::manual_async_fn, reason = "an `async fn` keeps room for its by-value argument twice")]
    pub fn json<T: DeserializeOwned>(mut self) -> impl Future<Output = Result<T, Error>> + Send {
        async move {
            let body = self.read_body().await?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return from_empty_body(self.status(), request_id(self.headers()));
            }
            // Tracking the path costs on every value, so it is done only to explain a failure.
            serde_json::from_slice(&body)
                .or_else(|_| self.plain_text_as(&body).ok_or(()))
                .map_err(|()| decode_error::<T>(self.status(), request_id(self.headers()), &body))
        }
    }

    /// A body the server sent as text (not JSON) where the spec declares JSON, read as the
    /// string a `T` can be made from. Servers answer `text/plain` for a version or a name.
    // This and the other readers' rare paths are kept out of line (`cold`): inlined, they would
    // spread each call's hot code over more of the instruction cache than it needs.
    #[cold]
    fn plain_text_as<T: DeserializeOwned>(&self, body: &[u8]) -> Option<T> {
        if self.is_json() {
            return None;
        }
        let text = std::str::from_utf8(body).ok()?;
        let value = T::deserialize(serde_json::Value::String(text.to_owned())).ok()?;
        tracing::debug!("the response is text where the spec declares JSON: the text is the value");
        Some(value)
    }

    /// Whether the response says its body is JSON (`application/json`, or a `+json` type).
    fn is_json(&self) -> bool {
        let content_type = self.headers().get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        let essence =
            content_type.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    }

    /// Reads and discards the body, for operations that return nothing.
    #[expect(clippy::manual_async_fn, reason = "an `async fn` keeps room for its by-value argument twice")]
    pub fn empty(mut self) -> impl Future<Output = Result<(), Error>> + Send {
        async move {
            self.read_body().await?;
            Ok(())
        }
    }

    /// Reads the body as text; a JSON string (the server said `application/json`) is its string.
    #[expect(clippy::manual_async_fn, reason = "an `async fn` keeps room for its by-value argument twice")]
    pub fn text(mut self) -> impl Future<Output = Result<String, Error>> + Send {
        async move {
            let body = self.read_body().await?;
            // A server that answers JSON where the spec declares text sends a string in quotes:
            // the string is the text meant.
            if self.is_json() {
                if let Ok(serde_json::Value::String(text)) = serde_json::from_slice(&body) {
                    tracing::debug!(
                        "the response is a JSON string where the spec declares text: its string is the text"
                    );
                    return Ok(text);
                }
            }
            Ok(String::from_utf8_lossy(&body).into_owned())
        }
    }

    /// The body as a stream, not read yet. No deadline applies to it as a whole (a large download
    /// may take long), only to the wait for each chunk.
    pub fn into_byte_stream(self) -> ByteStream {
        ByteStream::new(self.inner, self.idle_timeout)
    }
}

/// Why `body` is not a `T`, with the path to where it stops being one.
#[cold]
fn decode_error<T: DeserializeOwned>(status: StatusCode, request_id: Option<String>, body: &[u8]) -> Error {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Err(error) => (error.path().to_string(), error.inner().to_string()),
        Ok(_) => (String::from("."), String::from("the body does not match the expected type")),
    };
    Error::Decode(Box::new(DecodeError {
        status,
        request_id,
        path,
        message,
        body_snippet: snippet(&String::from_utf8_lossy(body)),
        event: None,
    }))
}

/// The value an empty success body stands for (a 204, or a 200 with no content): `null` for a type
/// that can be absent, `{}` for an object whose every field is optional. A type that needs content
/// cannot be made from nothing, and the error says so rather than reporting a JSON syntax error.
#[cold]
fn from_empty_body<T: DeserializeOwned>(status: StatusCode, request_id: Option<String>) -> Result<T, Error> {
    let empty_object = || serde_json::Value::Object(serde_json::Map::new());
    T::deserialize(serde_json::Value::Null).or_else(|_| T::deserialize(empty_object())).map_err(|_| {
        let expected = short_type_name(std::any::type_name::<T>());
        Error::Decode(Box::new(DecodeError {
            status,
            request_id,
            path: String::from("."),
            message: format!("the response has no body, but a `{expected}` needs one"),
            body_snippet: String::new(),
            event: None,
        }))
    })
}

/// `name` without module paths: `Vec<File>` for `alloc::vec::Vec<sdk::types::File>`.
fn short_type_name(name: &str) -> String {
    let mut short = String::with_capacity(name.len());
    let mut path = String::new();
    for c in name.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
            continue;
        }
        short.push_str(path.rsplit("::").next().unwrap_or_default());
        path.clear();
        short.push(c);
    }
    short.pop();
    short
}

/// What bounds the reading of a successful response's body.
pub(crate) struct BodyLimits {
    /// When reading a whole body must be done.
    pub(crate) deadline: tokio::time::Instant,
    /// The longest wait for one chunk of a streamed body.
    pub(crate) idle_timeout: Duration,
    /// The largest body read whole.
    pub(crate) max_bytes: u64,
}

/// Why [`read_limited`] stopped.
pub(crate) enum Ending {
    /// The body ended.
    Complete,
    /// The limit was reached with more to come.
    TooLarge,
    /// The deadline passed.
    TimedOut,
    /// The connection broke.
    Broken(reqwest::Error),
}

/// Reads `response`'s body until it ends, `deadline` passes or more than `limit` bytes arrive, and
/// returns what arrived (at most `limit` bytes) with why reading stopped.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    deadline: tokio::time::Instant,
    limit: u64,
) -> (Bytes, Ending) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = Collected::default();
    loop {
        let chunk = match by_deadline(deadline, response.chunk()).await {
            None => return (body.into_bytes(), Ending::TimedOut),
            Some(Err(error)) => return (body.into_bytes(), Ending::Broken(error)),
            Some(Ok(None)) => return (body.into_bytes(), Ending::Complete),
            Some(Ok(Some(chunk))) => chunk,
        };
        let room = limit - body.len();
        if chunk.len() > room {
            body.push(chunk.slice(..room));
            return (body.into_bytes(), Ending::TooLarge);
        }
        body.push(chunk);
    }
}

/// A body read chunk by chunk. Most bodies arrive in one chunk, which is kept as it came; only a
/// second chunk makes a buffer to copy them into.
#[derive(Default)]
enum Collected {
    #[default]
    Nothing,
    One(Bytes),
    Many(bytes::BytesMut),
}

impl Collected {
    fn len(&self) -> usize {
        match self {
            Collected::Nothing => 0,
            Collected::One(chunk) => chunk.len(),
            Collected::Many(buffer) => buffer.len(),
        }
    }

    fn push(&mut self, chunk: Bytes) {
        *self = match std::mem::take(self) {
            Collected::Nothing => Collected::One(chunk),
            Collected::One(first) => {
                let mut buffer = bytes::BytesMut::with_capacity(first.len() + chunk.len());
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                Collected::Many(buffer)
            }
            Collected::Many(mut buffer) => {
                buffer.extend_from_slice(&chunk);
                Collected::Many(buffer)
            }
        };
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Collected::Nothing => Bytes::new(),
            Collected::One(chunk) => chunk,
            Collected::Many(buffer) => buffer.freeze(),
        }
    }
}

/// How a method's response body becomes its value; see [`RawResponse::parse`]. Sealed: the kinds
/// are the SDK's own.
pub trait ResponseKind: sealed::Sealed + 'static {
    /// What the body becomes.
    type Output: Send + 'static;

    /// Reads the body into the output.
    fn decode(response: Response) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

mod sealed {
    pub trait Sealed {}

    impl<T> Sealed for super::Json<T> {}
    impl Sealed for super::Text {}
    impl Sealed for super::Empty {}
    impl Sealed for super::Stream {}
}

/// A JSON body decoded into `T`.
pub struct Json<T>(std::marker::PhantomData<fn() -> T>);

/// A text body.
pub struct Text;

/// No body.
pub struct Empty;

/// A body streamed as it arrives.
pub struct Stream;

impl<T: DeserializeOwned + Send + 'static> ResponseKind for Json<T> {
    type Output = T;

    fn decode(response: Response) -> impl Future<Output = Result<T, Error>> + Send {
        response.json()
    }
}

impl ResponseKind for Text {
    type Output = String;

    fn decode(response: Response) -> impl Future<Output = Result<String, Error>> + Send {
        response.text()
    }
}

impl ResponseKind for Empty {
    type Output = ();

    fn decode(response: Response) -> impl Future<Output = Result<(), Error>> + Send {
        response.empty()
    }
}

impl ResponseKind for Stream {
    type Output = ByteStream;

    fn decode(response: Response) -> impl Future<Output = Result<ByteStream, Error>> + Send {
        std::future::ready(Ok(response.into_byte_stream()))
    }
}

/// A successful response before its body is read: status, headers, request id and retries, with
/// [`parse`](Self::parse) to get the method's usual value, or [`into_response`](Self::into_response)
/// to read the body yourself.
pub struct RawResponse<K> {
    response: Response,
    kind: std::marker::PhantomData<fn() -> K>,
}

impl<K> std::fmt::Debug for RawResponse<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse").field("response", &self.response).finish()
    }
}

impl<K: ResponseKind> RawResponse<K> {
    pub(crate) fn new(response: Response) -> Self {
        Self { response, kind: std::marker::PhantomData }
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The request id the server gave (`x-request-id` or `request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.response.request_id()
    }

    /// How many times the request was retried before this response.
    pub fn retries(&self) -> u32 {
        self.response.retries()
    }

    /// Reads the body into the method's usual return value.
    pub fn parse(self) -> impl Future<Output = Result<K::Output, Error>> + Send {
        K::decode(self.response)
    }

    /// The response itself, body unread.
    pub fn into_response(self) -> Response {
        self.response
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(super::short_type_name("alloc::vec::Vec<sdk::types::File>"), "Vec<File>");
        assert_eq!(super::short_type_name("core::option::Option<(u8, a::B)>"), "Option<(u8, B)>");
        assert_eq!(super::short_type_name("File"), "File");
    }

    #[test]
    fn a_body_in_one_chunk_is_kept_as_it_came_and_chunks_are_joined_in_order() {
        let chunk = bytes::Bytes::from_static(b"{\"id\":1}");
        let mut one = super::Collected::default();
        one.push(chunk.clone());
        assert_eq!(one.into_bytes().as_ptr(), chunk.as_ptr());

        let mut many = super::Collected::default();
        for part in ["ab", "cd", "e"] {
            many.push(bytes::Bytes::from_static(part.as_bytes()));
        }
        assert_eq!(many.len(), 5);
        assert_eq!(many.into_bytes(), "abcde");
        assert_eq!(super::Collected::default().into_bytes(), "");
    }
}
