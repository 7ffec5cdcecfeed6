//! Indentation mistakes said in the author's terms: a tab where YAML wants spaces, and a line
//! indented differently from the lines it belongs with.
//!
//! The parser reports these where its grammar broke, often a line early ("while parsing a
//! block mapping, did not find expected key"), so when it stops, the lines around the place
//! are read again here: indentation is all that block YAML's structure is made of.

use crate::diagnostic::{Diagnostic, Pos, Rule};

/// A tab in the indentation of line `line` (1-based) or of the next line with content, the
/// parser's usual place for one; `tabs` says the parser named a tab, so any line before
/// `line` counts too.
pub fn tab(file: &str, text: &str, line: u32, tabs: bool) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = (line as usize).checked_sub(1)?;
    let next = (at + 1..lines.len()).find(|&i| !is_void(lines[i]));
    let candidates: Vec<usize> = if tabs {
        (0..lines.len().min(at + 2)).collect()
    } else {
        std::iter::once(at).chain(next).collect()
    };
    candidates.into_iter().find_map(|index| {
        let line = lines.get(index)?;
        let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let col = lead.find('\t')?;
        Some(
            Diagnostic::new(
                Rule::YamlSyntax,
                file,
                Pos {
                    line: index as u32 + 1,
                    col: col as u32 + 1,
                },
                "a tab indents this line, but YAML indents with spaces only",
            )
            .width(1)
            .hint(
                "replace the tab with spaces, as many as the lines of the same level use \
                 (most editors can insert spaces when Tab is pressed in YAML files)",
            ),
        )
    })
}

/// Line `line` (1-based) when its indentation matches no open block above it, with the
/// column its siblings start at.
pub fn misindented(file: &str, text: &str, line: u32) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = (line as usize).checked_sub(1)?;
    let here = lines.get(at).filter(|l| !is_void(l))?;
    let indent = spaces(here);
    let dash = is_dash(here);
    let open = open_blocks(&lines[..at]);
    let same_kind = |block: &&Block| block.dash == dash;
    if open.iter().filter(same_kind).any(|b| b.col == indent) {
        return None;
    }
    // The nearest columns of the same kind: one, or one on each side when the line sits
    // halfway between two blocks and either could be meant.
    let distance = |b: &&Block| b.col.abs_diff(indent);
    let nearest = open.iter().filter(same_kind).map(|b| distance(&b)).min()?;
    if nearest > 4 {
        return None;
    }
    let mut columns: Vec<usize> = open
        .iter()
        .filter(|b| same_kind(b) && distance(b) == nearest)
        .map(|b| b.col)
        .collect();
    columns.sort_unstable();
    columns.dedup();
    let (what, others, one) = if dash {
        ("list item", "the items of its list", "item")
    } else {
        ("field", "the fields beside it", "field")
    };
    let (message, hint) = match columns[..] {
        [a, b] => (
            format!(
                "this {what} starts at column {}, between the {one}s above it at columns {} and {}",
                indent + 1,
                a + 1,
                b + 1
            ),
            format!(
                "indent it with {a} spaces to continue the block at column {}, or {b} for the \
                 one at column {}: YAML reads which list or mapping a line belongs to from its \
                 indentation",
                a + 1,
                b + 1
            ),
        ),
        _ => (
            format!(
                "this {what} starts at column {}, but {others} start at column {}",
                indent + 1,
                columns[0] + 1
            ),
            format!(
                "indent it with {} spaces, like the {one}s of the same level above it: YAML \
                 reads which list or mapping a line belongs to from its indentation",
                columns[0]
            ),
        ),
    };
    let width = here.trim().split(':').next().unwrap_or("").chars().count();
    Some(
        Diagnostic::new(
            Rule::YamlSyntax,
            file,
            Pos {
                line,
                col: indent as u32 + 1,
            },
            message,
        )
        .width(width as u32)
        .hint(hint),
    )
}

/// A list or mapping still open at some line: the column its entries start at, and
/// whether they are list items (`- `) or keys.
struct Block {
    col: usize,
    dash: bool,
}

/// The blocks open after `lines`, outermost first. Lines of block texts (`|`, `>`) are
/// skipped: their indentation is text.
fn open_blocks(lines: &[&str]) -> Vec<Block> {
    let mut open: Vec<Block> = Vec::new();
    let mut text_above: Option<usize> = None;
    for line in lines.iter().filter(|l| !is_void(l)) {
        let indent = spaces(line);
        if let Some(parent) = text_above {
            if indent > parent {
                continue;
            }
            text_above = None;
        }
        let dash = is_dash(line);
        while open
            .last()
            .is_some_and(|top| top.col > indent || top.col == indent && top.dash && !dash)
        {
            open.pop();
        }
        if !open
            .last()
            .is_some_and(|top| top.col == indent && top.dash == dash)
        {
            open.push(Block { col: indent, dash });
        }
        let mut rest = line.trim_start();
        let mut col = indent;
        // "- key: value": the item's keys start after the dash.
        while let Some(after) = rest.strip_prefix("- ") {
            let inner = after.trim_start_matches(' ');
            col += rest.len() - inner.len();
            rest = inner;
            let dash = is_dash(rest);
            if dash || rest.contains(": ") || rest.ends_with(':') {
                open.push(Block { col, dash });
            }
        }
        let value = rest.split(" #").next().unwrap_or(rest).trim_end();
        if ["|", "|-", "|+", ">", ">-", ">+"].iter().any(|mark| {
            value.ends_with(&format!(" {mark}")) || value.ends_with(&format!(":{mark}"))
        }) {
            text_above = Some(col);
        }
    }
    open
}

fn spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_dash(line: &str) -> bool {
    let content = line.trim_start();
    content == "-" || content.starts_with("- ")
}

/// Blank, or a comment.
fn is_void(line: &str) -> bool {
    let content = line.trim_start();
    content.is_empty() || content.starts_with('#')
}
