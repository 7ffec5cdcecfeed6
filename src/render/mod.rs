//! Rendering: a guide's own pages as soon as the guide is loaded, then the pages that list
//! every guide from each guide's small [`GuideCard`].
//!
//! Nothing here touches the output folder; the caller writes (or compares) the bytes. The
//! templates are parsed once, and what every page shares (the site, the section ids) is
//! turned into template values once; tera's values are reference-counted, so each page only
//! adds its own data.

pub mod checklist;
pub mod comparison;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod reminder;
pub mod templates;

use crate::anchors;
use crate::content::{GuideFile, SiteSettings};
use crate::print;
use anyhow::{Context as _, Result, anyhow};
use pages::{GuideCard, SiteView};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use templates::Templates;

/// The browser half of search; without it the index is still written but no page loads it.
const SEARCH_SCRIPT: &str = "search.js";

/// A built site: path relative to the output folder, with `/` separators → file bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// One output file: its path relative to the output folder and its bytes.
pub type File = (String, Vec<u8>);

#[derive(Serialize)]
struct Sections {
    facts: &'static str,
    prepare: &'static str,
    questions: &'static str,
    situations: &'static str,
    failures: &'static str,
    checklist_table: &'static str,
    sequence: &'static str,
    sources: &'static str,
}

const SECTIONS: Sections = Sections {
    facts: anchors::FACTS,
    prepare: anchors::PREPARE,
    questions: anchors::QUESTIONS,
    situations: anchors::SITUATIONS,
    failures: anchors::FAILURES,
    checklist_table: anchors::CHECKLIST_TABLE,
    sequence: anchors::SEQUENCE,
    sources: anchors::SOURCES,
};

#[derive(Serialize)]
struct UrlEntry<'a> {
    loc: String,
    lastmod: Option<&'a str>,
}

/// What every page is rendered with. Every template gets `site`, `root` (the prefix from the
/// page to the site root, e.g. `../../`, so links are relative and the site works from
/// `file://` and from a sub-path), `canonical` (the page's absolute address), `sections`
/// (ids of a guide page's sections) and `search` (true when the assets include `search.js`),
/// plus the page's own data.
pub struct Renderer {
    templates: Templates,
    /// Absolute, ending in `/`; `None` until the site has an address.
    base_url: Option<String>,
    site: tera::Value,
    sections: tera::Value,
    search: bool,
    /// The content's language, for the PDFs; `None` when the site makes no PDFs.
    pdf_lang: Option<String>,
}

impl Renderer {
    /// Loads the templates (defaults, overridden by `<root>/templates/`). `base_url` is
    /// absolute and ends in `/`; without one, pages have no canonical link, printed
    /// checklists no address, and the sitemap lists nothing.
    pub fn new(root: &Path, settings: &SiteSettings, base_url: Option<&str>) -> Result<Renderer> {
        let templates = Templates::load(root)?;
        let search = templates.assets.contains_key(SEARCH_SCRIPT);
        Ok(Renderer {
            templates,
            base_url: base_url.map(str::to_string),
            site: value(&SiteView::new(settings, base_url), "the site settings")?,
            sections: value(&SECTIONS, "the section ids")?,
            search,
            pdf_lang: settings.pdf.then(|| settings.language.value.clone()),
        })
    }

    /// A guide's page, its printable checklist and its PDFs, and the guide's card for the
    /// listings.
    pub fn guide(&self, file: &GuideFile) -> Result<(GuideCard, Vec<File>)> {
        let view = pages::guide_view(file, self.base_url.as_deref())?;
        let checklist = checklist::view(&file.guide, &view)
            .with_context(|| format!("cannot make the checklist of {}", file.file))?;
        let dir = format!("guides/{}", view.card.id);
        let guide = value(&view, &file.file)?;
        let downloads = match self.pdf_lang {
            Some(_) => value(&print::downloads(&view), &file.file)?,
            None => tera::Value::from(Vec::<tera::Value>::new()),
        };
        // The guide page gets the checklist too, for the QR code it prints with.
        let checklist_value = value(&checklist, &file.file)?;
        let page_path = format!("{dir}/index.html");
        let page = self.page(
            &page_path,
            "guide.html",
            &[
                ("guide", guide.clone()),
                ("checklist", checklist_value.clone()),
                ("downloads", downloads.clone()),
            ],
        )?;
        let checklist_path = format!("{dir}/checklist/index.html");
        let checklist_page = self.page(
            &checklist_path,
            "checklist.html",
            &[
                ("guide", guide),
                ("checklist", checklist_value),
                ("downloads", downloads),
            ],
        )?;
        let mut files = vec![(page_path, page), (checklist_path, checklist_page)];
        if let Some(lang) = &self.pdf_lang {
            let label = checklist::qr_label(&view.card.title);
            let source = print::Source::new(&view, &checklist, lang, &label)?;
            for (name, pdf) in source.all()? {
                files.push((format!("{dir}/{name}"), pdf));
            }
        }
        Ok((view.card, files))
    }

    /// The pages that list every guide: the home page, the comparison, the sitemap and the
    /// 404 page, from the guides' cards in site order.
    pub fn listings(&self, cards: &[&GuideCard]) -> Result<Vec<File>> {
        let comparison = comparison::comparison(cards);
        let guides = value(cards, "the guide list")?;
        let comparison = value(&comparison, "the comparison")?;
        let index = [("guides", guides), ("comparison", comparison)];
        let ((home, compare), (not_found, sitemap)) = rayon::join(
            || {
                rayon::join(
                    || self.page("index.html", "index.html", &index),
                    || self.page("compare/index.html", "compare.html", &index),
                )
            },
            || (self.not_found_page(), self.sitemap(cards)),
        );
        Ok(vec![
            ("index.html".to_string(), home?),
            ("compare/index.html".to_string(), compare?),
            ("404.html".to_string(), not_found?),
            ("sitemap.xml".to_string(), sitemap?),
        ])
    }

    fn not_found_page(&self) -> Result<Vec<u8>> {
        // The 404 page is served at any depth, possibly from another host than base_url, so
        // it carries its own stylesheet.
        let style = self
            .templates
            .assets
            .get("style.css")
            .map(|css| String::from_utf8_lossy(css));
        let style_css = tera::Value::from(style.as_deref().unwrap_or_default());
        self.page("404.html", "404.html", &[("style_css", style_css)])
    }

    /// The sitemap; it lists nothing until the site has an address, as it needs absolute
    /// ones (it is still written: a built site always has one).
    fn sitemap(&self, cards: &[&GuideCard]) -> Result<Vec<u8>> {
        let mut urls: Vec<UrlEntry> = Vec::new();
        if let Some(base_url) = &self.base_url {
            urls.push(UrlEntry {
                loc: base_url.clone(),
                lastmod: None,
            });
            urls.push(UrlEntry {
                loc: format!("{base_url}compare/"),
                lastmod: None,
            });
            for card in cards {
                let guide = format!("{base_url}guides/{}/", card.id);
                let checklist = format!("{guide}checklist/");
                for loc in [guide, checklist] {
                    urls.push(UrlEntry {
                        loc,
                        lastmod: Some(&card.reviewed),
                    });
                }
            }
        }
        let urls = value(&urls, "the sitemap")?;
        self.page("sitemap.xml", "sitemap.xml", &[("urls", urls)])
    }

    /// The static assets, under `assets/`.
    pub fn assets(&self) -> Vec<File> {
        self.templates
            .assets
            .iter()
            .map(|(name, bytes)| (format!("assets/{name}"), bytes.clone()))
            .collect()
    }

    /// Renders `template` as the file at `path`, with the shared data and the page's own.
    fn page(
        &self,
        path: &str,
        template: &str,
        data: &[(&'static str, tera::Value)],
    ) -> Result<Vec<u8>> {
        let root = if path == "404.html" {
            // The 404 page is served at any depth, so only absolute links work there; without
            // an address, the site is taken to be at the host's root.
            self.base_url.clone().unwrap_or_else(|| "/".to_string())
        } else {
            "../".repeat(path.matches('/').count())
        };
        let mut context = tera::Context::new();
        context.insert_value("site", self.site.clone());
        context.insert("root", &root);
        let canonical = self
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", path.trim_end_matches("index.html")));
        context.insert("canonical", &canonical);
        context.insert_value("sections", self.sections.clone());
        context.insert("search", &self.search);
        for (key, value) in data {
            context.insert_value(*key, value.clone());
        }
        self.templates.render(template, &context)
    }
}

/// Data as a template value, once, so several pages can share it.
fn value<T: Serialize + ?Sized>(data: &T, what: &str) -> Result<tera::Value> {
    tera::Value::try_from_serializable(data)
        .map_err(|err| anyhow!("{err}"))
        .with_context(|| format!("cannot prepare the data of {what}"))
}

/// HTML-escapes text for the few places that build markup in Rust (the QR code's label).
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
