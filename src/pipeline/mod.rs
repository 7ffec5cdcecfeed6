//! One pass over the knowledge base, shared by `check`, `build` and `serve`: guide files are
//! read, parsed, linted, rendered and indexed a run at a time on every core, and dropped.
//! What stays is small (diagnostics, each guide's card, the encoded search postings), so
//! memory does not grow with the pages, and the files go to a [`Sink`] as they are made.
//!
//! Content with errors is never rendered: once a guide has an error, the other workers stop
//! rendering, every guide is still linted so all problems are reported, and nothing the
//! sink received is kept (a build discards its temporary folder). Only `serve` asks for a
//! [`Target::partial`] pass, which renders every guide without errors anyway.

use crate::content;
use crate::diagnostic::{Diagnostic, Rule, Severity, Summary};
use crate::lint::{self, LintOptions, Rules};
use crate::output;
use crate::render::{Files, Renderer};
use crate::search::{self, GuideTerms, Postings};
use crate::translation;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

mod index;
mod record;
mod settings;

use index::postings;
pub use index::{listing_pages, reindex};
pub use record::{GuideRecord, Handled, Made, guide};
pub use settings::{Settings, terminology_file, with_trailing_slash};

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
    /// guides have errors: a preview shows what it can. The guides left out have no
    /// documents in the search index; the others keep their numbers.
    pub partial: bool,
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
        let keep = |file: &String| files.contains(file) || Settings::is_settings_file(file);
        self.diagnostics.retain(|d| keep(&d.file));
        self.sources.retain(|file, _| keep(file));
        self.allowed.retain(|d| keep(&d.file));
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

/// [`run`] with the settings loaded and the renderer made: the guides of the default
/// language, then each other language's translations, one language at a time.
pub fn pass(
    root: &Path,
    settings: &Settings,
    options: LintOptions,
    target: Option<Target>,
) -> Result<Outcome> {
    let mut base = settings.diagnostics.clone();
    let paths = content::guide_files(root, &mut base)?;
    let layout = translation::layout(paths, settings.site.as_ref(), &mut base);
    let rules = Rules::new(
        settings.site.as_ref(),
        settings.terminology.as_ref(),
        options,
    );
    let language = rules.language.clone();
    let rules = rules.speaking(&language, settings.strings.get(&language));
    let mut outcome = pass_language(
        root,
        settings,
        &rules,
        target,
        &layout.originals,
        None,
        base,
    )?;
    for (lang, files) in &layout.translations {
        let terminology = settings.terminologies.get(lang);
        let rules = Rules::new(settings.site.as_ref(), terminology, options)
            .speaking(lang, settings.strings.get(lang));
        // After an error, the other languages are only linted.
        let target = target.filter(|t| t.partial || !outcome.has_errors());
        let other = pass_language(
            root,
            settings,
            &rules,
            target,
            files,
            Some(lang),
            Vec::new(),
        )?;
        outcome.join(other);
    }
    Ok(outcome)
}

/// One language's guide files (`lang` is `None` for the default language, whose pass also
/// reports `base`, the settings' and the listing's problems).
fn pass_language(
    root: &Path,
    settings: &Settings,
    rules: &Rules,
    target: Option<Target>,
    paths: &[String],
    lang: Option<&str>,
    base: Vec<Diagnostic>,
) -> Result<Outcome> {
    let keep = target.is_some_and(|t| t.keep);
    let partial = target.is_some_and(|t| t.partial);
    // Set by the first error (of content only when not partial): from then on guides are
    // only linted.
    let failed = AtomicBool::new(!partial && base.iter().any(|d| d.severity == Severity::Error));
    let prefix = lang.map_or(String::new(), |lang| format!("{lang}/"));
    let runs: Vec<RunOutput> = paths
        .par_chunks(RUN)
        .enumerate()
        .map(|(n, run)| {
            let job = Job {
                root,
                rules,
                target,
                failed: &failed,
                keep,
                lang,
                prefix: &prefix,
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
    let mut outcome = match lang {
        None => report(settings, base.clone(), &records),
        Some(_) => report_records(base.clone(), &records),
    };
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
    let stats: Vec<(u32, u64)> = records
        .iter()
        .map(|r| r.made.as_ref().map_or((0, 0), |m| m.search.stats))
        .collect();
    let synonyms = match lang {
        None => search::synonyms(settings.terminology.as_ref()),
        Some(lang) => search::synonyms(settings.terminologies.get(lang)),
    };
    // The pages that list every guide and the search index are the serial end of a build,
    // so they are made side by side.
    let (listed, indexed) = rayon::join(
        || -> Result<usize> {
            let cards: Vec<_> = records
                .iter()
                .filter_map(|r| Some(&*r.made.as_ref()?.card))
                .collect();
            let listings = target.renderer.listings(&cards, lang)?;
            // The assets are shared by every language.
            let assets = lang.is_none().then(|| target.renderer.assets());
            let files = listings.into_iter().chain(assets.into_iter().flatten());
            files
                .map(|(path, bytes)| target.sink.put(&path, bytes))
                .try_fold(0, |n, put| put.map(|()| n + 1))
        },
        || -> Result<usize> {
            let mut files = 0;
            search::finish(&stats, &runs, &synonyms, |path, bytes| {
                files += 1;
                target.sink.put(&format!("{prefix}{path}"), bytes)
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
    diagnostics: Vec<Diagnostic>,
    records: &[GuideRecord],
) -> Outcome {
    let mut with_settings = diagnostics;
    lint::across(
        &[],
        settings.site.as_ref(),
        settings.terminology.as_ref(),
        &mut with_settings,
    );
    let mut allowed = Vec::new();
    for (file, text) in &settings.sources {
        let allows = lint::allow::scan(file, text, &mut with_settings);
        lint::allow::apply(file, &allows, &mut with_settings, &mut allowed);
    }
    let mut outcome = report_records(with_settings, records);
    outcome.sources.extend(settings.sources.clone());
    outcome.summary.files += settings.sources.len();
    outcome.allowed.extend(allowed);
    lint::finish(&mut outcome.allowed);
    outcome.summary.allowed = outcome.allowed.len();
    outcome
}

impl Outcome {
    /// Adds another language's pass to this one.
    fn join(&mut self, other: Outcome) {
        self.diagnostics.extend(other.diagnostics);
        lint::finish(&mut self.diagnostics);
        self.allowed.extend(other.allowed);
        lint::finish(&mut self.allowed);
        self.sources.extend(other.sources);
        let (mine, theirs) = (&mut self.summary, other.summary);
        mine.files += theirs.files;
        mine.guides += theirs.guides;
        mine.steps += theirs.steps;
        mine.cautions += theirs.cautions;
        mine.count(&self.diagnostics);
        mine.allowed = self.allowed.len();
        self.files = match (self.files, other.files) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
}

/// [`report`] of one language's guide files alone: their diagnostics and those across them.
fn report_records(mut diagnostics: Vec<Diagnostic>, records: &[GuideRecord]) -> Outcome {
    let mut summary = Summary::default();
    let mut sources = BTreeMap::new();
    let mut read = 0;
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
            })
        })
        .collect();
    lint::across(&keys, None, None, &mut diagnostics);
    lint::links::check_across(
        records.iter().filter_map(|r| {
            let id = r.id.as_ref()?;
            Some((r.file.as_str(), id.value.as_str(), &r.links))
        }),
        &mut diagnostics,
    );
    let mut allowed = Vec::new();
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

/// What a worker shares with the others.
struct Job<'a> {
    root: &'a Path,
    rules: &'a Rules<'a>,
    target: Option<Target<'a>>,
    failed: &'a AtomicBool,
    keep: bool,
    /// The language of the files, `None` for the default one.
    lang: Option<&'a str>,
    /// Where the language's search index goes: `` or `en/`.
    prefix: &'a str,
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
            let renderer = target.map(|t| t.renderer);
            let made = guide(self.root, path, self.lang, self.rules, renderer).and_then(
                |(mut record, pages)| {
                    let Some(Target { sink, .. }) = target else {
                        return Ok(record);
                    };
                    // A guide with errors has no pages and, in a partial pass, no documents.
                    let Some(made) = record.made.as_mut() else {
                        return Ok(record);
                    };
                    for (path, bytes) in pages {
                        sink.put(&path, bytes)?;
                        out.written += 1;
                    }
                    for (path, bytes) in search::doc_files(number, &made.search.docs) {
                        sink.put(&format!("{}{path}", self.prefix), bytes)?;
                        out.written += 1;
                    }
                    if !self.keep {
                        made.search.docs = Vec::new();
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
