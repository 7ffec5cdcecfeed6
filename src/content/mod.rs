//! The knowledge base: the content model and loading it from a root folder.
//!
//! Layout under the root: `content/site.yaml`, `content/terminology.yaml` and one guide per
//! file in `content/guides/*.yaml`. Loading never stops at a bad file: each problem becomes a
//! diagnostic and the rest still loads, so `check` reports everything in one run.

pub mod located;
pub mod model;
pub mod parse;

use crate::diagnostic::Diagnostic;
use anyhow::{Context, Result};
pub use located::Located;
use located::Pos;
pub use model::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
pub const GUIDES_DIR: &str = "content/guides";
pub const SITE_FILE: &str = "content/site.yaml";
pub const TERMINOLOGY_FILE: &str = "content/terminology.yaml";

/// A guide and the file it came from.
#[derive(Debug)]
pub struct GuideFile {
    /// Path relative to the root, with `/` separators.
    pub file: String,
    pub guide: Guide,
}

/// Everything under `content/` that parsed, plus the problems found while loading.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    pub root: PathBuf,
    pub site: Option<SiteSettings>,
    pub terminology: Option<Terminology>,
    pub guides: Vec<GuideFile>,
    /// The text of every file read, by relative path, for printing source lines.
    pub sources: BTreeMap<String, String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl KnowledgeBase {
    /// Loads the knowledge base under `root`. Fails only when the folder cannot be read at all.
    pub fn load(root: &Path) -> Result<KnowledgeBase> {
        let content = root.join(CONTENT_DIR);
        if !content.is_dir() {
            anyhow::bail!(
                "no `{CONTENT_DIR}` folder in {}; run stepguide in a project folder or pass --root",
                root.display()
            );
        }
        let mut kb = KnowledgeBase {
            root: root.to_path_buf(),
            ..KnowledgeBase::default()
        };
        kb.site = kb.load_file(SITE_FILE, "the site settings file");
        kb.terminology = kb.load_file(TERMINOLOGY_FILE, "the terminology list");
        for file in guide_files(root)? {
            if let Some(guide) = kb.load_file::<Guide>(&file, "a guide file") {
                kb.guides.push(GuideFile { file, guide });
            }
        }
        Ok(kb)
    }

    /// Reads and parses one file; a problem becomes a diagnostic and `None`.
    fn load_file<T: serde::de::DeserializeOwned>(&mut self, file: &str, what: &str) -> Option<T> {
        let path = self.root.join(file);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                let message = if err.kind() == std::io::ErrorKind::NotFound {
                    format!("{what} `{file}` is missing")
                } else {
                    format!("cannot read {what}: {err}")
                };
                self.diagnostics.push(
                    Diagnostic::error("unreadable-file", file, Pos::default(), message)
                        .hint("create the file; `stepguide new` writes a starting point"),
                );
                return None;
            }
        };
        let text = match parse::decode(file, bytes) {
            Ok(text) => text,
            Err((diagnostic, lossy)) => {
                self.sources.insert(file.to_string(), lossy);
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        let parsed = parse::parse::<T>(file, &text, what);
        self.sources.insert(file.to_string(), text);
        parsed.map_err(|d| self.diagnostics.push(d)).ok()
    }

    /// Number of files read (including ones that failed to parse).
    pub fn file_count(&self) -> usize {
        self.sources.len()
            + self
                .diagnostics
                .iter()
                .filter(|d| d.rule == "unreadable-file")
                .count()
    }
}

/// The guide files under `content/guides`, sorted, as relative paths.
fn guide_files(root: &Path) -> Result<Vec<String>> {
    let dir = root.join(GUIDES_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let is_yaml = entry
            .path()
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if entry.file_type().is_file() && is_yaml {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.push(relative_path(relative));
        }
    }
    Ok(files)
}

/// A relative path written with `/`, whatever the platform.
fn relative_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
