//! Fuzz target: any bytes as a guide file go through the build's own per-guide step
//! (`pipeline::guide`: reading, decoding, parsing, every lint rule, and for a guide without
//! errors its pages and search entries) without panicking, and a guide that lint accepts
//! always renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;
use stepguide::content::parse::parse;
use stepguide::content::{SiteSettings, Terminology};
use stepguide::lint::{LintOptions, Rules};
use stepguide::pipeline;
use stepguide::render::Renderer;

const SITE: &str = "title: 퍼즈\ndescription: 퍼즈 입력\nbase_url: https://example.org/sub/\nlanguage: ko\nreview_interval_days: 180\n";
const TERMS: &str =
    "terms:\n  - preferred: 공동인증서\n    forbidden: [공인인증서, OPT]\n    reason: 이유\n";

/// A project folder of this process's own, with the settings the rules and pages need.
struct Project {
    root: PathBuf,
    site: SiteSettings,
    terminology: &'static Terminology,
    renderer: Renderer,
}

static PROJECT: LazyLock<Project> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("stepguide-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(root.join("content/guides")).expect("a scratch folder");
    let site: SiteSettings = parse("content/site.yaml", SITE, "site").expect("valid settings");
    let terminology: Terminology =
        parse("content/terminology.yaml", TERMS, "terms").expect("a valid list");
    let renderer = Renderer::new(
        &root,
        &site,
        &Default::default(),
        Some("https://example.org/sub/"),
    )
    .expect("templates");
    Project {
        root,
        site,
        terminology: Box::leak(Box::new(terminology)),
        renderer,
    }
});

/// The file is named after the input's `id:` line when that is a plain slug, since lint
/// wants a guide's id to be its file name, and only a guide that passes lint is rendered.
fn file_name(data: &[u8]) -> String {
    let id = std::str::from_utf8(data).ok().and_then(|text| {
        text.lines()
            .find_map(|line| line.strip_prefix("id: "))
            .map(str::trim)
            .filter(|id| {
                (1..64).contains(&id.len())
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    });
    format!("content/guides/{}.yaml", id.unwrap_or("fuzz"))
}

fuzz_target!(|data: &[u8]| {
    let project = &*PROJECT;
    let file = file_name(data);
    let path = project.root.join(&file);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let rules = Rules::new(
        Some(&project.site),
        Some(project.terminology),
        LintOptions { today: 20_000 },
    );
    let handled = pipeline::guide(&project.root, &file, None, &rules, Some(&project.renderer));
    let _ = std::fs::remove_file(&path);
    let (record, pages) = match handled {
        Ok(handled) => handled,
        Err(err) => panic!("a guide without lint errors failed to render: {err:#}"),
    };
    if !record.has_errors() {
        assert_eq!(
            pages.len(),
            2,
            "a clean guide makes its page and its checklist"
        );
    }
});
