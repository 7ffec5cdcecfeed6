//! Query and ranking: which documents match a query and in what order.
//!
//! The query first goes through the terminology list ([`rewrite`]): 공인인증서 is searched as
//! 공동인증서, OPT as OTP. Then score = coverage² × BM25 × phrase bonus × kind weight, where
//! coverage is the fraction of the query's tokens the document has. Squaring it puts a
//! document with every bigram of the query (인증서를) above one with a single common bigram
//! repeated many times, while a typo that spoils one bigram of three still finds the word. The
//! phrase bonus goes to a document that has every token of the query and contains the whole
//! query (separators ignored), so the exact words win among near misses; only such a
//! document needs its text looked at, which lets the browser load only the documents it may
//! show. The kind weight favours steps, which is what a reader is after. Scores are
//! rounded to 6 decimals so that Rust and JavaScript, whose `ln` may differ in the last bit,
//! order ties the same way.
//!
//! `templates/static/search.js` implements the same functions; the parity test compares them.

use super::index::{DocKind, Index};
use super::snippet::{highlight, is_prefix_token, snippet};
use super::tokenize::{Class, class, compact, fold, tokenize};
use std::collections::BTreeMap;

/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation. Below the usual 0.75: the documents are all short, and a
/// one-line checklist item should not beat the step it repeats only for being shorter.
const B: f64 = 0.5;
/// Factor for a document whose title contains the whole query (separators ignored).
const TITLE_PHRASE_BONUS: f64 = 2.0;
/// Factor for a document whose other text contains the whole query.
const PHRASE_BONUS: f64 = 1.5;

/// How much a kind of document is worth when the text matches equally well. Steps are what
/// a reader is after; facts answer "how long, how much"; checklist items and the summary
/// sequence repeat what steps say.
pub fn kind_weight(kind: DocKind) -> f64 {
    match kind {
        DocKind::Step => 1.5,
        DocKind::Fact => 1.25,
        DocKind::Checklist | DocKind::Sequence | DocKind::ChecklistRow => 0.8,
        _ => 1.0,
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into [`Index::docs`].
    pub doc: usize,
    pub score: f64,
    pub guide_id: String,
    pub guide_title: String,
    /// Where on the page, e.g. "웹사이트 3단계".
    pub section: String,
    /// Relative to the site root, e.g. `guides/x/index.html#step-agree`.
    pub href: String,
    /// The result's heading as HTML, matches in `<mark>`.
    pub title_html: String,
    /// Text around the first match as HTML, matches in `<mark>`.
    pub snippet_html: String,
}

/// The query's distinct tokens, in the order typed.
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for token in tokenize(query) {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

/// The index terms a query token stands for, with their posting lists: a single Hangul
/// character matches every bigram that holds it (앱 finds 앱을), and a Latin token of two or
/// more letters matches the words it begins (ot finds otp). A Latin word of three or more
/// letters that matches nothing stands for the words one edit away (opt finds otp): bigrams
/// give Hangul typo tolerance, but not Latin.
pub fn expand<'i>(index: &'i Index, token: &str) -> Vec<(&'i str, &'i [(u32, u32)])> {
    let chars: Vec<char> = token.chars().collect();
    let single = match chars[..] {
        [c] if class(c) == Class::Bigram => Some(c),
        _ => None,
    };
    let prefix = is_prefix_token(token);
    let matches = |term: &str| match single {
        Some(c) => term == token || (term.chars().count() == 2 && term.contains(c)),
        None if prefix => term.starts_with(token),
        None => term == token,
    };
    let found = select(index, matches);
    if !found.is_empty() || !prefix || chars.len() < 3 {
        return found;
    }
    select(index, |term| {
        is_prefix_token(term) && one_edit_apart(&chars, term)
    })
}

fn select(index: &Index, keep: impl Fn(&str) -> bool) -> Vec<(&str, &[(u32, u32)])> {
    index
        .terms
        .iter()
        .filter(|(term, _)| keep(term))
        .map(|(term, list)| (term.as_str(), list.as_slice()))
        .collect()
}

/// True when `b` is `a` with one character inserted, deleted or replaced, or two neighbours
/// swapped (an optimal string alignment distance of 1).
fn one_edit_apart(a: &[char], b: &str) -> bool {
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (a, &b[..])
    } else {
        (&b[..], a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let same = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let (s, l) = (&short[same..], &long[same..]);
    if s.len() < l.len() {
        return s == &l[1..];
    }
    if s.is_empty() {
        return false;
    }
    s[1..] == l[1..] || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
}

/// The query as searched: folded, with each variant from the terminology list replaced by
/// its preferred term (공인인증서 → 공동인증서). A Latin variant is replaced only as a whole
/// word, so OPT is replaced and OPTION is not.
pub fn rewrite(index: &Index, query: &str) -> String {
    let mut chars: Vec<char> = fold(query).into_iter().map(|f| f.ch).collect();
    for (variant, preferred) in &index.synonyms {
        let from: Vec<char> = fold(variant).into_iter().map(|f| f.ch).collect();
        let to: Vec<char> = fold(preferred).into_iter().map(|f| f.ch).collect();
        if from.is_empty() || contains(&chars, &to) {
            continue;
        }
        let word = |c: Option<&char>| c.is_some_and(|&c| class(c) == Class::Word);
        let (head_word, tail_word) = (word(from.first()), word(from.last()));
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let end = i + from.len();
            let found = chars.get(i..end) == Some(&from[..])
                && !(head_word && i > 0 && word(chars.get(i - 1)))
                && !(tail_word && word(chars.get(end)));
            if found {
                out.extend_from_slice(&to);
                i = end;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        chars = out;
    }
    chars.into_iter().collect()
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every document that matches the query, best first (ties in page order).
pub fn search(index: &Index, query: &str) -> Vec<Hit> {
    let query = rewrite(index, query);
    let query = query.as_str();
    let tokens = query_tokens(query);
    if tokens.is_empty() || index.docs.is_empty() {
        return Vec::new();
    }
    let n = index.docs.len() as f64;
    let total: f64 = index.docs.iter().map(|d| f64::from(d.len)).sum();
    let avg_len = if total > 0.0 { total / n } else { 1.0 };

    // Per document: (query tokens matched, BM25 sum).
    let mut scores: BTreeMap<u32, (usize, f64)> = BTreeMap::new();
    // What results mark: the query's tokens, and the words its Latin typos stand for.
    let mut marks = tokens.clone();
    for token in &tokens {
        let mut tf: BTreeMap<u32, u32> = BTreeMap::new();
        for (term, list) in expand(index, token) {
            if !term.starts_with(token.as_str()) && !marks.iter().any(|m| m == term) {
                marks.push(term.to_string());
            }
            for &(doc, count) in list {
                *tf.entry(doc).or_default() += count;
            }
        }
        let df = tf.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for (doc, count) in tf {
            let Some(d) = index.docs.get(doc as usize) else {
                continue;
            };
            let count = f64::from(count);
            let norm = K1 * (1.0 - B + B * f64::from(d.len) / avg_len);
            let entry = scores.entry(doc).or_insert((0, 0.0));
            entry.0 += 1;
            entry.1 += idf * count * (K1 + 1.0) / (count + norm);
        }
    }

    let phrase = compact(query);
    let mut hits: Vec<Hit> = Vec::new();
    for (doc, (matched, bm25)) in scores {
        let Some(d) = index.docs.get(doc as usize) else {
            continue;
        };
        let coverage = matched as f64 / tokens.len() as f64;
        let mut score = coverage * coverage * bm25;
        if phrase.is_empty() || matched < tokens.len() {
            // Nothing to compare, or not every word of the query is there.
        } else if compact(&d.title).contains(&phrase) {
            score *= TITLE_PHRASE_BONUS;
        } else if compact(&d.text).contains(&phrase) {
            score *= PHRASE_BONUS;
        }
        score *= kind_weight(d.kind);
        let guide = index.guides.get(d.guide);
        hits.push(Hit {
            doc: doc as usize,
            score: (score * 1e6).round() / 1e6,
            guide_id: guide.map(|g| g.id.clone()).unwrap_or_default(),
            guide_title: guide.map(|g| g.title.clone()).unwrap_or_default(),
            section: d.section.clone(),
            href: d.href.clone(),
            title_html: highlight(&d.title, &marks),
            snippet_html: snippet(&d.text, &marks),
        });
    }
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits
}
