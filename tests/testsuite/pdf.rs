//! The PDFs that `build` writes for every guide in every language, read back with
//! poppler-utils and zbar: page count and A4 size, tags, title and language, the embedded font
//! subset, the text in the checklist's order, and the QR code decoded to the guide's address.
//!
//! Needs `pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm` (poppler-utils) and `zbarimg`
//! (zbar-tools). Without them the tests print a loud SKIPPED notice and pass, unless
//! `STEPGUIDE_REQUIRE_BROWSER=1`.

use crate::support::{build_site, language_of, languages, names_in, shipped_project, skip};
use std::path::Path;
use std::process::Command;

const BASE_URL: &str = "https://guides.example.net/kb/";
/// The largest a one-page checklist PDF may be.
const MAX_CHECKLIST_BYTES: u64 = 150 * 1024;

/// Whether the poppler and zbar tools are there; skips (or fails in CI) when not.
pub(crate) fn tools_ready(test: &str) -> bool {
    for tool in ["pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg"] {
        if Command::new(tool).arg("-v").output().is_err() {
            return skip(
                test,
                &format!("`{tool}` is missing (poppler-utils, zbar-tools)"),
            );
        }
    }
    true
}

/// The standard output of `tool ARGS PDF`, which must succeed.
pub(crate) fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool).args(args).arg(pdf).output().unwrap();
    assert!(
        output.status.success(),
        "{tool} {}: {output:?}",
        pdf.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The value of a `pdfinfo` field.
pub(crate) fn info<'a>(pdfinfo: &'a str, field: &str) -> &'a str {
    let line = pdfinfo
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")));
    line.and_then(|l| l.split_once(':'))
        .map(|(_, value)| value.trim())
        .unwrap_or_default()
}

/// The pages of `pdf`, after checking what every PDF must be: A4, tagged, titled, in the
/// page's language `lang`, with every font embedded as a subset that maps back to Unicode.
fn assert_well_made(pdf: &Path, title: &str, lang: &str) -> usize {
    let name = pdf.display();
    let pdfinfo = run("pdfinfo", &[], pdf);
    assert!(
        info(&pdfinfo, "Page size").contains("(A4)"),
        "{name}:\n{pdfinfo}"
    );
    assert_eq!(info(&pdfinfo, "Tagged"), "yes", "{name}");
    assert!(
        info(&pdfinfo, "Title").contains(title),
        "{name}:\n{pdfinfo}"
    );
    let catalog = std::fs::read(pdf).unwrap();
    let catalog = String::from_utf8_lossy(&catalog);
    let language = format!("/Lang ({lang})");
    assert!(catalog.contains(&language), "{name} has no {language}");
    // Nothing that changes from one build to the next.
    assert!(
        !catalog.contains("/CreationDate") && !catalog.contains("/ID"),
        "{name}"
    );

    let fonts = run("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{name}: no fonts");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object id, generation.
        assert!(columns[0].contains("+NotoSansKR"), "{name}: {row}");
        assert_eq!(columns[4..7], ["yes", "yes", "yes"], "{name}: {row}");
    }
    info(&pdfinfo, "Pages").parse().unwrap()
}

/// The text of `pdf` as `pdftotext` reads it, in reading order.
pub(crate) fn text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .replace('\u{c}', "")
}

/// What the QR code on the first page of `pdf` reads.
fn qr(pdf: &Path, dir: &Path) -> String {
    let png = dir.join("page");
    let rendered = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{rendered:?}");
    run("zbarimg", &["--quiet", "--raw"], &png.with_extension("png"))
        .trim()
        .to_string()
}

/// The items of the HTML checklist of a guide, in their order.
fn html_items(site: &Path, id: &str) -> Vec<String> {
    let page = std::fs::read_to_string(site.join(format!("guides/{id}/checklist/index.html")));
    let page = page.unwrap();
    let mut items = Vec::new();
    for piece in page
        .split("<span class=\"tick\" aria-hidden=\"true\"></span>")
        .skip(1)
    {
        let text = piece.split("</label>").next().unwrap_or_default();
        items.push(crate::support::html::decode_entities(text));
    }
    assert!(items.len() > 5, "no items found in the checklist of {id}");
    items
}

/// `needles` occur in `haystack` in this order (spaces and line breaks aside).
fn assert_in_order(haystack: &str, needles: &[String], what: &str) {
    let haystack = squeeze(haystack);
    let mut from = 0;
    for needle in needles {
        let needle = squeeze(needle);
        match haystack[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{what}: {needle:?} is missing or out of order in\n{haystack}"),
        }
    }
}

#[test]
fn every_guide_has_its_pdfs_and_each_reads_back() {
    if !tools_ready("every_guide_has_its_pdfs_and_each_reads_back") {
        return;
    }
    let dir = shipped_project();
    let site = dir.path().join("out");
    build_site(dir.path(), &site, &["--base-url", BASE_URL]);
    let prefixes = languages(&site);
    assert_eq!(prefixes, ["", "en/"]);
    for prefix in &prefixes {
        let lang = language_of(prefix);
        let pages_of = site.join(prefix);
        let guides = names_in(&pages_of.join("guides"));
        assert!(guides.contains(&"financial-certificate".to_string()));
        for id in &guides {
            let address = format!("{BASE_URL}{prefix}guides/{id}/");
            assert_pdfs_of_guide(&pages_of, id, lang, &address, dir.path());
        }
        // One PDF per procedure, in regular and large print.
        let financial = names_in(&pages_of.join("guides/financial-certificate"));
        let financial: Vec<&str> = financial
            .iter()
            .map(String::as_str)
            .filter(|n| n.ends_with(".pdf"))
            .collect();
        assert_eq!(
            financial,
            [
                "checklist-large.pdf",
                "checklist.pdf",
                "guide-app-large.pdf",
                "guide-app.pdf",
                "guide-web-large.pdf",
                "guide-web.pdf"
            ],
            "{prefix}"
        );
        // The 금융인증서 on the web: one procedure, at most three pages at 11 pt and more.
        let folder = pages_of.join("guides/financial-certificate");
        let page = std::fs::read_to_string(folder.join("index.html")).unwrap();
        let [web, app] = ["procedure-web", "procedure-app"].map(|id| procedure_title(&page, id));
        let pdf = folder.join("guide-web.pdf");
        let pages = assert_well_made(&pdf, &h1(&page), lang);
        assert!(pages <= 3, "{prefix}: the web procedure on {pages} pages");
        let read = text(&pdf);
        let squeezed = squeeze(&read);
        let has = |title: &str| squeezed.contains(&squeeze(title));
        assert!(has(&web), "{prefix}: no {web:?} in\n{read}");
        assert!(!has(&app), "{prefix}: the app procedure is in the web PDF");
    }
}

/// Checks every PDF of guide `id` in the pages of one language (`pages_of`): each is linked,
/// well made, titled and in `lang`, and its QR code reads `address`; the checklists hold the
/// HTML checklist's items in order, the regular one on one page of at most 150 KB, the
/// large-print one on at most two; and there is a guide PDF per procedure in both sizes.
fn assert_pdfs_of_guide(pages_of: &Path, id: &str, lang: &str, address: &str, scratch: &Path) {
    let folder = pages_of.join("guides").join(id);
    let page = std::fs::read_to_string(folder.join("index.html")).unwrap();
    let title = h1(&page);
    // Sorted, as names_in gives them.
    let pdfs: Vec<String> = names_in(&folder)
        .into_iter()
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    for pdf_name in &pdfs {
        // The guide page links every PDF; the checklist page links the checklists.
        assert!(
            page.contains(&format!("href=\"{pdf_name}\"")),
            "{id}: {pdf_name}"
        );
        let pdf = folder.join(pdf_name);
        let what = format!("{lang} {id}/{pdf_name}");
        let pages = assert_well_made(&pdf, &title, lang);
        let read = text(&pdf);
        if lang == "ko" {
            let hangul = read.chars().filter(|c| ('가'..='힣').contains(c)).count();
            assert!(hangul > 100, "{what}: {hangul} Hangul syllables\n{read}");
        }
        assert!(
            squeeze(&read).contains(&squeeze(&title)),
            "{what}: no title in\n{read}"
        );
        assert_eq!(qr(&pdf, scratch), address, "{what}");
        if pdf_name.starts_with("checklist") {
            assert_in_order(&read, &html_items(pages_of, id), &what);
            let checklist_page = std::fs::read_to_string(folder.join("checklist/index.html"));
            assert!(
                checklist_page
                    .unwrap()
                    .contains(&format!("href=\"../{pdf_name}\""))
            );
            if pdf_name.ends_with("-large.pdf") {
                assert!(pages <= 2, "{what}: {pages} pages");
            } else {
                assert_eq!(pages, 1, "{what}");
                let size = std::fs::metadata(&pdf).unwrap().len();
                assert!(size <= MAX_CHECKLIST_BYTES, "{what}: {size} bytes");
            }
        }
    }
    let regular_guides = pdfs.iter().filter(|n| n.starts_with("guide-")).count();
    for checklist in ["checklist.pdf", "checklist-large.pdf"] {
        assert!(pdfs.iter().any(|n| n == checklist), "{id}: {pdfs:?}");
    }
    assert!(
        regular_guides >= 2 && regular_guides % 2 == 0,
        "{id}: {pdfs:?}"
    );
}

/// Text without its spaces and line breaks, as `pdftotext` may break a line anywhere.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The text of a page's `<h1>`, entities decoded.
fn h1(page: &str) -> String {
    let inner = page
        .split("<h1>")
        .nth(1)
        .and_then(|s| s.split("</h1>").next());
    crate::support::html::decode_entities(inner.expect("a page with an <h1>"))
}

/// The title (`<h2>`) of the procedure section `id` of a guide page, entities decoded.
fn procedure_title(page: &str, id: &str) -> String {
    let marker = format!("<section class=\"section procedure\" id=\"{id}\"");
    let section = page.split(&marker).nth(1).expect("the procedure's section");
    let inner = section
        .split("<h2>")
        .nth(1)
        .and_then(|s| s.split("</h2>").next());
    crate::support::html::decode_entities(inner.expect("a procedure title"))
}

#[test]
fn without_an_address_a_pdf_has_no_qr_code_and_no_link() {
    if !tools_ready("without_an_address_a_pdf_has_no_qr_code_and_no_link") {
        return;
    }
    let dir = shipped_project();
    let site = dir.path().join("out");
    build_site(dir.path(), &site, &[]);
    let pdf = site.join("guides/financial-certificate/checklist.pdf");
    assert_eq!(assert_well_made(&pdf, "금융인증서", "ko"), 1);
    assert!(!text(&pdf).contains("https://"));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("/URI"));
}

#[test]
fn site_yaml_turns_the_pdfs_off() {
    let dir = shipped_project();
    let settings = dir.path().join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&settings).unwrap();
    yaml.push_str("pdf: false\n");
    std::fs::write(&settings, yaml).unwrap();
    let site = dir.path().join("out");
    build_site(dir.path(), &site, &["--base-url", BASE_URL]);
    let pdfs = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|ext| ext == "pdf"))
        .count();
    assert_eq!(pdfs, 0);
    let page = std::fs::read_to_string(site.join("guides/financial-certificate/index.html"));
    assert!(!page.unwrap().contains(".pdf"));
}
