//! The structs responses carry, declared with one macro each. What every such struct needs is the
//! same (a constructor, serde impls that read each property by its wire name and keep the ones the
//! spec does not declare), so it is written once here. The impls are plain loops over the object's
//! properties: compiling them costs a fraction of what serde's derive costs for a large API.

use std::any::{Any, TypeId};
use std::borrow::Cow;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A struct that responses carry, with its properties in groups:
///
/// ```text
/// runtime::objects::object! {
///     /// A file.                                  (the struct's attributes and docs)
///     pub struct File {                            (`pub struct File: Serialize` when requests send it too)
///         required { id: String = "id", }          (must be present; `new` takes them)
///         constant { object: String = "object" => "file", }   (one possible value; `new` fills it in)
///         nullable { size: i64 = "size", }         (an `Option`, sent as `null` when `None`)
///         optional { name: String = "name" | "fileName", }    (an `Option`, left out when `None`)
///         unknown: extra,                          (the map of properties the spec does not declare)
///     }
/// }
/// ```
///
/// Each property is `field: Type = "wire name"`, with other spellings the server may use after `|`.
/// Groups may be left out. Reading is liberal: a missing nullable, optional or constant property is
/// `None` (or the constant), an undeclared one goes to the unknown map, and a repeated one keeps its
/// last value. `Serialize` writes the wire names, leaves out optional properties that are `None`, and
/// exists only with the `serialize` feature unless the struct is marked `: Serialize`. A struct with
/// no required or constant property has `Default`; any other has `new`.
#[doc(hidden)]
#[macro_export]
macro_rules! __sdkgen_object {
    ($(#[$attr:meta])* pub struct $name:ident: Serialize { $($body:tt)* }) => {
        $crate::objects::object!(@struct [all()] $(#[$attr])* $name { $($body)* });
    };
    ($(#[$attr:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $crate::objects::object!(@struct [feature = "serialize"] $(#[$attr])* $name { $($body)* });
    };
    // Nothing is required: `Default` builds one.
    (@struct [$($serialize:tt)*] $(#[$attr:meta])* $name:ident {
        $(nullable { $($(#[$nattr:meta])* $nfield:ident: $nty:ty = $nwire:literal $(| $nalias:literal)*,)* })?
        $(optional { $($(#[$oattr:meta])* $ofield:ident: $oty:ty = $owire:literal $(| $oalias:literal)*,)* })?
        unknown: $extra:ident $(,)?
    }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $($($(#[$nattr])* pub $nfield: Option<$nty>,)*)?
            $($($(#[$oattr])* pub $ofield: Option<$oty>,)*)?
            #[doc = "Properties the server sent that the API's spec does not declare, by name, as JSON."]
            pub $extra: ::serde_json::Map<String, ::serde_json::Value>,
        }

        $crate::objects::object!(@serde [$($serialize)*] $name {
            required {} constant {}
            nullable { $($($nfield: $nty = $nwire $(| $nalias)*,)*)? }
            optional { $($($ofield: $oty = $owire $(| $oalias)*,)*)? }
            unknown: $extra
        });
    };
    (@struct [$($serialize:tt)*] $(#[$attr:meta])* $name:ident {
        $(required { $($(#[$rattr:meta])* $rfield:ident: $rty:ty = $rwire:literal $(| $ralias:literal)*,)* })?
        $(constant { $($(#[$cattr:meta])* $cfield:ident: $cty:ty = $cwire:literal => $cvalue:literal,)* })?
        $(nullable { $($(#[$nattr:meta])* $nfield:ident: $nty:ty = $nwire:literal $(| $nalias:literal)*,)* })?
        $(optional { $($(#[$oattr:meta])* $ofield:ident: $oty:ty = $owire:literal $(| $oalias:literal)*,)* })?
        unknown: $extra:ident $(,)?
    }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $($($(#[$rattr])* pub $rfield: $rty,)*)?
            $($($(#[$cattr])* pub $cfield: $cty,)*)?
            $($($(#[$nattr])* pub $nfield: Option<$nty>,)*)?
            $($($(#[$oattr])* pub $ofield: Option<$oty>,)*)?
            #[doc = "Properties the server sent that the API's spec does not declare, by name, as JSON."]
            pub $extra: ::serde_json::Map<String, ::serde_json::Value>,
        }

        #[allow(deprecated)]
        impl $name {
            /// Creates one from its required properties; set the others on the value it returns.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($($rfield: $rty),*)?) -> Self {
                Self {
                    $($($rfield,)*)?
                    $($($cfield: $cvalue.into(),)*)?
                    $($($nfield: None,)*)?
                    $($($ofield: None,)*)?
                    $extra: ::serde_json::Map::new(),
                }
            }
        }

        $crate::objects::object!(@serde [$($serialize)*] $name {
            required { $($($rfield: $rty = $rwire $(| $ralias)*,)*)? }
            constant { $($($cfield: $cty = $cwire => $cvalue,)*)? }
            nullable { $($($nfield: $nty = $nwire $(| $nalias)*,)*)? }
            optional { $($($ofield: $oty = $owire $(| $oalias)*,)*)? }
            unknown: $extra
        });
    };
    (@serde [$($serialize:tt)*] $name:ident {
        required { $($rfield:ident: $rty:ty = $rwire:literal $(| $ralias:literal)*,)* }
        constant { $($cfield:ident: $cty:ty = $cwire:literal => $cvalue:literal,)* }
        nullable { $($nfield:ident: $nty:ty = $nwire:literal $(| $nalias:literal)*,)* }
        optional { $($ofield:ident: $oty:ty = $owire:literal $(| $oalias:literal)*,)* }
        unknown: $extra:ident
    }) => {
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $(let mut $rfield: Option<$rty> = None;)*
                        $(let mut $cfield: Option<$cty> = None;)*
                        $(let mut $nfield: Option<$nty> = None;)*
                        $(let mut $ofield: Option<$oty> = None;)*
                        let mut $extra = ::serde_json::Map::new();
                        // Each arm is a call and one `?` follows the match: the fewer branches
                        // each struct's impl has, the faster a crate of thousands of them compiles.
                        while let Some(key) = map.next_key::<$crate::objects::Key<'de>>()? {
                            match key.as_str() {
                                $($rwire $(| $ralias)* => $crate::objects::read(&mut map, &mut $rfield),)*
                                $($cwire => $crate::objects::read(&mut map, &mut $cfield),)*
                                $($nwire $(| $nalias)* => $crate::objects::read_nullable(&mut map, &mut $nfield),)*
                                $($owire $(| $oalias)* => $crate::objects::read_nullable(&mut map, &mut $ofield),)*
                                _ => $crate::objects::read_unknown(&mut map, &mut $extra, key),
                            }?;
                        }
                        // One match on every required value rather than a `?` each: see above.
                        // Which one is missing is worked out only when one is.
                        match ($($rfield,)*) {
                            ($(Some($rfield),)*) => Ok($name {
                                $($rfield,)*
                                $($cfield: $cfield.unwrap_or_else(|| $cvalue.into()),)*
                                $($nfield,)*
                                $($ofield,)*
                                $extra,
                            }),
                            // With no required property, the arm above matches everything.
                            #[allow(unreachable_patterns)]
                            ($($rfield,)*) => Err($crate::objects::missing(&[$(($rwire, $rfield.is_none()),)*])),
                        }
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }

        #[cfg($($serialize)*)]
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                // One call per property and no `?`: see `ObjectWriter`.
                let mut map = $crate::objects::ObjectWriter::new(serializer)?;
                $(map.entry($rwire, &self.$rfield);)*
                $(map.entry($cwire, &self.$cfield);)*
                $(map.entry($nwire, &self.$nfield);)*
                $(map.optional($owire, &self.$ofield);)*
                map.end(stringify!($name), &self.$extra)
            }
        }
    };
}

// Exported at the root, as `macro_export` must; named by path, as `runtime::objects::object!`.
pub use crate::__sdkgen_object as object;

/// Writes an object's properties in order, keeping the first error and skipping what follows it.
///
/// Each struct's `Serialize` is then one call per property, with no branch of its own. With a `?`
/// per property, those impls were a fifth of `cargo check`'s time on GitHub's SDK (1,500 objects,
/// every feature on).
pub struct ObjectWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ObjectWriter<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(serializer: S) -> Result<Self, M::Error> {
        Ok(Self { map: serializer.serialize_map(None)?, error: None })
    }

    /// Writes a property, unless an earlier one failed.
    pub fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }

    /// An optional property is left out when it is `None`.
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Writes the properties the spec does not declare, under the names they came with, and ends
    /// the object.
    pub fn end(mut self, owner: &str, unknown: &serde_json::Map<String, serde_json::Value>) -> Result<M::Ok, M::Error> {
        for (key, value) in unknown {
            self.entry(&undeclared_key(owner, key), value);
        }
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// A property name, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the property whose name was just read into `slot`.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de> + 'static>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(match is_date_time::<T>() {
        true => as_field::<T, A::Error>(date_time(&map.next_value::<String>()?))?,
        false => map.next_value()?,
    });
    Ok(())
}

/// Reads the value of the property whose name was just read into `slot`, where `null` is `None`.
pub fn read_nullable<'de, A: MapAccess<'de>, T: Deserialize<'de> + 'static>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = match is_date_time::<T>() {
        true => {
            map.next_value::<Option<String>>()?.map(|text| as_field::<T, A::Error>(date_time(&text))).transpose()?
        }
        false => map.next_value()?,
    };
    Ok(())
}

/// Whether a field is a date-time, which is read liberally (see [`date_time`]). Known when the
/// crate is compiled: other fields pay nothing.
fn is_date_time<T: 'static>() -> bool {
    TypeId::of::<T>() == TypeId::of::<DateTime<Utc>>()
}

/// A date-time read by [`date_time`] as the field's type, which [`is_date_time`] checked it is.
fn as_field<T: 'static, E: Error>(value: Result<DateTime<Utc>, String>) -> Result<T, E> {
    let value: Box<dyn Any> = Box::new(value.map_err(E::custom)?);
    value.downcast::<T>().map(|value| *value).map_err(|_| E::custom("a date-time field of another type"))
}

/// An RFC 3339 date-time, or one without an offset (`2026-12-06T01:23:06`, or with a space: how
/// SQLite and MySQL timestamps come out of servers such as Directus), which is taken as UTC.
pub(crate) fn date_time(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(value) = DateTime::parse_from_rfc3339(text) {
        return Ok(value.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
        .ok_or_else(|| format!("`{text}` is not a date-time (RFC 3339)"))
}

/// Reads the value of a property the spec does not declare into `unknown`, under its name.
pub fn read_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    unknown: &mut serde_json::Map<String, serde_json::Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    unknown.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// How the key of a property `owner` does not declare is written: as it came, but labelled while
/// an example is checked.
#[cfg(feature = "serialize")]
pub fn undeclared_key<'k>(owner: &str, key: &'k str) -> Cow<'k, str> {
    match super::example_check::marking() {
        true => Cow::Owned(super::example_check::mark_undeclared(owner, key)),
        false => Cow::Borrowed(key),
    }
}

/// How the key of a property an object does not declare is written: as it came.
#[cfg(not(feature = "serialize"))]
pub fn undeclared_key<'k>(_owner: &str, key: &'k str) -> Cow<'k, str> {
    Cow::Borrowed(key)
}

/// Serde's "missing field" error for the first required property (by wire name) that is missing.
pub fn missing<E: Error>(required: &[(&'static str, bool)]) -> E {
    match required.iter().find(|(_, missing)| *missing) {
        Some((wire_name, _)) => E::missing_field(wire_name),
        None => E::custom("a required property is missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_without_an_offset_are_utc() {
        let utc = |text: &str| date_time(text).map(|value| value.to_rfc3339());
        assert_eq!(utc("2026-12-06T01:23:06Z").as_deref(), Ok("2026-12-06T01:23:06+00:00"));
        assert_eq!(utc("2026-12-06T02:23:06+01:00").as_deref(), Ok("2026-12-06T01:23:06+00:00"));
        assert_eq!(utc("2026-12-06T01:23:06").as_deref(), Ok("2026-12-06T01:23:06+00:00"));
        assert_eq!(utc("2026-12-06 01:23:06.250").as_deref(), Ok("2026-12-06T01:23:06.250+00:00"));
        assert_eq!(utc("yesterday"), Err("`yesterday` is not a date-time (RFC 3339)".to_owned()));
    }
}
