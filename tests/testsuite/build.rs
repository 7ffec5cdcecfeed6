//! `stepguide build` through the real binary: rendered pages of `tests/fixtures/build/valid`
//! as snapshots, determinism, `--check`, refusal of bad content, and links that resolve.
//!
//! Each test copies the fixture to a temporary folder and builds into `<tmp>/site`.

use crate::support::html::assert_links_resolve;
use crate::support::{names_in, read_tree, replace, repo, run_in};
use std::path::{Path, PathBuf};

const ALPHA: &str = "content/guides/alpha-cert.yaml";

/// A copy of the valid fixture in a temporary folder.
fn fixture() -> tempfile::TempDir {
    crate::support::fixture("build/valid")
}

/// Runs `build` on `root` with extra arguments; returns (exit code, stdout, stderr), with
/// the root's path replaced by `[ROOT]`.
fn build(root: &Path, args: &[&str]) -> (i32, String, String) {
    let ran = run_in(root, &[&["build"], args].concat());
    (ran.code, ran.stdout, ran.stderr)
}

#[test]
fn fixture_pages_match_snapshots() {
    let dir = fixture();
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(stdout, "built 36 files into [ROOT]/site\n");
    let site = read_tree(&dir.path().join("site"));
    let names: Vec<&str> = site.keys().map(String::as_str).collect();
    insta::assert_snapshot!("files", names.join("\n"));
    for (path, bytes) in &site {
        // Assets are copied verbatim and the search index belongs to the search tests.
        if path.ends_with(".html") || path.ends_with(".xml") {
            let name = format!("page__{}", path.replace('/', "__"));
            let mut page = String::from_utf8(bytes.clone()).unwrap();
            // The 404 page inlines the stylesheet, which is an asset, not a page.
            let css = String::from_utf8(site["assets/style.css"].clone()).unwrap();
            page = page.replace(&css, "[assets/style.css]\n");
            insta::assert_snapshot!(name, page);
        }
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let first = read_tree(&dir.path().join("site"));
    assert_eq!(build(dir.path(), &[]).0, 0);
    assert_eq!(first, read_tree(&dir.path().join("site")));
    // Nothing is left beside the site: no temporary or old folders.
    assert_eq!(names_in(dir.path()), ["content", "site"]);
}

#[test]
fn check_passes_after_build_and_fails_after_a_content_edit() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let (code, stdout, _) = build(dir.path(), &["--check"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout, "[ROOT]/site is up to date (36 files)\n");

    replace(
        dir.path(),
        ALPHA,
        "인증 화면을 닫지 마세요.",
        "인증 창을 닫지 마세요.",
    );
    let before = read_tree(&dir.path().join("site"));
    let (code, stdout, _) = build(dir.path(), &["--check"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_after_content_edit", stdout);
    // --check never writes.
    assert_eq!(before, read_tree(&dir.path().join("site")));
}

#[test]
fn check_fails_after_a_template_override() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let templates = dir.path().join("templates/static");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("style.css"), "body { color: black; }\n").unwrap();
    let (code, stdout, _) = build(dir.path(), &["--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("  changed  assets/style.css\n"), "{stdout}");

    // An overridden page template changes every page built from it.
    std::fs::remove_file(templates.join("style.css")).unwrap();
    std::fs::write(
        dir.path().join("templates/404.html"),
        "<!doctype html><title>없음</title>\n",
    )
    .unwrap();
    let (code, stdout, _) = build(dir.path(), &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("  "))
            .collect::<Vec<_>>(),
        ["  changed  404.html"]
    );
}

#[test]
fn check_reports_a_missing_site_as_stale() {
    let dir = fixture();
    let (code, stdout, _) = build(dir.path(), &["--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("is stale: 36 files differ"), "{stdout}");
    assert!(stdout.contains("  missing  index.html\n"), "{stdout}");
    assert!(!dir.path().join("site").exists());
}

#[test]
fn content_with_errors_is_refused_and_the_old_site_is_kept() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let before = read_tree(&dir.path().join("site"));
    replace(
        dir.path(),
        ALPHA,
        "        cautions:\n          - failure: old-app\n",
        "",
    );
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout, "");
    insta::assert_snapshot!("refused_content", stderr);
    assert_eq!(before, read_tree(&dir.path().join("site")));
}

#[test]
fn a_broken_template_keeps_the_old_site() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let before = read_tree(&dir.path().join("site"));
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/guide.html"),
        "{% extends \"base.html\" %}{% block content %}{{ guide.nothing.here }}{% endblock content %}",
    )
    .unwrap();
    let (code, _, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("guide.html"), "{stderr}");
    assert_eq!(before, read_tree(&dir.path().join("site")));
    let leftovers: Vec<_> = names_in(dir.path())
        .into_iter()
        .filter(|name| name.contains(".tmp-") || name.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn warnings_are_printed_but_do_not_block() {
    let dir = fixture();
    replace(dir.path(), ALPHA, "    source: bank\n", "");
    let (code, stdout, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("built "), "{stdout}");
    assert!(stderr.contains("fact-without-source"), "{stderr}");
}

#[test]
fn base_url_flag_overrides_site_settings() {
    let dir = fixture();
    let out = dir.path().join("elsewhere");
    let (code, _, stderr) = build(
        dir.path(),
        &[
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://mirror.example.net/kb",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://mirror.example.net/kb/guides/alpha-cert/</loc>"));
    assert!(!sitemap.contains("guides.example.org"));
    let checklist =
        std::fs::read_to_string(out.join("guides/alpha-cert/checklist/index.html")).unwrap();
    assert!(checklist.contains("https://mirror.example.net/kb/guides/alpha-cert/"));
    assert!(!dir.path().join("site").exists());

    let (code, _, stderr) = build(dir.path(), &["--base-url", "javascript:alert(1)"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not an http or https URL"), "{stderr}");
}

#[test]
fn base_url_flag_stands_in_for_a_wrong_one_in_site_settings() {
    let dir = fixture();
    replace(
        dir.path(),
        "content/site.yaml",
        "base_url: https://guides.example.org/sub/",
        "base_url: not an address",
    );
    let (code, _, stderr) = build(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[invalid-url]"), "{stderr}");
    let (code, _, stderr) = build(dir.path(), &["--base-url", "https://guides.kb.kr/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("invalid-url"), "{stderr}");
    let sitemap = std::fs::read_to_string(dir.path().join("site/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://guides.kb.kr/guides/alpha-cert/</loc>"));
}

#[test]
fn checklists_carry_an_address_only_when_there_is_one() {
    // The check fixture's site.yaml has no base_url.
    let dir = crate::support::fixture("check/valid");
    let (with, without) = (dir.path().join("with"), dir.path().join("without"));
    let page = |out: &Path| {
        let read = |file: &str| std::fs::read_to_string(out.join(file)).unwrap();
        let checklist = read("guides/sample/checklist/index.html");
        (checklist, read("sitemap.xml"))
    };
    let url = "https://guides.example.net/";
    let out = with.to_str().unwrap();
    let (code, _, stderr) = build(dir.path(), &["--out", out, "--base-url", url]);
    assert_eq!(code, 0, "{stderr}");
    let (checklist, sitemap) = page(&with);
    assert!(
        checklist.contains("<div class=\"sheet-qr\"><svg"),
        "{checklist}"
    );
    assert!(checklist.contains("https://guides.example.net/guides/sample/"));
    assert!(sitemap.contains("<url><loc>https://guides.example.net/guides/sample/</loc>"));

    let (code, _, stderr) = build(dir.path(), &["--out", without.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (checklist, sitemap) = page(&without);
    assert!(!checklist.contains("sheet-qr"), "{checklist}");
    assert!(!checklist.contains("https://"), "{checklist}");
    assert!(!sitemap.contains("<url>"), "{sitemap}");
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let dir = fixture();
    let (code, _, stderr) = build(
        dir.path(),
        &["--out", dir.path().join("content").to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("not a site stepguide built"), "{stderr}");
    assert!(dir.path().join(ALPHA).is_file());
}

/// Questions get a section with its own anchor and an entry in the table of contents, each
/// question its own anchor; a quote sits in a closed `<details>` after what it backs, so it
/// opens without JavaScript and stays out of the way until asked for.
#[test]
fn questions_have_anchors_and_quotes_wait_in_a_closed_disclosure() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    let site = read_tree(&dir.path().join("site"));
    let page = String::from_utf8(site["guides/alpha-cert/index.html"].clone()).unwrap();
    assert!(page.contains("<li><a href=\"#questions\">자주 묻는 질문</a></li>"));
    assert!(page.contains("<section class=\"section guide-wide\" id=\"questions\">"));
    let question = page
        .split("<div class=\"question\" id=\"question-lost-password\">")
        .nth(1)
        .expect("the question has its anchor");
    let question = &question[..question.find("</div>\n</section>").unwrap()];
    assert!(question.contains("비밀번호를 잊어버렸어요."), "{question}");
    assert!(
        question.contains("href=\"#question-lost-password\""),
        "{question}"
    );
    let disclosure = &question[question.find("<details").unwrap()..];
    assert!(disclosure.starts_with("<details class=\"evidence\">\n<summary>"));
    assert!(!disclosure.contains(" open"), "closed until asked for");
    assert!(disclosure.contains("<p>비밀번호를 잊은 경우 인증서를 재발급받습니다.</p>"));
    assert!(
        disclosure.contains("<a href=\"https://agency.example.org/notice\">인증 기관 공지</a>")
    );
    // A fact's quotes: grouped under their source, escaped like any text.
    let fact = page.split("id=\"fact-validity\"").nth(1).unwrap();
    let fact = &fact[..fact.find("</dd>").unwrap()];
    assert!(
        fact.contains("<summary>근거 문장 보기 (3개)</summary>"),
        "{fact}"
    );
    assert!(
        fact.contains("&lt;script&gt;alert(&quot;quote&quot;)&lt;/script&gt;"),
        "{fact}"
    );
    // No page without quotes or questions grows a disclosure or a questions section.
    let beta = String::from_utf8(site["guides/beta-joint/index.html"].clone()).unwrap();
    assert!(
        beta.contains("<details class=\"evidence\">"),
        "beta's facts have quotes"
    );
    assert!(!beta.contains("id=\"questions\""));
}

#[test]
fn content_never_injects_script() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    for (path, bytes) in read_tree(&dir.path().join("site")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{path}");
        assert!(!lower.contains("<img src=x"), "{path}");
        // No tag carries an event attribute (escaped text such as `&lt;img onerror=` may).
        for tag in lower
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
        {
            let event = tag.match_indices(" on").any(|(i, _)| {
                let name: String = tag[i + 3..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                !name.is_empty() && tag[i + 3 + name.len()..].starts_with('=')
            });
            assert!(!event, "{path}: event attribute in <{tag}>");
        }
        // The only scripts are the site's own files.
        for script in lower.match_indices("<script").map(|(i, _)| &lower[i..]) {
            let tag = &script[..script.find('>').unwrap()];
            assert!(tag.contains(" src=\""), "{path}: inline script {tag}");
        }
    }
}

/// The shipped knowledge base, built into a temporary folder.
fn shipped_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let root = repo();
    let (code, stdout, stderr) = build(root, &["--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    (dir, out)
}

#[test]
fn every_internal_link_of_the_fixture_resolves() {
    let dir = fixture();
    assert_eq!(build(dir.path(), &[]).0, 0);
    assert_links_resolve(&dir.path().join("site"));
}

#[test]
fn every_internal_link_of_the_shipped_site_resolves() {
    let (_dir, out) = shipped_site();
    assert_links_resolve(&out);
}

#[test]
fn committed_site_is_up_to_date() {
    let root = repo();
    if !root.join("site").is_dir() {
        eprintln!("no committed site/ yet; run `cargo run --release -- build`");
        return;
    }
    let (code, stdout, stderr) = build(root, &["--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
}
