//! Marking query matches in a result's title and cutting a snippet around the first match.
//! The output is HTML: the text escaped, each matched run wrapped in `<mark>`.
//!
//! `templates/static/search.js` does the same; the parity test compares their HTML.

use super::tokenize::{Class, class, fold};
use crate::nfc::nfc;

/// Characters of context kept before the first match.
const BEFORE: usize = 20;
/// Length of a snippet in characters; about three lines on a phone.
const WINDOW: usize = 70;

/// For each character of `text` (NFC), whether a query token matched there.
///
/// A Latin or digit token must start at a word start (so `ars` is not marked inside `cars`);
/// one that matched as a whole word only (a digit run or a single letter) must also end at a
/// word end, as in the index.
pub fn mark_mask(text: &str, tokens: &[String]) -> Vec<bool> {
    let folded = fold(text);
    let chars: Vec<char> = folded.iter().map(|f| f.ch).collect();
    let mut mask = vec![false; nfc(text).chars().count()];
    for token in tokens {
        let needle: Vec<char> = token.chars().collect();
        let Some(&head) = needle.first() else {
            continue;
        };
        let word = class(head) == Class::Word;
        let whole = word && !is_prefix_token(token);
        let is_word_at = |i: usize| chars.get(i).is_some_and(|&c| class(c) == Class::Word);
        for start in 0..chars.len().saturating_sub(needle.len() - 1) {
            let end = start + needle.len();
            if chars[start..end] != needle[..] {
                continue;
            }
            if word && start > 0 && is_word_at(start - 1) {
                continue;
            }
            if whole && is_word_at(end) {
                continue;
            }
            // From the first character's origin to the last one's, so a dropped thousands
            // comma inside the match is marked with it.
            let (first, last) = (folded[start].origin, folded[end - 1].origin);
            for slot in mask.iter_mut().take(last + 1).skip(first) {
                *slot = true;
            }
        }
    }
    mask
}

/// A Latin query token of two or more characters also matches words it begins (ot → otp).
pub fn is_prefix_token(token: &str) -> bool {
    let mut chars = token.chars();
    let head = chars.next();
    head.is_some_and(|c| class(c) == Class::Word && !c.is_ascii_digit()) && chars.next().is_some()
}

/// The whole text, escaped, with matches marked.
pub fn highlight(text: &str, tokens: &[String]) -> String {
    let chars: Vec<char> = nfc(text).chars().collect();
    let mask = mark_mask(text, tokens);
    marked(&chars, &mask, 0, chars.len())
}

/// Up to [`WINDOW`] characters around the first match, escaped, with matches marked and `…`
/// where text was cut. Without a match, the start of the text.
pub fn snippet(text: &str, tokens: &[String]) -> String {
    let chars: Vec<char> = nfc(text).chars().collect();
    let mask = mark_mask(text, tokens);
    let start = match mask.iter().position(|&m| m) {
        None => 0,
        Some(first) => {
            let start = first.saturating_sub(BEFORE);
            // Begin at a word rather than in the middle of one.
            match chars[start..first].iter().position(|&c| c == ' ') {
                Some(space) if start > 0 => start + space + 1,
                _ => start,
            }
        }
    };
    let end = chars.len().min(start + WINDOW);
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    html.push_str(&marked(&chars, &mask, start, end));
    if end < chars.len() {
        html.push('…');
    }
    html
}

fn marked(chars: &[char], mask: &[bool], start: usize, end: usize) -> String {
    let mut html = String::new();
    let mut open = false;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let on = mask.get(i).copied().unwrap_or(false);
        if on != open {
            html.push_str(if on { "<mark>" } else { "</mark>" });
            open = on;
        }
        escape_into(&mut html, c);
    }
    if open {
        html.push_str("</mark>");
    }
    html
}

fn escape_into(html: &mut String, c: char) {
    match c {
        '&' => html.push_str("&amp;"),
        '<' => html.push_str("&lt;"),
        '>' => html.push_str("&gt;"),
        '"' => html.push_str("&quot;"),
        '\'' => html.push_str("&#39;"),
        _ => html.push(c),
    }
}
