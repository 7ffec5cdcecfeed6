//! Rules for steps: `step-without-caution` (the rule this tool exists for), `invalid-step`,
//! `invalid-caution` and `unresolved-reference` for `use:`, `failure:` and `shared:`.

use crate::content::{Guide, GuideFile, Located, Step, Text};
use crate::diagnostic::{Diagnostic, Rule};
use std::collections::HashSet;

/// The ids steps refer to, each list as a set: a step's references are looked up, not
/// compared with every entry.
struct Ids<'g> {
    shared_steps: HashSet<&'g str>,
    failures: HashSet<&'g str>,
    shared_cautions: HashSet<&'g str>,
}

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let guide = &file.guide;
    let name = file.file.as_str();
    let ids = Ids {
        shared_steps: guide
            .shared_steps
            .iter()
            .map(|s| s.id.value.as_str())
            .collect(),
        failures: guide.failures.iter().map(|r| r.id.value.as_str()).collect(),
        shared_cautions: guide
            .shared_cautions
            .iter()
            .map(|c| c.id.value.as_str())
            .collect(),
    };
    for step in &guide.shared_steps {
        if let Some(uses) = &step.uses {
            out.push(
                Diagnostic::new(
                    Rule::InvalidStep,
                    name,
                    uses.pos,
                    "a shared step cannot `use` another shared step",
                )
                .width(uses.width)
                .hint("write the action and cautions of the shared step here"),
            );
        }
        check_step(guide, &ids, step, name, out);
    }
    for procedure in &guide.procedures {
        for step in &procedure.steps {
            check_step(guide, &ids, step, name, out);
        }
    }
}

fn check_step(
    guide: &Guide,
    ids: &Ids,
    step: &Located<Step>,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let id = &step.id.value;
    if let Some(uses) = &step.uses {
        if step.action.is_some()
            || step.detail.is_some()
            || !step.cautions.is_empty()
            || !step.choices.is_empty()
            || !step.evidence.is_empty()
        {
            out.push(
                Diagnostic::new(
                    Rule::InvalidStep,
                    file,
                    step.pos,
                    format!("step `{id}` uses a shared step and also writes its own content"),
                )
                .hint(
                    "keep only `id`, `use` and `optional`, or drop `use` and write the step here",
                ),
            );
        }
        if !ids.shared_steps.contains(uses.value.as_str()) {
            let known: Vec<String> = guide
                .shared_steps
                .iter()
                .map(|s| s.id.value.clone())
                .collect();
            out.push(unresolved(
                file,
                uses,
                "shared step",
                "shared_steps",
                &known,
            ));
        }
        return;
    }

    if step.action.is_none() {
        out.push(
            Diagnostic::new(
                Rule::MissingField,
                file,
                step.pos,
                format!("step `{id}` has no `action`"),
            )
            .hint("add `action:` with a short instruction, or `use:` a shared step"),
        );
    }
    if step.cautions.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::StepWithoutCaution,
                file,
                step.pos,
                format!("step `{id}` has no caution"),
            )
            .hint(
                "add `cautions:` with at least one item: `- text: ...`, \
                 `- failure: <failure row id>` or `- shared: <shared caution id>`",
            ),
        );
    }
    for caution in &step.cautions {
        let set = [&caution.text, &caution.failure, &caution.shared]
            .iter()
            .filter(|field| field.is_some())
            .count();
        if set != 1 {
            out.push(
                Diagnostic::new(
                    Rule::InvalidCaution,
                    file,
                    caution.pos,
                    format!("a caution of step `{id}` must have exactly one of `text`, `failure` or `shared`"),
                )
                .hint("write the caution as `text:`, or point to it with `failure:` or `shared:`"),
            );
        }
        if let Some(row) = &caution.failure
            && !ids.failures.contains(row.value.as_str())
        {
            let known: Vec<String> = guide.failures.iter().map(|r| r.id.value.clone()).collect();
            out.push(unresolved(file, row, "failure row", "failures", &known));
        }
        if let Some(shared) = &caution.shared
            && !ids.shared_cautions.contains(shared.value.as_str())
        {
            let known: Vec<String> = guide
                .shared_cautions
                .iter()
                .map(|c| c.id.value.clone())
                .collect();
            out.push(unresolved(
                file,
                shared,
                "shared caution",
                "shared_cautions",
                &known,
            ));
        }
    }
}

/// An `unresolved-reference` diagnostic with a "did you mean" hint when one is close.
pub fn unresolved(
    file: &str,
    reference: &Text,
    kind: &str,
    list: &str,
    known: &[String],
) -> Diagnostic {
    let hint = match crate::content::yaml_error::did_you_mean(reference, known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("`{list}` is empty; add an entry with this id"),
        None => format!("ids in `{list}`: {}", some_of(known, known.len())),
    };
    Diagnostic::new(
        Rule::UnresolvedReference,
        file,
        reference.pos,
        format!("no {kind} has the id `{}`", reference.value),
    )
    .width(reference.width)
    .hint(hint)
}

/// The first ids of a list of `total`, for a hint: all of a long list would make each
/// diagnostic as long as the list.
pub fn some_of(ids: &[String], total: usize) -> String {
    const SHOWN: usize = 10;
    let mut text = ids[..ids.len().min(SHOWN)].join(", ");
    if total > SHOWN {
        text.push_str(&format!(" and {} more", total - SHOWN));
    }
    text
}
