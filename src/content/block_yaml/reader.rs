//! The block reader: content lines into a tree of [`Node`]s with the full parser's positions,
//! or `None` at the first thing outside the subset.

use super::scan::{
    has_only_plain_chars, is_dash, key_of, leading_spaces, plain_part, skip_spaces,
    unescape_double, unescape_single,
};
use super::{At, MAX_DEPTH, MAX_NODES, Node, Scalar};
use foldhash::fast::RandomState;
use foldhash::{HashSet, HashSetExt};
use std::borrow::Cow;
use std::hash::BuildHasher;

/// Up to this many keys, a mapping finds a repeated key by a scan, faster than hashing.
pub(super) const SCAN_KEYS: usize = 16;

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

/// Whether a key comes twice. Asked once the mapping is read, so that the set of keys is
/// made at its full size (growing it was an eighth of the time at 40,000 keys) and stays
/// linear however many keys there are. It holds the keys' hashes: a table half the size of
/// one of the keys, that never reads the text again. Two keys with one hash (about never)
/// count as repeated: the full parser, which then reads the file, tells them apart.
fn has_repeated_key(entries: &[(&str, Node)]) -> bool {
    if entries.len() <= SCAN_KEYS {
        return entries
            .iter()
            .enumerate()
            .any(|(n, (key, _))| entries[..n].iter().any(|(seen, _)| seen == key));
    }
    let hasher = RandomState::default();
    let mut hashes: HashSet<u64> = HashSet::with_capacity(entries.len());
    !entries
        .iter()
        .all(|(key, _)| hashes.insert(hasher.hash_one(key)))
}

pub(super) struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    /// The next line to read.
    next: usize,
    nodes: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Option<Reader<'a>> {
        if !has_only_plain_chars(text) {
            return None;
        }
        // Sized once: growing it copied 800 KB at 40,000 keys.
        let mut lines = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
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

    pub(super) fn document(mut self) -> Option<Node<'a>> {
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
        if has_repeated_key(&entries) {
            return None;
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
