//! Rule `terminology`: forbidden variants from `terminology.yaml`, found in any prose field.
//!
//! Korean attaches particles to words (공인인증서를), so Hangul terms match inside longer
//! runs. Latin terms match only as whole words, so `OPT` fires in "OPT를" but not in "OPTION".
//!
//! A variant also matches with separators inside (`공인 인증서`, `공인-인증서`, `공인·인증서`),
//! unless the variant differs from the preferred term only by its spacing (`출금계좌` for
//! `출금 계좌`: there the spacing is the point). Each part between separators must be at
//! least two characters long: a syllable alone is too often the start of the next word
//! (`범용 형태` is not `범용형`).
//!
//! The variants are compiled once into an Aho-Corasick automaton: most texts contain none of
//! them, and one pass over a text tells so for the whole list. Since the first part of a
//! match with separators has two characters or more, the variant's first two characters are
//! enough for the automaton to notice it.

use super::span::{self, Source};
use super::walk::for_each_text;
use crate::content::{GuideFile, Terminology, Text};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use crate::nfc::nfc;
use aho_corasick::AhoCorasick;
use std::ops::Range;

/// The terminology list, ready to match.
pub struct Matcher<'t> {
    variants: Vec<Variant<'t>>,
    /// Finds where a variant may start: as written, or its first two letters (for a match
    /// with separators inside); `None` when there are no variants.
    starts: Option<AhoCorasick>,
    /// For each pattern of `starts`: its variant, and whether it is the first two letters.
    patterns: Vec<(usize, bool)>,
}

/// One forbidden variant and what to write instead.
struct Variant<'t> {
    /// In NFC, like the texts it is looked for in.
    forbidden: String,
    /// The variant's characters without separators, when it also matches with separators
    /// inside.
    loose: Option<Vec<char>>,
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
                    .map(|f| {
                        let forbidden = nfc(f).into_owned();
                        let letters = letters(&forbidden);
                        let spacing_only = letters == self::letters(&nfc(&term.preferred));
                        Variant {
                            loose: (!spacing_only && letters.len() >= 2).then_some(letters),
                            forbidden,
                            preferred: term.preferred.as_str(),
                            reason: term.reason.as_str(),
                            exceptions: term
                                .exceptions
                                .iter()
                                .filter(|e| !e.trim().is_empty())
                                .map(|e| nfc(e).into_owned())
                                .collect(),
                        }
                    })
            })
            .collect();
        let mut patterns = Vec::new();
        let mut texts = Vec::new();
        for (n, variant) in variants.iter().enumerate() {
            patterns.push((n, false));
            texts.push(variant.forbidden.clone());
            if let Some(letters) = &variant.loose {
                patterns.push((n, true));
                texts.push(letters[..2].iter().collect());
            }
        }
        // Building fails only for absurd pattern sets; every text is then searched rule by rule.
        // A DFA: the terms are few and short, and it scans Korean text about twice as fast
        // as the default, whose prefilter finds little to skip in Hangul.
        let starts = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(texts)
            .ok();
        Matcher {
            variants,
            starts,
            patterns,
        }
    }

    /// Every match in `text`: the variant's index and the byte range, sorted, a variant's
    /// matches never overlapping.
    fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let Some(starts) = &self.starts else {
            // No automaton: each variant as written, the slow way.
            for (n, variant) in self.variants.iter().enumerate() {
                let len = variant.forbidden.len();
                found.extend(find_terms(text, &variant.forbidden).map(|at| (n, at..at + len)));
            }
            return found;
        };
        for hit in starts.find_overlapping_iter(text) {
            let (n, loose) = self.patterns[hit.pattern().as_usize()];
            let at = hit.start();
            let range = if loose {
                self.variants[n]
                    .loose
                    .as_deref()
                    .and_then(|letters| loose_match(text, at, letters))
                    .map(|end| at..end)
            } else {
                is_term(text, at, hit.end()).then_some(at..hit.end())
            };
            if let Some(range) = range
                && !found
                    .iter()
                    .any(|(m, f)| *m == n && range.start < f.end && f.start < range.end)
            {
                found.push((n, range));
            }
        }
        found.sort_by_key(|(n, range)| (range.start, *n));
        found
    }
}

pub fn check(matcher: &Matcher, file: &GuideFile, source: &Source, out: &mut Vec<Diagnostic>) {
    if matcher.variants.is_empty() {
        return;
    }
    for_each_text(&file.guide, &mut |_, text| {
        let value = nfc(text);
        let found = matcher.find(&value);
        for (index, (n, range)) in found.iter().enumerate() {
            let variant = &matcher.variants[*n];
            if is_excepted(&value, range.clone(), &variant.exceptions) {
                continue;
            }
            // Which match of this variant it is, to find the same one in the file.
            let nth = found[..index].iter().filter(|(m, _)| m == n).count();
            let (pos, width) = locate(matcher, source, text, *n, nth)
                .unwrap_or((text.pos, value[range.clone()].chars().count() as u32));
            out.push(
                Diagnostic::new(
                    Rule::Terminology,
                    &file.file,
                    pos,
                    format!(
                        "`{}` should be `{}`",
                        &value[range.clone()],
                        variant.preferred
                    ),
                )
                .width(width)
                .hint(format!("write `{}`: {}", variant.preferred, variant.reason))
                .fix(variant.preferred),
            );
        }
    });
}

/// Characters that may stand between the parts of a term: spaces and line breaks, hyphens
/// and dashes, and the middle dots Korean uses between words.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '·' | 'ㆍ' | '・' | '‧' | '∙'
        )
}

/// A term's characters without separators.
fn letters(term: &str) -> Vec<char> {
    term.chars().filter(|&c| !is_separator(c)).collect()
}

/// The end of a match of `letters` at byte `at` of `text` with separators between its
/// parts, each part two characters or more; `None` when there is none.
fn loose_match(text: &str, at: usize, letters: &[char]) -> Option<usize> {
    let mut chars = text[at..].char_indices().peekable();
    let mut part = 0;
    for (n, &letter) in letters.iter().enumerate() {
        if n > 0 {
            let mut skipped = false;
            let mut breaks = 0;
            while let Some(&(_, c)) = chars.peek() {
                if !is_separator(c) || c == letter {
                    break;
                }
                breaks += usize::from(c == '\n');
                skipped = true;
                chars.next();
            }
            // A blank line ends a paragraph, and with it a term.
            if skipped && (part < 2 || breaks > 1) {
                return None;
            }
            if skipped {
                part = 0;
            }
        }
        let (_, c) = chars.next()?;
        if c != letter {
            return None;
        }
        part += 1;
    }
    if part < 2 {
        return None;
    }
    let end = at + chars.peek().map_or(text.len() - at, |&(offset, _)| offset);
    is_term(text, at, end).then_some(end)
}

/// Whether the match at `range` of `text` lies inside one of the `exceptions` phrases.
fn is_excepted(text: &str, range: Range<usize>, exceptions: &[String]) -> bool {
    exceptions.iter().any(|phrase| {
        text.match_indices(phrase.as_str())
            .any(|(at, _)| at <= range.start && range.end <= at + phrase.len())
    })
}

/// Byte offsets where `term` occurs in `text` as a term (see the module comment).
pub fn find_terms<'a>(text: &'a str, term: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(term)
        .map(|(at, _)| at)
        .filter(move |&at| is_term(text, at, at + term.len()))
}

/// Whether `text[start..end]` is a term: a Latin letter or digit at either end of it does
/// not go on into the text around it.
fn is_term(text: &str, start: usize, end: usize) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let term = &text[start..end];
    !(latin(term.chars().next()) && latin(text[..start].chars().next_back())
        || latin(term.chars().next_back()) && latin(text[end..].chars().next()))
}

/// Where the `nth` match of variant `n` in a node's value is written in the file, and how
/// many characters of it are on that line.
fn locate(
    matcher: &Matcher,
    source: &Source,
    node: &Text,
    n: usize,
    nth: usize,
) -> Option<(Pos, u32)> {
    let (start, window) = node_source(source, node)?;
    let (_, found) = matcher
        .find(window)
        .into_iter()
        .filter(|(m, _)| *m == n)
        .nth(nth)?;
    let width = window[found.clone()]
        .split('\n')
        .next()
        .unwrap_or("")
        .chars()
        .count();
    Some((span::pos_of(source, start + found.start), width as u32))
}

/// Where the `nth` occurrence of `term` in a node's value is written in the file.
pub(super) fn locate_term(source: &Source, node: &Text, term: &str, nth: usize) -> Option<Pos> {
    let (start, window) = node_source(source, node)?;
    Some(span::pos_of(
        source,
        start + find_terms(window, term).nth(nth)?,
    ))
}

/// The byte where a node's value starts in the file, and the file from there on as far as
/// the value can reach (its value plus quoting, indentation and line breaks).
fn node_source<'s>(source: &'s Source, node: &Text) -> Option<(usize, &'s str)> {
    let start = span::byte_of(source, node.pos)?;
    let end = (start + node.len() * 2 + 256).min(source.len());
    let window = source.get(start..end).or_else(|| source.get(start..))?;
    Some((start, window))
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

    /// What a variant finds in a text, as the matched texts.
    fn found(forbidden: &str, preferred: &str, text: &str) -> Vec<String> {
        let list = format!(
            "terms:\n  - preferred: {preferred}\n    forbidden: [{forbidden}]\n    reason: r\n"
        );
        let terminology: crate::content::Terminology =
            crate::content::parse::parse("t.yaml", &list, "t").unwrap();
        let matcher = super::Matcher::new(Some(&terminology));
        matcher
            .find(text)
            .into_iter()
            .map(|(_, range)| text[range].to_string())
            .collect()
    }

    #[test]
    fn variants_match_with_separators_and_particles_inside_and_after() {
        let text = "공인 인증서를, 공인-인증서로, 공인·인증서의, 공인ㆍ인증서, 공인\n  인증서와 공인인증서";
        assert_eq!(
            found("공인인증서", "공동인증서", text),
            [
                "공인 인증서",
                "공인-인증서",
                "공인·인증서",
                "공인ㆍ인증서",
                "공인\n  인증서",
                "공인인증서"
            ]
        );
        assert_eq!(
            found("약관을 동의", "약관에 동의", "약관을동의하고"),
            ["약관을동의"]
        );
    }

    #[test]
    fn separators_do_not_make_false_alarms() {
        // A syllable alone after a separator starts another word.
        assert!(found("범용형", "범용", "범용 형태로 쓰는 범용 인증서").is_empty());
        // A variant that only differs from the preferred term by its spacing.
        assert!(found("출금계좌", "출금 계좌", "출금 계좌를 준비하세요").is_empty());
        assert!(found("KB 국민은행", "KB국민은행", "KB국민은행 앱").is_empty());
        // A paragraph break ends a term; Latin terms stay whole words.
        assert!(found("공인인증서", "공동인증서", "공인\n\n인증서").is_empty());
        assert!(found("OPT", "OTP", "OP T, O-P-T, OPTION").is_empty());
    }
}
