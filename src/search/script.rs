//! `search-index.js`: the index as a script that assigns `window.STEPGUIDE_SEARCH`, so a page
//! opened from `file://` can load it with a `<script>` tag (fetch() is blocked there). Its
//! layout, which `templates/static/search.js` reads:
//!
//! ```text
//! { "v": 1,
//!   "guides": [[id, title], ...],
//!   "docs": [[guide, kind, section, href, title, text, length], ...],
//!   "terms": [token, ...],                      // sorted
//!   "postings": [[doc, tf, doc, tf, ...], ...], // one list per term, docs ascending
//!   "synonyms": [[variant, preferred], ...]     // from the terminology list
//! }
//! ```
//!
//! `href` is relative to the site root. `kind` is one letter (see [`DocKind::code`]).
//! `length` is the document's weighted token count, for BM25; tf counts title tokens twice.

use super::index::{Doc, DocKind, GuideRef, Index};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Format version of the index, bumped when the layout changes.
pub const VERSION: u32 = 1;

/// The global the index script assigns.
pub const GLOBAL: &str = "window.STEPGUIDE_SEARCH";

/// The serialized shape; tuples keep the file small.
#[derive(Serialize, Deserialize)]
struct Wire {
    v: u32,
    guides: Vec<(String, String)>,
    docs: Vec<(usize, String, String, String, String, String, u32)>,
    terms: Vec<String>,
    postings: Vec<Vec<u32>>,
    synonyms: Vec<(String, String)>,
}

impl Index {
    /// The content of `search-index.js`. The same index gives the same bytes.
    pub fn to_js(&self) -> String {
        let wire = Wire {
            v: VERSION,
            guides: self
                .guides
                .iter()
                .map(|g| (g.id.clone(), g.title.clone()))
                .collect(),
            docs: self
                .docs
                .iter()
                .map(|d| {
                    let kind = d.kind.code().to_string();
                    let (section, href) = (d.section.clone(), d.href.clone());
                    (
                        d.guide,
                        kind,
                        section,
                        href,
                        d.title.clone(),
                        d.text.clone(),
                        d.len,
                    )
                })
                .collect(),
            terms: self.terms.keys().cloned().collect(),
            postings: self
                .terms
                .values()
                .map(|list| list.iter().flat_map(|&(doc, tf)| [doc, tf]).collect())
                .collect(),
            synonyms: self.synonyms.clone(),
        };
        // Serializing plain strings and numbers cannot fail; an empty object is a safe fallback.
        let json = serde_json::to_string(&wire).unwrap_or_else(|_| "{}".to_string());
        // U+2028 and U+2029 are valid in JSON but end a line in pre-2019 JavaScript.
        let json = json
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        format!("{GLOBAL} = {json};\n")
    }

    /// Reads back the content of a `search-index.js` written by [`Index::to_js`].
    pub fn from_js(script: &str) -> Result<Index> {
        let json = script
            .trim()
            .strip_prefix(GLOBAL)
            .and_then(|rest| rest.trim_start().strip_prefix('='))
            .map(|rest| rest.trim().trim_end_matches(';'))
            .with_context(|| format!("the search index does not start with `{GLOBAL} =`"))?;
        let wire: Wire = serde_json::from_str(json).context("the search index is not valid")?;
        anyhow::ensure!(
            wire.v == VERSION,
            "search index version {} (expected {VERSION})",
            wire.v
        );
        anyhow::ensure!(
            wire.terms.len() == wire.postings.len(),
            "the search index has {} terms but {} posting lists",
            wire.terms.len(),
            wire.postings.len()
        );
        let guides = wire
            .guides
            .into_iter()
            .map(|(id, title)| GuideRef { id, title })
            .collect::<Vec<_>>();
        let mut docs = Vec::with_capacity(wire.docs.len());
        for (guide, kind, section, href, title, text, len) in wire.docs {
            let kind = DocKind::from_code(&kind)
                .with_context(|| format!("unknown document kind `{kind}` in the search index"))?;
            anyhow::ensure!(
                guide < guides.len(),
                "document names guide {guide}, not listed"
            );
            docs.push(Doc {
                guide,
                kind,
                section,
                href,
                title,
                text,
                len,
            });
        }
        let mut terms = BTreeMap::new();
        for (term, flat) in wire.terms.into_iter().zip(wire.postings) {
            anyhow::ensure!(flat.len() % 2 == 0, "odd posting list for `{term}`");
            let list: Vec<(u32, u32)> = flat.chunks(2).map(|p| (p[0], p[1])).collect();
            anyhow::ensure!(
                list.iter().all(|&(doc, _)| (doc as usize) < docs.len()),
                "posting list for `{term}` names a document that does not exist"
            );
            terms.insert(term, list);
        }
        Ok(Index {
            guides,
            docs,
            terms,
            synonyms: wire.synonyms,
        })
    }
}
