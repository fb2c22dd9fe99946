//! A tool call's arguments made into the SDK's values: each taken out by name as the type its
//! setter takes, so that what is left over at the end is what the tool does not know.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::reply::Failure;
use crate::sdk::runtime::UploadFile;

/// The arguments of one tool call, as the agent sent them.
#[derive(Debug, Default)]
pub struct Arguments(Map<String, Value>);

impl Arguments {
    /// The call's arguments; none at all is an empty object.
    pub fn new(arguments: Option<Map<String, Value>>) -> Self {
        Self(arguments.unwrap_or_default())
    }

    /// The argument `name` as `T`, taken out; a missing argument and `null` are both `None`.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, Failure> {
        match self.0.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => {
                serde_json::from_value(value).map(Some).map_err(|error| Failure::Argument(format!("`{name}`: {error}")))
            }
        }
    }

    /// The argument `name` as `T`, which the tool cannot do without.
    pub fn require<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, Failure> {
        self.take(name)?.ok_or_else(|| Failure::Argument(format!("`{name}` is required")))
    }

    /// Refuses arguments no input took: a misspelt name would otherwise be dropped in silence.
    pub fn finish(self) -> Result<(), Failure> {
        if self.0.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = self.0.keys().map(|name| format!("`{name}`")).collect();
        Err(Failure::Argument(format!("the tool takes no {}; its input schema lists what it takes", names.join(", "))))
    }
}

/// A local file to upload.
pub fn upload(path: impl AsRef<Path>) -> UploadFile {
    UploadFile::from_path(path.as_ref())
}
