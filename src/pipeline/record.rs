//! One guide file's pass: read, parsed, linted and, when it has no errors, rendered and
//! indexed; what stays of it is its [`GuideRecord`].

use crate::content::{self, GuideFile, Text};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{self, Rules};
use crate::print;
use crate::render::pages::GuideCard;
use crate::render::{File, Renderer};
use crate::search;
use crate::translation;
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;

/// Everything a pass learns about one guide file.
#[derive(Default)]
pub struct GuideRecord {
    pub file: String,
    /// Loading and lint problems of this file alone.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, kept when it has diagnostics or links into other guides (which the
    /// check across guides may report on), for the report.
    pub source: Option<String>,
    /// Whether the file could be read.
    pub read: bool,
    pub steps: usize,
    pub cautions: usize,
    /// The guide's id, when it parsed, for the checks across guides.
    pub id: Option<Text>,
    /// The file's `# stepguide: allow(...)` comments, applied once the checks across
    /// guides are done.
    pub allows: Vec<lint::allow::Allow>,
    /// Its page ids and links into other guides, for the check across guides.
    pub links: lint::links::Links,
    /// What the site needs of the guide, once it was rendered.
    pub made: Option<Made>,
}

impl GuideRecord {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What the pages listing every guide and the search index need of a rendered guide.
pub struct Made {
    /// Shared, so `serve` can render the listings later from a snapshot of the cards.
    pub card: Arc<GuideCard>,
    /// Its share of the search index; a build empties its documents once written and its
    /// postings once joined.
    pub search: search::Entry,
}

/// A guide's record and its rendered pages.
pub type Handled = (GuideRecord, Vec<File>);

/// Reads, parses and lints one guide file; with a renderer, and when the guide has no
/// errors, also renders its pages (returned) and indexes it. A translation (`lang` is its
/// language) is also checked against its original and given what it shares with it.
pub fn guide(
    root: &Path,
    path: &str,
    lang: Option<&str>,
    rules: &Rules,
    renderer: Option<&Renderer>,
) -> Result<Handled> {
    let mut record = GuideRecord {
        file: path.to_string(),
        ..GuideRecord::default()
    };
    let loaded = content::load_file::<content::Guide>(root, path, "a guide file");
    let Some((_, text)) = loaded.text else {
        record
            .diagnostics
            .extend(loaded.value.err().into_iter().flatten());
        return Ok((record, Vec::new()));
    };
    record.read = true;
    let mut guide = match loaded.value {
        Ok(guide) => guide,
        Err(diagnostics) => {
            record.diagnostics.extend(diagnostics);
            record.source = Some(text);
            return Ok((record, Vec::new()));
        }
    };
    if let Some(lang) = lang {
        translation::prepare(root, path, lang, &mut guide, &mut record.diagnostics);
    }
    let file = GuideFile {
        file: path.to_string(),
        guide,
    };
    record.links = lint::guide(rules, &file, &text, &mut record.diagnostics);
    record.allows = lint::allow::scan(path, &text, &mut record.diagnostics);
    (record.steps, record.cautions) = lint::count(&file.guide);
    record.id = Some(file.guide.id.clone());
    let mut text = Some(text);
    if !record.diagnostics.is_empty() || record.links.leads_to_other_guides() {
        record.source = text.take();
    }
    let Some(renderer) = renderer.filter(|_| !record.has_errors()) else {
        return Ok((record, Vec::new()));
    };
    let (card, pages) = match renderer.guide(&file, lang) {
        Ok(made) => made,
        Err(err) => match err.downcast_ref::<print::TooLong>() {
            Some(too_long) => {
                record.diagnostics.push(too_long.diagnostic(&file));
                record.source = record.source.take().or(text);
                return Ok((record, Vec::new()));
            }
            None => return Err(err),
        },
    };
    record.made = Some(Made {
        card: Arc::new(card),
        search: search::Entry::new(&file.guide, &renderer.voice(lang).strings),
    });
    Ok((record, pages))
}
