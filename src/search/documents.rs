//! Cutting a guide into search documents, in page order, each with its section label and
//! its link. Cautions are resolved (`failure:` and `shared:`) and a step that uses a shared
//! step gets that step's text under its own anchor, so a result says what the page shows.

use super::entry::DocKind;
use crate::anchors;
use crate::content::strings::Strings;
use crate::content::{Caution, Guide, Step};
use crate::render::checklist::say;

/// A document before it is tokenized.
pub struct Draft {
    pub kind: DocKind,
    pub section: String,
    /// Fragment id on the page, empty for the top of the page. Checklist items are on the
    /// checklist page, everything else on the guide page; `templates/static/search.js` makes
    /// the link.
    pub anchor: String,
    pub title: String,
    pub text: String,
}

impl Draft {
    fn new(kind: DocKind, section: impl Into<String>, anchor: String, title: &str) -> Draft {
        Draft {
            kind,
            section: section.into(),
            anchor,
            title: collapse(title),
            text: String::new(),
        }
    }

    /// Appends a plain-text field. Fields that don't end a sentence (list items, table cells,
    /// a choice's label) are kept apart with " · " so a snippet still reads as separate items.
    fn text(mut self, text: &str) -> Draft {
        let text = collapse(text);
        if !text.is_empty() {
            if self.text.ends_with(['.', '!', '?', ':', '。']) {
                self.text.push(' ');
            } else if !self.text.is_empty() {
                self.text.push_str(" · ");
            }
            self.text.push_str(&text);
        }
        self
    }

    fn texts<'a>(self, items: impl IntoIterator<Item = &'a str>) -> Draft {
        items.into_iter().fold(self, Draft::text)
    }

    /// Appends a Markdown field as the plain text a reader sees.
    fn markdown(self, markdown: &str) -> Draft {
        self.text(&plain(markdown))
    }

    fn markdowns<'a>(self, items: impl IntoIterator<Item = &'a str>) -> Draft {
        items.into_iter().fold(self, Draft::markdown)
    }
}

/// The documents of one guide, in page order.
/// Section names come from the interface strings `t` of the guide's language.
pub fn guide_docs(guide: &Guide, t: &Strings) -> Vec<Draft> {
    let at = |anchor: &str| anchor.to_string();
    let mut docs = vec![
        Draft::new(
            DocKind::Summary,
            say(t, "search_overview"),
            String::new(),
            &guide.title,
        )
        .text(&guide.certificate)
        .markdown(&guide.summary),
    ];
    for fact in &guide.facts {
        let note = fact.note.as_ref().map(|n| n.value.as_str());
        // The value is the answer a reader looks for, so it is part of the heading.
        let title = format!("{}: {}", fact.label.value, fact.value.value.value);
        let anchor = at(&anchors::fact(&fact.id));
        docs.push(Draft::new(DocKind::Fact, say(t, "facts"), anchor, &title).markdowns(note));
    }
    if !guide.prepare.is_empty() {
        let items = guide.prepare.iter().map(|t| t.value.as_str());
        let anchor = at(anchors::PREPARE);
        let (section, title) = (say(t, "search_prepare"), say(t, "prepare"));
        docs.push(Draft::new(DocKind::Prepare, section, anchor, &title).texts(items));
    }
    for procedure in &guide.procedures {
        let channel = collapse(&procedure.channel);
        let items = procedure.prepare.iter().map(|t| t.value.as_str());
        let result = procedure.result.as_ref().map(|r| r.value.as_str());
        let anchor = at(&anchors::procedure(&procedure.id));
        docs.push(
            Draft::new(DocKind::Procedure, &*channel, anchor, &procedure.title)
                .texts(items)
                .markdowns(result),
        );
        for (number, step) in procedure.steps.iter().enumerate() {
            let nth = say(t, "search_step").replace("{n}", &(number + 1).to_string());
            let section = format!("{channel} {nth}");
            docs.push(step_doc(guide, step, section, at(&anchors::step(&step.id))));
        }
    }
    for question in &guide.questions {
        let anchor = at(&anchors::question(&question.id));
        docs.push(
            Draft::new(
                DocKind::Question,
                say(t, "questions"),
                anchor,
                &question.question,
            )
            .markdown(&question.answer),
        );
    }
    for situation in &guide.situations {
        let section = format!(
            "{} · {}",
            say(t, "situations"),
            say(t, situation.kind.key())
        );
        let anchor = at(anchors::situation(situation.kind.value));
        docs.push(
            Draft::new(DocKind::Situation, section, anchor, &situation.title)
                .markdown(&situation.advice),
        );
    }
    for row in &guide.failures {
        let anchor = at(&anchors::failure(&row.id));
        docs.push(
            Draft::new(
                DocKind::Failure,
                say(t, "search_failure"),
                anchor,
                &row.cause,
            )
            .text(&row.situation)
            .text(&row.caution),
        );
    }
    for row in &guide.checklist_table {
        let anchor = at(anchors::CHECKLIST_TABLE);
        docs.push(
            Draft::new(
                DocKind::ChecklistRow,
                say(t, "search_checklist_table"),
                anchor,
                &row.blocker,
            )
            .text(&row.situation)
            .text(&row.tip),
        );
    }
    if !guide.sequence.is_empty() {
        let items = guide.sequence.iter().map(|t| t.value.as_str());
        let anchor = at(anchors::SEQUENCE);
        let (section, title) = (say(t, "search_sequence"), say(t, "search_sequence_title"));
        docs.push(Draft::new(DocKind::Sequence, section, anchor, &title).texts(items));
    }
    for group in &guide.checklist {
        let section = format!("{} · {}", say(t, "checklist"), say(t, group.moment.key()));
        for item in &group.items {
            let anchor = anchors::checklist_item(&item.id);
            docs.push(Draft::new(
                DocKind::Checklist,
                &*section,
                anchor,
                &item.text,
            ));
        }
    }
    docs
}

/// A step's document: its action, detail, choices and resolved cautions. A step that uses a
/// shared step takes that step's content and keeps its own id (and so its own anchor).
fn step_doc(guide: &Guide, step: &Step, section: String, anchor: String) -> Draft {
    let shared = step
        .uses
        .as_ref()
        .and_then(|id| guide.shared_steps.iter().find(|s| s.id.value == id.value));
    let content: &Step = shared.map_or(step, |s| &s.value);
    let action = content.action.as_ref().map_or("", |a| a.value.as_str());
    let detail = content.detail.as_ref().map(|d| d.value.as_str());
    let mut draft = Draft::new(DocKind::Step, section, anchor, action).markdowns(detail);
    for choice in &content.choices {
        let detail = choice.detail.as_ref().map(|d| d.value.as_str());
        draft = draft.text(&choice.label).markdowns(detail);
    }
    for caution in &content.cautions {
        draft = caution_texts(guide, caution)
            .into_iter()
            .fold(draft, |d, (text, markdown)| {
                if markdown {
                    d.markdown(text)
                } else {
                    d.text(text)
                }
            });
    }
    draft
}

/// The texts of a caution, whichever way it is written, each with "is Markdown". A reference
/// that doesn't resolve gives nothing here; `check` reports it.
fn caution_texts<'g>(guide: &'g Guide, caution: &'g Caution) -> Vec<(&'g str, bool)> {
    let mut texts = Vec::new();
    if let Some(text) = &caution.text {
        texts.push((text.value.as_str(), true));
    }
    if let Some(id) = &caution.failure
        && let Some(row) = guide.failures.iter().find(|r| r.id.value == id.value)
    {
        texts.push((row.cause.value.as_str(), false));
        texts.push((row.caution.value.as_str(), false));
    }
    if let Some(id) = &caution.shared
        && let Some(shared) = guide
            .shared_cautions
            .iter()
            .find(|c| c.id.value == id.value)
    {
        texts.push((shared.text.value.as_str(), true));
    }
    texts
}

/// Markdown as plain text on one line: the words a reader sees, without markup or link targets.
pub fn plain(markdown: &str) -> String {
    if has_no_markup(markdown) {
        return collapse(markdown);
    }
    plain_parsed(markdown)
}

/// True when Markdown cannot change `text`'s words: no ASCII punctuation that Markdown gives
/// a meaning to, no tab or carriage return, and no line that starts with a digit (an ordered
/// list's `1.`) or with four spaces (code). Most fields are like that, and then parsing would
/// only turn line breaks into spaces.
fn has_no_markup(text: &str) -> bool {
    let plain_byte = |b: u8| {
        b >= 0x80
            || b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'\n' | b'.' | b',' | b'?' | b':' | b'(' | b')' | b'\'' | b'"' | b'/' | b'%'
            )
    };
    text.bytes().all(plain_byte)
        && text.split('\n').all(|line| {
            let rest = line.trim_start_matches(' ');
            line.len() - rest.len() < 4 && !rest.starts_with(|c: char| c.is_ascii_digit())
        })
}

fn plain_parsed(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&text)
            }
            // Inline markup sits inside a word (**웹사이트**에서): no space at its end.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Rule => out.push(' '),
            _ => {}
        }
    }
    collapse(&out)
}

/// NFC, with whitespace runs as single spaces, trimmed. Snippets count characters of this form.
pub fn collapse(text: &str) -> String {
    let text = crate::nfc::nfc(text);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The seeded generator the tests share, from the knowledge-base generator.
#[cfg(test)]
#[path = "../../examples/gen_kb.rs"]
#[allow(dead_code)]
mod gen_kb;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_markup_reads_the_same_parsed_or_not() {
        let alphabet = [
            "가", "나", "a", "B", "1", "9", " ", "  ", "\n", "\r", "\t", ".", ",", "?", ":", "(",
            ")", "'", "\"", "/", "%", "é", "\u{a0}", "\u{3000}", "-", "*", "#", "1.", "2)",
        ];
        let mut rng = gen_kb::Rng(7);
        let mut checked = 0;
        for _ in 0..50_000 {
            let len = rng.range(0, 23);
            let text: String = (0..len)
                .map(|_| alphabet[rng.range(0, alphabet.len() - 1)])
                .collect();
            if has_no_markup(&text) {
                checked += 1;
                assert_eq!(collapse(&text), plain_parsed(&text), "{text:?}");
            }
        }
        assert!(checked > 1000, "only {checked} texts without markup");
        assert!(!has_no_markup("**굵게**"));
        assert!(!has_no_markup("가\n1. 항목"));
    }
}
