//! Text as the PDFs set it: paragraphs of runs (plain or bold), read from Markdown, and
//! broken into lines that fit a width.
//!
//! Korean is broken at spaces, as `word-break: keep-all` does in the pages, so a word is
//! never cut in two; only a word wider than the whole line (an address, say) is broken
//! between characters.

use super::font::Font;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A piece of text in one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: true,
        }
    }
}

/// A paragraph, or a list item when it has a bullet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    pub runs: Vec<Run>,
    pub bullet: bool,
}

/// The paragraphs and list items of a Markdown text, bold where it is strong, emphasised or
/// a heading. Links keep their text; raw HTML shows as written, as on the pages.
pub fn markdown(source: &str) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut current = Para::default();
    let mut bold = 0usize;
    let mut in_item = false;
    let flush = |current: &mut Para, paras: &mut Vec<Para>| {
        if current.runs.iter().any(|r| !r.text.trim().is_empty()) {
            paras.push(std::mem::take(current));
        }
        current.runs.clear();
    };
    for event in Parser::new_ext(source, Options::empty()) {
        match event {
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut paras);
                current.bullet = true;
                in_item = true;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut current, &mut paras);
                current.bullet = false;
                in_item = false;
            }
            Event::Start(Tag::Paragraph) if !in_item => flush(&mut current, &mut paras),
            Event::End(TagEnd::Paragraph) if !in_item => flush(&mut current, &mut paras),
            Event::Start(Tag::Heading { .. } | Tag::Strong | Tag::Emphasis) => bold += 1,
            Event::End(TagEnd::Heading(_)) => {
                bold = bold.saturating_sub(1);
                flush(&mut current, &mut paras);
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => bold = bold.saturating_sub(1),
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push(&mut current.runs, &text, bold > 0);
            }
            Event::SoftBreak | Event::HardBreak => push(&mut current.runs, " ", bold > 0),
            _ => {}
        }
    }
    flush(&mut current, &mut paras);
    paras
}

/// Appends text to the last run when it has the same style.
fn push(runs: &mut Vec<Run>, text: &str, bold: bool) {
    match runs.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            bold,
        }),
    }
}

/// A line as set: its runs, spaces included (so copied text keeps its word breaks), and
/// its width in points.
#[derive(Debug, Default, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

/// Breaks `runs` into lines no wider than `width` points at `size` points.
pub fn lines(font: &Font, runs: &[Run], size: f32, width: f32) -> Vec<Line> {
    let space = font.width(" ") * size;
    let mut out: Vec<Line> = Vec::new();
    let mut line = Line::default();
    for word in words(runs) {
        let word_width: f32 = word.iter().map(|r| font.width(&r.text) * size).sum();
        if line.runs.is_empty() || line.width + space + word_width <= width {
            if !line.runs.is_empty() {
                push(&mut line.runs, " ", word[0].bold);
                line.width += space;
            }
        } else {
            out.push(std::mem::take(&mut line));
        }
        if word_width <= width - line.width {
            for run in word {
                push(&mut line.runs, &run.text, run.bold);
            }
            line.width += word_width;
            continue;
        }
        // Wider than what is left of an empty line: cut between characters.
        for run in word {
            for c in run.text.chars() {
                let advance = f32::from(font.glyph(c).advance) / 1000.0 * size;
                if line.width + advance > width && !line.runs.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let mut text = [0u8; 4];
                push(&mut line.runs, c.encode_utf8(&mut text), run.bold);
                line.width += advance;
            }
        }
    }
    if !line.runs.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// The words of `runs`: what lies between spaces, as runs (a word can change style in its
/// middle, as in **3년**입니다).
fn words(runs: &[Run]) -> Vec<Vec<Run>> {
    let mut words: Vec<Vec<Run>> = Vec::new();
    let mut word: Vec<Run> = Vec::new();
    for run in runs {
        for (i, piece) in run.text.split(char::is_whitespace).enumerate() {
            if i > 0 && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if !piece.is_empty() {
                push(&mut word, piece, run.bold);
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_bold_and_list_items() {
        let paras = markdown("화면 위쪽의 **인증센터** 탭을 누릅니다.\n\n- 하나\n- 둘");
        assert_eq!(paras.len(), 3);
        assert_eq!(
            paras[0].runs,
            [
                Run::plain("화면 위쪽의 "),
                Run::bold("인증센터"),
                Run::plain(" 탭을 누릅니다.")
            ]
        );
        assert!(paras[1].bullet && paras[2].bullet);
    }

    #[test]
    fn lines_break_at_spaces_and_cut_only_words_wider_than_a_line() {
        let font = super::super::font::font().unwrap();
        let runs = [Run::plain("가나다 라마바 사아자")];
        // Each syllable is 1 em: 10 pt at 10 pt; two words and a space are 65 pt wide.
        let set = lines(font, &runs, 10.0, 70.0);
        let texts: Vec<String> = set
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["가나다 라마바", "사아자"]);
        let cut = lines(font, &[Run::plain("가나다라마바")], 10.0, 25.0);
        assert_eq!(cut.len(), 3);
    }
}
