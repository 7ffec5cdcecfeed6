//! Rule `unused`: a failure row, shared caution, shared step or source that nothing in its
//! guide refers to. It is written to be used; left alone, it is usually a reference that was
//! misspelled or removed, and the step it was meant for says less than intended.

use super::walk::{all_steps, for_each_citation};
use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};
use std::collections::HashSet;

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    // A translation mirrors its original's references and inherits its sources (with their
    // positions in the original file): what is unused there is reported once, at the original.
    if crate::translation::split(&file.file).is_some() {
        return;
    }
    let guide = &file.guide;
    let steps = all_steps(guide);
    let cautions = || steps.iter().flat_map(|step| step.cautions.iter());
    let failures: HashSet<&str> = cautions()
        .filter_map(|c| c.failure.as_deref().map(String::as_str))
        .collect();
    let shared: HashSet<&str> = cautions()
        .filter_map(|c| c.shared.as_deref().map(String::as_str))
        .collect();
    let used_steps: HashSet<&str> = steps
        .iter()
        .filter_map(|step| step.uses.as_deref().map(String::as_str))
        .collect();
    let mut sources: HashSet<&str> = guide
        .facts
        .iter()
        .filter_map(|fact| fact.source.as_deref().map(String::as_str))
        .collect();
    for_each_citation(guide, &mut |cited| {
        sources.insert(cited.source.as_str());
    });
    let kinds: [(&str, &str, Vec<&Text>, &HashSet<&str>); 4] = [
        (
            "failure row",
            "a caution: `- failure: {id}`",
            guide.failures.iter().map(|r| &r.id).collect(),
            &failures,
        ),
        (
            "shared caution",
            "a caution: `- shared: {id}`",
            guide.shared_cautions.iter().map(|c| &c.id).collect(),
            &shared,
        ),
        (
            "shared step",
            "a procedure's steps: `- use: {id}` with an `id` of its own",
            guide.shared_steps.iter().map(|s| &s.id).collect(),
            &used_steps,
        ),
        (
            "source",
            "a fact: `source: {id}`, or `evidence: [{ source: {id}, quote: ... }]`",
            guide.sources.iter().map(|s| &s.id).collect(),
            &sources,
        ),
    ];
    for (kind, use_it, ids, used) in kinds {
        for id in ids.into_iter().filter(|id| !used.contains(id.as_str())) {
            out.push(
                Diagnostic::new(
                    Rule::Unused,
                    &file.file,
                    id.pos,
                    format!("{kind} `{}` is not used", id.value),
                )
                .width(id.width)
                .hint(format!(
                    "use it from {}, or remove it",
                    use_it.replace("{id}", &id.value)
                )),
            );
        }
    }
}
