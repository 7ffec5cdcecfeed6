//! Rule `empty-list`: a list that must have an entry is empty (`procedures: []`), so the
//! page would have nothing where the reader expects the steps.

use crate::content::GuideFile;
use crate::diagnostic::{Diagnostic, Pos, Rule};

pub fn check(file: &GuideFile, source: &str, out: &mut Vec<Diagnostic>) {
    let guide = &file.guide;
    let name = file.file.as_str();
    if guide.procedures.is_empty() {
        let (pos, width) = top_level_key(source, "procedures").unwrap_or((guide.id.pos, 0));
        out.push(
            Diagnostic::new(Rule::EmptyList, name, pos, "`procedures` is empty")
                .width(width)
                .hint(
                    "a guide needs at least one procedure: `- id: web`, with its `channel`, \
                     `title` and `steps`",
                ),
        );
    }
    for procedure in &guide.procedures {
        if procedure.steps.is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::EmptyList,
                    name,
                    procedure.pos,
                    format!("procedure `{}` has no steps", procedure.id.value),
                )
                .hint("add at least one step under `steps:`: `- id: ...` with `action` and `cautions`"),
            );
        }
    }
    for group in &guide.checklist {
        if group.items.is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::EmptyList,
                    name,
                    group.pos,
                    format!("checklist group `{}` has no items", group.moment.name()),
                )
                .hint("add at least one item under `items:` (`- id: ...` and `text: ...`), or remove the group"),
            );
        }
    }
}

/// Where a top-level `key:` is written (it starts a line), and its width; the content model
/// keeps positions of values, and an empty list has none to give.
fn top_level_key(source: &str, key: &str) -> Option<(Pos, u32)> {
    let index = source.lines().position(|line| {
        line.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    let pos = Pos {
        line: index as u32 + 1,
        col: 1,
    };
    Some((pos, key.len() as u32))
}
