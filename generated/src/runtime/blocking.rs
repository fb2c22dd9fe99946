//! What the generated blocking clients are built on: a small runtime of their own, and blocking
//! versions of raw responses and byte streams.

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::download::ByteStream;
use super::pagination::{self, Page, Paginated};
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
    pub fn new(stream: ByteStream, runtime: BlockingRuntime) -> Self {
        Self { stream, runtime }
    }

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

/// [`Page`] for blocking code. Derefs to the response.
pub struct BlockingPage<R: Paginated> {
    page: Page<R>,
    runtime: BlockingRuntime,
}

impl<R: Paginated> fmt::Debug for BlockingPage<R>
where
    R::Page: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.page.fmt(f)
    }
}

impl<R: Paginated> std::ops::Deref for BlockingPage<R> {
    type Target = R::Page;

    fn deref(&self) -> &R::Page {
        self.page.response()
    }
}

impl<R: Paginated> BlockingPage<R> {
    /// Fetches the page `request` asks for.
    pub fn fetch(request: R, runtime: BlockingRuntime) -> Result<Self, Error> {
        let page = runtime.block_on(Page::fetch(request))?;
        Ok(Self { page, runtime })
    }

    pub fn items(&self) -> &[R::Item] {
        self.page.items()
    }

    pub fn into_items(self) -> Vec<R::Item> {
        self.page.into_items()
    }

    pub fn response(&self) -> &R::Page {
        self.page.response()
    }

    pub fn has_next_page(&self) -> bool {
        self.page.has_next_page()
    }

    /// Fetches the next page, or returns `None` after the last one.
    pub fn next_page(&self) -> Result<Option<Self>, Error> {
        let next = self.runtime.block_on(self.page.next_page())?;
        Ok(next.map(|page| Self { page, runtime: self.runtime.clone() }))
    }

    /// The items of this page and of the ones after it, fetched as the iterator advances.
    pub fn into_iter_items(self) -> BlockingIter<R::Item> {
        BlockingIter::new(self.page.into_stream(), self.runtime)
    }
}

/// A `Stream` read by blocking on it, item by item.
pub struct BlockingIter<T> {
    stream: Pin<Box<dyn futures_util::Stream<Item = Result<T, Error>> + Send>>,
    runtime: BlockingRuntime,
}

impl<T> fmt::Debug for BlockingIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlockingIter")
    }
}

impl<T> BlockingIter<T> {
    pub fn new(
        stream: impl futures_util::Stream<Item = Result<T, Error>> + Send + 'static,
        runtime: BlockingRuntime,
    ) -> Self {
        Self { stream: Box::pin(stream), runtime }
    }
}

impl<T> Iterator for BlockingIter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.stream.next())
    }
}

/// Every item of every page of `request`, fetched as the iterator advances.
pub fn items<R: Paginated>(request: R, runtime: BlockingRuntime) -> BlockingIter<R::Item> {
    BlockingIter::new(pagination::items(request), runtime)
}

/// Every page of `request`, fetched as the iterator advances.
pub fn pages<R: Paginated>(
    request: R,
    runtime: BlockingRuntime,
) -> impl Iterator<Item = Result<BlockingPage<R>, Error>> {
    let pages_runtime = runtime.clone();
    BlockingIter::new(pagination::pages(request), runtime)
        .map(move |page| page.map(|page| BlockingPage { page, runtime: pages_runtime.clone() }))
}
