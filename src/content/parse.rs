//! Turning one file's bytes into a content type, or into a diagnostic at the right place.

use super::located::Pos;
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

/// Decodes a file as UTF-8, without a byte-order mark. On failure, also returns a lossy
/// copy of the text so the report can still show the line with the bad byte.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, (Diagnostic, String)> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(err) => {
            let bytes = err.as_bytes();
            let valid = err.utf8_error().valid_up_to();
            // The prefix is valid UTF-8 by definition, so this cannot fail.
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let diagnostic = Diagnostic::error(
                "encoding",
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
    if is_blank(text) {
        return Err(Diagnostic::error(
            "empty-file",
            file,
            Pos::default(),
            format!("{what} is empty"),
        )
        .hint("write the file's fields, or delete the file"));
    }
    serde_saphyr::from_str::<T>(text).map_err(|err| yaml_diagnostic(file, text, &err))
}

fn yaml_diagnostic(file: &str, text: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err
        .location()
        .map(|at| Pos {
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            col: u32::try_from(at.column()).unwrap_or(u32::MAX),
        })
        .unwrap_or(Pos { line: 1, col: 1 });
    let full = err.without_snippet().to_string();
    // The crate appends " at line L, column C"; the diagnostic says that already.
    let message = match full.rfind(" at line ") {
        Some(cut) => &full[..cut],
        None => &full,
    };
    let (rule, hint) = classify(message);
    let message = plain_message(message);
    // A missing top-level field is reported at the document's last key; the document's
    // first key is where an author looks for it.
    let pos = if rule == "missing-field" && pos.col == 1 {
        first_key(text).unwrap_or(pos)
    } else {
        pos
    };
    Diagnostic::error(rule, file, pos, message).hint(hint)
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
    match message {
        "expected string scalar" => "expected a text here, not a list or a mapping".to_string(),
        _ => message.to_string(),
    }
}

/// Picks a rule id and a hint for a deserializer message.
fn classify(message: &str) -> (&'static str, String) {
    if let Some((name, expected)) = unknown_and_expected(message, "unknown field `") {
        let hint = match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return ("unknown-field", hint);
    }
    if let Some((name, expected)) = unknown_and_expected(message, "unknown variant `") {
        let hint = match did_you_mean(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        };
        return ("invalid-value", hint);
    }
    if message.starts_with("missing field") {
        return (
            "missing-field",
            "add the field; `stepguide schema` lists every field".to_string(),
        );
    }
    if message.starts_with("invalid type")
        || message.starts_with("expected ")
        || message.starts_with("invalid value")
    {
        return (
            "invalid-type",
            "check the value's shape: a text, a list (- item) or a mapping (key: value)"
                .to_string(),
        );
    }
    if message.starts_with("duplicate mapping key") {
        return (
            "duplicate-key",
            "remove one of the two entries; YAML keeps only one".to_string(),
        );
    }
    if message.contains("budget") || message.contains("alias") {
        return (
            "yaml-limit",
            "remove the anchors and aliases, or split the file".to_string(),
        );
    }
    (
        "yaml-syntax",
        "fix the YAML syntax here; quote text that contains `: ` or starts with a symbol"
            .to_string(),
    )
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

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let (err, _) = decode("f.yaml", b"id: x\n\xea\xb0\xb0\xff".to_vec()).unwrap_err();
        assert_eq!((err.pos.line, err.pos.col), (2, 2));
    }
}
