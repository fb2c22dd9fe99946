//! Interceptors: the caller's own code, run at four points of every call.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::TryStreamExt;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::call::Call;
use super::error::BoxError;
use super::error::Error;
use super::multipart::Multipart;
use super::upload::{BodyChunks, UploadFile};

/// Code of yours that runs at fixed points of every call the client makes: to sign requests, add a
/// header computed per attempt, record metrics, or refuse a call. Set on the client builder
/// (`interceptor`, several run in the order they were added) or per call
/// ([`RequestOptions::interceptor`](super::RequestOptions::interceptor), after the client's).
///
/// Every hook has a default that does nothing; implement the ones you need. A hook that returns an
/// error fails the call with [`Error::Interceptor`], which is not retried.
///
/// Headers a hook sets follow the rules of credentials: they go only to the API's own origin (on
/// a request to a presigned URL, or along a redirect to another host, the hook's header changes
/// are dropped), and they are marked sensitive, so that logs and `Debug` never show them.
///
/// An HMAC signer over the exact bytes of each attempt:
///
/// ```text
/// struct Signer { key: Vec<u8> }
///
/// impl Interceptor for Signer {
///     fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
///         Box::pin(async move {
///             let mut mac = Hmac::<Sha256>::new_from_slice(&self.key)?;
///             mac.update(attempt.method().as_str().as_bytes());
///             mac.update(attempt.url().path().as_bytes());
///             if let Some(bytes) = attempt.body_bytes() {
///                 mac.update(bytes);
///             } else if let Some(chunks) = attempt.reread_body().await {
///                 let mut chunks = chunks?;
///                 while let Some(chunk) = chunks.next().await {
///                     mac.update(&chunk?);
///                 }
///             }
///             let signature = hex(&mac.finalize().into_bytes());
///             attempt.headers_mut().insert("x-signature", signature.parse()?);
///             Ok(())
///         })
///     }
/// }
/// ```
///
/// A header computed per attempt, such as when it was sent:
///
/// ```text
/// impl Interceptor for SentAt {
///     fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
///         let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
///         attempt.headers_mut().insert("x-sent-at", HeaderValue::from(now as u64));
///         Box::pin(async { Ok(()) })
///     }
/// }
/// ```
///
/// A metrics counter needs only [`after_call`](Self::after_call):
///
/// ```text
/// impl Interceptor for Metrics {
///     fn after_call(&self, call: &Call, outcome: CallOutcome<'_>) -> Result<(), BoxError> {
///         let operation = call.operation().map_or("url", |operation| operation.id());
///         self.calls.with_label_values(&[operation, if outcome.is_ok() { "ok" } else { "error" }]).inc();
///         Ok(())
///     }
/// }
/// ```
///
/// (Text rather than doctests: an SDK generated with `--inline-runtime` carries these docs under
/// its own name.)
pub trait Interceptor: Send + Sync + 'static {
    /// Before anything is sent, once per call, after the call's values were checked.
    fn before_call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<(), BoxError>> {
        let _ = call;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Before each attempt (and each redirect it follows), with the request exactly as it will
    /// be sent: credentials and every header set. Runs again on every retry, so that a signature
    /// or a timestamp is made anew.
    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let _ = attempt;
        Box::pin(std::future::ready(Ok(())))
    }

    /// After each response arrives (redirects and responses that will be retried included), with
    /// its status and headers, before its body is read.
    fn after_response<'a>(&'a self, response: &'a ResponseHead<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let _ = response;
        Box::pin(std::future::ready(Ok(())))
    }

    /// After the call, with what it returns: the decoded value, or the error. The value is the
    /// method's own type (`outcome.ok()?.downcast_ref::<types::File>()`), a `RawResponse` for a
    /// raw call, a `Page` for each page of a list, an `EventStream` for a stream, `()` for an
    /// upload to a presigned URL and a `ByteStream` for a download. Not called for a call
    /// refused before anything was sent (a required value missing).
    fn after_call(&self, call: &Call, outcome: CallOutcome<'_>) -> Result<(), BoxError> {
        let _ = (call, outcome);
        Ok(())
    }
}

/// What a call returns, as [`Interceptor::after_call`] sees it.
pub type CallOutcome<'a> = Result<&'a (dyn Any + Send), &'a Error>;

/// One attempt's request, as [`Interceptor::before_attempt`] sees it and may change it.
pub struct AttemptRequest<'a> {
    pub(crate) call: &'a Call,
    pub(crate) attempt: u32,
    pub(crate) request: &'a mut reqwest::Request,
    /// What a streamed body is read from, when it can be read again.
    pub(crate) replay: Option<Replay<'a>>,
    pub(crate) to_api: bool,
}

impl fmt::Debug for AttemptRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("call", &self.call)
            .field("attempt", &self.attempt)
            .field("method", self.request.method())
            .field("path", &self.request.url().path())
            .finish_non_exhaustive()
    }
}

impl AttemptRequest<'_> {
    /// The call this attempt belongs to.
    pub fn call(&self) -> &Call {
        self.call
    }

    /// Which attempt this is: 1 for the first, 2 for the first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether the request goes to the API's own origin. When it does not (a presigned URL, a
    /// redirect to another host), header changes are dropped.
    pub fn goes_to_api(&self) -> bool {
        self.to_api
    }

    /// The method sent.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The URL sent, query included.
    pub fn url(&self) -> &url::Url {
        self.request.url()
    }

    /// The headers sent, `Content-Type` included.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers to send: add, replace or remove.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }

    /// The body's bytes, when the body is in memory (JSON, form, text, an upload from bytes).
    pub fn body_bytes(&self) -> Option<&[u8]> {
        self.request.body().and_then(reqwest::Body::as_bytes)
    }

    /// The body's length in bytes, when known before it is sent.
    pub fn body_length(&self) -> Option<u64> {
        if let Some(bytes) = self.body_bytes() {
            return Some(bytes.len() as u64);
        }
        let length = self.request.headers().get(reqwest::header::CONTENT_LENGTH)?;
        length.to_str().ok()?.parse().ok()
    }

    /// A streamed body again, from its start: the exact bytes this attempt sends, for hashing.
    /// `Some` for a file upload (the file is opened again) and a multipart body (with this
    /// attempt's boundary); `None` for no body, a body in memory (see
    /// [`body_bytes`](Self::body_bytes)), or one that holds a one-shot stream, which cannot be
    /// read twice.
    pub async fn reread_body(&self) -> Option<Result<BodyChunks, Error>> {
        if self.body_bytes().is_some() {
            return None;
        }
        Some(match self.replay.as_ref()? {
            Replay::File(file) => file.reread().await,
            Replay::Multipart(form) => {
                let content_type = self.headers().get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
                let boundary = content_type.split_once("boundary=")?.1;
                match form.encode(boundary, false).await {
                    Ok(message) => Ok(Box::pin(message.chunks.map_err(Error::from)) as BodyChunks),
                    Err(error) => Err(error),
                }
            }
        })
    }
}

/// Where a streamed body comes from, to read it again.
#[derive(Clone, Copy)]
pub(crate) enum Replay<'a> {
    File(&'a UploadFile),
    Multipart(&'a Multipart),
}

/// A response's status and headers, as [`Interceptor::after_response`] sees them.
#[derive(Debug)]
pub struct ResponseHead<'a> {
    pub(crate) call: &'a Call,
    pub(crate) attempt: u32,
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
}

impl ResponseHead<'_> {
    /// The call this response belongs to.
    pub fn call(&self) -> &Call {
        self.call
    }

    /// Which attempt it answers: 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }
}

/// The interceptors of one call: the client's, then the call's own.
#[derive(Clone, Copy)]
pub(crate) struct Interceptors<'a> {
    pub(crate) client: &'a [Arc<dyn Interceptor>],
    pub(crate) call: &'a [Arc<dyn Interceptor>],
}

impl<'a> Interceptors<'a> {
    pub(crate) fn is_empty(&self) -> bool {
        self.client.is_empty() && self.call.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &'a Arc<dyn Interceptor>> {
        self.client.iter().chain(self.call)
    }

    pub(crate) async fn before_call(&self, call: &Call) -> Result<(), Error> {
        for interceptor in self.iter() {
            interceptor.before_call(call).await.map_err(Error::interceptor)?;
        }
        Ok(())
    }

    /// Runs each `before_attempt` on `request`. What they change in the headers is marked
    /// sensitive, and kept only on a request to the API's origin.
    pub(crate) async fn before_attempt(
        &self,
        call: &Call,
        attempt: u32,
        request: &mut reqwest::Request,
        replay: Option<Replay<'_>>,
        to_api: bool,
    ) -> Result<(), Error> {
        let before = request.headers().clone();
        for interceptor in self.iter() {
            let mut view = AttemptRequest { call, attempt, request: &mut *request, replay, to_api };
            interceptor.before_attempt(&mut view).await.map_err(Error::interceptor)?;
        }
        if !to_api {
            *request.headers_mut() = before;
            return Ok(());
        }
        for (name, value) in request.headers_mut() {
            if !before.get_all(name).iter().any(|old| old == value) {
                value.set_sensitive(true);
            }
        }
        Ok(())
    }

    pub(crate) async fn after_response(&self, head: &ResponseHead<'_>) -> Result<(), Error> {
        for interceptor in self.iter() {
            interceptor.after_response(head).await.map_err(Error::interceptor)?;
        }
        Ok(())
    }

    /// Runs each `after_call`; the first error replaces a successful outcome.
    pub(crate) fn after_call<T: Any + Send>(&self, call: &Call, outcome: Result<T, Error>) -> Result<T, Error> {
        let mut refusal = None;
        for interceptor in self.iter() {
            let view: CallOutcome<'_> = match &outcome {
                Ok(value) => Ok(value),
                Err(error) => Err(error),
            };
            if let Err(error) = interceptor.after_call(call, view) {
                refusal.get_or_insert(error);
            }
        }
        match (outcome, refusal) {
            (Ok(_), Some(error)) => Err(Error::interceptor(error)),
            (outcome, _) => outcome,
        }
    }
}
