//! Printing diagnostics: human (rustc-style, with the source line and a caret), JSON, and
//! GitHub workflow annotations. All three print the same list.

use crate::diagnostic::{Diagnostic, Pos, Severity, Summary};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Renders the diagnostics and the closing summary in `format`.
pub fn render(
    format: Format,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    sources: &BTreeMap<String, String>,
    color: bool,
) -> String {
    // Each file split into lines once: looking a diagnostic's line up from the file's
    // start made a file with thousands of diagnostics cost their number times its size.
    let lines: BTreeMap<&str, Vec<&str>> = sources
        .iter()
        .map(|(file, text)| (file.as_str(), text.split('\n').collect()))
        .collect();
    let line_of = |d: &Diagnostic| -> Option<&str> {
        let line = lines
            .get(d.file.as_str())?
            .get(d.pos.line.checked_sub(1)? as usize)?;
        Some(line.trim_end_matches('\r'))
    };
    match format {
        Format::Human => human(diagnostics, summary, &line_of, color),
        Format::Json => {
            let entries: Vec<serde_json::Value> = diagnostics
                .iter()
                .map(|d| json_entry(d, line_of(d)))
                .collect();
            let value = serde_json::json!({ "diagnostics": entries, "summary": summary });
            format!("{value:#}\n")
        }
        Format::Github => {
            let mut out = String::new();
            for d in diagnostics {
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let (start, end) = span(d, line_of(d));
                let place = format!(
                    "file={},line={},col={},endLine={},endColumn={}",
                    escape_property(&d.file),
                    start.line,
                    start.col,
                    end.line,
                    end.col
                );
                let body = format!("{}\n{}", d.message, d.hint);
                out.push_str(&format!(
                    "::{command} {place},title={}::{}\n",
                    escape_property(d.rule.id()),
                    escape_data(&body)
                ));
            }
            out.push_str(&format!("{summary}\n"));
            out
        }
    }
}

fn human<'s>(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    line_of: &dyn Fn(&Diagnostic) -> Option<&'s str>,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.rule.id());
        // The line with its line end, where a problem at the end of a line is underlined.
        let line = line_of(d).map(|line| format!("{line}\n"));
        let group = match (&line, line.as_deref().map(|line| byte_range(line, d))) {
            (Some(line), Some(range)) if d.pos.line > 0 => title.element(
                Snippet::source(line.as_str())
                    .line_start(d.pos.line as usize)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(range)),
            ),
            _ if d.pos.line > 0 => title.element(annotate_snippets::Origin::path(format!(
                "{}:{}:{}",
                d.file, d.pos.line, d.pos.col
            ))),
            _ => title.element(annotate_snippets::Origin::path(d.file.as_str())),
        };
        let mut report = vec![group];
        if !d.hint.is_empty() {
            report.push(Group::with_title(
                Level::HELP.secondary_title(d.hint.as_str()),
            ));
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out.push_str(&format!("{summary}\n"));
    out
}

/// One diagnostic for tools: where it starts and ends (1-based, in characters; the end is
/// exclusive), and the replacement text when the fix is certain.
fn json_entry(d: &Diagnostic, line: Option<&str>) -> serde_json::Value {
    let (start, end) = span(d, line);
    serde_json::json!({
        "severity": d.severity,
        "rule": d.rule,
        "file": d.file,
        "line": start.line,
        "col": start.col,
        "end_line": end.line,
        "end_col": end.col,
        "message": d.message,
        "hint": d.hint,
        "fix": d.fix,
    })
}

/// Where the underlined characters start and end. A problem with the file as a whole is
/// placed at its start (1:1), where an editor can show it.
fn span(d: &Diagnostic, line: Option<&str>) -> (Pos, Pos) {
    if d.pos.line == 0 {
        let start = Pos { line: 1, col: 1 };
        return (start, start);
    }
    let line = line.unwrap_or("");
    let width = if d.width == 0 {
        let rest: String = line
            .chars()
            .skip(d.pos.col.saturating_sub(1) as usize)
            .collect();
        rest.trim_end().chars().count() as u32
    } else {
        d.width
    };
    let end = Pos {
        line: d.pos.line,
        col: d.pos.col + width.max(1),
    };
    (d.pos, end)
}

/// The byte range to underline in the diagnostic's `line`: `width` characters from its
/// column, or the rest of the line's content when the width is unknown.
fn byte_range(line: &str, d: &Diagnostic) -> std::ops::Range<usize> {
    let line = line.trim_end_matches('\n');
    let col_offset: usize = line
        .chars()
        .take(d.pos.col.saturating_sub(1) as usize)
        .map(char::len_utf8)
        .sum();
    let rest = &line[col_offset..];
    let width = if d.width == 0 {
        rest.trim_end().len()
    } else {
        rest.chars()
            .take(d.width as usize)
            .map(char::len_utf8)
            .sum()
    };
    col_offset..col_offset + width.max(usize::from(rest.is_empty()))
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
