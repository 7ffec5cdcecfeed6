//! The search index: one document per thing a reader looks for (a step with its cautions, a
//! fact, a situation, a table row, a checklist item, a guide's summary), and postings from
//! token to documents. `documents` cuts a guide into documents; `script` writes the index as
//! `search-index.js` with its shards and reads it back.

use super::documents::{collapse, guide_docs, href};
use super::tokenize::Tokenizer;
use crate::content::{Guide, KnowledgeBase, Terminology};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Title tokens count this many times: a word in a step's action says more than one in its detail.
const TITLE_WEIGHT: u32 = 2;

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
    const ALL: [DocKind; 10] = [
        DocKind::Summary,
        DocKind::Fact,
        DocKind::Prepare,
        DocKind::Procedure,
        DocKind::Step,
        DocKind::Situation,
        DocKind::Failure,
        DocKind::ChecklistRow,
        DocKind::Sequence,
        DocKind::Checklist,
    ];

    /// The letter written in the index.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Summary => "g",
            DocKind::Fact => "f",
            DocKind::Prepare => "p",
            DocKind::Procedure => "o",
            DocKind::Step => "s",
            DocKind::Situation => "u",
            DocKind::Failure => "r",
            DocKind::ChecklistRow => "t",
            DocKind::Sequence => "q",
            DocKind::Checklist => "c",
        }
    }

    pub fn from_code(code: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A guide as search results name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideRef {
    pub id: String,
    pub title: String,
}

/// One searchable document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// Index into [`Index::guides`].
    pub guide: usize,
    pub kind: DocKind,
    /// Where on the page it is, in Korean, e.g. "웹사이트 3단계".
    pub section: String,
    /// Link relative to the site root, e.g. `guides/x/index.html#step-agree`.
    pub href: String,
    /// The heading of the result: a step's action, a fact's label, a row's cause.
    pub title: String,
    /// The rest of its text, plain (Markdown removed), whitespace collapsed.
    pub text: String,
    /// Weighted token count, for BM25's length normalisation.
    pub len: u32,
}

/// The whole index, as built from the content or read back from `search-index.js`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    pub guides: Vec<GuideRef>,
    pub docs: Vec<Doc>,
    /// Token → (document, term frequency), documents ascending.
    pub terms: BTreeMap<String, Vec<(u32, u32)>>,
    /// (variant, preferred term) from the terminology list: a query with an old name or a
    /// common misspelling (공인인증서, OPT) searches for the term the content uses.
    pub synonyms: Vec<(String, String)>,
}

/// One guide's share of the index, made from the guide alone so that guides can be indexed
/// in parallel and the build never holds the whole index's documents at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidePart {
    pub guide: GuideRef,
    pub docs: Vec<DocPart>,
    /// The guide's distinct tokens, sorted.
    pub terms: Vec<String>,
    /// (index into `terms`, document number within the guide, term frequency), sorted by
    /// token then document.
    pub postings: Vec<(u32, u32, u32)>,
}

/// A document of a [`GuidePart`]; its link is made from the guide's id, the kind and the anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocPart {
    pub kind: DocKind,
    pub section: String,
    pub anchor: String,
    pub title: String,
    pub text: String,
    pub len: u32,
}

impl GuidePart {
    pub fn new(guide: &Guide) -> GuidePart {
        let mut tokenizer = Tokenizer::default();
        // Token → its number here, in order of first use.
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        // For each token number, the entry of the document being read, if it has one.
        let mut entry_of: Vec<Option<usize>> = Vec::new();
        let mut docs = Vec::new();
        let mut postings: Vec<(u32, u32, u32)> = Vec::new();
        for (local, draft) in guide_docs(guide).into_iter().enumerate() {
            let local = u32::try_from(local).unwrap_or(u32::MAX);
            let start = postings.len();
            let mut len = 0;
            for (text, weight) in [(&draft.title, TITLE_WEIGHT), (&draft.text, 1)] {
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
                        Some(at) if at >= start => postings[at].2 += weight,
                        _ => {
                            entry_of[id as usize] = Some(postings.len());
                            postings.push((id, local, weight));
                        }
                    }
                });
            }
            docs.push(DocPart {
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
        let mut sorted = vec![(0, 0, 0); postings.len()];
        for &(id, local, tf) in &postings {
            let r = rank[id as usize];
            sorted[first[r as usize]] = (r, local, tf);
            first[r as usize] += 1;
        }
        GuidePart {
            guide: GuideRef {
                id: guide.id.value.clone(),
                title: collapse(&guide.title),
            },
            docs,
            terms: terms.into_iter().map(|(term, _)| term).collect(),
            postings: sorted,
        }
    }
}

impl Index {
    /// Builds the index of every guide that loaded, in the order the knowledge base holds them.
    pub fn build(kb: &KnowledgeBase) -> Index {
        let mut index = Index::default();
        for file in &kb.guides {
            index.add(GuidePart::new(&file.guide));
        }
        index.synonyms = synonyms(kb.terminology.as_ref());
        index
    }

    /// Appends a guide's part; its documents get the next numbers.
    pub fn add(&mut self, part: GuidePart) {
        let guide = self.guides.len();
        let base = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        for doc in part.docs {
            self.docs.push(Doc {
                guide,
                kind: doc.kind,
                section: doc.section,
                href: href(&part.guide.id, doc.kind, &doc.anchor),
                title: doc.title,
                text: doc.text,
                len: doc.len,
            });
        }
        for (term, local, tf) in part.postings {
            let token = &part.terms[term as usize];
            let list = match self.terms.get_mut(token) {
                Some(list) => list,
                None => self.terms.entry(token.clone()).or_default(),
            };
            list.push((base + local, tf));
        }
        self.guides.push(part.guide);
    }
}

/// (variant, preferred term) pairs of the terminology list, in its order, without repeats.
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
