//! The pages listing every guide and the search index's runs and shards, made from the
//! guides' records.

use super::{GuideRecord, RUN};
use crate::render::pages::GuideCard;
use crate::render::{File, Renderer};
use crate::search::{self, Postings};
use anyhow::Result;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The pages that list every guide (home, comparison, sitemap, 404), from the records'
/// cards.
pub fn listing_pages(renderer: &Renderer, records: &[GuideRecord]) -> Result<Vec<File>> {
    let cards: Vec<&GuideCard> = records
        .iter()
        .filter_map(|r| Some(&*r.made.as_ref()?.card))
        .collect();
    renderer.listings(&cards, None)
}

/// The search postings of consecutive guides, the first of them guide number `first`.
pub(super) fn postings(first: usize, records: &[GuideRecord]) -> Postings {
    let guides: Vec<(u32, &search::GuideTerms)> = records
        .iter()
        .enumerate()
        .filter_map(|(offset, r)| Some(((first + offset) as u32, &r.made.as_ref()?.search.terms)))
        .collect();
    Postings::of(&guides)
}

/// What an edit of the guides numbered `changed` makes stale in the search index,
/// made again from every guide's record: the postings of their runs, replaced in `runs`, and
/// their document files, returned. The rest of the index is [`search::finish`]'s.
pub fn reindex(
    changed: &[usize],
    records: &[GuideRecord],
    runs: &mut [Arc<Postings>],
) -> Vec<File> {
    let stale: BTreeSet<usize> = changed.iter().map(|n| n / RUN).collect();
    for run in stale {
        let guides = records.chunks(RUN).nth(run).unwrap_or_default();
        if let Some(slot) = runs.get_mut(run) {
            *slot = Arc::new(postings(run * RUN, guides));
        }
    }
    changed
        .iter()
        .filter_map(|&n| Some((n, records.get(n)?.made.as_ref()?)))
        .flat_map(|(n, made)| search::doc_files(n, &made.search.docs))
        .collect()
}
