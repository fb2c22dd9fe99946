//! Server-sent events: the `text/event-stream` parser (the WHATWG rules), the raw event stream and
//! the stream of typed events a streaming call returns.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::download::ByteStream;
use super::error::Error;
use super::error::{request_id, snippet, DecodeError, EventError};
use super::response::Response;

/// The data of the event that ends an OpenAI-style stream.
const DONE: &str = "[DONE]";
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// One event of a `text/event-stream` response, as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerSentEvent {
    /// The event's type: its `event:` field, `message` when it has none.
    pub event: String,
    /// Its `data:` lines, joined by newlines.
    pub data: String,
    /// The last event id the stream set (`id:`), if any.
    pub id: Option<String>,
    /// The reconnection delay the stream last asked for (`retry:`), if any.
    pub retry: Option<Duration>,
}

/// How a method's streaming call asks for events and reads them; written by the generator.
#[derive(Debug, Clone, Copy)]
pub struct Streaming {
    /// The boolean body field that asks the server to stream (`stream`), set to `true`.
    pub flag: Option<&'static str>,
    /// Whether an event whose data is an object with an `error` member reports an error; off when
    /// the event schema itself has an `error` property.
    pub error_payloads: bool,
}

/// Turns the bytes of an event stream, in chunks split anywhere, into events.
#[derive(Debug, Default)]
pub(crate) struct EventParser {
    /// The bytes of a line whose end has not arrived.
    line: Vec<u8>,
    /// The last byte seen ended a line with CR: an LF right after it belongs to the same line end.
    after_cr: bool,
    /// Whether the stream's start has been checked for a byte order mark.
    started: bool,
    event: String,
    data: String,
    last_id: String,
    retry: Option<Duration>,
    ready: VecDeque<ServerSentEvent>,
}

impl EventParser {
    /// Reads `chunk`; events it completes are then returned by [`next_event`](Self::next_event).
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        if self.started {
            return self.feed_lines(chunk);
        }
        self.line.extend_from_slice(chunk);
        if self.line.len() < BYTE_ORDER_MARK.len() && BYTE_ORDER_MARK.starts_with(&self.line) {
            return;
        }
        self.started = true;
        let pending = std::mem::take(&mut self.line);
        self.feed_lines(pending.strip_prefix(BYTE_ORDER_MARK).unwrap_or(&pending));
    }

    pub(crate) fn next_event(&mut self) -> Option<ServerSentEvent> {
        self.ready.pop_front()
    }

    /// Whether the stream stopped inside an event: a line or fields that no blank line ended.
    pub(crate) fn is_inside_event(&self) -> bool {
        !self.line.is_empty() || !self.data.is_empty()
    }

    fn feed_lines(&mut self, mut bytes: &[u8]) {
        if self.after_cr && !bytes.is_empty() {
            self.after_cr = false;
            bytes = bytes.strip_prefix(b"\n").unwrap_or(bytes);
        }
        while let Some(end) = bytes.iter().position(|byte| matches!(byte, b'\n' | b'\r')) {
            if self.line.is_empty() {
                self.process_line(&bytes[..end]);
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&bytes[..end]);
                self.process_line(&line);
                line.clear();
                self.line = line;
            }
            let ended_by_cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if ended_by_cr {
                match bytes.first() {
                    Some(b'\n') => bytes = &bytes[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(bytes);
    }

    fn process_line(&mut self, line: &[u8]) {
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|byte| *byte == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        let value = String::from_utf8_lossy(value);
        match name {
            b"event" => (*value).clone_into(&mut self.event),
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => (*value).clone_into(&mut self.last_id),
            b"retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let (mut data, event) = (std::mem::take(&mut self.data), std::mem::take(&mut self.event));
        if data.is_empty() {
            return;
        }
        data.pop();
        self.ready.push_back(ServerSentEvent {
            event: if event.is_empty() { "message".to_owned() } else { event },
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry: self.retry,
        });
    }
}

/// The events of a `text/event-stream` response as they arrive, untyped. Waiting longer than the
/// client's timeout for more of the stream is an error; dropping it closes the connection.
pub struct ServerSentEvents {
    events: BoxStream<'static, Result<ServerSentEvent, Error>>,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

/// Written beside the parser, so that a download does not know about events.
impl ByteStream {
    /// The body read as a `text/event-stream`, event by event (see
    /// [`ServerSentEvents::typed`] to decode them).
    pub fn into_events(self) -> ServerSentEvents {
        ServerSentEvents::new(self)
    }
}

impl std::fmt::Debug for ServerSentEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSentEvents").field("status", &self.status).finish_non_exhaustive()
    }
}

impl ServerSentEvents {
    pub(crate) fn new(body: ByteStream) -> Self {
        let (status, headers) = (body.status(), body.headers().clone());
        let request_id = request_id(&headers);
        let reading = (body, EventParser::default(), false);
        let events = futures_util::stream::try_unfold(reading, |(mut body, mut parser, mut ended)| async move {
            loop {
                if let Some(event) = parser.next_event() {
                    return Ok(Some((event, (body, parser, ended))));
                }
                if ended {
                    return Ok(None);
                }
                match body.next_chunk().await? {
                    Some(chunk) => parser.feed(&chunk),
                    None if parser.is_inside_event() => {
                        return Err(Error::UnexpectedResponse {
                            message: "the event stream ended in the middle of an event".to_owned(),
                        })
                    }
                    None => ended = true,
                }
            }
        });
        Self { events: events.boxed(), status, headers, request_id }
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The events decoded as `E`, as a streaming call decodes them: for a stream the spec does not
    /// type (a download that is an event stream, say).
    pub fn typed<E: DeserializeOwned>(self) -> EventStream<E> {
        EventStream { events: self, error_payloads: true, finished: false, event_type: PhantomData }
    }
}

impl Stream for ServerSentEvents {
    type Item = Result<ServerSentEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.poll_next_unpin(cx)
    }
}

/// The events of a streaming call, decoded as the spec types them, each as soon as it arrives.
///
/// The stream ends at the end of the response or at a `[DONE]` event. An `error` event, or an event
/// whose data is `{"error": …}`, is an [`Error::Event`] and ends it; so does a broken connection. An
/// event whose data does not decode is an [`Error::Decode`] naming the event, and the stream goes on.
/// Events with no data (keep-alives) are skipped. [`into_raw`](Self::into_raw) gives the events as sent.
pub struct EventStream<E> {
    events: ServerSentEvents,
    error_payloads: bool,
    finished: bool,
    event_type: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("status", &self.events.status).finish_non_exhaustive()
    }
}

impl<E: DeserializeOwned> EventStream<E> {
    /// Reads `response` as an event stream; a JSON body instead is the error it reports.
    #[doc(hidden)]
    pub async fn start(response: Response, streaming: Streaming) -> Result<Self, Error> {
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE);
        let essence = content_type.and_then(|value| value.to_str().ok()).and_then(|value| value.split(';').next());
        if essence.is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json")) {
            return Err(not_a_stream(response).await);
        }
        let events = ServerSentEvents::new(response.into_byte_stream());
        Ok(Self { error_payloads: streaming.error_payloads, ..events.typed() })
    }

    /// The events as the server sent them, with nothing decoded or skipped.
    pub fn into_raw(self) -> ServerSentEvents {
        self.events
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.events.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.events.headers
    }

    /// The request id the server gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.events.request_id()
    }

    /// The event's value, or `None` for an event that carries none.
    fn decode(&mut self, event: ServerSentEvent) -> Option<Result<E, Error>> {
        let data = event.data.trim();
        if data == DONE {
            self.finished = true;
            return None;
        }
        let json: Option<Value> = serde_json::from_str(data).ok();
        let reports_error = json.as_ref().and_then(|json| json.get("error")).is_some_and(|error| !error.is_null());
        if event.event == "error" || (self.error_payloads && reports_error) {
            self.finished = true;
            return Some(Err(self.event_error(event, json)));
        }
        if data.is_empty() {
            return None;
        }
        let decoded = match json {
            Some(json) => E::deserialize(&json).map_err(|_| self.decode_error(&event, Some(&json))),
            // Text an event schema types as a string.
            None => E::deserialize(Value::String(event.data.clone())).map_err(|_| self.decode_error(&event, None)),
        };
        Some(decoded)
    }

    fn event_error(&self, event: ServerSentEvent, json: Option<Value>) -> Error {
        Error::Event(Box::new(EventError {
            status: self.events.status,
            request_id: self.events.request_id.clone(),
            event: event.event,
            id: event.id,
            data: event.data,
            json,
        }))
    }

    fn decode_error(&self, event: &ServerSentEvent, json: Option<&Value>) -> Error {
        let (path, message) = match json {
            Some(json) => match serde_path_to_error::deserialize::<_, E>(json) {
                Err(error) => (error.path().to_string(), error.inner().to_string()),
                Ok(_) => (".".to_owned(), "the data does not match the event type".to_owned()),
            },
            None => (".".to_owned(), "the data is not JSON".to_owned()),
        };
        Error::Decode(Box::new(DecodeError {
            status: self.events.status,
            request_id: self.events.request_id.clone(),
            path,
            message,
            body_snippet: snippet(&event.data),
            event: Some(event.event.clone()),
        }))
    }
}

impl<E: DeserializeOwned> Stream for EventStream<E> {
    type Item = Result<E, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            let event = match std::task::ready!(this.events.poll_next_unpin(cx)) {
                Some(Ok(event)) => event,
                Some(Err(error)) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                None => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
            };
            if let Some(item) = this.decode(event) {
                return Poll::Ready(Some(item));
            }
        }
    }
}

/// The error a JSON answer to a request for events stands for.
async fn not_a_stream(response: Response) -> Error {
    let (status, request_id) = (response.status(), response.request_id().map(str::to_owned));
    match response.json::<Value>().await {
        Ok(json) if json.get("error").is_some_and(|error| !error.is_null()) => Error::Event(Box::new(EventError {
            status,
            request_id,
            event: "error".to_owned(),
            id: None,
            data: json.to_string(),
            json: Some(json),
        })),
        Ok(_) => Error::UnexpectedResponse {
            message: "the server answered a request for an event stream with JSON, not events".to_owned(),
        },
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that uses every rule: a BOM, every line end, comments, multi-line data, `event`,
    /// `id`, `retry`, a field without a colon, an unknown field, an event with no data, and a
    /// trailing event that no blank line ends.
    const RECORDED: &[u8] = b"\xEF\xBB\xBF: a comment\r\n\
        retry: 1500\n\
        event: delta\rdata: {\"text\":\"h\xC3\xA9\"}\r\n\r\n\
        id: 7\ndata:first\ndata:  second\n\n\
        data\n\n\
        event: ping\n\n\
        unknown: field\nid: with\0nul\ndata: [DONE]\r\r\
        data: cut";

    fn expected() -> Vec<ServerSentEvent> {
        let event = |event: &str, data: &str, id: Option<&str>| ServerSentEvent {
            event: event.to_owned(),
            data: data.to_owned(),
            id: id.map(str::to_owned),
            retry: Some(Duration::from_millis(1500)),
        };
        vec![
            event("delta", "{\"text\":\"hé\"}", None),
            event("message", "first\n second", Some("7")),
            event("message", "", Some("7")),
            event("message", "[DONE]", Some("7")),
        ]
    }

    fn parse(chunks: &[&[u8]]) -> (Vec<ServerSentEvent>, bool) {
        let mut parser = EventParser::default();
        let mut events = Vec::new();
        for chunk in chunks {
            parser.feed(chunk);
            events.extend(std::iter::from_fn(|| parser.next_event()));
        }
        (events, parser.is_inside_event())
    }

    #[test]
    fn follows_the_event_stream_rules() {
        assert_eq!(parse(&[RECORDED]), (expected(), true));
    }

    #[test]
    fn any_split_point_gives_the_same_events() {
        for split in 0..=RECORDED.len() {
            let (head, tail) = RECORDED.split_at(split);
            assert_eq!(parse(&[head, tail]), (expected(), true), "split at byte {split}");
        }
        let bytes: Vec<&[u8]> = RECORDED.chunks(1).collect();
        assert_eq!(parse(&bytes), (expected(), true), "byte by byte");
    }

    #[test]
    fn random_splits_give_the_same_events() {
        for seed in 0..500 {
            let mut rng = fastrand::Rng::with_seed(seed);
            let mut chunks = Vec::new();
            let mut rest = RECORDED;
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(rng.usize(0..=rest.len().min(12)));
                chunks.push(chunk);
                rest = tail;
            }
            assert_eq!(parse(&chunks), (expected(), true), "seed {seed}: {chunks:?}");
        }
    }

    #[test]
    fn an_event_is_ready_when_its_blank_line_arrives() {
        let mut parser = EventParser::default();
        parser.feed(b"data: one\n");
        assert_eq!(parser.next_event(), None);
        parser.feed(b"\n");
        assert_eq!(parser.next_event().map(|event| event.data), Some("one".to_owned()));
        assert!(!parser.is_inside_event());
        // A lone CR ends the line at once; the LF that may follow is not a second, blank line.
        parser.feed(b"data: two\r");
        parser.feed(b"\n");
        assert_eq!(parser.next_event(), None);
        parser.feed(b"\r\n");
        assert_eq!(parser.next_event().map(|event| event.data), Some("two".to_owned()));
    }

    #[test]
    fn a_partial_byte_order_mark_is_data() {
        assert_eq!(parse(&[b"\xEF\xBB", b"data: x\n\n"]).0, []);
        assert_eq!(parse(&[b"\xEF", b"\xBB\xBFdata: x\n\n"]).0[0].data, "x");
        assert_eq!(parse(&[b"da", b"ta: x\n\n"]).0[0].data, "x");
    }
}
