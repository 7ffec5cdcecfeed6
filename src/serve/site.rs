//! The site in memory that requests read and rebuilds replace, and the channel that tells open
//! pages about it. Rebuilds render outside the lock and take it only to put files in.

use super::live::Event;
use crate::render::Files;
use std::collections::BTreeSet;
use std::sync::{Arc, RwLock, RwLockReadGuard};
use tokio::sync::{broadcast, watch};

/// Files that depend on every guide, remade after an edit once the guide's own pages are in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// The home page, the comparison, the sitemap and the 404 page.
    Listings,
    /// The search index but its document shards.
    Search,
}

impl Stale {
    fn covers(self, path: &str) -> bool {
        match self {
            Stale::Listings => matches!(
                path,
                "index.html" | "compare/index.html" | "sitemap.xml" | "404.html"
            ),
            Stale::Search => path == crate::search::INDEX_FILE || path.starts_with("search/"),
        }
    }
}

/// What requests are answered from.
#[derive(Default)]
pub struct Content {
    pub files: Files,
    /// Files being remade: a request for one waits until it is in, so none gets a stale one.
    pub stale: Vec<Stale>,
    /// Ids of the guides that have errors and no pages yet; their address shows the overlay.
    pub broken: BTreeSet<String>,
    /// The latest `problems` event, sent to each page as it connects.
    pub problems: Option<Event>,
}

impl Content {
    pub fn is_stale(&self, path: &str) -> bool {
        self.stale.iter().any(|kind| kind.covers(path))
    }
}

pub struct Site {
    content: RwLock<Content>,
    events: broadcast::Sender<Event>,
    /// Counts the times stale files were put in; requests waiting for them watch it.
    settled: watch::Sender<u64>,
}

impl Site {
    pub fn new() -> Arc<Site> {
        Arc::new(Site {
            content: RwLock::default(),
            // Events are small and rare; a page that falls this far behind just reloads.
            events: broadcast::channel(16).0,
            settled: watch::Sender::new(0),
        })
    }

    /// Reads the content, recovering it if a thread panicked while writing.
    pub fn read(&self) -> RwLockReadGuard<'_, Content> {
        self.content
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes the content; `event`, if any, goes to every open page.
    pub fn write(&self, change: impl FnOnce(&mut Content), event: Option<Event>) {
        let mut content = self
            .content
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let stale = content.stale.len();
        change(&mut content);
        if content.stale.len() < stale {
            self.settled.send_modify(|n| *n += 1);
        }
        // Sent under the lock, so a page connecting now gets either the new problems or
        // this event.
        if let Some(event) = event {
            let _ = self.events.send(event);
        }
    }

    /// The current problems and the events from now on, for a page that connects.
    pub fn subscribe(&self) -> (Option<Event>, broadcast::Receiver<Event>) {
        let content = self.read();
        (content.problems.clone(), self.events.subscribe())
    }

    /// Wakes when stale files are put in; subscribe before looking at the content.
    pub fn settled(&self) -> watch::Receiver<u64> {
        self.settled.subscribe()
    }
}
