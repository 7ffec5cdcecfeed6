//! `stepguide check` on fixture knowledge bases, through the real binary.
//!
//! Every case starts from `tests/fixtures/check/valid`, copied to a temporary folder, and
//! applies one edit that breaks exactly one rule. The diagnostics are compared as snapshots
//! (`snapshots/testsuite__check__<case>.snap`), with the temporary path redacted.

use crate::support::{fixture, replace, run_in, stepguide};
use std::path::Path;

const VALID: &str = "check/valid";
const GUIDE: &str = "content/guides/sample.yaml";

/// An edit to the valid fixture.
enum Edit {
    /// Replace the first occurrence of a text in a file (the text must be there).
    Replace(&'static str, &'static str, &'static str),
    /// Write a file with these bytes.
    Write(&'static str, &'static [u8]),
    /// Delete a file.
    Delete(&'static str),
    /// Add a guide with this id: a copy of the sample guide.
    CopyGuide(&'static str),
}

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Edit::Replace(file, from, to) => replace(root, file, from, to),
        Edit::Write(file, bytes) => std::fs::write(root.join(file), bytes).unwrap(),
        Edit::Delete(file) => std::fs::remove_file(root.join(file)).unwrap(),
        Edit::CopyGuide(id) => {
            let sample = std::fs::read_to_string(root.join(GUIDE)).unwrap();
            let copy = sample.replacen("id: sample\n", &format!("id: {id}\n"), 1);
            std::fs::write(root.join(format!("content/guides/{id}.yaml")), copy).unwrap();
        }
    }
}

/// Runs `check` with `args` on the valid fixture after `edits`; returns (exit code, stdout).
fn check_with(edits: &[Edit], args: &[&str]) -> (i32, String) {
    let dir = fixture(VALID);
    for edit in edits {
        apply(dir.path(), edit);
    }
    let ran = run_in(dir.path(), &[&["check"], args].concat());
    (ran.code, ran.stdout)
}

/// Asserts the case fails with exit code `code`, mentions `rule`, and matches its snapshot.
fn case(name: &str, edits: &[Edit], rule: &str, code: i32) {
    let (status, stdout) = check_with(edits, &[]);
    assert!(
        stdout.contains(&format!("[{rule}]")),
        "case {name}: expected rule {rule} in:\n{stdout}"
    );
    assert_eq!(status, code, "case {name}: exit code\n{stdout}");
    insta::assert_snapshot!(name, stdout);
}

use Edit::*;

#[test]
fn valid_fixture_passes_with_deny_warnings() {
    let (status, stdout) = check_with(&[], &["--deny-warnings"]);
    assert_eq!(status, 0, "{stdout}");
    insta::assert_snapshot!("valid", stdout);
}

#[test]
fn step_without_caution_is_an_error_at_the_step() {
    case(
        "step_without_caution",
        &[Replace(
            GUIDE,
            "        cautions:\n          - shared: keep-secret\n",
            "",
        )],
        "step-without-caution",
        1,
    );
}

#[test]
fn shared_step_without_caution_is_an_error() {
    case(
        "shared_step_without_caution",
        &[Replace(
            GUIDE,
            "    cautions:\n      - text: 약관을 끝까지 읽으세요.\n",
            "",
        )],
        "step-without-caution",
        1,
    );
}

#[test]
fn misspelled_field_suggests_the_right_one() {
    case(
        "unknown_field",
        &[Replace(
            GUIDE,
            "        cautions:\n          - failure",
            "        cautoins:\n          - failure",
        )],
        "unknown-field",
        1,
    );
}

#[test]
fn broken_yaml_gets_its_place_after_korean_text() {
    case(
        "yaml_syntax",
        &[Replace(
            GUIDE,
            "action: 본인 인증을 하세요",
            "action: \"본인 인증을 하세요\" 추가",
        )],
        "yaml-syntax",
        1,
    );
}

#[test]
fn missing_field_is_an_error() {
    case(
        "missing_field",
        &[Replace(GUIDE, "title: 샘플 인증서 발급\n", "")],
        "missing-field",
        1,
    );
}

#[test]
fn wrong_type_is_an_error() {
    case(
        "invalid_type",
        &[Replace(
            GUIDE,
            "action: 본인 인증을 하세요",
            "action: [본인, 인증]",
        )],
        "invalid-type",
        1,
    );
}

#[test]
fn unknown_situation_kind_suggests_one() {
    case(
        "invalid_value",
        &[Replace(GUIDE, "kind: quick", "kind: quik")],
        "invalid-value",
        1,
    );
}

#[test]
fn duplicate_key_is_an_error() {
    case(
        "duplicate_key",
        &[Replace(
            GUIDE,
            "certificate: 샘플인증서\n",
            "certificate: 샘플인증서\ncertificate: 둘\n",
        )],
        "duplicate-key",
        1,
    );
}

#[test]
fn caution_with_two_sources_is_an_error() {
    case(
        "invalid_caution",
        &[Replace(
            GUIDE,
            "          - shared: keep-secret\n",
            "          - shared: keep-secret\n            text: 둘 다\n",
        )],
        "invalid-caution",
        1,
    );
}

#[test]
fn step_using_a_shared_step_cannot_add_content() {
    case(
        "invalid_step",
        &[Replace(
            GUIDE,
            "        id: web-agree\n",
            "        id: web-agree\n        action: 또 다른 동작\n",
        )],
        "invalid-step",
        1,
    );
}

#[test]
fn unresolved_references_are_errors_with_suggestions() {
    case(
        "unresolved_reference",
        &[
            Replace(GUIDE, "- failure: ars-missed", "- failure: ars-mised"),
            Replace(GUIDE, "- use: agree", "- use: agre"),
            Replace(GUIDE, "- shared: keep-secret", "- shared: nothing-like-it"),
            Replace(GUIDE, "source: agency", "source: agencies"),
        ],
        "unresolved-reference",
        1,
    );
}

#[test]
fn duplicate_ids_are_errors() {
    case(
        "duplicate_id",
        &[Replace(GUIDE, "- id: otp", "- id: verify")],
        "duplicate-id",
        1,
    );
}

#[test]
fn unsafe_ids_are_errors() {
    case(
        "invalid_id",
        &[
            Replace(GUIDE, "- id: otp", "- id: ../OTP"),
            Replace(GUIDE, "id: sample", "id: other"),
        ],
        "invalid-id",
        1,
    );
}

#[test]
fn empty_text_is_an_error() {
    case(
        "empty_text",
        &[Replace(
            GUIDE,
            "action: 보안카드나 OTP로 인증하세요",
            "action: \"  \"",
        )],
        "empty-text",
        1,
    );
}

#[test]
fn impossible_date_is_an_error() {
    case(
        "invalid_date",
        &[Replace(GUIDE, "checked: 2026-11-01", "checked: 2026-02-30")],
        "invalid-date",
        1,
    );
}

#[test]
fn impossible_month_says_which_part_is_impossible() {
    case(
        "invalid_date_month",
        &[Replace(
            GUIDE,
            SOURCE_BLOCK,
            "  - { id: agency, title: 발급 기관 안내, url: https://agency.example.org/, checked: 2026-13-01 }\n",
        )],
        "invalid-date",
        1,
    );
}

/// The fixture's one source, written in block style.
const SOURCE_BLOCK: &str = "  - id: agency\n    title: 발급 기관 안내\n    url: https://agency.example.org/\n    checked: 2026-11-01\n";

#[test]
fn dates_after_today_are_errors() {
    case(
        "future_date",
        &[
            Replace(GUIDE, "reviewed: 2026-11-01", "reviewed: 2027-11-01"),
            Replace(
                GUIDE,
                SOURCE_BLOCK,
                "  - { id: agency, title: 발급 기관 안내, url: https://agency.example.org/, checked: 2026-12-04 }\n",
            ),
        ],
        "future-date",
        1,
    );
    // Tomorrow is today somewhere east of UTC (Korea is 9 hours ahead).
    let tomorrow = Replace(GUIDE, "reviewed: 2026-11-01", "reviewed: 2026-12-03");
    let (code, stdout) = check_with(&[tomorrow], &["--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn a_guide_without_procedures_is_an_error() {
    let procedures = "procedures:\n  - id: web\n    channel: 웹사이트\n";
    let (code, stdout) = check_with(&[], &[]);
    assert_eq!(code, 0, "{stdout}");
    let dir = fixture(VALID);
    let text = std::fs::read_to_string(dir.path().join(GUIDE)).unwrap();
    let start = text.find(procedures).unwrap();
    let end = text.find("shared_cautions:").unwrap();
    let block: &'static str = Box::leak(text[start..end].to_string().into_boxed_str());
    case(
        "empty_list",
        &[
            Replace(GUIDE, block, "procedures: []   # 절차는 나중에 씁니다\n"),
            Replace(
                GUIDE,
                "    items:\n      - id: phone-current\n        text: 휴대폰 번호가 최신이다\n",
                "    items: []\n",
            ),
        ],
        "empty-list",
        1,
    );
}

#[test]
fn entries_nothing_uses_warn() {
    case(
        "unused",
        &[
            Replace(
                GUIDE,
                "failures:\n",
                "failures:\n  - id: never-used\n    situation: 쓰이지 않는 행\n    cause: 참조 없음\n    caution: 지워도 됩니다\n",
            ),
            Replace(
                GUIDE,
                "shared_cautions:\n",
                "shared_cautions:\n  - { id: lonely, text: 아무도 쓰지 않는 주의 }\n",
            ),
            Replace(
                GUIDE,
                "shared_steps:\n",
                "shared_steps:\n  - id: spare\n    action: 남는 단계예요\n    cautions:\n      - shared: lonely\n",
            ),
            Replace(
                GUIDE,
                "sources:\n",
                "sources:\n  - { id: old-book, title: 옛 안내서, checked: 2026-01-01 }\n",
            ),
        ],
        "unused",
        0,
    );
}

#[test]
fn a_category_the_site_does_not_declare_is_an_error_with_the_closest_one() {
    case(
        "unknown_category",
        &[
            Replace(
                "content/site.yaml",
                "language: ko",
                "language: ko\ncategories:\n  - id: money\n    title: 돈 관리\n  - id: safety\n    title: 안전\n",
            ),
            Replace(
                GUIDE,
                "certificate: 샘플인증서\n",
                "certificate: 샘플인증서\ncategory: mony\n",
            ),
        ],
        "unknown-category",
        1,
    );
}

#[test]
fn category_ids_are_slugs_declared_once_and_translations_title_only_declared_ones() {
    case(
        "category_ids",
        &[Replace(
            "content/site.yaml",
            "language: ko",
            "language: ko\ncategories:\n  - id: Money Matters\n    title: 돈 관리\n  - id: safety\n    title: 안전\n  - id: safety\n    title: 안전 2\ntranslations:\n  en:\n    categories:\n      safety: Safety\n      safty: Safety\n",
        )],
        "unknown-category",
        1,
    );
}

#[test]
fn a_language_that_is_no_language_tag_is_an_error() {
    case(
        "invalid_language",
        &[Replace(
            "content/site.yaml",
            "language: ko",
            "language: xx-!!",
        )],
        "invalid-language",
        1,
    );
}

#[test]
fn forbidden_terms_are_found_with_separators_inside_without_false_alarms() {
    let terms = "terms:\n  - preferred: 출금 계좌\n    forbidden: [출금계좌]\n    reason: 띄어 씁니다.\n  - preferred: 범용\n    forbidden: [범용형]\n    reason: 범용형이라는 종류는 없습니다.\n";
    case(
        "terminology_separators",
        &[
            Replace("content/terminology.yaml", "terms:\n", terms),
            Replace(
                GUIDE,
                "- 출금 계좌와 비밀번호",
                "- 출금 계좌와 공인 인증서를, 공인-인증서나 공인·인증서의 범용 형태",
            ),
        ],
        "terminology",
        0,
    );
}

#[test]
fn an_allow_comment_allows_one_warning_on_the_node_below_it() {
    let edits = [
        // Allowed: the comment is on the line before the list item.
        Replace(
            GUIDE,
            "  - 출금 계좌와 비밀번호\n",
            "  # stepguide: allow(terminology) 옛 이름으로 찾는 독자를 위해 씁니다\n  - 예전 공인인증서를 쓰던 PC\n",
        ),
        // Allowed: the comment covers the whole step, its cautions included.
        Replace(
            GUIDE,
            "      - id: verify\n",
            "      # stepguide: allow(terminology) 옛 이름을 일부러 씁니다\n      - id: verify\n",
        ),
        Replace(
            GUIDE,
            "전화가 오면 바로 받으세요.",
            "공인인증서 전화가 오면 바로 받으세요.",
        ),
        // Not allowed: the next step is outside the node.
        Replace(GUIDE, "보안카드나 OTP로", "보안카드나 OPT로"),
    ];
    let (code, stdout) = check_with(&edits, &["--deny-warnings"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("`OPT` should be `OTP`"), "{stdout}");
    assert!(!stdout.contains("공인인증서` should"), "{stdout}");
    insta::assert_snapshot!("allow", stdout);
    let (code, stdout) = check_with(&edits[..3], &["--deny-warnings", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["allowed"], 2, "{stdout}");
    assert_eq!(json["summary"]["warnings"], 0, "{stdout}");
}

#[test]
fn allow_comments_need_a_reason_a_warning_and_something_to_allow() {
    case(
        "invalid_allow",
        &[
            Replace(
                GUIDE,
                "title: 샘플 인증서 발급\n",
                "# stepguide: allow(terminology)\ntitle: 샘플 인증서 발급\n",
            ),
            Replace(
                GUIDE,
                "prepare:\n",
                "# stepguide: allow(terminolgy) 오타가 있는 규칙 이름\nprepare:\n",
            ),
            Replace(
                GUIDE,
                "shared_cautions:\n",
                "# stepguide: allow(step-without-caution) 오류는 허용할 수 없습니다\nshared_cautions:\n",
            ),
            Replace(
                GUIDE,
                "sequence:\n",
                "# stepguide: allow(terminology) 고친 뒤에 남은 주석\nsequence:\n",
            ),
            Replace(
                GUIDE,
                "checklist:\n",
                "# stepguide: 모두 허용\nchecklist:\n",
            ),
        ],
        "invalid-allow",
        0,
    );
}

#[test]
fn unsafe_source_url_is_an_error() {
    case(
        "invalid_url",
        &[Replace(
            GUIDE,
            "url: https://agency.example.org/",
            "url: javascript:alert(1)",
        )],
        "invalid-url",
        1,
    );
}

#[test]
fn forbidden_terms_warn_with_particles_but_not_inside_latin_words() {
    case(
        "terminology",
        &[Replace(
            GUIDE,
            "- 출금 계좌와 비밀번호",
            "- 예전 공인인증서를 쓰던 PC의 OPTION 메뉴, OPT 카드",
        )],
        "terminology",
        0,
    );
}

#[test]
fn old_review_date_warns() {
    case(
        "review_overdue",
        &[Replace(
            GUIDE,
            "reviewed: 2026-11-01",
            "reviewed: 2025-01-01",
        )],
        "review-overdue",
        0,
    );
}

#[test]
fn long_checklist_group_warns() {
    let items = "      - id: phone-current\n        text: 휴대폰 번호가 최신이다\n";
    let many: String = (1..=10)
        .map(|n| format!("      - id: item-{n}\n        text: 항목 {n}이 준비되어 있다\n"))
        .collect();
    let many: &'static str = Box::leak(many.into_boxed_str());
    case(
        "checklist_group_too_long",
        &[Replace(GUIDE, items, many)],
        "checklist-group-too-long",
        0,
    );
}

/// The case: three groups of nine items of about 60 characters fit no A4 page; the
/// warning points at the group that goes on the second page and says by how much.
#[test]
fn checklist_longer_than_a_page_warns_at_the_group() {
    let one = "checklist:\n  - moment: before\n    mode: read-do\n    items:\n      - id: phone-current\n        text: 휴대폰 번호가 최신이다\n";
    let mut three = String::from("checklist:\n");
    for moment in ["before", "during", "after"] {
        three.push_str(&format!(
            "  - moment: {moment}\n    mode: read-do\n    items:\n"
        ));
        for n in 1..=9 {
            three.push_str(&format!(
                "      - id: {moment}-{n}\n        text: {n}번 인증서 비밀번호는 영문, 숫자, 특수문자를 섞어 10자리 이상으로 정하고 따로 적어 두었다\n"
            ));
        }
    }
    let three: &'static str = Box::leak(three.into_boxed_str());
    case(
        "print_overflow",
        &[Replace(GUIDE, one, three)],
        "print-overflow",
        0,
    );
}

#[test]
fn fact_without_source_warns() {
    case(
        "fact_without_source",
        &[Replace(GUIDE, "    source: agency\n", "")],
        "fact-without-source",
        0,
    );
}

#[test]
fn fact_without_quote_warns() {
    case(
        "fact_without_quote",
        &[Replace(
            GUIDE,
            "    quote: 인증서의 유효기간은 발급일로부터 3년입니다.\n",
            "",
        )],
        "fact-without-quote",
        0,
    );
}

#[test]
fn quote_from_a_source_without_url_warns() {
    case(
        "quote_without_url",
        &[Replace(GUIDE, "    url: https://agency.example.org/\n", "")],
        "quote-without-url",
        0,
    );
}

/// A question's citation is checked like a fact's source.
#[test]
fn a_question_quoting_an_unknown_source_is_an_error() {
    let question = "questions:\n  - id: lost\n    question: 비밀번호를 잊었어요\n    \
                    answer: 재발급받으세요.\n    evidence:\n      - source: agencey\n        \
                    quote: 재발급받습니다.\nsequence:";
    case(
        "question_unknown_source",
        &[Replace(GUIDE, "sequence:", question)],
        "unresolved-reference",
        1,
    );
}

/// The plain form fires in a caution, at the word; a checklist item keeps its plain
/// "expected state" (…안다, …최신이다) without a warning.
#[test]
fn plain_form_warns_in_a_caution_but_not_in_a_checklist_item() {
    let edits = [
        Replace(
            GUIDE,
            "caution: 전화가 오면 바로 받으세요",
            "caution: 전화가 오면 바로 응답한다",
        ),
        Replace(
            GUIDE,
            "text: 휴대폰 번호가 최신이다",
            "text: 등록된 휴대폰 번호를 안다",
        ),
    ];
    let (status, stdout) = check_with(&edits, &[]);
    assert_eq!(status, 0, "a warning alone passes:\n{stdout}");
    assert_eq!(stdout.matches("[plain-form]").count(), 1, "{stdout}");
    assert!(stdout.contains("`응답한다`"), "{stdout}");
    assert!(
        !stdout.contains("안다`"),
        "a checklist item was flagged:\n{stdout}"
    );
    insta::assert_snapshot!("plain_form", stdout);
    // Polite and formal endings are the house voice: the valid fixture, full of them, passes.
    assert_eq!(check_with(&[], &["--deny-warnings"]).0, 0);
}

#[test]
fn non_utf8_file_is_an_error() {
    case(
        "encoding",
        &[Write(GUIDE, b"id: sample\ntitle: \xea\xb0\x80\xff\n")],
        "encoding",
        1,
    );
}

#[test]
fn empty_file_is_an_error() {
    case(
        "empty_file",
        &[Write(GUIDE, b"# nothing yet\n\n")],
        "empty-file",
        1,
    );
}

#[test]
fn missing_settings_file_is_an_error() {
    case(
        "unreadable_file",
        &[Delete("content/site.yaml")],
        "unreadable-file",
        1,
    );
}

#[test]
fn alias_bomb_is_stopped() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 10].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    let bomb: &'static [u8] = Box::leak(bomb.into_bytes().into_boxed_slice());
    let (status, stdout) = check_with(&[Write(GUIDE, bomb)], &[]);
    assert_eq!(status, 1, "{stdout}");
    assert!(stdout.contains("content/guides/sample.yaml:"), "{stdout}");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let edit = [Replace(
        GUIDE,
        "reviewed: 2026-11-01",
        "reviewed: 2025-01-01",
    )];
    assert_eq!(check_with(&edit, &[]).0, 0);
    assert_eq!(check_with(&edit, &["--deny-warnings"]).0, 1);
}

#[test]
fn json_format_lists_every_field() {
    let (status, stdout) = check_with(
        &[Replace(
            GUIDE,
            "        cautions:\n          - shared: keep-secret\n",
            "",
        )],
        &["--format", "json"],
    );
    assert_eq!(status, 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!("json_format", value);
}

/// The diagnostics of `check --format json` after `edits`, and the edited guide's lines.
fn json_diagnostics(edits: &[Edit]) -> (Vec<serde_json::Value>, Vec<String>) {
    let dir = fixture(VALID);
    for edit in edits {
        apply(dir.path(), edit);
    }
    let ran = run_in(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let guide = std::fs::read_to_string(dir.path().join(GUIDE)).unwrap_or_default();
    let diagnostics = json["diagnostics"].as_array().cloned().unwrap_or_default();
    for d in &diagnostics {
        let (line, end_line) = (d["line"].as_u64(), d["end_line"].as_u64());
        assert!(line.is_some() && end_line >= line, "no end: {d}");
        assert!(d["end_col"].as_u64().is_some(), "no end: {d}");
    }
    (diagnostics, guide.lines().map(String::from).collect())
}

/// The one diagnostic of `rule`; its start and end as (line, col) and its fix.
fn place_and_fix(
    diagnostics: &[serde_json::Value],
    rule: &str,
) -> ((u64, u64), (u64, u64), String) {
    let found: Vec<_> = diagnostics.iter().filter(|d| d["rule"] == rule).collect();
    assert_eq!(found.len(), 1, "{diagnostics:?}");
    let at = |line: &str, col: &str| {
        (
            found[0][line].as_u64().unwrap(),
            found[0][col].as_u64().unwrap(),
        )
    };
    let fix = found[0]["fix"].as_str().unwrap_or("(none)").to_string();
    (at("line", "col"), at("end_line", "end_col"), fix)
}

/// Line and column (1-based, in characters) of the first `needle` in `lines`.
fn position(lines: &[String], needle: &str) -> (u64, u64) {
    let (index, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    let col = line[..line.find(needle).unwrap()].chars().count();
    (index as u64 + 1, col as u64 + 1)
}

#[test]
fn json_format_gives_the_span_and_the_certain_fix() {
    // A forbidden term with a particle attached: the fix replaces the term alone.
    let term = Replace(GUIDE, "- 출금 계좌와 비밀번호", "- 예전 공인인증서를 준비");
    let (diagnostics, lines) = json_diagnostics(&[term]);
    let (start, end, fix) = place_and_fix(&diagnostics, "terminology");
    assert_eq!(start, position(&lines, "공인인증서를"));
    assert_eq!(
        end,
        (start.0, start.1 + "공인인증서".chars().count() as u64)
    );
    assert_eq!(fix, "공동인증서");

    // A misspelled field: the fix is the field it was meant to be.
    let field = Replace(
        GUIDE,
        "        cautions:\n          - failure",
        "        cautoins:\n          - failure",
    );
    let (diagnostics, lines) = json_diagnostics(&[field]);
    let (start, end, fix) = place_and_fix(&diagnostics, "unknown-field");
    assert_eq!(start, position(&lines, "cautoins:"));
    assert_eq!(end, (start.0, start.1 + "cautoins".len() as u64));
    assert_eq!(fix, "cautions");

    // A problem with a file as a whole sits where an editor can show it; nothing is certain.
    let (diagnostics, _) = json_diagnostics(&[Delete("content/site.yaml")]);
    let (start, end, fix) = place_and_fix(&diagnostics, "unreadable-file");
    assert_eq!((start, end, fix.as_str()), ((1, 1), (1, 1), "(none)"));
}

#[test]
fn a_placeholder_base_url_warns_and_a_real_one_does_not() {
    let site = "content/site.yaml";
    let placeholder = Write(
        site,
        "title: 테스트 안내\ndescription: 검사용 지식 베이스입니다.\nbase_url: https://x.example.org/\nlanguage: ko\nreview_interval_days: 180\n".as_bytes(),
    );
    let (code, stdout) = check_with(&[placeholder], &[]);
    assert_eq!(code, 0, "a warning: {stdout}");
    assert!(
        stdout.contains("warning[placeholder-url]: base_url `https://x.example.org/`")
            && stdout.contains("--> content/site.yaml:3:11"),
        "{stdout}"
    );
    let real = Write(
        site,
        "title: 테스트 안내\ndescription: 검사용 지식 베이스입니다.\nbase_url: https://guides.kbstar.com/\nlanguage: ko\nreview_interval_days: 180\n".as_bytes(),
    );
    let (code, stdout) = check_with(&[real], &["--deny-warnings"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn github_format_writes_annotations() {
    let (status, stdout) = check_with(
        &[Replace(
            GUIDE,
            "        cautions:\n          - shared: keep-secret\n",
            "",
        )],
        &["--format", "github"],
    );
    assert_eq!(status, 1);
    insta::assert_snapshot!("github_format", stdout);
}

#[test]
fn missing_content_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let ran = run_in(dir.path(), &["check"]);
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("no `content` folder"), "{}", ran.stderr);
    assert!(ran.stderr.contains("`stepguide init`"), "{}", ran.stderr);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let (_, stdout) = check_with(
        &[
            Replace(
                GUIDE,
                "        cautions:\n          - shared: keep-secret\n",
                "",
            ),
            Replace(GUIDE, "- failure: ars-missed", "- failure: nowhere"),
            Write("content/guides/second.yaml", b"id: second\n"),
        ],
        &[],
    );
    for rule in [
        "step-without-caution",
        "unresolved-reference",
        "missing-field",
    ] {
        assert!(
            stdout.contains(&format!("[{rule}]")),
            "{rule} missing in:\n{stdout}"
        );
    }
}

#[test]
fn shipped_content_passes_with_deny_warnings() {
    let output = stepguide()
        .args(["check", "--deny-warnings"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn symlinks_outside_the_root_and_loops_are_errors() {
    let dir = fixture(VALID);
    let guides = dir.path().join("content/guides");
    std::os::unix::fs::symlink("/etc/hostname", guides.join("outside.yaml")).unwrap();
    std::fs::create_dir(guides.join("nested")).unwrap();
    std::os::unix::fs::symlink("..", guides.join("nested/loop")).unwrap();
    let ran = run_in(dir.path(), &["check"]);
    let stdout = ran.stdout;
    assert_eq!(ran.code, 1, "{stdout}");
    assert!(
        stdout.contains("content/guides/outside.yaml")
            && stdout.contains("outside the project folder"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/guides/nested/loop") && stdout.contains("symbolic link loop"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 guide,"),
        "the regular guide is still checked: {stdout}"
    );
}

#[test]
fn a_folder_where_a_file_should_be_is_an_error() {
    let dir = fixture(VALID);
    std::fs::remove_file(dir.path().join("content/site.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("content/site.yaml")).unwrap();
    let ran = run_in(dir.path(), &["check"]);
    assert_eq!(ran.code, 1, "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("error[unreadable-file]: cannot read the site settings file"),
        "{}",
        ran.stdout
    );
}

// ---- The rules' own helpers, through the library ----

#[test]
fn parses_real_dates_only() {
    use stepguide::lint::dates::parse_date;
    assert_eq!(parse_date("1970-01-01"), Some(0));
    assert_eq!(parse_date("2024-02-29"), Some(19_782));
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(parse_date("2023-13-01"), None);
    assert_eq!(parse_date("2023-1-01"), None);
    assert_eq!(parse_date("２０２３-01-01"), None);
}

#[test]
fn format_is_the_inverse_of_parse() {
    use stepguide::lint::dates::{format_date, parse_date};
    for date in ["1970-01-01", "2000-02-29", "2026-11-22", "2099-12-31"] {
        assert_eq!(format_date(parse_date(date).unwrap()), date);
    }
}

#[test]
fn slugs() {
    use stepguide::lint::ids::is_slug;
    assert!(is_slug("financial-certificate"));
    assert!(is_slug("step2"));
    for bad in [
        "",
        "-a",
        "a-",
        "a--b",
        "A",
        "../x",
        "a/b",
        "인증서",
        "a b",
        "a.b",
    ] {
        assert!(!is_slug(bad), "{bad:?} must not be a slug");
    }
}

#[test]
fn a_tab_is_reported_at_the_tab() {
    case(
        "yaml_tab",
        &[Replace(GUIDE, "        optional: true", "\toptional: true")],
        "yaml-syntax",
        1,
    );
}

#[test]
fn a_misindented_line_says_where_its_siblings_start() {
    case(
        "yaml_misindented",
        &[Replace(
            GUIDE,
            "          - text: 전화가 오면 바로 받으세요.",
            "            - text: 전화가 오면 바로 받으세요.",
        )],
        "yaml-syntax",
        1,
    );
}

#[test]
fn empty_cautions_say_a_list_of_cautions_is_expected() {
    case(
        "empty_cautions",
        &[Replace(
            GUIDE,
            "        cautions:\n          - shared: keep-secret\n",
            "        cautions:\n",
        )],
        "invalid-type",
        1,
    );
}

#[test]
fn an_unknown_choice_lists_the_allowed_values() {
    case(
        "invalid_value_listed",
        &[Replace(
            GUIDE,
            "  - kind: quick\n    title: 시간이 부족한 경우\n",
            "  - { title: 시간이 부족한 경우, kind: fast,\n      advice: 필요한 정보를 미리 준비하세요. }\n  - kind: quick\n    title: 시간이 부족한 경우\n",
        )],
        "invalid-value",
        1,
    );
}

#[test]
fn every_unknown_field_and_wrong_shape_of_a_file_is_reported_in_one_run() {
    case(
        "shape_problems",
        &[
            Replace(GUIDE, "title: 샘플 인증서 발급", "tilte: 샘플 인증서 발급"),
            Replace(
                GUIDE,
                "        choices:\n          - label: ARS 인증\n",
                "        choices: [{ label: ARS 인증, detial: 전화 }, 연락처 인증]\n        choices_old:\n          - label: ARS 인증\n",
            ),
            Replace(
                GUIDE,
                "        cautions:\n          - shared: keep-secret\n",
                "        cautions: 비밀번호를 알려 주지 마세요\n",
            ),
            Replace(GUIDE, "    mode: read-do", "    mode: 읽고-하기"),
        ],
        "unknown-field",
        1,
    );
}

#[test]
fn a_file_the_parser_stops_in_does_not_stop_the_others() {
    case(
        "yaml_stop_other_files",
        &[
            Replace(
                GUIDE,
                "        cautions:\n          - shared: keep-secret\n",
                "",
            ),
            Write(
                "content/guides/second.yaml",
                "id: second\ntitle: \"두 번째\" 안내\n".as_bytes(),
            ),
        ],
        "step-without-caution",
        1,
    );
}

// Links, references and Markdown that renders as written. Each problem sits on a line with
// Korean text before it, most inside a multi-line `|` value.

/// The choice's detail, a `|` block whose second line holds the links under test.
fn detail_with(links: &'static str) -> Edit {
    let to = Box::leak(
        format!(
            "detail: |\n              휴대폰으로 받은 번호를 입력합니다.\n              {links}"
        )
        .into_boxed_str(),
    );
    Replace(GUIDE, "detail: 휴대폰으로 받은 번호를 입력합니다.", to)
}

#[test]
fn links_to_ids_the_page_lacks_are_errors() {
    case(
        "broken_link_ids",
        &[detail_with(
            "자세히는 [인증](#step-nope), [없는 단계](step:nope), [공유 단계](step:agree), [절차](procedure:app)를 보세요.",
        )],
        "broken-link",
        1,
    );
}

#[test]
fn links_to_pages_the_site_lacks_or_out_of_it_are_errors() {
    case(
        "broken_link_pages",
        &[detail_with(
            "다른 안내는 [없는 안내](../no-such-guide/index.html), [밖](../../../etc/passwd), [폴더](../sample/), [없는 쪽](checklist/print.html), [절대](/guides/sample/index.html), [주소](//example.org/a)",
        )],
        "broken-link",
        1,
    );
}

#[test]
fn references_into_other_guides_resolve_or_are_errors() {
    case(
        "broken_link_across",
        &[
            CopyGuide("other"),
            Replace(
                GUIDE,
                "발급하는 방법입니다.",
                "발급하는 방법입니다. [다른 안내](guide:other), [그 단계](step:other/verify), \
                 [그 절](guide:other#failures), [체크리스트](../other/checklist/index.html#item-phone-current)는 맞고\n  \
                 [오타](guide:othr), [없는 단계](step:other/nope), [없는 절](guide:other#step-nope)는 틀립니다.",
            ),
        ],
        "broken-link",
        1,
    );
}

/// Ids that are no slugs, a reference inside a reference, more parts than a reference has:
/// errors, and the page drops the link instead of writing a broken or escaping one.
#[test]
fn hostile_and_recursive_references_are_errors() {
    case(
        "broken_link_hostile",
        &[detail_with(
            "참고: [위](guide:../../etc/passwd) [겹침](step:step:verify) [셋](step:a/b/c) [빈](guide:) [대문자](Step:verify)",
        )],
        "broken-link",
        1,
    );
}

#[test]
fn misspelled_scheme_warns_that_the_link_is_lost() {
    case(
        "link_scheme",
        &[detail_with(
            "은행 [홈페이지](htps://www.kbstar.com/)를 여세요.",
        )],
        "link-scheme",
        0,
    );
}

#[test]
fn an_image_from_another_site_warns_that_it_shows_as_a_link() {
    case(
        "external_image",
        &[detail_with(
            "화면은 ![이렇게](https://example.org/screen.png) 생겼고 ![이것은](../../assets/favicon.svg) 괜찮습니다.",
        )],
        "external-image",
        0,
    );
}

#[test]
fn raw_html_warns_that_it_shows_as_text() {
    case(
        "raw_html",
        &[Replace(
            GUIDE,
            "text: 전화가 오면 바로 받으세요.",
            "text: 전화가 오면 <b>바로</b> 받으세요.<br>끊기면 다시 시도하세요.",
        )],
        "raw-html",
        0,
    );
}

/// A line that starts with `<script>` makes an HTML block: the valid link later on the line
/// is shown as text.
#[test]
fn html_block_that_swallows_a_link_warns() {
    case(
        "raw_html_block",
        &[Replace(
            GUIDE,
            "advice: 필요한 정보를 미리 준비하세요.",
            "advice: |\n      필요한 정보를 미리 준비하세요.\n\n      <script>alert(1)</script> 그리고 [은행](https://www.kbstar.com/)",
        )],
        "raw-html",
        0,
    );
}

#[test]
fn markdown_in_a_plain_text_field_warns() {
    case(
        "markdown_in_plain_text",
        &[
            Replace(
                GUIDE,
                "action: 본인 인증을 하세요",
                "action: \"**본인 인증**을 하세요\"",
            ),
            Replace(
                GUIDE,
                "text: 휴대폰 번호가 최신이다",
                "text: 휴대폰 번호가 `최신`이다",
            ),
        ],
        "markdown-in-plain-text",
        0,
    );
}

#[test]
fn emphasis_that_does_not_close_warns() {
    case(
        "markdown_misread",
        &[
            Replace(
                GUIDE,
                "샘플 인증서를 **웹사이트**에서",
                "샘플 인증서를 **웹사이트에서",
            ),
            Replace(
                GUIDE,
                "text: 약관을 끝까지 읽으세요.",
                "text: 약관의 **\"필수\"**는 끝까지 읽으세요.",
            ),
            Replace(
                GUIDE,
                "text: 비밀번호는 아무에게도 알려 주지 마세요.",
                "text: 비밀번호는 _절대_로 알려 주지 마세요.",
            ),
            Replace(
                GUIDE,
                "advice: 필요한 정보를 미리 준비하세요.",
                "advice: 계좌 a*b 값과 수수료* 표시를 확인하세요.",
            ),
        ],
        "markdown-misread",
        0,
    );
}

/// `<`, `*` and `_` as ordinary characters, in Markdown and plain fields, and emphasis that
/// does render: no warning.
#[test]
fn ordinary_characters_and_working_markdown_are_no_alarm() {
    let (status, stdout) = check_with(
        &[
            Replace(
                GUIDE,
                "summary: 샘플 인증서를 **웹사이트**에서 발급하는 방법입니다.",
                "summary: |\n  샘플 인증서를 **웹사이트**에서 발급하는 방법입니다. 3 < 5, a*b, snake_case, \
                 2 * 3 = 6, **굵게**는, *기울임*을, <공동인증서>, a_b_c, 1<2. \
                 [단계](step:verify), [절차](procedure:web), [표](#failures), \
                 [이 안내](guide:sample), [인쇄](checklist/index.html), [처음](../../index.html), \
                 [메일](mailto:help@example.org), [전화](tel:1588-9999), <https://www.kbstar.com/>\n\n  \
                 수수료* 표시\n\n  \\* 부가세 포함",
            ),
            Replace(
                GUIDE,
                "action: 본인 인증을 하세요",
                "action: 본인 인증(3 < 5, a*b, snake_case, 수수료*)을 하세요",
            ),
        ],
        &["--deny-warnings"],
    );
    assert_eq!(status, 0, "{stdout}");
    assert!(stdout.contains(": 0 errors, 0 warnings"), "{stdout}");
}

/// The JSON span of a link is its destination, counted in characters after Korean text, on
/// the second line of a `|` value.
#[test]
fn json_span_of_a_link_is_its_destination() {
    let (diagnostics, lines) =
        json_diagnostics(&[detail_with("한국어 [인증 단계](#step-nope) 뒤")]);
    let (start, end, fix) = place_and_fix(&diagnostics, "broken-link");
    assert_eq!(start, position(&lines, "#step-nope"));
    assert_eq!(end, (start.0, start.1 + "#step-nope".len() as u64));
    assert_eq!(fix, "(none)");
}
