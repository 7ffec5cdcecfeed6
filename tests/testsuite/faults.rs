//! Faults during `build` (issue 7): an output folder that cannot be written, a disk that fills,
//! a file-size limit, and builds killed part-way. After each, the previous site is intact byte
//! for byte (or, for a kill after the swap, the new site is complete: never a mix), folders
//! that a dead build left do not break the next build, and the next normal build succeeds and
//! leaves nothing behind.
//!
//! The tmpfs, read-only bind mount and `chattr +i` cases need root with mount rights; without
//! them they print a notice and skip. The others run anywhere on Unix.

use crate::support::gen_kb::Rng;
use crate::support::limits::{self, run_with};
use crate::support::{Tree, binary, fixture, names_in, read_tree, repo};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GUIDE: &str = "content/guides/alpha-cert.yaml";

/// A knowledge base with a site built from it, and an edit that makes the next build differ.
struct Project {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// The site as the first build wrote it.
    before: Tree,
}

impl Project {
    /// The valid fixture, built into `out` (or `<dir>/site`).
    fn new(out: Option<&Path>) -> Project {
        let dir = fixture("build/valid");
        let out = out.map_or_else(|| dir.path().join("site"), Path::to_path_buf);
        let mut project = Project {
            dir,
            out,
            before: Tree::new(),
        };
        let first = project.build("");
        assert_eq!(first.code, Some(0), "{}", first.stderr);
        project.before = read_tree(&project.out);
        project.edit();
        project
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Changes the content so the next site differs from `before` in every guide page and
    /// grows by about 200 KB.
    fn edit(&self) {
        let path = self.root().join(GUIDE);
        let text = std::fs::read_to_string(&path).unwrap();
        let long = "더 긴 설명입니다. ".repeat(8_000);
        let text = text.replacen("summary: |\n", &format!("summary: |\n  {long}\n\n"), 1);
        std::fs::write(&path, text).unwrap();
    }

    /// Builds into the output after the shell commands `prelude` (see `limits::run_with`).
    fn build(&self, prelude: &str) -> limits::Run {
        self.build_into(&self.out, prelude)
    }

    fn build_into(&self, out: &Path, prelude: &str) -> limits::Run {
        let args: Vec<&OsStr> = vec![
            OsStr::new("build"),
            OsStr::new("--root"),
            self.root().as_os_str(),
            OsStr::new("--out"),
            out.as_os_str(),
        ];
        run_with(&args, prelude)
    }

    /// The site is the one from before, byte for byte.
    fn assert_unchanged(&self, what: &str) {
        let now = read_tree(&self.out);
        assert!(
            now == self.before,
            "{what}: the previous site changed ({} files before, {} now)",
            self.before.len(),
            now.len()
        );
    }

    /// A build that failed with an I/O error (exit 2) naming `cause` left the old site.
    fn assert_refused(&self, result: &limits::Run, cause: &str, what: &str) {
        result.assert_sane("build");
        assert_eq!(result.code, Some(2), "{}", result.stderr);
        assert!(result.stderr.contains(cause), "{}", result.stderr);
        self.assert_unchanged(what);
    }

    /// A normal build succeeds, writes the new site, and leaves no temporary folders.
    fn assert_next_build_succeeds(&self, what: &str) {
        let run = self.build("");
        assert_eq!(
            run.code,
            Some(0),
            "{what}: the next build failed: {}",
            run.stderr
        );
        let now = read_tree(&self.out);
        assert_ne!(
            now, self.before,
            "{what}: the next build did not update the site"
        );
        assert_eq!(
            leftovers(&self.out),
            Vec::<String>::new(),
            "{what}: leftovers"
        );
    }
}

/// `site.stepguide.tmp-*` and `site.stepguide.old-*` folders beside the output.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let names = names_in(out.parent().unwrap()).into_iter();
    let prefix = format!("{name}.stepguide.");
    names.filter(|n| n.starts_with(&prefix)).collect()
}

/// Runs a command as root; false (with a notice) when it is not allowed here.
fn privileged(what: &str, program: &str, args: &[&OsStr]) -> bool {
    let output = Command::new(program).args(args).output();
    match output {
        Ok(output) if output.status.success() => true,
        Ok(output) => {
            eprintln!(
                "\n!!!! SKIPPED {what}: `{program}` failed here ({}) !!!!\n",
                String::from_utf8_lossy(&output.stderr).trim()
            );
            false
        }
        Err(err) => {
            eprintln!("\n!!!! SKIPPED {what}: no `{program}` ({err}) !!!!\n");
            false
        }
    }
}

/// A mount point that is unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn an_output_under_a_file_is_an_error() {
    let project = Project::new(None);
    let blocker = project.root().join("not-a-folder");
    std::fs::write(&blocker, "a file").unwrap();
    for out in [blocker.join("site"), blocker.clone()] {
        let result = project.build_into(&out, "");
        // The error names the path.
        let path = blocker.display().to_string();
        project.assert_refused(&result, &path, "out under a file");
        assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "a file");
    }
    project.assert_next_build_succeeds("out under a file");
}

#[test]
fn a_read_only_output_folder_keeps_the_old_site() {
    let project = Project::new(None);
    let parent = project.root().to_path_buf();
    // Immutable: no entry in the folder can be added, removed or renamed, even by root.
    if !privileged(
        "chattr +i",
        "chattr",
        &[OsStr::new("+i"), parent.as_os_str()],
    ) {
        return;
    }
    let result = project.build("");
    let _ = Command::new("chattr").arg("-i").arg(&parent).status();
    project.assert_refused(&result, "cannot", "immutable parent");
    project.assert_next_build_succeeds("immutable parent");
}

#[test]
fn a_read_only_mount_keeps_the_old_site() {
    let project = Project::new(None);
    let parent = project.root().to_path_buf();
    if !privileged(
        "read-only bind mount",
        "mount",
        &[OsStr::new("--bind"), parent.as_os_str(), parent.as_os_str()],
    ) {
        return;
    }
    let mount = Mount(parent.clone());
    if !privileged(
        "read-only bind mount",
        "mount",
        &[
            OsStr::new("-o"),
            OsStr::new("remount,bind,ro"),
            parent.as_os_str(),
        ],
    ) {
        return;
    }
    let result = project.build("");
    drop(mount);
    project.assert_refused(&result, "Read-only", "read-only mount");
    project.assert_next_build_succeeds("read-only mount");
}

#[test]
fn a_full_disk_keeps_the_old_site() {
    let disk = tempfile::tempdir().unwrap();
    let mount_point = disk.path().join("disk");
    std::fs::create_dir(&mount_point).unwrap();
    if !privileged(
        "full disk (tmpfs)",
        "mount",
        &[
            OsStr::new("-t"),
            OsStr::new("tmpfs"),
            OsStr::new("-o"),
            // Room for the old site and the new one, PDFs included (about 1 MB each).
            OsStr::new("size=4m"),
            OsStr::new("tmpfs"),
            mount_point.as_os_str(),
        ],
    ) {
        return;
    }
    let _mount = Mount(mount_point.clone());
    let project = Project::new(Some(&mount_point.join("site")));
    // Fill the disk but for a little less than the new site needs.
    let filler = mount_point.join("filler");
    let free = free_bytes(&mount_point);
    std::fs::write(
        &filler,
        vec![b'x'; free.saturating_sub(300 * 1024) as usize],
    )
    .unwrap();
    let result = project.build("");
    project.assert_refused(&result, "No space left on device", "full disk");
    assert_eq!(
        leftovers(&project.out),
        Vec::<String>::new(),
        "the partial copy is removed"
    );
    std::fs::remove_file(&filler).unwrap();
    project.assert_next_build_succeeds("full disk");
}

/// Free bytes on the filesystem holding `path`, from `df`.
fn free_bytes(path: &Path) -> u64 {
    let output = Command::new("df")
        .args(["-B1", "--output=avail"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap()
}

#[test]
fn a_file_size_limit_keeps_the_old_site() {
    let project = Project::new(None);
    // With SIGXFSZ ignored, a write past `ulimit -f` fails with EFBIG: an I/O error.
    let result = project.build("ulimit -f 64; trap '' XFSZ;");
    project.assert_refused(&result, "File too large", "EFBIG");
    assert!(result.stderr.contains("cannot write"), "{}", result.stderr);
    assert_eq!(leftovers(&project.out), Vec::<String>::new());
    // With the default SIGXFSZ, the same write kills the build like SIGKILL would.
    let result = project.build("ulimit -f 64;");
    assert_eq!(
        result.code, None,
        "SIGXFSZ ends the build: {}",
        result.stderr
    );
    project.assert_unchanged("SIGXFSZ");
    project.assert_next_build_succeeds("SIGXFSZ");
}

/// Writes a knowledge base of `count` copies of the fixture's first guide.
fn big_project(count: usize) -> Project {
    let project = Project::new(None);
    let text = std::fs::read_to_string(project.root().join(GUIDE)).unwrap();
    for i in 0..count {
        let id = format!("copy-{i:04}");
        let copy = text.replacen("id: alpha-cert", &format!("id: {id}"), 1);
        std::fs::write(
            project.root().join(format!("content/guides/{id}.yaml")),
            copy,
        )
        .unwrap();
    }
    project
}

/// Starts a build of `project` into `out` in the background.
fn spawn_build(project: &Project, out: &Path) -> std::process::Child {
    binary()
        .arg("build")
        .arg("--root")
        .arg(project.root())
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A fraction from 0 to 1 (a millionth apart), drawn from the seeded generator, so that a
/// failing kill point can be replayed.
fn fraction(random: &mut Rng) -> f64 {
    random.range(0, 1_000_000) as f64 / 1e6
}

#[test]
fn a_build_killed_at_random_points_never_loses_the_site() {
    let long = std::env::var("STEPGUIDE_LONG_TESTS").as_deref() == Ok("1");
    let (kills, copies) = if long { (60, 300) } else { (12, 15) };
    let project = big_project(copies);
    let before = project.before.clone();
    let temp_of = |pid: u32| {
        project
            .out
            .with_file_name(format!("site.stepguide.tmp-{pid}"))
    };

    // One build to completion: how long it takes, when it starts writing, what it writes.
    let started = Instant::now();
    let mut child = spawn_build(&project, &project.out);
    let temp = temp_of(child.id());
    let mut writing_from = None;
    while child.try_wait().unwrap().is_none() {
        if writing_from.is_none() && temp.exists() {
            writing_from = Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let full = started.elapsed();
    let writing = full - writing_from.unwrap_or_default();
    let after = read_tree(&project.out);
    assert_ne!(after, before);
    write_tree(&project.out, &before);

    let seed = std::env::var("STEPGUIDE_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    let mut random = Rng(seed);
    let mut outcomes = Vec::new();
    for round in 0..kills {
        let mut child = spawn_build(&project, &project.out);
        let temp = temp_of(child.id());
        // A third of the kills at any moment of the build, a third while it writes, and a
        // third within 2 ms of the swap, while it deletes the old site.
        let delay = match round % 3 {
            0 => full.mul_f64(fraction(&mut random)),
            1 => {
                let waiting = Instant::now();
                while !temp.exists() && waiting.elapsed() < full * 3 {
                    std::thread::sleep(Duration::from_micros(100));
                }
                writing.mul_f64(fraction(&mut random))
            }
            _ => {
                // The moment the output folder is another one, the swap has happened and
                // the old site is being deleted: kill then.
                use std::os::unix::fs::MetadataExt;
                let inode = |path: &Path| std::fs::symlink_metadata(path).map(|m| m.ino()).ok();
                let before_swap = inode(&project.out);
                let waiting = Instant::now();
                while inode(&project.out) == before_swap
                    && child.try_wait().unwrap().is_none()
                    && waiting.elapsed() < full * 3
                {
                    std::thread::sleep(Duration::from_micros(50));
                }
                Duration::from_micros((fraction(&mut random) * 2_000.0) as u64)
            }
        };
        std::thread::sleep(delay);
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let now = read_tree(&project.out);
        let state = if now == before {
            "old"
        } else if now == after {
            "new"
        } else {
            panic!(
                "round {round} (STEPGUIDE_KILL_SEED={seed}, {delay:?}): the site is neither \
                 the old one nor the new one ({} files)",
                now.len()
            );
        };
        outcomes.push(format!(
            "{}{delay:.0?}→{state}{}",
            ["", "w+", "swap+"][round % 3],
            if finished { " (done)" } else { "" }
        ));
        if state == "new" {
            // Later rounds must again have an old site to lose: put it back.
            write_tree(&project.out, &before);
        }
    }
    eprintln!(
        "full build {full:?}, writing {writing:?}; {kills} kills: {}",
        outcomes.join(", ")
    );
    let left = leftovers(&project.out);
    let status = spawn_build(&project, &project.out).wait().unwrap();
    assert!(status.success());
    assert!(
        read_tree(&project.out) == after,
        "the next build writes the whole new site"
    );
    assert_eq!(
        leftovers(&project.out),
        Vec::<String>::new(),
        "the next build removes what killed builds left: {left:?}"
    );
}

/// Replaces the folder's files with `tree`.
fn write_tree(dir: &Path, tree: &Tree) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, bytes) in tree {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
}

/// What a killed build leaves beside its output (`<out>.stepguide.tmp-<pid>`, and after a
/// kill between the portable swap's two renames `<out>.stepguide.old-<pid>`) never shows in
/// `git status`: the repository's `.gitignore` covers it, for `site` and for any `--out`.
#[test]
fn what_a_killed_build_leaves_never_shows_in_git_status() {
    let project = big_project(15);
    let root = project.root();
    std::fs::copy(repo().join(".gitignore"), root.join(".gitignore")).unwrap();
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git is installed");
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    git(&["init", "-q"]);
    let status = || git(&["status", "--porcelain", "--untracked-files=all"]);
    let before = status();
    assert!(before.contains("site/index.html"), "{before}");
    for out in [project.out.clone(), root.join("public/www")] {
        let name = out.file_name().unwrap().to_string_lossy().into_owned();
        let left = (0..20)
            .find_map(|_| {
                let mut child = spawn_build(&project, &out);
                let temp = out.with_file_name(format!("{name}.stepguide.tmp-{}", child.id()));
                let started = Instant::now();
                while !has_a_file(&temp) && started.elapsed() < Duration::from_secs(20) {
                    std::thread::sleep(Duration::from_micros(100));
                }
                let _ = child.kill();
                child.wait().unwrap();
                has_a_file(&temp).then_some(temp)
            })
            .expect("no build was caught while writing");
        let old = out.with_file_name(format!("{name}.stepguide.old-4194999"));
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "the old site").unwrap();
        assert_eq!(status(), before, "{} shows", left.display());
        std::fs::remove_dir_all(left).unwrap();
        std::fs::remove_dir_all(old).unwrap();
    }
}

/// Whether there is a file anywhere under `dir` (git shows files, not empty folders).
fn has_a_file(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file())
}
