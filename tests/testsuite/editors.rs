//! What editors and hooks rely on: `check FILE...` reports on just those files, and the JSON
//! Schemas that `stepguide schema` writes accept what `check` accepts and catch, while the
//! author types, the mistakes they can see.

use crate::support::{binary, fixture, replace, repo, stepguide};
use serde_json::{Value, json};
use std::path::Path;

/// Runs `stepguide ARGS` in `dir`, as a hook or an editor does; returns the exit code and
/// stdout.
fn run_at(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = binary().args(args).current_dir(dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), stdout)
}

const GUIDE: &str = "content/guides/sample.yaml";

/// The valid check fixture with a second guide, `broken`, whose one step has no caution.
fn two_guides() -> tempfile::TempDir {
    let dir = fixture("check/valid");
    let text = std::fs::read_to_string(dir.path().join(GUIDE)).unwrap();
    let broken = text.replacen("id: sample", "id: broken", 1).replacen(
        "        cautions:\n          - shared: keep-secret\n",
        "",
        1,
    );
    assert_ne!(broken, text.replacen("id: sample", "id: broken", 1));
    std::fs::write(dir.path().join("content/guides/broken.yaml"), broken).unwrap();
    dir
}

#[test]
fn check_with_file_names_reports_on_those_files_only() {
    let dir = two_guides();
    let (code, all) = run_at(dir.path(), &["check"]);
    assert_eq!(code, 1, "{all}");
    assert!(all.contains("content/guides/broken.yaml:"), "{all}");

    let (code, sample) = run_at(dir.path(), &["check", GUIDE]);
    assert_eq!(code, 0, "{sample}");
    assert!(sample.starts_with("checked 1 file, 1 guide,"), "{sample}");

    let (code, broken) = run_at(dir.path(), &["check", "content/guides/broken.yaml"]);
    assert_eq!(code, 1, "{broken}");
    assert!(broken.contains("error[step-without-caution]"), "{broken}");
    assert!(!broken.contains("sample.yaml"), "{broken}");
}

#[test]
fn check_with_file_names_still_reports_the_settings() {
    let dir = fixture("check/valid");
    replace(
        dir.path(),
        "content/site.yaml",
        "review_interval_days: 180",
        "review_interval_days: 0",
    );
    let (code, stdout) = run_at(dir.path(), &["check", GUIDE]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("content/site.yaml:"), "{stdout}");
}

#[test]
fn check_finds_the_project_of_the_files_it_is_given() {
    let dir = two_guides();
    let file = dir.path().join("content/guides/broken.yaml");
    // Run from the repository, far from the project, as a hook in another folder would.
    let output = stepguide().arg("check").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("content/guides/broken.yaml:"), "{stdout}");

    let outside = dir.path().join("notes.yaml");
    std::fs::write(&outside, "a: b\n").unwrap();
    let output = stepguide()
        .args(["check", "--root"])
        .arg(dir.path())
        .arg(&outside)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a content file"), "{stderr}");
}

/// The committed JSON Schema of a content file kind, ready to validate.
fn validator(kind: &str) -> jsonschema::Validator {
    let path = repo().join(format!("content/{kind}.schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A YAML file as the JSON an editor's language server checks against the schema.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn the_schemas_accept_every_valid_content_file() {
    let init = tempfile::tempdir().unwrap();
    let (code, stdout) = run_at(init.path(), &["init"]);
    assert_eq!(code, 0, "{stdout}");
    let projects = [repo().to_path_buf(), init.path().to_path_buf()];
    let mut checked = 0;
    for project in &projects {
        let content = project.join("content");
        let terminologies = std::fs::read_dir(&content)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("terminology.") && name.ends_with(".yaml"));
        let files = std::iter::once(("site.yaml".to_string(), "site"))
            .chain(terminologies.map(|name| (name, "terminology")));
        for (file, kind) in files {
            let value = as_json(&content.join(&file));
            let errors: Vec<String> = validator(kind)
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
            checked += 1;
        }
        let guide = validator("guide");
        for entry in std::fs::read_dir(content.join("guides")).unwrap() {
            let path = entry.unwrap().path();
            // A translation's record (`.lock`) is not YAML.
            if path.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            let errors: Vec<String> = guide
                .iter_errors(&as_json(&path))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 7, "only {checked} files checked");
}

#[test]
fn the_guide_schema_catches_what_an_author_can_see_while_typing() {
    let guide = validator("guide");
    let valid = as_json(&repo().join("content/guides/joint-certificate.yaml"));
    assert!(guide.is_valid(&valid));
    let step = "/procedures/0/steps/0";
    let cases: [(&str, &str, Value); 8] = [
        (
            "an id that is not a slug",
            "/id",
            json!("Joint Certificate"),
        ),
        (
            "a date that is not YYYY-MM-DD",
            "/reviewed",
            json!("2026/11/22"),
        ),
        ("no procedure", "/procedures", json!([])),
        (
            "a step with no caution",
            &format!("{step}/cautions"),
            json!([]),
        ),
        (
            "a caution of two kinds",
            &format!("{step}/cautions/0"),
            json!({"text": "a", "failure": "b"}),
        ),
        (
            "an unknown situation kind",
            "/situations/0/kind",
            json!("fast"),
        ),
        ("an unknown field", &format!("{step}/cautoins"), json!([])),
        (
            "a checklist group with no item",
            "/checklist/0/items",
            json!([]),
        ),
    ];
    for (what, pointer, value) in cases {
        let mut broken = valid.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = broken
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{what}: {parent}"));
        match target {
            Value::Object(map) => {
                map.insert(key.to_string(), value);
            }
            Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
            _ => panic!("{what}: {parent} is neither a mapping nor a list"),
        }
        assert!(!guide.is_valid(&broken), "the schema accepts {what}");
    }
    // A step that uses a shared step needs no caution of its own.
    let mut uses = valid.clone();
    uses.pointer_mut("/procedures/0/steps/0")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .retain(|key, _| key == "id");
    uses["procedures"][0]["steps"][0]["use"] = json!("agree-terms");
    assert!(guide.is_valid(&uses), "a step with `use:` alone is valid");
}
