//! The two settings files of a project (site.yaml, terminology.yaml), loaded once per pass.

use crate::content::strings::{self, Strings};
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
    /// The terminology list of each other language (`content/terminology.<lang>.yaml`).
    pub terminologies: BTreeMap<String, Terminology>,
    /// The interface strings of each language, the default one included.
    pub strings: BTreeMap<String, Strings>,
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
            terminologies: BTreeMap::new(),
            strings: BTreeMap::new(),
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
        settings.languages(root);
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

    /// Each language's interface strings and, for the other languages, terminology.
    fn languages(&mut self, root: &Path) {
        let Some(site) = &self.site else {
            return;
        };
        let mut languages = vec![(site.language.value.clone(), site.language.pos)];
        languages.extend(site.translations.iter().map(|(l, e)| (l.clone(), e.pos)));
        for (n, (lang, pos)) in languages.into_iter().enumerate() {
            let strings = strings::load(
                root,
                &lang,
                (SITE_FILE, pos),
                &mut self.diagnostics,
                &mut self.sources,
            );
            self.strings.insert(lang.clone(), strings);
            let file = terminology_file(&lang);
            if n > 0 && root.join(&file).is_file() {
                let loaded = content::load_file(root, &file, "the terminology list");
                if let Some(terminology) = self.keep(loaded) {
                    self.terminologies.insert(lang, terminology);
                }
            }
        }
    }

    /// The settings files (site, terminology lists, interface strings): every guide
    /// depends on them, so a report on some files includes theirs.
    pub fn is_settings_file(file: &str) -> bool {
        file == SITE_FILE
            || file == TERMINOLOGY_FILE
            || (file.starts_with("content/terminology.") || file.starts_with("content/strings."))
                && file.ends_with(".yaml")
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
        Renderer::new(root, site, &self.strings, base_url.as_deref())
    }
}

/// The terminology list of a language other than the default one.
pub fn terminology_file(lang: &str) -> String {
    format!("content/terminology.{lang}.yaml")
}

/// `base_url` as pages use it: they append paths to it.
pub fn with_trailing_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}
