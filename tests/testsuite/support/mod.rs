//! What every test module shares: the real binary with a clean environment, copies of the
//! fixtures, reading a folder tree, edits of content files, loud skips, and the seeded
//! generator. Starting `serve` is in [`server`], node and Chromium in [`browser`], runs under
//! a memory cap and a deadline in [`limits`], and the script audit of built pages in [`html`].

pub mod browser;
pub mod html;
pub mod limits;
pub mod server;

/// The generator of synthetic knowledge bases, shared with the benchmarks; its [`gen_kb::Rng`]
/// (SplitMix64) is the one seeded generator of the tests.
#[path = "../../../examples/gen_kb.rs"]
#[allow(dead_code)]
pub mod gen_kb;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// The day every run takes for today (`STEPGUIDE_TODAY`), so review dates warn alike on any day.
pub const TODAY: &str = "2026-12-02";

/// The binary under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_stepguide");

/// Every file of a folder, by relative path with `/`, with its bytes.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// The repository: the shipped content, the fixtures, the committed site.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Gives a command the environment every run of the binary gets: no colour variables, a
/// fixed today, the repository as the working folder.
pub fn clean_env(command: &mut Command) -> &mut Command {
    command
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("STEPGUIDE_TODAY", TODAY)
        .current_dir(repo())
}

/// The real binary with a clean environment, to spawn.
pub fn binary() -> Command {
    let mut command = Command::new(BINARY);
    clean_env(&mut command);
    command
}

/// The real binary with a clean environment, to run to its end.
pub fn stepguide() -> assert_cmd::Command {
    assert_cmd::Command::from_std(binary())
}

/// What one run of the binary printed, with the project folder's path replaced by `[ROOT]`.
pub struct Ran {
    /// -1 when it was ended by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `stepguide ARGS --root ROOT` (the first argument is the command).
pub fn run_in(root: &Path, args: &[&str]) -> Ran {
    let output = stepguide().args(args).arg("--root").arg(root).output();
    let output = output.expect("the binary runs");
    let redact = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .expect("UTF-8 output")
            .replace(&root.display().to_string(), "[ROOT]")
    };
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: redact(output.stdout),
        stderr: redact(output.stderr),
    }
}

/// Builds the project at `root` into `out` with `args`; panics with the output on failure.
pub fn build_site(root: &Path, out: &Path, args: &[&str]) {
    let out = out.to_str().expect("a UTF-8 path");
    let ran = run_in(root, &[&["build", "--out", out], args].concat());
    assert_eq!(ran.code, 0, "build failed:\n{}{}", ran.stdout, ran.stderr);
}

/// A copy of `tests/fixtures/<name>` in a temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A temporary project holding a copy of the shipped `content/`.
pub fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    dir
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("a readable fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("under `from`"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder of the copy");
        } else {
            std::fs::copy(entry.path(), &target).expect("a file of the copy");
        }
    }
}

/// Every file under `dir`, by relative path with `/`, with its bytes.
pub fn read_tree(dir: &Path) -> Tree {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("a readable tree"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("under `dir`");
            let name = relative.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(e.path()).expect("a readable file"))
        })
        .collect()
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).expect("a readable folder");
    let mut names: Vec<String> = entries
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The prefixes of a built site's languages: "" for the default one, then "en/" and any
/// other folder that has guides of its own.
pub fn languages(site: &Path) -> Vec<String> {
    let others = names_in(site).into_iter();
    let others = others.filter(|name| site.join(name).join("guides").is_dir());
    std::iter::once(String::new())
        .chain(others.map(|name| format!("{name}/")))
        .collect()
}

/// The language of the pages under a prefix of [`languages`]: "ko" (the shipped default) for
/// "", else the prefix's folder.
pub fn language_of(prefix: &str) -> &str {
    match prefix.trim_end_matches('/') {
        "" => "ko",
        lang => lang,
    }
}

/// Replaces the first `from` in `root/file`, which must be there.
pub fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("a readable text file");
    assert!(text.contains(from), "{from:?} is not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("a writable file");
}

/// Skips a test that needs a missing tool: fails when `STEPGUIDE_REQUIRE_BROWSER=1` (CI),
/// otherwise prints a loud notice and returns false.
pub fn skip(test: &str, reason: &str) -> bool {
    if std::env::var("STEPGUIDE_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{test}: required but missing: {reason}");
    }
    notice(&format!("SKIPPED {test}: {reason}"));
    false
}

/// Prints a loud line straight to the process's stderr, past the test harness's capture, so
/// it shows even though the test passes.
pub fn notice(text: &str) {
    let _ = writeln!(std::io::stderr(), "\n!!!! {text} !!!!\n");
}
