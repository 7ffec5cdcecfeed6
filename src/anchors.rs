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

/// The target of the skip link, on every page.
pub const MAIN: &str = "main";

/// A guide's page, as a path in the site.
pub fn guide_page(guide_id: &str) -> String {
    format!("guides/{guide_id}/index.html")
}

/// A guide's printable checklist, as a path in the site.
pub fn checklist_page(guide_id: &str) -> String {
    format!("guides/{guide_id}/checklist/index.html")
}

/// Every id the guide's page has, as `guide.html` writes them, sorted: links to the page
/// are checked against these.
pub fn of_guide(guide: &crate::content::Guide) -> Vec<String> {
    let mut ids: Vec<String> = vec![MAIN.to_string(), SOURCES.to_string()];
    let sections = [
        (FACTS, guide.facts.is_empty()),
        (PREPARE, guide.prepare.is_empty()),
        (SITUATIONS, guide.situations.is_empty()),
        (FAILURES, guide.failures.is_empty()),
        (CHECKLIST_TABLE, guide.checklist_table.is_empty()),
        (SEQUENCE, guide.sequence.is_empty()),
        (QUESTIONS, guide.questions.is_empty()),
    ];
    ids.extend(
        sections
            .iter()
            .filter(|(_, empty)| !empty)
            .map(|(id, _)| id.to_string()),
    );
    ids.extend(guide.facts.iter().map(|f| fact(&f.id)));
    ids.extend(guide.sources.iter().map(|s| source(&s.id)));
    ids.extend(guide.failures.iter().map(|r| failure(&r.id)));
    ids.extend(guide.questions.iter().map(|q| question(&q.id)));
    ids.extend(
        guide
            .situations
            .iter()
            .map(|s| situation(s.kind.value).to_string()),
    );
    for procedure in &guide.procedures {
        ids.push(self::procedure(&procedure.id));
        // Shared steps show under the ids of the steps that use them, not their own.
        for s in &procedure.steps {
            ids.push(step(&s.id));
            ids.push(cautions(&s.id));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Every id the guide's printable checklist has, sorted.
pub fn of_checklist(guide: &crate::content::Guide) -> Vec<String> {
    let mut ids: Vec<String> = vec![MAIN.to_string()];
    let items = guide.checklist.iter().flat_map(|g| &g.items);
    ids.extend(items.map(|item| checklist_item(&item.id)));
    ids.sort_unstable();
    ids.dedup();
    ids
}
