//! Reading content files through `stepguide::content::parse`: decoding, the size limit,
//! special files, the parser's limits, and every parser message the author reads, worded
//! for authors (`content/yaml_error.rs`).

use stepguide::content::parse::{MAX_FILE_BYTES, decode, parse, read_source};
use stepguide::content::yaml_error::did_you_mean;
use stepguide::diagnostic::{Diagnostic, Pos, Rule};

#[test]
fn suggests_the_closest_field() {
    let allowed = ["action", "cautions", "detail"].map(String::from);
    assert_eq!(did_you_mean("cautoins", &allowed), Some("cautions"));
    assert_eq!(did_you_mean("zzz", &allowed), None);
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
    #[serde(default)]
    delta: i32,
    #[serde(default)]
    ratio: f64,
    #[serde(default)]
    flag: bool,
    kind: Option<Kind>,
    inner: Option<Inner>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    Quick,
    LongTerm,
}

#[derive(Debug, serde::Deserialize)]
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
    const TAB: &str = "YAML does not allow tabs for indentation; indent with spaces";
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
        ("id: x\nlist:\n\t- y\n", YamlSyntax, "tabs disallowed within this context (block indentation)", TAB),
        ("id: x\n\tlist: []\n", YamlSyntax, "while scanning a plain scalar, found a tab", TAB),
        ("idd: x\n", UnknownField,
            "unknown field `idd`, expected one of id, list, days, delta, ratio, flag, kind, inner",
            "did you mean `id`?"),
        ("id: x\ninner:\n  zzz: 1\n", UnknownField, "unknown field `zzz`, expected one of a",
            "the fields allowed here are: a"),
        ("id: x\nkind: quik\n", InvalidValue,
            "unknown variant `quik`, expected one of quick, long-term", "did you mean `quick`?"),
        ("list: []\n", MissingField, "missing field `id`", "add the field; `stepguide schema` lists every field"),
    ] {
        let err = error_of(text);
        assert_eq!((err.rule, err.message.as_str(), err.hint.as_str()), (rule, message, hint), "{text:?}");
    }
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
    let err =
        parse::<std::collections::BTreeMap<String, Doc>>("f.yaml", merge, "a file").unwrap_err();
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
fn invalid_utf8_points_at_the_bad_byte() {
    let (err, _) = decode("f.yaml", b"id: x\n\xea\xb0\xb0\xff".to_vec()).unwrap_err();
    assert_eq!((err.pos.line, err.pos.col), (2, 2));
}
