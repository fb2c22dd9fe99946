//! What the generated blocking clients are built on: a small runtime of their own, and blocking
//! versions of raw responses and byte streams.

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::download::ByteStream;
use super::response::{Empty, Json, RawResponse, ResponseKind, Stream, Text};
use super::Error;

/// The runtime a blocking client drives its requests on. Cheap to clone.
///
/// Its methods block the calling thread, so a blocking client must not be used from inside an
/// async runtime: use the async client there.
#[derive(Clone)]
pub struct BlockingRuntime(Arc<tokio::runtime::Runtime>);

impl fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlockingRuntime")
    }
}

impl BlockingRuntime {
    pub fn new() -> Result<Self, Error> {
        // One worker keeps pooled connections serviced between calls.
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
        Ok(Self(Arc::new(runtime)))
    }

    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

/// How a response kind's value looks to blocking code.
pub trait BlockingResponseKind: ResponseKind {
    type BlockingOutput;

    fn into_blocking(output: Self::Output, runtime: &BlockingRuntime) -> Self::BlockingOutput;
}

impl<T: serde::de::DeserializeOwned> BlockingResponseKind for Json<T> {
    type BlockingOutput = T;

    fn into_blocking(output: T, _: &BlockingRuntime) -> T {
        output
    }
}

impl BlockingResponseKind for Text {
    type BlockingOutput = String;

    fn into_blocking(output: String, _: &BlockingRuntime) -> String {
        output
    }
}

impl BlockingResponseKind for Empty {
    type BlockingOutput = ();

    fn into_blocking(output: (), _: &BlockingRuntime) {
        output
    }
}

impl BlockingResponseKind for Stream {
    type BlockingOutput = BlockingByteStream;

    fn into_blocking(output: ByteStream, runtime: &BlockingRuntime) -> BlockingByteStream {
        BlockingByteStream { stream: output, runtime: runtime.clone() }
    }
}

/// [`RawResponse`] for blocking code.
pub struct BlockingRawResponse<K> {
    raw: RawResponse<K>,
    runtime: BlockingRuntime,
}

impl<K> fmt::Debug for BlockingRawResponse<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingRawResponse").field("raw", &self.raw).finish()
    }
}

impl<K: BlockingResponseKind> BlockingRawResponse<K> {
    pub fn new(raw: RawResponse<K>, runtime: BlockingRuntime) -> Self {
        Self { raw, runtime }
    }

    pub fn status(&self) -> StatusCode {
        self.raw.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.raw.headers()
    }

    pub fn request_id(&self) -> Option<&str> {
        self.raw.request_id()
    }

    /// How many times the request was retried before this response.
    pub fn retries(&self) -> u32 {
        self.raw.retries()
    }

    /// Reads the body into the method's usual return value.
    pub fn parse(self) -> Result<K::BlockingOutput, Error> {
        let output = self.runtime.block_on(self.raw.parse())?;
        Ok(K::into_blocking(output, &self.runtime))
    }
}

/// [`ByteStream`] for blocking code; also an `Iterator` of chunks.
#[derive(Debug)]
pub struct BlockingByteStream {
    stream: ByteStream,
    runtime: BlockingRuntime,
}

impl BlockingByteStream {
    pub fn content_length(&self) -> Option<u64> {
        self.stream.content_length()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.stream.content_type()
    }

    /// The next chunk, or `None` at the end of the body.
    pub fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.runtime.block_on(self.stream.next_chunk())
    }

    /// Reads the whole body into memory.
    pub fn bytes(self) -> Result<Bytes, Error> {
        self.runtime.block_on(self.stream.bytes())
    }

    /// Writes the body to `path`, chunk by chunk, and returns the number of bytes written.
    pub fn write_to(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        self.runtime.block_on(self.stream.write_to(path))
    }
}

impl Iterator for BlockingByteStream {
    type Item = Result<Bytes, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_chunk().transpose()
    }
}
