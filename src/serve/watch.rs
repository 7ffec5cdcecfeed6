//! Watching `content/` and `templates/`: each burst of changes (debounced) goes to the preview,
//! on a thread of its own, so requests never wait on a rebuild.

use super::preview::Preview;
use super::site::Site;
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// Changes closer together than this are one rebuild: editors write a file in several
/// steps, a few milliseconds apart. Short, because it adds to every reload.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Starts watching; the watcher stops when the returned value is dropped.
pub fn start(
    root: &Path,
    mut preview: Preview,
    site: Arc<Site>,
) -> Result<notify::RecommendedWatcher> {
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
    // Events name absolute paths; the preview knows files by the root as given.
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = events.recv() {
            let mut changed = BTreeSet::new();
            let mut relevant = collect(&first, &mut changed);
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
            if let Err(err) = preview.update(&changed, &site) {
                eprintln!("error: rebuild failed: {err:#}");
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
