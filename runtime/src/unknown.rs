//! Values the API sent that this version of the SDK does not know.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

/// A value the API sent that this version of the SDK does not know: a new enum value, or a new kind
/// of a union. It can be read, compared and sent back, but code cannot make one, so that an unknown
/// value is never confused with a known one (`Unknown("ready")` cannot stand in for `Ready`): to
/// name a value, use the enum's variant, or `From<&str>`, which picks the variant when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(transparent)]
pub struct UnknownValue<T>(T);

/// Written as the bare value; labelled while an example is checked.
impl<T: Serialize> Serialize for UnknownValue<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "serialize")]
        if super::example_check::marking() {
            return super::example_check::mark_unknown(&self.0, serializer);
        }
        self.0.serialize(serializer)
    }
}

impl<T> UnknownValue<T> {
    // For the generated enums' `Unknown` variants: opaque to everyone else.
    #[doc(hidden)]
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The value as the API sent it.
    pub fn get(&self) -> &T {
        &self.0
    }

    /// The value as the API sent it.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl UnknownValue<String> {
    /// The value as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: fmt::Display> fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
