//! Rendering: a guide's own pages as soon as the guide is loaded, then the pages that list
//! every guide from each guide's small [`GuideCard`].
//!
//! Nothing here touches the output folder; the caller writes (or compares) the bytes. The
//! templates are parsed once, and what every page shares (the site, the section ids) is
//! turned into template values once; tera's values are reference-counted, so each page only
//! adds its own data.

pub mod checklist;
mod citations;
pub mod comparison;
pub mod links;
pub mod listing;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod reminder;
pub mod templates;
mod voice;

use crate::anchors;
use crate::content::strings::Strings;
use crate::content::{GuideFile, SiteSettings};
use crate::print;
use anyhow::{Context as _, Result, anyhow};
use pages::GuideCard;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use templates::Templates;
use voice::Alternate;
pub use voice::{SiteView, Voice};

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
    sections: tera::Value,
    search: bool,
    /// Whether the site makes PDFs.
    pdf: bool,
    /// The site's languages, the default one first.
    voices: Vec<Voice>,
    /// The guides folder, to learn which guides a language has a page of.
    guides_dir: PathBuf,
}

impl Renderer {
    /// Loads the templates (defaults, overridden by `<root>/templates/`). `base_url` is
    /// absolute and ends in `/`; without one, pages have no canonical link, printed
    /// checklists no address, and the sitemap lists nothing. A language missing from
    /// `strings` speaks with the built-in interface strings.
    pub fn new(
        root: &Path,
        settings: &SiteSettings,
        strings: &BTreeMap<String, Strings>,
        base_url: Option<&str>,
    ) -> Result<Renderer> {
        let templates = Templates::load(root)?;
        let search = templates.assets.contains_key(SEARCH_SCRIPT);
        let mut voices = Vec::new();
        let default = SiteView::new(settings, base_url);
        let no_translation = crate::content::Translation::default();
        let translations = settings.translations.iter().map(|(tag, entry)| {
            let mut view = SiteView::new(settings, base_url);
            view.language = tag.clone();
            let entry = entry.value.as_ref().unwrap_or(&no_translation);
            if let Some(title) = &entry.title {
                view.title = title.value.clone();
            }
            if let Some(description) = &entry.description {
                view.description = description.value.clone();
            }
            (format!("{tag}/"), view, entry)
        });
        let default = std::iter::once((String::new(), default, &no_translation));
        for (prefix, view, entry) in default.chain(translations) {
            let strings = Arc::new(
                strings
                    .get(&view.language)
                    .cloned()
                    .unwrap_or_else(|| crate::content::strings::defaults(&view.language)),
            );
            // An id that is no safe slug (`check` reports it) never becomes a folder, even
            // in `serve`, which renders content with errors.
            let categories = settings
                .categories
                .iter()
                .filter(|category| crate::lint::ids::is_slug(&category.id))
                .map(|category| listing::CategoryName {
                    id: category.id.value.clone(),
                    title: entry
                        .categories
                        .get(&category.id.value)
                        .unwrap_or(&category.title)
                        .value
                        .clone(),
                })
                .collect();
            voices.push(Voice {
                tag: view.language.clone(),
                prefix,
                site: value(&view, "the site settings")?,
                t: value(&*strings, "the interface strings")?,
                strings,
                categories,
            });
        }
        Ok(Renderer {
            templates,
            base_url: base_url.map(str::to_string),
            sections: value(&SECTIONS, "the section ids")?,
            search,
            pdf: settings.pdf,
            voices,
            guides_dir: root.join(crate::content::GUIDES_DIR),
        })
    }

    /// The voice of `lang` (`None`: the default language).
    pub fn voice(&self, lang: Option<&str>) -> &Voice {
        let found = lang.and_then(|lang| self.voices.iter().find(|v| v.tag == lang));
        found.unwrap_or(&self.voices[0])
    }

    /// Whether the page at `path` (under a language's prefix) exists in `voice`: the pages
    /// that list guides do, except a listing's later pages, which only the default language
    /// is sure to have (a translation has at most its original's guides); a guide's pages
    /// where the guide has a file in its language.
    fn has_page(&self, voice: &Voice, path: &str) -> bool {
        if listing::is_later_page(path) {
            return voice.prefix.is_empty();
        }
        let Some(id) = path
            .strip_prefix("guides/")
            .and_then(|p| p.split('/').next())
        else {
            return true;
        };
        voice.prefix.is_empty()
            || ["yaml", "yml"].iter().any(|ext| {
                self.guides_dir
                    .join(format!("{id}.{}.{ext}", voice.tag))
                    .is_file()
            })
    }

    /// The other languages' versions of the page at `path`, for a page `depth` folders deep.
    fn alternates(&self, path: &str, depth: usize) -> Vec<Alternate> {
        let page = path.trim_end_matches("index.html");
        self.voices
            .iter()
            .map(|voice| {
                let same = self.has_page(voice, path);
                let target = if same { page } else { "" };
                Alternate {
                    lang: voice.tag.clone(),
                    name: voice
                        .strings
                        .get("language_name")
                        .cloned()
                        .unwrap_or_default(),
                    href: format!(
                        "{}{}{}",
                        "../".repeat(depth),
                        voice.prefix,
                        if same { path } else { "index.html" }
                    ),
                    url: self
                        .base_url
                        .as_ref()
                        .map(|base| format!("{base}{}{target}", voice.prefix)),
                    same,
                }
            })
            .collect()
    }

    /// A guide's page, its printable checklist and its PDFs, in `lang` (`None`: the default
    /// language), and the guide's card for the listings.
    pub fn guide(&self, file: &GuideFile, lang: Option<&str>) -> Result<(GuideCard, Vec<File>)> {
        let voice = self.voice(lang);
        // The language's own address: printed sheets and QR codes lead to its pages.
        let base_url = self
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", voice.prefix));
        let view = pages::guide_view(file, base_url.as_deref(), voice, &self.voices[0].tag)?;
        let checklist = checklist::view(&file.guide, &view, &voice.strings)
            .with_context(|| format!("cannot make the checklist of {}", file.file))?;
        let dir = format!("guides/{}", view.card.id);
        let guide = value(&view, &file.file)?;
        let downloads = match self.pdf {
            true => value(&print::downloads(&view), &file.file)?,
            false => tera::Value::from(Vec::<tera::Value>::new()),
        };
        // The guide page gets the checklist too, for the QR code it prints with.
        let checklist_value = value(&checklist, &file.file)?;
        let page_path = format!("{dir}/index.html");
        let page = self.page(
            voice,
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
            voice,
            &checklist_path,
            "checklist.html",
            &[
                ("guide", guide),
                ("checklist", checklist_value),
                ("downloads", downloads),
            ],
        )?;
        let prefix = &voice.prefix;
        let mut files = vec![
            (format!("{prefix}{page_path}"), page),
            (format!("{prefix}{checklist_path}"), checklist_page),
        ];
        if self.pdf {
            let label = checklist::qr_label(&view.card.title, &voice.strings);
            let source = print::Source::new(&view, &checklist, &voice.tag, &label)?;
            for (name, pdf) in source.all()? {
                files.push((format!("{prefix}{dir}/{name}"), pdf));
            }
        }
        Ok((listed(view.card), files))
    }

    /// The pages that list every guide of `lang`: the home page, the listings of every guide
    /// and of each category, the comparison, the sitemap and (in the default language) the
    /// 404 page, from the guides' cards in site order.
    pub fn listings(&self, cards: &[&GuideCard], lang: Option<&str>) -> Result<Vec<File>> {
        use rayon::prelude::*;
        let voice = self.voice(lang);
        let groups = listing::by_category(&voice.categories, cards);
        let comparison = comparison::comparison(cards);
        let all = listing::pages("all", cards);
        let mut lists: Vec<(&str, &listing::ListingPage)> =
            all.iter().map(|page| (voice_title(voice), page)).collect();
        let category_pages: Vec<(String, Vec<listing::ListingPage>)> = groups
            .iter()
            .map(|(name, cards)| {
                let base = listing::category_base(&name.id);
                (name.title.clone(), listing::pages(&base, cards))
            })
            .collect();
        for (title, pages) in &category_pages {
            lists.extend(pages.iter().map(|page| (title.as_str(), page)));
        }
        let first_cards = &cards[..cards.len().min(listing::PAGE_SIZE)];
        let home = [
            ("guides", value(first_cards, "the guide list")?),
            ("guide_count", tera::Value::from(cards.len())),
            (
                "categories",
                value(&listing::summaries(&groups), "the categories")?,
            ),
            ("comparison", value(&comparison, "the comparison")?),
        ];
        let mut files: Vec<File> = lists
            .par_iter()
            .map(|(title, page)| {
                let data = [
                    ("listing_title", tera::Value::from(*title)),
                    ("guides", value(page.cards, "a guide list")?),
                    ("pagination", value(&page.pagination, "a guide list")?),
                ];
                let html = self.page(voice, &page.path, "listing.html", &data)?;
                Ok((format!("{}{}", voice.prefix, page.path), html))
            })
            .collect::<Result<_>>()?;
        let listing_paths = lists.iter().map(|(_, page)| page.path.as_str());
        let (home_page, compare) = rayon::join(
            || self.page(voice, "index.html", "index.html", &home),
            || self.page(voice, "compare/index.html", "compare.html", &home),
        );
        let prefix = &voice.prefix;
        files.push((format!("{prefix}index.html"), home_page?));
        files.push((format!("{prefix}compare/index.html"), compare?));
        let sitemap = self.sitemap(voice, cards, listing_paths)?;
        files.push((format!("{prefix}sitemap.xml"), sitemap));
        // One 404 page for the whole site, served at any address.
        if prefix.is_empty() {
            files.push(("404.html".to_string(), self.not_found_page(voice)?));
        }
        Ok(files)
    }

    fn not_found_page(&self, voice: &Voice) -> Result<Vec<u8>> {
        // The 404 page is served at any depth, possibly from another host than base_url, so
        // it carries its own stylesheet.
        let style = self
            .templates
            .assets
            .get("style.css")
            .map(|css| String::from_utf8_lossy(css));
        let style_css = tera::Value::from(style.as_deref().unwrap_or_default());
        self.page(voice, "404.html", "404.html", &[("style_css", style_css)])
    }

    /// The sitemap of a language's pages; it lists nothing until the site has an address,
    /// as it needs absolute ones (it is still written: a built site always has one).
    fn sitemap<'p>(
        &self,
        voice: &Voice,
        cards: &[&GuideCard],
        listings: impl Iterator<Item = &'p str>,
    ) -> Result<Vec<u8>> {
        let mut urls: Vec<UrlEntry> = Vec::new();
        if let Some(base_url) = &self.base_url {
            let base_url = format!("{base_url}{}", voice.prefix);
            urls.push(UrlEntry {
                loc: base_url.clone(),
                lastmod: None,
            });
            let pages = std::iter::once("compare/index.html").chain(listings);
            urls.extend(pages.map(|page| UrlEntry {
                loc: format!("{base_url}{}", page.trim_end_matches("index.html")),
                lastmod: None,
            }));
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
        self.page(voice, "sitemap.xml", "sitemap.xml", &[("urls", urls)])
    }

    /// The static assets, under `assets/`.
    pub fn assets(&self) -> Vec<File> {
        self.templates
            .assets
            .iter()
            .map(|(name, bytes)| (format!("assets/{name}"), bytes.clone()))
            .collect()
    }

    /// Renders `template` as the file at `path` (under `voice`'s prefix), with the shared
    /// data and the page's own.
    fn page(
        &self,
        voice: &Voice,
        path: &str,
        template: &str,
        data: &[(&'static str, tera::Value)],
    ) -> Result<Vec<u8>> {
        let depth = path.matches('/').count() + voice.prefix.matches('/').count();
        let root = if path == "404.html" {
            // The 404 page is served at any depth, so only absolute links work there; without
            // an address, the site is taken to be at the host's root.
            self.base_url.clone().unwrap_or_else(|| "/".to_string())
        } else {
            "../".repeat(depth)
        };
        let mut context = tera::Context::new();
        context.insert_value("site", voice.site.clone());
        context.insert_value("t", voice.t.clone());
        context.insert("root", &root);
        // The language's own root: its home page, comparison and search index are there.
        context.insert("home", &format!("{root}{}", voice.prefix));
        let canonical = self.base_url.as_ref().map(|base| {
            format!(
                "{base}{}{}",
                voice.prefix,
                path.trim_end_matches("index.html")
            )
        });
        context.insert("canonical", &canonical);
        if self.voices.len() > 1 && path.ends_with(".html") && path != "404.html" {
            let alternates = self.alternates(path, depth);
            context.insert("alternates", &alternates);
            context.insert("x_default", &alternates.first().and_then(|a| a.url.clone()));
        }
        context.insert_value("sections", self.sections.clone());
        context.insert("search", &self.search);
        for (key, value) in data {
            context.insert_value(*key, value.clone());
        }
        self.templates.render(template, &context)
    }
}

/// What the listing of every guide is called in `voice`.
fn voice_title(voice: &Voice) -> &str {
    voice
        .strings
        .get("all_guides")
        .map_or("", |title| title.as_str())
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

/// What the listings keep of a guide's card until every guide is rendered: not the page's
/// summary nor its facts' notes and evidence, which they do not show. Kept whole, the cards
/// of 10,000 guides held tens of megabytes.
fn listed(mut card: GuideCard) -> GuideCard {
    card.summary_html = String::new();
    for fact in &mut card.facts {
        fact.note_html = None;
        fact.evidence = Vec::new();
    }
    card
}
