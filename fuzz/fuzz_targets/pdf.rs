//! Fuzz target: any bytes as a guide file; a guide that lint accepts gets its PDFs, and
//! each is whole (header, cross-reference table, end marker), has as many page objects as
//! its page tree counts and no more than `print::MAX_PAGES`, and carries nothing that acts
//! (no JavaScript, launch or form actions, no URI but the guide's own address). A PDF over
//! the page cap is a `pdf-too-long` diagnostic, never a failed build.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;
use stepguide::content::SiteSettings;
use stepguide::content::parse::parse;
use stepguide::diagnostic::Rule;
use stepguide::lint::{LintOptions, Rules};
use stepguide::pipeline;
use stepguide::print::MAX_PAGES;
use stepguide::render::Renderer;

const BASE: &str = "https://example.org/sub/";
const SITE: &str = "title: 퍼즈\ndescription: 퍼즈 입력\nbase_url: https://example.org/sub/\nlanguage: ko\nreview_interval_days: 180\n";
/// The seeds' `reviewed:` dates are in 2026; a later today keeps them out of `future-date`.
const TODAY: i64 = 20_800;

struct Project {
    root: PathBuf,
    site: SiteSettings,
    renderer: Renderer,
}

static PROJECT: LazyLock<Project> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("stepguide-fuzz-pdf-{}", std::process::id()));
    std::fs::create_dir_all(root.join("content/guides")).expect("a scratch folder");
    let site: SiteSettings = parse("content/site.yaml", SITE, "site").expect("valid settings");
    let renderer = Renderer::new(&root, &site, &Default::default(), Some(BASE)).expect("templates");
    Project {
        root,
        site,
        renderer,
    }
});

fuzz_target!(|data: &[u8]| {
    let project = &*PROJECT;
    // Lint wants a guide's id to be its file name: the seeds' ids are `alpha-cert`.
    let file = "content/guides/alpha-cert.yaml";
    let path = project.root.join(file);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let rules = Rules::new(Some(&project.site), None, LintOptions { today: TODAY });
    let handled = pipeline::guide(&project.root, file, None, &rules, Some(&project.renderer));
    let _ = std::fs::remove_file(&path);
    let (record, files) = match handled {
        Ok(handled) => handled,
        Err(err) => panic!("a guide without lint errors failed to render: {err:#}"),
    };
    let too_long = record
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::PdfTooLong);
    assert!(!too_long || files.is_empty(), "a refused guide wrote files");
    for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".pdf")) {
        if let Err(problem) = audit(bytes) {
            panic!("{name}: {problem}");
        }
    }
});

/// What a reader needs of a PDF, read from its bytes: every stream is uncompressed, so
/// dictionaries and the text of content streams are plain to see.
fn audit(pdf: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(pdf);
    if !pdf.starts_with(b"%PDF-") || !text.trim_end().ends_with("%%EOF") {
        return Err("no PDF header or end marker".into());
    }
    if !text.contains("\nxref\n") || !text.contains("startxref") {
        return Err("no cross-reference table".into());
    }
    let pages = text.matches("/Type /Page\n").count()
        + text.matches("/Type /Page ").count()
        + text.matches("/Type /Page/").count();
    let counted = text
        .split("/Count ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or("no page count")?;
    if counted == 0 || counted > MAX_PAGES {
        return Err(format!("{counted} pages"));
    }
    if pages != counted {
        return Err(format!("{pages} page objects, {counted} counted"));
    }
    for action in [
        "/JavaScript",
        "/JS",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/OpenAction",
    ] {
        if text.contains(action) {
            return Err(format!("{action} in the PDF"));
        }
    }
    for uri in text.split("/URI (").skip(1) {
        if !uri.starts_with(BASE) {
            return Err(format!(
                "a URI outside the site: {}",
                &uri[..uri.len().min(80)]
            ));
        }
    }
    Ok(())
}
