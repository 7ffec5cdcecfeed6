//! Stable anchors (fragment ids) for the parts of a guide page. They are derived from content
//! ids, never from positions, so a shared link keeps pointing at the same step after the
//! content is reordered. The site and the search index both use these functions.

pub fn procedure(procedure_id: &str) -> String {
    format!("procedure-{procedure_id}")
}

/// Step ids are unique within a guide, so the procedure is not part of the anchor.
pub fn step(step_id: &str) -> String {
    format!("step-{step_id}")
}

/// The cautions of a step, as a block.
pub fn cautions(step_id: &str) -> String {
    format!("step-{step_id}-cautions")
}

pub fn fact(fact_id: &str) -> String {
    format!("fact-{fact_id}")
}

/// A question customers ask, in the guide's questions section.
pub fn question(question_id: &str) -> String {
    format!("question-{question_id}")
}

pub fn failure(row_id: &str) -> String {
    format!("failure-{row_id}")
}

/// An entry of a guide's source list, which facts link to.
pub fn source(source_id: &str) -> String {
    format!("source-{source_id}")
}

pub fn checklist_item(item_id: &str) -> String {
    format!("item-{item_id}")
}

/// Whole sections of a guide page.
pub const FACTS: &str = "facts";
pub const PREPARE: &str = "prepare";
pub const QUESTIONS: &str = "questions";
pub const SITUATIONS: &str = "situations";
pub const FAILURES: &str = "failures";
pub const CHECKLIST_TABLE: &str = "checklist-table";
pub const SEQUENCE: &str = "sequence";
pub const SOURCES: &str = "sources";
/// The expiry reminder of a guide whose facts give the validity as a period.
pub const REMINDER: &str = "reminder";

pub fn situation(kind: crate::content::SituationKind) -> &'static str {
    match kind {
        crate::content::SituationKind::Quick => "situation-quick",
        crate::content::SituationKind::LongTerm => "situation-long-term",
        crate::content::SituationKind::Precise => "situation-precise",
    }
}
