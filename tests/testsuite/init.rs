//! `stepguide init`: from an empty folder, with nothing but the binary, to a project that
//! passes `check`, builds and serves; and what it refuses or keeps.

use crate::support::server::Server;
use crate::support::{Tree, binary, read_tree, stepguide};
use std::path::Path;
use stepguide::render::templates;

/// Runs `stepguide ARGS` in `dir`, as a user in that folder would; returns the exit code and
/// what it printed on stdout and stderr.
fn run_at(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = binary().args(args).current_dir(dir).output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), printed)
}

/// A folder with a new project in it.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (code, printed) = run_at(dir.path(), &["init"]);
    assert_eq!(code, 0, "{printed}");
    dir
}

#[test]
fn a_new_project_passes_check_builds_and_serves() {
    let dir = initialised();
    for args in [&["check", "--deny-warnings"][..], &["build"]] {
        let (code, printed) = run_at(dir.path(), args);
        assert_eq!(code, 0, "{args:?}:\n{printed}");
    }
    assert!(dir.path().join("site/index.html").is_file());
    assert!(dir.path().join("site/guides/example/index.html").is_file());

    let mut server = Server::start(dir, &[]);
    let (status, body) = server.get("/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("guides/example/"), "{body}");
    assert!(server.interrupt().success(), "serve ends cleanly on Ctrl-C");
}

/// The `$schema=` of a content file's first line, resolved against the file's folder.
fn schema_of(file: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let first = text.lines().next().unwrap_or_default();
    let relative = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{} starts with {first:?}", file.display()));
    file.parent().unwrap().join(relative)
}

#[test]
fn every_content_file_points_at_its_written_schema() {
    let dir = initialised();
    let content = dir.path().join("content");
    let mut pointed = 0;
    for (file, kind) in [
        ("site.yaml", "site"),
        ("terminology.yaml", "terminology"),
        ("guides/example.yaml", "guide"),
    ] {
        let schema = schema_of(&content.join(file));
        let written = std::fs::read_to_string(&schema)
            .unwrap_or_else(|err| panic!("{file} points at {}: {err}", schema.display()));
        assert_eq!(
            written,
            crate::cli::schema(kind),
            "{} is not `stepguide schema {kind}`",
            schema.display()
        );
        pointed += 1;
    }
    // Every YAML file written is one of those.
    let yaml = read_tree(dir.path())
        .into_keys()
        .filter(|name| name.ends_with(".yaml"))
        .count();
    assert_eq!(yaml, pointed);
    // A guide that `new` adds points at the same schema.
    assert_eq!(run_at(dir.path(), &["new", "second"]).0, 0);
    assert_eq!(
        schema_of(&content.join("guides/second.yaml"))
            .canonicalize()
            .unwrap(),
        content.join("guide.schema.json").canonicalize().unwrap()
    );
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let (code, printed) = run_at(dir.path(), &["init"]);
    assert_eq!(code, 2, "{printed}");
    assert!(printed.contains("--force"), "{printed}");
    assert_eq!(
        read_tree(dir.path()).into_keys().collect::<Vec<_>>(),
        ["notes.txt"]
    );
}

#[test]
fn force_writes_what_is_missing_and_keeps_what_is_there() {
    let everything = read_tree(initialised().path());
    let dir = tempfile::tempdir().unwrap();
    let mine: Tree = [
        ("README.md", "# 우리 팀 안내서\n"),
        ("content/site.yaml", "title: 이미 있는 설정\n"),
        ("content/guide.schema.json", "{}\n"),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
    .collect();
    for (path, bytes) in &mine {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let (code, printed) = run_at(dir.path(), &["init", "--force"]);
    assert_eq!(code, 0, "{printed}");
    let after = read_tree(dir.path());
    for (path, bytes) in &everything {
        let expected = mine.get(path).unwrap_or(bytes);
        assert_eq!(after.get(path), Some(expected), "{path}");
    }
    assert_eq!(after.len(), everything.len());
}

#[test]
fn templates_are_copied_into_a_project_and_change_nothing() {
    let dir = initialised();
    assert_eq!(run_at(dir.path(), &["build"]).0, 0);
    let before = read_tree(&dir.path().join("site"));
    let (code, printed) = run_at(dir.path(), &["init", "--templates"]);
    assert_eq!(code, 0, "{printed}");
    let copied = read_tree(&dir.path().join(templates::TEMPLATES_DIR));
    let defaults: Tree = templates::defaults().collect();
    assert_eq!(
        copied.keys().collect::<Vec<_>>(),
        defaults.keys().collect::<Vec<_>>()
    );
    assert!(copied == defaults, "the copies differ from the defaults");
    assert!(copied.keys().any(|name| name.starts_with("static/")));
    let check = stepguide()
        .args(["build", "--check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    assert_eq!(run_at(dir.path(), &["build"]).0, 0);
    assert!(before == read_tree(&dir.path().join("site")));
}
