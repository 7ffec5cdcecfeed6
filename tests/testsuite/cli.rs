//! The small commands: `new` and `schema`, through the real binary.

mod common;

use common::stepguide;

#[test]
fn new_guide_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        std::path::Path::new("tests/fixtures/check/valid"),
        dir.path(),
    );
    let new = stepguide()
        .args(["new", "fresh-guide", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        new.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let written =
        std::fs::read_to_string(dir.path().join("content/guides/fresh-guide.yaml")).unwrap();
    assert!(written.starts_with("# yaml-language-server: $schema=../guide.schema.json\n"));

    let check = stepguide()
        .args(["check", "--deny-warnings", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 guides"), "{stdout}");
}

#[test]
fn new_refuses_unsafe_ids() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["../escape", "Has Space", "인증서", "a--b", ""] {
        let output = stepguide()
            .args(["new", id, "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "id {id:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("not a safe guide id"),
            "id {id:?}"
        );
    }
    assert!(
        !dir.path().join("content").exists(),
        "nothing may be written for a bad id"
    );
}

#[test]
fn new_never_overwrites_a_guide() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        std::path::Path::new("tests/fixtures/check/valid"),
        dir.path(),
    );
    let path = dir.path().join("content/guides/kept.yaml");
    std::fs::write(&path, "id: kept\n").unwrap();
    let output = stepguide()
        .args(["new", "kept", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("never overwritten"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "id: kept\n");
}

#[test]
fn committed_schemas_match_the_content_types() {
    for kind in ["guide", "site", "terminology"] {
        let output = stepguide().args(["schema", kind]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        let committed = std::fs::read_to_string(format!("content/{kind}.schema.json")).unwrap();
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            committed,
            "content/{kind}.schema.json is stale: run `cargo run -- schema {kind} > content/{kind}.schema.json`"
        );
    }
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
fn readme_example_guide_passes_check() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let example = readme
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a yaml example");
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        std::path::Path::new("tests/fixtures/check/valid"),
        dir.path(),
    );
    std::fs::write(
        dir.path().join("content/guides/financial-certificate.yaml"),
        example,
    )
    .unwrap();
    let check = stepguide()
        .args(["check", "--deny-warnings", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}");
}
