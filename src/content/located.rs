//! `Located<T>`: a deserialized value together with where it was written.

use crate::diagnostic::Pos;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// A value and the position of the YAML node it came from.
///
/// Wraps `serde_saphyr::Spanned` so content types can also derive `JsonSchema`:
/// the schema of `Located<T>` is the schema of `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
    /// Width in characters of a scalar node; 0 for mappings and sequences.
    pub width: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located {
            value,
            pos,
            width: 0,
        }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Located<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // YAML goes through serde-saphyr's `Spanned`. The fast block-YAML reader is not
        // human-readable and hands over the position beside the value; see `block_yaml`.
        if !deserializer.is_human_readable() {
            let (value, line, col, width) = <(T, u32, u32, u32)>::deserialize(deserializer)?;
            return Ok(Located {
                value,
                pos: Pos { line, col },
                width,
            });
        }
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        // `referenced` is where the node is used, which differs from `defined` for aliases.
        let at = spanned.referenced;
        Ok(Located {
            value: spanned.value,
            pos: Pos {
                line: u32::try_from(at.line()).unwrap_or(u32::MAX),
                col: u32::try_from(at.column()).unwrap_or(u32::MAX),
            },
            width: u32::try_from(at.span().len()).unwrap_or(0),
        })
    }
}

/// A located value serializes as its value, as its schema says; the JSON Schema uses this
/// for the defaults of fields.
impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
