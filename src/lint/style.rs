//! Rule `plain-form`: the guides speak to the reader in one polite voice ("…하세요",
//! "…합니다"). A sentence that ends in the plain form (…한다, …는다, …ㄴ다), as the source
//! articles' tables do ("전화가 오면 바로 응답한다"), reads as a note to oneself beside the
//! instructions around it.
//!
//! Checklist items are not checked: each states the expected state in the plain form
//! ("휴대폰 번호가 최신이다", "비밀번호를 안다"), which is what a box to tick says. Titles,
//! labels, table cells that name a situation or a cause, sources and quotes are not checked
//! either: they are names, or someone else's words.

use super::span::Source;
use super::terminology::{find_terms, locate_term};
use crate::content::{Guide, GuideFile, Step, Text};
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(file: &GuideFile, source: &Source, out: &mut Vec<Diagnostic>) {
    for_each_instruction(&file.guide, &mut |field, text| {
        for (at, word) in plain_form_words(text) {
            let nth = find_terms(&text[..at], word).count();
            let pos = locate_term(source, text, word, nth).unwrap_or(text.pos);
            out.push(
                Diagnostic::new(
                    Rule::PlainForm,
                    &file.file,
                    pos,
                    format!("`{field}` ends a sentence in the plain form `{word}`"),
                )
                .width(word.chars().count() as u32)
                .hint(
                    "speak to the reader politely, e.g. `…하세요` or `…합니다`; only checklist \
                     items state the expected state in the plain form",
                ),
            );
        }
    });
}

/// The prose of a guide that speaks to the reader, by field name: everything but checklist
/// items, names (titles, labels, values, table cells) and sources.
fn for_each_instruction<'g>(guide: &'g Guide, visit: &mut dyn FnMut(&'static str, &'g Text)) {
    visit("summary", &guide.summary);
    for fact in &guide.facts {
        if let Some(note) = &fact.note {
            visit("note", note);
        }
    }
    for item in &guide.prepare {
        visit("prepare", item);
    }
    for procedure in &guide.procedures {
        for item in &procedure.prepare {
            visit("prepare", item);
        }
        if let Some(result) = &procedure.result {
            visit("result", result);
        }
    }
    for step in super::walk::all_steps(guide) {
        step_instructions(step, visit);
    }
    for caution in &guide.shared_cautions {
        visit("caution", &caution.text);
    }
    for question in &guide.questions {
        visit("answer", &question.answer);
    }
    for situation in &guide.situations {
        visit("advice", &situation.advice);
    }
    for row in &guide.failures {
        visit("caution", &row.caution);
    }
    for row in &guide.checklist_table {
        visit("tip", &row.tip);
    }
    for item in &guide.sequence {
        visit("sequence", item);
    }
}

fn step_instructions<'g>(step: &'g Step, visit: &mut dyn FnMut(&'static str, &'g Text)) {
    if let Some(action) = &step.action {
        visit("action", action);
    }
    if let Some(detail) = &step.detail {
        visit("detail", detail);
    }
    for choice in &step.choices {
        if let Some(detail) = &choice.detail {
            visit("detail", detail);
        }
    }
    for caution in &step.cautions {
        if let Some(text) = &caution.text {
            visit("caution", text);
        }
    }
}

/// Words in the plain form that end a sentence or a line, with their byte offsets. A word
/// that ends a quotation ("…된다"고) is someone else's voice and is left alone.
pub fn plain_form_words(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for line in text.split_inclusive('\n') {
        let line_at = line.as_ptr() as usize - text.as_ptr() as usize;
        // No Vec of the words: this runs on every line of prose, and `check` is timed.
        let mut words = line
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
            .peekable();
        while let Some((at, word)) = words.next() {
            let bare = word.trim_end_matches(is_closing);
            let tail = &word[bare.len()..];
            let ends_sentence = words.peek().is_none() || tail.contains(['.', '!', '?', '…']);
            let quoted = tail.contains(['"', '\'', '’', '”', '」', '』']);
            if ends_sentence && !quoted && is_plain_form(bare) {
                let bare = bare.trim_start_matches(is_opening);
                let start = line_at + at + (word.len() - word.trim_start_matches(is_opening).len());
                found.push((start, bare));
            }
        }
    }
    found
}

/// Punctuation and Markdown markup that may follow the last word of a sentence.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '!'
            | '?'
            | ';'
            | ':'
            | '…'
            | ')'
            | ']'
            | '}'
            | '*'
            | '_'
            | '~'
            | '`'
            | '"'
            | '\''
            | '’'
            | '”'
            | '」'
            | '』'
    )
}

/// Markup and brackets that may open a word.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '*' | '_' | '~' | '`' | '"' | '\'' | '‘' | '“' | '「' | '『'
    )
}

/// …한다, …받는다, …둔다: 다 after 는, or after a syllable that ends in ㄴ.
fn is_plain_form(word: &str) -> bool {
    let mut chars = word.chars().rev();
    if chars.next() != Some('다') {
        return false;
    }
    match chars.next() {
        Some('는') => true,
        Some(c @ '가'..='힣') => (c as u32 - 0xAC00) % 28 == 4,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::plain_form_words;

    fn words(text: &str) -> Vec<&str> {
        plain_form_words(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn the_plain_form_is_found_at_the_end_of_a_sentence_or_line() {
        assert_eq!(words("전화가 오면 바로 응답한다"), ["응답한다"]);
        assert_eq!(
            words("정보를 다시 확인한다. 그리고 기다린다."),
            ["확인한다", "기다린다"]
        );
        assert_eq!(words("약관을 읽는다\n미리 둔다"), ["읽는다", "둔다"]);
        assert_eq!(words("**꼭 받는다**."), ["받는다"]);
        let text = "가 **받는다**.";
        let (at, word) = plain_form_words(text)[0];
        assert_eq!(&text[at..at + word.len()], "받는다");
    }

    #[test]
    fn polite_formal_and_expected_states_are_not_the_plain_form() {
        for text in [
            "전화가 오면 바로 받으세요.",
            "입력한 정보를 다시 한번 확인합니다.",
            "유효기간은 3년입니다",
            "휴대폰 번호가 최신이다",
            "보안카드가 손에 있다",
            "약관을 읽은 뒤 동의했다",
            "정확하다",
            "본인 확인을 한다면 다음으로 넘어갑니다.",
            "\"자동으로 기한 연장도 된다\"고 밝혔습니다.",
            "금융결제원은 \"연장도 된다.\" 라고 썼습니다",
            "바다",
        ] {
            assert_eq!(words(text), Vec::<&str>::new(), "{text}");
        }
    }
}
