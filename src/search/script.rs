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
//! [`DocKind::code`]) and its weighted token count (for BM25). A postings string is a run of
//! (guide gap, document within the guide, term frequency) triples: the guide as the
//! difference from the previous triple's guide (0 for the same guide), so the common case is
//! one character a number. Numbers are written in base 45, least significant digit first:
//! the 45 characters from `#` up are final digits, the next 45 continue the number. None
//! needs escaping in JSON. Document shard `j` holds guides `8j` to `8j+7`; a document's link
//! is made from the guide's id, its kind and its anchor ([`super::documents::href`]).

use super::documents::href;
use super::index::{Doc, DocKind, GuidePart, GuideRef, Index};
use anyhow::{Context, Result, bail, ensure};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Format version of the index, bumped when the layout changes.
pub const VERSION: u32 = 2;

/// The global the index scripts assign.
pub const GLOBAL: &str = "window.STEPGUIDE_SEARCH";

/// The manifest, at the root of the site.
pub const INDEX_FILE: &str = "search-index.js";

/// Guides a document shard holds.
pub const DOC_SHARD_GUIDES: usize = 8;

/// A postings shard is closed once it holds this many bytes; a browser loads the shards of
/// a query's tokens, so small shards keep a search light.
const POSTINGS_SHARD_BYTES: usize = 48 * 1024;

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

/// Reads one number at `*at`, moving past it.
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

/// Postings of consecutive guides, encoded, one list a token. Made for a run of guides at a
/// time (in parallel); [`finish`] joins the runs.
#[derive(Clone, Debug, Default)]
pub struct Postings {
    lists: FxHashMap<String, List>,
}

#[derive(Clone, Debug)]
struct List {
    first_guide: u32,
    last_guide: u32,
    /// The encoded triples, without the first one's guide gap, which depends on what comes
    /// before this run.
    bytes: Vec<u8>,
}

impl Postings {
    /// Adds guide number `guide`, which comes after every guide added so far.
    pub fn add(&mut self, guide: u32, terms: &GuideTerms) {
        let bytes = terms.bytes.as_slice();
        let mut at = 0;
        for token in terms.tokens.split('\n').filter(|t| !t.is_empty()) {
            let len = read_number(bytes, &mut at).unwrap_or(0) as usize;
            let own = bytes.get(at..at + len).unwrap_or_default();
            at += len;
            match self.lists.get_mut(token) {
                Some(list) => {
                    push_number(&mut list.bytes, guide - list.last_guide);
                    list.bytes.extend_from_slice(own);
                    list.last_guide = guide;
                }
                None => {
                    let list = List {
                        first_guide: guide,
                        last_guide: guide,
                        bytes: own.to_vec(),
                    };
                    self.lists.insert(token.to_string(), list);
                }
            }
        }
    }
}

/// A guide's postings on their own, encoded as they go into each token's list (after the
/// guide gap), in a few allocations: a build makes them in parallel, and `serve` keeps them
/// to rebuild the index when one guide changes without reading the others again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuideTerms {
    /// The guide's tokens, sorted, each followed by a line break (tokens never hold one).
    tokens: String,
    /// For each token, the byte length of its part and the part: (document, frequency), then
    /// (0, document, frequency) for each further document of the guide.
    bytes: Vec<u8>,
}

impl GuideTerms {
    pub fn new(part: &GuidePart) -> GuideTerms {
        let mut terms = GuideTerms::default();
        let mut own = Vec::new();
        for run in part.postings.chunk_by(|a, b| a.0 == b.0) {
            terms.tokens.push_str(&part.terms[run[0].0 as usize]);
            terms.tokens.push('\n');
            own.clear();
            for (n, &(_, local, tf)) in run.iter().enumerate() {
                if n > 0 {
                    // The same guide again.
                    push_number(&mut own, 0);
                }
                push_number(&mut own, local);
                push_number(&mut own, tf);
            }
            push_number(&mut terms.bytes, own.len() as u32);
            terms.bytes.extend_from_slice(&own);
        }
        terms
    }
}

/// A guide's entry in its document shard: `[id, title, [[section, anchor, title, text], ...]]`.
pub fn doc_entry(part: &GuidePart) -> String {
    let docs: Vec<(&str, &str, &str, &str)> = part
        .docs
        .iter()
        .map(|d| (&*d.section, &*d.anchor, &*d.title, &*d.text))
        .collect();
    json(&(&part.guide.id, &part.guide.title, docs))
}

/// A guide's entry in `meta.js`: each document's kind letter and length.
pub fn meta_entry(part: &GuidePart) -> String {
    let mut bytes = Vec::with_capacity(part.docs.len() * 3);
    for doc in &part.docs {
        bytes.extend_from_slice(doc.kind.code().as_bytes());
        push_number(&mut bytes, doc.len);
    }
    // Kind letters and digits are ASCII.
    let text = String::from_utf8(bytes).unwrap_or_default();
    json(&text)
}

/// Path of document shard `number`, relative to the site root.
pub fn doc_shard_path(number: usize) -> String {
    format!("search/d{number}.js")
}

/// Document shard `number` from its guides' entries ([`doc_entry`]).
pub fn doc_shard(number: usize, entries: &[&str]) -> String {
    format!("{GLOBAL}.d[{number}] = [{}];\n", entries.join(","))
}

/// The manifest, `meta.js` and the postings shards, from the guides' [`meta_entry`]s and the
/// postings of consecutive runs of guides, in order. Each token's list is put together from
/// the runs as it is written, so the runs are neither copied nor merged first.
pub fn finish_each<E>(
    meta: &[&str],
    runs: &[&Postings],
    synonyms: &[(String, String)],
    mut put: impl FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let mut tokens: Vec<&str> = runs
        .iter()
        .flat_map(|run| run.lists.keys().map(String::as_str))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    // Where each shard starts, cut by the size of the lists.
    let mut starts: Vec<usize> = Vec::new();
    let mut size = 0;
    for (n, token) in tokens.iter().enumerate() {
        if n == 0 || size >= POSTINGS_SHARD_BYTES {
            starts.push(n);
            size = 0;
        }
        size += runs
            .iter()
            .filter_map(|run| run.lists.get(*token))
            .map(|list| list.bytes.len() + 3)
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
            let mut last: Option<u32> = None;
            for list in runs.iter().filter_map(|run| run.lists.get(*token)) {
                push_number(&mut out, list.first_guide - last.unwrap_or(0));
                out.extend_from_slice(&list.bytes);
                last = Some(list.last_guide);
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

/// [`finish_each`], collected.
pub fn finish(
    meta: &[&str],
    runs: &[&Postings],
    synonyms: &[(String, String)],
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let collected: Result<(), std::convert::Infallible> =
        finish_each(meta, runs, synonyms, |p, b| {
            files.push((p, b));
            Ok(())
        });
    match collected {
        Ok(()) => files,
        Err(never) => match never {},
    }
}

/// JSON for a script: U+2028 and U+2029 are valid in JSON but end a line in pre-2019
/// JavaScript.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serializing strings and numbers cannot fail.
    let json = serde_json::to_string(value).unwrap_or_default();
    if json.contains(['\u{2028}', '\u{2029}']) {
        json.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        json
    }
}

impl Index {
    /// Every file of the index, by path relative to the site root. The same index gives the
    /// same bytes, and the build writes the same files guide by guide.
    pub fn to_files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        let mut postings = Postings::default();
        let mut meta = Vec::new();
        let mut entries = Vec::new();
        for (number, part) in self.parts().iter().enumerate() {
            postings.add(number as u32, &GuideTerms::new(part));
            meta.push(meta_entry(part));
            entries.push(doc_entry(part));
            if entries.len() == DOC_SHARD_GUIDES || number + 1 == self.guides.len() {
                let shard = number / DOC_SHARD_GUIDES;
                let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
                files.insert(doc_shard_path(shard), doc_shard(shard, &refs));
                entries.clear();
            }
        }
        let meta: Vec<&str> = meta.iter().map(String::as_str).collect();
        for (path, bytes) in finish(&meta, &[&postings], &self.synonyms) {
            // The index is ASCII and JSON, so UTF-8.
            files.insert(path, String::from_utf8(bytes).unwrap_or_default());
        }
        files
    }

    /// The index cut back into guide parts.
    fn parts(&self) -> Vec<GuidePart> {
        let mut parts: Vec<GuidePart> = self
            .guides
            .iter()
            .map(|guide| GuidePart {
                guide: guide.clone(),
                docs: Vec::new(),
                terms: Vec::new(),
                postings: Vec::new(),
            })
            .collect();
        let mut first_doc = vec![0u32; self.guides.len()];
        for (number, doc) in self.docs.iter().enumerate() {
            let Some(part) = parts.get_mut(doc.guide) else {
                continue;
            };
            if part.docs.is_empty() {
                first_doc[doc.guide] = number as u32;
            }
            let anchor = doc.href.split_once('#').map_or("", |(_, a)| a);
            part.docs.push(super::index::DocPart {
                kind: doc.kind,
                section: doc.section.clone(),
                anchor: anchor.to_string(),
                title: doc.title.clone(),
                text: doc.text.clone(),
                len: doc.len,
            });
        }
        for (token, list) in &self.terms {
            for &(doc, tf) in list {
                let Some(guide) = self.docs.get(doc as usize).map(|d| d.guide) else {
                    continue;
                };
                let part = &mut parts[guide];
                // Tokens come in sorted order, so each part's list stays sorted.
                if part.terms.last() != Some(token) {
                    part.terms.push(token.clone());
                }
                let term = (part.terms.len() - 1) as u32;
                part.postings.push((term, doc - first_doc[guide], tf));
            }
        }
        parts
    }

    /// Reads back the files written by [`Index::to_files`].
    pub fn from_files(files: &BTreeMap<String, String>) -> Result<Index> {
        let file = |path: &str| {
            files
                .get(path)
                .with_context(|| format!("the search index has no {path}"))
        };
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Manifest {
            v: u32,
            guides: usize,
            doc_shard: usize,
            terms: Vec<String>,
            shards: Vec<usize>,
            synonyms: Vec<(String, String)>,
        }
        let manifest: Manifest = parse(file(INDEX_FILE)?, GLOBAL)?;
        ensure!(
            manifest.v == VERSION,
            "search index version {} (expected {VERSION})",
            manifest.v
        );
        ensure!(
            manifest.doc_shard == DOC_SHARD_GUIDES,
            "document shards of {} guides (expected {DOC_SHARD_GUIDES})",
            manifest.doc_shard
        );
        let meta: Vec<String> = parse(file("search/meta.js")?, &format!("{GLOBAL}.meta"))?;
        ensure!(
            meta.len() == manifest.guides,
            "meta.js lists {} guides, the manifest {}",
            meta.len(),
            manifest.guides
        );
        let mut index = Index {
            synonyms: manifest.synonyms,
            ..Index::default()
        };
        // The first document number of each guide.
        let mut first_doc = Vec::with_capacity(manifest.guides);
        for number in (0..manifest.guides).step_by(DOC_SHARD_GUIDES) {
            let shard = number / DOC_SHARD_GUIDES;
            type Entry = (String, String, Vec<(String, String, String, String)>);
            let entries: Vec<Entry> = parse(
                file(&doc_shard_path(shard))?,
                &format!("{GLOBAL}.d[{shard}]"),
            )?;
            let expected = DOC_SHARD_GUIDES.min(manifest.guides - number);
            ensure!(
                entries.len() == expected,
                "document shard {shard} holds {} guides, not {expected}",
                entries.len()
            );
            for (offset, (id, title, docs)) in entries.into_iter().enumerate() {
                let guide = number + offset;
                let kinds = read_meta(&meta[guide])
                    .with_context(|| format!("meta.js is broken at guide {guide}"))?;
                ensure!(
                    kinds.len() == docs.len(),
                    "guide {guide} has {} documents but meta.js lists {}",
                    docs.len(),
                    kinds.len()
                );
                first_doc.push(index.docs.len() as u32);
                for ((section, anchor, title, text), (kind, len)) in docs.into_iter().zip(kinds) {
                    index.docs.push(Doc {
                        guide,
                        kind,
                        section,
                        href: href(&id, kind, &anchor),
                        title,
                        text,
                        len,
                    });
                }
                index.guides.push(GuideRef { id, title });
            }
        }
        ensure!(
            manifest.shards.first() == Some(&0) || manifest.terms.is_empty(),
            "the first postings shard does not start at the first term"
        );
        ensure!(
            manifest.shards.windows(2).all(|w| w[0] < w[1])
                && manifest
                    .shards
                    .last()
                    .is_none_or(|&s| s < manifest.terms.len()),
            "the postings shards are out of order"
        );
        for (shard, &start) in manifest.shards.iter().enumerate() {
            let end = manifest
                .shards
                .get(shard + 1)
                .copied()
                .unwrap_or(manifest.terms.len());
            let lists: Vec<String> = parse(
                file(&format!("search/p{shard}.js"))?,
                &format!("{GLOBAL}.p[{shard}]"),
            )?;
            ensure!(
                lists.len() == end - start,
                "postings shard {shard} holds {} lists, not {}",
                lists.len(),
                end - start
            );
            for (term, list) in manifest.terms[start..end].iter().zip(lists) {
                let list = read_postings(&list, &first_doc, &index.docs)
                    .with_context(|| format!("the postings of `{term}` are broken"))?;
                index.terms.insert(term.clone(), list);
            }
        }
        ensure!(
            index.terms.len() == manifest.terms.len(),
            "the manifest lists a term twice"
        );
        Ok(index)
    }
}

/// The value a script of the index assigns to `target`.
fn parse<T: serde::de::DeserializeOwned>(script: &str, target: &str) -> Result<T> {
    let json = script
        .trim()
        .strip_prefix(target)
        .and_then(|rest| rest.trim_start().strip_prefix('='))
        .map(|rest| rest.trim().trim_end_matches(';'))
        .with_context(|| format!("a search index file does not start with `{target} =`"))?;
    serde_json::from_str(json).with_context(|| format!("`{target}` is not valid"))
}

fn read_meta(entry: &str) -> Result<Vec<(DocKind, u32)>> {
    let bytes = entry.as_bytes();
    let mut at = 0;
    let mut docs = Vec::new();
    while at < bytes.len() {
        let code = entry.get(at..at + 1).context("not ASCII")?;
        let kind = DocKind::from_code(code).with_context(|| format!("unknown kind `{code}`"))?;
        at += 1;
        let len = read_number(bytes, &mut at).context("a length is cut off")?;
        docs.push((kind, len));
    }
    Ok(docs)
}

fn read_postings(list: &str, first_doc: &[u32], docs: &[Doc]) -> Result<Vec<(u32, u32)>> {
    let bytes = list.as_bytes();
    let mut at = 0;
    let mut guide = 0u32;
    let mut out: Vec<(u32, u32)> = Vec::new();
    while at < bytes.len() {
        let (Some(gap), Some(local), Some(tf)) = (
            read_number(bytes, &mut at),
            read_number(bytes, &mut at),
            read_number(bytes, &mut at),
        ) else {
            bail!("a number is cut off or not encoded");
        };
        guide = guide.checked_add(gap).context("guide number overflows")?;
        let first = *first_doc
            .get(guide as usize)
            .with_context(|| format!("names guide {guide}, which does not exist"))?;
        let doc = first.checked_add(local).context("document overflows")?;
        ensure!(
            docs.get(doc as usize)
                .is_some_and(|d| d.guide == guide as usize),
            "names document {local} of guide {guide}, which does not exist"
        );
        ensure!(
            out.last().is_none_or(|&(last, _)| last < doc),
            "documents are not ascending"
        );
        out.push((doc, tf));
    }
    Ok(out)
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
            push_number(&mut bytes, v);
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
}
