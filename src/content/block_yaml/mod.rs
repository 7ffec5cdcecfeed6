//! A fast reader for the plain block YAML that content files are written in: `key: value`
//! mappings, `- item` lists, plain, quoted and `|` / `>` block text, and comments.
//!
//! The full parser (serde-saphyr) reads about 11 MB/s a core, most of the time `check`
//! takes. This reader is several times faster because it handles only that subset, a line at
//! a time. It gives up, returning `None`, on anything outside it (anchors, tags, flow
//! collections, documents markers, tabs, escapes it does not know) and on every error; the
//! full parser then reads the file and reports the problem. So what it returns is exactly
//! what the full parser returns: the same values, and the same positions and widths for
//! `Located` values, including the full parser's quirks (a block text's width runs to the
//! next token). `tests/testsuite/block_yaml.rs` and the `block_yaml` fuzz target compare the
//! two.
//!
//! Positions reach `Located` as a (value, line, column, width) tuple: this deserializer is
//! not human readable, which is how `Located` tells it from serde-saphyr.

mod de;
mod reader;
mod scan;

use de::NodeDe;
// The full parser's value limit: whatever a content file can hold.
use super::parse::MAX_NODES;
use reader::Reader;
use serde::de::DeserializeOwned;
use std::borrow::Cow;

/// Parses `text` into `T`, or `None` when the text is outside the subset or does not fit `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let node = Reader::new(text)?.document()?;
    T::deserialize(NodeDe(node)).ok()
}

/// Deeper than any guide, shallower than the full parser's own limit.
const MAX_DEPTH: usize = 24;

#[derive(Debug)]
enum Node<'a> {
    Scalar(Scalar<'a>),
    Map {
        entries: Vec<(&'a str, Node<'a>)>,
        at: At,
    },
    Seq {
        items: Vec<Node<'a>>,
        at: At,
    },
}

#[derive(Debug)]
struct Scalar<'a> {
    text: Cow<'a, str>,
    /// Plain (unquoted) text can mean null, a number or a boolean; quoted text cannot.
    plain: bool,
    at: At,
}

/// Line, column (both 1-based, in characters) and width in characters, as the full parser
/// reports them.
#[derive(Clone, Copy, Debug, Default)]
struct At {
    line: u32,
    col: u32,
    width: u32,
}

impl Node<'_> {
    fn at(&self) -> At {
        match self {
            Node::Scalar(scalar) => scalar.at,
            Node::Map { at, .. } | Node::Seq { at, .. } => *at,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn a_repeated_key_is_left_to_the_full_parser_in_short_and_long_mappings() {
        for keys in [2, super::reader::SCAN_KEYS, 40, 5_000] {
            let text: String = (0..keys).map(|k| format!("k{k}: v\n")).collect();
            let parsed = super::from_str::<BTreeMap<String, String>>(&text);
            assert_eq!(parsed.map(|map| map.len()), Some(keys), "{keys} keys");
            for repeated in [0, keys / 2, keys - 1] {
                let with_repeat = format!("{text}k{repeated}: again\n");
                let parsed = super::from_str::<BTreeMap<String, String>>(&with_repeat);
                assert!(parsed.is_none(), "k{repeated} repeated after {keys} keys");
            }
        }
    }
}
