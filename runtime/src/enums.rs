//! The enums of generated `types` modules, declared with a macro each: what every string or integer
//! enum needs is the same, so it is written once here rather than hundreds of times in a big API.
//!
//! An enum keeps values it does not know in an `Unknown` variant holding an opaque
//! [`UnknownValue`](super::UnknownValue), and is `#[non_exhaustive]`, so that the API adding a value
//! is not a breaking change. Its serde impls read and write the bare value.

/// A string enum: the enum (each variant documented with its wire value), `as_str`, `From<&str>`,
/// `FromStr`, `Display`, `Serialize` and `Deserialize`.
#[doc(hidden)]
#[macro_export]
macro_rules! __sdkgen_string_enum {
    ($(#[$attr:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this version of the SDK does not know.
            Unknown($crate::UnknownValue<String>),
        }

        // The impls of a deprecated enum are part of it, not uses of it.
        #[allow(deprecated)]
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        #[allow(deprecated)]
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::UnknownValue::new(other.to_owned())),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    // Through `UnknownValue`, which an example check labels.
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    known => serializer.serialize_str(known.as_str()),
                }
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(|value| Self::from(value.as_str()))
            }
        }
    };
}

/// An integer enum: the enum (each variant documented with its wire value), `value`, `From<i64>`,
/// `Display`, `Serialize` and `Deserialize`.
#[doc(hidden)]
#[macro_export]
macro_rules! __sdkgen_integer_enum {
    ($(#[$attr:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this version of the SDK does not know.
            Unknown($crate::UnknownValue<i64>),
        }

        // The impls of a deprecated enum are part of it, not uses of it.
        #[allow(deprecated)]
        impl $name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value.get(),
                }
            }
        }

        #[allow(deprecated)]
        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::UnknownValue::new(other)),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    known => serializer.serialize_i64(known.value()),
                }
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

// Exported at the root, as `macro_export` must; named by path, as `runtime::enums::string_enum!`.
pub use crate::__sdkgen_integer_enum as integer_enum;
pub use crate::__sdkgen_string_enum as string_enum;

/// Reads a value as one variant of a union: the union's value, with how many properties the
/// variant kept aside as undeclared; `None` if it does not read as that variant.
pub type VariantReader<T> = fn(&serde_json::Value) -> Option<(usize, T)>;

/// A union's value read as the variant that fits it best: the first of `readers` (each reads it as
/// one variant, with how many properties that variant kept aside as undeclared) that keeps nothing
/// aside, else the one that keeps the fewest (a server's newer properties), first first; `None`
/// if no variant reads it.
pub fn best_fit<T>(value: &serde_json::Value, readers: &[VariantReader<T>]) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for read in readers {
        let Some((kept_aside, candidate)) = read(value) else { continue };
        if kept_aside == 0 {
            return Some(candidate);
        }
        if best.as_ref().is_none_or(|(fewest, _)| kept_aside < *fewest) {
            best = Some((kept_aside, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Whether `value` may be a union member that shares its discriminator value with others: each
/// of the member's enumerated properties that `value` has holds one of the values it allows.
pub fn fits(value: &serde_json::Value, narrowing: &[(&str, &[&str])]) -> bool {
    narrowing.iter().all(|(property, allowed)| {
        value.get(property).and_then(serde_json::Value::as_str).is_none_or(|found| allowed.contains(&found))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::best_fit;

    /// Reads an object with the keys `declared`, keeping the others aside; a variant's name.
    fn reader(
        declared: &'static [&'static str],
        name: &'static str,
    ) -> impl Fn(&Value) -> Option<(usize, &'static str)> {
        move |value| {
            let object = value.as_object()?;
            declared.iter().all(|key| object.contains_key(*key)).then_some(())?;
            Some((object.keys().filter(|key| !declared.contains(&key.as_str())).count(), name))
        }
    }

    #[test]
    fn the_variant_that_keeps_nothing_aside_wins_else_the_one_that_keeps_least() {
        let organization = |value: &Value| reader(&["login"], "organization")(value);
        let user = |value: &Value| reader(&["login", "html_url"], "user")(value);
        let readers: &[super::VariantReader<&'static str>] = &[organization, user];
        assert_eq!(best_fit(&json!({"login": "octocat", "html_url": "u"}), readers), Some("user"));
        assert_eq!(best_fit(&json!({"login": "github"}), readers), Some("organization"));
        assert_eq!(best_fit(&json!({"login": "x", "html_url": "u", "new": 1}), readers), Some("user"));
        assert_eq!(best_fit(&json!({"name": "x"}), readers), None);
    }
}
