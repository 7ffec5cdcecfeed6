//! The index on disk: scripts a page loads with `<script>` tags (fetch() is blocked on
//! `file://`), split so that a browser loads only what a query needs. At 10,000 guides the
//! whole index is tens of megabytes; a query loads the manifest, the document lengths, the
//! postings of its tokens and the documents it shows.
//!
//! ```text
//! search-index.js   window.STEPGUIDE_SEARCH = {"v": 2, "guides": G, "docShard": 8,
//!                     "terms": [token, ...],          // sorted
//!                     "shards": [first term of each postings shard, ...],
//!                     "synonyms": [[variant, preferred], ...],
//!                     "meta": null, "p": {}, "d": {}};
//! search/meta.js    window.STEPGUIDE_SEARCH.meta = ["<kind, length> of each document", ...];
//! search/p<i>.js    window.STEPGUIDE_SEARCH.p[i] = ["<postings of a term>", ...];
//! search/d<j>.js    window.STEPGUIDE_SEARCH.d[j] = [[id, title, [[section, anchor, title, text], ...]], ...];
//! ```
//!
//! `meta` holds one string a guide: for each document, its kind letter (see
//! [`super::DocKind::code`]) and its weighted token count (for BM25), numbers encoded as in
//! postings (see `postings`). Document shard `j` holds guides `8j` to `8j+7`; a document's
//! link is made from the guide's id, its kind and its anchor.

use super::postings::{Postings, number_len, push_number};
use anyhow::Result;
use rustc_hash::FxHashMap;
use std::sync::Mutex;

/// Format version of the index, bumped when the layout changes.
pub const VERSION: u32 = 2;

/// The global the index scripts assign.
pub const GLOBAL: &str = "window.STEPGUIDE_SEARCH";

/// The manifest, at the root of the site.
pub const INDEX_FILE: &str = "search-index.js";

/// Guides a document shard holds: a result loads its guide's shard, so a few guides' text
/// (some tens of kilobytes) is what showing ten results costs.
pub const DOC_SHARD_GUIDES: usize = 8;

/// The `meta.js` entry of a guide left out of a partial index (a preview of content with
/// errors): no documents, so the other guides keep their numbers.
pub const NO_META: &str = "\"\"";
/// The document-shard entry of such a guide; never looked up, as it has no documents.
pub const NO_DOC: &str = "null";

/// A postings shard is closed once it holds this many bytes; a browser loads the shards of
/// a query's tokens, so small shards keep a search light.
const POSTINGS_SHARD_BYTES: usize = 48 * 1024;

/// Document shard `number` from its guides' entries ([`super::Entry::docs`]), with its path
/// relative to the site root.
pub fn doc_shard(number: usize, entries: &[&str]) -> (String, Vec<u8>) {
    let text = format!("{GLOBAL}.d[{number}] = [{}];\n", entries.join(","));
    (format!("search/d{number}.js"), text.into_bytes())
}

/// Document shards put together as their guides' entries come, from any thread and in any
/// order: a shard is made as soon as its last guide is in, so only the shards that runs of
/// guides left half done are held.
pub struct DocShards {
    guides: usize,
    pending: Mutex<FxHashMap<usize, Vec<Option<String>>>>,
}

impl DocShards {
    /// For an index of `guides` guides.
    pub fn new(guides: usize) -> DocShards {
        DocShards {
            guides,
            pending: Mutex::default(),
        }
    }

    /// Takes guide `number`'s entry; returns the shard it completes, if it does.
    pub fn add(&self, number: usize, entry: String) -> Option<(String, Vec<u8>)> {
        if number >= self.guides {
            return None;
        }
        let shard = number / DOC_SHARD_GUIDES;
        let first = shard * DOC_SHARD_GUIDES;
        let complete = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            let size = DOC_SHARD_GUIDES.min(self.guides - first);
            let slots = pending.entry(shard).or_insert_with(|| vec![None; size]);
            slots[number - first] = Some(entry);
            if slots.iter().all(Option::is_some) {
                pending.remove(&shard)
            } else {
                None
            }
        }?;
        let entries: Vec<&str> = complete.iter().flatten().map(String::as_str).collect();
        Some(doc_shard(shard, &entries))
    }
}

/// The manifest, `meta.js` and the postings shards, handed to `put` one by one, from the
/// guides' meta entries ([`super::Entry::meta`]) and the postings of consecutive runs of
/// guides, in order. Each token's list is put together from the runs as it is written, so
/// the runs are neither copied nor merged first.
pub fn finish(
    meta: &[&str],
    runs: &[&Postings],
    synonyms: &[(String, String)],
    mut put: impl FnMut(String, Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut tokens: Vec<&str> = runs
        .iter()
        .flat_map(|run| run.lists.keys().map(String::as_str))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    // Where each shard starts, cut by the size of the lists as written (with quotes and
    // comma), which does not depend on how the guides were split into runs.
    let mut starts: Vec<usize> = Vec::new();
    let mut size = 0;
    for (n, token) in tokens.iter().enumerate() {
        if n == 0 || size >= POSTINGS_SHARD_BYTES {
            starts.push(n);
            size = 0;
        }
        size += parts(runs, token)
            .map(|(gap, bytes)| number_len(gap) + bytes.len())
            .sum::<usize>()
            + 3;
    }
    let shard = |number: usize| {
        let start = starts[number];
        let end = starts.get(number + 1).copied().unwrap_or(tokens.len());
        let mut out = format!("{GLOBAL}.p[{number}] = [").into_bytes();
        for (n, token) in tokens[start..end].iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.push(b'"');
            for (gap, bytes) in parts(runs, token) {
                push_number(&mut out, gap);
                out.extend_from_slice(bytes);
            }
            out.push(b'"');
        }
        out.extend_from_slice(b"];\n");
        (format!("search/p{number}.js"), out)
    };
    use rayon::prelude::*;
    // Built in parallel a batch at a time and handed on, so they are not all held at once.
    let numbers: Vec<usize> = (0..starts.len()).collect();
    for batch in numbers.chunks(16) {
        let files: Vec<(String, Vec<u8>)> = batch.par_iter().map(|&n| shard(n)).collect();
        for (path, bytes) in files {
            put(path, bytes)?;
        }
    }
    let manifest = format!(
        "{GLOBAL} = {{\"v\":{VERSION},\"guides\":{},\"docShard\":{DOC_SHARD_GUIDES},\"terms\":{},\"shards\":{},\"synonyms\":{},\"meta\":null,\"p\":{{}},\"d\":{{}}}};\n",
        meta.len(),
        json(&tokens),
        json(&starts),
        json(&synonyms),
    );
    put(INDEX_FILE.to_string(), manifest.into_bytes())?;
    let meta = format!("{GLOBAL}.meta = [{}];\n", meta.join(","));
    put("search/meta.js".to_string(), meta.into_bytes())
}

/// A token's postings list as written: the part of each run that has the token, after the
/// gap from the previous part's last guide.
fn parts<'r>(runs: &'r [&Postings], token: &str) -> impl Iterator<Item = (u32, &'r [u8])> {
    let mut last = 0;
    runs.iter().filter_map(move |run| {
        let list = run.lists.get(token)?;
        let gap = list.first_guide - last;
        last = list.last_guide;
        Some((gap, list.bytes.as_slice()))
    })
}

/// JSON for a script: U+2028 and U+2029 are valid in JSON but end a line in pre-2019
/// JavaScript.
pub(super) fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing strings and numbers cannot fail.
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.contains(['\u{2028}', '\u{2029}']) {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}
