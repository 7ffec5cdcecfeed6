//! The index on disk: scripts a page loads with `<script>` tags (fetch() is blocked on
//! `file://`), split so that a browser loads only what a query needs. At 10,000 guides the
//! whole index is tens of megabytes; a query loads the manifest, the first chunk of the
//! postings of its tokens (further chunks only while they could change the top results) and
//! the documents it shows, a few hundred kilobytes at most.
//!
//! ```text
//! search-index.js   window.STEPGUIDE_SEARCH = {"v": 3, "guides": G, "docs": N, "length": L,
//!                     "docFile": 8,
//!                     "terms": [token, ...],          // sorted
//!                     "shards": [first term of each postings shard, ...],
//!                     "synonyms": [[variant, preferred], ...],
//!                     "p": {}, "c": {}, "d": {}};
//! search/p<i>.js    window.STEPGUIDE_SEARCH.p[i] = [<postings of a term>, ...];
//! search/c<t>-<k>.js  window.STEPGUIDE_SEARCH.c["t-k"] = "<chunk k of term t's postings>";
//! search/d<g>-<k>.js  window.STEPGUIDE_SEARCH.d["g-k"] =
//!                     [id, title, [[kind, section, anchor, title, text], ...]];
//! ```
//!
//! N is the number of documents and L their summed weighted length (BM25's average length).
//! A term's postings (see `postings`) are a string when short; a long list is cut in chunks
//! by the score a posting gives a query of that token alone (see
//! [`super::postings::impact`], times the phrase bonus where it is), best first (then in
//! document order), and the shard holds `[df, [bound of chunk 1, ...], "<chunk 0>"]`: chunk
//! k holds the next 1024 × 2^k postings, each chunk in document order; its bound is
//! `[impact, frequency × 4 + where, norm, guide, document]`: no posting of chunk k or later
//! has a greater impact, and the rest is its first posting, which the browser scores as it
//! scores the others to settle ties. Document file `d<g>-<k>` holds documents `8k` to `8k+7` of
//! guide `g`; a document's link is made from the guide's id, its kind and its anchor.

use super::postings::{Posting, Postings, decode, encode, impact, number_len, push_number};
use anyhow::Result;

/// Format version of the index, bumped when the layout changes.
pub const VERSION: u32 = 3;

/// The global the index scripts assign.
pub const GLOBAL: &str = "window.STEPGUIDE_SEARCH";

/// The manifest, at the root of the site.
pub const INDEX_FILE: &str = "search-index.js";

/// Documents a document file holds: a result loads its file, so showing ten results costs
/// a few kilobytes of text each, not whole guides.
pub const DOC_FILE_DOCS: usize = 8;

/// A postings shard is closed once it holds this many bytes; a browser loads the shards of
/// a query's tokens, so small shards keep a search light.
const POSTINGS_SHARD_BYTES: usize = 16 * 1024;

/// A postings list longer than this (in bytes) is cut in chunks; postings in its first.
const LONG_LIST_BYTES: usize = 4096;
const FIRST_CHUNK: usize = 1024;

/// A file of the index: its path relative to the site root and its bytes.
type File = (String, Vec<u8>);

/// The document files of guide `number` from its entries ([`super::Entry::docs`]), with
/// their paths relative to the site root.
pub fn doc_files(number: usize, docs: &[String]) -> Vec<(String, Vec<u8>)> {
    docs.iter()
        .enumerate()
        .map(|(k, entry)| {
            let text = format!("{GLOBAL}.d[\"{number}-{k}\"] = {entry};\n");
            (format!("search/d{number}-{k}.js"), text.into_bytes())
        })
        .collect()
}

/// The manifest and the postings shards and chunks, handed to `put` one by one, from each
/// guide's (documents, summed length) ([`super::Entry::stats`]; (0, 0) for a guide left out)
/// and the postings of consecutive runs of guides, in order. Each token's list is put
/// together from the runs as it is written, so the runs are neither copied nor merged first.
pub fn finish(
    stats: &[(u32, u64)],
    runs: &[&Postings],
    synonyms: &[(String, String)],
    mut put: impl FnMut(String, Vec<u8>) -> Result<()>,
) -> Result<()> {
    use rayon::prelude::*;
    let docs: u64 = stats.iter().map(|s| u64::from(s.0)).sum();
    let length: u64 = stats.iter().map(|s| s.1).sum();
    // As search.js divides.
    let avg_len = if length > 0 {
        length as f64 / docs as f64
    } else {
        1.0
    };
    let mut tokens: Vec<&str> = runs
        .iter()
        .flat_map(|run| run.lists.keys().map(String::as_str))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    let list_len = |token: &str| -> usize {
        parts(runs, token)
            .map(|(gap, bytes)| number_len(gap) + bytes.len())
            .sum()
    };
    // Long lists are cut in parallel, one per thread at a time, their later chunks handed
    // on, so they are not all held at once (a list of every guide is megabytes decoded);
    // their shard entries are kept.
    let long: Vec<usize> = (0..tokens.len())
        .filter(|&n| list_len(tokens[n]) > LONG_LIST_BYTES)
        .collect();
    let mut entries: Vec<Option<Vec<u8>>> = vec![None; tokens.len()];
    for batch in long.chunks(rayon::current_num_threads()) {
        let cut: Vec<(usize, Vec<u8>, Vec<File>)> = batch
            .par_iter()
            .map(|&n| {
                let (entry, files) = chunked(n, &whole(runs, tokens[n]), avg_len);
                (n, entry, files)
            })
            .collect();
        for (n, entry, files) in cut {
            entries[n] = Some(entry);
            for (path, bytes) in files {
                put(path, bytes)?;
            }
        }
    }
    // Where each shard starts, cut by the size of the entries as written, which does not
    // depend on how the guides were split into runs.
    let mut starts: Vec<usize> = Vec::new();
    let mut size = 0;
    for (n, token) in tokens.iter().enumerate() {
        if n == 0 || size >= POSTINGS_SHARD_BYTES {
            starts.push(n);
            size = 0;
        }
        size += match &entries[n] {
            Some(entry) => entry.len() + 1,
            None => list_len(token) + 3,
        };
    }
    let shard = |number: usize| {
        let start = starts[number];
        let end = starts.get(number + 1).copied().unwrap_or(tokens.len());
        let mut out = format!("{GLOBAL}.p[{number}] = [").into_bytes();
        for n in start..end {
            if n > start {
                out.push(b',');
            }
            match &entries[n] {
                Some(entry) => out.extend_from_slice(entry),
                None => {
                    out.push(b'"');
                    out.extend_from_slice(&whole(runs, tokens[n]));
                    out.push(b'"');
                }
            }
        }
        out.extend_from_slice(b"];\n");
        (format!("search/p{number}.js"), out)
    };
    // Built in parallel a batch at a time and handed on, so they are not all held at once.
    let numbers: Vec<usize> = (0..starts.len()).collect();
    for batch in numbers.chunks(16) {
        let files: Vec<(String, Vec<u8>)> = batch.par_iter().map(|&n| shard(n)).collect();
        for (path, bytes) in files {
            put(path, bytes)?;
        }
    }
    let manifest = format!(
        "{GLOBAL} = {{\"v\":{VERSION},\"guides\":{},\"docs\":{docs},\"length\":{length},\"docFile\":{DOC_FILE_DOCS},\"terms\":{},\"shards\":{},\"synonyms\":{},\"p\":{{}},\"c\":{{}},\"d\":{{}}}};\n",
        stats.len(),
        json(&tokens),
        json(&starts),
        json(&synonyms),
    );
    put(INDEX_FILE.to_string(), manifest.into_bytes())
}

/// A token's whole postings list, encoded.
fn whole(runs: &[&Postings], token: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for (gap, bytes) in parts(runs, token) {
        push_number(&mut out, gap);
        out.extend_from_slice(bytes);
    }
    out
}

/// A long list (term number `term`), best postings first, in chunks: its shard entry and
/// the files of its later chunks.
fn chunked(term: usize, list: &[u8], avg_len: f64) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    // The build wrote the list; a list it cannot read back is a bug, indexed as nothing.
    // Ordered by what search.js ranks a query of this one token by: the impact times the
    // phrase bonus where the token is (title 2, text 1.5).
    let mut postings: Vec<(f64, Posting)> = decode(list)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let bonus = if p.2 & 2 != 0 { 2.0 } else { 1.5 };
            (impact(p.2 / 4, p.3, avg_len) * bonus, p)
        })
        .collect();
    postings.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // What the postings from each one on can add to a query of several tokens: the impact
    // alone, as search.js bounds the phrase bonus apart.
    let mut most = vec![0.0f64; postings.len() + 1];
    for (n, &(_, (_, _, tf, norm))) in postings.iter().enumerate().rev() {
        most[n] = most[n + 1].max(impact(tf / 4, norm, avg_len));
    }
    let mut chunks: Vec<(usize, &[(f64, Posting)])> = Vec::new();
    let mut start = 0;
    let mut size = FIRST_CHUNK;
    while start < postings.len() {
        let end = postings.len().min(start + size);
        chunks.push((start, &postings[start..end]));
        start = end;
        size *= 2;
    }
    let encoded = |chunk: &[(f64, Posting)]| {
        let mut sorted: Vec<Posting> = chunk.iter().map(|p| p.1).collect();
        sorted.sort_unstable();
        let mut out = Vec::new();
        encode(&sorted, &mut out);
        out
    };
    // Each later chunk's bound, rounded up and a millionth more than search.js could
    // compute, with its first posting: frequency × 4 + where, norm, guide and document.
    let bounds: Vec<String> = chunks[1.min(chunks.len())..]
        .iter()
        .map(|&(start, _)| {
            let (guide, local, tf, norm) = postings[start].1;
            let bound = (most[start] * 1e6).ceil() / 1e6 + 1e-6;
            format!("[{bound:.6},{tf},{norm},{guide},{local}]")
        })
        .collect();
    let mut entry = format!("[{},[{}],\"", postings.len(), bounds.join(",")).into_bytes();
    entry.extend_from_slice(&chunks.first().map(|c| encoded(c.1)).unwrap_or_default());
    entry.extend_from_slice(b"\"]");
    let files = chunks
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, &(_, chunk))| {
            let mut out = format!("{GLOBAL}.c[\"{term}-{k}\"] = \"").into_bytes();
            out.extend_from_slice(&encoded(chunk));
            out.extend_from_slice(b"\";\n");
            (format!("search/c{term}-{k}.js"), out)
        })
        .collect();
    (entry, files)
}

/// A token's postings list as written: the part of each run that has the token, after the
/// gap from the previous part's last guide.
fn parts<'r>(runs: &'r [&Postings], token: &str) -> impl Iterator<Item = (u32, &'r [u8])> {
    let mut last = 0;
    runs.iter().filter_map(move |run| {
        let list = run.lists.get(token)?;
        let gap = list.first_guide - last;
        last = list.last_guide;
        Some((gap, run.bytes(list)))
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
