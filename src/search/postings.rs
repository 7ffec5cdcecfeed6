//! Postings, encoded as they are written: a guide's own ([`GuideTerms`]), and those of a run
//! of consecutive guides ([`Postings`]), which `files::finish` joins into the shards.
//!
//! A postings string is a run of postings, each (guide gap, document within the guide, term
//! frequency × 4 + where, norm): the guide as the difference from the previous posting's
//! guide (0 for the same guide), so the common case is one character a number; where is 2
//! when the token is in the document's title and 1 when in its text (both: 3), which bounds
//! the phrase bonus without the text; norm is the document's length and kind class
//! ([`norm_code`]), all BM25 needs of the document besides the frequency. Numbers are
//! written in base 45, least significant digit first: the 45 characters from `#` up are
//! final digits, the next 45 continue the number. None needs escaping in JSON.

use super::DocKind;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// BM25's parameters and the kind weights, as `templates/static/search.js` scores: the
/// build orders long postings lists by the score a posting gives.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.5;
pub const CLASS_WEIGHTS: [f64; 4] = [1.5, 1.25, 0.8, 1.0];

/// A document's norm: its weighted length × 4 + its kind's weight class (0 steps, 1 facts and
/// answers, 2 checklist items, rows and the sequence, 3 the rest).
pub fn norm_code(kind: DocKind, len: u32) -> u32 {
    let class = match kind.code() {
        "s" => 0,
        "f" | "a" => 1,
        "c" | "q" | "t" => 2,
        _ => 3,
    };
    len.saturating_mul(4).saturating_add(class)
}

/// What a posting adds to a document's score before idf and the phrase bonus, as
/// `search.js` computes it: the kind weight times BM25's saturated frequency.
pub fn impact(tf: u32, code: u32, avg_len: f64) -> f64 {
    let len = f64::from(code / 4);
    let class = (code % 4) as usize;
    let norm = K1 * (1.0 - B + (B * len) / avg_len);
    let tf = f64::from(tf);
    CLASS_WEIGHTS[class.min(3)] * (tf * (K1 + 1.0)) / (tf + norm)
}

/// One posting decoded: guide, document within it, frequency × 4 + where, norm.
pub type Posting = (u32, u32, u32, u32);

/// Decodes a whole postings string; None when it is cut off.
pub fn decode(bytes: &[u8]) -> Option<Vec<Posting>> {
    let mut out = Vec::new();
    let (mut at, mut guide) = (0, 0u32);
    while at < bytes.len() {
        guide = guide.checked_add(read_number(bytes, &mut at)?)?;
        let local = read_number(bytes, &mut at)?;
        let tf = read_number(bytes, &mut at)?;
        let code = read_number(bytes, &mut at)?;
        out.push((guide, local, tf, code));
    }
    Some(out)
}

/// Encodes postings sorted by guide and document.
pub fn encode(postings: &[Posting], out: &mut Vec<u8>) {
    let mut last = 0;
    for &(guide, local, tf, code) in postings {
        push_number(out, guide - last);
        push_number(out, local);
        push_number(out, tf);
        push_number(out, code);
        last = guide;
    }
}

const BASE: u32 = 45;

fn digit(value: u32) -> u8 {
    // 0x23 '#' onwards, skipping the backslash.
    let c = 0x23 + value as u8;
    if c >= b'\\' { c + 1 } else { c }
}

fn digit_value(c: u8) -> Option<u32> {
    let value = match c {
        0x23..=0x5B => c - 0x23,
        0x5D..=0x7E => c - 0x24,
        _ => return None,
    };
    (u32::from(value) < 2 * BASE).then_some(u32::from(value))
}

/// Appends `value` in the index's number encoding.
pub fn push_number(out: &mut Vec<u8>, mut value: u32) {
    while value >= BASE {
        out.push(digit(BASE + value % BASE));
        value /= BASE;
    }
    out.push(digit(value));
}

/// How many characters [`push_number`] writes for `value`.
pub fn number_len(mut value: u32) -> usize {
    let mut len = 1;
    while value >= BASE {
        value /= BASE;
        len += 1;
    }
    len
}

/// A guide's postings on their own, encoded as they go into each token's list (after the
/// guide gap), in a few allocations: a build makes them in parallel, and `serve` keeps them
/// to rebuild the index when one guide changes without reading the others again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuideTerms {
    /// The guide's tokens, sorted, each followed by a line break (tokens never hold one).
    tokens: String,
    /// For each token, the byte length of its part and the part: (document, frequency ×
    /// 4 + where, norm), then (0, document, frequency × 4 + where, norm) for each further
    /// document of the guide.
    bytes: Vec<u8>,
}

impl GuideTerms {
    /// From a guide's sorted tokens, its (token, document, frequency, where) postings, sorted
    /// by token then document, and its documents' norms.
    pub fn new(terms: &[String], postings: &[(u32, u32, u32, u8)], norms: &[u32]) -> GuideTerms {
        let mut out = GuideTerms::default();
        let mut own = Vec::new();
        for run in postings.chunk_by(|a, b| a.0 == b.0) {
            out.tokens.push_str(&terms[run[0].0 as usize]);
            out.tokens.push('\n');
            own.clear();
            for (n, &(_, local, tf, place)) in run.iter().enumerate() {
                if n > 0 {
                    // The same guide again.
                    push_number(&mut own, 0);
                }
                push_number(&mut own, local);
                push_number(&mut own, tf * 4 + u32::from(place));
                push_number(
                    &mut own,
                    norms.get(local as usize).copied().unwrap_or_default(),
                );
            }
            push_number(&mut out.bytes, own.len() as u32);
            out.bytes.extend_from_slice(&own);
        }
        out
    }

    /// Each token with its encoded part.
    fn each(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let mut at = 0;
        self.tokens
            .split('\n')
            .filter(|t| !t.is_empty())
            .map(move |token| {
                let len = read_number(&self.bytes, &mut at).unwrap_or(0) as usize;
                let own = self.bytes.get(at..at + len).unwrap_or_default();
                at += len;
                (token, own)
            })
    }
}

/// Postings of consecutive guides, encoded, one list a token. Made for a run of guides at a
/// time (in parallel); `files::finish` joins the runs.
#[derive(Clone, Debug, Default)]
pub struct Postings {
    pub(super) lists: FxHashMap<String, List>,
    /// Every list's bytes, one after the other.
    bytes: Vec<u8>,
}

#[derive(Clone, Debug)]
pub(super) struct List {
    pub(super) first_guide: u32,
    pub(super) last_guide: u32,
    /// Where its postings are in [`Postings::bytes`], without the first one's guide gap,
    /// which depends on what comes before this run.
    span: std::ops::Range<usize>,
}

impl Postings {
    /// The postings of consecutive guides, each (number, terms), in order. The guides' sorted
    /// tokens are merged, so each list is written once, whole, into one buffer: lists grown a
    /// guide at a time left the allocator so many holes that a 10,000-guide build held about
    /// 170 MB more than it used.
    pub fn of(guides: &[(u32, &GuideTerms)]) -> Postings {
        let mut tokens: Vec<_> = guides.iter().map(|(_, terms)| terms.each()).collect();
        let mut next = BinaryHeap::new();
        for (n, each) in tokens.iter_mut().enumerate() {
            if let Some((token, own)) = each.next() {
                next.push(Reverse((token, n, own)));
            }
        }
        let mut out = Postings::default();
        let mut open: Option<(&str, List)> = None;
        while let Some(Reverse((token, n, own))) = next.pop() {
            let guide = guides[n].0;
            match &mut open {
                Some((current, list)) if *current == token => {
                    push_number(&mut out.bytes, guide - list.last_guide);
                    list.last_guide = guide;
                }
                _ => {
                    out.close(open.take());
                    let start = out.bytes.len();
                    let list = List {
                        first_guide: guide,
                        last_guide: guide,
                        span: start..start,
                    };
                    open = Some((token, list));
                }
            }
            out.bytes.extend_from_slice(own);
            if let Some((token, own)) = tokens[n].next() {
                next.push(Reverse((token, n, own)));
            }
        }
        out.close(open);
        out.bytes.shrink_to_fit();
        out
    }

    fn close(&mut self, open: Option<(&str, List)>) {
        if let Some((token, mut list)) = open {
            list.span.end = self.bytes.len();
            self.lists.insert(token.to_string(), list);
        }
    }

    /// A list's encoded postings.
    pub(super) fn bytes(&self, list: &List) -> &[u8] {
        &self.bytes[list.span.clone()]
    }
}

/// Reads one number at `*at`, moving past it. The build reads back its own postings;
/// readers of the index decode them in `templates/static/search.js`.
fn read_number(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value: u64 = 0;
    let mut scale: u64 = 1;
    loop {
        let d = u64::from(digit_value(*bytes.get(*at)?)?);
        *at += 1;
        if d < u64::from(BASE) {
            return u32::try_from(value + d * scale).ok();
        }
        value += (d - u64::from(BASE)) * scale;
        scale *= u64::from(BASE);
        if scale > u64::from(u32::MAX) * u64::from(BASE) {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back() {
        let mut bytes = Vec::new();
        let values = [
            0,
            1,
            44,
            45,
            46,
            2024,
            2025,
            91_124,
            91_125,
            1 << 20,
            u32::MAX,
        ];
        for v in values {
            let before = bytes.len();
            push_number(&mut bytes, v);
            assert_eq!(bytes.len() - before, number_len(v), "{v}");
        }
        assert!(
            bytes
                .iter()
                .all(|&b| b != b'"' && b != b'\\' && (0x23..0x7F).contains(&b))
        );
        let mut at = 0;
        for v in values {
            assert_eq!(read_number(&bytes, &mut at), Some(v));
        }
        assert_eq!(at, bytes.len());
        assert_eq!(read_number(b"~", &mut 0), None);
        assert_eq!(read_number(b"", &mut 0), None);
    }

    #[test]
    fn postings_read_back() {
        let postings = [
            (0, 0, 4, 0),
            (0, 50, 9, 89),
            (3, 1, 4_000, 44),
            (2_000, 7, 6, 4_503),
        ];
        let mut bytes = Vec::new();
        encode(&postings, &mut bytes);
        assert_eq!(decode(&bytes), Some(postings.to_vec()));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
        assert_eq!(norm_code(DocKind::Checklist, 10), 42);
    }

    #[test]
    fn runs_join_each_token_across_guides() {
        // Guide 3 has "a" in documents 0 and 2; guide 5 has "a" and "b" in document 1.
        let three = GuideTerms::new(&["a".into()], &[(0, 0, 1, 1), (0, 2, 2, 2)], &[7, 8, 9]);
        let five = GuideTerms::new(
            &["a".into(), "b".into()],
            &[(0, 1, 1, 1), (1, 1, 3, 1)],
            &[4, 5],
        );
        let run = Postings::of(&[(3, &three), (5, &five)]);
        let list = |token: &str| {
            let list = &run.lists[token];
            let mut bytes = Vec::new();
            push_number(&mut bytes, list.first_guide);
            bytes.extend_from_slice(run.bytes(list));
            (decode(&bytes), list.last_guide)
        };
        let a = vec![(3, 0, 5, 7), (3, 2, 10, 9), (5, 1, 5, 5)];
        assert_eq!(list("a"), (Some(a), 5));
        assert_eq!(list("b"), (Some(vec![(5, 1, 13, 5)]), 5));
        assert_eq!(run.lists.len(), 2);
    }
}
