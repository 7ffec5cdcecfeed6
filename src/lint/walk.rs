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
    for_each_field(guide, &mut |field, text| visit(field.name, text));
}

/// A prose field: its name, and whether it is Markdown or plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub markdown: bool,
}

const fn plain(name: &'static str) -> Field {
    Field {
        name,
        markdown: false,
    }
}

const fn markdown(name: &'static str) -> Field {
    Field {
        name,
        markdown: true,
    }
}

/// Every prose field of a guide, as [`for_each_text`], saying which are Markdown.
pub fn for_each_field<'g>(guide: &'g Guide, visit: &mut dyn FnMut(Field, &'g Text)) {
    visit(plain("title"), &guide.title);
    visit(plain("certificate"), &guide.certificate);
    visit(markdown("summary"), &guide.summary);
    for fact in &guide.facts {
        visit(plain("label"), &fact.label);
        visit(plain("value"), &fact.value.value);
        if let Some(note) = &fact.note {
            visit(markdown("note"), note);
        }
    }
    for text in guide.prepare.iter().chain(&guide.sequence) {
        visit(plain("item"), text);
    }
    for procedure in &guide.procedures {
        visit(plain("channel"), &procedure.channel);
        visit(plain("title"), &procedure.title);
        for text in &procedure.prepare {
            visit(plain("item"), text);
        }
        if let Some(result) = &procedure.result {
            visit(markdown("result"), result);
        }
    }
    for step in all_steps(guide) {
        step_texts(step, visit);
    }
    for caution in &guide.shared_cautions {
        visit(markdown("text"), &caution.text);
    }
    for question in &guide.questions {
        visit(plain("question"), &question.question);
        visit(markdown("answer"), &question.answer);
    }
    for situation in &guide.situations {
        visit(plain("title"), &situation.title);
        visit(markdown("advice"), &situation.advice);
    }
    for row in &guide.failures {
        visit(plain("situation"), &row.situation);
        visit(plain("cause"), &row.cause);
        visit(plain("caution"), &row.caution);
    }
    for row in &guide.checklist_table {
        visit(plain("situation"), &row.situation);
        visit(plain("blocker"), &row.blocker);
        visit(plain("tip"), &row.tip);
    }
    for group in &guide.checklist {
        if let Some(title) = &group.title {
            visit(plain("title"), title);
        }
        for item in &group.items {
            visit(plain("text"), &item.text);
        }
    }
    for source in &guide.sources {
        visit(plain("title"), &source.title);
        if let Some(publisher) = &source.publisher {
            visit(plain("publisher"), publisher);
        }
    }
}

fn step_texts<'g>(step: &'g Step, visit: &mut dyn FnMut(Field, &'g Text)) {
    if let Some(action) = &step.action {
        visit(plain("action"), action);
    }
    if let Some(detail) = &step.detail {
        visit(markdown("detail"), detail);
    }
    for choice in &step.choices {
        visit(plain("label"), &choice.label);
        if let Some(detail) = &choice.detail {
            visit(markdown("detail"), detail);
        }
    }
    for caution in &step.cautions {
        if let Some(text) = &caution.text {
            visit(markdown("text"), text);
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
