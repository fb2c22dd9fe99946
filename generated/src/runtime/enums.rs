//! The enums of generated `types` modules, declared with a macro each: what every string or integer
//! enum needs is the same, so it is written once here rather than hundreds of times in a big API.
//!
//! An enum keeps values it does not know in an `Unknown` variant holding an opaque
//! [`UnknownValue`](super::UnknownValue), and is `#[non_exhaustive]`, so that the API adding a value
//! is not a breaking change. Its serde impls read and write the bare value.

/// A string enum: the enum (each variant documented with its wire value), `as_str`, `From<&str>`,
/// `FromStr`, `Display`, `Serialize` and `Deserialize`.
#[allow(unused_macros, reason = "a spec may have no string enum")]
macro_rules! string_enum {
    ($(#[$attr:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this version of the SDK does not know.
            Unknown($crate::runtime::UnknownValue<String>),
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
                    other => Self::Unknown($crate::runtime::UnknownValue::new(other.to_owned())),
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
#[allow(unused_macros, reason = "a spec may have no integer enum")]
macro_rules! integer_enum {
    ($(#[$attr:meta])* pub enum $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)*
            /// A value this version of the SDK does not know.
            Unknown($crate::runtime::UnknownValue<i64>),
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
                    other => Self::Unknown($crate::runtime::UnknownValue::new(other)),
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

// Path-based, for `runtime::enums::string_enum!`; a spec may have no enum of a kind.
#[allow(unused_imports, reason = "each SDK declares the kinds of enum its spec has")]
pub(crate) use {integer_enum, string_enum};

/// Whether `value` may be a union member that shares its discriminator value with others: each
/// of the member's enumerated properties that `value` has holds one of the values it allows.
pub(crate) fn fits(value: &serde_json::Value, narrowing: &[(&str, &[&str])]) -> bool {
    narrowing.iter().all(|(property, allowed)| {
        value.get(property).and_then(serde_json::Value::as_str).is_none_or(|found| allowed.contains(&found))
    })
}
