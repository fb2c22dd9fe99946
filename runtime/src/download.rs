use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;

use super::deadline::by_deadline;
use super::error::Error;
use super::file_io;
use super::progress::{Progress, ProgressObserver};

/// A response body that arrives in chunks: read it chunk by chunk, collect it, or write it to a file
/// at constant memory. Waiting longer than the client's timeout for one chunk is an error.
pub struct ByteStream {
    response: reqwest::Response,
    /// As announced; `reqwest` reports what remains once reading starts.
    content_length: Option<u64>,
    idle_timeout: Duration,
    progress: Option<ProgressObserver>,
    bytes_done: u64,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.response.status())
            .field("content_length", &self.content_length())
            .field("bytes_done", &self.bytes_done)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, idle_timeout: Duration) -> Self {
        let content_length = response.content_length();
        Self { response, content_length, idle_timeout, progress: None, bytes_done: 0 }
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The response's status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.response.status()
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The body's MIME type, when the server announced it.
    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// Calls `observer` as chunks arrive, with the bytes received so far and the total when known.
    pub fn on_progress(mut self, observer: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(std::sync::Arc::new(observer));
        self
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let deadline = tokio::time::Instant::now() + self.idle_timeout;
        let chunk = by_deadline(deadline, self.response.chunk())
            .await
            .ok_or_else(|| Error::Timeout {
                message: format!("no data for {:?} while reading the body", self.idle_timeout),
            })?
            .map_err(Error::from_reqwest)?;
        if let (Some(bytes), Some(observer)) = (&chunk, &self.progress) {
            self.bytes_done += bytes.len() as u64;
            observer(Progress { bytes_done: self.bytes_done, total: self.content_length });
        }
        Ok(chunk)
    }

    /// Reads the whole body into memory.
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut buffer = bytes::BytesMut::with_capacity(self.content_length().unwrap_or(0).min(64 << 20) as usize);
        while let Some(chunk) = self.next_chunk().await? {
            buffer.extend_from_slice(&chunk);
        }
        Ok(buffer.freeze())
    }

    /// Writes the body to `path`, chunk by chunk, and returns the number of bytes written.
    pub async fn write_to(mut self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let file = tokio::fs::File::create(path).await?.into_std().await;
        let (chunks, writer) = file_io::write_chunks(file);
        let mut written = 0;
        while let Some(chunk) = self.next_chunk().await? {
            written += chunk.len() as u64;
            if chunks.send(chunk).await.is_err() {
                break;
            }
        }
        drop(chunks);
        writer.await.map_err(std::io::Error::other)??;
        Ok(written)
    }

    /// The body as a `Stream` of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + 'static {
        futures_util::stream::try_unfold(self, |mut stream| async move {
            Ok(stream.next_chunk().await?.map(|chunk| (chunk, stream)))
        })
    }
}
