use std::path::Path;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use tokio::io::AsyncWriteExt;

use super::Error;

/// A response body that arrives in chunks: read it chunk by chunk, collect it, or write it to a file
/// at constant memory.
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        Self { response }
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The body's MIME type, when the server announced it.
    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.response.chunk().await.map_err(Error::from_reqwest)
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        self.response.bytes().await.map_err(Error::from_reqwest)
    }

    /// Writes the body to `path`, chunk by chunk, and returns the number of bytes written.
    pub async fn write_to(mut self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let mut file = tokio::fs::File::create(path).await?;
        let mut written = 0;
        while let Some(chunk) = self.next_chunk().await? {
            file.write_all(&chunk).await?;
            written += chunk.len() as u64;
        }
        file.flush().await?;
        Ok(written)
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + 'static {
        self.response.bytes_stream().map_err(Error::from_reqwest)
    }
}
