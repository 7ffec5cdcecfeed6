//! The templates and static assets: defaults embedded in the binary, overridden file by file
//! by a `templates/` folder beside the content.
//!
//! `templates/static/*` are assets copied to `/assets/`; every other file is a tera template,
//! named by its path relative to `templates/` (e.g. `partials/step.html`).

use anyhow::{Context as _, Result, anyhow};
use std::collections::BTreeMap;
use std::path::Path;

pub const TEMPLATES_DIR: &str = "templates";

/// Embedded defaults, so the binary works without a `templates/` folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("guide.html", include_str!("../../templates/guide.html")),
    (
        "checklist.html",
        include_str!("../../templates/checklist.html"),
    ),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "partials/comparison.html",
        include_str!("../../templates/partials/comparison.html"),
    ),
    (
        "partials/card.html",
        include_str!("../../templates/partials/card.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/step.html",
        include_str!("../../templates/partials/step.html"),
    ),
    (
        "partials/evidence.html",
        include_str!("../../templates/partials/evidence.html"),
    ),
    (
        "partials/facts.html",
        include_str!("../../templates/partials/facts.html"),
    ),
    (
        "partials/search.html",
        include_str!("../../templates/partials/search.html"),
    ),
];

const DEFAULT_ASSETS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../templates/static/style.css"),
    ),
    (
        "checklist.js",
        include_bytes!("../../templates/static/checklist.js"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    (
        "guide.js",
        include_bytes!("../../templates/static/guide.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../templates/static/favicon.svg"),
    ),
];

/// The built-in templates and assets, by path under `templates/` (assets under `static/`),
/// for `stepguide init --templates`.
pub fn defaults() -> impl Iterator<Item = (String, Vec<u8>)> {
    let templates = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()));
    let assets = DEFAULT_ASSETS
        .iter()
        .map(|(name, bytes)| (format!("static/{name}"), bytes.to_vec()));
    templates.chain(assets)
}

pub struct Templates {
    tera: tera::Tera,
    /// Asset file name → bytes, written under `/assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Templates {
    /// The defaults, with any file in `<root>/templates/` replacing the default of that name.
    pub fn load(root: &Path) -> Result<Templates> {
        let mut sources: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = DEFAULT_ASSETS
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();

        let dir = root.join(TEMPLATES_DIR);
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.path();
                let relative = path
                    .strip_prefix(&dir)
                    .with_context(|| format!("{} is outside {}", path.display(), dir.display()))?;
                let name = crate::content::slash_path(relative);
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if let Some(asset) = name.strip_prefix("static/") {
                    assets.insert(asset.to_string(), bytes);
                } else {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| anyhow!("{} is not valid UTF-8", path.display()))?;
                    sources.insert(name, text);
                }
            }
        }

        let mut tera = tera::Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|err| anyhow!("{err}"))
            .with_context(|| {
                format!("cannot load the templates (defaults and {})", dir.display())
            })?;
        Ok(Templates { tera, assets })
    }

    /// The page's bytes. Rendered into bytes, not a `String`, which would check the whole
    /// page for valid UTF-8 once more (tera writes it from `&str`s already).
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>> {
        // Most pages are 10 to 40 KB; starting there saves the copies of a growing buffer.
        let mut page = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|err| anyhow!("{err}"))
            .with_context(|| format!("cannot render the template `{name}`"))?;
        Ok(page)
    }
}
