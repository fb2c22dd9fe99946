use std::fmt;
use std::path::PathBuf;

use bytes::Bytes;
use reqwest::multipart::Part;
use tokio_util::io::ReaderStream;

use super::Error;

/// The content of a file field in a multipart request.
///
/// A file from a path is streamed from disk when the request is sent, with its size known up front;
/// its name and MIME type come from the path unless set. Bytes need a [`file_name`](Self::file_name).
pub struct UploadFile {
    source: Source,
    file_name: Option<String>,
    mime_type: Option<String>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
}

impl fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes in memory", bytes.len()),
            Source::Path(path) => format!("file {}", path.display()),
        };
        f.debug_struct("UploadFile")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .finish()
    }
}

impl UploadFile {
    /// A file on disk, streamed when the request is sent.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Self { source: Source::Path(path), file_name, mime_type: None }
    }

    /// Content already in memory. Set a [`file_name`](Self::file_name): most APIs require one.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self { source: Source::Bytes(bytes.into()), file_name: None, mime_type: None }
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

    /// The file name, if known.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The multipart part for one attempt; a file on disk is opened (again) and read from its start.
    pub(crate) async fn to_part(&self, field: &str) -> Result<Part, Error> {
        let file_name = self.file_name.clone().ok_or_else(|| Error::InvalidRequest {
            message: format!("the file for `{field}` has no name: call `.file_name(\"name.ext\")` on the UploadFile"),
        })?;
        let mime_type = self
            .mime_type
            .clone()
            .unwrap_or_else(|| mime_guess::from_path(&file_name).first_or_octet_stream().essence_str().to_owned());
        let part = match &self.source {
            Source::Bytes(bytes) => Part::stream_with_length(reqwest::Body::from(bytes.clone()), bytes.len() as u64),
            Source::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(|error| {
                    std::io::Error::new(error.kind(), format!("cannot open {}: {error}", path.display()))
                })?;
                let length = file.metadata().await?.len();
                Part::stream_with_length(reqwest::Body::wrap_stream(ReaderStream::new(file)), length)
            }
        };
        part.file_name(file_name)
            .mime_str(&mime_type)
            .map_err(|_| Error::InvalidRequest { message: format!("`{mime_type}` is not a valid MIME type") })
    }
}
