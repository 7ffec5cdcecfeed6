//! The `print-overflow` rule against a real browser: checklists generated around the limit of
//! one A4 page (short and long items, long titles, many groups, each density of the sheet) are
//! printed by headless Chromium, and `check`'s verdict must match the page count of each.
//!
//! Needs Chromium, `pdfinfo` (poppler-utils) and `fonts-noto-cjk`, the print font the model's
//! widths come from. Without Chromium the test prints a loud SKIPPED notice and passes, unless
//! `STEPGUIDE_REQUIRE_BROWSER=1`. It prints a table of every case: the model's height, the
//! verdict and the page count.

use crate::support::browser::{self, chromium_ready, one_browser_at_a_time};
use crate::support::{build_site, fixture, run_in};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use stepguide::content::{Guide, load_file};
use stepguide::lint::print_fit::{self, MARGIN_MM, checklist};

const BASE_URL: &str = "https://guides.example.net/kb/";
/// The build fixture's guide that the cases reuse, all but its checklist.
const TEMPLATE: &str = "content/guides/beta-joint.yaml";

/// One generated checklist: `groups` groups of `items` items of about `chars` characters,
/// with a guide title and group titles of about `title` characters (none when 0).
#[derive(Clone, Copy, Debug)]
struct Case {
    groups: usize,
    items: usize,
    chars: usize,
    title: usize,
}

/// The checklists to print: of each family (a number of groups, with or without long titles),
/// the shape whose model height is closest below the page's foot and the one closest above,
/// from items of every length up to nine to a group (up to 16 boxes are set normal, up to 26
/// compact, more in two columns).
fn cases(template: &str, scratch: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for groups in [2, 3, 4, 6, 8, 11] {
        for title in [0, 60] {
            let mut below: Option<(f64, Case)> = None;
            let mut above: Option<(f64, Case)> = None;
            for items in 2..=9 {
                for chars in [12, 20, 30, 40, 50, 60, 70, 80, 100, 120] {
                    let case = Case {
                        groups,
                        items,
                        chars,
                        title,
                    };
                    let over = model(template, scratch, case).overflow();
                    if over <= 0.0 && below.is_none_or(|(best, _)| over > best) {
                        below = Some((over, case));
                    }
                    if over > 0.0 && above.is_none_or(|(best, _)| over < best) {
                        above = Some((over, case));
                    }
                }
            }
            cases.extend(below.into_iter().chain(above).map(|(_, case)| case));
        }
    }
    // The issue's own case: three groups of nine items of about 60 characters.
    cases.push(Case {
        groups: 3,
        items: 9,
        chars: 60,
        title: 0,
    });
    cases
}

/// The model's sheet for `case`, written and read back as a guide file under `scratch`.
fn model(template: &str, scratch: &Path, case: Case) -> checklist::Sheet {
    let path = "content/guides/fit-00.yaml";
    std::fs::create_dir_all(scratch.join("content/guides")).unwrap();
    std::fs::write(scratch.join(path), guide(template, 0, case)).unwrap();
    let guide = load_file::<Guide>(scratch, path, "a guide file")
        .value
        .unwrap();
    let korean = stepguide::content::strings::defaults("ko");
    let url = print_fit::guide_url(BASE_URL, "fit-00");
    checklist::layout(&guide, Some(&url), "ko", &korean)
}

#[test]
fn print_overflow_verdict_matches_chromium_page_count() {
    if !chromium_ready("print_overflow_verdict_matches_chromium_page_count") {
        return;
    }
    let project = fixture("build/valid");
    let root = project.path();
    let template = std::fs::read_to_string(root.join(TEMPLATE)).unwrap();
    let cases = cases(&template, &root.join("scratch"));
    for (n, case) in cases.iter().enumerate() {
        let file = root.join(format!("content/guides/fit-{n:02}.yaml"));
        std::fs::write(file, guide(&template, n, *case)).unwrap();
    }
    let checked = run_in(root, &["check", "--format", "json"]);
    let site = root.join("site");
    build_site(root, &site, &["--base-url", BASE_URL]);

    let profile = root.join("profile");
    let mut table = String::from("case                         model mm  verdict   pages\n");
    let mut wrong = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let id = format!("fit-{n:02}");
        let path = format!("content/guides/{id}.yaml");
        let guide = load_file::<Guide>(root, &path, "a guide file")
            .value
            .unwrap();
        let url = print_fit::guide_url(BASE_URL, &id);
        let korean = stepguide::content::strings::defaults("ko");
        let sheet = checklist::layout(&guide, Some(&url), "ko", &korean);
        let warned = warning_on(&checked.stdout, &path);
        let fits = sheet.overflow() <= 0.0;
        let pdf = root.join(format!("{id}.pdf"));
        print(
            &profile,
            &site.join(format!("guides/{id}/checklist/index.html")),
            &pdf,
        );
        let pages = pages(&pdf);
        let verdict = match (fits, warned) {
            (true, false) => "fits",
            (true, true) => "margin",
            (false, _) => "overflows",
        };
        writeln!(
            table,
            "{:<28} {:>6.1}/{:.1}  {verdict:<9} {pages}",
            format!(
                "{id} {}x{} of {}, title {}",
                case.groups, case.items, case.chars, case.title
            ),
            mm(sheet.height),
            mm(sheet.page.height),
        )
        .unwrap();
        // The model alone must tell one page from two; `check` warns on every overflow,
        // and also within the margin it keeps.
        let agrees = if fits {
            pages == 1
        } else {
            pages > 1 && warned
        };
        if !agrees || (warned && sheet.height <= sheet.page.height - mm_px(MARGIN_MM)) {
            wrong.push(id);
        }
    }
    eprintln!("{table}");
    assert!(
        wrong.is_empty(),
        "the verdict is wrong for {wrong:?}:\n{table}"
    );
    let over = table.lines().filter(|l| l.contains(" overflows ")).count();
    assert!(
        over >= 5 && cases.len() - over >= 5,
        "the cases no longer straddle the page's foot:\n{table}"
    );
}

/// The template guide under id `fit-N`, with the checklist of `case` (the same for every `n`).
fn guide(template: &str, n: usize, case: Case) -> String {
    let (head, tail) = template.split_once("checklist:\n").unwrap();
    let (_, tail) = tail.split_once("sequence:\n").unwrap();
    let mut yaml = head.replacen("id: beta-joint", &format!("id: fit-{n:02}"), 1);
    if case.title > 0 {
        let title = format!("{} 발급", text(case.title, 0));
        yaml = yaml.replacen(
            "title: 알파은행 공동인증서 발급",
            &format!("title: {title}"),
            1,
        );
    }
    yaml.push_str("checklist:\n");
    let moments = ["before", "during", "after"];
    for group in 0..case.groups {
        let moment = moments[group * moments.len() / case.groups];
        writeln!(yaml, "  - moment: {moment}\n    mode: read-do").unwrap();
        if case.title > 0 {
            writeln!(yaml, "    title: {}", text(case.title, group)).unwrap();
        }
        yaml.push_str("    items:\n");
        for item in 0..case.items {
            let text = text(case.chars, group * 7 + item);
            writeln!(yaml, "      - id: g{group}-{item}\n        text: {text}").unwrap();
        }
    }
    yaml + "sequence:\n" + tail
}

/// About `chars` characters of checklist prose: Korean words with Latin words and digits
/// among them, starting at a different word for each `seed`.
fn text(chars: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "보안카드의",
        "OTP",
        "번호를",
        "확인했다",
        "인증서",
        "비밀번호는",
        "10자리",
        "이상이다",
        "공식",
        "홈페이지",
        "주소(https://bank.example)를",
        "입력했다",
        "ARS",
        "전화를",
        "받았다",
        "출금계좌와",
        "휴대폰이",
        "준비되어",
        "있다",
    ];
    let mut out = String::new();
    let mut at = seed;
    while out.chars().count() < chars {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[at % WORDS.len()]);
        at += 1;
    }
    out
}

/// Whether `check --format json` reported `print-overflow` on `file`.
fn warning_on(json: &str, file: &str) -> bool {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    diagnostics
        .iter()
        .any(|d| d["rule"] == "print-overflow" && d["file"] == file)
}

/// Prints `page` to `pdf` with headless Chromium, killing it after a minute.
fn print(profile: &Path, page: &Path, pdf: &Path) {
    let _one = one_browser_at_a_time();
    let mut child = Command::new(browser::chromium())
        .arg("--headless")
        .args(browser::chromium_flags())
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not print {} within a minute", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The page count `pdfinfo` reads from `pdf`.
fn pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is needed to count the printed pages");
    let info = String::from_utf8_lossy(&output.stdout);
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:"));
    pages
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("{info}"))
}

fn mm(px: f64) -> f64 {
    px * 25.4 / 96.0
}

fn mm_px(mm: f64) -> f64 {
    mm * 96.0 / 25.4
}
