//! Arguments made into the SDK's values: flags parsed as the values they set, the body as JSON from
//! the command line, a file or standard input, and files to upload.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::exit::Failure;
use crate::sdk::runtime::{RequestOptions, UploadFile};

/// A flag's value as the type it sets: as a JSON string first (`2024-05-01`, `ready`, a UUID),
/// then as JSON (`{"page": 2}`, `[1, 2]`). clap calls it, so a bad value is a usage error.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(text.to_owned()))
        .or_else(|_| serde_json::from_str(text))
        .map_err(|error| format!("not a valid value: {error}"))
}

/// The `--json` flag's value: JSON text, `@path` for a file's, or `-` for standard input's.
pub fn read_json(text: &str) -> Result<Value, String> {
    let (source, read) = match text {
        "-" => ("standard input".to_owned(), std::io::read_to_string(std::io::stdin())),
        _ => match text.strip_prefix('@') {
            Some(path) => (path.to_owned(), std::fs::read_to_string(path)),
            None => return serde_json::from_str(text).map_err(|error| format!("not JSON: {error}")),
        },
    };
    let text = read.map_err(|error| format!("cannot read {source}: {error}"))?;
    serde_json::from_str(&text).map_err(|error| format!("{source} is not JSON: {error}"))
}

/// A file to upload: a path, or `-` for standard input (streamed, so it is sent once, without
/// retries).
pub fn upload(path: &Path) -> UploadFile {
    if path == Path::new("-") {
        return UploadFile::from_reader(tokio::io::stdin()).file_name("stdin");
    }
    UploadFile::from_path(path)
}

/// A body object given as JSON, whose properties go to the setters' flags they name, then, for
/// those the spec does not declare, into the request as they are.
#[derive(Debug, Default)]
pub struct JsonBody(Map<String, Value>);

impl JsonBody {
    /// The body `--json` gave, which must be an object.
    pub fn new(json: Option<Value>) -> Result<Self, Failure> {
        match json {
            None => Ok(Self::default()),
            Some(Value::Object(properties)) => Ok(Self(properties)),
            Some(_) => Err(Failure::Input("`--json` must be an object".to_owned())),
        }
    }

    /// The property `wire_name` as the type its setter takes, taken out of the body.
    pub fn take<T: DeserializeOwned>(&mut self, wire_name: &str) -> Result<Option<T>, Failure> {
        let Some(value) = self.0.remove(wire_name) else { return Ok(None) };
        serde_json::from_value(value)
            .map(Some)
            .map_err(|error| Failure::Input(format!("`{wire_name}` in `--json`: {error}")))
    }

    /// The properties no setter took, sent as they are.
    pub fn into_options(self) -> RequestOptions {
        self.0.into_iter().fold(RequestOptions::new(), |options, (name, value)| options.body_field(name, value))
    }
}

/// A whole body given by `--json`, as the type its setter takes.
pub fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|error| Failure::Input(format!("`--json`: {error}")))
}
