//! Reading content files through `stepguide::content::parse`: decoding, the size limit,
//! special files, the parser's limits, and every parser message the author reads, worded
//! for authors (`content/yaml_error.rs`).

use stepguide::content::parse::{MAX_FILE_BYTES, decode, options, parse, read_source};
use stepguide::content::yaml_error::{self, did_you_mean};
use stepguide::diagnostic::{Diagnostic, Pos, Rule};

#[test]
fn suggests_the_closest_field() {
    let allowed = ["action", "cautions", "detail"].map(String::from);
    assert_eq!(did_you_mean("cautoins", &allowed), Some("cautions"));
    assert_eq!(did_you_mean("zzz", &allowed), None);
}

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    id: String,
    #[serde(default)]
    list: Vec<String>,
    #[serde(default)]
    days: u32,
    #[serde(default)]
    delta: i32,
    #[serde(default)]
    ratio: f64,
    #[serde(default)]
    flag: bool,
    kind: Option<Kind>,
    inner: Option<Inner>,
}

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    Quick,
    LongTerm,
}

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Inner {
    a: String,
}

/// Every message of the parser that `classify` and `plain_message` recognise, with an
/// input that makes it, and exactly what the author reads. A parser that words one of
/// them differently sends it to the generic syntax error, and this test fails.
#[test]
#[rustfmt::skip]
fn every_recognised_parser_message_is_worded_for_authors() {
    use Rule::*;
    const SHAPE: &str = "check the value's shape: a text, a list (- item) or a mapping (key: value)";
    const NUMBER: &str = "write the number without quotes or units, e.g. `180`";
    const TAB: &str = "replace the tab with spaces, as many as the lines of the same level use \
        (most editors can insert spaces when Tab is pressed in YAML files)";
    let deep = format!("id: x\nlist: {}{}\n", "[".repeat(300), "]".repeat(300));
    for (text, rule, message, hint) in [
        (deep.as_str(), YamlLimit, "lists and mappings are nested too deeply here",
            "a guide needs no deep nesting; write the values out"),
        ("id: x\nid: y\n", DuplicateKey, "key `id` is written twice in this mapping",
            "remove one of the two entries; YAML keeps only one"),
        ("id: x\ndays: 99999999999", InvalidType, "expected a whole number here (0 or more)", NUMBER),
        ("id: x\ndays: -1", InvalidType, "expected a whole number here (0 or more)", NUMBER),
        ("id: x\ndelta: abc", InvalidType, "expected a whole number here", NUMBER),
        ("id: x\nratio: abc", InvalidType, "expected a number here", NUMBER),
        ("id: x\nflag: maybe", InvalidType, "expected true or false here", "write `true` or `false`"),
        ("id: ~\n", InvalidType, "expected a value here, but it is empty (null)",
            "write the value after the colon, or remove the key"),
        ("id: !!int 5\n", InvalidType, "a YAML tag cannot be used on this value",
            "remove the YAML tag (`!!int`, `!custom`, ...); plain text needs none"),
        ("id: *nowhere\n", YamlSyntax, "this alias names an anchor that is not defined",
            "define the anchor (`&name`) before the alias (`*name`), or write the value out"),
        ("id: x\n<<: {list: []}\n", YamlSyntax, "merge keys (`<<`) are not supported in content files",
            "write the fields out, or share a step or caution with `use:` or `shared:`"),
        ("- id: x\n", InvalidType,
            "expected a mapping here (`key: value` lines), not a list or a single value", SHAPE),
        ("id: [a]\n", InvalidType, "expected a text here, not a list or a mapping", SHAPE),
        ("id: x\nlist: 5\n", InvalidType,
            "expected a list here (`- item` lines), not a text or a mapping", SHAPE),
        ("id: x\nlist:\n\t- y\n", YamlSyntax, "a tab indents this line, but YAML indents with spaces only", TAB),
        ("id: x\n\tlist: []\n", YamlSyntax, "a tab indents this line, but YAML indents with spaces only", TAB),
        ("idd: x\n", UnknownField, "there is no field `idd` here", "did you mean `id`?"),
        ("id: x\ninner:\n  zzz: 1\n", UnknownField, "there is no field `zzz` here",
            "the fields allowed here are: a"),
        ("id: x\nkind: quik\n", InvalidValue,
            "`quik` is not one of the allowed values: `quick`, `long-term`", "did you mean `quick`?"),
        ("list: []\n", MissingField, "missing field `id`", "add the field; `stepguide schema` lists every field"),
    ] {
        let err = parser_error_of(text);
        assert_eq!((err.rule, err.message.as_str(), err.hint.as_str()), (rule, message, hint), "{text:?}");
    }
}

/// What `parse` reports for each kind of shape problem, found by walking the file against
/// the type's JSON Schema, and where; a syntax error stops the reading, and says so.
#[test]
#[rustfmt::skip]
fn shape_problems_name_the_field_and_the_shape_it_expects() {
    use Rule::*;
    for (text, rule, message, hint, (line, col)) in [
        ("id: x\ndays: 99999999999", InvalidType, "`days` is a whole number, 0 or more, not `99999999999`",
            "write it as `days: 180`", (2, 7)),
        ("id: x\ndays: -1", InvalidType, "`days` is a whole number, 0 or more, not `-1`",
            "write it as `days: 180`", (2, 7)),
        ("id: x\ndelta: abc", InvalidType, "`delta` is a whole number, not a text", "write it as `delta: 180`", (2, 8)),
        ("id: x\nflag: maybe", InvalidType, "`flag` is `true` or `false`, not a text", "write it as `flag: true`", (2, 7)),
        ("id: ~\n", InvalidType, "`id` is empty, but it must be a text",
            "write the text after the colon: `id: ...`; quote it (\"...\") if it starts with a symbol", (1, 5)),
        ("- id: x\n", InvalidType, "a doc file is a mapping (`key: value` lines), not a list",
            "write its fields on their own lines, indented under it: `id: ...` lines", (1, 1)),
        ("id: [a]\n", InvalidType, "`id` is a text, not a list",
            "write the text after the colon: `id: ...`; quote it (\"...\") if it starts with a symbol", (1, 5)),
        ("id: x\nlist: 5\n", InvalidType, "`list` is a list of texts, not `5`",
            "write each item on its own line under `list:`, indented, starting with `- `: `- ...`", (2, 7)),
        ("idd: x\n", UnknownField, "a doc has no field `idd`", "did you mean `id`?", (1, 1)),
        ("id: x\ninner:\n  zzz: 1\n", UnknownField, "an inner has no field `zzz`", "the fields of an inner are: a", (3, 3)),
        ("id: x\nkind: quik\n", InvalidValue, "`kind` must be `quick` or `long-term`, not `quik`",
            "did you mean `quick`?", (2, 7)),
        ("list: []\n", MissingField, "a doc needs `id`, and this one has none", "add `id: ...`", (1, 1)),
        ("id: x\nid: y\n", DuplicateKey, "key `id` is written twice in this mapping; checking this file stopped here",
            "remove one of the two entries; YAML keeps only one", (2, 1)),
        ("id: x\nlist:\n\t- y\n", YamlSyntax,
            "a tab indents this line, but YAML indents with spaces only; checking this file stopped here",
            "replace the tab with spaces, as many as the lines of the same level use \
            (most editors can insert spaces when Tab is pressed in YAML files)", (3, 1)),
        ("id: x\ninner:\n    a: 한글\n  days: 1\n", YamlSyntax,
            "this field starts at column 3, between the fields above it at columns 1 and 5; \
            checking this file stopped here",
            "indent it with 0 spaces to continue the block at column 1, or 4 for the one at \
            column 5: YAML reads which list or mapping a line belongs to from its indentation", (4, 3)),
        ("id: x\ninner:\n    a: 한글\n     b: 1\n", YamlSyntax,
            "this field starts at column 6, but the fields beside it start at column 5; \
            checking this file stopped here",
            "indent it with 4 spaces, like the fields of the same level above it: YAML reads \
            which list or mapping a line belongs to from its indentation", (4, 6)),
    ] {
        let err = error_of(text);
        assert_eq!(
            (err.rule, err.message.as_str(), err.hint.as_str(), (err.pos.line, err.pos.col)),
            (rule, message, hint, (line, col)),
            "{text:?}"
        );
    }
}

#[test]
fn every_shape_problem_of_a_file_is_reported_in_one_run() {
    let errors = errors_of("idd: x\ndays: -1\nkind: quik\nlist:\n  - [a]\n  - ok\n  - {b: c}\n");
    let found: Vec<(Rule, u32)> = errors.iter().map(|e| (e.rule, e.pos.line)).collect();
    use Rule::*;
    assert_eq!(
        found,
        [
            (UnknownField, 1),
            (InvalidType, 2),
            (InvalidValue, 3),
            (InvalidType, 5),
            (InvalidType, 7),
            (MissingField, 1)
        ]
    );
}

/// The full parser's own error for `text` as a `Doc`, worded for authors: what `parse`
/// reports when the walk over the schema finds nothing of the same kind.
fn parser_error_of(text: &str) -> Diagnostic {
    let err = serde_saphyr::from_str_with_options::<Doc>(text, options()).unwrap_err();
    yaml_error::diagnostic("f.yaml", text, &err)
}

/// The first problem `parse` finds in `text` as a `Doc`.
fn error_of(text: &str) -> Diagnostic {
    errors_of(text).remove(0)
}

fn errors_of(text: &str) -> Vec<Diagnostic> {
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
        .unwrap_err()
        .remove(0);
    assert!(err.message.contains("merge keys"), "{}", err.message);
    let deep = format!("x: {}{}\n", "[".repeat(100), "]".repeat(100));
    let err =
        parse::<std::collections::BTreeMap<String, serde_json::Value>>("f.yaml", &deep, "a file")
            .unwrap_err()
            .remove(0);
    assert_eq!(err.rule, Rule::YamlLimit, "{}", err.message);
    let err = error_of("id: x\n---\nid: y\n");
    assert_eq!((err.rule, err.pos.line), (Rule::YamlSyntax, 3));
    assert!(err.message.contains("second"), "{}", err.message);
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let (err, _) = decode("f.yaml", b"id: x\n\xea\xb0\xb0\xff".to_vec()).unwrap_err();
    assert_eq!((err.pos.line, err.pos.col), (2, 2));
}
