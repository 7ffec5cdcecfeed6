//! Search for the guide site: a Korean-aware tokenizer and the static index the build writes
//! as `search-index.js` and shards under `search/`.
//!
//! Search engines of static site generators split words on spaces, so a Korean word keeps its
//! particle (인증서를) and a search for 인증서 or a part of it (증서) finds nothing. Here Hangul
//! is indexed as character bigrams, which match inside any run of syllables.
//!
//! Readers search with `templates/static/search.js`: it tokenizes the query, ranks and cuts
//! snippets in the browser. This module only writes what that script reads, and it is the one
//! writer: `pipeline` indexes each guide as it renders it ([`Entry`]), joins the postings of
//! runs of guides ([`Postings`]) and writes each guide's document files ([`doc_files`]) and
//! the rest ([`finish`]); `serve` calls the same functions after an edit. `tests/testsuite/search.rs`
//! runs the browser's script in node on a built site's index.

pub(crate) mod documents;
mod entry;
mod files;
mod postings;
mod tokenize;

pub use entry::{DocKind, Entry, synonyms};
pub use files::{DOC_FILE_DOCS, GLOBAL, INDEX_FILE, VERSION, doc_files, finish};
pub use postings::{GuideTerms, Postings};
pub use tokenize::tokenize;
