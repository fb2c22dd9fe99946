//! The structs responses carry, declared with one macro each. What every such struct needs is the
//! same (a constructor, serde impls that read each property by its wire name and keep the ones the
//! spec does not declare), so it is written once here. Each struct lists its properties twice: once
//! to read them ([`Object::read`]) and once to walk them ([`Fields::walk`]), which `Debug` and
//! `Serialize` share. Both are generic over a trait of this module rather than over serde's, and
//! the impls of serde's traits are one call each: compiling them costs a fraction of what serde's
//! derive costs for a large API (GitHub's 1,500 objects, 14,000 properties).

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::fmt::{self, Debug, DebugStruct, Formatter};
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

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
        #[derive(Clone, Default, PartialEq)]
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
        #[derive(Clone, PartialEq)]
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
                $crate::objects::deserialize(deserializer)
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::objects::Object<'de> for $name {
            const NAME: &'static str = stringify!($name);

            fn read<R: $crate::objects::FieldReader<'de>>(mut map: R) -> Result<Self, R::Error> {
                $(let mut $rfield: Option<$rty> = None;)*
                $(let mut $cfield: Option<$cty> = None;)*
                $(let mut $nfield: Option<$nty> = None;)*
                $(let mut $ofield: Option<$oty> = None;)*
                let mut $extra = ::serde_json::Map::new();
                // Each arm is a call and one `?` follows the match: the fewer branches each
                // struct's impl has, the faster a crate of thousands of them compiles.
                while let Some(key) = map.key()? {
                    match key.as_str() {
                        $($rwire $(| $ralias)* => map.read(&mut $rfield),)*
                        $($cwire => map.read(&mut $cfield),)*
                        $($nwire $(| $nalias)* => map.read_nullable(&mut $nfield),)*
                        $($owire $(| $oalias)* => map.read_nullable(&mut $ofield),)*
                        _ => map.read_unknown(&mut $extra, key),
                    }?;
                }
                // One match on every required value rather than a `?` each: see above. Which one is
                // missing is worked out only when one is.
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

        // With `Serialize`, one walk serves it and `Debug`; without, the same walk with a bound of
        // `Debug` alone serves `Debug` (the properties' types may not be `Serialize`).
        #[cfg($($serialize)*)]
        $crate::objects::object!(@walk Fields Walker $name {
            $($rfield = $rwire,)* $($cfield = $cwire,)* $($nfield = $nwire,)* ; $($ofield = $owire,)* ; $extra
        });

        #[cfg($($serialize)*)]
        #[allow(deprecated)]
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::objects::debug(self, f)
            }
        }

        #[cfg($($serialize)*)]
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::objects::serialize(self, serializer)
            }
        }

        #[cfg(not($($serialize)*))]
        $crate::objects::object!(@walk DebugFields DebugWalker $name {
            $($rfield = $rwire,)* $($cfield = $cwire,)* $($nfield = $nwire,)* ; $($ofield = $owire,)* ; $extra
        });

        #[cfg(not($($serialize)*))]
        #[allow(deprecated)]
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::objects::debug_only(self, f)
            }
        }
    };
    // The walk over a struct's properties, as an impl of `Fields` or `DebugFields`: those that are
    // written even when `None`, then those left out when `None`, then the unknown map.
    (@walk $fields:ident $walker:ident $name:ident { $($field:ident = $wire:literal,)* ; $($ofield:ident = $owire:literal,)* ; $extra:ident }) => {
        #[allow(deprecated)]
        impl $crate::objects::$fields for $name {
            fn walk<W: $crate::objects::$walker>(&self, walker: &mut W) {
                $(walker.field(stringify!($field), $wire, &self.$field);)*
                $(walker.optional(stringify!($ofield), $owire, &self.$ofield);)*
                walker.unknown(stringify!($extra), &self.$extra);
            }
        }
    };
}

// Exported at the root, as `macro_export` must; named by path, as `runtime::objects::object!`.
pub use crate::__sdkgen_object as object;

/// A struct whose properties are `Debug` and `Serialize`, walked in order: what its `Debug` and
/// `Serialize` are written with. (An [`Object`] too, for its name.)
pub trait Fields: Object<'static> {
    fn walk<W: Walker>(&self, walker: &mut W);
}

/// What walks the properties of [`Fields`].
pub trait Walker {
    /// A property written even when it is `None`: `name` is the field's, `wire` the property's.
    fn field<T: Debug + Serialize + ?Sized>(&mut self, name: &'static str, wire: &'static str, value: &T);
    /// A property left out when it is `None`.
    fn optional<T: Debug + Serialize>(&mut self, name: &'static str, wire: &'static str, value: &Option<T>);
    /// The properties the spec does not declare, in the field `name`.
    fn unknown(&mut self, name: &'static str, unknown: &Map<String, Value>);
}

/// A struct whose properties may not be `Serialize` (what responses carry, without the
/// `serialize` feature), walked for its `Debug`.
pub trait DebugFields: Object<'static> {
    fn walk<W: DebugWalker>(&self, walker: &mut W);
}

/// What walks the properties of [`DebugFields`].
pub trait DebugWalker {
    fn field<T: Debug + ?Sized>(&mut self, name: &'static str, wire: &'static str, value: &T);
    fn optional<T: Debug>(&mut self, name: &'static str, wire: &'static str, value: &Option<T>);
    fn unknown(&mut self, name: &'static str, unknown: &Map<String, Value>);
}

/// `Debug` as `derive(Debug)` writes it: the struct's name, then each field by its Rust name.
pub fn debug<T: Fields>(value: &T, f: &mut Formatter<'_>) -> fmt::Result {
    let mut writer = DebugWriter(f.debug_struct(T::NAME));
    value.walk(&mut writer);
    writer.0.finish()
}

/// [`debug`], for a struct that is not `Serialize`.
pub fn debug_only<T: DebugFields>(value: &T, f: &mut Formatter<'_>) -> fmt::Result {
    let mut writer = DebugWriter(f.debug_struct(T::NAME));
    value.walk(&mut writer);
    writer.0.finish()
}

struct DebugWriter<'a, 'b>(DebugStruct<'a, 'b>);

impl DebugWriter<'_, '_> {
    fn field(&mut self, name: &'static str, value: &dyn Debug) {
        // As `derive(Debug)` writes a raw identifier: `type`, not `r#type`.
        self.0.field(name.strip_prefix("r#").unwrap_or(name), value);
    }
}

impl Walker for DebugWriter<'_, '_> {
    fn field<T: Debug + Serialize + ?Sized>(&mut self, name: &'static str, _: &'static str, value: &T) {
        DebugWriter::field(self, name, &value);
    }

    fn optional<T: Debug + Serialize>(&mut self, name: &'static str, _: &'static str, value: &Option<T>) {
        DebugWriter::field(self, name, value);
    }

    fn unknown(&mut self, name: &'static str, unknown: &Map<String, Value>) {
        DebugWriter::field(self, name, unknown);
    }
}

impl DebugWalker for DebugWriter<'_, '_> {
    fn field<T: Debug + ?Sized>(&mut self, name: &'static str, _: &'static str, value: &T) {
        DebugWriter::field(self, name, &value);
    }

    fn optional<T: Debug>(&mut self, name: &'static str, _: &'static str, value: &Option<T>) {
        DebugWriter::field(self, name, value);
    }

    fn unknown(&mut self, name: &'static str, unknown: &Map<String, Value>) {
        DebugWriter::field(self, name, unknown);
    }
}

/// An object's properties by their wire names, optional ones left out when `None`, then the ones
/// the spec does not declare under the names they came with.
pub fn serialize<T: Fields, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut writer = SerializeWriter { map: serializer.serialize_map(None)?, error: None, owner: T::NAME };
    value.walk(&mut writer);
    match writer.error {
        Some(error) => Err(error),
        None => writer.map.end(),
    }
}

/// Writes the properties in order, keeping the first error and skipping what follows it: the walk
/// is then one call per property, with no branch of its own.
struct SerializeWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
    owner: &'static str,
}

impl<M: SerializeMap> SerializeWriter<M> {
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }
}

impl<M: SerializeMap> Walker for SerializeWriter<M> {
    fn field<T: Debug + Serialize + ?Sized>(&mut self, _: &'static str, wire: &'static str, value: &T) {
        self.entry(wire, value);
    }

    fn optional<T: Debug + Serialize>(&mut self, _: &'static str, wire: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(wire, value);
        }
    }

    fn unknown(&mut self, _: &'static str, unknown: &Map<String, Value>) {
        for (key, value) in unknown {
            self.entry(&undeclared_key(self.owner, key), value);
        }
    }
}

/// A struct that responses carry, read from a JSON object's properties.
pub trait Object<'de>: Sized {
    /// The struct's name, for messages.
    const NAME: &'static str;

    fn read<R: FieldReader<'de>>(map: R) -> Result<Self, R::Error>;
}

/// What [`Object::read`] reads properties from: a serde map, through [`deserialize`].
pub trait FieldReader<'de> {
    type Error: Error;

    /// The next property's name, if there is one.
    fn key(&mut self) -> Result<Option<Key<'de>>, Self::Error>;
    /// The value of the property whose name was just read, into `slot`.
    fn read<T: Deserialize<'de> + 'static>(&mut self, slot: &mut Option<T>) -> Result<(), Self::Error>;
    /// [`read`](Self::read), where `null` is `None`.
    fn read_nullable<T: Deserialize<'de> + 'static>(&mut self, slot: &mut Option<T>) -> Result<(), Self::Error>;
    /// The value of a property the spec does not declare, into `unknown` under its name.
    fn read_unknown(&mut self, unknown: &mut Map<String, Value>, key: Key<'de>) -> Result<(), Self::Error>;
}

/// An object of type `T` from any serde deserializer.
pub fn deserialize<'de, D: Deserializer<'de>, T: Object<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(MapReader(map))
    }
}

struct MapReader<A>(A);

impl<'de, A: MapAccess<'de>> FieldReader<'de> for MapReader<A> {
    type Error = A::Error;

    fn key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.0.next_key()
    }

    fn read<T: Deserialize<'de> + 'static>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = Some(match is_date_time::<T>() {
            true => as_field::<T, A::Error>(date_time(&self.0.next_value::<String>()?))?,
            false => self.0.next_value()?,
        });
        Ok(())
    }

    fn read_nullable<T: Deserialize<'de> + 'static>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = match is_date_time::<T>() {
            true => {
                let text = self.0.next_value::<Option<String>>()?;
                text.map(|text| as_field::<T, A::Error>(date_time(&text))).transpose()?
            }
            false => self.0.next_value()?,
        };
        Ok(())
    }

    fn read_unknown(&mut self, unknown: &mut Map<String, Value>, key: Key<'de>) -> Result<(), A::Error> {
        unknown.insert(key.into_string(), self.0.next_value()?);
        Ok(())
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

/// How the key of a property `owner` does not declare is written: as it came, but labelled while
/// an example is checked.
#[cfg(feature = "serialize")]
fn undeclared_key<'k>(owner: &str, key: &'k str) -> Cow<'k, str> {
    match super::example_check::marking() {
        true => Cow::Owned(super::example_check::mark_undeclared(owner, key)),
        false => Cow::Borrowed(key),
    }
}

/// How the key of a property an object does not declare is written: as it came.
#[cfg(not(feature = "serialize"))]
fn undeclared_key<'k>(_owner: &str, key: &'k str) -> Cow<'k, str> {
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

    #[allow(unreachable_pub, reason = "the macro declares public types, as in generated code")]
    mod types {
        super::super::object! {
            /// A response's struct: `Serialize` only with the `serialize` feature.
            pub struct Upload {
                required { id: String = "id", }
                constant { object: String = "object" => "upload", }
                nullable { size: i64 = "size", }
                optional { r#type: String = "type" | "kind", }
                unknown: extra,
            }
        }

        super::super::object! {
            /// A request's struct: always `Serialize`.
            pub struct Part: Serialize {
                optional { name: String = "name", }
                unknown: extra,
            }
        }

        /// What `derive(Debug)` writes for `Upload`.
        #[derive(Debug)]
        #[allow(dead_code, reason = "only `Debug` reads it")]
        pub struct Derived {
            pub id: String,
            pub object: String,
            pub size: Option<i64>,
            pub r#type: Option<String>,
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    }

    #[test]
    fn objects_read_write_and_print_as_derived_structs_do() {
        let json = r#"{"kind":"pdf","id":"u1","size":null,"surprise":[1]}"#;
        let upload: types::Upload = serde_json::from_str(json).unwrap();
        let derived = types::Derived {
            id: "u1".to_owned(),
            object: "upload".to_owned(),
            size: None,
            r#type: Some("pdf".to_owned()),
            extra: serde_json::from_str(r#"{"surprise":[1]}"#).unwrap(),
        };
        assert_eq!(format!("{upload:?}"), format!("{derived:?}").replace("Derived", "Upload"));
        assert_eq!(format!("{upload:#?}"), format!("{derived:#?}").replace("Derived", "Upload"));
        #[cfg(feature = "serialize")]
        assert_eq!(
            serde_json::to_string(&upload).unwrap(),
            r#"{"id":"u1","object":"upload","size":null,"type":"pdf","surprise":[1]}"#
        );

        let error = serde_json::from_str::<types::Upload>(r#"{"size":1}"#).unwrap_err();
        assert_eq!(error.to_string(), "missing field `id` at line 1 column 10");
        let error = serde_json::from_str::<types::Upload>("[1]").unwrap_err();
        assert_eq!(error.to_string(), "invalid type: sequence, expected an object (Upload) at line 1 column 0");

        assert_eq!(types::Upload::new("u2".to_owned()).object, "upload");
        let part = types::Part { name: None, extra: serde_json::Map::new() };
        assert_eq!(serde_json::to_string(&part).unwrap(), "{}");
        assert_eq!(format!("{part:?}"), "Part { name: None, extra: {} }");
    }

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
