//! The parse cache (`src/content/cache.rs`) never changes what `check` and `build` say: a
//! run with a cold cache, a warm one and none give the same output, an edit is seen at
//! once, and a damaged cache is ignored.

mod common;

use std::path::Path;

const GUIDE: &str = "content/guides/alpha-cert.yaml";

/// `check --format json` and the site `build` writes, with the cache in `cache`.
fn run(root: &Path, cache: &str) -> (String, Vec<(String, Vec<u8>)>) {
    let check = common::stepguide()
        .env("STEPGUIDE_CACHE_DIR", cache)
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let out = root.join("site");
    let build = common::stepguide()
        .env("STEPGUIDE_CACHE_DIR", cache)
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .display()
                .to_string();
            files.push((name, std::fs::read(entry.path()).unwrap()));
        }
    }
    (String::from_utf8(check.stdout).unwrap(), files)
}

#[test]
fn cold_warm_and_no_cache_give_the_same_output() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/build/valid"), dir.path());
    common::for_the_full_parser(dir.path());
    let cache = cache.path().to_str().unwrap();
    let none = run(dir.path(), "off");
    let cold = run(dir.path(), cache);
    assert!(
        common::cache_packs(Path::new(cache)) > 0,
        "nothing was cached"
    );
    let warm = run(dir.path(), cache);
    assert_eq!(cold, none);
    assert_eq!(warm, none);
}

/// Guides the fast reader takes are read again each time, as quick as the cache would be.
#[test]
fn guides_the_fast_reader_takes_are_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/build/valid"), dir.path());
    run(dir.path(), cache.path().to_str().unwrap());
    assert_eq!(common::cache_packs(cache.path()), 0);
}

#[test]
fn an_edit_is_seen_and_a_damaged_cache_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/build/valid"), dir.path());
    common::for_the_full_parser(dir.path());
    let cache_dir = cache.path().to_str().unwrap();
    let before = run(dir.path(), cache_dir);
    assert!(common::cache_packs(cache.path()) > 0, "nothing was cached");
    // A step loses its caution: the cached guide must not hide the error.
    let path = dir.path().join(GUIDE);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("        cautions:\n          - failure: old-app\n", "", 1);
    assert_ne!(broken, text);
    std::fs::write(&path, &broken).unwrap();
    let check = common::stepguide()
        .env("STEPGUIDE_CACHE_DIR", cache_dir)
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("step-without-caution"));
    // Back as it was, with every pack overwritten by garbage.
    std::fs::write(&path, &text).unwrap();
    for entry in walkdir::WalkDir::new(cache.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::write(entry.path(), b"\x10\x00\x00garbage").unwrap();
        }
    }
    assert_eq!(run(dir.path(), cache_dir), before);
}
