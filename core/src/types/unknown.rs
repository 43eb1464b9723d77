//! The shared machinery that lets every enum of the API keep values this version does not
//! know.
//!
//! Two macros generate every open enum in [`crate::types`]:
//!
//! - `string_enum!` for string literals (`stop_reason`, `role`, service tiers, ...): the
//!   known values as unit variants plus `Other(String)`, which keeps any other string and
//!   writes it back unchanged.
//! - `tagged_enum!` for objects discriminated by a `"type"` key (content blocks, sources,
//!   citations, tools, ...): one variant per known tag holding a struct, plus
//!   `Unknown(serde_json::Value)`. Decoding reads the object as a `Value`, looks at the tag
//!   and decodes the matching struct; an unknown tag, or a known tag whose object does not
//!   fit the struct, is kept whole as `Unknown`, which serializes back to the same JSON
//!   (same keys in the same order: `serde_json` is built with `preserve_order`).
//!   Known variants write the tag first, then the struct's fields.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Generates an open string enum: known literals plus `Other(String)`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $lit:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know; kept and sent back as is.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $lit, )*
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $lit => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $lit => Self::$variant, )*
                    _ => Self::Other(s),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }
    };
}

/// Generates an open tagged union: one struct per known `"type"` plus `Unknown(Value)`.
///
/// An optional `@untagged Variant(Type)` arm names the variant used when the object has no
/// tag at all (custom tools may omit `"type"`); it serializes as its struct alone.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( @untagged $(#[$umeta:meta])* $uvariant:ident($uty:ty) = $utag:literal, )?
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $tag:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        $vis enum $name {
            $( $(#[$umeta])* $uvariant($uty), )?
            $( $(#[$vmeta])* $variant($ty), )*
            /// A variant this version does not know (or could not decode), kept as the
            /// JSON it arrived as and serialized back unchanged.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The `"type"` tag of this value (`None` for an untagged or tagless value).
            pub fn type_tag(&self) -> Option<&str> {
                match self {
                    $( Self::$uvariant(_) => Some($utag), )?
                    $( Self::$variant(_) => Some($tag), )*
                    Self::Unknown(v) => v.get("type").and_then(::serde_json::Value::as_str),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$uvariant(v) => ::serde::Serialize::serialize(v, s), )?
                    $( Self::$variant(v) => $crate::types::unknown::serialize_tagged($tag, v, s), )*
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let tag = $crate::types::unknown::tag_of(&value);
                #[allow(unused_variables)]
                let untagged = tag.is_none();
                $(
                    if untagged || tag.as_deref() == Some($utag) {
                        return Ok($crate::types::unknown::decode_untagged_or_keep(value, Self::$uvariant, Self::Unknown));
                    }
                )?
                Ok(match tag.as_deref() {
                    $( Some($tag) => $crate::types::unknown::decode_or_keep(value, Self::$variant, Self::Unknown), )*
                    _ => Self::Unknown(value),
                })
            }
        }
    };
}

/// The string under `"type"`, if the value is an object that has one.
pub(crate) fn tag_of(value: &Value) -> Option<String> {
    value.get("type").and_then(Value::as_str).map(str::to_owned)
}

/// Decodes `value` as `T` (the tag key is left for `T` to ignore or keep); if it does not
/// fit, keeps the value whole.
///
/// Structs that flatten unknown fields into an `extra` map would see the tag there, so the
/// tag is removed before decoding and put back (at its position) only if decoding fails.
pub(crate) fn decode_or_keep<T: DeserializeOwned, E>(
    value: Value,
    known: impl FnOnce(T) -> E,
    unknown: impl FnOnce(Value) -> E,
) -> E {
    let Value::Object(mut map) = value else {
        return unknown(value);
    };
    let tag = map
        .keys()
        .position(|k| k == "type")
        .and_then(|i| map.shift_remove("type").map(|v| (i, v)));
    let stripped = Value::Object(map);
    match T::deserialize(&stripped) {
        Ok(t) => known(t),
        Err(_) => {
            let Value::Object(mut map) = stripped else {
                unreachable!("built as an object")
            };
            if let Some((i, v)) = tag {
                map.shift_insert(i, "type".to_owned(), v);
            }
            unknown(Value::Object(map))
        }
    }
}

/// Decodes `value` as `T` with its `"type"` key left in place (for the untagged variant,
/// whose struct keeps its own optional tag); if it does not fit, keeps the value whole.
pub(crate) fn decode_untagged_or_keep<T: DeserializeOwned, E>(
    value: Value,
    known: impl FnOnce(T) -> E,
    unknown: impl FnOnce(Value) -> E,
) -> E {
    match T::deserialize(&value) {
        Ok(t) => known(t),
        Err(_) => unknown(value),
    }
}

/// Serializes `{"type": tag, ...fields of value}`.
pub(crate) fn serialize_tagged<T: Serialize, S: Serializer>(
    tag: &'static str,
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    WithTag { tag, inner: value }.serialize(s)
}

/// A struct serialized with a `"type"` key in front of its own fields.
#[derive(Serialize)]
struct WithTag<'a, T> {
    #[serde(rename = "type")]
    tag: &'static str,
    #[serde(flatten)]
    inner: &'a T,
}

/// A struct that always travels with one fixed `"type"` tag.
pub(crate) trait FixedTag {
    /// The tag.
    const TAG: &'static str;
}

/// `#[serde(with = "tagged_list")]` for a `Vec` of structs that each carry a fixed tag.
/// Decoding refuses an item whose `"type"` is another or missing: the list is used only
/// inside open enums, which then keep the whole value as it arrived.
pub(crate) mod tagged_list {
    use super::*;

    pub(crate) fn serialize<T: Serialize + FixedTag, S: Serializer>(
        v: &[T],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|inner| WithTag { tag: T::TAG, inner }))
    }

    pub(crate) fn deserialize<'de, T: DeserializeOwned + FixedTag, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        let items = Vec::<Value>::deserialize(d)?;
        items
            .into_iter()
            .map(|item| {
                let mut map = match item {
                    Value::Object(map) => map,
                    other => {
                        return Err(D::Error::custom(format!(
                            "expected a `{}` object, got {other}",
                            T::TAG
                        )));
                    }
                };
                // An item of another (or no) type fails the list, so the enclosing open
                // enum keeps the whole value as `Unknown` instead of relabelling the item.
                match map.shift_remove("type") {
                    Some(Value::String(tag)) if tag == T::TAG => {}
                    other => {
                        return Err(D::Error::custom(format!(
                            "expected an item of type `{}`, got type {}",
                            T::TAG,
                            other.map_or_else(|| "none".to_owned(), |t| t.to_string())
                        )));
                    }
                }
                T::deserialize(Value::Object(map)).map_err(D::Error::custom)
            })
            .collect()
    }
}
