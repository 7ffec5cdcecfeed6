//! The knowledge base: the content model and loading it from a root folder.
//!
//! Layout under the root: `content/site.yaml`, `content/terminology.yaml` and one guide per
//! file in `content/guides/*.yaml`. Loading never stops at a bad file: each problem becomes a
//! diagnostic and the rest still loads, so `check` reports everything in one run.

pub mod block_yaml;
mod indentation;
pub mod located;
pub mod model;
pub mod parse;
pub mod settings;
pub mod shape;
pub mod strings;
pub mod yaml_error;

use crate::diagnostic::{Diagnostic, Pos, Rule};
use anyhow::{Context, Result};
pub use located::Located;
pub use model::*;
pub use settings::*;
use std::path::Path;

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

/// Fails when `root` has no `content/` folder: stepguide was run in the wrong place.
pub fn require_content(root: &Path) -> Result<()> {
    if !root.join(CONTENT_DIR).is_dir() {
        anyhow::bail!(
            "no `{CONTENT_DIR}` folder in {}; run stepguide in a project folder, pass --root, \
             or start a project with `stepguide init`",
            root.display()
        );
    }
    Ok(())
}

/// One file after reading and parsing: its text (if it could be read) and its value.
pub struct Loaded<T> {
    /// The file's path and text.
    pub text: Option<(String, String)>,
    /// The value, or every problem found in the file.
    pub value: Result<T, Vec<Diagnostic>>,
}

/// Reads, decodes and parses one file (with the fast block-YAML reader, and the full parser
/// when it gives up); a problem becomes a diagnostic.
pub fn load_file<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    root: &Path,
    file: &str,
    what: &str,
) -> Loaded<T> {
    let bytes = match read_inside(root, file) {
        Ok(bytes) => bytes,
        Err(err) => {
            let (message, hint) = match err.kind() {
                std::io::ErrorKind::NotFound => (
                    format!("{what} `{file}` is missing"),
                    "create the file; `stepguide new` writes a starting point",
                ),
                _ => (
                    format!("cannot read {what}: {err}"),
                    "make it a readable file inside the project folder",
                ),
            };
            let diagnostic =
                Diagnostic::new(Rule::UnreadableFile, file, Pos::default(), message).hint(hint);
            return Loaded {
                text: None,
                value: Err(vec![diagnostic]),
            };
        }
    };
    match parse::decode(file, bytes) {
        Ok(text) => {
            let value = parse::parse(file, &text, what);
            Loaded {
                text: Some((file.to_string(), text)),
                value,
            }
        }
        Err((diagnostic, lossy)) => Loaded {
            text: Some((file.to_string(), lossy)),
            value: Err(vec![diagnostic]),
        },
    }
}

/// Reads a text file of the project that is not YAML (a translation's record) with the care
/// content gets: inside the project, a regular file, at most [`parse::MAX_FILE_BYTES`],
/// UTF-8. `Ok(None)` when there is no such file.
pub fn read_text(root: &Path, file: &str, what: &str) -> Result<Option<String>, Diagnostic> {
    let bytes = match read_inside(root, file) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(Diagnostic::new(
                Rule::UnreadableFile,
                file,
                Pos::default(),
                format!("cannot read {what}: {err}"),
            )
            .hint("make it a readable file inside the project folder"));
        }
    };
    parse::decode(file, bytes)
        .map(Some)
        .map_err(|(diagnostic, _)| diagnostic)
}

/// Reads `file` under `root` with [`parse::read_source`]; a symbolic link that leads out of
/// the root is refused, so content never pulls in a file from elsewhere on the machine.
fn read_inside(root: &Path, file: &str) -> std::io::Result<Vec<u8>> {
    let path = root.join(file);
    if std::fs::symlink_metadata(&path)?.is_symlink() && !is_inside(root, &path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a link to a file outside the project folder",
        ));
    }
    parse::read_source(&path)
}

/// Whether `path`, with every link followed, is inside `root`.
fn is_inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(real)) => real.starts_with(root),
        _ => false,
    }
}

/// The guide files under `content/guides`, sorted, as relative paths. Symbolic links are
/// followed only when they stay inside the root; a link that leaves it, a link loop or an
/// unreadable folder becomes a diagnostic, and the rest of the folder is still listed.
pub fn guide_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<String>> {
    let dir = root.join(GUIDES_DIR);
    if !dir.is_dir() {
        if dir.exists() {
            diagnostics.push(
                Diagnostic::new(
                    Rule::UnreadableFile,
                    GUIDES_DIR,
                    Pos::default(),
                    "`content/guides` is not a folder",
                )
                .hint("make `content/guides` a folder with one YAML file per guide"),
            );
        }
        return Ok(Vec::new());
    }
    let real_root = root
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", root.display()))?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&dir);
                let relative = slash_path(path.strip_prefix(root).unwrap_or(path));
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    )
                };
                diagnostics.push(
                    Diagnostic::new(Rule::UnreadableFile, &relative, Pos::default(), message)
                        .hint("remove the link or fix the folder's permissions"),
                );
                continue;
            }
        };
        let is_yaml = entry
            .path()
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if !is_yaml {
            continue;
        }
        let relative = slash_path(entry.path().strip_prefix(root).unwrap_or(entry.path()));
        let unreadable = |message: &str, hint: &str| {
            Diagnostic::new(Rule::UnreadableFile, &relative, Pos::default(), message).hint(hint)
        };
        if !entry.file_type().is_file() {
            diagnostics.push(unreadable(
                "this is not a regular file (a folder, pipe, socket or device)",
                "guide files must be plain files; rename or remove it",
            ));
            continue;
        }
        if entry.file_name().to_str().is_none() {
            diagnostics.push(unreadable(
                "the file name is not valid UTF-8",
                "rename the file: a guide's file name is its id, a safe slug",
            ));
            continue;
        }
        if entry.path_is_symlink() || entry.depth() > 1 {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&real_root));
            if !inside {
                diagnostics.push(unreadable(
                    "this link points outside the project folder",
                    "copy the file into content/guides instead of linking to it",
                ));
                continue;
            }
        }
        files.push(relative);
    }
    Ok(files)
}

/// A relative path written with `/`, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
