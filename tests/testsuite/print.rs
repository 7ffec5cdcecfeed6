//! The printable checklists in a real browser: every checklist of the shipped site and of the
//! build fixture, printed to PDF by headless Chromium, is exactly one A4 page with Korean text.
//!
//! Needs Chromium (see `support::browser`) and, for the Korean text, `fonts-noto-cjk`.
//! Without Chromium the test prints a loud SKIPPED notice and passes, unless
//! `STEPGUIDE_REQUIRE_BROWSER=1`. `pdfinfo`, `pdftotext` and `pdftoppm` (poppler-utils) and
//! `zbarimg` (zbar-tools, to read the QR code back) are used when present. With
//! `STEPGUIDE_UPDATE_SCREENSHOTS=1` it also writes the README pictures to `tests/screenshots/`.
//! The QR code itself is tested without a browser.

use crate::support::browser::{self, chromium_ready, one_browser_at_a_time};
use crate::support::{build_site, names_in, repo};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn qr_is_an_inline_svg_with_a_label() {
    let svg = stepguide::render::qr::svg("https://example.org/guides/a/", "QR <코드>");
    let svg = svg.unwrap_or_default();
    assert!(svg.starts_with(r#"<svg class="qr" role="img" aria-label="QR &lt;코드&gt;" "#));
    // Version 3 (29 modules) and the quiet zone on both sides.
    assert!(svg.contains(r#"viewBox="0 0 37 37""#), "{svg}");
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn text_too_long_for_any_code_is_an_error() {
    let err = stepguide::render::qr::svg(&"x".repeat(3_000), "QR").unwrap_err();
    assert!(err.to_string().contains("cannot make a QR code"), "{err}");
}

#[test]
fn every_checklist_prints_on_one_a4_page_with_korean_text() {
    if !chromium_ready("every_checklist_prints_on_one_a4_page_with_korean_text") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shipped = build(repo(), &dir.path().join("shipped"));
    let fixture = build(
        &repo().join("tests/fixtures/build/valid"),
        &dir.path().join("fixture"),
    );
    let profile = dir.path().join("profile");
    let mut printed = 0;
    for site in [&shipped, &fixture] {
        for page in checklists(site) {
            let pdf = dir.path().join(format!("print-{printed}.pdf"));
            chromium(
                &profile,
                &[
                    "--no-pdf-header-footer",
                    &format!("--print-to-pdf={}", pdf.display()),
                ],
                &page,
            );
            assert_one_a4_page(&pdf, &page);
            assert_korean_text(&pdf, &page);
            assert_qr_names_the_guide(&pdf, &page);
            printed += 1;
        }
    }
    assert!(printed >= 4, "only {printed} checklists printed");
}

/// README pictures: a phone-sized guide page, and a printed checklist.
#[test]
fn readme_screenshots() {
    if std::env::var("STEPGUIDE_UPDATE_SCREENSHOTS").as_deref() != Ok("1")
        || !chromium_ready("readme_screenshots")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = build(repo(), &dir.path().join("site"));
    let out = repo().join("tests/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let profile = dir.path().join("profile");

    // The first steps of the first guide, as a 390 px wide phone shows them. Headless
    // Chromium paints a blank screenshot when the page itself is scrolled to a fragment, so
    // the page is framed and the frame scrolls.
    let guide = site.join("guides/financial-certificate/index.html");
    let frame = dir.path().join("frame.html");
    std::fs::write(
        &frame,
        format!(
            "<!doctype html><style>html,body{{margin:0;height:100%}}\
             iframe{{border:0;display:block;width:100%;height:100%}}</style>\
             <iframe src=\"file://{}#procedure-web\"></iframe>",
            guide.display()
        ),
    )
    .unwrap();
    let phone = out.join("guide-phone.png");
    chromium(
        &profile,
        &[
            "--window-size=390,844",
            "--force-device-scale-factor=2",
            "--hide-scrollbars",
            // Smooth scrolling to the fragment would still be moving when the shot is taken.
            "--force-prefers-reduced-motion",
            &format!("--screenshot={}", phone.display()),
        ],
        &frame,
    );
    assert!(phone.is_file());

    let checklist = site.join("guides/financial-certificate/checklist/index.html");
    let pdf = dir.path().join("checklist.pdf");
    chromium(
        &profile,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &checklist,
    );
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&pdf)
        .arg(out.join("checklist-print"))
        .status()
        .expect("pdftoppm (poppler-utils) is needed to turn the printed checklist into a PNG");
    assert!(status.success());
}

/// Builds `root` into `out` with an address (the shipped site.yaml has none), so that
/// checklists carry a QR code.
fn build(root: &Path, out: &Path) -> PathBuf {
    build_site(root, out, &["--base-url", "https://guides.example.net/kb/"]);
    out.to_path_buf()
}

/// Every `guides/<id>/checklist/index.html` of a built site, sorted.
fn checklists(site: &Path) -> Vec<PathBuf> {
    let guides = site.join("guides");
    let pages = names_in(&guides).into_iter();
    let pages = pages.map(|id| guides.join(id).join("checklist/index.html"));
    pages.filter(|page| page.is_file()).collect()
}

/// Runs headless Chromium on a page (a path or a `file://` URL), killing it after a minute.
fn chromium(profile: &Path, args: &[&str], page: impl AsRef<std::ffi::OsStr>) {
    let page = page.as_ref().to_string_lossy().into_owned();
    let url = if page.starts_with("file://") {
        page
    } else {
        format!("file://{page}")
    };
    let _one = one_browser_at_a_time();
    let mut child = Command::new(browser::chromium())
        .arg("--headless")
        .args(browser::chromium_flags())
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {url}: {status}");
            return;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish {url} within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn assert_one_a4_page(pdf: &Path, page: &Path) {
    let bytes = std::fs::read(pdf).unwrap();
    // Page objects, not the `/Type /Pages` tree node.
    let pages = bytes
        .windows(b"/Type /Page".len() + 1)
        .filter(|w| w.starts_with(b"/Type /Page") && w[w.len() - 1] != b's')
        .count();
    assert_eq!(pages, 1, "{} printed on {pages} pages", page.display());
    if let Some(info) = run("pdfinfo", pdf) {
        assert!(info.contains("Pages:           1\n"), "{info}");
        assert!(
            info.contains("(A4)"),
            "{} is not A4:\n{info}",
            page.display()
        );
    } else {
        eprintln!("pdfinfo is missing; checked the page count only");
    }
}

fn assert_korean_text(pdf: &Path, page: &Path) {
    let Some(text) = run("pdftotext", pdf) else {
        eprintln!("pdftotext is missing; not checking that the PDF text is Korean");
        return;
    };
    let hangul = text
        .chars()
        .filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
        .count();
    assert!(
        hangul > 50,
        "{}: only {hangul} Hangul syllables in the PDF text; is fonts-noto-cjk installed?\n{text}",
        page.display()
    );
}

/// The printed QR code decodes to the guide's address (when `zbarimg` and `pdftoppm` exist).
fn assert_qr_names_the_guide(pdf: &Path, page: &Path) {
    let png = pdf.with_extension("");
    let rendered = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile"])
        .arg(pdf)
        .arg(&png)
        .output();
    let decoded = Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(png.with_extension("png"))
        .output();
    let (Ok(rendered), Ok(decoded)) = (rendered, decoded) else {
        eprintln!("pdftoppm or zbarimg is missing; not decoding the QR code");
        return;
    };
    assert!(rendered.status.success());
    // The page is guides/<id>/checklist/index.html.
    let id = page.ancestors().nth(2).and_then(Path::file_name).unwrap();
    let text = String::from_utf8_lossy(&decoded.stdout);
    let suffix = format!("/guides/{}/", id.to_string_lossy());
    assert!(
        text.trim().starts_with("https://") && text.trim().ends_with(&suffix),
        "{}: the QR code reads {text:?}",
        page.display()
    );
}

/// Output of a poppler tool on `pdf` (`pdftotext` writes to stdout with `-`), or `None` when
/// the tool is not installed.
fn run(tool: &str, pdf: &Path) -> Option<String> {
    let mut command = Command::new(tool);
    command.arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().ok()?;
    assert!(
        output.status.success(),
        "{tool} failed on {}",
        pdf.display()
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}
