//! Rules `raw-html`, `markdown-in-plain-text` and `markdown-misread`: the page shows what
//! the author wrote. Each Markdown field is parsed once, as the pages parse it, and its links
//! go to [`links`]; plain-text fields are parsed only to find Markdown they would show as
//! written.
//!
//! Most texts hold none of the characters that Markdown syntax starts with, and skip the
//! parser altogether.

use super::links::{self, Links};
use super::span::{self, Source};
use super::walk::{Field, for_each_field};
use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};
use crate::render::markdown::OPTIONS;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Checks every prose field of `file`; returns its links into other guides, for
/// [`links::check_across`].
pub fn check(file: &GuideFile, source: &Source, out: &mut Vec<Diagnostic>) -> Links {
    let mut links = Links::new(&file.guide);
    for_each_field(&file.guide, &mut |field, text| {
        if field.markdown {
            if text.contains(['[', '<', '*', '_']) {
                markdown_field(file, source, text, &mut links, out);
            }
        } else if text.contains(['[', '<', '*', '_', '`']) {
            plain_field(file, source, field, text, out);
        }
    });
    links
}

/// A Markdown field: its links, raw HTML, and emphasis marks left as written.
fn markdown_field(
    file: &GuideFile,
    source: &Source,
    text: &Text,
    links: &mut Links,
    out: &mut Vec<Diagnostic>,
) {
    let at = |range: Range<usize>| span::locate(source, text, range);
    let mut block = Block::default();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let dest = dest_range(text, &range, dest_url);
                links::check(file, links, dest_url, || at(dest.clone()), out);
                let image = matches!(event, Event::Start(Tag::Image { .. }));
                if image && links::is_external(dest_url, &file.guide.id.value) {
                    let (pos, width) = at(dest);
                    out.push(
                        Diagnostic::new(
                            Rule::ExternalImage,
                            &file.file,
                            pos,
                            format!(
                                "the image `{dest_url}` is on another site: pages show a link to it, as a page that loaded it would tell that site who reads it"
                            ),
                        )
                        .width(width)
                        .hint("save the picture in `templates/static/` and show it as `../../assets/NAME`, or make it a link"),
                    );
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let html = &text[range.clone()];
                let tag = first_tag(html);
                let swallowed = if html.contains("](") {
                    ", and the link in it is not a link"
                } else {
                    ""
                };
                let (pos, width) = at(range.start..range.start + tag.len());
                out.push(
                    Diagnostic::new(
                        Rule::RawHtml,
                        &file.file,
                        pos,
                        format!(
                            "a line that starts with `{tag}` starts an HTML block: the page shows the lines up to the next blank line as text, as written{swallowed}"
                        ),
                    )
                    .width(width)
                    .hint(html_hint(tag)),
                );
            }
            Event::InlineHtml(html) if !html.starts_with("</") => {
                let tag = first_tag(&html);
                let (pos, width) = at(range);
                out.push(
                    Diagnostic::new(
                        Rule::RawHtml,
                        &file.file,
                        pos,
                        format!("`{html}` is HTML: the page shows it as text, as written"),
                    )
                    .width(width)
                    .hint(html_hint(tag)),
                );
            }
            Event::Start(Tag::Emphasis)
                if opens_inside_a_word(text, &range)
                    && text[range.clone()].contains(char::is_whitespace) =>
            {
                let opener = range.start..range.start + 1;
                let (pos, width) = at(opener);
                let shown = text[range.start + 1..range.end - 1].trim();
                let word_start = text[..range.start]
                    .rfind(char::is_whitespace)
                    .map_or(0, |n| n + 1);
                let word = &text[word_start..range.start + 1];
                out.push(
                    Diagnostic::new(
                        Rule::MarkdownMisread,
                        &file.file,
                        pos,
                        format!(
                            "the `*` of `{word}…` starts italics: the page shows `{shown}` in italics, without the marks"
                        ),
                    )
                    .width(width)
                    .hint("write `\\*` for a `*` that stands for itself"),
                );
            }
            Event::Text(_) => block.texts.push(range),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => block.finish(file, source, text, out),
            _ => {}
        }
    }
    block.finish(file, source, text, out);
}

/// The byte range of a link's destination in the text, or of the whole link when the
/// destination is not written inside it (a reference-style link).
fn dest_range(text: &str, link: &Range<usize>, dest: &str) -> Range<usize> {
    let written = &text[link.clone()];
    match written.rfind(dest).filter(|_| !dest.is_empty()) {
        Some(at) => link.start + at..link.start + at + dest.len(),
        None => link.clone(),
    }
}

/// `<b>` of `<b class="x">`.
fn first_tag(html: &str) -> &str {
    let end = html.find('>').map_or(html.len(), |n| n + 1);
    let tag = &html[..end];
    match tag.find(char::is_whitespace) {
        Some(space) if tag.ends_with('>') => &tag[..space],
        _ => tag.lines().next().unwrap_or(tag),
    }
}

fn html_hint(tag: &str) -> String {
    let name = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_ascii_lowercase();
    match name.as_str() {
        "b" | "strong" => "write bold in Markdown: `**굵게**`".to_string(),
        "i" | "em" => "write italics in Markdown: `*기울임*`".to_string(),
        "br" | "br/" | "br /" => {
            "end the line with a backslash `\\` for a line break, or leave a blank line for a new paragraph".to_string()
        }
        "a" => "write links in Markdown: `[text](https://…)`".to_string(),
        _ => "remove it, or write `&lt;` for a `<` that stands for itself; Markdown fields take \
              Markdown, not HTML"
            .to_string(),
    }
}

/// A plain-text field with Markdown in it.
fn plain_field(
    file: &GuideFile,
    source: &Source,
    field: Field,
    text: &Text,
    out: &mut Vec<Diagnostic>,
) {
    let found = Parser::new_ext(text, OPTIONS)
        .into_offset_iter()
        .find_map(|(event, range)| {
            let what = match event {
                // `a*b … c*` is emphasis to the parser, but ordinary characters to a reader
                // of plain text: only marks that open at the start of a word were meant.
                Event::Start(Tag::Strong | Tag::Emphasis) if opens_inside_a_word(text, &range) => {
                    return None;
                }
                Event::Start(Tag::Strong) => "bold",
                Event::Start(Tag::Emphasis) => "italics",
                Event::Start(Tag::Link { .. }) => "a link",
                Event::Start(Tag::Image { .. }) => "an image",
                Event::Code(_) => "code",
                Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => "HTML",
                _ => return None,
            };
            Some((what, range))
        });
    let Some((what, range)) = found else {
        return;
    };
    let written = text[range.clone()].lines().next().unwrap_or_default();
    let shown = if written.contains('`') {
        format!("`` {written} ``")
    } else {
        format!("`{written}`")
    };
    let (pos, width) = span::locate(source, text, range);
    out.push(
        Diagnostic::new(
            Rule::MarkdownInPlainText,
            &file.file,
            pos,
            format!(
                "{shown} shows as written: `{}` is plain text, so this is not {what}",
                field.name
            ),
        )
        .width(width)
        .hint(
            "remove the marks; Markdown works in summary, detail, caution text, advice, note \
             and result",
        ),
    );
}

/// The literal text of one block (paragraph, heading, list item), for emphasis marks that
/// pulldown-cmark left as text.
#[derive(Default)]
struct Block {
    texts: Vec<Range<usize>>,
}

impl Block {
    fn finish(
        &mut self,
        file: &GuideFile,
        source: &Source,
        text: &Text,
        out: &mut Vec<Diagnostic>,
    ) {
        let texts = std::mem::take(&mut self.texts);
        if let Some((run, message, hint)) = misread(text, &texts) {
            let (pos, width) = span::locate(source, text, run);
            out.push(
                Diagnostic::new(Rule::MarkdownMisread, &file.file, pos, message)
                    .width(width)
                    .hint(hint),
            );
        }
    }
}

/// The first emphasis mark in the literal `texts` of a block that the author meant as
/// emphasis but the page shows as written: a run of two or more (`**`), or a single mark that
/// can only open, followed later in the block by another of the same kind. Marks used as
/// ordinary characters (`a*b`, `snake_case`, a footnote's `*`) are neither.
fn misread(text: &str, texts: &[Range<usize>]) -> Option<(Range<usize>, String, String)> {
    let mut opener: Option<(Range<usize>, char)> = None;
    for (run, c) in runs(text, texts) {
        let (start, end) = (run.start, run.end);
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let marks = &text[run.clone()];
        let intraword =
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric);
        let (left, right) = flanking(before, after);
        if end - start >= 2 && !(c == '_' && intraword) {
            let what = match (left, right) {
                (true, false) => "opens emphasis that does not close",
                (false, true) => "closes emphasis that did not open",
                _ => "opens and closes nothing",
            };
            return Some((
                run,
                format!("`{marks}` {what}: the page shows the marks as written"),
                emphasis_hint(marks),
            ));
        }
        match &opener {
            Some((first, mark)) if *mark == c => {
                let first = &text[first.clone()];
                return Some((
                    run,
                    format!(
                        "this `{marks}` does not close the `{first}` before it: the page shows both as written"
                    ),
                    emphasis_hint(first),
                ));
            }
            None if left && !right => opener = Some((run, c)),
            _ => {}
        }
    }
    None
}

/// The runs of `*` or `_` in the literal `texts` (consecutive ranges of the text), with the
/// mark; a backslash-escaped mark is not one.
fn runs(text: &str, texts: &[Range<usize>]) -> Vec<(Range<usize>, char)> {
    let mut runs: Vec<(Range<usize>, char)> = Vec::new();
    let mut escaped = false;
    for range in texts {
        for (offset, c) in text[range.clone()].char_indices() {
            let at = range.start + offset;
            if std::mem::take(&mut escaped) {
                continue;
            }
            match c {
                '\\' => escaped = true,
                '*' | '_' => match runs.last_mut() {
                    Some((run, mark)) if *mark == c && run.end == at => run.end += 1,
                    _ => runs.push((at..at + 1, c)),
                },
                _ => {}
            }
        }
    }
    runs
}

/// Whether the emphasis written at `range` opens with a mark inside a word (`a*b`).
fn opens_inside_a_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.start..].chars().find(|c| *c != '*' && *c != '_');
    before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
}

/// Whether a run with these neighbours is left- and right-flanking (CommonMark 6.2).
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || is_unicode_punct(c));
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

/// Punctuation outside ASCII that CommonMark counts: general categories P and S, of which
/// Korean text uses these.
fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '·' | '…'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '「'
            | '」'
            | '『'
            | '』'
            | '〈'
            | '〉'
            | '《'
            | '》'
            | '、'
            | '。'
            | '~'
            | '※'
    )
}

fn emphasis_hint(marks: &str) -> String {
    let c = marks.chars().next().unwrap_or('*');
    let example = format!("{marks}강조{marks}");
    let mut hint = format!(
        "write `{example}` with no space just inside the marks; a closing mark right after punctuation such as `\"` or `)` needs a space or punctuation after it, so write `\"{example}\"를`, not `{marks}\"강조\"{marks}를`"
    );
    if c == '_' {
        hint.push_str(
            "; `_` does not close before a letter: use `*` before a particle (`*강조*를`)",
        );
    }
    if marks.len() == 1 {
        hint.push_str(&format!(
            "; write `\\{c}` for a `{c}` that stands for itself"
        ));
    }
    hint
}
