//! What a translation shares with its original: the category, the sources, and on facts their source,
//! quote, evidence and periods, and every `evidence:` block. A translation may leave them
//! out (they are taken from the original, matched by id, or by position where there is no
//! id); where it gives them, they must be the original's.

use crate::content::{Guide, Located};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use serde::Serialize;

/// Moves what `translation` leaves out from `original` into it; reports what it gives
/// differently, at `file`.
pub fn inherit(original: &mut Guide, translation: &mut Guide, file: &str) -> Vec<Diagnostic> {
    let mut share = Share {
        file,
        out: Vec::new(),
    };
    let pos = translation
        .sources
        .first()
        .map_or(Pos::default(), |s| s.pos);
    let given = !translation.sources.is_empty();
    share.field(
        "sources",
        given,
        pos,
        &mut original.sources,
        &mut translation.sources,
    );
    share.option(
        "category",
        &mut original.category,
        &mut translation.category,
    );
    for fact in &mut translation.facts {
        let Some(from) = original
            .facts
            .iter_mut()
            .find(|f| f.id.value == fact.id.value)
        else {
            continue;
        };
        let (from, fact) = (&mut from.value, &mut fact.value);
        share.option("source", &mut from.source, &mut fact.source);
        share.option("quote", &mut from.quote, &mut fact.quote);
        share.option("validity", &mut from.validity, &mut fact.validity);
        share.option(
            "before_expiry",
            &mut from.before_expiry,
            &mut fact.before_expiry,
        );
        share.list(&mut from.evidence, &mut fact.evidence);
    }
    for procedure in &mut translation.procedures {
        let Some(from) = by_id(&mut original.procedures, &procedure.id.value, |p| &p.id) else {
            continue;
        };
        share.list(&mut from.evidence, &mut procedure.evidence);
        for step in &mut procedure.steps {
            if let Some(from) = by_id(&mut from.steps, &step.id.value, |s| &s.id) {
                share.step(from, step);
            }
        }
    }
    for step in &mut translation.shared_steps {
        if let Some(from) = by_id(&mut original.shared_steps, &step.id.value, |s| &s.id) {
            share.step(from, step);
        }
    }
    for caution in &mut translation.shared_cautions {
        if let Some(from) = by_id(&mut original.shared_cautions, &caution.id.value, |c| &c.id) {
            share.list(&mut from.evidence, &mut caution.evidence);
        }
    }
    for question in &mut translation.questions {
        if let Some(from) = by_id(&mut original.questions, &question.id.value, |q| &q.id) {
            share.list(&mut from.evidence, &mut question.evidence);
        }
    }
    for situation in &mut translation.situations {
        let kind = situation.kind.value;
        if let Some(from) = original
            .situations
            .iter_mut()
            .find(|s| s.kind.value == kind)
        {
            share.list(&mut from.evidence, &mut situation.evidence);
        }
    }
    share.out
}

fn by_id<'a, T>(
    list: &'a mut [Located<T>],
    id: &str,
    key: impl Fn(&T) -> &crate::content::Text,
) -> Option<&'a mut T> {
    list.iter_mut()
        .find(|item| key(&item.value).value == id)
        .map(|item| &mut item.value)
}

struct Share<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
}

impl Share<'_> {
    fn step(&mut self, from: &mut crate::content::Step, step: &mut crate::content::Step) {
        self.list(&mut from.evidence, &mut step.evidence);
        for (from, caution) in from.cautions.iter_mut().zip(&mut step.cautions) {
            self.list(&mut from.evidence, &mut caution.evidence);
        }
    }

    fn option<T: Serialize>(
        &mut self,
        field: &str,
        from: &mut Option<Located<T>>,
        into: &mut Option<Located<T>>,
    ) {
        let pos = into.as_ref().map_or(Pos::default(), |v| v.pos);
        self.field(field, into.is_some(), pos, from, into);
    }

    fn list<T: Serialize>(&mut self, from: &mut Vec<Located<T>>, into: &mut Vec<Located<T>>) {
        let pos = into.first().map_or(Pos::default(), |v| v.pos);
        self.field("evidence", !into.is_empty(), pos, from, into);
    }

    /// Takes `from` when the translation did not give the field; compares when it did.
    fn field<T: Serialize + Default>(
        &mut self,
        field: &str,
        given: bool,
        pos: Pos,
        from: &mut T,
        into: &mut T,
    ) {
        if !given {
            *into = std::mem::take(from);
            return;
        }
        let same = serde_json::to_value(&*from).ok() == serde_json::to_value(&*into).ok();
        if !same {
            self.out.push(
                Diagnostic::new(
                    Rule::TranslationMismatch,
                    self.file,
                    pos,
                    format!("`{field}` differs from the original's, which it shares"),
                )
                .hint(format!(
                    "leave `{field}` out of the translation: it is taken from the original"
                )),
            );
        }
    }
}
