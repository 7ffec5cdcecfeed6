//! Rule `empty-text`: a field that is there but says nothing.

use super::walk::for_each_text;
use crate::content::KnowledgeBase;
use crate::diagnostic::Diagnostic;

pub fn check(kb: &KnowledgeBase, out: &mut Vec<Diagnostic>) {
    for file in &kb.guides {
        for_each_text(&file.guide, &mut |field, text| {
            if text.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        "empty-text",
                        &file.file,
                        text.pos,
                        format!("`{field}` is empty"),
                    )
                    .hint(format!(
                        "write the {field}, or remove the field if it is optional"
                    )),
                );
            }
        });
    }
}
