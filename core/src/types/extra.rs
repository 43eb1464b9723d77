//! [`Extra`]: the fields of a response object that this version does not know, kept so
//! that serializing what was decoded gives back the same JSON.
//!
//! Nearly every object the API sends has no such field, and every typed object and stream
//! event carries one `extra`, so its empty form costs one pointer: no allocation, nothing
//! to drop, and a stream event small enough to move in registers. A
//! `serde_json::Map` (an insertion-ordered map with its own hasher state) is 72 bytes
//! even when empty; it is allocated here only when a field arrives or is inserted.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Unknown fields of an object, in the order received. Reads like a
/// `serde_json::Map<String, Value>` (it dereferences to one); empty, it holds no map at all.
///
/// ```
/// use anthropic_core::types::Extra;
/// use serde_json::json;
///
/// let mut extra = Extra::new();
/// assert!(extra.is_empty());
/// extra.insert("future_field".into(), json!(1));
/// assert_eq!(extra.get("future_field"), Some(&json!(1)));
/// assert_eq!(extra.into_map().len(), 1);
/// ```
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl Extra {
    /// No fields (allocates nothing).
    pub const fn new() -> Self {
        Extra(None)
    }

    /// The fields as a map, taking them out.
    pub fn into_map(mut self) -> Map<String, Value> {
        self.0.take().map(|map| *map).unwrap_or_default()
    }
}

impl Drop for Extra {
    /// Inlined, so dropping an event whose fields are all known (nearly every one) is a
    /// test for null where it is dropped, not a call.
    #[inline]
    fn drop(&mut self) {
        if let Some(map) = self.0.take() {
            drop_fields(map);
        }
    }
}

#[cold]
#[inline(never)]
fn drop_fields(map: Box<Map<String, Value>>) {
    drop(map);
}

/// The map an empty [`Extra`] reads as.
fn empty() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        match &self.0 {
            Some(map) => map,
            None => empty(),
        }
    }
}

impl DerefMut for Extra {
    /// Allocates the map on first use.
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Extra> for Map<String, Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl PartialEq for Extra {
    /// Equal when the fields are (an emptied map equals no map).
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Extra {}

impl PartialEq<Map<String, Value>> for Extra {
    fn eq(&self, other: &Map<String, Value>) -> bool {
        **self == *other
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Extra::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_holds_no_map_and_reads_as_an_empty_one() {
        let extra = Extra::new();
        assert!(extra.0.is_none());
        assert!(extra.is_empty());
        assert_eq!(extra.get("a"), None);
        assert_eq!(std::mem::size_of::<Extra>(), std::mem::size_of::<usize>());
        assert!(Extra::from(Map::new()).0.is_none());
    }

    #[test]
    fn a_flattened_extra_keeps_unknown_fields_in_order_and_writes_them_back() {
        #[derive(Serialize, Deserialize)]
        struct Object {
            known: u32,
            #[serde(flatten)]
            extra: Extra,
        }
        let text = r#"{"known":1,"zeta":true,"alpha":[1]}"#;
        let object: Object = serde_json::from_str(text).unwrap();
        assert_eq!(
            object.extra.keys().collect::<Vec<_>>(),
            ["zeta", "alpha"],
            "insertion order"
        );
        assert_eq!(serde_json::to_string(&object).unwrap(), text);

        let bare: Object = serde_json::from_str(r#"{"known":2}"#).unwrap();
        assert!(bare.extra.0.is_none(), "no unknown field, no allocation");
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"known":2}"#);
    }

    #[test]
    fn equality_is_by_fields() {
        let mut inserted = Extra::new();
        inserted.insert("a".into(), json!(1));
        inserted.remove("a");
        assert_eq!(inserted, Extra::new(), "an emptied map equals none");
        let mut one = Map::new();
        one.insert("a".into(), json!(1));
        assert_eq!(Extra::from(one.clone()), one);
        assert_ne!(Extra::from(one), Extra::new());
    }
}
