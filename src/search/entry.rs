//! One guide's share of the index, made from the guide alone: its documents (one for each
//! thing a reader looks for: a step with its cautions, a fact, a question and its answer, a
//! situation, a table row, a checklist item, the guide's summary) and its postings from token to documents. Guides are
//! indexed in parallel, and the build never holds every guide's documents at once.

use super::documents::{collapse, guide_docs};
use super::files::{DOC_FILE_DOCS, json};
use super::postings::{GuideTerms, norm_code};
use super::tokenize::Tokenizer;
use crate::content::strings::Strings;
use crate::content::{Guide, Terminology};
use rustc_hash::FxHashMap;

/// Title tokens count this many times: a word in a step's action says more than one in its detail.
const TITLE_WEIGHT: u32 = 2;

/// Documents a guide may have in the index (see `Part::new`).
const MAX_DOCS: usize = 1 << 20;

/// What part of a guide a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// The guide's title, certificate and summary; links to the top of the page.
    Summary,
    /// A key fact: label and value as the title, the note as text.
    Fact,
    /// The guide's list of things to prepare.
    Prepare,
    /// A procedure's title, its own things to prepare and its result.
    Procedure,
    /// A step: action, detail, choices and every caution, resolved.
    Step,
    /// A question customers ask: the question as the title, the answer as the text.
    Question,
    /// The advice for one situation.
    Situation,
    /// A row of the failure table.
    Failure,
    /// A row of the checklist table.
    ChecklistRow,
    /// The summary sequence.
    Sequence,
    /// One item of the printable checklist; links to the checklist page.
    Checklist,
}

impl DocKind {
    /// The letter written in the index; `templates/static/search.js` weighs results by it.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Summary => "g",
            DocKind::Fact => "f",
            DocKind::Prepare => "p",
            DocKind::Procedure => "o",
            DocKind::Step => "s",
            DocKind::Question => "a",
            DocKind::Situation => "u",
            DocKind::Failure => "r",
            DocKind::ChecklistRow => "t",
            DocKind::Sequence => "q",
            DocKind::Checklist => "c",
        }
    }
}

/// What the index files need of one guide, encoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// How many documents it has and their summed weighted length: the manifest holds the
    /// totals, for BM25's document count and average length.
    pub stats: (u32, u64),
    /// Its document files' entries, [`DOC_FILE_DOCS`] documents each:
    /// `[id, title, [[kind, section, anchor, title, text], ...]]`.
    pub docs: Vec<String>,
    /// Its postings, as they go into each token's list.
    pub terms: GuideTerms,
}

impl Entry {
    pub fn new(guide: &Guide, t: &Strings) -> Entry {
        let part = Part::new(guide, t);
        let title = collapse(&guide.title);
        let docs = part
            .docs
            .chunks(DOC_FILE_DOCS)
            .map(|docs| {
                let docs: Vec<[&str; 5]> = docs
                    .iter()
                    .map(|d| [d.kind.code(), &d.section, &d.anchor, &d.title, &d.text])
                    .collect();
                json(&(&guide.id.value, &title, docs))
            })
            .collect();
        let codes: Vec<u32> = part.docs.iter().map(|d| norm_code(d.kind, d.len)).collect();
        let length = part.docs.iter().map(|d| u64::from(d.len)).sum();
        Entry {
            stats: (part.docs.len() as u32, length),
            docs,
            terms: GuideTerms::new(&part.terms, &part.postings, &codes),
        }
    }
}

/// A guide cut into documents and tokenized.
struct Part {
    docs: Vec<Doc>,
    /// The guide's distinct tokens, sorted.
    terms: Vec<String>,
    /// (index into `terms`, document number within the guide, term frequency, where: 2 in
    /// the title, 1 in the text), sorted by token then document.
    postings: Vec<(u32, u32, u32, u8)>,
}

/// A document; its link is made from the guide's id, the kind and the anchor.
struct Doc {
    kind: DocKind,
    section: String,
    anchor: String,
    title: String,
    text: String,
    /// Weighted token count, for BM25's length normalisation.
    len: u32,
}

impl Part {
    fn new(guide: &Guide, t: &Strings) -> Part {
        let mut tokenizer = Tokenizer::default();
        // Token → its number here, in order of first use.
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        // For each token number, the entry of the document being read, if it has one.
        let mut entry_of: Vec<Option<usize>> = Vec::new();
        let mut docs = Vec::new();
        let mut postings: Vec<(u32, u32, u32, u8)> = Vec::new();
        // A document's number in the browser is guide × 2^20 + local: a guide of more
        // documents (a million steps) keeps its first ones.
        let drafts = guide_docs(guide, t).into_iter().take(MAX_DOCS);
        for (local, draft) in drafts.enumerate() {
            let local = local as u32;
            let start = postings.len();
            let mut len = 0;
            for (text, weight, place) in [(&draft.title, TITLE_WEIGHT, 2), (&draft.text, 1, 1)] {
                tokenizer.each(text, |token| {
                    let id = match ids.get(token) {
                        Some(&id) => id,
                        None => {
                            let id = entry_of.len() as u32;
                            ids.insert(token.to_string(), id);
                            entry_of.push(None);
                            id
                        }
                    };
                    len += weight;
                    // One entry a token and document, its weights summed.
                    match entry_of[id as usize] {
                        Some(at) if at >= start => {
                            postings[at].2 += weight;
                            postings[at].3 |= place;
                        }
                        _ => {
                            entry_of[id as usize] = Some(postings.len());
                            postings.push((id, local, weight, place));
                        }
                    }
                });
            }
            docs.push(Doc {
                kind: draft.kind,
                section: draft.section,
                anchor: draft.anchor,
                title: draft.title,
                text: draft.text,
                len,
            });
        }
        // Number the tokens in sorted order, then put the entries in that order by counting:
        // documents stay ascending within a token.
        let mut terms: Vec<(String, u32)> = ids.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut rank = vec![0u32; terms.len()];
        for (r, (_, id)) in terms.iter().enumerate() {
            rank[*id as usize] = r as u32;
        }
        let mut first = vec![0usize; terms.len() + 1];
        for posting in &postings {
            first[rank[posting.0 as usize] as usize + 1] += 1;
        }
        for r in 0..terms.len() {
            first[r + 1] += first[r];
        }
        let mut sorted = vec![(0, 0, 0, 0); postings.len()];
        for &(id, local, tf, place) in &postings {
            let r = rank[id as usize];
            sorted[first[r as usize]] = (r, local, tf, place);
            first[r as usize] += 1;
        }
        Part {
            docs,
            terms: terms.into_iter().map(|(term, _)| term).collect(),
            postings: sorted,
        }
    }
}

/// (variant, preferred term) pairs of the terminology list, in its order, without repeats:
/// a query with an old name or a common misspelling (공인인증서, OPT) searches for the term
/// the content uses.
pub fn synonyms(terminology: Option<&Terminology>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for term in terminology.iter().flat_map(|t| &t.terms) {
        for variant in &term.forbidden {
            let pair = (collapse(variant), collapse(&term.preferred));
            if !pair.0.is_empty() && !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
}
