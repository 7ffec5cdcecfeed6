//! `stepguide serve`: a preview server on 127.0.0.1 with live reload.
//!
//! The site is built into memory, never into `site/`. A watcher on `content/` and
//! `templates/` rebuilds after each change (debounced) and tells open pages to reload through
//! server-sent events. Content with errors keeps the last good pages served and shows the
//! diagnostics in an overlay in the browser.
//!
//! Only what depends on a change is rebuilt. An edited guide file is parsed, linted and
//! rendered again on its own; the pages that list every guide (home, comparison, sitemap)
//! only when its card changed; the search index from the other guides' kept postings, so
//! no other file is read. A change to the settings, the templates or the set of guide
//! files rebuilds everything.

mod http;
mod live;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{LintOptions, Rules};
use crate::pipeline::{self, GuideRecord, Settings, Target};
use crate::render::pages::GuideCard;
use crate::render::{File, Files, Renderer};
use crate::search::Postings;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 4000;
/// Changes closer together than this are one rebuild: editors write a file in several
/// steps, a few milliseconds apart. Short, because it adds to every reload.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// What the server shows: the last good site and the current problems, if any.
#[derive(Default)]
pub struct State {
    pub files: Files,
    /// Diagnostics of the latest build, when it failed; the overlay shows them.
    pub problems: Option<Vec<Diagnostic>>,
    /// Open event streams; a closed one is dropped on the next send.
    clients: Vec<mpsc::Sender<live::Event>>,
    /// Files that depend on every guide, to make when first asked for after an edit.
    pending: Vec<Pending>,
}

/// Files an edit made stale, with what makes them from a snapshot taken at the edit.
struct Pending {
    kind: Stale,
    make: Box<dyn FnOnce() -> Result<Vec<File>> + Send>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// The home page, the comparison and the sitemap.
    Listings,
    /// The search index but its document shards.
    Search,
}

impl Stale {
    fn covers(self, path: &str) -> bool {
        match self {
            Stale::Listings => matches!(path, "index.html" | "compare/index.html" | "sitemap.xml"),
            Stale::Search => path == crate::search::INDEX_FILE || path.starts_with("search/"),
        }
    }
}

impl State {
    fn broadcast(&mut self, event: live::Event) {
        self.clients
            .retain(|client| client.send(event.clone()).is_ok());
    }

    /// Makes the stale files that `path` is one of before it is served. The pages listing
    /// every guide and the search index depend on every guide and take longer to make than
    /// a reload should wait, so an edit leaves them to the first request that needs them;
    /// no request ever gets a stale one.
    pub fn refresh(&mut self, path: &str) {
        let (due, later): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|job| job.kind.covers(path));
        self.pending = later;
        for job in due {
            match (job.make)() {
                Ok(files) => {
                    if job.kind == Stale::Search {
                        // The number of postings shards may change; the old ones go.
                        self.files.retain(|path, _| !path.starts_with("search/p"));
                    }
                    self.files.extend(files);
                }
                Err(err) => eprintln!("error: rebuild failed: {err:#}"),
            }
        }
    }

    /// Replaces any pending job of the same kind: the newer snapshot is the later content.
    fn defer(&mut self, kind: Stale, make: Box<dyn FnOnce() -> Result<Vec<File>> + Send>) {
        self.pending.retain(|job| job.kind != kind);
        self.pending.push(Pending { kind, make });
    }
}

pub type Shared = Arc<Mutex<State>>;

/// Locks the state, recovering it if a handler thread panicked while holding the lock.
fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn run(root: &Path, port: Option<u16>) -> Result<()> {
    let (server, bound) = http::bind(port)?;
    if port.is_none() && bound != DEFAULT_PORT {
        println!("port {DEFAULT_PORT} is in use; using {bound} instead");
    }
    let port = bound;
    let base_url = format!("http://127.0.0.1:{port}/");
    let state: Shared = Arc::default();

    let started = Instant::now();
    let mut preview = Preview {
        root: root.to_path_buf(),
        base_url: base_url.clone(),
        model: None,
    };
    preview.rebuild(&state)?;
    println!(
        "built in {} ms; serving {base_url} (Ctrl-C to stop)",
        started.elapsed().as_millis()
    );

    let _watcher = watch(root, preview, Arc::clone(&state))?;
    http::serve(server, state);
    Ok(())
}

/// The preview's side of the server: builds into the shared state.
struct Preview {
    root: PathBuf,
    base_url: String,
    /// What the last good full build kept; `None` until one succeeds.
    model: Option<Model>,
}

/// What `serve` keeps between rebuilds, so that an edit rebuilds only what depends on it.
struct Model {
    settings: Settings,
    renderer: Arc<Renderer>,
    /// Problems of the settings files and of listing the guide files.
    base: Vec<Diagnostic>,
    /// Every guide file's record, in site order.
    guides: Vec<GuideRecord>,
    position: HashMap<PathBuf, usize>,
    /// The search postings of each run of [`pipeline::RUN`] guides.
    runs: Vec<Arc<Postings>>,
}

impl Preview {
    /// Rebuilds what `changed` (absolute paths) affects; everything when it is unknown.
    /// On content errors keeps the old pages and records the problems. Fails only for
    /// I/O and template errors that stop the preview from working at all.
    fn update(&mut self, changed: &BTreeSet<PathBuf>, state: &Shared) -> Result<()> {
        let guides: Option<Vec<usize>> = self.model.as_ref().and_then(|model| {
            changed
                .iter()
                .filter(|path| !is_editor_file(path))
                .map(|path| model.position.get(path).copied().filter(|_| path.is_file()))
                .collect()
        });
        match guides {
            Some(guides) if !guides.is_empty() => self.edit(&guides, state),
            Some(_) => Ok(()),
            None => self.rebuild(state),
        }
    }

    /// Builds everything, and keeps what later edits need.
    fn rebuild(&mut self, state: &Shared) -> Result<()> {
        crate::content::require_content(&self.root)?;
        let settings = Settings::load(&self.root);
        let renderer = settings.renderer(&self.root, Some(&self.base_url));
        let sink = Mutex::new(Files::new());
        let target = renderer.as_ref().ok().map(|renderer| Target {
            renderer,
            sink: &sink,
            keep: true,
        });
        let outcome = pipeline::pass(&self.root, &settings, LintOptions::from_env(), target)?;
        if outcome.has_errors() {
            self.model = None;
            publish_problems(&outcome.diagnostics, state);
            return Ok(());
        }
        let renderer = renderer?;
        let position = outcome
            .guides
            .iter()
            .enumerate()
            .map(|(n, record)| (self.root.join(&record.file), n))
            .collect();
        self.model = Some(Model {
            settings,
            renderer: Arc::new(renderer),
            base: outcome.base,
            guides: outcome.guides,
            position,
            runs: outcome.runs.into_iter().map(Arc::new).collect(),
        });
        let files = sink
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut state = lock(state);
        state.files = files;
        state.pending.clear();
        state.problems = None;
        state.broadcast(live::Event::Reload);
        Ok(())
    }

    /// Rebuilds what depends on the guide files at `changed` (positions in the model).
    fn edit(&mut self, changed: &[usize], state: &Shared) -> Result<()> {
        let Some(model) = self.model.as_mut() else {
            return Ok(());
        };
        let rules = Rules::new(
            model.settings.site.as_ref(),
            model.settings.terminology.as_ref(),
            LintOptions::from_env(),
        );
        // The changed guides, and any that a failed edit left unrendered.
        let mut todo: Vec<usize> = changed.to_vec();
        todo.extend((0..model.guides.len()).filter(|&n| model.guides[n].made.is_none()));
        todo.sort_unstable();
        todo.dedup();
        let root = self.root.as_path();
        let renderer = &model.renderer;
        let done: Vec<(usize, Result<pipeline::Handled>)> = todo
            .par_iter()
            .map(|&n| {
                let file = &model.guides[n].file;
                (n, pipeline::guide(root, file, &rules, Some(renderer), None))
            })
            .collect();
        let mut pages = Vec::new();
        let mut cards_changed = false;
        for (n, result) in done {
            let (record, made) = result?;
            cards_changed |= card(&record) != card(&model.guides[n]);
            model.guides[n] = record;
            pages.extend(made);
        }
        let outcome = pipeline::report(&model.settings, model.base.clone(), &model.guides);
        if outcome.has_errors() {
            publish_problems(&outcome.diagnostics, state);
            return Ok(());
        }

        pages.extend(pipeline::reindex(&todo, &model.guides, &mut model.runs));
        // Snapshots for the files that depend on every guide, made when first asked for.
        let made: Vec<&pipeline::Made> = model
            .guides
            .iter()
            .filter_map(|r| r.made.as_ref())
            .collect();
        let search = {
            let runs = model.runs.clone();
            let meta: Vec<Arc<str>> = made.iter().map(|m| Arc::clone(&m.search.meta)).collect();
            let synonyms = crate::search::synonyms(model.settings.terminology.as_ref());
            move || {
                let runs: Vec<&Postings> = runs.iter().map(|r| &**r).collect();
                let meta: Vec<&str> = meta.iter().map(|m| &**m).collect();
                let mut files = Vec::new();
                crate::search::finish(&meta, &runs, &synonyms, |path, bytes| {
                    files.push((path, bytes));
                    Ok(())
                })?;
                Ok(files)
            }
        };
        let listings = cards_changed.then(|| {
            let renderer = Arc::clone(&model.renderer);
            let cards: Vec<Arc<GuideCard>> = made.iter().map(|m| Arc::clone(&m.card)).collect();
            move || {
                let cards: Vec<&GuideCard> = cards.iter().map(|c| &**c).collect();
                renderer.listings(&cards)
            }
        });
        let mut state = lock(state);
        state.files.extend(pages);
        state.defer(Stale::Search, Box::new(search));
        if let Some(listings) = listings {
            state.defer(Stale::Listings, Box::new(listings));
        }
        state.problems = None;
        state.broadcast(live::Event::Reload);
        Ok(())
    }
}

fn card(record: &GuideRecord) -> Option<&GuideCard> {
    record.made.as_ref().map(|m| &*m.card)
}

/// Shows the errors in the terminal and in the open pages; the pages served stay.
fn publish_problems(diagnostics: &[Diagnostic], state: &Shared) {
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    for d in &errors {
        eprintln!(
            "{}:{}:{}: error[{}]: {}",
            d.file, d.pos.line, d.pos.col, d.rule, d.message
        );
    }
    let mut state = lock(state);
    state.problems = Some(errors.clone());
    state.broadcast(live::Event::Problems(errors));
}

/// Files editors write beside the one being saved (swap files, backups), which are not
/// content.
fn is_editor_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_guides = path
        .parent()
        .is_some_and(|dir| dir.ends_with(crate::content::GUIDES_DIR));
    let content = name.ends_with(".yaml") || name.ends_with(".yml");
    in_guides && !content
}

/// Watches `content/` and `templates/` and rebuilds after each burst of changes.
fn watch(root: &Path, mut preview: Preview, state: Shared) -> Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender).context("cannot watch files")?;
    let folders: Vec<PathBuf> = [crate::content::CONTENT_DIR, "templates"]
        .iter()
        .map(|dir| root.join(dir))
        .filter(|dir| dir.is_dir())
        .collect();
    if folders.is_empty() {
        bail!("nothing to watch under {}", root.display());
    }
    for folder in &folders {
        watcher
            .watch(folder, notify::RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
    }
    // Events name absolute paths; the model knows them by the root as given.
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = events.recv() {
            let mut changed = BTreeSet::new();
            let mut relevant = collect(&first, &mut changed);
            // Collect the rest of the burst.
            while let Ok(next) = events.recv_timeout(DEBOUNCE) {
                relevant |= collect(&next, &mut changed);
            }
            if !relevant {
                continue;
            }
            let changed: BTreeSet<PathBuf> = changed
                .into_iter()
                .map(|path| match path.strip_prefix(&real_root) {
                    Ok(relative) => root.join(relative),
                    Err(_) => path,
                })
                .collect();
            let started = Instant::now();
            match preview.update(&changed, &state) {
                Ok(()) => {
                    let outcome = if lock(&state).problems.is_some() {
                        "content has errors"
                    } else {
                        "reloading"
                    };
                    println!("rebuilt in {} ms; {outcome}", started.elapsed().as_millis());
                }
                Err(err) => eprintln!("error: rebuild failed: {err:#}"),
            }
        }
    });
    Ok(watcher)
}

/// Adds the paths an event changed; true for events that change files (not mere reads).
fn collect(event: &notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) -> bool {
    match event {
        Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => false,
        Ok(event) => {
            changed.extend(event.paths.iter().cloned());
            true
        }
        // An event that was lost or garbled: rebuild everything.
        Err(_) => {
            changed.insert(PathBuf::new());
            true
        }
    }
}
