//! Fuzz target: any text as a link's destination in a guide (`guide:`, `procedure:` and
//! `step:` references, `#fragments`, relative paths, schemes) is either reported by lint or
//! rendered as a link that works: a `#fragment` names an id the page has, a relative path
//! stays inside the site, and a scheme is on the allow-list. A reference to a missing or
//! hostile id is a diagnostic, never a broken or escaping link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;
use stepguide::content::SiteSettings;
use stepguide::content::parse::parse;
use stepguide::lint::{LintOptions, Rules};
use stepguide::pipeline;
use stepguide::render::Renderer;

const SITE: &str =
    "title: 퍼즈\ndescription: 퍼즈 입력\nlanguage: ko\nreview_interval_days: 180\npdf: false\n";
const GUIDE: &str = include_str!("../../tests/fixtures/build/valid/content/guides/alpha-cert.yaml");
const FILE: &str = "content/guides/alpha-cert.yaml";
const PAGE: &str = "guides/alpha-cert/index.html";
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

struct Project {
    root: PathBuf,
    site: SiteSettings,
    renderer: Renderer,
}

static PROJECT: LazyLock<Project> = LazyLock::new(|| {
    let root = std::env::temp_dir().join(format!("stepguide-fuzz-refs-{}", std::process::id()));
    std::fs::create_dir_all(root.join("content/guides")).expect("a scratch folder");
    let site: SiteSettings = parse("content/site.yaml", SITE, "site").expect("valid settings");
    let renderer = Renderer::new(&root, &site, &Default::default(), None).expect("templates");
    Project {
        root,
        site,
        renderer,
    }
});

fuzz_target!(|data: &[u8]| {
    let Ok(dest) = std::str::from_utf8(data) else {
        return;
    };
    let project = &*PROJECT;
    // The link goes in a Markdown field, as a JSON string (which is a YAML one).
    let result = serde_json::to_string(&format!("[링크]({dest}) 끝")).expect("a string");
    let guide = GUIDE.replace(
        "result: 금융인증서가 **발급**됩니다.",
        &format!("result: {result}"),
    );
    std::fs::write(project.root.join(FILE), guide).expect("writes");
    let rules = Rules::new(Some(&project.site), None, LintOptions { today: 20_800 });
    let (record, files) =
        pipeline::guide(&project.root, FILE, None, &rules, Some(&project.renderer))
            .unwrap_or_else(|err| panic!("a guide without lint errors failed to render: {err:#}"));
    if record.has_errors() || record.links.leads_to_other_guides() {
        return;
    }
    let (_, page) = files
        .iter()
        .find(|(path, _)| path == PAGE)
        .expect("the guide's page");
    let html = String::from_utf8_lossy(page);
    for href in html.split(" href=\"").skip(1) {
        let href = decode_entities(href.split('"').next().unwrap_or_default());
        if let Err(problem) = works(&href, &html) {
            panic!("{problem}: href={href:?}\ndestination: {dest:?}");
        }
    }
});

/// Whether a link on the guide's page leads where lint let it: see the file's comment.
fn works(href: &str, html: &str) -> Result<(), String> {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = path.split('?').next().unwrap_or_default();
    if let Some((scheme, _)) = path.split_once(':').filter(|(s, _)| !s.contains('/')) {
        return if SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
            Ok(())
        } else {
            Err(format!("scheme `{scheme}`"))
        };
    }
    if path.starts_with(['/', '\\']) {
        return Err("a path from the host's root".into());
    }
    let mut at: Vec<&str> = PAGE.split('/').collect();
    at.pop();
    let path = path.replace('\\', "/");
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            "." | "" => {}
            ".." => {
                at.pop().ok_or("leaves the site")?;
            }
            _ => at.push(segment),
        }
    }
    let target = at.join("/");
    let same_page = target == "guides/alpha-cert" || target == "guides/alpha-cert/index.html";
    if (href.starts_with('#') || same_page) && !fragment.is_empty() {
        let id = percent_decode(fragment);
        if !html.contains(&format!(" id=\"{}\"", escape(&id))) {
            return Err(format!("no id `{id}` on the page"));
        }
    }
    Ok(())
}

fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// An id as the page writes it in an attribute.
fn escape(id: &str) -> String {
    id.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if bytes[i] == b'%' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
