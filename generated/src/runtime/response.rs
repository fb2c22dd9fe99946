use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::download::ByteStream;
use super::error::{request_id, snippet, DecodeError};
use super::Error;

/// A successful response whose body has not been read yet.
#[derive(Debug)]
pub struct Response {
    inner: reqwest::Response,
    request_id: Option<String>,
}

impl Response {
    pub(crate) fn new(inner: reqwest::Response) -> Self {
        let request_id = request_id(inner.headers());
        Self { inner, request_id }
    }

    pub fn status(&self) -> StatusCode {
        self.inner.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Reads the body and decodes it as JSON into `T`.
    pub async fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let status = self.status();
        let request_id = self.request_id;
        let body: Bytes = self.inner.bytes().await.map_err(Error::from_reqwest)?;
        let deserializer = &mut serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            Error::Decode(Box::new(DecodeError {
                status,
                request_id,
                path: error.path().to_string(),
                message: error.inner().to_string(),
                body_snippet: snippet(&String::from_utf8_lossy(&body)),
            }))
        })
    }

    /// Reads and discards the body, for operations that return nothing.
    pub async fn empty(self) -> Result<(), Error> {
        self.inner.bytes().await.map_err(Error::from_reqwest)?;
        Ok(())
    }

    /// Reads the body as text.
    pub async fn text(self) -> Result<String, Error> {
        self.inner.text().await.map_err(Error::from_reqwest)
    }

    /// The body as a stream, not read yet.
    pub fn into_byte_stream(self) -> ByteStream {
        ByteStream::new(self.inner)
    }
}
