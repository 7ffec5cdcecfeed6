//! Search as readers run it: the index that `stepguide build` writes, searched by
//! `templates/static/search.js` in node (`tests/search_js.mjs`). The script checks that the
//! index is well formed and runs the tables; these tests read what it dumps (every document
//! and every result) and check the rest: relevance on the shipped content, escaping and
//! snippets, hostile queries, synonyms, sharding and size.
//!
//! The tables are `tests/search_tokenizer.tsv` (Rust's tokenizer writes the index, the
//! script's reads queries; both must give each row's tokens) and `tests/search_relevance.tsv`;
//! their headers say how to add a row. Without node these tests skip with a notice, and fail
//! when `STEPGUIDE_REQUIRE_BROWSER=1`.

use crate::support::{browser, build_site, copy_dir, read_tree, repo};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use stepguide::search::{self, DocKind};

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

/// The tokenizer table: each input and the tokens it must give.
fn tokenizer_rows() -> Vec<(String, Vec<String>)> {
    let table = rows("tests/search_tokenizer.tsv");
    assert!(table.len() >= 40, "the tokenizer table lost rows");
    table
        .iter()
        .map(|row| {
            let tokens = match row.get(1).map(String::as_str) {
                None | Some("") => Vec::new(),
                Some(tokens) => tokens.split(' ').map(unescape).collect(),
            };
            (unescape(&row[0]), tokens)
        })
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

/// What tests/search_js.mjs writes with --dump.
#[derive(Deserialize)]
struct Dump {
    version: u32,
    tokens: BTreeMap<String, Vec<String>>,
    /// The first ten results of every query it ran.
    hits: BTreeMap<String, Vec<Hit>>,
    /// Every query as searched, after the terminology list.
    rewrites: BTreeMap<String, String>,
    /// Every document of the index, in order.
    docs: Vec<Doc>,
    /// The terms whose postings are cut in chunks.
    long: Vec<String>,
    /// The bytes of index files each query loaded on demand, the manifest's included.
    bytes: BTreeMap<String, usize>,
}

#[derive(Debug, Deserialize)]
struct Hit {
    doc: usize,
    href: String,
    guide_title: String,
    section: String,
    title_html: String,
    snippet_html: String,
}

#[derive(Debug, Deserialize)]
struct Doc {
    guide: String,
    kind: String,
    section: String,
    href: String,
    title: String,
    text: String,
}

/// A site built by the real binary, and what the browser's script made of its index.
struct Searched {
    files: BTreeMap<String, Vec<u8>>,
    dump: Dump,
}

impl Searched {
    fn hits(&self, query: &str) -> &[Hit] {
        let hits = self.dump.hits.get(query);
        hits.unwrap_or_else(|| panic!("{query:?} was not searched"))
    }

    fn doc(&self, anchor: &str) -> &Doc {
        let doc = self.dump.docs.iter().find(|d| d.href.ends_with(anchor));
        doc.unwrap_or_else(|| panic!("no document for {anchor}"))
    }

    /// The search index's files.
    fn index(&self) -> BTreeMap<&str, &[u8]> {
        self.files
            .iter()
            .filter(|(path, _)| *path == search::INDEX_FILE || path.starts_with("search/"))
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
            .collect()
    }
}

/// Runs tests/search_js.mjs on the index of the site in `site`; None, after a loud notice,
/// when node cannot run and is not required.
pub fn search_js(site: &Path, args: &[&str]) -> Option<Output> {
    if !browser::node_ready("search.js tests") {
        return None;
    }
    let index = site.join(search::INDEX_FILE);
    let index = ["--index", index.to_str().expect("a UTF-8 path")];
    Some(browser::node(
        "tests/search_js.mjs",
        &[&index, args].concat(),
    ))
}

/// Builds the project at `root`, runs the browser's search on its index with the given
/// tables and further `queries`, and requires the script to pass.
fn searched(root: &Path, relevance: Option<&str>, queries: &[&str]) -> Option<Searched> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let site = dir.path().join("site");
    build_site(root, &site, &[]);
    let queries_file = dir.path().join("queries.json");
    let dump_file = dir.path().join("dump.json");
    let json = serde_json::to_string(queries).expect("queries as JSON");
    std::fs::write(&queries_file, json).expect("write the queries");
    let relevance = match relevance {
        Some(table) => repo().join(table),
        None => PathBuf::from("/dev/null"),
    };
    let output = search_js(
        &site,
        &[
            "--relevance",
            relevance.to_str().expect("a UTF-8 path"),
            "--queries",
            queries_file.to_str().expect("a UTF-8 path"),
            "--dump",
            dump_file.to_str().expect("a UTF-8 path"),
        ],
    )?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "search_js.mjs failed:\n{stdout}{stderr}"
    );
    eprint!("{stdout}");
    let dump = std::fs::read_to_string(&dump_file).expect("search_js.mjs wrote its dump");
    Some(Searched {
        files: read_tree(&site),
        dump: serde_json::from_str(&dump).expect("the dump is JSON"),
    })
}

const SHIPPED_QUERIES: [&str; 5] = ["인증서를", "증서", "보안카드", "otp", "ARS 인증"];

/// The shipped content with the relevance table, built and searched once for every test.
fn shipped() -> Option<&'static Searched> {
    static SHIPPED: OnceLock<Option<Searched>> = OnceLock::new();
    let relevance = Some("tests/search_relevance.tsv");
    let searched = SHIPPED.get_or_init(|| searched(repo(), relevance, &SHIPPED_QUERIES));
    searched.as_ref()
}

/// Odd and hostile queries: none may break the search or reach a result unescaped.
const ODD_QUERIES: [&str; 11] = [
    "", " ", "\t\n", "·", "😀", "a", "1", ",", "ㄱ", "\u{1100}", "<script>",
];

/// The fixture `tests/fixtures/search`, built and searched once for every test.
fn fixture() -> Option<&'static Searched> {
    static FIXTURE: OnceLock<Option<Searched>> = OnceLock::new();
    let searched = FIXTURE.get_or_init(|| {
        let long = "인증서".repeat(2000) + &"x".repeat(5000);
        let mut queries = vec![
            "약관 전체를 확인하고 동의",
            "확인 버튼",
            "알려 주지",
            "공인인증서 발급",
            "OPT로",
            "OTP로",
            "option",
            "opt otp",
            &long,
        ];
        queries.extend(ODD_QUERIES);
        searched(&repo().join("tests/fixtures/search"), None, &queries)
    });
    searched.as_ref()
}

#[test]
fn tokenizer_table_holds_in_rust() {
    let mut failed = Vec::new();
    for (input, expected) in tokenizer_rows() {
        let got = search::tokenize(&input);
        if got != expected {
            failed.push(format!(
                "{input:?}\n  expected {expected:?}\n  got      {got:?}"
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
fn tokenizer_table_holds_in_the_browser_script() {
    let Some(searched) = fixture() else { return };
    let rows = tokenizer_rows();
    assert_eq!(searched.dump.tokens.len(), rows.len());
    for (input, expected) in rows {
        assert_eq!(
            searched.dump.tokens[&input], expected,
            "tokens of {input:?}"
        );
    }
}

#[test]
fn relevance_table_holds_in_the_browser_script_on_shipped_content() {
    let Some(searched) = shipped() else { return };
    let mut report = Vec::new();
    let mut failed = 0;
    let table = rows("tests/search_relevance.tsv");
    assert!(table.len() >= 40, "the relevance table lost rows");
    for row in table {
        let query = unescape(&row[0]);
        let wanted: Vec<String> = row[1].split(" | ").map(|e| href(e.trim())).collect();
        let top = searched.hits(&query).first();
        let top = top.map_or("(nothing)", |h| h.href.as_str());
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
    let Some(searched) = shipped() else { return };
    for query in SHIPPED_QUERIES {
        let top = searched.hits(query).first();
        let top = top.unwrap_or_else(|| panic!("{query} finds nothing"));
        let kind = &searched.dump.docs[top.doc].kind;
        assert_eq!(kind, DocKind::Step.code(), "{query}: {top:?}");
        assert!(top.href.contains("#step-"), "{query}: {top:?}");
    }
}

#[test]
fn shipped_index_stays_small() {
    let Some(searched) = shipped() else { return };
    let index = searched.index();
    let bytes: usize = index.values().map(|b| b.len()).sum();
    eprintln!(
        "search index for the shipped content: {bytes} bytes in {} files, {} documents",
        index.len(),
        searched.dump.docs.len(),
    );
    // About 16 KB of source articles; the index holds their text once plus postings.
    assert!(bytes < 120_000, "the index grew to {bytes} bytes");
}

#[test]
fn a_generated_guide_costs_little_index_and_shards_load_on_demand() {
    // One guide of the benchmark's shape, many times: the index grows by a few kilobytes a
    // guide, and the manifest a page loads first stays small.
    let dir = tempfile::tempdir().expect("a temp dir");
    let fixture = repo().join("tests/fixtures/search");
    copy_dir(&fixture, dir.path());
    let guide = std::fs::read_to_string(fixture.join("content/guides/joint-cert.yaml")).unwrap();
    for n in 0..40 {
        let id = format!("copy-{n:02}");
        let text = guide.replace("id: joint-cert", &format!("id: {id}"));
        std::fs::write(dir.path().join(format!("content/guides/{id}.yaml")), text).unwrap();
    }
    // Forty-one guides that say the same thing tie on every query: the script checks that
    // the browser, which loads only the shards a query needs, ranks as with the whole index.
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
    let Some(searched) = searched(dir.path(), None, &queries) else {
        return;
    };
    let index = searched.index();
    let total: usize = index.values().map(|b| b.len()).sum();
    let manifest = index[search::INDEX_FILE].len();
    let guides = 42;
    let per_guide = total / guides;
    eprintln!("{guides} guides: {total} bytes of index, {per_guide} a guide, manifest {manifest}");
    assert!(per_guide < 12_000, "{per_guide} bytes a guide");
    assert!(manifest < 20_000, "manifest of {manifest} bytes");
    // A guide's documents in files of DOC_FILE_DOCS.
    let mut per_guide_docs: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in &searched.dump.docs {
        *per_guide_docs.entry(&doc.guide).or_default() += 1;
    }
    let files: usize = per_guide_docs
        .values()
        .map(|n| n.div_ceil(search::DOC_FILE_DOCS))
        .sum();
    assert_eq!(
        index.keys().filter(|p| p.starts_with("search/d")).count(),
        files
    );
    for query in queries {
        assert!(
            searched.hits(query).len() == 10,
            "{query} finds fewer than ten"
        );
    }
}

#[test]
fn the_index_is_the_same_on_every_build() {
    let Some(searched) = fixture() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    build_site(&repo().join("tests/fixtures/search"), dir.path(), &[]);
    let again = read_tree(dir.path());
    let index = searched.index();
    assert!(index.len() >= 4, "{:?}", index.keys());
    for (path, bytes) in index {
        assert_eq!(again[path], bytes, "{path} differs between two builds");
    }
    assert_eq!(searched.dump.version, search::VERSION);
    let manifest = String::from_utf8_lossy(&searched.files[search::INDEX_FILE]);
    let start = format!("{} = {{", search::GLOBAL);
    assert!(manifest.starts_with(&start), "{}", &manifest[..40]);
    assert!(manifest.ends_with("};\n"));
}

/// Each way an index file can be broken is caught by the well-formedness check of
/// tests/search_js.mjs, so that a good index passing it means something.
#[test]
fn a_broken_index_fails_the_check() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let good = dir.path().join("good");
    build_site(&repo().join("tests/fixtures/search"), &good, &[]);
    let index = |path: &str| good.join(path);
    let read = |path: &str| std::fs::read_to_string(index(path)).expect("an index file");
    let mut cases: Vec<(&str, Option<String>)> = Vec::new();
    let mut broken = |path: &'static str, from: &str, to: &str| {
        let text = read(path);
        assert!(text.contains(from), "{from} is not in {path}");
        cases.push((path, Some(text.replacen(from, to, 1))));
    };
    broken(search::INDEX_FILE, "\"guides\":2", "\"guides\":1");
    broken(search::INDEX_FILE, "window.STEPGUIDE_SEARCH = ", "");
    broken(search::INDEX_FILE, "\"shards\":[0", "\"shards\":[1");
    broken(search::INDEX_FILE, "\"terms\":[\"", "\"terms\":[\"~\",\"");
    broken(search::INDEX_FILE, "\"docFile\":8", "\"docFile\":1");
    broken(search::INDEX_FILE, "\"length\":", "\"length\":1");
    broken(search::INDEX_FILE, "\"docs\":", "\"docs\":1");
    broken("search/d0-0.js", "[[\"g\"", "[[\"x\"");
    broken("search/d0-0.js", "[[\"g\"", "[[\"s\"");
    broken("search/d0-0.js", "[[\"", "[[1,\"");
    broken("search/d0-0.js", "확인", "학인");
    broken("search/p0.js", "[\"", "[\"~");
    // A frequency of 0; a document past the guide's last (2024); a wrong norm.
    broken("search/p0.js", "[\"", "[\"###$");
    broken("search/p0.js", "[\"", "[\"#}}''$");
    broken("search/p0.js", "[\"", "[\"##'$");
    broken("search/p0.js", "[\"", "[\"##'");
    for path in [
        "search/d0-0.js",
        "search/d1-1.js",
        "search/p0.js",
        search::INDEX_FILE,
    ] {
        cases.push((path, None));
    }
    cases.push(("search/p99.js", Some(String::new())));
    cases.push(("search/d0-9.js", Some(String::new())));
    for (n, (path, text)) in cases.into_iter().enumerate() {
        let site = dir.path().join(format!("case-{n}"));
        copy_dir(&good, &site);
        match &text {
            Some(text) => std::fs::write(site.join(path), text).expect("write the case"),
            None => std::fs::remove_file(site.join(path)).expect("remove the file"),
        }
        let empty = ["--tokenizer", "/dev/null", "--relevance", "/dev/null"];
        let Some(output) = search_js(&site, &empty) else {
            return;
        };
        assert!(
            !output.status.success(),
            "case {n} ({path}) passes the check:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn a_step_that_uses_a_shared_step_is_indexed_under_its_own_anchor() {
    let Some(searched) = fixture() else { return };
    let hrefs: Vec<&str> = searched
        .hits("약관 전체를 확인하고 동의")
        .iter()
        .filter(|h| searched.dump.docs[h.doc].kind == DocKind::Step.code())
        .map(|h| h.href.as_str())
        .collect();
    for anchor in ["#step-web-agree", "#step-app-agree"] {
        let href = format!("guides/financial-cert/index.html{anchor}");
        assert!(hrefs.contains(&href.as_str()), "{hrefs:?}");
    }
    assert!(
        !searched
            .dump
            .docs
            .iter()
            .any(|d| d.href.ends_with("#step-agree")),
        "shared steps have no page anchor"
    );
    assert_eq!(searched.doc("#step-web-agree").section, "웹사이트 3단계");
}

#[test]
fn a_step_document_holds_its_choices_and_resolved_cautions() {
    let Some(searched) = fixture() else { return };
    // failure: → the row's cause and caution.
    let ars = searched.doc("#step-web-ars");
    assert!(
        ars.text
            .contains("전화 수신 실패 · 전화가 오면 바로 응답한다")
    );
    // shared: → the shared caution's text; choices → label and detail.
    let account = &searched.doc("#step-web-account").text;
    assert!(account.contains("누구에게도 알려 주지 마세요"), "{account}");
    assert!(
        account.contains("OTP · OTP 기기에 나온 번호를 입력합니다."),
        "{account}"
    );
    // Markdown is indexed as the text a reader sees.
    let summary = &searched.dump.docs[0];
    assert_eq!(summary.kind, DocKind::Summary.code());
    assert!(
        summary
            .text
            .contains("KB국민은행 웹사이트와 KB스타뱅킹 앱에서"),
        "{}",
        summary.text
    );
    // A fact's value is part of its heading.
    assert_eq!(
        searched.doc("#fact-validity").title,
        "유효기간: 발급일로부터 3년이며, 만료 전에 연장할 수 있습니다."
    );
}

#[test]
fn every_result_links_to_an_anchor_of_the_built_site() {
    for searched in [fixture(), shipped()].into_iter().flatten() {
        for doc in &searched.dump.docs {
            let (page, fragment) = doc.href.split_once('#').unwrap_or((&doc.href, ""));
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
            let html = searched.files.get(page);
            let html = String::from_utf8_lossy(html.unwrap_or_else(|| panic!("no {page}")));
            if !fragment.is_empty() {
                assert!(
                    html.contains(&format!("id=\"{fragment}\"")),
                    "{page} has no #{fragment}"
                );
            }
        }
    }
}

#[test]
fn results_mark_the_match_and_escape_the_rest() {
    let Some(searched) = fixture() else { return };
    let hit = searched
        .hits("확인 버튼")
        .iter()
        .find(|h| h.href.ends_with("#step-done"));
    let hit = hit.expect("step-done is found");
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
    let Some(searched) = fixture() else { return };
    let hits = searched.hits("알려 주지");
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
    let Some(searched) = fixture() else { return };
    let rewrite = |query: &str| searched.dump.rewrites[query].as_str();
    assert_eq!(rewrite("공인인증서 발급"), "공동인증서 발급");
    assert_eq!(rewrite("OPT로"), "otp로");
    // Latin variants only as whole words; a query that already has the term is left alone.
    assert_eq!(rewrite("option"), "option");
    assert_eq!(rewrite("opt otp"), "opt otp");
    // The old name finds what the current one does.
    let hrefs = |query: &str| -> Vec<String> {
        searched
            .hits(query)
            .iter()
            .map(|h| h.href.clone())
            .collect()
    };
    assert!(!hrefs("공인인증서 발급").is_empty());
    assert_eq!(hrefs("OPT로"), hrefs("OTP로"));
}

#[test]
fn odd_queries_return_without_breaking_the_search() {
    let Some(searched) = fixture() else { return };
    for query in ODD_QUERIES {
        for hit in searched.hits(query) {
            for html in [&hit.title_html, &hit.snippet_html] {
                let bare = html.replace("<mark>", "").replace("</mark>", "");
                assert!(!bare.contains(['<', '>']), "{query:?}: {html}");
            }
        }
    }
    for query in ["", " ", "\t\n", "·", ","] {
        assert!(searched.hits(query).is_empty(), "{query:?} finds something");
    }
    let long = "인증서".repeat(2000) + &"x".repeat(5000);
    assert!(searched.dump.hits.contains_key(&long));
}

#[test]
fn decomposed_text_is_composed() {
    use std::borrow::Cow;
    use stepguide::nfc::nfc;
    // 가 as jamo, and e with a combining acute accent.
    assert_eq!(nfc("\u{1100}\u{1161}"), "가");
    assert_eq!(nfc("e\u{301}"), "é");
    assert!(matches!(nfc("공동인증서를 OTP"), Cow::Borrowed(_)));
}

/// At 2,000 generated guides (every guide shares most of its words with the others) a query
/// of common words, or of a word in every guide, loads the manifest, a few postings shards
/// and chunks and the documents it shows: under 300 KB whatever the size of the index.
#[test]
fn a_query_loads_little_of_a_large_index() {
    let dir = tempfile::tempdir().expect("a temp dir");
    crate::support::gen_kb::write_kb(2000, dir.path()).expect("write the knowledge base");
    let site_yaml = dir.path().join("content/site.yaml");
    let settings = std::fs::read_to_string(&site_yaml).expect("site.yaml");
    std::fs::write(&site_yaml, settings + "pdf: false\n").expect("write site.yaml");
    let queries = [
        "안내",
        "전원",
        "정리하세요",
        "고무 패킹",
        "필터 덮개를 교체",
        "배수 호스를 점검",
        "공동인증서",
        "otp",
    ];
    let Some(searched) = searched(dir.path(), None, &queries) else {
        return;
    };
    let whole: usize = searched.index().values().map(|b| b.len()).sum();
    let long = &searched.dump.long;
    assert!(long.len() > 100, "only {} long lists", long.len());
    for query in queries {
        let bytes = searched.dump.bytes[query];
        eprintln!("{query}: {bytes} bytes of {whole}");
        assert!(bytes <= 300_000, "{query} loads {bytes} bytes");
    }
    for query in ["안내", "전원", "정리하세요", "고무 패킹"] {
        assert_eq!(searched.hits(query).len(), 10, "{query}");
    }
}
