//! The output folder through `stepguide::output`: a site written with [`Staging`] and
//! compared with [`Comparison`], folders that are not sites, paths that leave the folder, and
//! what killed builds leave behind.

use anyhow::Result;
use std::path::Path;
use stepguide::output::{Comparison, Staging, Staleness};

type Site<'a> = &'a [(&'a str, &'a str)];

/// Replaces `out` with `files` through [`Staging`], as a build does.
fn write(out: &Path, files: Site) -> Result<()> {
    let staging = Staging::begin(out)?;
    for (path, text) in files {
        staging.put(path, text.as_bytes())?;
    }
    staging.commit()
}

/// Compares `out` with `files` through [`Comparison`], as `build --check` does.
fn compare(out: &Path, files: Site) -> Result<Staleness> {
    let comparison = Comparison::new(out);
    for (path, text) in files {
        comparison.put(path, text.as_bytes())?;
    }
    comparison.finish()
}

/// The suffixes of the folders a build makes beside its output, followed by its process id.
const TEMP: &str = ".stepguide.tmp-";
const OLD: &str = ".stepguide.old-";
/// A process id that is not running: past the kernel's largest.
const DEAD: u32 = 4_194_999;

#[test]
fn write_then_compare_is_fresh() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let site: Site = &[("index.html", "a"), ("sitemap.xml", "s"), ("x/y.css", "b")];
    write(&out, site)?;
    assert!(compare(&out, site)?.is_fresh());
    assert_eq!(crate::support::names_in(dir.path()), ["site"]);
    Ok(())
}

#[test]
fn compare_lists_changed_missing_and_extra() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    write(&out, &[("a", "1"), ("b", "2"), ("sitemap.xml", "s")])?;
    let staleness = compare(&out, &[("a", "1"), ("b", "3"), ("c", "4")])?;
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
    let result = write(dir.path(), &[("sitemap.xml", "s")]);
    assert!(result.is_err());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt"))?,
        "keep me"
    );
    Ok(())
}

#[test]
fn folders_of_dead_builds_are_removed_and_live_ones_kept() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let site: Site = &[("index.html", "new"), ("sitemap.xml", "s")];
    write(&out, &[("index.html", "old"), ("sitemap.xml", "s")])?;
    for name in [
        format!("site{TEMP}{DEAD}"),
        format!("site{OLD}{DEAD}"),
        format!("site{TEMP}1"),
        // The user's own folders, whatever their names suggest.
        "site.old-2024".into(),
        format!("site.tmp-{DEAD}"),
    ] {
        std::fs::create_dir(dir.path().join(&name))?;
        std::fs::write(dir.path().join(name).join("index.html"), "partial")?;
    }
    std::fs::create_dir(dir.path().join(format!("site{TEMP}notapid")))?;
    write(&out, site)?;
    assert!(compare(&out, site)?.is_fresh());
    // Process 1 is running, `notapid` names no build, and the rest are not ours.
    let mut expected = vec![
        "site".to_string(),
        "site.old-2024".into(),
        format!("site.tmp-{DEAD}"),
        format!("site{TEMP}1"),
        format!("site{TEMP}notapid"),
    ];
    expected.sort();
    assert_eq!(crate::support::names_in(dir.path()), expected);
    Ok(())
}

#[test]
fn an_old_site_left_aside_by_a_kill_is_put_back() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("site");
    let old: Site = &[("index.html", "old"), ("sitemap.xml", "s")];
    write(&out, old)?;
    // A build killed between its two renames; the next one puts the old site back first.
    std::fs::rename(&out, dir.path().join(format!("site{OLD}{DEAD}")))?;
    drop(Staging::begin(&out)?);
    assert!(compare(&out, old)?.is_fresh());
    assert_eq!(crate::support::names_in(dir.path()), ["site"]);
    Ok(())
}

#[test]
fn paths_that_leave_the_folder_are_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let staging = Staging::begin(&dir.path().join("site"))?;
    for path in ["../x", "/etc/x", "a/../../x", ""] {
        assert!(staging.put(path, b"x").is_err(), "{path}");
    }
    assert!(staging.put("guides/a/index.html", b"x").is_ok());
    drop(staging);
    assert!(!dir.path().join("x").exists() && !dir.path().join("site").exists());
    Ok(())
}
