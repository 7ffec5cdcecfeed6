//! `check`: every lint rule over a loaded knowledge base. One rule (or one family) a file.
//!
//! Rules only produce [`Diagnostic`] values; printing is `report`'s job.

mod cautions;
mod checklist;
pub mod dates;
mod empty_text;
mod facts;
pub mod ids;
mod settings;
mod terminology;
pub mod walk;

use crate::content::KnowledgeBase;
use crate::diagnostic::{Diagnostic, Summary};

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

/// Runs every rule, returning all loading and lint diagnostics sorted by place.
pub fn check(kb: &KnowledgeBase, options: LintOptions) -> (Vec<Diagnostic>, Summary) {
    let mut out = kb.diagnostics.clone();
    ids::check(kb, &mut out);
    cautions::check(kb, &mut out);
    facts::check(kb, &mut out);
    empty_text::check(kb, &mut out);
    terminology::check(kb, &mut out);
    dates::check(kb, options, &mut out);
    checklist::check(kb, &mut out);
    settings::check(kb, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup();

    let mut summary = Summary {
        files: kb.file_count(),
        guides: kb.guides.len(),
        ..Summary::default()
    };
    for guide in &kb.guides {
        let steps = walk::all_steps(&guide.guide);
        summary.steps += steps.len();
        summary.cautions += steps.iter().map(|s| s.cautions.len()).sum::<usize>();
    }
    summary.count(&out);
    (out, summary)
}
