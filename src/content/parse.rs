//! Turning one file's bytes into a content type, or into a diagnostic at the right place.

use crate::diagnostic::{Diagnostic, Pos, Rule};
use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use std::io::Read;
use std::path::Path;

/// Largest content file accepted. The shipped guides are about 15 KiB; a file this big is a
/// mistake or an attack, and refusing it keeps `check` and `build` fast and small.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Reads a content file, refusing what is not a regular file (a FIFO would block forever and
/// a device could never end) and reading at most one byte more than [`MAX_FILE_BYTES`], so
/// [`decode`] can tell that the file is too large without holding all of it.
pub fn read_source(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind};
    let metadata = std::fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "it is a folder, not a file",
        ));
    }
    if !metadata.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "it is not a regular file (a pipe, socket or device)",
        ));
    }
    let mut bytes = Vec::with_capacity(metadata.len().min(MAX_FILE_BYTES as u64 + 1) as usize);
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Decodes a file as UTF-8, without a byte-order mark, with old Mac line ends (a lone CR)
/// made into LF so that lines are counted the same way everywhere. On failure, also returns
/// a lossy copy of the text so the report can still show the line with the bad byte.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, (Diagnostic, String)> {
    if bytes.len() > MAX_FILE_BYTES {
        let diagnostic = Diagnostic::new(
            Rule::YamlLimit,
            file,
            Pos::default(),
            format!(
                "the file is larger than {} MiB, the limit for a content file",
                MAX_FILE_BYTES >> 20
            ),
        )
        .hint("split it into several guides; a guide is usually under 20 KiB");
        return Err((diagnostic, String::new()));
    }
    // A vectorised check, several times faster than the standard library's on Korean text
    // (about a tenth of `check`); the copy it leaves to make costs far less.
    let valid = simdutf8::basic::from_utf8(&bytes).map(str::to_owned);
    match valid.or_else(|_| String::from_utf8(bytes)) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            if text.contains('\r') {
                text = text.replace("\r\n", "\n").replace('\r', "\n");
            }
            Ok(text)
        }
        Err(err) => {
            let bytes = err.as_bytes();
            let valid = err.utf8_error().valid_up_to();
            // The prefix is valid UTF-8 by definition, so this cannot fail.
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let diagnostic = Diagnostic::new(
                Rule::Encoding,
                file,
                end_pos(before),
                format!("file is not valid UTF-8 (byte 0x{:02X})", bytes[valid]),
            )
            .width(1)
            .hint("save the file as UTF-8");
            Err((diagnostic, String::from_utf8_lossy(bytes).into_owned()))
        }
    }
}

/// Position just after `text`.
fn end_pos(text: &str) -> Pos {
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Pos {
        line: line as u32,
        col: col as u32,
    }
}

/// True when a file holds nothing but blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---"
    })
}

/// Parses YAML into `T`, turning the first problem into a diagnostic.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, what: &str) -> Result<T, Diagnostic> {
    // Nearly every content file is plain block YAML, which the fast reader takes; it leaves
    // the rest, and every problem, to the full parser.
    if let Some(value) = super::block_yaml::from_str(text) {
        return Ok(value);
    }
    parse_full(file, text, what)
}

/// Parses YAML with the full parser alone, as `parse` does when the fast reader gives up.
pub fn parse_full<T: DeserializeOwned>(
    file: &str,
    text: &str,
    what: &str,
) -> Result<T, Diagnostic> {
    if is_blank(text) {
        return Err(Diagnostic::new(
            Rule::EmptyFile,
            file,
            Pos::default(),
            format!("{what} is empty"),
        )
        .hint("write the file's fields, or delete the file"));
    }
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| yaml_diagnostic(file, text, &err))
}

/// The parser's limits, tighter than its defaults where a guide needs far less: a guide has
/// no use for merge keys (`<<`), whose expansion is slow enough to be an attack (a 40-line
/// file took seconds), a few anchors at most, and about a thousand values (a guide of the
/// shipped size has 600; 50,000 is far beyond any real guide, and quick to reach).
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_anchors: 1_000,
            max_aliases: 1_000,
            max_depth: 32,
            max_nodes: 50_000,
        },
        merge_keys: serde_saphyr::options::MergeKeyPolicy::Error,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

fn yaml_diagnostic(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
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
    let message = plain_message(message);
    // A missing top-level field is reported at the document's last key; the document's
    // first key is where an author looks for it.
    let pos = if rule == Rule::MissingField && pos.col == 1 {
        first_key(text).unwrap_or(pos)
    } else {
        pos
    };
    let width = if rule == Rule::UnknownField {
        key_width(text, pos, &message)
    } else {
        0
    };
    Diagnostic::new(rule, file, pos, message)
        .width(width)
        .hint(hint)
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
            "bool" => "true or false here",
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
    match message {
        "expected mapping start" => {
            "expected a mapping here (`key: value` lines), not a list or a single value".to_string()
        }
        "expected string scalar" => "expected a text here, not a list or a mapping".to_string(),
        _ => message.to_string(),
    }
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
    if message.contains("recursion limit") || message.contains("replay") {
        return (
            Rule::YamlLimit,
            "a guide needs no deep nesting or long alias chains; write the values out".to_string(),
        );
    }
    if message.contains("merge key") {
        return (
            Rule::YamlSyntax,
            "write the fields out, or share a step or caution with `use:` or `shared:`".to_string(),
        );
    }
    if message.contains("found a tab") {
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
        let hint = if kind == "bool" {
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
    if message.contains("budget") || message.contains("alias") {
        return (
            Rule::YamlLimit,
            "remove the anchors and aliases, or split the file".to_string(),
        );
    }
    (
        Rule::YamlSyntax,
        "fix the YAML syntax here; quote text that contains `: ` or starts with a symbol"
            .to_string(),
    )
}

/// The type in the crate's "invalid u32" (a number out of range or not a number at all).
fn invalid_number(message: &str) -> Option<&str> {
    let kind = message.strip_prefix("invalid ")?;
    let numeric = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "f32", "f64",
        "bool",
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

/// The closest allowed name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.chars().count() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_field() {
        let allowed = ["action", "cautions", "detail"].map(String::from);
        assert_eq!(did_you_mean("cautoins", &allowed), Some("cautions"));
        assert_eq!(did_you_mean("zzz", &allowed), None);
    }

    #[test]
    fn splits_unknown_field_messages() {
        let (name, expected) =
            unknown_and_expected("unknown field `x`, expected one of a, b", "unknown field `")
                .unwrap();
        assert_eq!(name, "x");
        assert_eq!(expected, ["a", "b"]);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        id: String,
        #[serde(default)]
        list: Vec<String>,
        #[serde(default)]
        days: u32,
    }

    fn error_of(text: &str) -> Diagnostic {
        parse::<Doc>("f.yaml", text, "a file").unwrap_err()
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_decoding() {
        let (err, text) = decode("f.yaml", vec![b'a'; MAX_FILE_BYTES + 1]).unwrap_err();
        assert_eq!(err.rule, Rule::YamlLimit);
        assert!(text.is_empty());
        assert!(decode("f.yaml", vec![b'a'; MAX_FILE_BYTES]).is_ok());
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = decode("f.yaml", b"id: x\rzz: 1\r\nok: 2".to_vec()).unwrap();
        assert_eq!(text, "id: x\nzz: 1\nok: 2");
        assert_eq!(error_of(&text).pos, Pos { line: 2, col: 1 });
    }

    #[test]
    fn special_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_source(dir.path()).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
        let fifo = dir.path().join("fifo.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = read_source(&fifo).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'a'; MAX_FILE_BYTES + 100]).unwrap();
        assert_eq!(read_source(&big).unwrap().len(), MAX_FILE_BYTES + 1);
    }

    #[test]
    fn parser_limits_are_worded_for_authors() {
        let aliases = format!("id: x\nlist:\n  - &a y\n{}", "  - *a\n".repeat(1_100));
        let err = error_of(&aliases);
        assert_eq!(err.rule, Rule::YamlLimit);
        assert!(err.message.contains("anchors"), "{}", err.message);
        let merge = "base: &b {id: x}\n<<: *b\n";
        let err = parse::<std::collections::BTreeMap<String, Doc>>("f.yaml", merge, "a file")
            .unwrap_err();
        assert!(err.message.contains("merge keys"), "{}", err.message);
        let deep = format!("x: {}{}\n", "[".repeat(100), "]".repeat(100));
        let err = parse::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(
            "f.yaml", &deep, "a file",
        )
        .unwrap_err();
        assert_eq!(err.rule, Rule::YamlLimit, "{}", err.message);
        let err = error_of("id: x\n---\nid: y\n");
        assert_eq!((err.rule, err.pos.line), (Rule::YamlSyntax, 3));
        assert!(err.message.contains("second"), "{}", err.message);
    }

    #[test]
    fn value_problems_are_worded_for_authors() {
        for (text, rule, words) in [
            (
                "id: x\ndays: 99999999999",
                Rule::InvalidType,
                "whole number",
            ),
            ("id: x\ndays: -1", Rule::InvalidType, "whole number"),
            ("id: ~\n", Rule::InvalidType, "empty"),
            ("id: !!int 5\n", Rule::InvalidType, "tag"),
            ("id: *nowhere\n", Rule::YamlSyntax, "anchor"),
            ("- id: x\n", Rule::InvalidType, "mapping"),
            ("id: x\nlist:\n\t- y\n", Rule::YamlSyntax, "tab"),
        ] {
            let err = error_of(text);
            assert_eq!(err.rule, rule, "{text:?}: {}", err.message);
            assert!(
                err.message.contains(words) || err.hint.contains(words),
                "{text:?}: {} / {}",
                err.message,
                err.hint
            );
            assert!(!err.message.contains("Option<"), "{}", err.message);
        }
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let (err, _) = decode("f.yaml", b"id: x\n\xea\xb0\xb0\xff".to_vec()).unwrap_err();
        assert_eq!((err.pos.line, err.pos.col), (2, 2));
    }
}
