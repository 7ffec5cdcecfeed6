//! Search: the tokenizer table, the relevance table on the shipped content, the index's shape,
//! and the browser's implementation (templates/static/search.js, run by node) agreeing with
//! Rust's on every token and every result.
//!
//! The tables are `tests/search_tokenizer.tsv` and `tests/search_relevance.tsv`; their headers
//! say how to add a row. `tests/search_js.mjs` reads the same tables.

mod common;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use stepguide::content::KnowledgeBase;
use stepguide::search::{self, DocKind, Index};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The escapes the tables use, as tests/search_js.mjs reads them: \t \n \\ \u{HEX}.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let (replacement, used) = match tail.chars().next() {
            Some('t') => (Some('\t'), 1),
            Some('n') => (Some('\n'), 1),
            Some('\\') => (Some('\\'), 1),
            Some('u') if tail.starts_with("u{") => match tail.find('}') {
                Some(end) => {
                    let hex = &tail[2..end];
                    let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                    (c, end + 1)
                }
                None => (None, 0),
            },
            _ => (None, 0),
        };
        match replacement {
            Some(c) => {
                out.push(c);
                rest = &tail[used..];
            }
            None => {
                out.push('\\');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The rows of a table: tab-separated cells, comments and blank lines skipped.
fn rows(file: &str) -> Vec<Vec<String>> {
    let path = repo().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').map(String::from).collect())
        .collect()
}

/// `guide-id#anchor` or `guide-id/checklist#anchor` as the href the index holds.
fn href(expected: &str) -> String {
    let (page, anchor) = match expected.find('#') {
        Some(at) => expected.split_at(at),
        None => (expected, ""),
    };
    format!("guides/{page}/index.html{anchor}")
}

fn load(root: &Path) -> KnowledgeBase {
    let kb = KnowledgeBase::load(root).expect("the knowledge base loads");
    assert!(kb.diagnostics.is_empty(), "{:#?}", kb.diagnostics);
    kb
}

/// The shipped content, or None (with a loud notice) while it has no guides.
fn shipped() -> Option<KnowledgeBase> {
    let kb = load(&repo());
    if kb.guides.is_empty() {
        eprintln!(
            "\n*** SKIP: content/guides has no guides yet; the relevance table needs them ***\n"
        );
        return None;
    }
    Some(kb)
}

fn fixture() -> KnowledgeBase {
    load(&repo().join("tests/fixtures/search"))
}

#[test]
fn tokenizer_table_holds_in_rust() {
    let mut failed = Vec::new();
    let table = rows("tests/search_tokenizer.tsv");
    assert!(table.len() >= 40, "the tokenizer table lost rows");
    for row in &table {
        let input = unescape(&row[0]);
        let expected: Vec<String> = match row.get(1).map(String::as_str) {
            None | Some("") => Vec::new(),
            Some(tokens) => tokens.split(' ').map(unescape).collect(),
        };
        let got = search::tokenize(&input);
        if got != expected {
            failed.push(format!(
                "{}\n  expected {expected:?}\n  got      {got:?}",
                row[0]
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "tokenizer rows failed:\n{}",
        failed.join("\n")
    );
}

#[test]
fn relevance_table_holds_on_shipped_content() {
    let Some(kb) = shipped() else { return };
    let index = Index::build(&kb);
    let mut report = Vec::new();
    let mut failed = 0;
    for row in rows("tests/search_relevance.tsv") {
        let query = unescape(&row[0]);
        let wanted: Vec<String> = row[1].split(" | ").map(|e| href(e.trim())).collect();
        let hits = search::search(&index, &query);
        let top = hits.first().map_or("(nothing)", |h| h.href.as_str());
        let ok = wanted.iter().any(|w| w == top);
        failed += usize::from(!ok);
        report.push(format!(
            "{} {query}\t{top}",
            if ok { "ok  " } else { "FAIL" }
        ));
    }
    eprintln!("{}", report.join("\n"));
    assert_eq!(failed, 0, "relevance rows failed:\n{}", report.join("\n"));
}

#[test]
fn the_queries_issue_4_names_find_a_step_first() {
    let Some(kb) = shipped() else { return };
    let index = Index::build(&kb);
    for query in ["인증서를", "증서", "보안카드", "otp", "ARS 인증"] {
        let hits = search::search(&index, query);
        let top = hits
            .first()
            .unwrap_or_else(|| panic!("{query} finds nothing"));
        assert_eq!(index.docs[top.doc].kind, DocKind::Step, "{query}: {top:?}");
    }
}

#[test]
fn shipped_index_stays_small() {
    let Some(kb) = shipped() else { return };
    let files = search::build_files(&kb);
    let bytes: usize = files.values().map(String::len).sum();
    let index = Index::build(&kb);
    eprintln!(
        "search index for the shipped content: {bytes} bytes in {} files, {} documents, {} terms",
        files.len(),
        index.docs.len(),
        index.terms.len()
    );
    // About 16 KB of source articles; the index holds their text once plus postings.
    assert!(bytes < 120_000, "the index grew to {bytes} bytes");
}

#[test]
fn a_generated_guide_costs_little_index() {
    // One guide of the benchmark's shape, many times: the index grows by a few kilobytes a
    // guide, and the manifest a page loads first stays small.
    let dir = tempfile::tempdir().expect("a temp dir");
    let fixture = repo().join("tests/fixtures/search");
    common::copy_dir(&fixture, dir.path());
    let guide = std::fs::read_to_string(fixture.join("content/guides/joint-cert.yaml")).unwrap();
    for n in 0..40 {
        let id = format!("copy-{n:02}");
        let text = guide.replace("id: joint-cert", &format!("id: {id}"));
        std::fs::write(dir.path().join(format!("content/guides/{id}.yaml")), text).unwrap();
    }
    let kb = load(dir.path());
    let files = search::build_files(&kb);
    let total: usize = files.values().map(String::len).sum();
    let manifest = files[search::INDEX_FILE].len();
    let per_guide = total / kb.guides.len();
    eprintln!(
        "{} guides: {total} bytes of index, {per_guide} a guide, manifest {manifest}",
        kb.guides.len()
    );
    assert!(per_guide < 12_000, "{per_guide} bytes a guide");
    assert!(manifest < 20_000, "manifest of {manifest} bytes");

    // Forty-one guides that say the same thing tie on every query: the browser, which loads
    // documents only for the results it shows, must still rank exactly as Rust does.
    let index = Index::build(&kb);
    let queries = [
        "인증서",
        "보안카드",
        "OTP",
        "약관에 동의",
        "발급",
        "공인인증서",
        "4,400원",
        "ot",
    ];
    if let Some(dump) = run_node(&index, None, &queries) {
        assert_agree(&index, &dump);
    }
}

#[test]
fn index_is_deterministic_and_reads_back() {
    let kb = fixture();
    let first = search::build_files(&kb);
    assert_eq!(first, search::build_files(&fixture()));
    let manifest = &first[search::INDEX_FILE];
    assert!(
        manifest.starts_with("window.STEPGUIDE_SEARCH = {"),
        "{}",
        &manifest[..40]
    );
    assert!(manifest.ends_with("};\n"));
    assert!(first.contains_key("search/meta.js") && first.contains_key("search/d0.js"));
    let read = Index::from_files(&first).expect("the index reads back");
    assert_eq!(read, Index::build(&kb));
    assert_eq!(read.to_files(), first);
}

#[test]
fn a_broken_index_is_an_error_not_a_panic() {
    let good = search::build_files(&fixture());
    let broken = |path: &str, from: &str, to: &str| {
        let mut files = good.clone();
        let text = files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone();
        assert!(text.contains(from), "{from} is not in {path}");
        files.insert(path.to_string(), text.replacen(from, to, 1));
        files
    };
    let mut cases = vec![
        broken(search::INDEX_FILE, "\"v\":2", "\"v\":1"),
        broken(search::INDEX_FILE, "\"guides\":2", "\"guides\":3"),
        broken(search::INDEX_FILE, "window.STEPGUIDE_SEARCH = ", ""),
        broken(search::INDEX_FILE, "\"shards\":[0", "\"shards\":[1"),
        broken("search/meta.js", "[\"g", "[\"x"),
        broken("search/meta.js", "[\"g", "[\"g~"),
        broken("search/d0.js", "[[\"", "[[1,\""),
        broken("search/p0.js", "[\"", "[\"~"),
        // A posting that names a document past the guide's last.
        broken("search/p0.js", "[\"", "[\"#}}#"),
    ];
    for path in [
        "search/meta.js",
        "search/d0.js",
        "search/p0.js",
        search::INDEX_FILE,
    ] {
        let mut files = good.clone();
        files.remove(path);
        cases.push(files);
    }
    for (n, files) in cases.iter().enumerate() {
        assert!(Index::from_files(files).is_err(), "case {n} reads as valid");
    }
}

#[test]
fn a_step_that_uses_a_shared_step_is_indexed_under_its_own_anchor() {
    let index = Index::build(&fixture());
    let hits = search::search(&index, "약관 전체를 확인하고 동의");
    let hrefs: Vec<&str> = hits
        .iter()
        .filter(|h| index.docs[h.doc].kind == DocKind::Step)
        .map(|h| h.href.as_str())
        .collect();
    assert!(
        hrefs.contains(&"guides/financial-cert/index.html#step-web-agree"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"guides/financial-cert/index.html#step-app-agree"),
        "{hrefs:?}"
    );
    assert!(
        !index.docs.iter().any(|d| d.href.ends_with("#step-agree")),
        "shared steps have no page anchor"
    );
    let web = index
        .docs
        .iter()
        .find(|d| d.href.ends_with("#step-web-agree"))
        .expect("web-agree");
    assert_eq!(web.section, "웹사이트 3단계");
}

#[test]
fn a_step_document_holds_its_choices_and_resolved_cautions() {
    let index = Index::build(&fixture());
    let doc = |anchor: &str| {
        let doc = index.docs.iter().find(|d| d.href.ends_with(anchor));
        doc.unwrap_or_else(|| panic!("no document for {anchor}"))
    };
    // failure: → the row's cause and caution.
    assert!(
        doc("#step-web-ars")
            .text
            .contains("전화 수신 실패 · 전화가 오면 바로 응답한다")
    );
    // shared: → the shared caution's text; choices → label and detail.
    let account = doc("#step-web-account");
    assert!(
        account.text.contains("누구에게도 알려 주지 마세요"),
        "{}",
        account.text
    );
    assert!(
        account
            .text
            .contains("OTP · OTP 기기에 나온 번호를 입력합니다."),
        "{}",
        account.text
    );
    // Markdown is indexed as the text a reader sees.
    let summary = &index.docs[0];
    assert_eq!(summary.kind, DocKind::Summary);
    assert!(
        summary
            .text
            .contains("KB국민은행 웹사이트와 KB스타뱅킹 앱에서"),
        "{}",
        summary.text
    );
    // A fact's value is part of its heading.
    assert_eq!(
        doc("#fact-validity").title,
        "유효기간: 발급일로부터 3년이며, 만료 전에 연장할 수 있습니다."
    );
}

#[test]
fn every_href_is_relative_to_the_site_root() {
    for kb in [Some(fixture()), shipped()].into_iter().flatten() {
        for doc in Index::build(&kb).docs {
            let page = doc.href.split('#').next().unwrap_or_default();
            assert!(
                page.starts_with("guides/") && page.ends_with("/index.html"),
                "{}",
                doc.href
            );
            assert!(
                !doc.href.contains("..") && !doc.href.contains(' '),
                "{}",
                doc.href
            );
        }
    }
}

#[test]
fn every_result_links_to_an_anchor_the_built_site_has() {
    let Some(kb) = shipped() else { return };
    let out = tempfile::tempdir().expect("a temp dir");
    let site = out.path().join("site");
    assert_cmd::Command::cargo_bin("stepguide")
        .expect("the binary is built")
        .env("STEPGUIDE_TODAY", "2026-11-22")
        .arg("build")
        .arg("--root")
        .arg(repo())
        .arg("--out")
        .arg(&site)
        .assert()
        .success();
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for doc in Index::build(&kb).docs {
        let (page, fragment) = doc.href.split_once('#').unwrap_or((&doc.href, ""));
        let html = pages.entry(page.to_string()).or_insert_with(|| {
            std::fs::read_to_string(site.join(page)).unwrap_or_else(|err| panic!("{page}: {err}"))
        });
        if !fragment.is_empty() {
            assert!(
                html.contains(&format!("id=\"{fragment}\"")),
                "{} has no #{fragment}",
                page
            );
        }
    }
    for (path, text) in search::build_files(&kb) {
        let written = std::fs::read_to_string(site.join(&path)).expect("an index file");
        assert_eq!(written, text, "the site's {path} is this module's");
    }
}

#[test]
fn results_mark_the_match_and_escape_the_rest() {
    let index = Index::build(&fixture());
    let hits = search::search(&index, "확인 버튼");
    let hit = hits
        .iter()
        .find(|h| h.href.ends_with("#step-done"))
        .expect("step-done is found");
    assert!(
        hit.snippet_html.starts_with(
            "화면의 &lt;<mark>확인</mark>&gt; <mark>버튼</mark>을 누르면 창이 닫힙니다 &amp; 발급이"
        ),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.title_html, "인증서 발급 완료를 <mark>확인</mark>합니다");
    assert_eq!(hit.guide_title, "KB국민은행 공동인증서 발급");
    assert_eq!(hit.section, "웹사이트 9단계");
}

#[test]
fn a_long_text_is_cut_around_the_first_match() {
    let index = Index::build(&fixture());
    let hits = search::search(&index, "알려 주지");
    let hit = hits
        .iter()
        .find(|h| h.href.ends_with("#step-password-storage"))
        .expect("found");
    let plain = hit
        .snippet_html
        .replace("<mark>", "")
        .replace("</mark>", "");
    // Cut at a space before the match, with an ellipsis where text was left out.
    assert!(
        plain.starts_with("…번호, 인증서 암호는 누구에게도"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html
            .contains("<mark>알려</mark> <mark>주지</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(plain.chars().count() <= 72, "{plain}");
}

#[test]
fn the_terminology_list_turns_old_names_into_current_ones() {
    let index = Index::build(&fixture());
    assert_eq!(
        search::rewrite(&index, "공인인증서 발급"),
        "공동인증서 발급"
    );
    assert_eq!(search::rewrite(&index, "OPT로"), "otp로");
    // Latin variants only as whole words; a query that already has the term is left alone.
    assert_eq!(search::rewrite(&index, "option"), "option");
    assert_eq!(search::rewrite(&index, "opt otp"), "opt otp");
}

#[test]
fn odd_queries_return_without_panicking() {
    let index = Index::build(&fixture());
    for query in [
        "", " ", "\t\n", "·", "😀", "a", "1", ",", "ㄱ", "\u{1100}", "<script>",
    ] {
        let hits = search::search(&index, query);
        assert!(
            hits.iter().all(|h| !h.title_html.contains("<script>")),
            "{query}"
        );
    }
    assert!(search::search(&index, "").is_empty());
    let long = "인증서".repeat(2000) + &"x".repeat(5000);
    search::search(&index, &long);
}

/// What tests/search_js.mjs writes with --dump.
#[derive(Deserialize)]
struct Dump {
    tokens: BTreeMap<String, Vec<String>>,
    hits: BTreeMap<String, Vec<JsHit>>,
}

#[derive(Deserialize)]
struct JsHit {
    href: String,
    score: f64,
    title_html: String,
    snippet_html: String,
}

/// Runs tests/search_js.mjs on an index; None when node is missing and not required.
fn run_node(index: &Index, relevance: Option<&Path>, queries: &[&str]) -> Option<Dump> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let index_file = dir.path().join(search::INDEX_FILE);
    let dump_file = dir.path().join("dump.json");
    for (path, text) in index.to_files() {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("make the folder");
        std::fs::write(file, text).expect("write the index");
    }
    let empty = dir.path().join("empty.tsv");
    std::fs::write(&empty, "").expect("write an empty table");
    let extra = dir.path().join("queries.txt");
    std::fs::write(&extra, queries.join("\n")).expect("write the queries");
    let mut node = Command::new("node");
    node.arg(repo().join("tests/search_js.mjs"))
        .arg("--index")
        .arg(&index_file)
        .arg("--dump")
        .arg(&dump_file)
        .arg("--relevance")
        .arg(relevance.unwrap_or(&empty))
        .arg("--queries")
        .arg(&extra);
    let output = match node.output() {
        Ok(output) => output,
        Err(err) => {
            common::skip("search.js tests", &format!("node cannot run ({err})"));
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "search_js.mjs failed:\n{stdout}{stderr}"
    );
    eprint!("{stdout}");
    let dump = std::fs::read_to_string(&dump_file).expect("search_js.mjs wrote its dump");
    Some(serde_json::from_str(&dump).expect("the dump is JSON"))
}

/// Every token and every result of the browser's implementation equals Rust's.
fn assert_agree(index: &Index, dump: &Dump) {
    for (input, tokens) in &dump.tokens {
        assert_eq!(&search::tokenize(input), tokens, "tokens of {input:?}");
    }
    assert!(
        dump.hits.len() >= dump.tokens.len(),
        "node searched too few queries"
    );
    for (query, js) in &dump.hits {
        let rust: Vec<_> = search::search(index, query).into_iter().take(10).collect();
        assert_eq!(rust.len(), js.len(), "number of results for {query:?}");
        for (r, j) in rust.iter().zip(js) {
            assert_eq!(r.href, j.href, "order of results for {query:?}");
            assert!(
                (r.score - j.score).abs() < 1e-9,
                "score for {query:?}: {} vs {}",
                r.score,
                j.score
            );
            assert_eq!(r.title_html, j.title_html, "title for {query:?}");
            assert_eq!(r.snippet_html, j.snippet_html, "snippet for {query:?}");
        }
    }
}

#[test]
fn browser_search_agrees_with_rust_on_shipped_content() {
    let Some(kb) = shipped() else { return };
    let index = Index::build(&kb);
    let relevance = repo().join("tests/search_relevance.tsv");
    if let Some(dump) = run_node(&index, Some(&relevance), &[]) {
        assert_agree(&index, &dump);
    }
}

#[test]
fn browser_search_agrees_with_rust_on_the_fixture() {
    let index = Index::build(&fixture());
    if let Some(dump) = run_node(&index, None, &[]) {
        assert_agree(&index, &dump);
    }
}
