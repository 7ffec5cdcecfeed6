//! The output folder: writing the site atomically, and comparing it for `build --check`.
//!
//! A build is written into a temporary sibling folder (`site.stepguide.tmp-<pid>`) and swapped
//! in only when every file is written, so a failed or interrupted build leaves the old site as
//! it was. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so `site/` is always either
//! the whole old site or the whole new one, even under SIGKILL. Elsewhere (or on a filesystem
//! without it) the old site is first renamed to `site.stepguide.old-<pid>`; a build killed
//! between the two renames leaves it there, and the next build puts it back before anything
//! else. Folders left by builds that died (those two names, with the id of a process that no
//! longer runs) are removed by the next build.
//!
//! Files are not fsync'ed: that guards against power loss, not against a kill or a full disk,
//! and would cost seconds a thousand files. The site is reproducible from `content/`, and
//! `build --check` finds any damage.

use anyhow::{Context, Result, bail};
use std::path::{Component, Path, PathBuf};

/// A file every built site has; a non-empty folder without it is not ours to replace.
const MARKER: &str = "sitemap.xml";

/// The portable swap: `out` → `old`, `temp` → `out`, then delete `old`. A kill between the
/// two renames leaves the old site at `old`, where [`recover`] finds it.
fn swap_by_renames(temp: &Path, out: &Path, old: &Path) -> Result<()> {
    if let Err(err) = rename(out, old) {
        let _ = std::fs::remove_dir_all(temp);
        return Err(err);
    }
    if let Err(err) = rename(temp, out) {
        // Put the old site back; the new one was never visible.
        let _ = std::fs::rename(old, out);
        let _ = std::fs::remove_dir_all(temp);
        return Err(err);
    }
    std::fs::remove_dir_all(old)
        .with_context(|| format!("the site is built, but {} is left over", old.display()))
}

/// Suffixes of the sibling folders a build makes, followed by its process id. They name
/// stepguide so that a folder of the user's (`site.old-2024`) is never taken for one of them:
/// folders with these names are deleted. `.gitignore` ignores `*.stepguide.tmp-*` and
/// `*.stepguide.old-*`, so what a killed build leaves never shows in `git status`.
const TEMP: &str = ".stepguide.tmp-";
const OLD: &str = ".stepguide.old-";

/// Swaps two folders in one step. `Ok(false)` when the system or filesystem cannot, and the
/// caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP | Errno::PERM) => Ok(false),
        Err(err) => Err(std::io::Error::from(err))
            .with_context(|| format!("cannot swap {} and {}", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool> {
    Ok(false)
}

/// Cleans up after builds into `out` that died: puts back an old site that a kill left
/// renamed aside (only possible without an atomic exchange), and removes their temporary
/// folders. Folders of builds that are still running are left alone.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = file_name.strip_prefix(name) else {
            continue;
        };
        let (is_old, pid) = match (rest.strip_prefix(TEMP), rest.strip_prefix(OLD)) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !is_running(pid) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            stale.push((entry.path(), is_old));
        }
    }
    if !out.exists()
        && let Some((old, _)) = stale
            .iter()
            .find(|(path, is_old)| *is_old && path.join(MARKER).is_file())
    {
        rename(old, out).context("cannot put back the site an interrupted build left aside")?;
    }
    for (path, _) in stale {
        if path.exists() {
            std::fs::remove_dir_all(&path).with_context(|| {
                format!(
                    "cannot remove {}, left by an interrupted build",
                    path.display()
                )
            })?;
        }
    }
    Ok(())
}

/// True when a process with this id runs, or when that cannot be told (no `/proc`): a
/// folder is only removed when its build is known to be gone.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        // Left over from an earlier process with our id; `Staging::begin` replaces it anyway.
        return false;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new(&format!("/proc/{pid}")).exists()
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

/// A site written file by file while the build makes it, into a temporary sibling folder,
/// then swapped in by [`Staging::commit`]. Dropped without
/// a commit (an error, content problems), it removes the temporary folder, so the old site
/// stays as it was and nothing partial is left.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    temp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks the output folder (puts back a site an interrupted build left aside, refuses a
    /// folder that is not a site) and makes an empty temporary folder.
    pub fn begin(out: &Path) -> Result<Staging> {
        let (parent, name) = split(out)?;
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        recover(&parent, &name, out)?;
        refuse_foreign_folder(out)?;
        let temp = parent.join(format!("{name}{TEMP}{}", std::process::id()));
        if temp.exists() {
            // Left over from an interrupted build by a process with the same id.
            std::fs::remove_dir_all(&temp)
                .with_context(|| format!("cannot remove {}", temp.display()))?;
        }
        std::fs::create_dir(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            temp,
            committed: false,
        })
    }

    /// Writes one file of the site, in one `write` call; several threads may call it at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        check_relative(path)?;
        let file = self.temp.join(path);
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))
    }

    /// Replaces the output folder with the files written.
    pub fn commit(mut self) -> Result<()> {
        if !self.out.exists() {
            rename(&self.temp, &self.out)?;
        } else if exchange(&self.temp, &self.out)? {
            // The temporary folder now holds the old site.
            std::fs::remove_dir_all(&self.temp).with_context(|| {
                format!(
                    "the site is built, but {} is left over",
                    self.temp.display()
                )
            })?;
        } else {
            let old = self
                .parent
                .join(format!("{}{OLD}{}", self.name, std::process::id()));
            swap_by_renames(&self.temp, &self.out, &old)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// `build --check` file by file: each file the build makes is compared with the folder as
/// it comes, and the folder's other files are listed at the end. Nothing is written.
pub struct Comparison {
    out: PathBuf,
    found: std::sync::Mutex<(std::collections::HashSet<String>, Staleness)>,
}

impl Comparison {
    pub fn new(out: &Path) -> Comparison {
        Comparison {
            out: out.to_path_buf(),
            found: Default::default(),
        }
    }

    /// Compares one file the build makes; several threads may call it at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = self.out.join(path);
        let missing = match std::fs::read(&file) {
            Ok(on_disk) if on_disk == bytes => None,
            Ok(_) => Some(false),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) || file.is_dir() =>
            {
                Some(true)
            }
            Err(err) => {
                return Err(err).with_context(|| format!("cannot read {}", file.display()));
            }
        };
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (seen, staleness) = &mut *found;
        seen.insert(path.to_string());
        match missing {
            Some(true) => staleness.missing.push(path.to_string()),
            Some(false) => staleness.changed.push(path.to_string()),
            None => {}
        }
        Ok(())
    }

    /// The differences, once every file of the build was compared.
    pub fn finish(self) -> Result<Staleness> {
        let (seen, mut staleness) = self
            .found
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.out.is_dir() {
            for entry in walkdir::WalkDir::new(&self.out).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot list {}", self.out.display()))?;
                if entry.file_type().is_dir() {
                    continue;
                }
                let relative = entry.path().strip_prefix(&self.out).unwrap_or(entry.path());
                let relative = crate::content::slash_path(relative);
                if !seen.contains(&relative) {
                    staleness.extra.push(relative);
                }
            }
        }
        staleness.changed.sort();
        staleness.missing.sort();
        Ok(staleness)
    }
}

/// The rest of this module is tested through its public API in `tests/testsuite/output.rs`.
#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into `out` through [`Staging`], as a build does.
    fn write(out: &Path, files: &[(&str, &str)]) -> Result<()> {
        let staging = Staging::begin(out)?;
        for (path, text) in files {
            staging.put(path, text.as_bytes())?;
        }
        staging.commit()
    }

    #[test]
    fn the_portable_swap_replaces_the_site() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("site");
        let temp = dir.path().join(format!("site{TEMP}1"));
        write(&out, &[("index.html", "old"), ("sitemap.xml", "s")])?;
        let new = [("index.html", "new"), ("sitemap.xml", "s")];
        write(&temp, &new)?;
        swap_by_renames(&temp, &out, &dir.path().join(format!("site{OLD}1")))?;
        let comparison = Comparison::new(&out);
        for (path, text) in new {
            comparison.put(path, text.as_bytes())?;
        }
        assert!(comparison.finish()?.is_fresh());
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }
}
