use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt, TryStreamExt};
use tokio::io::AsyncRead;
use tokio_util::io::ReaderStream;

use super::error::Error;
use super::file_io::{self, CHUNK_SIZE};
use super::progress::{Progress, ProgressObserver};

/// A body read again from its start: its chunks, in order.
pub type BodyChunks = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;

/// How much of a reader or stream of unknown size is held in memory while it is read to learn its
/// size (see [`UploadFile::with_known_size`]); the rest goes to a temporary file.
pub(crate) const SPOOL_IN_MEMORY: usize = 8 * 1024 * 1024;

/// The content of a file to upload: a path, bytes, an `AsyncRead` or a stream of chunks.
///
/// Content is streamed when the request is sent, never read into memory first. A path or bytes can
/// be sent again from the start, so requests carrying them are retried; a reader or stream can be
/// read only once, so requests carrying one are not (the error says so). The file name and MIME type
/// come from the path unless set; other sources need a [`file_name`](Self::file_name).
///
/// A presigned PUT must announce the exact size. For a reader or stream without a
/// [`content_length`](Self::content_length), it is read to its end before anything is sent: up to
/// 8 MiB in memory and the rest into a temporary file, deleted once the upload is dropped. That costs
/// the wait for the whole content, one extra write and read of everything past 8 MiB and that much
/// disk space, and in return the upload can be retried like a file on disk.
#[derive(Clone)]
pub struct UploadFile {
    source: Source,
    file_name: Option<String>,
    mime_type: Option<String>,
    length: Option<u64>,
    progress: Option<ProgressObserver>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// A reader's or stream's content, spooled to a temporary file that is deleted with the last clone.
    Spooled(Arc<tempfile::TempPath>),
    /// Taken by the first attempt.
    OneShot(Arc<Mutex<Option<BoxStream<'static, std::io::Result<Bytes>>>>>),
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes in memory", bytes.len()),
            Source::Path(path) => format!("file {}", path.display()),
            Source::Spooled(_) => "a stream spooled to a temporary file".to_owned(),
            Source::OneShot(_) => "a one-shot stream".to_owned(),
        };
        f.debug_struct("UploadFile")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

impl UploadFile {
    /// A file on disk, streamed when the request is sent, with its size as `Content-Length`.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Self::new(Source::Path(path), file_name)
    }

    /// Content already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let length = Some(bytes.len() as u64);
        Self { length, ..Self::new(Source::Bytes(bytes), None) }
    }

    /// Content read from `reader` as the request is sent; read once, so not retried.
    pub fn from_reader(reader: impl AsyncRead + Send + 'static) -> Self {
        Self::from_stream(ReaderStream::with_capacity(reader, CHUNK_SIZE))
    }

    /// Content from a stream of chunks as the request is sent; read once, so not retried.
    pub fn from_stream<E>(stream: impl Stream<Item = Result<Bytes, E>> + Send + 'static) -> Self
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let stream = stream.map_err(|error| std::io::Error::other(error)).boxed();
        Self::new(Source::OneShot(Arc::new(Mutex::new(Some(stream)))), None)
    }

    fn new(source: Source, file_name: Option<String>) -> Self {
        Self { source, file_name, mime_type: None, length: None, progress: None }
    }

    /// The file name sent to the server.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The MIME type sent to the server; by default it is guessed from the file name.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// The exact size of a reader's or stream's content, when known: it is sent as the length and
    /// checked against the API's limits before anything is sent.
    pub fn content_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// Calls `observer` as the content is sent, with the bytes sent so far and the total when known.
    pub fn on_progress(mut self, observer: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(observer));
        self
    }

    /// The file name, if known.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The MIME type set with [`mime_type`](Self::mime_type), if any.
    pub(crate) fn explicit_mime_type(&self) -> Option<&str> {
        self.mime_type.as_deref()
    }

    /// The MIME type sent: the one set, or the one the file name suggests.
    pub fn effective_mime_type(&self) -> String {
        match (&self.mime_type, &self.file_name) {
            (Some(mime_type), _) => mime_type.clone(),
            (None, Some(name)) => mime_guess::from_path(name).first_or_octet_stream().essence_str().to_owned(),
            (None, None) => "application/octet-stream".to_owned(),
        }
    }

    /// The content's size in bytes, when known (a file's is read from disk).
    pub fn size(&self) -> Result<Option<u64>, Error> {
        match &self.source {
            Source::Path(path) => {
                let metadata = std::fs::metadata(path).map_err(|error| {
                    std::io::Error::new(error.kind(), format!("cannot read {}: {error}", path.display()))
                })?;
                Ok(Some(metadata.len()))
            }
            _ => Ok(self.length),
        }
    }

    /// Whether the content can be sent again from its start, so that a failed request can be retried.
    pub(crate) fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::OneShot(_))
    }

    /// The content as a request body for one attempt, with its length when known: a file is opened
    /// (again) and read from its start. Bytes are the body as they are, unless progress is observed.
    pub(crate) async fn body(&self) -> Result<(reqwest::Body, Option<u64>), Error> {
        if let (Source::Bytes(bytes), None) = (&self.source, &self.progress) {
            return Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64)));
        }
        let (stream, length) = self.chunks().await?;
        Ok((reqwest::Body::wrap_stream(stream), length))
    }

    /// The content's chunks for one attempt, its progress reported, with its length when known.
    pub(crate) async fn chunks(&self) -> Result<(BoxStream<'static, std::io::Result<Bytes>>, Option<u64>), Error> {
        let (stream, length) = self.stream().await?;
        Ok(match &self.progress {
            Some(observer) => (super::progress::observe(stream, length, observer.clone()).boxed(), length),
            None => (stream, length),
        })
    }

    /// The content again from its start, as an interceptor hashes it: without progress reports.
    /// A one-shot stream cannot be read again.
    pub(crate) async fn reread(&self) -> Result<BodyChunks, Error> {
        if !self.is_replayable() {
            return Err(Error::InvalidRequest { message: "a one-shot stream cannot be read again".to_owned() });
        }
        let (stream, _) = self.stream().await?;
        Ok(Box::pin(stream.map_err(Error::from)))
    }

    /// The content's chunks, with its length when known; no progress is reported.
    pub(crate) async fn stream(&self) -> Result<(BoxStream<'static, std::io::Result<Bytes>>, Option<u64>), Error> {
        Ok(match &self.source {
            Source::Bytes(bytes) => {
                let chunks: Vec<std::io::Result<Bytes>> = (0..bytes.len())
                    .step_by(CHUNK_SIZE)
                    .map(|start| Ok(bytes.slice(start..(start + CHUNK_SIZE).min(bytes.len()))))
                    .collect();
                (futures_util::stream::iter(chunks).boxed(), Some(bytes.len() as u64))
            }
            Source::Path(path) => read_file(path).await?,
            Source::Spooled(path) => read_file(path).await?,
            Source::OneShot(slot) => {
                let stream = take_stream(slot)?;
                match self.length {
                    Some(length) => (exactly(stream, length).boxed(), Some(length)),
                    None => (stream, None),
                }
            }
        })
    }

    /// The content with its exact size. A reader or stream of unknown size is read to its end first
    /// (see the type's docs for what that costs) and becomes content that can be sent again.
    #[doc(hidden)]
    pub async fn with_known_size(mut self) -> Result<(Self, u64), Error> {
        if let Some(size) = self.size()? {
            return Ok((self, size));
        }
        let Source::OneShot(slot) = &self.source else {
            return Err(Error::InvalidRequest { message: "the upload's size cannot be known".to_owned() });
        };
        let (source, size) = spool(take_stream(slot)?).await?;
        self.source = source;
        self.length = Some(size);
        Ok((self, size))
    }

    /// The file name and MIME type of the multipart part named `field` that carries it.
    pub(crate) fn part_labels(&self, field: &str) -> Result<(String, String), Error> {
        let file_name = self.file_name.clone().ok_or_else(|| Error::InvalidRequest {
            message: format!("the file for `{field}` has no name: call `.file_name(\"name.ext\")` on the UploadFile"),
        })?;
        let mime_type = self.effective_mime_type();
        if mime_type.bytes().any(|byte| byte.is_ascii_control()) {
            return Err(Error::InvalidRequest { message: format!("`{mime_type}` is not a valid MIME type") });
        }
        Ok((file_name, mime_type))
    }
}

/// A one-shot stream, which only the first attempt gets.
fn take_stream(
    slot: &Mutex<Option<BoxStream<'static, std::io::Result<Bytes>>>>,
) -> Result<BoxStream<'static, std::io::Result<Bytes>>, Error> {
    let taken = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    taken.ok_or_else(|| Error::InvalidRequest {
        message: "this upload's stream was already sent once and cannot be read again".to_owned(),
    })
}

/// A file read from its start, with its length.
async fn read_file(path: &std::path::Path) -> Result<(BoxStream<'static, std::io::Result<Bytes>>, Option<u64>), Error> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|error| std::io::Error::new(error.kind(), format!("cannot open {}: {error}", path.display())))?;
    let length = file.metadata().await?.len();
    Ok((file_io::read_chunks(file.into_std().await).boxed(), Some(length)))
}

/// Reads `stream` to its end: into memory while it fits in [`SPOOL_IN_MEMORY`], else into a
/// temporary file. Returns the content as a source that can be read again, with its size.
async fn spool(mut stream: BoxStream<'static, std::io::Result<Bytes>>) -> Result<(Source, u64), Error> {
    let mut memory = bytes::BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if memory.len() + chunk.len() > SPOOL_IN_MEMORY {
            let head = futures_util::stream::iter([Ok(memory.freeze()), Ok(chunk)]);
            return spool_to_file(head.chain(stream)).await;
        }
        memory.extend_from_slice(&chunk);
    }
    let size = memory.len() as u64;
    Ok((Source::Bytes(memory.freeze()), size))
}

async fn spool_to_file(mut stream: impl Stream<Item = std::io::Result<Bytes>> + Unpin) -> Result<(Source, u64), Error> {
    use tokio::io::AsyncWriteExt;
    let cannot = |error: std::io::Error| {
        std::io::Error::new(error.kind(), format!("cannot spool the upload to a temporary file: {error}"))
    };
    let (file, path) = tempfile::NamedTempFile::new().map_err(cannot)?.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    let mut size = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        file.write_all(&chunk).await.map_err(cannot)?;
        size += chunk.len() as u64;
    }
    file.flush().await.map_err(cannot)?;
    Ok((Source::Spooled(Arc::new(path)), size))
}

/// `stream`, failing if it yields more or fewer than `length` bytes: a body that does not match its
/// announced length would be cut, or would make a presigned URL reject it.
fn exactly(
    stream: BoxStream<'static, std::io::Result<Bytes>>,
    length: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let mismatch = move |seen: u64| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the upload stream was declared as {length} bytes but yielded {seen}"),
        )
    };
    futures_util::stream::try_unfold((stream, 0u64, false), move |(mut stream, seen, done)| async move {
        if done {
            return Ok(None);
        }
        match stream.next().await {
            Some(Ok(chunk)) => {
                let seen = seen + chunk.len() as u64;
                if seen > length {
                    return Err(mismatch(seen));
                }
                Ok(Some((chunk, (stream, seen, false))))
            }
            Some(Err(error)) => Err(error),
            None if seen == length => Ok(None),
            None => Err(mismatch(seen)),
        }
    })
}

#[cfg(all(test, feature = "blocking"))]
mod tests {
    use super::*;

    fn unknown_size(data: &[u8]) -> UploadFile {
        let chunks: Vec<std::io::Result<Bytes>> =
            data.chunks(100_000).map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
        UploadFile::from_stream(futures_util::stream::iter(chunks)).file_name("a.bin")
    }

    #[test]
    fn content_of_unknown_size_is_spooled_to_memory_then_to_a_file_that_goes_with_the_upload() {
        let blocking = super::super::Blocking::new().unwrap();
        let small = vec![7u8; 1_000];
        let large: Vec<u8> = (0..SPOOL_IN_MEMORY + 1).map(|index| (index % 251) as u8).collect();

        let (small_file, small_size) = blocking.wait(unknown_size(&small).with_known_size()).unwrap();
        let (large_file, large_size) = blocking.wait(unknown_size(&large).with_known_size()).unwrap();

        assert_eq!(small_size, 1_000);
        assert!(matches!(&small_file.source, Source::Bytes(bytes) if bytes.as_ref() == small.as_slice()));
        assert_eq!(large_size, large.len() as u64);
        let Source::Spooled(path) = &large_file.source else { panic!("{large_file:?}") };
        let path = path.to_path_buf();
        assert_eq!(std::fs::read(&path).unwrap(), large);
        assert!(large_file.is_replayable() && small_file.is_replayable());
        assert_eq!((large_file.size().unwrap(), large_file.name()), (Some(large.len() as u64), Some("a.bin")));
        let clone = large_file.clone();
        drop(large_file);
        assert!(path.exists(), "a clone still needs the content");
        drop(clone);
        assert!(!path.exists(), "the temporary file goes with the last clone");
    }
}
