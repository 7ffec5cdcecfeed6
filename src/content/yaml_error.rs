//! The full parser's errors as diagnostics for authors: a rule, a message in plain words,
//! the right place, and a hint ("did you mean").

use super::indentation;
use crate::diagnostic::{Diagnostic, Pos, Rule};
use serde_saphyr::budget::BudgetBreach;

/// The diagnostic for the full parser's error `err` in `file`, whose text is `text`.
pub fn diagnostic(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err
        .location()
        .map(|at| Pos {
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            col: u32::try_from(at.column()).unwrap_or(u32::MAX),
        })
        .unwrap_or(Pos { line: 1, col: 1 });
    let inner = innermost(err);
    if let Some(diagnostic) = structural_diagnostic(file, pos, inner) {
        return diagnostic;
    }
    let full = inner.to_string();
    // The crate appends " at line L, column C"; the diagnostic says that already.
    let message = match full.rfind(" at line ") {
        Some(cut) => &full[..cut],
        None => &full,
    };
    let (rule, hint) = classify(message);
    if rule == Rule::YamlSyntax {
        let tabs = message.contains("tab");
        let layout = indentation::tab(file, text, pos.line, tabs)
            .or_else(|| indentation::misindented(file, text, pos.line));
        if let Some(diagnostic) = layout {
            return diagnostic;
        }
    }
    let plain = plain_message(message);
    // A missing top-level field is reported at the document's last key; the document's
    // first key is where an author looks for it.
    let pos = if rule == Rule::MissingField && pos.col == 1 {
        first_key(text).unwrap_or(pos)
    } else {
        pos
    };
    let width = if rule == Rule::UnknownField {
        key_width(text, pos, &plain)
    } else {
        0
    };
    let diagnostic = Diagnostic::new(rule, file, pos, plain)
        .width(width)
        .hint(hint);
    // The replacement is certain only when the caret marks the misspelled key alone.
    match meant_field(message) {
        Some(field) if width > 0 => diagnostic.fix(field),
        _ => diagnostic,
    }
}

/// The width, in characters, of the misspelled key the message names when the line holds it
/// at `pos`, so the caret marks the key alone; 0 (the rest of the line) otherwise.
fn key_width(text: &str, pos: Pos, message: &str) -> u32 {
    let Some(key) = message.split('`').nth(1) else {
        return 0;
    };
    let at_key = text
        .lines()
        .nth(pos.line.saturating_sub(1) as usize)
        .map(|line| line.chars().skip(pos.col.saturating_sub(1) as usize))
        .is_some_and(|rest| rest.take(key.chars().count()).eq(key.chars()));
    if at_key {
        key.chars().count() as u32
    } else {
        0
    }
}

/// The error itself, without the snippet and alias wrappers around it (the position comes
/// from the outer error: where the alias is used).
fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut err = err.without_snippet();
    while let serde_saphyr::Error::AliasError { error, .. } = err {
        err = error.without_snippet();
    }
    err
}

/// Budget breaches and extra documents, which the crate words for programmers (a debug
/// dump of its budget, advice to call another function), said for authors instead.
fn structural_diagnostic(file: &str, pos: Pos, err: &serde_saphyr::Error) -> Option<Diagnostic> {
    let (rule, message, hint) = match err {
        serde_saphyr::Error::MultipleDocuments { .. } => (
            Rule::YamlSyntax,
            "a content file holds one YAML document, but a second one starts here, after a `---`"
                .to_string(),
            "remove the `---` line, or move what follows it to its own file",
        ),
        serde_saphyr::Error::Budget { breach, .. } => {
            const NESTING: &str = "a guide nests at most a few levels; write the lists out flat";
            const ALIASES: &str = "a guide needs no more than a few anchors; write the values out, or share a step or caution with `use:` or `shared:`";
            const SIZE: &str = "split the guide into several guides";
            let (what, hint) = match breach {
                BudgetBreach::Depth { .. } => (
                    "it nests lists and mappings too deeply".to_string(),
                    NESTING,
                ),
                BudgetBreach::Nodes { nodes } => {
                    (format!("it has more than {} values", nodes - 1), SIZE)
                }
                BudgetBreach::Events { events } => {
                    (format!("it has more than {} YAML events", events - 1), SIZE)
                }
                BudgetBreach::ScalarBytes { .. } => {
                    ("its text is too long in total".to_string(), SIZE)
                }
                BudgetBreach::Documents { .. } => {
                    ("it has too many YAML documents".to_string(), SIZE)
                }
                BudgetBreach::Aliases { .. }
                | BudgetBreach::Anchors { .. }
                | BudgetBreach::AliasAnchorRatio { .. }
                | BudgetBreach::RecordedAnchorEvents { .. }
                | BudgetBreach::RecordedAnchorBytes { .. }
                | BudgetBreach::MergeKeys { .. } => (
                    "it uses anchors (`&name`) and aliases (`*name`) too much".to_string(),
                    ALIASES,
                ),
                other => (format!("{other:?}"), SIZE),
            };
            (
                Rule::YamlLimit,
                format!("the YAML parser stopped here: {what}"),
                hint,
            )
        }
        _ => return None,
    };
    Some(Diagnostic::new(rule, file, pos, message).hint(hint))
}

/// Position of the first line that is not blank, a comment or a document marker.
fn first_key(text: &str) -> Option<Pos> {
    let index = text.lines().position(|line| {
        let line = line.trim();
        !(line.is_empty() || line.starts_with('#') || line == "---")
    })?;
    Some(Pos {
        line: index as u32 + 1,
        col: 1,
    })
}

/// Rewords the deserializer's messages that speak of its own internals.
fn plain_message(message: &str) -> String {
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("key `{key}` is written twice in this mapping");
    }
    if let Some(kind) = invalid_number(message) {
        let range = match kind {
            "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number here (0 or more)",
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number here",
            "boolean" => "true or false here",
            _ => "a number here",
        };
        return format!("expected {range}");
    }
    if message.starts_with("cannot deserialize null") {
        return "expected a value here, but it is empty (null)".to_string();
    }
    if message.starts_with("cannot deserialize tagged scalar") {
        return "a YAML tag cannot be used on this value".to_string();
    }
    if message.contains("unknown anchor") {
        return "this alias names an anchor that is not defined".to_string();
    }
    if message.contains("recursion limit") {
        return "lists and mappings are nested too deeply here".to_string();
    }
    if message.contains("merge keys are not allowed") {
        return "merge keys (`<<`) are not supported in content files".to_string();
    }
    if let Some((name, expected)) = unknown_and_expected(message, "unknown variant `") {
        let allowed: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
        return format!(
            "`{name}` is not one of the allowed values: {}",
            allowed.join(", ")
        );
    }
    if let Some((name, _)) = unknown_and_expected(message, "unknown field `") {
        return format!("there is no field `{name}` here");
    }
    // The parser's own words for broken syntax, said in the author's.
    const SYNTAX: [(&str, &str); 6] = [
        (
            "mapping values are not allowed",
            "a `: ` here would start a key inside a value",
        ),
        (
            "did not find expected key",
            "this line does not continue the mapping above it",
        ),
        (
            "did not find expected '-' indicator",
            "this line does not continue the list above it",
        ),
        (
            "invalid trailing content after double-quoted scalar",
            "the text goes on after its closing quote",
        ),
        (
            "found unexpected end of stream",
            "the file ends inside a quoted text or a bracket that is never closed",
        ),
        (
            "could not find expected ':'",
            "a key here has no `:` after it",
        ),
    ];
    if let Some((_, plain)) = SYNTAX.iter().find(|(words, _)| message.contains(words)) {
        return plain.to_string();
    }
    match message {
        "expected mapping start" => {
            "expected a mapping here (`key: value` lines), not a list or a single value".to_string()
        }
        "expected string scalar" => "expected a text here, not a list or a mapping".to_string(),
        "expected sequence start" => {
            "expected a list here (`- item` lines), not a text or a mapping".to_string()
        }
        _ => message.to_string(),
    }
}

/// The field a misspelled key was most likely meant to be, for an unknown-field message.
fn meant_field(message: &str) -> Option<String> {
    let (name, expected) = unknown_and_expected(message, "unknown field `")?;
    did_you_mean(name, &expected).map(str::to_string)
}

/// Picks a rule id and a hint for a deserializer message.
fn classify(message: &str) -> (Rule, String) {
    if let Some((name, expected)) = unknown_and_expected(message, "unknown field `") {
        let hint = match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return (Rule::UnknownField, hint);
    }
    if let Some((name, expected)) = unknown_and_expected(message, "unknown variant `") {
        let hint = match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        };
        return (Rule::InvalidValue, hint);
    }
    if message.starts_with("cannot deserialize null") {
        return (
            Rule::InvalidType,
            "write the value after the colon, or remove the key".to_string(),
        );
    }
    if message.starts_with("cannot deserialize tagged scalar") {
        return (
            Rule::InvalidType,
            "remove the YAML tag (`!!int`, `!custom`, ...); plain text needs none".to_string(),
        );
    }
    if message.contains("recursion limit") {
        return (
            Rule::YamlLimit,
            "a guide needs no deep nesting; write the values out".to_string(),
        );
    }
    if message.contains("merge key") {
        return (
            Rule::YamlSyntax,
            "write the fields out, or share a step or caution with `use:` or `shared:`".to_string(),
        );
    }
    if message.contains("found a tab") || message.starts_with("tabs disallowed") {
        return (
            Rule::YamlSyntax,
            "YAML does not allow tabs for indentation; indent with spaces".to_string(),
        );
    }
    if message.contains("unknown anchor") {
        return (
            Rule::YamlSyntax,
            "define the anchor (`&name`) before the alias (`*name`), or write the value out"
                .to_string(),
        );
    }
    if message.starts_with("missing field") {
        return (
            Rule::MissingField,
            "add the field; `stepguide schema` lists every field".to_string(),
        );
    }
    if let Some(kind) = invalid_number(message) {
        let hint = if kind == "boolean" {
            "write `true` or `false`"
        } else {
            "write the number without quotes or units, e.g. `180`"
        };
        return (Rule::InvalidType, hint.to_string());
    }
    if message.starts_with("invalid type")
        || message.starts_with("expected ")
        || message.starts_with("invalid value")
    {
        return (
            Rule::InvalidType,
            "check the value's shape: a text, a list (- item) or a mapping (key: value)"
                .to_string(),
        );
    }
    if message.starts_with("duplicate mapping key") {
        return (
            Rule::DuplicateKey,
            "remove one of the two entries; YAML keeps only one".to_string(),
        );
    }
    (
        Rule::YamlSyntax,
        "fix the YAML syntax here; quote text that contains `: ` or starts with a symbol"
            .to_string(),
    )
}

/// The type in the crate's "invalid u32" or "invalid boolean" (a scalar that is out of range
/// or not of that type at all).
fn invalid_number(message: &str) -> Option<&str> {
    let kind = message.strip_prefix("invalid ")?;
    let numeric = [
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "isize",
        "floating point",
        "boolean",
    ];
    numeric.contains(&kind).then_some(kind)
}

/// Splits "unknown field `x`, expected one of a, b" (or "expected `a` or `b`") into parts.
fn unknown_and_expected<'m>(message: &'m str, prefix: &str) -> Option<(&'m str, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let (name, rest) = rest.split_once('`')?;
    let list = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map(|(_, list)| list)
        .unwrap_or("");
    let expected = list
        .split([',', ' '])
        .map(|word| word.trim_matches(|c: char| c == '`' || c.is_whitespace()))
        .filter(|word| !word.is_empty() && *word != "or" && *word != "nothing")
        .map(str::to_string)
        .collect();
    Some((name, expected))
}

/// Most names [`did_you_mean`] compares with: each unknown name costs a comparison with
/// every candidate, so a file of thousands of unknown ids among thousands of ids would cost
/// their product. Past this, there is no suggestion.
pub const SUGGEST_AMONG: usize = 1_000;

/// The closest allowed name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, allowed: &'a [String]) -> Option<&'a str> {
    if allowed.len() > SUGGEST_AMONG {
        return None;
    }
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.chars().count() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.as_str())
}

/// The messages authors read are tested through `content::parse::parse` in
/// `tests/testsuite/parse.rs`.
#[cfg(test)]
mod tests {
    #[test]
    fn splits_unknown_field_messages() {
        let (name, expected) = super::unknown_and_expected(
            "unknown field `x`, expected one of a, b",
            "unknown field `",
        )
        .unwrap();
        assert_eq!(name, "x");
        assert_eq!(expected, ["a", "b"]);
    }
}
