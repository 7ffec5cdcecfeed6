//! The two settings files of a project (site.yaml, terminology.yaml), loaded once per pass.

use crate::content::{self, SITE_FILE, SiteSettings, TERMINOLOGY_FILE, Terminology};
use crate::diagnostic::Diagnostic;
use crate::render::Renderer;
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;
use std::path::Path;

/// The two settings files, loaded.
pub struct Settings {
    pub site: Option<SiteSettings>,
    pub terminology: Option<Terminology>,
    /// Their loading problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Their text, for the report.
    pub sources: BTreeMap<String, String>,
}

impl Settings {
    /// Loads the settings files under `root`. `base_url`, when given (`build --base-url`,
    /// `serve`'s own address), takes the place of the one in site.yaml, which is then not
    /// checked: a wrong or placeholder address there does not matter for this build.
    pub fn load(root: &Path, base_url: Option<&str>) -> Settings {
        let mut settings = Settings {
            site: None,
            terminology: None,
            diagnostics: Vec::new(),
            sources: BTreeMap::new(),
        };
        settings.site = settings.keep(content::load_file(
            root,
            SITE_FILE,
            "the site settings file",
        ));
        settings.terminology = settings.keep(content::load_file(
            root,
            TERMINOLOGY_FILE,
            "the terminology list",
        ));
        if let (Some(site), Some(url)) = (settings.site.as_mut(), base_url) {
            let pos = site
                .base_url
                .as_ref()
                .map(|old| old.pos)
                .unwrap_or_default();
            site.base_url = Some(content::Located::new(url.to_string(), pos));
        }
        settings
    }

    fn keep<T>(&mut self, loaded: content::Loaded<T>) -> Option<T> {
        if let Some((file, text)) = loaded.text {
            self.sources.insert(file, text);
        }
        loaded.value.map_err(|d| self.diagnostics.extend(d)).ok()
    }

    /// The renderer for these settings.
    pub fn renderer(&self, root: &Path) -> Result<Renderer> {
        let site = self
            .site
            .as_ref()
            .ok_or_else(|| anyhow!("the site settings did not load"))?;
        let base_url = site
            .base_url
            .as_ref()
            .map(|url| with_trailing_slash(&url.value));
        Renderer::new(root, site, base_url.as_deref())
    }
}

/// `base_url` as pages use it: they append paths to it.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}
