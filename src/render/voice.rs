//! What differs between the languages of a site: its settings as pages show them, its
//! interface strings, and the other languages' versions of a page.

use crate::content::SiteSettings;
use crate::content::strings::Strings;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute, ending in `/`; `None` until the site has an address.
    pub base_url: Option<String>,
}

impl SiteView {
    pub fn new(site: &SiteSettings, base_url: Option<&str>) -> SiteView {
        SiteView {
            title: site.title.value.clone(),
            description: site.description.value.clone(),
            language: site.language.value.clone(),
            base_url: base_url.map(str::to_string),
        }
    }
}

/// What differs between the languages of a site.
pub struct Voice {
    /// The BCP 47 tag, as `lang` attributes carry it.
    pub tag: String,
    /// Where the language's pages are: `` for the default language, `en/` for English.
    pub prefix: String,
    pub(super) site: tera::Value,
    /// The interface strings, for the templates.
    pub(super) t: tera::Value,
    pub strings: Arc<Strings>,
    /// The site's categories as this language titles them.
    pub categories: Vec<super::listing::CategoryName>,
}

/// Another language's version of a page: for `hreflang` alternates and the switcher.
#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    /// The language's name in itself ("English", "한국어").
    pub(super) name: String,
    /// Relative to the page.
    pub(super) href: String,
    /// Absolute, when the site has an address.
    pub(super) url: Option<String>,
    /// Whether the same page exists in that language (else `href` is its home page).
    pub(super) same: bool,
}
