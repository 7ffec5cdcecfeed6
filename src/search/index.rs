//! The search index: one document per thing a reader looks for (a step with its cautions, a
//! fact, a situation, a table row, a checklist item, a guide's summary), and postings from
//! token to documents. `documents` cuts a guide into documents; `script` writes the index as
//! `search-index.js` and reads it back.

use super::documents::{Draft, collapse, guide_docs};
use super::tokenize::tokenize;
use crate::content::KnowledgeBase;
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

impl Index {
    /// Builds the index of every guide that loaded, in the order the knowledge base holds them.
    pub fn build(kb: &KnowledgeBase) -> Index {
        let mut index = Index::default();
        for file in &kb.guides {
            let guide = &file.guide;
            let number = index.guides.len();
            index.guides.push(GuideRef {
                id: guide.id.value.clone(),
                title: collapse(&guide.title),
            });
            for draft in guide_docs(guide) {
                index.push(number, draft);
            }
        }
        for term in kb.terminology.iter().flat_map(|t| &t.terms) {
            for variant in &term.forbidden {
                let pair = (collapse(variant), collapse(&term.preferred));
                if !pair.0.is_empty() && !index.synonyms.contains(&pair) {
                    index.synonyms.push(pair);
                }
            }
        }
        index
    }

    fn push(&mut self, guide: usize, draft: Draft) {
        let number = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        let mut len = 0;
        for (text, weight) in [(&draft.title, TITLE_WEIGHT), (&draft.text, 1)] {
            for token in tokenize(text) {
                *counts.entry(token).or_default() += weight;
                len += weight;
            }
        }
        for (token, tf) in counts {
            self.terms.entry(token).or_default().push((number, tf));
        }
        self.docs.push(Doc {
            guide,
            kind: draft.kind,
            section: draft.section,
            href: draft.href,
            title: draft.title,
            text: draft.text,
            len,
        });
    }
}
