//! Citations (a source id and a quote) as the guide page shows them: each under its source's
//! line, quotes from one source in a row grouped under one line.

use super::pages::{EvidenceView, SourceView};
use crate::content::{Citation, Guide, Located};

/// Turns citations (a source id and a quote) into what the page shows.
pub struct Citations<'a> {
    pub guide: &'a Guide,
    /// The guide's sources as shown, in the guide's order.
    pub sources: &'a [SourceView],
}

impl Citations<'_> {
    pub fn source(&self, id: &str) -> Option<SourceView> {
        let index = self.guide.sources.iter().position(|s| s.id.value == id)?;
        self.sources.get(index).cloned()
    }

    /// `None` for a source that doesn't resolve; `check` reports it.
    pub fn view(&self, source: &str, quote: &str) -> Option<EvidenceView> {
        Some(EvidenceView {
            quotes: vec![quote.trim().to_string()],
            source: self.source(source)?,
        })
    }

    pub fn list(&self, list: &[Located<Citation>]) -> Vec<EvidenceView> {
        grouped(list.iter().filter_map(|c| self.view(&c.source, &c.quote)))
    }
}

/// Quotes from the same source in a row under one source line.
pub fn grouped(views: impl IntoIterator<Item = EvidenceView>) -> Vec<EvidenceView> {
    let mut out: Vec<EvidenceView> = Vec::new();
    for view in views {
        match out.last_mut() {
            Some(last) if last.source.anchor == view.source.anchor => {
                last.quotes.extend(view.quotes)
            }
            _ => out.push(view),
        }
    }
    out
}

/// The ids of the sources that the facts and the procedures' steps, cautions and results cite.
pub fn sources_of_facts_and_procedures(guide: &Guide) -> std::collections::HashSet<&str> {
    fn cited(list: &[Located<Citation>]) -> impl Iterator<Item = &str> {
        list.iter().map(|c| c.source.value.as_str())
    }
    let mut ids = std::collections::HashSet::new();
    for fact in &guide.facts {
        ids.extend(fact.source.as_ref().map(|s| s.value.as_str()));
        ids.extend(cited(&fact.evidence));
    }
    for procedure in &guide.procedures {
        ids.extend(cited(&procedure.evidence));
        for step in &procedure.steps {
            ids.extend(cited(&step.evidence));
            for caution in &step.cautions {
                ids.extend(cited(&caution.evidence));
            }
        }
    }
    ids
}
