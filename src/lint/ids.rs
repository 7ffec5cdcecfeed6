//! Rules `invalid-id` and `duplicate-id`: ids become URLs, anchors and file names, so they
//! must be safe slugs and unique where they share a namespace.

use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};
use std::collections::HashMap;

/// A safe slug: lowercase ASCII letters and digits, in words joined by single hyphens.
pub fn is_slug(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !bytes.windows(2).any(|pair| pair == b"--")
}

/// Turns any text into a slug suggestion for hints.
pub fn slugify(text: &str) -> String {
    let lowered = text.to_ascii_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let slug = words.join("-");
    if slug.is_empty() {
        "my-id".to_string()
    } else {
        slug
    }
}

/// The ids of one guide: safe slugs, unique in each namespace, and the guide's id equal to
/// its file name.
pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let guide = &file.guide;
    let name = &file.file;
    // Namespaces: each kind of id is unique within its guide; steps share one namespace
    // because they share one page of anchors.
    let namespaces: [(&str, Vec<&Text>); 8] = [
        ("fact", guide.facts.iter().map(|f| &f.id).collect()),
        ("question", guide.questions.iter().map(|q| &q.id).collect()),
        ("source", guide.sources.iter().map(|s| &s.id).collect()),
        (
            "procedure",
            guide.procedures.iter().map(|p| &p.id).collect(),
        ),
        (
            "shared caution",
            guide.shared_cautions.iter().map(|c| &c.id).collect(),
        ),
        (
            "failure row",
            guide.failures.iter().map(|r| &r.id).collect(),
        ),
        (
            "checklist item",
            guide
                .checklist
                .iter()
                .flat_map(|g| g.items.iter().map(|i| &i.id))
                .collect(),
        ),
        (
            "step",
            guide
                .shared_steps
                .iter()
                .chain(guide.procedures.iter().flat_map(|p| p.steps.iter()))
                .map(|s| &s.id)
                .collect(),
        ),
    ];
    check_slug("guide", &guide.id, name, out);
    for (kind, ids) in &namespaces {
        for id in ids {
            check_slug(kind, id, name, out);
        }
        for (id, first) in repeats(ids) {
            out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    name,
                    id.pos,
                    format!("{kind} id `{}` is used twice", id.value),
                )
                .width(id.width)
                .hint(format!(
                    "the first is at line {}; give this {kind} another id",
                    first.pos.line
                )),
            );
        }
    }

    // `a.en.yaml`, a translation, is guide `a` too.
    let stem = crate::translation::file_stem(name);
    if is_slug(&guide.id) && guide.id.value != stem {
        out.push(
            Diagnostic::new(
                Rule::InvalidId,
                name,
                guide.id.pos,
                format!(
                    "guide id `{}` does not match the file name `{stem}`",
                    guide.id.value
                ),
            )
            .width(guide.id.width)
            .hint(format!(
                "rename the file to `{}.yaml`, or set `id: {stem}`",
                guide.id.value
            )),
        );
    }
}

/// Each id that repeats an earlier one, with the occurrence just before it. Sorting the few
/// ids of a namespace is cheaper than hashing them.
fn repeats<'t>(ids: &[&'t Text]) -> Vec<(&'t Text, &'t Text)> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    // Stable, so equal ids stay in the order they were written.
    order.sort_by(|&a, &b| ids[a].value.cmp(&ids[b].value));
    order
        .windows(2)
        .filter(|pair| ids[pair[0]].value == ids[pair[1]].value)
        .map(|pair| (ids[pair[1]], ids[pair[0]]))
        .collect()
}

/// Guide ids across files: each becomes the guide's address, so two files cannot share one.
pub fn check_across<'g>(
    guides: impl IntoIterator<Item = (&'g str, &'g Text)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut guide_ids: HashMap<&str, &str> = HashMap::new();
    for (name, id) in guides {
        if let Some(first) = guide_ids.insert(id.value.as_str(), name) {
            out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    name,
                    id.pos,
                    format!("guide id `{}` is also used by {first}", id.value),
                )
                .width(id.width)
                .hint("every guide needs its own id: it becomes the guide's address"),
            );
        }
    }
}

fn check_slug(kind: &str, id: &Text, file: &str, out: &mut Vec<Diagnostic>) {
    if !is_slug(id) {
        out.push(
            Diagnostic::new(
                Rule::InvalidId,
                file,
                id.pos,
                format!("{kind} id `{}` is not a safe slug", id.value),
            )
            .width(id.width)
            .hint(format!(
                "use lowercase letters, digits and single hyphens (at most 64), e.g. `{}`",
                slugify(id)
            )),
        );
    }
}
