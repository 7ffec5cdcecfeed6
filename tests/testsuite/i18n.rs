//! Languages: translations beside their originals, the drift `check` reports (one snapshot
//! a case, at the translated node's `file:line:col`), `stepguide translated`, the site in
//! every language, and interface strings a project overrides.
//!
//! Every case starts from `tests/fixtures/i18n` (a Korean guide and its English
//! translation), copied to a temporary folder with the translation recorded, and applies
//! one edit.

use crate::support::{build_site, fixture, read_tree, replace, run_in};
use std::path::Path;

const ORIGINAL: &str = "content/guides/sample.yaml";
const ENGLISH: &str = "content/guides/sample.en.yaml";
const RECORD: &str = "content/guides/sample.en.lock";

/// The fixture, with its English translation recorded.
fn recorded() -> tempfile::TempDir {
    let dir = fixture("i18n");
    let ran = run_in(dir.path(), &["translated", "sample", "en"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    dir
}

/// `check`'s exit code and report.
fn check(root: &Path) -> (i32, String) {
    let ran = run_in(root, &["check"]);
    (ran.code, ran.stdout)
}

/// Asserts that `check` after `edit` names `rule` and matches the snapshot `name`.
fn case(name: &str, rule: &str, code: i32, edit: impl FnOnce(&Path)) {
    let dir = recorded();
    edit(dir.path());
    let (got, report) = check(dir.path());
    assert_eq!(got, code, "{report}");
    assert!(report.contains(&format!("[{rule}]")), "{report}");
    insta::assert_snapshot!(name, report);
}

#[test]
fn a_recorded_translation_checks_clean() {
    let dir = recorded();
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    let record = std::fs::read_to_string(dir.path().join(RECORD)).unwrap();
    assert!(
        record.contains("\nprocedures/web/steps/verify/cautions/2 "),
        "{record}"
    );
}

#[test]
fn deleting_a_caution_from_an_english_step() {
    case("caution_deleted", "translation-missing", 1, |root| {
        replace(
            root,
            ENGLISH,
            "          - text: Answer the call at once.\n",
            "",
        );
    });
}

#[test]
fn adding_a_step_to_a_korean_procedure() {
    case("step_added", "translation-missing", 1, |root| {
        replace(
            root,
            ORIGINAL,
            "    result: 인증서가 발급됩니다.",
            "      - id: finish\n        action: 완료 화면을 확인하세요\n        cautions:\n          - text: 창을 닫지 마세요.\n    result: 인증서가 발급됩니다.",
        );
    });
}

#[test]
fn editing_a_korean_caution() {
    case("caution_edited", "translation-outdated", 0, |root| {
        replace(
            root,
            ORIGINAL,
            "전화가 오면 바로 받으세요.\n",
            "전화가 오면 1분 안에 받으세요.\n",
        );
    });
}

#[test]
fn reformatting_the_original_is_no_change() {
    let dir = recorded();
    replace(
        dir.path(),
        ORIGINAL,
        "          - text: 전화가 오면 바로 받으세요.",
        "          - text: >-\n              전화가 오면   바로\n              받으세요.",
    );
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
}

#[test]
fn an_extra_node_in_the_translation() {
    case("extra_item", "translation-extra", 1, |root| {
        replace(
            root,
            ENGLISH,
            "        text: My phone number is up to date\n",
            "        text: My phone number is up to date\n      - id: card-ready\n        text: My security card is at hand\n",
        );
    });
}

#[test]
fn a_changed_reference_in_the_translation() {
    case("reference_changed", "translation-mismatch", 1, |root| {
        replace(
            root,
            ENGLISH,
            "      - use: agree\n",
            "      - use: agreed\n",
        );
    });
}

#[test]
fn a_translation_in_an_undeclared_language() {
    case("undeclared_language", "translation-undeclared", 1, |root| {
        std::fs::copy(
            root.join(ENGLISH),
            root.join("content/guides/sample.fr.yaml"),
        )
        .unwrap();
    });
}

#[test]
fn a_translation_without_an_original() {
    case("orphan", "translation-orphan", 1, |root| {
        std::fs::copy(
            root.join(ENGLISH),
            root.join("content/guides/other.en.yaml"),
        )
        .unwrap();
    });
}

#[test]
fn a_translation_without_a_record() {
    case("unrecorded", "translation-unrecorded", 0, |root| {
        std::fs::remove_file(root.join(RECORD)).unwrap();
    });
}

#[test]
fn a_guide_without_a_translation_is_left_out_with_one_warning() {
    case("untranslated", "untranslated", 0, |root| {
        let sample = std::fs::read_to_string(root.join(ORIGINAL)).unwrap();
        let other = sample.replacen("id: sample\n", "id: other\n", 1).replacen(
            "certificate: 샘플인증서",
            "certificate: 다른인증서",
            1,
        );
        std::fs::write(root.join("content/guides/other.yaml"), other).unwrap();
    });
}

#[test]
fn a_shared_field_given_differently() {
    case("quote_differs", "translation-mismatch", 1, |root| {
        replace(
            root,
            ENGLISH,
            "    value: 3 years from the day it is issued\n",
            "    value: 3 years from the day it is issued\n    quote: Valid for three years.\n",
        );
    });
}

#[test]
fn translated_refuses_a_translation_that_does_not_mirror_its_original() {
    let dir = fixture("i18n");
    replace(
        dir.path(),
        ENGLISH,
        "          - text: Answer the call at once.\n",
        "",
    );
    let ran = run_in(dir.path(), &["translated", "sample", "en"]);
    assert_eq!(ran.code, 1, "{}", ran.stdout);
    assert!(ran.stdout.contains("translation-missing"), "{}", ran.stdout);
    assert!(!dir.path().join(RECORD).exists());
}
