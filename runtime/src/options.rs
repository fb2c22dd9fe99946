use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::error::Error;
use super::intercept::Interceptor;

/// Settings for one request, on top of the client's: extra headers, query parameters and body
/// fields the SDK does not model (yet), timeouts and a retry budget.
///
/// Extra headers and query parameters go to the API only: never to a presigned or storage URL, nor
/// along a redirect to another host.
///
/// ```text
/// RequestOptions::new()
///     .header("x-trace-id", "trace-42")
///     .query("beta", "true")
///     .body_field("experimental_flag", serde_json::json!(true))
///     .timeout(Duration::from_secs(5))
///     .total_timeout(Duration::from_secs(20))
///     .max_retries(3)
/// ```
///
/// (Text rather than a doctest: an SDK generated with `--inline-runtime` carries these docs under
/// its own name. Pass the options to a request builder's `with_options`.)
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body_fields: serde_json::Map<String, serde_json::Value>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
}

/// Header values may be credentials: only their names are shown.
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &headers)
            .field("query", &query)
            .field("body_fields", &self.body_fields.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_retries", &self.max_retries)
            .field("interceptors", &self.interceptors.len())
            .finish()
    }
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends this header, replacing any the SDK would send under the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds this query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds this field to a JSON body (or a text part to a multipart body), replacing a field of the
    /// same name.
    pub fn body_field(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.body_fields.insert(name.into(), value);
        self
    }

    /// The time each attempt may take, instead of the client's: until the response arrives and, for
    /// a body read whole (JSON or text), until it is read. A streamed download is bounded per chunk.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The time the whole call may take, every attempt and the waits between retries included. No
    /// retry starts that could not begin before it passes; the last failure is returned instead.
    pub fn total_timeout(mut self, total: Duration) -> Self {
        self.total_timeout = Some(total);
        self
    }

    /// How many times to retry, instead of the client's setting.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Runs `interceptor`'s hooks on this call, after the client's interceptors.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    pub(crate) fn header_pairs(&self) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        self.headers
            .iter()
            .map(|(name, value)| {
                let invalid = || Error::InvalidRequest { message: format!("`{name}` is not a valid header") };
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
                let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
                Ok((name, value))
            })
            .collect()
    }
}
