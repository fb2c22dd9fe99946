//! `multipart/form-data` bodies (RFC 7578), written by the SDK itself rather than by `reqwest`:
//! so that an interceptor can read again the exact bytes an attempt sends, to sign them.

use bytes::{Bytes, BytesMut};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use serde_json::{Map, Value};

use super::error::Error;
use super::upload::UploadFile;

/// A `multipart/form-data` body. Files are opened only when the request is sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Multipart {
    parts: Vec<(String, Part)>,
    /// Whether the spec requires the body: with no part set, it is then a message of no parts
    /// rather than no body at all.
    required: bool,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    /// An object (or an array inside an array), as JSON text labelled `application/json`: what
    /// OpenAPI says a multipart object is unless its `encoding` says otherwise.
    Json(String),
    File(UploadFile),
}

/// One attempt's message: its chunks, and its length when every part's is known.
pub(crate) struct Message {
    pub(crate) chunks: BoxStream<'static, std::io::Result<Bytes>>,
    pub(crate) length: Option<u64>,
}

impl Multipart {
    /// A body the spec requires (see [`Multipart::required`]).
    pub(crate) fn required() -> Self {
        Self { parts: Vec::new(), required: true }
    }

    /// Replaces the parts named `name` with one part: strings as they are (`text/plain`),
    /// numbers and booleans as their JSON text, objects as JSON parts; an array is one part per
    /// item, as form parsers (and validating servers) read a repeated name; `null` removes the
    /// part.
    pub(crate) fn set_value(&mut self, name: &str, value: Value) {
        self.parts.retain(|(existing, _)| existing != name);
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let part = match item {
                Value::Null => continue,
                Value::String(text) => Part::Text(text),
                Value::Object(_) | Value::Array(_) => Part::Json(item.to_string()),
                scalar => Part::Text(scalar.to_string()),
            };
            self.parts.push((name.to_owned(), part));
        }
    }

    /// Replaces every part with the fields of `object`.
    pub(crate) fn set_all(&mut self, object: Map<String, Value>) {
        self.parts.clear();
        for (name, value) in object {
            self.set_value(&name, value);
        }
    }

    /// Replaces the parts named `name` with one file part per file.
    pub(crate) fn set_files(&mut self, name: &str, files: Vec<UploadFile>) {
        self.parts.retain(|(existing, _)| existing != name);
        self.parts.extend(files.into_iter().map(|file| (name.to_owned(), Part::File(file))));
    }

    pub(crate) fn add_text(&mut self, name: &str, text: String) {
        self.parts.push((name.to_owned(), Part::Text(text)));
    }

    /// The parts' names, in order.
    pub(crate) fn names(&self) -> Vec<&str> {
        self.parts.iter().map(|(name, _)| name.as_str()).collect()
    }

    pub(crate) fn is_replayable(&self) -> bool {
        self.parts.iter().all(|(_, part)| match part {
            Part::Text(_) | Part::Json(_) => true,
            Part::File(file) => file.is_replayable(),
        })
    }

    /// Whether an attempt sends no body: no part is set, and the spec does not require one. A
    /// required body of no parts is a message of its closing delimiter alone.
    pub(crate) fn sends_nothing(&self) -> bool {
        self.parts.is_empty() && !self.required
    }

    /// A boundary for one attempt: random, so that no part's content can contain it by design.
    pub(crate) fn new_boundary() -> String {
        format!("sdk-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
    }

    pub(crate) fn content_type(boundary: &str) -> String {
        format!("multipart/form-data; boundary={boundary}")
    }

    /// The message of one attempt: files from paths are opened again and read from their start,
    /// with their progress reported when `report_progress`.
    pub(crate) async fn encode(&self, boundary: &str, report_progress: bool) -> Result<Message, Error> {
        let mut message = Writer { chunks: Vec::new(), pending: BytesMut::new(), length: Some(0) };
        for (name, part) in &self.parts {
            match part {
                Part::Text(text) => {
                    message.text(&part_head(boundary, name, None, None));
                    message.text(text);
                }
                Part::Json(json) => {
                    message.text(&part_head(boundary, name, None, Some("application/json")));
                    message.text(json);
                }
                Part::File(file) => {
                    let (file_name, mime_type) = file.part_labels(name)?;
                    message.text(&part_head(boundary, name, Some(&file_name), Some(&mime_type)));
                    let (chunks, length) = if report_progress { file.chunks().await? } else { file.stream().await? };
                    message.stream(chunks, length);
                }
            }
            message.text("\r\n");
        }
        message.text(&format!("--{boundary}--\r\n"));
        Ok(message.finish())
    }
}

/// Builds a message from text and streams: consecutive text goes out as one chunk.
struct Writer {
    chunks: Vec<BoxStream<'static, std::io::Result<Bytes>>>,
    pending: BytesMut,
    length: Option<u64>,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.pending.extend_from_slice(text.as_bytes());
        self.length = self.length.map(|length| length + text.len() as u64);
    }

    fn stream(&mut self, chunks: BoxStream<'static, std::io::Result<Bytes>>, length: Option<u64>) {
        self.flush();
        self.chunks.push(chunks);
        self.length = self.length.zip(length).map(|(sum, length)| sum + length);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = self.pending.split().freeze();
            self.chunks.push(futures_util::stream::once(std::future::ready(Ok(text))).boxed());
        }
    }

    fn finish(mut self) -> Message {
        self.flush();
        Message { chunks: futures_util::stream::iter(self.chunks).flatten().boxed(), length: self.length }
    }
}

/// A part's delimiter and headers, up to the blank line before its content.
fn part_head(boundary: &str, name: &str, file_name: Option<&str>, content_type: Option<&str>) -> String {
    let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", header_safe(name));
    if let Some(file_name) = file_name {
        head.push_str(&format!("; filename=\"{}\"", header_safe(file_name)));
    }
    head.push_str("\r\n");
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// `name` as it may stand in a part's `Content-Disposition` header (RFC 7578 4.2, as browsers
/// write it): `"` and control characters percent-encoded, so that no name can end the header or
/// add another (a CR LF in a name would otherwise start a new header line).
fn header_safe(name: &str) -> String {
    let mut safe = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '"' || c.is_ascii_control() {
            safe.push_str(&format!("%{:02X}", c as u32));
        } else {
            safe.push(c);
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn text_of(form: &Multipart) -> (String, Option<u64>) {
        let Message { chunks, length } = form.encode("b", true).await.unwrap();
        let chunks: Vec<Bytes> = chunks.map(Result::unwrap).collect().await;
        (String::from_utf8(chunks.concat()).unwrap(), length)
    }

    #[tokio::test]
    async fn parts_are_delimited_labelled_and_counted() {
        let mut form = Multipart::default();
        form.set_value("purpose", Value::String("batch".to_owned()));
        form.set_value("meta", serde_json::json!({"a": 1}));
        form.set_files("file", vec![UploadFile::from_bytes("hi").file_name("a\".txt")]);

        let (text, length) = text_of(&form).await;

        let expected = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n\
            --b\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n\
            --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n\
            --b--\r\n";
        assert_eq!(text, expected);
        assert_eq!(length, Some(expected.len() as u64));
    }

    #[tokio::test]
    async fn a_required_body_of_no_parts_is_its_closing_delimiter() {
        let (text, length) = text_of(&Multipart::required()).await;
        assert_eq!(text, "--b--\r\n");
        assert_eq!(length, Some(7));
        assert!(!Multipart::required().sends_nothing());
        assert!(Multipart::default().sends_nothing());
    }
}
