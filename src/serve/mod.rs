//! `stepguide serve`: a preview server on 127.0.0.1 with live reload.
//!
//! The site is built into memory, never into `site/`. A watcher on `content/` and
//! `templates/` rebuilds after each change (debounced) and tells open pages to reload through
//! server-sent events. Content with errors keeps the last good pages served and shows the
//! diagnostics in an overlay in the browser.

mod http;
mod live;

use crate::content::KnowledgeBase;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{self, LintOptions};
use crate::render::{self, Files};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 4000;
/// Changes closer together than this are one rebuild (editors write files in several steps).
const DEBOUNCE: Duration = Duration::from_millis(60);

/// What the server shows: the last good site and the current problems, if any.
#[derive(Default)]
pub struct State {
    pub files: Files,
    /// Diagnostics of the latest build, when it failed; the overlay shows them.
    pub problems: Option<Vec<Diagnostic>>,
    /// Open event streams; a closed one is dropped on the next send.
    clients: Vec<mpsc::Sender<live::Event>>,
}

impl State {
    fn broadcast(&mut self, event: live::Event) {
        self.clients
            .retain(|client| client.send(event.clone()).is_ok());
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
    rebuild(root, &base_url, &state)?;
    println!(
        "built in {} ms; serving {base_url} (Ctrl-C to stop)",
        started.elapsed().as_millis()
    );

    let _watcher = watch(root, base_url, Arc::clone(&state))?;
    http::serve(server, state);
    Ok(())
}

/// Loads, checks and renders; on content errors keeps the old pages and records the problems.
/// Returns an error only for I/O failures that stop the preview from working at all.
fn rebuild(root: &Path, base_url: &str, state: &Shared) -> Result<()> {
    let kb = KnowledgeBase::load(root)?;
    let (diagnostics, _) = lint::check(&kb, LintOptions::from_env());
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        for d in &errors {
            eprintln!(
                "{}:{}:{}: error[{}]: {}",
                d.file, d.pos.line, d.pos.col, d.rule, d.message
            );
        }
        let mut state = lock(state);
        state.problems = Some(errors.clone());
        state.broadcast(live::Event::Problems(errors));
        return Ok(());
    }
    let files = render::site(&kb, base_url)?;
    let mut state = lock(state);
    state.files = files;
    state.problems = None;
    state.broadcast(live::Event::Reload);
    Ok(())
}

/// Watches `content/` and `templates/` and rebuilds after each burst of changes.
fn watch(root: &Path, base_url: String, state: Shared) -> Result<notify::RecommendedWatcher> {
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
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = events.recv() {
            let mut relevant = is_change(&first);
            // Collect the rest of the burst.
            while let Ok(next) = events.recv_timeout(DEBOUNCE) {
                relevant |= is_change(&next);
            }
            if !relevant {
                continue;
            }
            let started = Instant::now();
            match rebuild(&root, &base_url, &state) {
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

/// True for events that change files (not mere reads).
fn is_change(event: &notify::Result<notify::Event>) -> bool {
    event
        .as_ref()
        .is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_)))
}
