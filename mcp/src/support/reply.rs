//! What a tool call gives back: the response as JSON or text, trimmed to what an agent can read,
//! or why it failed, in words the agent can act on.

use std::fmt;

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde_json::Value;

use crate::sdk::runtime::{ByteStream, Error};

/// The most events a streamed response collects into one reply.
const MAX_EVENTS: usize = 1_000;

/// The most characters of an API's error body a failure shows.
const MAX_ERROR_BODY: usize = 2_000;

/// The most bytes of a binary response read to be shown: far more than a reply carries.
const MAX_SHOWN_BYTES: usize = 8 << 20;

/// Why a tool call failed.
#[derive(Debug)]
pub enum Failure {
    /// The API call failed (or could not be made).
    Api(Error),
    /// An argument could not be used.
    Argument(String),
    /// No tool has the name the call gave.
    UnknownTool,
    /// A file could not be read or written.
    Io(std::io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Api(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The SDK's errors name the status and the API's message, never a credential.
        match self {
            Failure::Api(error) => {
                write!(f, "{error}")?;
                // The whole error body too: what a validation error says of each field is what an
                // agent needs to correct its call.
                match error.api_error().and_then(|api| api.json.as_ref()) {
                    Some(json) => write!(f, "\nThe API's response: {}", cut(json.to_string(), MAX_ERROR_BODY).0),
                    None => Ok(()),
                }
            }
            Failure::Argument(message) => write!(f, "invalid arguments: {message}"),
            Failure::UnknownTool => f.write_str("no tool has that name"),
            Failure::Io(error) => write!(f, "cannot use the file: {error}"),
        }
    }
}

/// A successful tool call's result.
#[derive(Debug)]
pub enum Reply {
    /// A JSON response, as the SDK serialized it (its fields in the spec's order).
    Json(String),
    /// A text response, or what the server says it did.
    Text(String),
}

impl Reply {
    /// A text response as the API sent it.
    pub fn text(text: impl Into<String>) -> Self {
        Reply::Text(text.into())
    }

    /// A call whose response carries nothing.
    pub fn done() -> Self {
        Reply::Text("Done: the API accepted the request and returned no content.".to_owned())
    }

    /// The reply as text of at most `limit` characters (near enough: JSON is cut by items), and a
    /// note saying what was left out, if anything was.
    pub(super) fn into_text(self, limit: usize) -> (String, Option<String>) {
        match self {
            Reply::Json(text) if text.chars().count() <= limit => (text, None),
            Reply::Json(text) => match serde_json::from_str(&text) {
                Ok(value) => trimmed_json(&value, limit),
                Err(_) => cut(text, limit),
            },
            Reply::Text(text) => cut(text, limit),
        }
    }
}

/// A JSON response.
pub fn json<T: Serialize>(value: &T) -> Result<Reply, Failure> {
    serde_json::to_string(value)
        .map(Reply::Json)
        .map_err(|error| Failure::Argument(format!("the response cannot be shown as JSON: {error}")))
}

/// A streamed response's events, collected as one JSON array.
pub async fn events<T: Serialize>(events: impl Stream<Item = Result<T, Error>>) -> Result<Reply, Failure> {
    let mut events = std::pin::pin!(events);
    let mut collected = Vec::new();
    while let Some(event) = events.next().await {
        collected.push(serde_json::to_value(event?).unwrap_or(Value::Null));
        if collected.len() == MAX_EVENTS {
            break;
        }
    }
    Ok(Reply::Json(Value::Array(collected).to_string()))
}

/// A binary response: saved to `save_to`, else shown when it is text, else described.
pub async fn download(stream: ByteStream, save_to: Option<&str>) -> Result<Reply, Failure> {
    let content_type = stream.content_type().unwrap_or("application/octet-stream").to_owned();
    if let Some(path) = save_to {
        let written = stream.write_to(path).await?;
        return Ok(Reply::Text(format!("Saved {written} bytes ({content_type}) to {path}.")));
    }
    let (bytes, complete) = head(stream).await?;
    let size = match complete {
        true => format!("{} bytes", bytes.len()),
        false => format!("more than {} bytes", bytes.len()),
    };
    Ok(match (String::from_utf8(bytes), complete) {
        (Ok(text), true) => Reply::Text(text),
        _ => Reply::Text(format!(
            "The response is {size} of {content_type}. Call the tool again with `save_to` set to a local path to save it."
        )),
    })
}

/// The first bytes of `stream`, up to [`MAX_SHOWN_BYTES`], and whether that was all of it: a reply
/// shows no more, so a large download is not held in memory.
async fn head(mut stream: ByteStream) -> Result<(Vec<u8>, bool), Failure> {
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next_chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_SHOWN_BYTES {
            return Ok((bytes, false));
        }
    }
    Ok((bytes, true))
}

/// `text`, cut at `limit` characters.
fn cut(text: String, limit: usize) -> (String, Option<String>) {
    let Some((end, _)) = text.char_indices().nth(limit) else { return (text, None) };
    let note = format!(
        "The response was cut at {limit} of {} characters; what follows the cut was left out.",
        text.chars().count()
    );
    (text[..end].to_owned(), Some(note))
}

/// `value`, too long as it is, as compact JSON that fits `limit`: the items of its largest array
/// are kept while they fit, so what is shown is still JSON; cut as text when that is not enough.
fn trimmed_json(value: &Value, limit: usize) -> (String, Option<String>) {
    if let Some((pointer, total)) = largest_array(value) {
        let fits = |kept: usize| with_items(value, &pointer, kept).to_string().chars().count() <= limit;
        let (mut low, mut high) = (0, total);
        while low < high {
            let middle = (low + high).div_ceil(2);
            if fits(middle) {
                low = middle
            } else {
                high = middle - 1
            }
        }
        if fits(low) {
            let place = if pointer.is_empty() { "the response".to_owned() } else { format!("`{pointer}`") };
            let note = format!(
                "The response was trimmed to fit: {low} of the {total} items of {place} are shown. Ask for fewer items (a page size or a filter argument) to see the rest."
            );
            return (with_items(value, &pointer, low).to_string(), Some(note));
        }
    }
    cut(value.to_string(), limit)
}

/// The JSON pointer and length of the array with the longest JSON within a few levels of `value`.
fn largest_array(value: &Value) -> Option<(String, usize)> {
    let mut arrays = Vec::new();
    collect_arrays(value, String::new(), 3, &mut arrays);
    arrays.into_iter().max_by_key(|(_, _, size)| *size).map(|(pointer, length, _)| (pointer, length))
}

/// Each array within `depth` levels of `value`: its pointer, length and size as JSON.
fn collect_arrays(value: &Value, pointer: String, depth: usize, arrays: &mut Vec<(String, usize, usize)>) {
    match value {
        Value::Array(items) => arrays.push((pointer, items.len(), value.to_string().len())),
        Value::Object(fields) if depth > 0 => {
            for (name, field) in fields {
                let inner = format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
                collect_arrays(field, inner, depth - 1, arrays);
            }
        }
        _ => {}
    }
}

/// `value` with only the first `kept` items of the array at `pointer`.
fn with_items(value: &Value, pointer: &str, kept: usize) -> Value {
    let mut value = value.clone();
    if let Some(Value::Array(items)) = value.pointer_mut(pointer) {
        items.truncate(kept);
    }
    value
}
