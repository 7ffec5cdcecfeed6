//! One pass over the knowledge base, shared by `check`, `build` and `serve`: guide files are
//! read, parsed, linted, rendered and indexed a run at a time on every core, and dropped.
//! What stays is small (diagnostics, each guide's card, the encoded search postings), so
//! memory does not grow with the pages, and the files go to a [`Sink`] as they are made.
//!
//! Content with errors is never rendered: once a guide has an error, the other workers stop
//! rendering, every guide is still linted so all problems are reported, and nothing the
//! sink received is kept (a build discards its temporary folder). Only `serve` asks for a
//! [`Target::partial`] pass, which renders every guide without errors anyway.

use crate::content::{
    self, GuideFile, SITE_FILE, SiteSettings, TERMINOLOGY_FILE, Terminology, Text,
};
use crate::diagnostic::{Diagnostic, Rule, Severity, Summary};
use crate::lint::{self, LintOptions, Rules};
use crate::output;
use crate::render::pages::GuideCard;
use crate::render::{File, Files, Renderer};
use crate::search::{self, DOC_SHARD_GUIDES, DocShards, GuideTerms, NO_DOC, NO_META, Postings};
use anyhow::{Result, anyhow};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Guides one worker handles at a time: enough that joining the runs' search postings costs
/// little, few enough that the cores share the work evenly.
pub const RUN: usize = 64;

/// Where the files of a site go as they are made. Called from several threads at once.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

impl Sink for output::Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        output::Staging::put(self, path, &bytes)
    }
}

impl Sink for output::Comparison {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        output::Comparison::put(self, path, &bytes)
    }
}

/// The site in memory, for `serve`.
impl Sink for Mutex<Files> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let mut files = self.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.to_string(), bytes);
        Ok(())
    }
}

/// What to make besides the lint report.
pub struct Site<'a> {
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<&'a str>,
    pub sink: &'a dyn Sink,
    /// Keep every guide's record and the runs' postings in the outcome, for `serve`.
    pub keep: bool,
}

/// Where a pass renders to: [`Site`] with its renderer made.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub renderer: &'a Renderer,
    pub sink: &'a dyn Sink,
    pub keep: bool,
    /// Render the guides without errors, the listings and the search index even when other
    /// guides have errors: a preview shows what it can. Search entries of the guides left
    /// out are empty ([`search::NO_META`], [`search::NO_DOC`]), so the others keep their numbers.
    pub partial: bool,
}

/// The two settings files, loaded.
pub struct Settings {
    pub site: Option<SiteSettings>,
    pub terminology: Option<Terminology>,
    /// Their loading problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Their text, for the report.
    pub sources: BTreeMap<String, String>,
}

impl Settings {
    /// Loads the settings files under `root`. `base_url`, when given (`build --base-url`,
    /// `serve`'s own address), takes the place of the one in site.yaml, which is then not
    /// checked: a wrong or placeholder address there does not matter for this build.
    pub fn load(root: &Path, base_url: Option<&str>) -> Settings {
        let mut settings = Settings {
            site: None,
            terminology: None,
            diagnostics: Vec::new(),
            sources: BTreeMap::new(),
        };
        settings.site = settings.keep(content::load_file(
            root,
            SITE_FILE,
            "the site settings file",
        ));
        settings.terminology = settings.keep(content::load_file(
            root,
            TERMINOLOGY_FILE,
            "the terminology list",
        ));
        if let (Some(site), Some(url)) = (settings.site.as_mut(), base_url) {
            let pos = site
                .base_url
                .as_ref()
                .map(|old| old.pos)
                .unwrap_or_default();
            site.base_url = Some(content::Located::new(url.to_string(), pos));
        }
        settings
    }

    fn keep<T>(&mut self, loaded: content::Loaded<T>) -> Option<T> {
        if let Some((file, text)) = loaded.text {
            self.sources.insert(file, text);
        }
        loaded.value.map_err(|d| self.diagnostics.extend(d)).ok()
    }

    /// The renderer for these settings.
    pub fn renderer(&self, root: &Path) -> Result<Renderer> {
        let site = self
            .site
            .as_ref()
            .ok_or_else(|| anyhow!("the site settings did not load"))?;
        let base_url = site
            .base_url
            .as_ref()
            .map(|url| with_trailing_slash(&url.value));
        Renderer::new(root, site, base_url.as_deref())
    }
}

/// Everything a pass learns about one guide file.
#[derive(Default)]
pub struct GuideRecord {
    pub file: String,
    /// Loading and lint problems of this file alone.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, kept when it has diagnostics or links into other guides (which the
    /// check across guides may report on), for the report.
    pub source: Option<String>,
    /// Whether the file could be read.
    pub read: bool,
    pub steps: usize,
    pub cautions: usize,
    /// The guide's id and certificate, when it parsed, for the checks across guides.
    pub id: Option<Text>,
    pub certificate: Option<Text>,
    /// The file's `# stepguide: allow(...)` comments, applied once the checks across
    /// guides are done.
    pub allows: Vec<lint::allow::Allow>,
    /// Its page ids and links into other guides, for the check across guides.
    pub links: lint::links::Links,
    /// What the site needs of the guide, once it was rendered.
    pub made: Option<Made>,
}

impl GuideRecord {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What the pages listing every guide and the search index need of a rendered guide.
pub struct Made {
    /// Shared, so `serve` can render the listings later from a snapshot of the cards.
    pub card: Arc<GuideCard>,
    /// Its share of the search index; a build empties its documents once written and its
    /// postings once joined.
    pub search: search::Entry,
}

/// A guide's record and its rendered pages.
pub type Handled = (GuideRecord, Vec<File>);

/// Reads, parses and lints one guide file; with a renderer, and when the guide has no
/// errors, also renders its pages (returned) and indexes it.
pub fn guide(
    root: &Path,
    path: &str,
    rules: &Rules,
    renderer: Option<&Renderer>,
) -> Result<Handled> {
    let mut record = GuideRecord {
        file: path.to_string(),
        ..GuideRecord::default()
    };
    let loaded = content::load_file::<content::Guide>(root, path, "a guide file");
    let Some((_, text)) = loaded.text else {
        record
            .diagnostics
            .extend(loaded.value.err().into_iter().flatten());
        return Ok((record, Vec::new()));
    };
    record.read = true;
    let guide = match loaded.value {
        Ok(guide) => guide,
        Err(diagnostics) => {
            record.diagnostics.extend(diagnostics);
            record.source = Some(text);
            return Ok((record, Vec::new()));
        }
    };
    let file = GuideFile {
        file: path.to_string(),
        guide,
    };
    record.links = lint::guide(rules, &file, &text, &mut record.diagnostics);
    record.allows = lint::allow::scan(path, &text, &mut record.diagnostics);
    (record.steps, record.cautions) = lint::count(&file.guide);
    record.id = Some(file.guide.id.clone());
    record.certificate = Some(file.guide.certificate.clone());
    if !record.diagnostics.is_empty() || record.links.leads_to_other_guides() {
        record.source = Some(text);
    }
    let Some(renderer) = renderer.filter(|_| !record.has_errors()) else {
        return Ok((record, Vec::new()));
    };
    let (card, pages) = renderer.guide(&file)?;
    record.made = Some(Made {
        card: Arc::new(card),
        search: search::Entry::new(&file.guide),
    });
    Ok((record, pages))
}

/// The result of a pass.
pub struct Outcome {
    /// Loading and lint problems, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// The text of the settings files and of each file with a diagnostic, for the report.
    pub sources: BTreeMap<String, String>,
    /// How many files the sink received, when the site was made.
    pub files: Option<usize>,
    /// Every guide's record, in site order: after a pass that made no site, or when asked
    /// to keep them.
    pub guides: Vec<GuideRecord>,
    /// The postings of each run of [`RUN`] guides, when asked to keep them.
    pub runs: Vec<Postings>,
    /// The problems of the settings files and of listing the guide files.
    pub base: Vec<Diagnostic>,
    /// The warnings that allow comments allowed, sorted by place.
    pub allowed: Vec<Diagnostic>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The report of a pass over the whole knowledge base narrowed to `files` (paths
    /// relative to the root): their problems, those found across guides included, and the
    /// settings files' problems, which every file depends on. The summary counts `files`.
    pub fn only(mut self, files: &BTreeSet<String>) -> Outcome {
        let settings = [SITE_FILE, TERMINOLOGY_FILE];
        self.diagnostics
            .retain(|d| files.contains(&d.file) || settings.contains(&d.file.as_str()));
        self.sources
            .retain(|file, _| files.contains(file) || settings.contains(&file.as_str()));
        self.allowed
            .retain(|d| files.contains(&d.file) || settings.contains(&d.file.as_str()));
        let mut summary = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for record in self.guides.iter().filter(|r| files.contains(&r.file)) {
            summary.guides += usize::from(record.id.is_some());
            summary.steps += record.steps;
            summary.cautions += record.cautions;
        }
        summary.count(&self.diagnostics);
        summary.allowed = self.allowed.len();
        self.summary = summary;
        self
    }
}

/// Loads and lints the knowledge base under `root`; with `site`, also renders and indexes
/// it into `site.sink` unless the content has errors. Fails only for I/O and template
/// errors, and only when the content itself has none (content problems come first).
pub fn run(root: &Path, options: LintOptions, site: Option<Site>) -> Result<Outcome> {
    content::require_content(root)?;
    let settings = Settings::load(root, site.as_ref().and_then(|site| site.base_url));
    let renderer = site.as_ref().map(|_| settings.renderer(root));
    let target = match (&renderer, &site) {
        (Some(Ok(renderer)), Some(site)) => Some(Target {
            renderer,
            sink: site.sink,
            keep: site.keep,
            partial: false,
        }),
        _ => None,
    };
    let outcome = pass(root, &settings, options, target)?;
    match renderer {
        Some(Err(err)) if !outcome.has_errors() => Err(err),
        _ => Ok(outcome),
    }
}

/// [`run`] with the settings loaded and the renderer made.
pub fn pass(
    root: &Path,
    settings: &Settings,
    options: LintOptions,
    target: Option<Target>,
) -> Result<Outcome> {
    let mut base = settings.diagnostics.clone();
    let paths = content::guide_files(root, &mut base)?;
    let rules = Rules::new(
        settings.site.as_ref(),
        settings.terminology.as_ref(),
        options,
    );
    let keep = target.is_some_and(|t| t.keep);
    let partial = target.is_some_and(|t| t.partial);
    // Set by the first error (of content only when not partial): from then on guides are
    // only linted.
    let failed = AtomicBool::new(!partial && base.iter().any(|d| d.severity == Severity::Error));
    let shards = DocShards::new(paths.len());
    let runs: Vec<RunOutput> = paths
        .par_chunks(RUN)
        .enumerate()
        .map(|(n, run)| {
            let job = Job {
                root,
                rules: &rules,
                target,
                failed: &failed,
                shards: &shards,
                keep,
            };
            job.run(n * RUN, run)
        })
        .collect();

    let mut records = Vec::with_capacity(paths.len());
    let mut postings = Vec::with_capacity(runs.len());
    let mut written = 0;
    let mut error = None;
    for run in runs {
        records.extend(run.records);
        postings.push(run.postings);
        written += run.written;
        error = error.or(run.error);
    }
    let mut outcome = report(settings, base.clone(), &records);
    outcome.base = base;
    if outcome.has_errors() && !partial {
        outcome.guides = records;
        return Ok(outcome);
    }
    if let Some(error) = error {
        return Err(error);
    }
    let Some(target) = target else {
        outcome.guides = records;
        return Ok(outcome);
    };
    let runs: Vec<&Postings> = postings.iter().collect();
    let meta: Vec<&str> = records
        .iter()
        .map(|r| r.made.as_ref().map_or(NO_META, |m| &*m.search.meta))
        .collect();
    let synonyms = search::synonyms(settings.terminology.as_ref());
    // The pages that list every guide and the search index are the serial end of a build,
    // so they are made side by side.
    let (listed, indexed) = rayon::join(
        || -> Result<usize> {
            let listings = listing_pages(target.renderer, &records)?;
            let files = listings.into_iter().chain(target.renderer.assets());
            files
                .map(|(path, bytes)| target.sink.put(&path, bytes))
                .try_fold(0, |n, put| put.map(|()| n + 1))
        },
        || -> Result<usize> {
            let mut files = 0;
            search::finish(&meta, &runs, &synonyms, |path, bytes| {
                files += 1;
                target.sink.put(&path, bytes)
            })?;
            Ok(files)
        },
    );
    outcome.files = Some(written + listed? + indexed?);
    if keep {
        outcome.guides = records;
        outcome.runs = postings;
    }
    Ok(outcome)
}

/// The diagnostics of a pass (settings, listing, each guide's, and those across guides),
/// sorted, with the summary and the texts the report shows.
pub fn report(
    settings: &Settings,
    mut diagnostics: Vec<Diagnostic>,
    records: &[GuideRecord],
) -> Outcome {
    let mut summary = Summary::default();
    let mut sources = settings.sources.clone();
    let mut read = settings.sources.len();
    for record in records {
        diagnostics.extend(record.diagnostics.iter().cloned());
        if let Some(source) = &record.source {
            sources.insert(record.file.clone(), source.clone());
        }
        read += usize::from(record.read);
        summary.guides += usize::from(record.id.is_some());
        summary.steps += record.steps;
        summary.cautions += record.cautions;
    }
    let keys: Vec<lint::GuideKeys> = records
        .iter()
        .filter_map(|r| {
            Some(lint::GuideKeys {
                file: &r.file,
                id: r.id.as_ref()?,
                certificate: r.certificate.as_ref()?,
            })
        })
        .collect();
    lint::across(
        &keys,
        settings.site.as_ref(),
        settings.terminology.as_ref(),
        &mut diagnostics,
    );
    lint::links::check_across(
        records.iter().filter_map(|r| {
            let id = r.id.as_ref()?;
            Some((r.file.as_str(), id.value.as_str(), &r.links))
        }),
        &mut diagnostics,
    );
    let mut allowed = Vec::new();
    for (file, text) in &settings.sources {
        let allows = lint::allow::scan(file, text, &mut diagnostics);
        lint::allow::apply(file, &allows, &mut diagnostics, &mut allowed);
    }
    for record in records.iter().filter(|r| !r.allows.is_empty()) {
        lint::allow::apply(&record.file, &record.allows, &mut diagnostics, &mut allowed);
    }
    lint::finish(&mut diagnostics);
    lint::finish(&mut allowed);
    summary.files = read
        + diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnreadableFile)
            .count();
    summary.count(&diagnostics);
    summary.allowed = allowed.len();
    Outcome {
        diagnostics,
        allowed,
        summary,
        sources,
        files: None,
        guides: Vec::new(),
        runs: Vec::new(),
        base: Vec::new(),
    }
}

/// The pages that list every guide (home, comparison, sitemap, 404), from the records'
/// cards.
pub fn listing_pages(renderer: &Renderer, records: &[GuideRecord]) -> Result<Vec<File>> {
    let cards: Vec<&GuideCard> = records
        .iter()
        .filter_map(|r| Some(&*r.made.as_ref()?.card))
        .collect();
    renderer.listings(&cards)
}

/// The search postings of consecutive guides, the first of them guide number `first`.
fn postings(first: usize, records: &[GuideRecord]) -> Postings {
    let mut postings = Postings::default();
    for (offset, record) in records.iter().enumerate() {
        if let Some(made) = &record.made {
            postings.add((first + offset) as u32, &made.search.terms);
        }
    }
    postings
}

/// What an edit of the guides numbered `changed` makes stale in the search index,
/// made again from every guide's record: the postings of their runs, replaced in `runs`, and
/// their document shards, returned. The rest of the index is [`search::finish`]'s.
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
    let shards: BTreeSet<usize> = changed.iter().map(|n| n / DOC_SHARD_GUIDES).collect();
    shards
        .into_iter()
        .map(|number| {
            let guides = records.chunks(DOC_SHARD_GUIDES).nth(number);
            let entries: Vec<&str> = guides
                .unwrap_or_default()
                .iter()
                .map(|r| r.made.as_ref().map_or(NO_DOC, |m| m.search.docs.as_str()))
                .collect();
            search::doc_shard(number, &entries)
        })
        .collect()
}

/// `base_url` as pages use it: they append paths to it.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// What a worker shares with the others.
struct Job<'a> {
    root: &'a Path,
    rules: &'a Rules<'a>,
    target: Option<Target<'a>>,
    failed: &'a AtomicBool,
    shards: &'a DocShards,
    keep: bool,
}

/// What a worker keeps of its run of guides.
#[derive(Default)]
struct RunOutput {
    records: Vec<GuideRecord>,
    postings: Postings,
    written: usize,
    error: Option<anyhow::Error>,
}

impl Job<'_> {
    /// Handles guide files `first`, `first + 1`, … of the pass.
    fn run(&self, first: usize, paths: &[String]) -> RunOutput {
        let mut out = RunOutput::default();
        for (offset, path) in paths.iter().enumerate() {
            let number = first + offset;
            let target = self
                .target
                .filter(|_| !self.failed.load(Ordering::Relaxed) && out.error.is_none());
            let made = guide(self.root, path, self.rules, target.map(|t| t.renderer)).and_then(
                |(mut record, pages)| {
                    let Some(Target { sink, partial, .. }) = target else {
                        return Ok(record);
                    };
                    let docs = match record.made.as_mut() {
                        Some(made) => {
                            for (path, bytes) in pages {
                                sink.put(&path, bytes)?;
                                out.written += 1;
                            }
                            if self.keep {
                                made.search.docs.clone()
                            } else {
                                std::mem::take(&mut made.search.docs)
                            }
                        }
                        // A guide with errors: in a partial pass, a hole in its shard.
                        None if partial => NO_DOC.to_string(),
                        None => return Ok(record),
                    };
                    if let Some((path, bytes)) = self.shards.add(number, docs) {
                        sink.put(&path, bytes)?;
                        out.written += 1;
                    }
                    Ok(record)
                },
            );
            match made {
                Ok(record) => {
                    if record.has_errors() && !self.target.is_some_and(|t| t.partial) {
                        self.failed.store(true, Ordering::Relaxed);
                    }
                    out.records.push(record);
                }
                Err(err) => {
                    out.error = Some(err);
                    self.failed.store(true, Ordering::Relaxed);
                }
            }
        }
        out.postings = postings(first, &out.records);
        if !self.keep {
            for made in out.records.iter_mut().filter_map(|r| r.made.as_mut()) {
                made.search.terms = GuideTerms::default();
            }
        }
        out
    }
}
