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
//! next token). `tests/block_yaml.rs` and the `block_yaml` fuzz target compare the two.
//!
//! Positions reach `Located` as a (value, line, column, width) tuple: this deserializer is
//! not human readable, which is how `Located` tells it from serde-saphyr.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;

/// Parses `text` into `T`, or `None` when the text is outside the subset or does not fit `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let node = Reader::new(text)?.document()?;
    T::deserialize(NodeDe(node)).ok()
}

/// Deeper than any guide, shallower than the full parser's own limit.
const MAX_DEPTH: usize = 24;
/// The full parser's value limit (see `parse::options`), with room to spare.
const MAX_NODES: usize = 40_000;

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

struct Line<'a> {
    /// Byte offsets of the line's first character and of its end (before the `\n`).
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// The line after its indentation, without the line end.
    rest: &'a str,
}

impl Line<'_> {
    /// Blank or a comment: no content for the structure.
    fn is_void(&self) -> bool {
        self.rest.is_empty() || self.rest.starts_with('#')
    }
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    /// The next line to read.
    next: usize,
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Option<Reader<'a>> {
        if !has_only_plain_chars(text) {
            return None;
        }
        let mut lines = Vec::with_capacity(text.len() / 32);
        let mut start = 0;
        for raw in text.split('\n') {
            let indent = leading_spaces(raw);
            let trailing = raw.bytes().rev().take_while(|&b| b == b' ').count();
            lines.push(Line {
                start,
                end: start + raw.len(),
                indent,
                rest: &raw[indent..raw.len().saturating_sub(trailing).max(indent)],
            });
            start += raw.len() + 1;
        }
        Some(Reader {
            text,
            lines,
            next: 0,
            nodes: 0,
        })
    }

    fn document(mut self) -> Option<Node<'a>> {
        let first = self.skip_void()?;
        let line = &self.lines[first];
        if line.indent == 0 && (line.rest.starts_with("---") || line.rest.starts_with("...")) {
            return None;
        }
        let node = self.block(line.indent, 0)?;
        // Anything after the document's node, a less indented line or a second document,
        // is for the full parser to judge.
        match self.skip_void() {
            Some(_) => None,
            None => Some(node),
        }
    }

    /// Index of the next line with content, leaving `next` on it.
    fn skip_void(&mut self) -> Option<usize> {
        while self.next < self.lines.len() {
            if !self.lines[self.next].is_void() {
                return Some(self.next);
            }
            self.next += 1;
        }
        None
    }

    fn count(&mut self, depth: usize) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES && depth <= MAX_DEPTH).then_some(())
    }

    /// The mapping or list whose first line is the next line, at `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let index = self.skip_void()?;
        let line = &self.lines[index];
        if line.indent != indent {
            return None;
        }
        if is_dash(line.rest) {
            self.seq(indent, depth)
        } else {
            self.map(indent, index, depth)
        }
    }

    /// A list whose dashes are at `indent`.
    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        self.count(depth)?;
        let first = self.skip_void()?;
        let mut items = Vec::new();
        while let Some(index) = self.skip_void() {
            let line = &self.lines[index];
            if line.indent > indent {
                return None;
            }
            if line.indent < indent || !is_dash(line.rest) {
                // The end of the list; whether what follows fits is the caller's to judge.
                break;
            }
            // "- " and any further spaces; a dash alone or before a comment is left alone.
            let after = skip_spaces(&line.rest[1..]);
            if after.is_empty() || after.starts_with('#') || after.starts_with('-') {
                return None;
            }
            let col = indent + line.rest.len() - after.len();
            if key_of(after).is_some() {
                items.push(self.map(col, index, depth + 1)?);
            } else {
                self.next = index + 1;
                items.push(self.value(index, col, indent, col, depth + 1)?);
            }
        }
        Some(Node::Seq {
            items,
            at: self.at(first, indent, 0),
        })
    }

    /// A mapping whose keys are at `indent`; its first key is on line `first`, maybe after
    /// a list item's dash.
    fn map(&mut self, indent: usize, first: usize, depth: usize) -> Option<Node<'a>> {
        self.count(depth)?;
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut index = first;
        loop {
            let line = &self.lines[index];
            let rest = &line.rest[indent - line.indent..];
            let (key, after) = key_of(rest)?;
            if entries.iter().any(|(seen, _)| *seen == key) {
                return None;
            }
            let value = skip_spaces(after);
            self.next = index + 1;
            let value = if value.is_empty() || value.starts_with('#') {
                self.nested(indent, depth + 1)?
            } else {
                let col = indent + rest.len() - value.len();
                self.value(index, col, indent, indent + 1, depth + 1)?
            };
            entries.push((key, value));
            let Some(next) = self.skip_void() else { break };
            let line = &self.lines[next];
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_dash(line.rest) {
                return None;
            }
            index = next;
        }
        Some(Node::Map {
            at: self.at(first, indent, 0),
            entries,
        })
    }

    /// The value of a key with nothing after its colon: a block on the following lines, or
    /// a list at the key's own column. An empty value (null) is left to the full parser.
    fn nested(&mut self, key_indent: usize, depth: usize) -> Option<Node<'a>> {
        let index = self.skip_void()?;
        let line = &self.lines[index];
        if line.indent > key_indent {
            return self.block(line.indent, depth);
        }
        if line.indent == key_indent && is_dash(line.rest) {
            // An "indentless" list; the full parser places it at its first item.
            let mut node = self.seq(key_indent, depth)?;
            if let Node::Seq { items, at } = &mut node {
                *at = items.first()?.at();
                at.width = 0;
            }
            return Some(node);
        }
        None
    }

    /// A scalar that starts on line `index` at byte column `col` (0-based); continuation
    /// lines must be indented at least `min_indent`. `parent` is the indentation a block
    /// text must exceed.
    fn value(
        &mut self,
        index: usize,
        col: usize,
        parent: usize,
        min_indent: usize,
        depth: usize,
    ) -> Option<Node<'a>> {
        self.count(depth)?;
        let line = &self.lines[index];
        let text = &line.rest[col - line.indent..];
        let scalar = match text.as_bytes()[0] {
            b'|' | b'>' => self.block_text(index, col, parent)?,
            b'"' => self.quoted(index, col, text, true)?,
            b'\'' => self.quoted(index, col, text, false)?,
            _ => self.plain(index, col, text, min_indent)?,
        };
        Some(Node::Scalar(scalar))
    }

    /// A single-line quoted text, `"…"` or `'…'`.
    fn quoted(&self, index: usize, col: usize, text: &'a str, double: bool) -> Option<Scalar<'a>> {
        let body = &text[1..];
        let (value, len) = if double {
            unescape_double(body)?
        } else {
            unescape_single(body)?
        };
        // After the closing quote: nothing, or a comment.
        let after = &body[len + 1..];
        let trimmed = skip_spaces(after);
        if !(trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len())) {
            return None;
        }
        let raw = &text[..len + 2];
        Some(Scalar {
            text: value,
            plain: false,
            at: self.at(index, col, raw.chars().count()),
        })
    }

    /// Plain text, maybe folded over more indented lines.
    fn plain(
        &mut self,
        index: usize,
        col: usize,
        text: &'a str,
        min_indent: usize,
    ) -> Option<Scalar<'a>> {
        let (first, commented) = plain_part(text, true)?;
        let mut value = Cow::Borrowed(first);
        let mut end = self.lines[index].start + col + first.len();
        let mut blanks = 0;
        let mut probe = index + 1;
        // A comment ends the text; more indented lines after it are then an error.
        while probe < self.lines.len() && !commented {
            let line = &self.lines[probe];
            if line.rest.is_empty() {
                blanks += 1;
                probe += 1;
                continue;
            }
            if line.indent < min_indent || line.rest.starts_with('#') {
                break;
            }
            let (part, commented) = plain_part(line.rest, false)?;
            if commented {
                return None;
            }
            let folded = value.to_mut();
            if blanks == 0 {
                folded.push(' ');
            }
            for _ in 0..blanks {
                folded.push('\n');
            }
            folded.push_str(part);
            end = line.start + line.indent + part.len();
            blanks = 0;
            probe += 1;
            self.next = probe;
        }
        let start = self.lines[index].start + col;
        Some(Scalar {
            text: value,
            plain: true,
            at: self.at(index, col, self.text[start..end].chars().count()),
        })
    }

    /// A `|` (literal) or `>` (folded) text, clipped or stripped (`-`) at the end. Its lines
    /// must be indented more than `parent`.
    fn block_text(&mut self, index: usize, col: usize, parent: usize) -> Option<Scalar<'a>> {
        let line = &self.lines[index];
        let header = &line.rest[col - line.indent..];
        let (literal, strip) = match header {
            "|" => (true, false),
            "|-" => (true, true),
            ">" => (false, false),
            ">-" => (false, true),
            _ => return None,
        };
        // The text's indentation is that of its first non-blank line.
        let mut probe = index + 1;
        let mut leading = 0;
        while probe < self.lines.len() && self.lines[probe].rest.is_empty() {
            leading = leading.max(self.lines[probe].indent);
            probe += 1;
        }
        let first = probe;
        let indent = self.lines.get(first)?.indent;
        if indent <= parent || leading > indent {
            return None;
        }
        let mut last = first;
        while probe < self.lines.len() {
            let line = &self.lines[probe];
            if !line.rest.is_empty() && line.indent < indent {
                if line.indent > parent {
                    return None;
                }
                break;
            }
            if line.rest.is_empty() && line.indent > indent {
                // A line of spaces longer than the indentation is text; rare, so not here.
                return None;
            }
            if !line.rest.is_empty() {
                last = probe;
            }
            probe += 1;
        }
        let mut value = String::new();
        for _ in index + 1..first {
            value.push('\n');
        }
        let mut blanks = 0;
        for (n, line) in self.lines[first..=last].iter().enumerate() {
            if line.rest.is_empty() {
                blanks += 1;
                continue;
            }
            if n > 0 {
                if literal {
                    value.push('\n');
                } else if line.indent > indent {
                    // A more indented line keeps its line ends when folded; rare, so not here.
                    return None;
                } else if blanks == 0 {
                    value.push(' ');
                }
                for _ in 0..blanks {
                    value.push('\n');
                }
            }
            blanks = 0;
            // Trailing spaces are text in a block.
            value.push_str(&self.text[line.start + indent..line.end]);
        }
        if !strip {
            value.push('\n');
        }
        // The full parser's span runs from the first character to the next token.
        let start = self.lines[first].start + indent;
        let last_end = self.lines[last].end;
        let after = &self.text[last_end..];
        let end = last_end + (after.len() - after.trim_start_matches([' ', '\n']).len());
        self.next = last + 1;
        Some(Scalar {
            text: Cow::Owned(value),
            plain: false,
            at: self.at(first, indent, self.text[start..end].chars().count()),
        })
    }

    /// Where a node starts: line `index`, byte column `col`. Everything before a node on
    /// its line is ASCII (spaces, dashes, keys), so the byte column is the character column.
    fn at(&self, index: usize, col: usize, width: usize) -> At {
        At {
            line: index as u32 + 1,
            col: col as u32 + 1,
            width: width as u32,
        }
    }
}

/// Whether the text has only characters the full parser takes anywhere. Tabs are left to
/// it (they are errors in indentation), with control characters and the line separators and
/// byte-order marks that Unicode has beyond ASCII. A byte scan: every such character starts
/// with a byte below 0x20 or one of four lead bytes, which Korean text rarely has.
fn has_only_plain_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    let suspect =
        |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF);
    const CHUNK: usize = 64;
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        // Without an early exit the test of a whole chunk compiles to vector instructions.
        if !chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        for (offset, &b) in chunk.iter().enumerate() {
            let i = n * CHUNK + offset;
            // The text is UTF-8, so a lead byte has its continuation bytes.
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let refused = suspect(b)
                && match b {
                    0xC2 => (0x80..=0x9F).contains(&next(1)), // C1 controls, U+0080 to U+009F
                    0xE2 => next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9), // U+2028, U+2029
                    0xEF => matches!((next(1), next(2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)), // U+FEFF, U+FFFE, U+FFFF
                    _ => true,
                };
            if refused {
                return false;
            }
        }
    }
    true
}

/// How many spaces `text` starts with. (A byte loop: `trim_start_matches(' ')` goes through
/// the general pattern machinery, which showed in profiles.)
fn leading_spaces(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b' ').count()
}

fn skip_spaces(text: &str) -> &str {
    &text[leading_spaces(text)..]
}

/// A list item: a dash, then a space or the line's end.
fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Splits `key: rest` where the key is a plain name; `rest` starts after the colon.
fn key_of(text: &str) -> Option<(&str, &str)> {
    let len = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(text.len());
    let (key, rest) = text.split_at(len);
    let rest = rest.strip_prefix(':')?;
    if key.is_empty()
        || key.starts_with('-')
        || key.len() > 128
        || !(rest.is_empty() || rest.starts_with(' '))
        || is_special_word(key)
    {
        return None;
    }
    Some((key, rest))
}

/// Words YAML may read as null, a boolean or a number rather than text.
fn is_special_word(word: &str) -> bool {
    const WORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    word.len() <= 5
        && WORDS
            .iter()
            .any(|special| word.eq_ignore_ascii_case(special))
        || word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// The text of a plain scalar's line, without a trailing comment; `None` when the line holds
/// something else (a `: `, an indicator in front) or an error. `first` is for the scalar's
/// first line, where more characters may not start it.
fn plain_part(line: &str, first: bool) -> Option<(&str, bool)> {
    let lead = line.as_bytes()[0];
    let indicator = matches!(
        lead,
        b'[' | b']'
            | b'{'
            | b'}'
            | b','
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    let lone =
        matches!(lead, b'-' | b'?' | b':') && line.as_bytes().get(1).is_none_or(|&b| b == b' ');
    if indicator || lone || (!first && lead == b'-') {
        return None;
    }
    // One pass for what ends the text (" #", a comment) and what is not text (": ", or a
    // colon at the end, a mapping).
    let bytes = line.as_bytes();
    let mut cut = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                cut = Some(i - 1);
                break;
            }
            b':' if bytes.get(i + 1).is_none_or(|&b| b == b' ') => return None,
            _ => {}
        }
    }
    match cut {
        Some(cut) => Some((line[..cut].trim_end_matches(' '), true)),
        None => Some((line, false)),
    }
}

/// The value of a `"…"` text whose opening quote is already read, and the byte length of its
/// body (up to the closing quote).
fn unescape_double(body: &str) -> Option<(Cow<'_, str>, usize)> {
    let close = body.find(['"', '\\']);
    let close = close?;
    if body.as_bytes()[close] == b'"' {
        return Some((Cow::Borrowed(&body[..close]), close));
    }
    let mut value = String::from(&body[..close]);
    let mut chars = body[close..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(value), close + at)),
            '\\' => value.push(match chars.next()?.1 {
                '\\' => '\\',
                '"' => '"',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                _ => return None,
            }),
            c => value.push(c),
        }
    }
    None
}

/// The value of a `'…'` text whose opening quote is already read, and the byte length of its
/// body.
fn unescape_single(body: &str) -> Option<(Cow<'_, str>, usize)> {
    let mut value = Cow::Borrowed("");
    let mut from = 0;
    loop {
        let quote = from + body[from..].find('\'')?;
        if body.as_bytes().get(quote + 1) == Some(&b'\'') {
            value.to_mut().push_str(&body[from..=quote]);
            from = quote + 2;
            continue;
        }
        if from == 0 {
            value = Cow::Borrowed(&body[..quote]);
        } else {
            value.to_mut().push_str(&body[from..quote]);
        }
        return Some((value, quote));
    }
}

/// Why the reader gave up; never shown, the full parser explains instead.
#[derive(Debug)]
struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("outside the block subset")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

struct NodeDe<'a>(Node<'a>);

impl<'a> NodeDe<'a> {
    fn scalar(self) -> Result<Scalar<'a>, GiveUp> {
        match self.0 {
            Node::Scalar(scalar) => Ok(scalar),
            _ => Err(GiveUp),
        }
    }

    /// Plain text that is not null; quoted text.
    fn text(self) -> Result<Scalar<'a>, GiveUp> {
        let scalar = self.scalar()?;
        if scalar.plain && is_null(&scalar.text) {
            return Err(GiveUp);
        }
        Ok(scalar)
    }

    fn number<N: std::str::FromStr>(self) -> Result<N, GiveUp> {
        let scalar = self.scalar()?;
        let text = &*scalar.text;
        let decimal = text == "0"
            || (!text.starts_with('0')
                && !text.is_empty()
                && text.bytes().all(|b| b.is_ascii_digit()));
        if !scalar.plain || !decimal {
            return Err(GiveUp);
        }
        text.parse().map_err(|_| GiveUp)
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

macro_rules! numbers {
    ($($method:ident $visit:ident $type:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            visitor.$visit(self.number::<$type>()?)
        }
    )*};
}

macro_rules! give_up {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, GiveUp> {
            Err(GiveUp)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = GiveUp;

    fn is_human_readable(&self) -> bool {
        false
    }

    numbers!(
        deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64,
        deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64
    );

    give_up!(
        deserialize_any,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let scalar = self.scalar()?;
        match (&*scalar.text, scalar.plain) {
            ("true", true) => visitor.visit_bool(true),
            ("false", true) => visitor.visit_bool(false),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.text()?.text {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match &self.0 {
            Node::Scalar(scalar) if scalar.plain && matches!(&*scalar.text, "~" | "null") => {
                visitor.visit_none()
            }
            Node::Scalar(scalar) if scalar.plain && is_null(&scalar.text) => Err(GiveUp),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Seq { items, .. } => visitor.visit_seq(Items(items.into_iter())),
            _ => Err(GiveUp),
        }
    }

    /// Only `Located` asks for a tuple: the value, its line, column and width.
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        if len != 4 {
            return Err(GiveUp);
        }
        let at = self.0.at();
        visitor.visit_seq(LocatedTuple {
            node: Some(self.0),
            rest: [at.line, at.col, at.width].into_iter(),
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.0 {
            Node::Map { entries, .. } => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                value: None,
            }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        let scalar = self.text()?;
        visitor.visit_enum(UnitVariant(scalar.text))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_unit()
    }
}

struct Items<'a>(std::vec::IntoIter<Node<'a>>);

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        self.0
            .next()
            .map(|node| seed.deserialize(NodeDe(node)))
            .transpose()
    }
}

/// The (value, line, column, width) tuple `Located` deserializes from.
struct LocatedTuple<'a> {
    node: Option<Node<'a>>,
    rest: std::array::IntoIter<u32, 3>,
}

impl<'de> de::SeqAccess<'de> for LocatedTuple<'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        if let Some(node) = self.node.take() {
            return seed.deserialize(NodeDe(node)).map(Some);
        }
        self.rest
            .next()
            .map(|n| seed.deserialize(n.into_deserializer()))
            .transpose()
    }
}

struct Entries<'a> {
    entries: std::vec::IntoIter<(&'a str, Node<'a>)>,
    value: Option<Node<'a>>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        seed.deserialize(NodeDe(self.value.take().ok_or(GiveUp)?))
    }
}

struct UnitVariant<'a>(Cow<'a, str>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), GiveUp> {
        let name = match &self.0 {
            Cow::Borrowed(text) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::new(text))?
            }
            Cow::Owned(text) => {
                seed.deserialize(de::value::StrDeserializer::<GiveUp>::new(text))?
            }
        };
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<(), GiveUp> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, GiveUp> {
        Err(GiveUp)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, GiveUp> {
        Err(GiveUp)
    }
}
