//! Rule `terminology`: forbidden variants from `terminology.yaml`, found in any prose field.
//!
//! Korean attaches particles to words (공인인증서를), so Hangul terms match inside longer
//! runs. Latin terms match only as whole words, so `OPT` fires in "OPT를" but not in "OPTION".
//!
//! The variants are compiled once into an Aho-Corasick automaton: most texts contain none of
//! them, and one pass over a text tells so for the whole list.

use super::walk::for_each_text;
use crate::content::{GuideFile, Terminology, Text};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use crate::nfc::nfc;
use aho_corasick::AhoCorasick;

/// The terminology list, ready to match.
pub struct Matcher<'t> {
    variants: Vec<Variant<'t>>,
    /// Finds any of the variants; `None` when there are none.
    any: Option<AhoCorasick>,
}

/// One forbidden variant and what to write instead.
struct Variant<'t> {
    /// In NFC, like the texts it is looked for in.
    forbidden: String,
    preferred: &'t str,
    reason: &'t str,
    /// The term's exceptions, in NFC.
    exceptions: Vec<String>,
}

impl<'t> Matcher<'t> {
    pub fn new(terminology: Option<&'t Terminology>) -> Matcher<'t> {
        let variants: Vec<Variant<'t>> = terminology
            .into_iter()
            .flat_map(|t| &t.terms)
            .flat_map(|term| {
                term.forbidden
                    .iter()
                    .filter(|f| !f.trim().is_empty())
                    .map(|f| Variant {
                        forbidden: nfc(f).into_owned(),
                        preferred: term.preferred.as_str(),
                        reason: term.reason.as_str(),
                        exceptions: term
                            .exceptions
                            .iter()
                            .filter(|e| !e.trim().is_empty())
                            .map(|e| nfc(e).into_owned())
                            .collect(),
                    })
            })
            .collect();
        // Building fails only for absurd pattern sets; every text is then searched rule by rule.
        // A DFA: the terms are few and short, and it scans Korean text about twice as fast
        // as the default, whose prefilter finds little to skip in Hangul.
        let any = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(variants.iter().map(|r| &r.forbidden))
            .ok();
        Matcher { variants, any }
    }
}

pub fn check(matcher: &Matcher, file: &GuideFile, source: &str, out: &mut Vec<Diagnostic>) {
    if matcher.variants.is_empty() {
        return;
    }
    for_each_text(&file.guide, &mut |_, text| {
        let value = nfc(text);
        if matcher
            .any
            .as_ref()
            .is_some_and(|any| !any.is_match(&*value))
        {
            return;
        }
        for variant in &matcher.variants {
            let forbidden = variant.forbidden.as_str();
            for (nth, at) in find_terms(&value, forbidden).enumerate() {
                if is_excepted(&value, at..at + forbidden.len(), &variant.exceptions) {
                    continue;
                }
                let pos = locate(source, text, forbidden, nth).unwrap_or(text.pos);
                out.push(
                    Diagnostic::new(
                        Rule::Terminology,
                        &file.file,
                        pos,
                        format!("`{forbidden}` should be `{}`", variant.preferred),
                    )
                    .width(forbidden.chars().count() as u32)
                    .hint(format!("write `{}`: {}", variant.preferred, variant.reason))
                    .fix(variant.preferred),
                );
            }
        }
    });
}

/// Whether the match at `range` of `text` lies inside one of the `exceptions` phrases.
fn is_excepted(text: &str, range: std::ops::Range<usize>, exceptions: &[String]) -> bool {
    exceptions.iter().any(|phrase| {
        text.match_indices(phrase.as_str())
            .any(|(at, _)| at <= range.start && range.end <= at + phrase.len())
    })
}

/// Byte offsets where `term` occurs in `text` as a term (see the module comment).
pub fn find_terms<'a>(text: &'a str, term: &'a str) -> impl Iterator<Item = usize> + 'a {
    let latin_start = term
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let latin_end = term
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(term)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + term.len()..].chars().next();
            !(latin_start && before.is_some_and(|c| c.is_ascii_alphanumeric())
                || latin_end && after.is_some_and(|c| c.is_ascii_alphanumeric()))
        })
}

/// Where the `nth` occurrence of `term` in a node's value is written in the file.
pub(super) fn locate(source: &str, node: &Text, term: &str, nth: usize) -> Option<Pos> {
    let line_start = source
        .split_inclusive('\n')
        .take(node.pos.line.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>();
    let start = line_start
        + source[line_start..]
            .chars()
            .take(node.pos.col.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum::<usize>();
    // A node's source is its value plus quoting, indentation and line breaks.
    let end = (start + node.len() * 2 + 256).min(source.len());
    let window = source.get(start..end).or_else(|| source.get(start..))?;
    let at = start + find_terms(window, term).nth(nth)?;
    let before = &source[..at];
    Some(Pos {
        line: before.matches('\n').count() as u32 + 1,
        col: before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::find_terms;

    #[test]
    fn hangul_terms_match_with_particles() {
        assert_eq!(find_terms("공인인증서를 발급", "공인인증서").count(), 1);
    }

    #[test]
    fn exceptions_cover_only_their_own_phrase() {
        let exceptions = ["옛 이름인 공인인증서".to_string()];
        let text = "옛 이름인 공인인증서는 이제 공인인증서라 부르지 않습니다";
        let found: Vec<bool> = find_terms(text, "공인인증서")
            .map(|at| super::is_excepted(text, at..at + "공인인증서".len(), &exceptions))
            .collect();
        assert_eq!(found, [true, false]);
    }

    #[test]
    fn latin_terms_match_whole_words_only() {
        assert_eq!(find_terms("OPT를 선택", "OPT").count(), 1);
        assert_eq!(find_terms("보안카드나 OPT", "OPT").count(), 1);
        assert_eq!(find_terms("OPTION, ADOPT, OPT2", "OPT").count(), 0);
    }
}
