//! Rule `checklist-group-too-long`: a group of more than 9 items is hard to work through
//! with a pen; split it by moment or by task.

use crate::content::GuideFile;
use crate::diagnostic::{Diagnostic, Rule};

pub const MAX_GROUP_ITEMS: usize = 9;

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    for group in &file.guide.checklist {
        if group.items.len() > MAX_GROUP_ITEMS {
            out.push(
                Diagnostic::new(
                    Rule::ChecklistGroupTooLong,
                    &file.file,
                    group.pos,
                    format!(
                        "checklist group `{}` has {} items; keep it to {MAX_GROUP_ITEMS} or fewer",
                        group.moment.name(),
                        group.items.len()
                    ),
                )
                .hint("split the group, e.g. by moment (before, during, after issuing)"),
            );
        }
    }
}
