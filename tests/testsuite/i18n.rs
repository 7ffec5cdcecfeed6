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

const BASE: &str = "https://guides.example.com/kb/";

/// The recorded fixture (after `edit`) built with an address into `<tmp>/site`.
fn built(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, crate::support::Tree) {
    let dir = recorded();
    edit(dir.path());
    let out = dir.path().join("site");
    build_site(dir.path(), &out, &["--base-url", BASE]);
    let tree = read_tree(&out);
    (dir, tree)
}

fn text(tree: &crate::support::Tree, path: &str) -> String {
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not built"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The values of `attribute` in the tags of `html` that hold `marker`.
fn attributes(html: &str, marker: &str, attribute: &str) -> Vec<String> {
    html.split('<')
        .filter(|tag| tag.contains(marker))
        .filter_map(|tag| {
            let start = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].to_string())
        })
        .collect()
}

/// The built file an absolute address of the site names.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// `href` of the page at `page`, resolved to a path of the site.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('#').next().unwrap_or_default().split('/') {
        match part {
            ".." => {
                assert!(parts.pop().is_some(), "{href} leaves the site from {page}");
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

fn html_pages(tree: &crate::support::Tree) -> Vec<&String> {
    tree.keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect()
}

#[test]
fn build_writes_every_page_in_both_languages_with_its_lang() {
    let (_dir, tree) = built(|_| {});
    for page in [
        "index.html",
        "compare/index.html",
        "guides/sample/index.html",
        "guides/sample/checklist/index.html",
        "guides/sample/checklist.pdf",
        "guides/sample/guide-web-large.pdf",
        "search-index.js",
        "sitemap.xml",
    ] {
        assert!(tree.contains_key(page), "{page}");
        let english = format!("en/{page}");
        assert!(tree.contains_key(&english), "{english}");
    }
    assert!(
        !tree.contains_key("en/404.html"),
        "one 404 page serves the whole site"
    );
    for page in html_pages(&tree) {
        let lang = if page.starts_with("en/") { "en" } else { "ko" };
        let html = text(&tree, page);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page}");
    }
    let english = text(&tree, "en/guides/sample/index.html");
    assert!(
        english.contains("Answer the call at once."),
        "the translation's text"
    );
    assert!(english.contains(">Check first<") || english.contains("Check first</p>"));
    assert!(
        english.contains("Works well when"),
        "table headings from the English strings"
    );
    let checklist = text(&tree, "en/guides/sample/checklist/index.html");
    assert!(
        checklist.contains("Before issuing"),
        "the moment in English"
    );
    assert!(
        !checklist.contains("발급 전"),
        "no Korean moment on the English checklist"
    );
}

#[test]
fn quotes_and_sources_carry_their_own_language() {
    // The original's source is Korean; a second one declares that it is English.
    let (_dir, tree) = built(|root| {
        replace(
            root,
            ORIGINAL,
            "    checked: 2026-11-01\n",
            "    checked: 2026-11-01\n  - id: english\n    title: An English page\n    \
             url: https://english.example.org/\n    checked: 2026-11-01\n    language: en\n",
        );
        replace(
            root,
            ORIGINAL,
            "    quote: 만료 30일 전부터 갱신할 수 있습니다.\n",
            "    quote: 만료 30일 전부터 갱신할 수 있습니다.\n    evidence:\n      - source: english\n        quote: Renew from 30 days before expiry.\n",
        );
        let ran = run_in(root, &["translated", "sample", "en"]);
        assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    });
    let korean = text(&tree, "guides/sample/index.html");
    let english = text(&tree, "en/guides/sample/index.html");
    // On the English page the Korean quote and source are marked Korean, the English ones
    // carry no lang of their own; on the Korean page it is the other way round.
    // Three quotes: two Korean ones and the English one.
    for (html, marked, unmarked, count) in [(&english, "ko", "en", 2), (&korean, "en", "ko", 1)] {
        assert_eq!(html.matches("<blockquote").count(), 3);
        let quotes = attributes(html, "blockquote", "lang");
        assert_eq!(quotes, vec![marked; count], "{quotes:?}");
        assert!(
            html.contains(&format!("<span lang=\"{marked}\">")),
            "{html}"
        );
        assert!(!html.contains(&format!("lang=\"{unmarked}\"><a")), "{html}");
    }
}

#[test]
fn hreflang_alternates_are_reciprocal_and_the_switcher_resolves() {
    let (_dir, tree) = built(|_| {});
    let mut pairs = 0;
    for page in html_pages(&tree) {
        let html = text(&tree, page);
        let own = attributes(&html, "rel=\"canonical\"", "href");
        let own = own
            .first()
            .unwrap_or_else(|| panic!("{page} has no canonical"));
        let langs = attributes(&html, "rel=\"alternate\"", "hreflang");
        let urls = attributes(&html, "rel=\"alternate\"", "href");
        assert_eq!(langs.len(), 3, "{page}: ko, en and x-default");
        assert!(langs.contains(&"x-default".to_string()), "{page}");
        assert!(urls.contains(own), "{page} lists itself");
        for (lang, url) in langs.iter().zip(&urls) {
            let other = file_of(url);
            let back = text(&tree, &other);
            assert!(
                attributes(&back, "rel=\"alternate\"", "href").contains(own),
                "{other} ({lang}) does not point back at {page}"
            );
            pairs += 1;
        }
        let switch = attributes(&html, "class=\"language-switch\"", "href");
        assert_eq!(switch.len(), 1, "{page}: one link to the other language");
        let target = resolve(page, &switch[0]);
        assert!(
            tree.contains_key(&target),
            "{page}: the switcher leads to {target}"
        );
        assert_ne!(target.starts_with("en/"), page.starts_with("en/"), "{page}");
        let (hreflang, lang) = (
            attributes(&html, "class=\"language-switch\"", "hreflang"),
            attributes(&html, "class=\"language-switch\"", "lang"),
        );
        assert_eq!(hreflang, lang, "{page}");
    }
    assert!(pairs >= 24, "{pairs}");
}

#[test]
fn each_language_has_a_sitemap_of_its_own_pages() {
    let (_dir, tree) = built(|root| {
        let sample = std::fs::read_to_string(root.join(ORIGINAL)).unwrap();
        let other = sample.replacen("id: sample\n", "id: other\n", 1).replacen(
            "certificate: 샘플인증서",
            "certificate: 다른인증서",
            1,
        );
        std::fs::write(root.join("content/guides/other.yaml"), other).unwrap();
    });
    for (sitemap, english) in [("sitemap.xml", false), ("en/sitemap.xml", true)] {
        let xml = text(&tree, sitemap);
        let locs: Vec<&str> = xml
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next())
            .collect();
        assert!(locs.len() >= 4, "{sitemap}: {locs:?}");
        for loc in &locs {
            let file = file_of(loc);
            assert!(
                tree.contains_key(&file),
                "{sitemap} lists {loc}, which was not built"
            );
            assert_eq!(file.starts_with("en/"), english, "{sitemap} lists {loc}");
        }
        let other = locs.iter().any(|l| l.contains("guides/other/"));
        assert_eq!(other, !english, "{sitemap}: the untranslated guide");
    }
    assert!(!tree.contains_key("en/guides/other/index.html"));
    assert!(!text(&tree, "en/index.html").contains("guides/other/"));
    // Its Korean page offers the English home page instead.
    let page = "guides/other/index.html";
    let switch = attributes(&text(&tree, page), "class=\"language-switch\"", "href");
    assert_eq!(resolve(page, &switch[0]), "en/index.html");
    let langs = attributes(&text(&tree, page), "rel=\"alternate\"", "hreflang");
    assert!(
        !langs.contains(&"en".to_string()),
        "no alternate that does not exist"
    );
}

#[test]
fn a_korean_knowledge_base_renames_a_moment() {
    let (dir, tree) = built(|root| {
        std::fs::write(
            root.join("content/strings.ko.yaml"),
            "moment_before: 신청 전\n",
        )
        .unwrap();
    });
    let checklist = text(&tree, "guides/sample/checklist/index.html");
    assert!(checklist.contains("신청 전"), "the project's label");
    assert!(!checklist.contains("발급 전"), "not the built-in one");
    let english = text(&tree, "en/guides/sample/checklist/index.html");
    assert!(
        english.contains("Before issuing"),
        "the English strings are untouched"
    );
    let (code, report) = check(dir.path());
    assert_eq!(code, 0, "{report}");
}

#[test]
fn an_unknown_interface_string_is_reported_at_its_line() {
    case("unknown_string", "unknown-field", 1, |root| {
        let strings = "moment_before: 신청 전\nmoment_befor: 신청 중\n";
        std::fs::write(root.join("content/strings.ko.yaml"), strings).unwrap();
    });
}

#[test]
fn the_english_search_index_answers_the_english_relevance_table() {
    let (dir, _tree) = built(|_| {});
    let index = dir.path().join("site/en/search-index.js");
    english_relevance(&index, "tests/search_relevance.en.tsv", 8);
}

#[test]
fn the_shipped_english_index_answers_its_relevance_table() {
    let index = crate::support::repo().join("site/en/search-index.js");
    english_relevance(&index, "tests/search_relevance.en-shipped.tsv", 11);
}

/// Runs the relevance `table` (a path in the repository) through the readers' search.js in
/// node over the English `index`; every one of its `rows` must put the expected result first.
fn english_relevance(index: &std::path::Path, table: &str, rows: usize) {
    if !crate::support::browser::node_ready(table) {
        return;
    }
    let table = crate::support::repo().join(table);
    let output = crate::support::browser::node(
        "tests/search_js.mjs",
        &[
            "--index",
            index.to_str().unwrap(),
            "--relevance",
            table.to_str().unwrap(),
        ],
    );
    let printed = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{printed}");
    assert!(
        printed.contains(&format!("{rows} relevance rows, 0 failed")),
        "{printed}"
    );
}

#[test]
fn a_new_project_adds_a_language_with_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let init = crate::support::stepguide()
        .arg("init")
        .arg(root)
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        format!("{site}translations:\n  en:\n    title: My guides\n"),
    )
    .unwrap();
    let example = root.join("content/guides/example.yaml");
    std::fs::copy(&example, root.join("content/guides/example.en.yaml")).unwrap();
    let ran = run_in(root, &["translated", "example", "en"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    let ran = run_in(root, &["check", "--deny-warnings"]);
    assert_eq!(ran.code, 0, "{}", ran.stdout);
    build_site(root, &root.join("site"), &[]);
    let page = std::fs::read_to_string(root.join("site/en/guides/example/index.html")).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(
        page.contains("<title>") && page.contains("My guides"),
        "the English title"
    );
}

#[test]
fn every_link_of_both_languages_resolves() {
    let (dir, _tree) = built(|_| {});
    crate::support::html::assert_links_resolve(&dir.path().join("site"));
}

/// Runs a browser script of `tests/browser/` on the built fixture, both languages.
fn in_the_browser(test: &str, script: &str, extra: &[&str]) {
    if !crate::support::browser::browser_ready(test) {
        return;
    }
    let (dir, _tree) = built(|_| {});
    let site = dir.path().join("site");
    let args = [&[site.to_str().unwrap()], extra].concat();
    let out = crate::support::browser::run_browser_script(script, &args);
    println!("{out}");
    assert!(out.trim_end().ends_with("ok"), "{script}: {out}");
}

#[test]
fn axe_finds_no_violations_on_the_english_pages() {
    in_the_browser(
        "axe_finds_no_violations_on_the_english_pages",
        "a11y.mjs",
        &[],
    );
}

#[test]
fn serve_previews_every_language() {
    let dir = recorded();
    let mut server = crate::support::server::Server::start(dir, &[]);
    let (status, body) = server.get("/en/guides/sample/index.html");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<html lang=\"en\">"), "{body}");
    let (status, body) = server.get("/en/search-index.js");
    assert_eq!(status, 200, "{body}");
    assert!(server.interrupt().success(), "serve ends cleanly on Ctrl-C");
}

/// Hostile translations and records: each gets diagnostics naming its file, never a panic,
/// never a read outside the project, and `translated` never writes through a link.
#[test]
fn hostile_translations_get_diagnostics_never_a_panic() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret");
    std::fs::write(&secret, "procedures/web 0000000000000000\n").unwrap();
    let guides = |root: &Path| root.join("content/guides");
    type Edit = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, &str, Edit)> = vec![
        (
            "binary translation",
            "[encoding]",
            Box::new(|root: &Path| {
                std::fs::write(root.join(ENGLISH), b"\xff\xfe\x00id: sample").unwrap();
            }),
        ),
        (
            "markup and traversal as ids",
            "[invalid-id]",
            Box::new(|root: &Path| {
                replace(
                    root,
                    ENGLISH,
                    "id: open-center",
                    "id: \"../../<script>alert(1)</script>\"",
                );
            }),
        ),
        (
            "ids the original lacks",
            "[translation-extra]",
            Box::new(|root: &Path| {
                replace(root, ENGLISH, "id: verify", "id: verify-twice");
            }),
        ),
        (
            "an empty translation",
            "[empty-file]",
            Box::new(|root: &Path| {
                std::fs::write(root.join(ENGLISH), "").unwrap();
            }),
        ),
        (
            "a missing translation",
            "[untranslated]",
            Box::new(|root: &Path| {
                std::fs::remove_file(root.join(ENGLISH)).unwrap();
            }),
        ),
        (
            "a record of garbage",
            "[translation-outdated]",
            Box::new(|root: &Path| {
                let garbage = format!("../../etc/passwd zz\n\0\x01 1\nweb {}\n", "f".repeat(5000));
                std::fs::write(root.join(RECORD), garbage).unwrap();
            }),
        ),
        (
            "a binary record",
            "[encoding]",
            Box::new(|root: &Path| {
                std::fs::write(root.join(RECORD), b"\xff\xfe\x00").unwrap();
            }),
        ),
        (
            "a record over 1 MiB",
            "[yaml-limit]",
            Box::new(|root: &Path| {
                std::fs::write(root.join(RECORD), "a 0\n".repeat(300_000)).unwrap();
            }),
        ),
        ("a record that is a link out", "[unreadable-file]", {
            let secret = secret.clone();
            Box::new(move |root: &Path| {
                std::fs::remove_file(root.join(RECORD)).unwrap();
                std::os::unix::fs::symlink(&secret, root.join(RECORD)).unwrap();
            })
        }),
        (
            "a record that is a pipe",
            "[unreadable-file]",
            Box::new(|root: &Path| {
                std::fs::remove_file(root.join(RECORD)).unwrap();
                let made = std::process::Command::new("mkfifo")
                    .arg(root.join(RECORD))
                    .status();
                assert!(made.unwrap().success());
            }),
        ),
        (
            "a language that is no language",
            "[invalid-id]",
            Box::new(move |root: &Path| {
                std::fs::copy(root.join(ENGLISH), guides(root).join("sample.<x>.yaml")).unwrap();
            }),
        ),
    ];
    for (name, rule, edit) in cases {
        let dir = recorded();
        edit(dir.path());
        let ran = run_in(dir.path(), &["check"]);
        assert!(
            (0..=1).contains(&ran.code) && !ran.stderr.contains("panicked"),
            "{name}: exit {}\n{}{}",
            ran.code,
            ran.stdout,
            ran.stderr
        );
        assert!(
            ran.stdout.contains(rule),
            "{name}: no {rule}\n{}",
            ran.stdout
        );
        let built = run_in(dir.path(), &["build"]);
        assert!(
            (0..=1).contains(&built.code) && !built.stderr.contains("panicked"),
            "{name}: build exit {}\n{}{}",
            built.code,
            built.stdout,
            built.stderr
        );
    }
    // `translated` replaces a record that is a link; it never writes where the link points.
    let dir = recorded();
    std::fs::remove_file(dir.path().join(RECORD)).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join(RECORD)).unwrap();
    let ran = run_in(dir.path(), &["translated", "sample", "en"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "procedures/web 0000000000000000\n"
    );
    assert!(!dir.path().join(RECORD).is_symlink());
    // An id that is not one is refused before any path is made of it.
    let ran = run_in(dir.path(), &["translated", "sam ple<x>", "en"]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("is not a guide id"), "{}", ran.stderr);
}
