//! Search for the guide site: a Korean-aware tokenizer, a static index written at build time
//! as `search-index.js`, and the ranking that `templates/static/search.js` runs in the browser.
//!
//! Search engines of static site generators split words on spaces, so a Korean word keeps its
//! particle (인증서를) and a search for 인증서 or a part of it (증서) finds nothing. Here Hangul
//! is indexed as character bigrams, which match inside any run of syllables.
//!
//! The browser script is the product; the Rust side exists so the build can write the index
//! and the tests can prove the two agree: the tokenizer by `tests/search_tokenizer.tsv`, the
//! ranking by running `tests/search_relevance.tsv` through both.
//!
//! For the site builder, next to the pages:
//! ```no_run
//! # fn demo(kb: &stepguide::content::KnowledgeBase) -> std::io::Result<()> {
//! use stepguide::search;
//! std::fs::write(format!("site/{}", search::INDEX_FILE), search::build_index(kb))?;
//! # Ok(()) }
//! ```

mod documents;
mod index;
mod rank;
mod script;
mod snippet;
mod tokenize;

pub use index::{Doc, DocKind, GuideRef, Index};
pub use rank::{Hit, query_tokens, rewrite, search};
pub use script::{GLOBAL, VERSION};
pub use tokenize::tokenize;

use crate::content::KnowledgeBase;

/// File name of the index, at the root of the site.
pub const INDEX_FILE: &str = "search-index.js";

/// The content of `search-index.js` for every guide that loaded.
pub fn build_index(kb: &KnowledgeBase) -> String {
    Index::build(kb).to_js()
}
