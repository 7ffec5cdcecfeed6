//! Rule `empty-text`: a field that is there but says nothing.

use super::walk::for_each_text;
use crate::content::GuideFile;
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    for_each_text(&file.guide, &mut |field, text| {
        if text.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::EmptyText,
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
