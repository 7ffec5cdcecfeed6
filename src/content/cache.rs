//! The parse cache: guides the full YAML parser read before (those the fast block-YAML
//! reader leaves to it), found by a hash of their file's text, so a pass over content that
//! did not change does not run the full parser on them again.
//!
//! It cannot serve a stale guide: an entry holds what parsing that exact text gave, and
//! the folder is named after the running executable (its path, size and time), so another
//! build of stepguide never reads it. Only guides that parsed are cached (a file with a
//! problem is parsed every time, so its diagnostic is exact); a pack that cannot be read or
//! decoded is a miss. Packs are written to a temporary file and renamed into place.
//!
//! The pipeline handles guides in runs; each run's entries are one pack file, read and
//! written by the worker that handles the run, so a pass reads and writes a few hundred
//! files, not one a guide. An inserted guide shifts the runs, but entries are found by
//! their key, so only that guide is parsed again.
//!
//! Where: `$STEPGUIDE_CACHE_DIR` (set to `off` to disable), else `$XDG_CACHE_HOME/stepguide`
//! or `~/.cache/stepguide`, in one folder per executable and project. Folders of other
//! executables and projects untouched for a week go when a cache is opened.

use super::Guide;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Folders not written to for this long are someone else's leftovers.
const STALE: Duration = Duration::from_secs(7 * 24 * 3600);

pub struct Cache {
    dir: PathBuf,
}

/// A 128-bit hash of some bytes: a file's text, or the names that pick the cache's folder.
pub fn key(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

impl Cache {
    /// The cache for the project at `root`, or `None` when it is disabled or has no place.
    pub fn open(root: &Path) -> Option<Cache> {
        let base = match std::env::var_os("STEPGUIDE_CACHE_DIR") {
            Some(dir) if dir == "off" || dir.is_empty() => return None,
            Some(dir) => PathBuf::from(dir),
            None => std::env::var_os("XDG_CACHE_HOME")
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?
                .join("stepguide"),
        };
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let built = meta
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let identity = format!(
            "{} {} {} {}",
            env!("CARGO_PKG_VERSION"),
            exe.display(),
            meta.len(),
            built.as_nanos()
        );
        let exe_dir = base.join(format!("{:016x}", key(identity.as_bytes()) as u64));
        let project = root.canonicalize().ok()?;
        let project = key(project.as_os_str().as_encoded_bytes());
        let dir = exe_dir.join(format!("{:016x}", project as u64));
        std::fs::create_dir_all(&dir).ok()?;
        tag(&exe_dir);
        tag(&dir);
        remove_stale(&base, &exe_dir);
        remove_stale(&exe_dir, &dir);
        Some(Cache { dir })
    }

    /// The entries of run `number` as the last pass left them.
    pub fn run(&self, number: usize) -> Pack {
        let path = self.dir.join(format!("run-{number}"));
        let old = std::fs::read(&path)
            .ok()
            .and_then(|bytes| read_pack(&bytes))
            .unwrap_or_default();
        Pack {
            path,
            kept: Vec::with_capacity(old.len()),
            old,
            changed: false,
        }
    }

    /// Removes the packs of runs past the last one, left when guides were removed.
    pub fn finish(&self, runs: usize) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            // `run-N` past the last run, and `run-N.tmp-PID` left by a pass that was killed.
            let past = name
                .to_str()
                .and_then(|name| name.strip_prefix("run-"))
                .is_some_and(|n| !matches!(n.parse::<usize>(), Ok(n) if n < runs));
            if past {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// One run's entries: those read from its pack, and those this pass keeps.
pub struct Pack {
    path: PathBuf,
    old: FxHashMap<u128, Vec<u8>>,
    kept: Vec<(u128, Vec<u8>)>,
    changed: bool,
}

impl Pack {
    /// The guide parsed from the file with this key, if it was cached.
    pub fn get(&mut self, key: u128) -> Option<Guide> {
        let bytes = self.old.remove(&key)?;
        let guide = postcard::from_bytes(&bytes).ok()?;
        self.kept.push((key, bytes));
        Some(guide)
    }

    /// Keeps a guide just parsed from the file with this key.
    pub fn put(&mut self, key: u128, guide: &Guide) {
        if let Ok(bytes) = postcard::to_stdvec(guide) {
            self.kept.push((key, bytes));
            self.changed = true;
        }
    }

    /// Writes the pack when its entries changed. Failing to is not an error.
    pub fn finish(self) {
        if !self.changed && self.old.is_empty() {
            return;
        }
        let mut bytes = Vec::with_capacity(self.kept.iter().map(|(_, b)| b.len() + 20).sum());
        for (key, entry) in &self.kept {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&(entry.len() as u32).to_le_bytes());
            bytes.extend_from_slice(entry);
        }
        let temp = self
            .path
            .with_extension(format!("tmp-{}", std::process::id()));
        if std::fs::write(&temp, bytes).is_err() || std::fs::rename(&temp, &self.path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// A pack's entries: each a 16-byte key, a 4-byte length (little-endian) and the guide.
fn read_pack(mut bytes: &[u8]) -> Option<FxHashMap<u128, Vec<u8>>> {
    let mut entries = FxHashMap::default();
    while !bytes.is_empty() {
        let key = u128::from_le_bytes(bytes.get(..16)?.try_into().ok()?);
        let len = u32::from_le_bytes(bytes.get(16..20)?.try_into().ok()?) as usize;
        entries.insert(key, bytes.get(20..20 + len)?.to_vec());
        bytes = &bytes[20 + len..];
    }
    Some(entries)
}

/// The tag of the Cache Directory Tagging Specification: it marks a folder as this cache's
/// (so backup tools skip it), and only tagged folders are ever removed.
const TAG_FILE: &str = "CACHEDIR.TAG";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by stepguide (its parse cache).\n";

fn tag(dir: &Path) {
    let path = dir.join(TAG_FILE);
    if !path.exists() {
        let _ = std::fs::write(path, TAG);
    }
}

/// Whether `dir` holds this cache's tag: `STEPGUIDE_CACHE_DIR` may name a folder with
/// other things in it, which must never be touched.
fn is_tagged(dir: &Path) -> bool {
    std::fs::read(dir.join(TAG_FILE)).is_ok_and(|bytes| bytes == TAG.as_bytes())
}

/// Removes this cache's folders in `parent`, other than `keep`, not written to lately.
fn remove_stale(parent: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > STALE);
        if path != keep && old && entry.file_type().is_ok_and(|t| t.is_dir()) && is_tagged(&path) {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guide_reads_back_from_its_cached_form() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guides/financial-certificate.yaml"),
        )
        .unwrap();
        let guide: Guide = crate::content::parse::parse("g.yaml", &text, "a guide").unwrap();
        let bytes = postcard::to_stdvec(&guide).unwrap();
        let back: Guide = postcard::from_bytes(&bytes).unwrap();
        // Guide has no PartialEq; its debug form shows every value and position.
        assert_eq!(format!("{back:?}"), format!("{guide:?}"));
        assert!(postcard::from_bytes::<Guide>(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn a_broken_pack_is_a_miss() {
        let mut pack = Vec::new();
        pack.extend_from_slice(&7u128.to_le_bytes());
        pack.extend_from_slice(&3u32.to_le_bytes());
        pack.extend_from_slice(b"abc");
        assert_eq!(read_pack(&pack).unwrap()[&7], b"abc");
        assert!(read_pack(&pack[..pack.len() - 1]).is_none());
        assert!(read_pack(&pack[..10]).is_none());
    }
}
