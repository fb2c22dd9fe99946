//! The seam below credentials, retries and interceptors: what puts a request on the wire.

use std::future::Future;
use std::sync::Arc;

use futures_util::future::{BoxFuture, Either};
use futures_util::TryFutureExt;

use super::error::BoxError;
use super::error::Error;

/// What sends the SDK's HTTP requests, one at a time: `reqwest` unless the client builder's
/// `transport` sets another, such as a recording or replaying transport in tests, or another
/// HTTP stack.
///
/// Every request goes through it: API calls and their retries, each redirect (the SDK follows
/// redirects itself, so a transport must not), pages, uploads, downloads, event streams and
/// OAuth2 token requests. A transport gets each request complete, credentials included, and
/// returns the response whatever its status; the SDK reads the body.
///
/// A transport's error is an [`Error::Connection`]; a `reqwest::Error` keeps its meaning (a
/// timeout is an [`Error::Timeout`], and a failed connect is known to have sent nothing). To
/// build a response without a network: `reqwest::Response::from(http::Response::new(body))`.
pub trait HttpTransport: Send + Sync + 'static {
    /// Sends `request` and returns the response, before its body is read.
    fn send(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, BoxError>>;
}

/// `reqwest` as it is: a client's connection pool.
impl HttpTransport for reqwest::Client {
    fn send(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, BoxError>> {
        Box::pin(async move { Ok(self.execute(request).await?) })
    }
}

/// The client's HTTP stack: `reqwest` builds every request, and sends it unless a custom
/// transport is set.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    custom: Option<Arc<dyn HttpTransport>>,
}

impl Http {
    pub(crate) fn new(client: reqwest::Client, custom: Option<Arc<dyn HttpTransport>>) -> Self {
        Self { client, custom }
    }

    pub(crate) fn is_custom(&self) -> bool {
        self.custom.is_some()
    }

    /// A builder for a request to `url`; only [`Http::execute`] sends what it builds.
    pub(crate) fn request(&self, method: reqwest::Method, url: url::Url) -> reqwest::RequestBuilder {
        self.client.request(method, url)
    }

    /// Sends `request`. Not an `async fn`: its future would hold the request twice, as its
    /// argument and inside the sending future.
    pub(crate) fn execute(
        &self,
        request: reqwest::Request,
    ) -> impl Future<Output = Result<reqwest::Response, Error>> + Send + '_ {
        match &self.custom {
            None => Either::Left(self.client.execute(request).map_err(Error::from_reqwest)),
            Some(custom) => Either::Right(custom.send(request).map_err(Error::from_transport)),
        }
    }
}
