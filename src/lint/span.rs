//! Where a part of a text value is written in its file. A YAML scalar's value differs from
//! its source by quotes, escapes, indentation and folded line breaks, so the value and the
//! source are walked side by side, and each character of the value is matched with the
//! next place in the source that writes it. Only problems that are reported pay for this.

use crate::content::Text;
use crate::diagnostic::Pos;
use std::cell::OnceCell;
use std::ops::Range;

/// A file's text with the byte offset of each of its lines, so a position is found by a
/// lookup: scanning from the file's start for each reported problem made a file with
/// thousands of them cost their number times its size.
pub struct Source<'a> {
    text: &'a str,
    /// The byte offset of each line's start; the first is 0. Made when the first problem
    /// is located: most guides have none.
    starts: OnceCell<Vec<usize>>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        Source {
            text,
            starts: OnceCell::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(at, _)| at + 1));
            starts
        })
    }
}

impl std::ops::Deref for Source<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

/// Characters the source may hold between two characters of the value: indentation, line
/// breaks, quotes and the backslash of an escape.
fn is_layout(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '"' | '\'' | '\\')
}

/// How far past the layout the source may run for one character: an escape such as
/// `\U0001F600` writes one character in ten.
const ESCAPE: usize = 10;

/// The position of `range` of `node`'s value in `source`, and its width in characters when
/// it is written on one line (0 otherwise: underline to the end of the line).
pub fn locate(source: &Source, node: &Text, range: Range<usize>) -> (Pos, u32) {
    let Some(mut at) = byte_of(source, node.pos) else {
        return (node.pos, 0);
    };
    let rest = &source[at..];
    if rest.starts_with(['|', '>']) {
        // A block scalar's value starts on the line after its header.
        at += rest.find('\n').map_or(rest.len(), |n| n + 1);
    }
    let value: &str = node;
    let mut start = None;
    let mut end = at;
    for (index, c) in value.char_indices() {
        if index >= range.end.max(range.start + 1) {
            break;
        }
        let found = find_char(source, at, c);
        if index >= range.start && start.is_none() {
            start = Some(found.unwrap_or(at));
        }
        if let Some(found) = found {
            at = found + c.len_utf8();
            end = at;
        }
    }
    let start = start.unwrap_or(at);
    let pos = pos_of(source, start);
    let end_pos = pos_of(source, end.max(start));
    let width = if end_pos.line == pos.line {
        end_pos.col.saturating_sub(pos.col)
    } else {
        0
    };
    (pos, width)
}

/// The byte offset, from `from`, where the source next writes `c`.
fn find_char(source: &str, from: usize, c: char) -> Option<usize> {
    let mut escape = 0;
    for (offset, s) in source[from..].char_indices() {
        if s == c {
            return Some(from + offset);
        }
        if !is_layout(s) {
            escape += 1;
            if escape > ESCAPE {
                return None;
            }
        }
    }
    None
}

/// The byte offset of a 1-based line and column (in characters).
pub(super) fn byte_of(source: &Source, pos: Pos) -> Option<usize> {
    let line_start = *source.starts().get(pos.line.max(1) as usize - 1)?;
    let offset = source[line_start..]
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map_or(source.len() - line_start, |(at, _)| at);
    Some(line_start + offset)
}

/// The 1-based line and column (in characters) of a byte offset.
pub(super) fn pos_of(source: &Source, at: usize) -> Pos {
    // The last line that starts at or before `at`.
    let starts = source.starts();
    let line = starts.partition_point(|&start| start <= at).max(1);
    let start = starts[line - 1];
    Pos {
        line: line as u32,
        col: source[start..at].chars().count() as u32 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Located;

    fn text(value: &str, line: u32, col: u32) -> Text {
        Located::new(value.to_string(), Pos { line, col })
    }

    #[test]
    fn block_scalars_start_on_the_next_line() {
        let source = "summary: |\n  첫 줄\n  둘째 [링크](x) 줄\n";
        let node = text("첫 줄\n둘째 [링크](x) 줄\n", 1, 10);
        let at = node.find('[').unwrap();
        let (pos, width) = locate(&Source::new(source), &node, at..at + "[링크](x)".len());
        assert_eq!((pos.line, pos.col, width), (3, 6, 7));
    }

    #[test]
    fn folded_plain_and_escaped_quoted_text() {
        let source = &Source::new("a: 한 줄이\n  접혀서 [x](y)\nb: \"\\\"따옴표\\\" [x](y)\"\n");
        let plain = text("한 줄이 접혀서 [x](y)", 1, 4);
        let at = plain.find('[').unwrap();
        assert_eq!(
            locate(source, &plain, at..at + 1).0,
            Pos { line: 2, col: 7 }
        );
        let quoted = text("\"따옴표\" [x](y)", 3, 4);
        let at = quoted.find('[').unwrap();
        assert_eq!(
            locate(source, &quoted, at..at + 6),
            (Pos { line: 3, col: 13 }, 6)
        );
    }
}
