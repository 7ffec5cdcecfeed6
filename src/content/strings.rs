//! Interface strings: the words of the pages, checklists and PDFs that are not content
//! (navigation, headings, the checklist's moments and modes, table headings). Each language
//! has a built-in file, `templates/strings/<lang>.yaml`, embedded in the binary; a project
//! sets any of them in `content/strings.<lang>.yaml`, so a Korean knowledge base about
//! something else than certificates can rename "발급 전" too.

use super::{Located, load_file};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use std::collections::BTreeMap;
use std::path::Path;

/// Interface strings by key.
pub type Strings = BTreeMap<String, String>;

const BUILT_IN: &[(&str, &str)] = &[
    ("ko", include_str!("../../templates/strings/ko.yaml")),
    ("en", include_str!("../../templates/strings/en.yaml")),
];

/// The project's file of interface strings for `lang`.
pub fn override_file(lang: &str) -> String {
    format!("content/strings.{lang}.yaml")
}

/// The built-in strings of `lang` (by its primary subtag: `en-GB` has `en`'s), or `None`.
fn built_in(lang: &str) -> Option<Strings> {
    let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    let text = BUILT_IN.iter().find(|(tag, _)| *tag == primary)?.1;
    // The built-in files are part of the binary and tested; an error here is a bug.
    serde_saphyr::from_str(text).ok()
}

/// The built-in strings of `lang`, or the English ones where there are none.
pub fn defaults(lang: &str) -> Strings {
    built_in(lang)
        .or_else(|| built_in("en"))
        .unwrap_or_default()
}

/// The strings of `lang`: the built-in ones (English where there are none, with a warning
/// at `at`, the language's place in site.yaml), with the project's file over them. Its
/// problems, and each key it sets that no page uses, go to `out`; `sources` gets its text.
pub fn load(
    root: &Path,
    lang: &str,
    at: (&str, Pos),
    out: &mut Vec<Diagnostic>,
    sources: &mut BTreeMap<String, String>,
) -> Strings {
    let english = built_in("en").unwrap_or_default();
    let own = built_in(lang);
    let mut strings = own.clone().unwrap_or_else(|| english.clone());
    let file = override_file(lang);
    let mut set = 0;
    if root.join(&file).is_file() {
        let loaded = load_file::<BTreeMap<String, Located<String>>>(
            root,
            &file,
            "an interface strings file",
        );
        if let Some((file, text)) = loaded.text {
            sources.insert(file, text);
        }
        match loaded.value {
            Ok(values) => {
                for (key, value) in values {
                    if !english.contains_key(&key) {
                        out.push(unknown(&file, &key, value.pos, &english));
                        continue;
                    }
                    set += 1;
                    strings.insert(key, value.value);
                }
            }
            Err(problems) => out.extend(problems),
        }
    }
    // A tag that is no tag gets its own error from the settings rules.
    let is_tag = oxilangtag::LanguageTag::parse(lang).is_ok();
    if own.is_none() && is_tag && set < english.len() {
        out.push(
            Diagnostic::new(
                Rule::InterfaceLanguage,
                at.0,
                at.1,
                format!(
                    "stepguide has no interface strings in `{lang}`: its pages use the English ones \
                     that `{file}` does not set"
                ),
            )
            .hint(format!(
                "set every key of `stepguide`'s templates/strings/en.yaml in `{file}`"
            )),
        );
    }
    strings
}

fn unknown(file: &str, key: &str, pos: Pos, known: &Strings) -> Diagnostic {
    let near = known
        .keys()
        .map(|k| (strsim::jaro_winkler(k, key), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match near {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => "the keys are those of templates/strings/en.yaml".to_string(),
    };
    // The file is one flat mapping: the key starts its line.
    Diagnostic::new(
        Rule::UnknownField,
        file,
        Pos {
            line: pos.line,
            col: 1,
        },
        format!("`{key}` is not an interface string"),
    )
    .hint(hint)
}
