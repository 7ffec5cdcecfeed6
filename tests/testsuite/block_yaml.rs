//! The fast block-YAML reader against the full parser: whenever the fast reader returns a
//! value, the full parser must return the same value, with the same positions and widths.

use crate::support::{gen_kb, read_tree, repo};
use serde::de::DeserializeOwned;
use stepguide::content::block_yaml;
use stepguide::content::parse::parse_full;
use stepguide::content::{Guide, Located, SiteSettings, Terminology};

type Text = Located<String>;

/// Checks one text as `T`; true when the fast reader took it.
fn agrees<T: DeserializeOwned + schemars::JsonSchema + std::fmt::Debug>(text: &str) -> bool {
    let Some(fast) = block_yaml::from_str::<T>(text) else {
        return false;
    };
    match parse_full::<T>("f.yaml", text, "a file") {
        Ok(full) => assert_eq!(
            format!("{fast:#?}"),
            format!("{full:#?}"),
            "the readers differ on:\n{text}"
        ),
        Err(err) => panic!(
            "the fast reader accepted what the full parser refuses ({}):\n{text}",
            err[0].message
        ),
    }
    true
}

fn shipped() -> Vec<(String, String)> {
    read_tree(&repo().join("content"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".yaml"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn generated(count: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    gen_kb::write_kb(count, dir.path()).unwrap();
    read_tree(&dir.path().join("content/guides"))
        .into_values()
        .map(|bytes| String::from_utf8(bytes).unwrap())
        .collect()
}

/// `terminology.yaml`, or a language's `terminology.<lang>.yaml`.
fn is_terminology(name: &str) -> bool {
    name.rsplit('/')
        .next()
        .is_some_and(|file| file.starts_with("terminology."))
}

fn agrees_as_content(name: &str, text: &str) -> bool {
    if name.ends_with("site.yaml") {
        agrees::<SiteSettings>(text)
    } else if is_terminology(name) {
        agrees::<Terminology>(text)
    } else {
        agrees::<Guide>(text)
    }
}

#[test]
fn the_fast_reader_takes_every_shipped_and_generated_file_and_agrees() {
    for (name, text) in shipped() {
        // The terminology list writes its lists `[in, brackets]`, which are left to the full
        // parser; it is one small file.
        let taken = agrees_as_content(&name, &text);
        assert!(
            taken || is_terminology(&name),
            "the fast reader gave up on {name}"
        );
    }
    for (n, text) in generated(20).iter().enumerate() {
        assert!(
            agrees::<Guide>(text),
            "the fast reader gave up on generated guide {n}"
        );
    }
}

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    a: Option<Text>,
    b: Option<Text>,
    count: Option<Located<u32>>,
    flag: Option<Located<bool>>,
    list: Option<Located<Vec<Text>>>,
    items: Option<Located<Vec<Located<Doc>>>>,
    nested: Option<Located<Box<Doc>>>,
}

/// Shapes the full parser has its own ideas about: folding, chomping, comments, nulls,
/// numbers and where a node's span starts and ends. Each must be taken or left alone, and
/// when taken, agree.
const SHAPES: &[&str] = &[
    "a: x\n",
    "a: 한글 텍스트\nb: y\n",
    "a: |\n  line1\n  줄2\n\nb: x\n",
    "a: |-\n  strip\n\n",
    "a: >\n  fold 한\n  more\n\n  para\nb: y\n",
    "a: >-\n  u\n  v\n",
    "a: |\n  x\n# c\n\nb: y\n",
    "a: |\n  x",
    "a: |\n\n  x\n",
    "a: |\n  x\n\n  \n\nb: y\n",
    "a: |\n  x\n     \n  y\n",
    "a: |\n    x\n  y\n",
    "a: |\n  x\n    more\n  y\n",
    "a: >\n  x\n    y\n  z\n",
    "a: |+\n  x\n\nb: y\n",
    "a:   |\n  x\n",
    "a: |2\n  x\n",
    "a: | # c\n  x\n",
    "a: |\nb: x\n",
    "a: x y   # c\nb: z\n",
    "a: \"x\"  # c\n",
    "a: \"q\\\"uo 한\"\n",
    "a: \"\\u00e9\\t\\x41 \\/\"\n",
    "a: \"x\"y\n",
    "a: 'it''s'\n",
    "a: ''\nb: \"\"\n",
    "a: 'x\n  y'\n",
    "a: x\n   y  z  \n\n\n  w\nb: q\n",
    "a: x\n  y\n  # c\n",
    "a: x # c\n  y\n",
    "a: x\n  - y\n",
    "a: x\n  b: y\n",
    "a: x#y\nb: 'a # b'\n",
    "a: http://x.y/z:8\n",
    "a: x:\n",
    "a : x\n",
    "a: -x\nb: ?y\n",
    "a: - x\n",
    "a: x\ty\n",
    "---\na: x\n",
    "a: x\n---\na: y\n",
    "a: x\n...\n",
    "# c\n\na: x\n",
    "a: 3\nb: true\n",
    "a: yes\nb: ~x\n",
    "a: x\nb: null\n",
    "a: x\nb: ~\n",
    "a: x\nb:\n",
    "a: ~\n",
    "a: Null\n",
    "count: 12\n",
    "count: 0x10\n",
    "count: 012\n",
    "count: -1\n",
    "count: 99999999999\n",
    "count: '12'\n",
    "flag: true\n",
    "flag: True\n",
    "flag: yes\n",
    "a: x\na: y\n",
    "a: &anchor x\nb: *anchor\n",
    "a: !!str x\n",
    "a: [x, y]\n",
    "a: {x: y}\n",
    "list:\n  - x\n  - y\n",
    "list:\n- x\n- y\nb: z\n",
    "list:\n  -   x\n  - y\n",
    "list:\n  - x\n    y\n  - z\n",
    "list:\n  - x\n   y\n",
    "list:\n  - |\n    t\n  - >-\n    u\n    v\n",
    "list:\n  -\n    x\n",
    "list:\n  - - x\n",
    "list:\n  - \"q\"\n  - 'r'\n",
    "list:\n  - x\n  a: y\n",
    "list: []\n",
    "items:\n  - a: x\n    b: y\n  - a: z\n",
    "items:\n- a: x\n  b: y\n- a: z\nb: w\n",
    "items:\n  -   a: x\n      b: y\n",
    "items:\n  - a: |\n      t\n      u\n    b: y\n",
    "items:\n  - a: x\n     b: y\n",
    "items:\n  - a: x\n   b: y\n",
    "items:\n  - items:\n      - a: deep\n",
    "nested:\n  a: x\n  b: y\n",
    "nested:\n  a: x\n b: y\n",
    "nested:\n    a: x\n  b: y\n",
    "nested: # c\n  a: x\n",
    "nested:\n  # c\n  a: x\n",
    "  a: x\n  b: y\n",
    "a: x\n  \n",
    "a: x\u{a0}\n",
    "a: x\u{85}y\n",
    "a: \u{feff}x\n",
    "a: x\r\n",
    "zz: x\n",
    "a: x\nzz: y\n",
    "- a: x\n",
    "a: x\nb: \"unterminated\n",
    "a: x\n\u{7f}\n",
];

#[test]
fn the_fast_reader_agrees_on_tricky_shapes() {
    let mut taken = 0;
    for text in SHAPES {
        let took = agrees::<Doc>(text);
        if std::env::var_os("SHOW_TAKEN").is_some() {
            println!("{}: {text:?}", if took { "taken" } else { "left " });
        }
        taken += usize::from(took);
    }
    // Most shapes are within the subset; if the reader takes none, it is broken.
    assert!(
        taken > SHAPES.len() / 3,
        "taken only {taken} of {}",
        SHAPES.len()
    );
}

/// A number below `n`.
fn below(rng: &mut gen_kb::Rng, n: usize) -> usize {
    rng.range(0, n - 1)
}

const TOKENS: &[&str] = &[
    " ", "  ", ":", ": ", "-", "- ", "#", " #", "|", "|-", ">", ">-", "\"", "'", "\n", "\n  ",
    "\n    ", "a", "한", "~", "null", "\\", "&a ", "*a", "[", "{", "---", "\t", "3", "true",
];

/// Small random edits of the shipped guides: each result either goes to the full parser or
/// agrees with it.
#[test]
fn the_fast_reader_agrees_on_edited_guides() {
    let bases: Vec<String> = shipped()
        .into_iter()
        .filter(|(name, _)| name.contains("guides"))
        .map(|(_, text)| text)
        .chain(generated(2))
        .collect();
    let mut rng = gen_kb::Rng(0x5EED);
    let (mut taken, runs) = (0, 600);
    for _ in 0..runs {
        let mut text = bases[below(&mut rng, bases.len())].clone();
        for _ in 0..1 + below(&mut rng, 2) {
            let mut at = below(&mut rng, text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            if below(&mut rng, 3) == 0 {
                let mut end = (at + 1 + below(&mut rng, 6)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, "");
            } else {
                text.insert_str(at, TOKENS[below(&mut rng, TOKENS.len())]);
            }
        }
        taken += usize::from(agrees::<Guide>(&text));
    }
    // Many edits stay valid (an extra space in a text, a letter more); some must be taken.
    assert!(taken > runs / 10, "taken only {taken} of {runs}");
}
