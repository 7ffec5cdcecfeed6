//! The output folder: writing the site atomically, and comparing it for `build --check`.
//!
//! A build is written into a temporary sibling folder (`site.tmp-<pid>`) and swapped in only
//! when every file is written, so a failed or interrupted build leaves the old site as it was.

use crate::render::Files;
use anyhow::{Context, Result, bail};
use std::path::{Component, Path, PathBuf};

/// A file every built site has; a non-empty folder without it is not ours to replace.
const MARKER: &str = "sitemap.xml";

/// Replaces the folder `out` with exactly `files`.
pub fn write(out: &Path, files: &Files) -> Result<()> {
    for path in files.keys() {
        check_relative(path)?;
    }
    let (parent, name) = split(out)?;
    refuse_foreign_folder(out)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let pid = std::process::id();
    let temp = parent.join(format!("{name}.tmp-{pid}"));
    if let Err(err) = write_all(&temp, files) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    if !out.exists() {
        return rename(&temp, out);
    }
    let old = parent.join(format!("{name}.old-{pid}"));
    if let Err(err) = rename(out, &old) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    if let Err(err) = rename(&temp, out) {
        // Put the old site back; the new one was never visible.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    std::fs::remove_dir_all(&old)
        .with_context(|| format!("the site is built, but {} is left over", old.display()))
}

/// How the folder `out` differs from `files`; all empty when it is up to date.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose bytes differ.
    pub changed: Vec<String>,
    /// Files the build would write that are not there.
    pub missing: Vec<String>,
    /// Files there that the build would not write.
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// One line a file, sorted by path: `changed  guides/a/index.html`.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<(&String, &str)> = self
            .changed
            .iter()
            .map(|p| (p, "changed"))
            .chain(self.missing.iter().map(|p| (p, "missing")))
            .chain(self.extra.iter().map(|p| (p, "extra")))
            .collect();
        lines.sort();
        lines
            .into_iter()
            .map(|(path, what)| format!("{what:<8} {path}"))
            .collect()
    }
}

/// Compares the folder `out` with what a build would write, without writing anything.
pub fn compare(out: &Path, files: &Files) -> Result<Staleness> {
    let mut staleness = Staleness::default();
    let mut present = Vec::new();
    if out.is_dir() {
        for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot list {}", out.display()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(out).unwrap_or(entry.path());
            present.push(crate::content::slash_path(relative));
        }
    }
    for path in &present {
        match files.get(path) {
            None => staleness.extra.push(path.clone()),
            Some(bytes) => {
                let file = out.join(path);
                let on_disk = std::fs::read(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                if &on_disk != bytes {
                    staleness.changed.push(path.clone());
                }
            }
        }
    }
    staleness.missing = files
        .keys()
        .filter(|path| !present.contains(path))
        .cloned()
        .collect();
    Ok(staleness)
}

fn write_all(dir: &Path, files: &Files) -> Result<()> {
    if dir.exists() {
        // Left over from an interrupted build by a process with the same id.
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    for (path, bytes) in files {
        let file = dir.join(path);
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("cannot rename {} to {}", from.display(), to.display()))
}

/// The folder that holds `out`, and `out`'s own name.
fn split(out: &Path) -> Result<(PathBuf, String)> {
    let name = match out.components().next_back() {
        Some(Component::Normal(name)) => name.to_string_lossy().into_owned(),
        _ => bail!(
            "the output folder {} must end in a folder name, e.g. `site`",
            out.display()
        ),
    };
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// The build replaces the whole output folder, so it refuses one that holds something else
/// (a typo such as `--out content` must not delete the content).
fn refuse_foreign_folder(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!("the output {} is a file, not a folder", out.display());
    }
    let mut entries = std::fs::read_dir(out).into_iter().flatten();
    if out.is_dir() && entries.next().is_some() && !out.join(MARKER).is_file() {
        bail!(
            "{} is not empty and has no {MARKER}, so it is not a site stepguide built; \
             choose another --out or empty the folder",
            out.display()
        );
    }
    Ok(())
}

/// Site paths come from ids that lint checked, but a path that could leave the output folder
/// is refused here too.
fn check_relative(path: &str) -> Result<()> {
    let safe = !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        bail!("refusing to write `{path}`: it is not a plain relative path");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn write_then_compare_is_fresh() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        let site = files(&[("index.html", "a"), ("sitemap.xml", "s"), ("x/y.css", "b")]);
        write(&out, &site)?;
        assert!(compare(&out, &site)?.is_fresh());
        let names: Vec<_> = std::fs::read_dir(dir.path())?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, vec![std::ffi::OsString::from("site")]);
        Ok(())
    }

    #[test]
    fn compare_lists_changed_missing_and_extra() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        write(
            &out,
            &files(&[("a", "1"), ("b", "2"), ("sitemap.xml", "s")]),
        )?;
        let staleness = compare(&out, &files(&[("a", "1"), ("b", "3"), ("c", "4")]))?;
        assert_eq!(
            staleness.lines(),
            vec!["changed  b", "missing  c", "extra    sitemap.xml"]
        );
        Ok(())
    }

    #[test]
    fn a_folder_that_is_not_a_site_is_not_replaced() -> Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("notes.txt"), "keep me")?;
        let result = write(dir.path(), &files(&[("sitemap.xml", "s")]));
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt"))?,
            "keep me"
        );
        Ok(())
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        for path in ["../x", "/etc/x", "a/../../x", ""] {
            assert!(check_relative(path).is_err(), "{path}");
        }
        assert!(check_relative("guides/a/index.html").is_ok());
    }
}
