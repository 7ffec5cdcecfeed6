//! Translation drift: what a translation lacks or adds against its original, what it
//! changed that must stay the same, and which of its nodes' originals changed since it was
//! recorded (`stepguide translated`).

use super::nodes::Node;
use crate::diagnostic::{Diagnostic, Pos, Rule};
use std::collections::{BTreeMap, HashMap};

/// A translation and its original, to compare.
pub struct Pair<'a> {
    pub original_file: &'a str,
    pub original: &'a [Node],
    pub file: &'a str,
    pub translation: &'a [Node],
    /// The record's hashes by path, when there is a record.
    pub record: Option<&'a BTreeMap<&'a str, u64>>,
    /// The command that records the translation, for hints.
    pub command: &'a str,
}

/// What kind of node a path names, from its last list: `…/cautions/2` is a caution.
pub fn kind(path: &str) -> &'static str {
    let mut segments = path.rsplit('/');
    let last = segments.next().unwrap_or_default();
    match segments.next().unwrap_or(last) {
        "procedures" => "procedure",
        "steps" => "step",
        "cautions" => "caution",
        "shared_cautions" => "shared caution",
        "shared_steps" => "shared step",
        "questions" => "question",
        "situations" => "situation",
        "failures" => "failure row",
        "checklist_table" => "checklist table row",
        "checklist" => "checklist group",
        "items" => "checklist item",
        "facts" => "fact",
        "prepare" => "item to prepare",
        "sequence" => "line of the sequence",
        _ => "field",
    }
}

impl Pair<'_> {
    pub fn check(&self, out: &mut Vec<Diagnostic>) {
        let original: HashMap<&str, &Node> =
            self.original.iter().map(|n| (n.path.as_str(), n)).collect();
        let translation: HashMap<&str, &Node> = self
            .translation
            .iter()
            .map(|n| (n.path.as_str(), n))
            .collect();
        for node in self.translation {
            if original.contains_key(node.path.as_str()) {
                continue;
            }
            // Only the topmost node of a part the original lacks.
            if node.parent().is_none_or(|up| original.contains_key(up)) {
                out.push(self.extra(node));
            }
        }
        for node in self.original {
            let Some(translated) = translation.get(node.path.as_str()) else {
                let up = node.parent();
                if up.is_none_or(|up| translation.contains_key(up)) {
                    let at = up.and_then(|up| translation.get(up));
                    out.push(self.missing(node, at.copied()));
                }
                continue;
            };
            if translated.shape != node.shape {
                out.push(self.mismatch(node, translated));
            }
            if let Some(record) = self.record {
                match record.get(node.path.as_str()) {
                    Some(&hash) if hash == node.hash => {}
                    recorded => out.push(self.outdated(node, translated, recorded.is_some())),
                }
            }
        }
        if self.record.is_none() {
            out.push(
                Diagnostic::new(
                    Rule::TranslationUnrecorded,
                    self.file,
                    Pos { line: 1, col: 1 },
                    format!(
                        "no record of what this translation was made from, so changes to \
                         `{}` cannot be traced to it",
                        self.original_file
                    ),
                )
                .hint(format!(
                    "once the translation says what the original says, run `{}`",
                    self.command
                )),
            );
        }
    }

    fn at(&self, original: &Node) -> String {
        let Pos { line, col } = original.pos;
        format!("{}:{line}:{col}", self.original_file)
    }

    fn extra(&self, node: &Node) -> Diagnostic {
        Diagnostic::new(
            Rule::TranslationExtra,
            self.file,
            node.pos,
            format!(
                "{} `{}` is not in the original `{}`",
                kind(&node.path),
                node.path,
                self.original_file
            ),
        )
        .width(node.width)
        .hint("a translation mirrors its original: remove it, or add it to the original first")
    }

    fn missing(&self, node: &Node, parent: Option<&Node>) -> Diagnostic {
        let pos = parent.map_or(Pos { line: 1, col: 1 }, |p| p.pos);
        Diagnostic::new(
            Rule::TranslationMissing,
            self.file,
            pos,
            format!(
                "{} `{}` of the original ({}) is not in this translation",
                kind(&node.path),
                node.path,
                self.at(node)
            ),
        )
        .width(parent.map_or(0, |p| p.width))
        .hint(format!(
            "translate it here, with the same id and in the same place, then run `{}`",
            self.command
        ))
    }

    fn mismatch(&self, original: &Node, translated: &Node) -> Diagnostic {
        Diagnostic::new(
            Rule::TranslationMismatch,
            self.file,
            translated.pos,
            format!(
                "{} `{}` has `{}` here but `{}` in the original ({})",
                kind(&original.path),
                original.path,
                translated.shape,
                original.shape,
                self.at(original)
            ),
        )
        .width(translated.width)
        .hint("references, moments, modes and `optional` are the original's; write them as it does")
    }

    fn outdated(&self, original: &Node, translated: &Node, recorded: bool) -> Diagnostic {
        let message = if recorded {
            format!(
                "the original of {} `{}` ({}) changed since it was translated",
                kind(&original.path),
                original.path,
                self.at(original)
            )
        } else {
            format!(
                "{} `{}` was not in the original when the translation was recorded",
                kind(&original.path),
                original.path
            )
        };
        Diagnostic::new(
            Rule::TranslationOutdated,
            self.file,
            translated.pos,
            message,
        )
        .width(translated.width)
        .hint(format!(
            "bring the translation up to date with the original, then run `{}`",
            self.command
        ))
    }
}
