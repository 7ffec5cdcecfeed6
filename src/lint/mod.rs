//! `check`: every lint rule over a loaded knowledge base. One rule (or one family) a file.
//!
//! Rules only produce [`Diagnostic`] values; printing is `report`'s job. Almost every rule
//! looks at one guide alone ([`guide`]), so a build can lint each guide as it loads it and
//! drop it after; [`across`] holds the few checks that compare guides.

pub mod allow;
pub mod categories;
mod cautions;
mod checklist;
pub mod dates;
mod empty_lists;
mod empty_text;
mod evidence;
pub mod facts;
pub mod ids;
pub mod links;
mod markdown;
mod periods;
pub mod print_fit;
mod settings;
mod span;
mod style;
mod terminology;
mod unused;
pub mod walk;

use crate::content::strings::Strings;
use crate::content::{GuideFile, SiteSettings, Terminology, Text};
use crate::diagnostic::Diagnostic;

/// What the rules need besides the content.
#[derive(Clone, Copy, Debug)]
pub struct LintOptions {
    /// Today, as days since 1970-01-01, for the review-date rule.
    pub today: i64,
}

impl LintOptions {
    /// Today from `STEPGUIDE_TODAY` (YYYY-MM-DD, for reproducible runs) or the system clock.
    pub fn from_env() -> LintOptions {
        let today = std::env::var("STEPGUIDE_TODAY")
            .ok()
            .and_then(|date| dates::parse_date(&date))
            .unwrap_or_else(dates::today);
        LintOptions { today }
    }
}

/// The settings every guide is checked against, prepared once per run.
pub struct Rules<'a> {
    pub options: LintOptions,
    /// `review_interval_days` from site.yaml, when it loaded.
    pub review_interval: Option<i64>,
    /// `base_url` from site.yaml (or `--base-url`): printed checklists show it.
    pub base_url: Option<String>,
    terminology: terminology::Matcher<'a>,
    /// The language of the guides checked, and its interface strings, for the print fit.
    pub language: String,
    pub strings: Strings,
    /// The category ids site.yaml declares, when it loaded.
    pub categories: Option<Vec<String>>,
}

impl<'a> Rules<'a> {
    pub fn new(
        site: Option<&SiteSettings>,
        terminology: Option<&'a Terminology>,
        options: LintOptions,
    ) -> Rules<'a> {
        let language = site.map_or("ko", |s| s.language.value.as_str());
        Rules {
            options,
            review_interval: site.map(|s| i64::from(s.review_interval_days.value)),
            base_url: site
                .and_then(|s| s.base_url.as_ref())
                .map(|url| url.value.clone()),
            terminology: terminology::Matcher::new(terminology),
            language: language.to_string(),
            strings: crate::content::strings::defaults(language),
            categories: site.map(categories::ids),
        }
    }

    /// The rules for guides in `language`, whose pages have the interface `strings`.
    pub fn speaking(mut self, language: &str, strings: Option<&Strings>) -> Self {
        if language != self.language
            && let Some(base) = &mut self.base_url
        {
            // Another language's sheets print its own address, under its prefix.
            if !base.ends_with('/') {
                base.push('/');
            }
            base.push_str(&format!("{language}/"));
        }
        self.language = language.to_string();
        self.strings = strings
            .cloned()
            .unwrap_or_else(|| crate::content::strings::defaults(language));
        self
    }
}

/// Every rule that looks at one guide alone. `source` is the file's text, for positions
/// inside a multi-line value. Returns what [`links::check_across`] needs of the guide.
pub fn guide(
    rules: &Rules,
    file: &GuideFile,
    source: &str,
    out: &mut Vec<Diagnostic>,
) -> links::Links {
    let lines = span::Source::new(source);
    ids::check(file, out);
    categories::check(rules.categories.as_deref(), file, out);
    cautions::check(file, out);
    facts::check(file, out);
    periods::check(file, out);
    evidence::check(file, out);
    empty_text::check(file, out);
    empty_lists::check(file, source, out);
    unused::check(file, out);
    terminology::check(&rules.terminology, file, &lines, out);
    style::check(file, &lines, out);
    dates::check(rules, file, out);
    checklist::check(file, out);
    let speech = (rules.language.as_str(), &rules.strings);
    print_fit::check(file, rules.base_url.as_deref(), speech, out);
    markdown::check(file, &lines, out)
}

/// What the rules across guides need of each guide that loaded.
pub struct GuideKeys<'g> {
    pub file: &'g str,
    pub id: &'g Text,
}

/// The rules that compare guides (one id, one guide) and check the settings files. `guides` come in the order of their files.
pub fn across<'g>(
    guides: &[GuideKeys<'g>],
    site: Option<&SiteSettings>,
    terminology: Option<&Terminology>,
    out: &mut Vec<Diagnostic>,
) {
    ids::check_across(guides.iter().map(|g| (g.file, g.id)), out);
    settings::check(site, terminology, out);
}

/// Steps and cautions of a guide, for the summary line.
pub fn count(guide: &crate::content::Guide) -> (usize, usize) {
    let steps = walk::all_steps(guide);
    let cautions = steps.iter().map(|s| s.cautions.len()).sum();
    (steps.len(), cautions)
}

/// Sorts diagnostics by place (the order is stable, so ties keep the rules' order) and
/// removes repeats.
pub fn finish(out: &mut Vec<Diagnostic>) {
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();
}
