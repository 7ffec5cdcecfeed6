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
//! The index is written as `search-index.js` (a small manifest) and shards under `search/`
//! that the browser loads on demand; `script` documents the layout. The build makes it guide
//! by guide ([`GuidePart`], [`Postings`]); [`build_files`] makes it from a loaded knowledge
//! base:
//! ```no_run
//! # fn demo(kb: &stepguide::content::KnowledgeBase) -> std::io::Result<()> {
//! for (path, text) in stepguide::search::build_files(kb) {
//!     std::fs::create_dir_all(std::path::Path::new("site").join(&path).parent().unwrap())?;
//!     std::fs::write(std::path::Path::new("site").join(path), text)?;
//! }
//! # Ok(()) }
//! ```

mod documents;
mod index;
mod rank;
mod script;
mod snippet;
mod tokenize;

pub use documents::href;
pub use index::{Doc, DocKind, DocPart, GuidePart, GuideRef, Index, synonyms};
pub use rank::{Hit, query_tokens, rewrite, search};
pub use script::{
    DOC_SHARD_GUIDES, GLOBAL, GuideTerms, INDEX_FILE, Postings, VERSION, doc_entry, doc_shard,
    doc_shard_path, finish, finish_each, meta_entry,
};
pub use tokenize::tokenize;

use crate::content::KnowledgeBase;
use std::collections::BTreeMap;

/// Every file of the index of the guides that loaded, by path relative to the site root.
pub fn build_files(kb: &KnowledgeBase) -> BTreeMap<String, String> {
    Index::build(kb).to_files()
}
