//! Hostile content through the newer outputs: the PDFs and the `guide:`, `procedure:` and
//! `step:` references. (The calendar file is made in the page; `reminder.rs` sends hostile
//! text through it in Chromium.)
//!
//! PDFs need poppler-utils; without it the test prints a loud SKIPPED notice and passes,
//! unless `STEPGUIDE_REQUIRE_BROWSER=1`.

use crate::pdf::{info, run, text, tools_ready};
use crate::support::{build_site, fixture, replace, run_in};
use std::path::Path;

const GUIDE: &str = "content/guides/alpha-cert.yaml";
/// The line of the web procedure's `result:` in the fixture's guide.
const RESULT_LINE: u64 = 84;

/// Text a PDF writer must escape or survive: PDF's delimiters and comment sign, operators
/// and dictionary keys written as text, bidirectional and zero-width controls, characters the
/// embedded font lacks (an emoji, Devanagari, a CJK ideograph outside Korean use).
const PDF_SYNTAX: &str =
    r"괄호( ) 역슬래시\ \\( 꺾쇠<< >> [배열] {블록} /Name %주석 %%EOF endstream endobj";
const OPERATORS: &str = ") Tj ET /JavaScript << /S /Launch /F (calc.exe) >> BT (";
const INVISIBLE: &str =
    "\u{202e}거꾸로\u{202c} 폭\u{200b}없는\u{200d}문자\u{feff} \u{2066}격리\u{2069}";
const MISSING: &str = "그림😀 데바나가리 नमस्ते 한자 𠀋 끝";

/// The text's visible characters, as pdftotext gives them back: without whitespace, and
/// without the invisible format characters (which a PDF has no glyph for).
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
        .collect()
}

#[test]
fn pdfs_of_hostile_text_open_and_read_back_as_written() {
    if !tools_ready("pdfs_of_hostile_text_open_and_read_back_as_written") {
        return;
    }
    let dir = fixture("build/valid");
    let long_word = "가나다라마바사아자차".repeat(60);
    let title = format!("알파 {PDF_SYNTAX}");
    let yaml = |text: &str| serde_json::to_string(text).unwrap();
    replace(
        dir.path(),
        GUIDE,
        "title: 알파은행 금융인증서 발급·재발급",
        &format!("title: {}", yaml(&title)),
    );
    replace(
        dir.path(),
        GUIDE,
        "action: 은행 홈페이지의 인증센터로 가세요",
        &format!("action: {}", yaml(OPERATORS)),
    );
    replace(
        dir.path(),
        GUIDE,
        "action: 본인 인증을 하세요",
        &format!("action: {}", yaml(INVISIBLE)),
    );
    replace(
        dir.path(),
        GUIDE,
        "action: 인증서 비밀번호를 정하세요",
        &format!("action: {}", yaml(MISSING)),
    );
    replace(
        dir.path(),
        GUIDE,
        "text: ARS 전화를 바로 받을 수 있다",
        &format!("text: {}", yaml(&format!("{PDF_SYNTAX} {long_word}"))),
    );
    let site = dir.path().join("site");
    // An address with characters PDF strings and URIs give a meaning to.
    build_site(
        dir.path(),
        &site,
        &["--base-url", "https://guides.example.net/k(b)%5C/"],
    );
    let folder = site.join("guides/alpha-cert");
    let mut pdfs = 0;
    for name in [
        "checklist.pdf",
        "checklist-large.pdf",
        "guide-web.pdf",
        "guide-web-large.pdf",
    ] {
        let pdf = folder.join(name);
        let pdfinfo = run("pdfinfo", &[], &pdf);
        let pages: usize = info(&pdfinfo, "Pages").parse().unwrap();
        assert!(
            (1..=stepguide::print::MAX_PAGES).contains(&pages),
            "{name}: {pages} pages"
        );
        assert!(
            info(&pdfinfo, "Title").contains("%%EOF endstream"),
            "{name}:\n{pdfinfo}"
        );
        let read = visible(&text(&pdf));
        let mut expected = vec![visible(&title)];
        if name.starts_with("checklist") {
            expected.push(visible(&long_word));
        } else {
            expected.extend([visible(OPERATORS), visible(INVISIBLE), visible(MISSING)]);
        }
        for written in expected {
            assert!(
                read.contains(&written),
                "{name} does not read back {written:?}:\n{read}"
            );
        }
        assert_no_actions(
            &pdf,
            "https://guides.example.net/k(b)%5C/guides/alpha-cert/",
        );
        pdfs += 1;
    }
    assert_eq!(pdfs, 4);
}

/// A PDF that acts on nothing: no JavaScript, launch, form or open actions, and links only
/// to `address`. Streams are not compressed, so this reads the bytes; `qpdf --qdf` would
/// give the same text.
fn assert_no_actions(pdf: &Path, address: &str) {
    let bytes = std::fs::read(pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    // Text shown on the page is in glyph ids, so a name written in content never appears.
    for key in [
        "/JavaScript",
        "/JS ",
        "/Launch",
        "/SubmitForm",
        "/OpenAction",
        "/AA ",
    ] {
        assert!(!raw.contains(key), "{} has {key}", pdf.display());
    }
    // A PDF string may hold balanced parentheses as they are, or escape them.
    let escaped = address
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let mut links = 0;
    for uri in raw.split("/URI (").skip(1) {
        links += 1;
        assert!(
            uri.starts_with(&escaped) || uri.starts_with(&format!("{address})")),
            "{}: a link to {:?}",
            pdf.display(),
            &uri[..80.min(uri.len())]
        );
    }
    assert!(
        links > 0,
        "{}: no link to the guide's address",
        pdf.display()
    );
}

#[test]
fn hostile_references_are_diagnostics_never_links() {
    let dir = fixture("build/valid");
    // Missing ids, a shared step (it has no anchor of its own), ids with traversal, markup
    // and controls, and a page that refers to itself in a loop of references.
    let refs = [
        ("step:nope", 1),
        ("procedure:alpha-cert/nope", 1),
        ("guide:nope#step-web-open", 1),
        ("step:agree", 1),
        ("step:../../../etc/passwd", 1),
        ("guide:..%2f..%2findex", 1),
        ("step:alpha-cert/%2e%2e", 1),
        ("guide:alpha-cert#\"><img src=x onerror=alert(1)>", 1),
        ("guide:alpha-cert#step-nope", 1),
        ("procedure:web\u{202e}", 1),
        ("STEP:web-open", 1),
    ];
    let links: String = refs.iter().map(|(r, _)| format!("[x](<{r}>) ")).collect();
    let result = serde_json::to_string(&format!(
        "{links}[자기 자신](guide:alpha-cert#procedure-web)"
    ))
    .unwrap();
    replace(
        dir.path(),
        GUIDE,
        "result: 금융인증서가 **발급**됩니다.",
        &format!("result: {result}"),
    );
    let ran = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(ran.code, 1, "{}", ran.stdout);
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let reported: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == GUIDE && d["line"] == RESULT_LINE)
        .filter(|d| d["rule"] == "broken-link" || d["rule"] == "link-scheme")
        .collect();
    let expected: usize = refs.iter().map(|(_, n)| n).sum();
    assert_eq!(
        reported.len(),
        expected,
        "{}",
        serde_json::to_string_pretty(&reported).unwrap()
    );
    // Each names the line and the column of its link, in order along the line.
    let cols: Vec<u64> = reported
        .iter()
        .map(|d| d["col"].as_u64().unwrap())
        .collect();
    assert!(cols.windows(2).all(|w| w[0] < w[1]), "{cols:?}");
    // A reference that names this guide is told by the id it lacks.
    assert_eq!(
        reported[1]["message"], "this guide has no procedure `nope`",
        "{}",
        reported[1]
    );
    // With the bad ones gone, the loop of references builds and every link resolves.
    replace(
        dir.path(),
        GUIDE,
        &result,
        &serde_json::to_string(
            "[자기 자신](guide:alpha-cert#procedure-web) [그 단계](step:web-open)",
        )
        .unwrap(),
    );
    let site = dir.path().join("site");
    build_site(dir.path(), &site, &[]);
    crate::support::html::assert_links_resolve(&site);
}
