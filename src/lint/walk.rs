//! Visiting the parts of a guide that several rules (and the search index) look at.

use crate::content::{Citation, Guide, Located, Step, Text};

/// Every step of a guide: the shared steps, then each procedure's steps in order.
pub fn all_steps(guide: &Guide) -> Vec<&Step> {
    guide
        .shared_steps
        .iter()
        .chain(guide.procedures.iter().flat_map(|p| p.steps.iter()))
        .map(|step| &step.value)
        .collect()
}

/// Every prose field of a guide (not ids or dates), with the field's name.
pub fn for_each_text<'g>(guide: &'g Guide, visit: &mut dyn FnMut(&'static str, &'g Text)) {
    visit("title", &guide.title);
    visit("certificate", &guide.certificate);
    visit("summary", &guide.summary);
    for fact in &guide.facts {
        visit("label", &fact.label);
        visit("value", &fact.value.value);
        if let Some(note) = &fact.note {
            visit("note", note);
        }
    }
    for text in guide.prepare.iter().chain(&guide.sequence) {
        visit("item", text);
    }
    for procedure in &guide.procedures {
        visit("channel", &procedure.channel);
        visit("title", &procedure.title);
        for text in &procedure.prepare {
            visit("item", text);
        }
        if let Some(result) = &procedure.result {
            visit("result", result);
        }
    }
    for step in all_steps(guide) {
        step_texts(step, visit);
    }
    for caution in &guide.shared_cautions {
        visit("text", &caution.text);
    }
    for question in &guide.questions {
        visit("question", &question.question);
        visit("answer", &question.answer);
    }
    for situation in &guide.situations {
        visit("title", &situation.title);
        visit("advice", &situation.advice);
    }
    for row in &guide.failures {
        visit("situation", &row.situation);
        visit("cause", &row.cause);
        visit("caution", &row.caution);
    }
    for row in &guide.checklist_table {
        visit("situation", &row.situation);
        visit("blocker", &row.blocker);
        visit("tip", &row.tip);
    }
    for group in &guide.checklist {
        if let Some(title) = &group.title {
            visit("title", title);
        }
        for item in &group.items {
            visit("text", &item.text);
        }
    }
    for source in &guide.sources {
        visit("title", &source.title);
        if let Some(publisher) = &source.publisher {
            visit("publisher", publisher);
        }
    }
}

fn step_texts<'g>(step: &'g Step, visit: &mut dyn FnMut(&'static str, &'g Text)) {
    if let Some(action) = &step.action {
        visit("action", action);
    }
    if let Some(detail) = &step.detail {
        visit("detail", detail);
    }
    for choice in &step.choices {
        visit("label", &choice.label);
        if let Some(detail) = &choice.detail {
            visit("detail", detail);
        }
    }
    for caution in &step.cautions {
        if let Some(text) = &caution.text {
            visit("text", text);
        }
    }
}

/// Every citation of a guide (a source id and the words quoted from it), wherever a
/// statement carries one. A fact's own `source` and `quote` are not here: a fact may name a
/// source without quoting it, which `evidence` reports.
pub fn for_each_citation<'g>(guide: &'g Guide, visit: &mut dyn FnMut(&'g Citation)) {
    let mut all = |list: &'g [Located<Citation>]| list.iter().for_each(|c| visit(c));
    for fact in &guide.facts {
        all(&fact.evidence);
    }
    for procedure in &guide.procedures {
        all(&procedure.evidence);
    }
    for step in all_steps(guide) {
        all(&step.evidence);
        for caution in &step.cautions {
            all(&caution.evidence);
        }
    }
    for caution in &guide.shared_cautions {
        all(&caution.evidence);
    }
    for question in &guide.questions {
        all(&question.evidence);
    }
    for situation in &guide.situations {
        all(&situation.evidence);
    }
}
