//! Rendering: the whole site as a map of relative path → bytes, built in memory.
//!
//! Nothing here touches the output folder; `output` writes (or compares) the result. A map
//! sorted by path keeps the build deterministic and makes `--check` a plain comparison.

pub mod checklist;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod templates;

use crate::anchors;
use crate::content::KnowledgeBase;
use anyhow::{Context as _, Result};
use pages::{GuideView, SiteView};
use serde::Serialize;
use std::collections::BTreeMap;
use templates::Templates;

/// The browser half of search; without it the index is still written but no page loads it.
const SEARCH_SCRIPT: &str = "search.js";

/// The built site: path relative to the output folder, with `/` separators → file bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What every template gets, plus the page's own data.
#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    site: &'a SiteView,
    /// Prefix from this page to the site root (`../../`), so every link is relative and the
    /// site works from `file://` and from a sub-path.
    root: &'a str,
    /// The page's absolute address.
    canonical: String,
    /// Ids of a guide page's sections, from `anchors`.
    sections: Sections,
    /// True when the assets include `search.js`; pages then load it and the search index.
    search: bool,
    #[serde(flatten)]
    data: T,
}

#[derive(Serialize)]
struct Sections {
    facts: &'static str,
    prepare: &'static str,
    situations: &'static str,
    failures: &'static str,
    checklist_table: &'static str,
    sequence: &'static str,
    sources: &'static str,
}

const SECTIONS: Sections = Sections {
    facts: anchors::FACTS,
    prepare: anchors::PREPARE,
    situations: anchors::SITUATIONS,
    failures: anchors::FAILURES,
    checklist_table: anchors::CHECKLIST_TABLE,
    sequence: anchors::SEQUENCE,
    sources: anchors::SOURCES,
};

#[derive(Serialize)]
struct UrlEntry {
    loc: String,
    lastmod: Option<String>,
}

/// Renders every page and asset. `base_url` is absolute and ends in `/`.
pub fn site(kb: &KnowledgeBase, base_url: &str) -> Result<Files> {
    let settings = kb.site.as_ref().context("the site settings did not load")?;
    let templates = Templates::load(&kb.root)?;
    let guides = kb
        .guides
        .iter()
        .map(|file| pages::guide_view(file, base_url))
        .collect::<Result<Vec<GuideView>>>()?;
    let comparison = pages::comparison(&guides);
    let mut out = Renderer {
        templates: &templates,
        site: SiteView::new(settings, base_url),
        files: Files::new(),
    };

    #[derive(Serialize)]
    struct Index<'a> {
        guides: &'a [GuideView],
        comparison: &'a pages::ComparisonView,
    }
    let index = Index {
        guides: &guides,
        comparison: &comparison,
    };
    out.page("index.html", "index.html", &index)?;
    out.page("compare/index.html", "compare.html", &index)?;
    // The 404 page is served at any depth, possibly from another host than base_url, so it
    // carries its own stylesheet.
    #[derive(Serialize)]
    struct NotFound<'a> {
        style_css: &'a str,
    }
    let style = templates
        .assets
        .get("style.css")
        .map(|css| String::from_utf8_lossy(css));
    let style_css = style.as_deref().unwrap_or_default();
    out.page("404.html", "404.html", &NotFound { style_css })?;

    let mut urls = vec![
        UrlEntry {
            loc: base_url.to_string(),
            lastmod: None,
        },
        UrlEntry {
            loc: format!("{base_url}compare/"),
            lastmod: None,
        },
    ];
    #[derive(Serialize)]
    struct GuidePage<'a> {
        guide: &'a GuideView,
        checklist: Option<checklist::ChecklistView>,
    }
    for (file, guide) in kb.guides.iter().zip(&guides) {
        let dir = format!("guides/{}", guide.id);
        let data = GuidePage {
            guide,
            checklist: None,
        };
        out.page(&format!("{dir}/index.html"), "guide.html", &data)?;
        let checklist = checklist::view(&file.guide, guide)
            .with_context(|| format!("cannot make the checklist of {}", file.file))?;
        let data = GuidePage {
            guide,
            checklist: Some(checklist),
        };
        out.page(
            &format!("{dir}/checklist/index.html"),
            "checklist.html",
            &data,
        )?;
        for loc in [guide.url.clone(), format!("{}checklist/", guide.url)] {
            urls.push(UrlEntry {
                loc,
                lastmod: Some(guide.reviewed.clone()),
            });
        }
    }

    #[derive(Serialize)]
    struct Sitemap {
        urls: Vec<UrlEntry>,
    }
    out.page("sitemap.xml", "sitemap.xml", &Sitemap { urls })?;

    let mut files = out.files;
    files.insert(
        crate::search::INDEX_FILE.to_string(),
        crate::search::build_index(kb).into_bytes(),
    );
    for (name, bytes) in &templates.assets {
        files.insert(format!("assets/{name}"), bytes.clone());
    }
    Ok(files)
}

struct Renderer<'a> {
    templates: &'a Templates,
    site: SiteView,
    files: Files,
}

impl Renderer<'_> {
    /// Renders `template` with the shared data and the page's own, as the file at `path`.
    fn page<T: Serialize>(&mut self, path: &str, template: &str, data: &T) -> Result<()> {
        let base_url = self.site.base_url.as_str();
        let root = if path == "404.html" {
            // The 404 page is served at any depth, so only absolute links work there.
            base_url.to_string()
        } else {
            "../".repeat(path.matches('/').count())
        };
        let context = tera::Context::from_serialize(&Page {
            site: &self.site,
            root: &root,
            canonical: format!("{base_url}{}", path.trim_end_matches("index.html")),
            sections: SECTIONS,
            search: self.templates.assets.contains_key(SEARCH_SCRIPT),
            data,
        })
        .map_err(|err| anyhow::anyhow!("{err}"))
        .with_context(|| format!("cannot prepare the data of {path}"))?;
        let html = self.templates.render(template, &context)?;
        self.files.insert(path.to_string(), html.into_bytes());
        Ok(())
    }
}

/// HTML-escapes text for the few places that build markup in Rust (the QR code's label).
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
