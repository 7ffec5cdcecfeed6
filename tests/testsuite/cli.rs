//! The small commands and the command line itself: `new`, `schema`, `--version`, usage errors,
//! a reader that goes away, and the README's rule table against the rules.

use crate::support::{BINARY, Ran, clean_env, fixture, replace, repo, run_in, stepguide};
use std::path::Path;
use stepguide::diagnostic::Rule;

/// `check --deny-warnings` passes on the project at `root`; returns what it printed.
fn assert_check_passes(root: &Path) -> String {
    let Ran { code, stdout, .. } = run_in(root, &["check", "--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
    stdout
}

#[test]
fn cli_definition_is_valid() {
    use clap::CommandFactory;
    stepguide::cli::Cli::command().debug_assert();
}

#[test]
fn new_guide_passes_check() {
    let dir = fixture("check/valid");
    let new = run_in(dir.path(), &["new", "fresh-guide"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let written =
        std::fs::read_to_string(dir.path().join("content/guides/fresh-guide.yaml")).unwrap();
    assert!(written.starts_with("# yaml-language-server: $schema=../guide.schema.json\n"));
    let stdout = assert_check_passes(dir.path());
    assert!(stdout.contains("2 guides"), "{stdout}");
}

#[test]
fn new_refuses_unsafe_ids() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["../escape", "Has Space", "인증서", "a--b", ""] {
        let ran = run_in(dir.path(), &["new", id]);
        assert_eq!(ran.code, 2, "id {id:?}");
        assert!(ran.stderr.contains("not a safe guide id"), "id {id:?}");
    }
    assert!(
        !dir.path().join("content").exists(),
        "nothing may be written for a bad id"
    );
}

#[test]
fn new_never_overwrites_a_guide() {
    let dir = fixture("check/valid");
    let path = dir.path().join("content/guides/kept.yaml");
    std::fs::write(&path, "id: kept\n").unwrap();
    let ran = run_in(dir.path(), &["new", "kept"]);
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("never overwritten"), "{}", ran.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "id: kept\n");
}

#[test]
fn new_outside_a_project_says_to_run_init() {
    // An empty folder, then one with a `content/` folder but no settings.
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let ran = run_in(dir.path(), &["new", "first-guide"]);
        assert_eq!(ran.code, 2, "{}", ran.stdout);
        let says = |text| ran.stderr.contains(text);
        assert!(
            says("content/site.yaml") && says("run `stepguide init`"),
            "{}",
            ran.stderr
        );
        assert!(!dir.path().join("content/guides").exists());
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
    }
}

#[test]
fn committed_schemas_match_the_content_types() {
    for kind in ["guide", "site", "terminology"] {
        let committed = std::fs::read_to_string(repo().join(format!("content/{kind}.schema.json")));
        assert_eq!(
            schema(kind),
            committed.unwrap(),
            "content/{kind}.schema.json is stale: run `cargo run -- schema {kind} > content/{kind}.schema.json`"
        );
    }
}

/// What `stepguide schema KIND` prints.
pub fn schema(kind: &str) -> String {
    let output = stepguide().args(["schema", kind]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn usage_errors_exit_with_2() {
    let output = stepguide()
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn version_names_the_version_and_the_commit() {
    let output = stepguide().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let version = format!("stepguide {}", env!("CARGO_PKG_VERSION"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(repo())
        .output()
        .ok()
        .filter(|output| output.status.success());
    let Some(head) = head else {
        // Not a git checkout (a crates.io download): the version alone.
        assert_eq!(stdout, format!("{version}\n"));
        return;
    };
    let head = String::from_utf8_lossy(&head.stdout);
    let commit = stdout
        .strip_prefix(&format!("{version} ("))
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("not `{version} (COMMIT)`: {stdout:?}"));
    assert!(
        commit.len() >= 7 && head.starts_with(commit),
        "built from {commit:?}, HEAD is {head}"
    );
}

#[test]
fn a_reader_that_goes_away_ends_nothing_but_the_output() {
    // `stepguide check | head -c 1` on content with many problems (far more output than a
    // pipe holds): the pipe closes after the first byte, and check still exits with its own
    // code, without a panic message.
    let dir = fixture("check/valid");
    let terms: String = (0..2000).map(|n| format!("  - 공인인증서 {n}\n")).collect();
    let guide = "content/guides/sample.yaml";
    replace(
        dir.path(),
        guide,
        "prepare:\n",
        &format!("prepare:\n{terms}"),
    );
    // And one error, so the code to keep is 1.
    replace(
        dir.path(),
        guide,
        "checked: 2026-11-01",
        "checked: 2026-02-30",
    );
    for format in ["human", "json", "github"] {
        let script = format!(
            "\"$0\" check --format {format} --root \"$1\" | head -c 1 >/dev/null; \
             echo \"exit ${{PIPESTATUS[0]}}\" >&2"
        );
        let output = clean_env(&mut std::process::Command::new("bash"))
            .arg("-c")
            .arg(script)
            .arg(BINARY)
            .arg(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.ends_with("exit 1\n"), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

/// The README's text from the first `start` to the next `end`.
fn readme_between(start: &str, end: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let Some((_, rest)) = readme.split_once(start) else {
        panic!("the README has no {start:?}");
    };
    rest.split(end).next().unwrap_or_default().to_string()
}

#[test]
fn readme_example_guide_passes_check() {
    let example = readme_between("```yaml\n", "```");
    let dir = fixture("check/valid");
    std::fs::write(
        dir.path().join("content/guides/financial-certificate.yaml"),
        example,
    )
    .unwrap();
    assert_check_passes(dir.path());
}

/// The README's table of lint rules lists every rule with its severity, and nothing else.
#[test]
fn readme_rule_table_lists_every_rule() {
    let table = readme_between(
        "| rule | severity | what it catches |\n|---|---|---|\n",
        "\n\n",
    );
    let mut listed = Vec::new();
    for row in table.lines().take_while(|line| line.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let severity = cells[2];
        for id in cells[1].split(',') {
            let id = id.trim().trim_matches('*').trim_matches('`');
            listed.push((id.to_string(), severity.to_string()));
        }
    }
    let mut expected: Vec<(String, String)> = Rule::ALL
        .iter()
        .map(|rule| (rule.id().to_string(), rule.severity().as_str().to_string()))
        .collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected, "README rows against Rule::ALL");
}
