//! Turning one file's bytes into a content type, or into a diagnostic at the right place.

use crate::diagnostic::{Diagnostic, Pos, Rule};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::io::Read;
use std::path::Path;

/// Largest content file accepted. The shipped guides are about 15 KiB; a file this big is a
/// mistake or an attack, and refusing it keeps `check` and `build` fast and small.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Most values (scalars, mappings and lists) a content file may hold: as many as a file of
/// [`MAX_FILE_BYTES`] can, as each but the first takes at least two bytes (`-` and a line
/// end, or `a,` in a flow list). Both readers stop there, so the bound is the size cap's,
/// and every pass over a file's values must be linear in them.
pub const MAX_NODES: usize = MAX_FILE_BYTES / 2 + 1;

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

/// Parses YAML into `T`, or says what is wrong: every shape problem of the file, or the
/// syntax error where the parser stopped.
pub fn parse<T: DeserializeOwned + JsonSchema>(
    file: &str,
    text: &str,
    what: &str,
) -> Result<T, Vec<Diagnostic>> {
    // Nearly every content file is plain block YAML, which the fast reader takes; it leaves
    // the rest, and every problem, to the full parser.
    if let Some(value) = super::block_yaml::from_str(text) {
        return Ok(value);
    }
    parse_full(file, text, what)
}

/// Parses YAML with the full parser alone, as `parse` does when the fast reader gives up.
pub fn parse_full<T: DeserializeOwned + JsonSchema>(
    file: &str,
    text: &str,
    what: &str,
) -> Result<T, Vec<Diagnostic>> {
    if is_blank(text) {
        return Err(vec![
            Diagnostic::new(
                Rule::EmptyFile,
                file,
                Pos::default(),
                format!("{what} is empty"),
            )
            .hint("write the file's fields, or delete the file"),
        ]);
    }
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|err| problems::<T>(file, text, &err))
}

/// What is wrong with a file the parser refused with `err`: every shape problem when the
/// YAML itself reads (see `shape`), else the parser's own error, said for authors.
fn problems<T: JsonSchema>(file: &str, text: &str, err: &serde_saphyr::Error) -> Vec<Diagnostic> {
    let first = super::yaml_error::diagnostic(file, text, err);
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let Some(mut found) = super::shape::problems(file, text, &schema, options()) else {
        // The YAML itself does not read: nothing after this place can be checked.
        let mut first = first;
        first.message.push_str("; checking this file stopped here");
        return vec![first];
    };
    // The walk knows what the schema says; should serde have stopped at something else
    // (its rule not among the walk's), that is reported too.
    if !found.iter().any(|d| d.rule == first.rule) {
        found.push(first);
    }
    found
}

/// The parser's limits, tighter than its defaults where a guide needs far less: a guide has
/// no use for merge keys (`<<`), whose expansion is slow enough to be an attack (a 40-line
/// file took seconds), and a few anchors at most. Values are bounded by what a file can
/// hold ([`MAX_NODES`]).
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_anchors: 1_000,
            max_aliases: 1_000,
            max_depth: 32,
            max_nodes: MAX_NODES,
        },
        merge_keys: serde_saphyr::options::MergeKeyPolicy::Error,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}
