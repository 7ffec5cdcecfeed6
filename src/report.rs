//! Printing diagnostics: human (rustc-style, with the source line and a caret), JSON, and
//! GitHub workflow annotations. All three print the same list.

use crate::diagnostic::{Diagnostic, Severity, Summary};
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
    match format {
        Format::Human => human(diagnostics, summary, sources, color),
        Format::Json => {
            let value = serde_json::json!({ "diagnostics": diagnostics, "summary": summary });
            format!("{value:#}\n")
        }
        Format::Github => {
            let mut out = String::new();
            for d in diagnostics {
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let place = if d.pos.line == 0 {
                    format!("file={}", escape_property(&d.file))
                } else {
                    format!(
                        "file={},line={},col={}",
                        escape_property(&d.file),
                        d.pos.line,
                        d.pos.col
                    )
                };
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

fn human(
    diagnostics: &[Diagnostic],
    summary: &Summary,
    sources: &BTreeMap<String, String>,
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
        let source = sources.get(&d.file).map(String::as_str);
        let group = match (source, byte_range(source.unwrap_or(""), d)) {
            (Some(source), Some(range)) if d.pos.line > 0 => title.element(
                Snippet::source(source)
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

/// The byte range to underline: `width` characters from the diagnostic's line and column,
/// or the rest of the line's content when the width is unknown.
fn byte_range(source: &str, d: &Diagnostic) -> Option<std::ops::Range<usize>> {
    let line_index = d.pos.line.checked_sub(1)? as usize;
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line_index)
        .map(str::len)
        .sum();
    let line = source
        .get(line_start..)?
        .split('\n')
        .next()?
        .trim_end_matches('\r');
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
    let start = line_start + col_offset;
    Some(start..start + width.max(usize::from(rest.is_empty())))
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
