//! Languages: a guide translated into another language of the site is a file of its own
//! beside the original, `content/guides/<id>.<lang>.yaml`, with the original's ids. This
//! module sorts the guide files by language, checks a translation against its original
//! (see [`drift`]) and gives it what it shares with the original (see [`inherit`]).

pub mod drift;
pub mod inherit;
pub mod lock;
pub mod nodes;

use crate::content::{self, Guide, SITE_FILE, SiteSettings};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The guide files of a pass, sorted by language.
#[derive(Debug, Default)]
pub struct Layout {
    /// The originals, in the default language.
    pub originals: Vec<String>,
    /// Each other language's translation files (declared languages only, with an original).
    pub translations: BTreeMap<String, Vec<String>>,
}

impl Layout {
    /// The ids of the guides that have a page in `lang` (`None`: the default language).
    pub fn ids(&self, lang: Option<&str>) -> BTreeSet<String> {
        let files: &[String] = match lang {
            None => &self.originals,
            Some(lang) => self.translations.get(lang).map_or(&[], Vec::as_slice),
        };
        files.iter().map(|f| guide_id(f).to_string()).collect()
    }
}

/// The guide id of a guide file: its name up to the first dot.
pub fn guide_id(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split_once('.').map_or(name, |(id, _)| id)
}

/// `content/guides/a.en.yaml` → (`content/guides/a.yaml`, `en`); `None` for an original.
pub fn split(file: &str) -> Option<(String, &str)> {
    let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
    let (stem, ext) = name.rsplit_once('.')?;
    let (id, lang) = stem.split_once('.')?;
    // Only a suffix shaped like a language tag makes a translation; any other dotted name is
    // an original whose id the id rules report.
    let primary = lang.split('-').next().unwrap_or_default();
    let tag = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (!id.is_empty() && tag).then(|| (format!("{dir}/{id}.{ext}"), lang))
}

/// The file name a guide's id must match: the name without `.yaml`, and without the
/// language of a translation.
pub fn file_stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    match split(file) {
        Some(_) => guide_id(file),
        None => name.rsplit_once('.').map_or("", |(stem, _)| stem),
    }
}

/// The record file of a translation: `a.en.yaml` → `a.en.lock`.
pub fn lock_file(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    format!("{stem}.lock")
}

/// The command that records a translation, as hints name it.
pub fn command(file: &str, lang: &str) -> String {
    format!("stepguide translated {} {lang}", guide_id(file))
}

/// Sorts `paths` by language. A translation in a language `site.yaml` does not declare, or
/// without an original, is an error at the file; a declared language that lacks some
/// guides gets one warning at its entry in `site.yaml`.
pub fn layout(
    paths: Vec<String>,
    site: Option<&SiteSettings>,
    out: &mut Vec<Diagnostic>,
) -> Layout {
    let mut layout = Layout::default();
    let mut translated: Vec<(String, String, String)> = Vec::new();
    for path in paths {
        match split(&path) {
            None => layout.originals.push(path),
            Some((original, lang)) => translated.push((path.clone(), original, lang.to_string())),
        }
    }
    let declared = |lang: &str| site.is_some_and(|s| s.translations.contains_key(lang));
    let at_top = Pos { line: 1, col: 1 };
    for (path, original, lang) in translated {
        if site.is_some() && !declared(&lang) {
            let default = site.map_or("", |s| s.language.value.as_str());
            let message = if lang == default {
                format!("`{lang}` is the site's default language; its guides need no suffix")
            } else {
                format!(
                    "this translation is in `{lang}`, a language `{SITE_FILE}` does not declare"
                )
            };
            out.push(
                Diagnostic::new(Rule::TranslationUndeclared, &path, at_top, message).hint(format!(
                    "add `{lang}:` under `translations:` in {SITE_FILE}, or rename the file"
                )),
            );
        } else if !layout.originals.contains(&original) {
            out.push(
                Diagnostic::new(
                    Rule::TranslationOrphan,
                    &path,
                    at_top,
                    format!("this translation has no original: `{original}` does not exist"),
                )
                .hint("a translation sits beside its original, named `<id>.<lang>.yaml`"),
            );
        } else if site.is_some() {
            layout.translations.entry(lang).or_default().push(path);
        }
    }
    if let Some(site) = site {
        for (lang, entry) in &site.translations {
            let done = layout.ids(Some(lang));
            let missing: Vec<&str> = layout
                .originals
                .iter()
                .map(|f| guide_id(f))
                .filter(|id| !done.contains(*id))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let mut named: Vec<String> =
                missing.iter().take(5).map(|id| format!("`{id}`")).collect();
            if missing.len() > 5 {
                named.push(format!("and {} more", missing.len() - 5));
            }
            out.push(
                Diagnostic::new(
                    Rule::Untranslated,
                    SITE_FILE,
                    entry.pos,
                    format!(
                        "{} of {} guides have no `{lang}` translation and are left out of the \
                         `{lang}` site: {}",
                        missing.len(),
                        layout.originals.len(),
                        named.join(", ")
                    ),
                )
                .hint(format!(
                    "translate them as `content/guides/<id>.{lang}.yaml`, or allow this warning \
                     while the translation is under way"
                )),
            );
        }
    }
    layout
}

/// Checks the translation `file` (in `lang`, loaded as `translation`) against its original
/// and its record, and gives it what it shares with the original.
pub fn prepare(
    root: &Path,
    file: &str,
    lang: &str,
    translation: &mut Guide,
    out: &mut Vec<Diagnostic>,
) {
    let Some((original_file, _)) = split(file) else {
        return;
    };
    // The original's own problems are reported by its pass; here it is only compared.
    let Ok(mut original) = content::load_file::<Guide>(root, &original_file, "a guide file").value
    else {
        return;
    };
    let record_file = lock_file(file);
    let record_text = content::read_text(root, &record_file, "a translation's record")
        .unwrap_or_else(|problem| {
            out.push(problem);
            None
        });
    let record = record_text.as_deref().map(lock::read);
    let command = command(file, lang);
    let original_nodes = nodes::nodes(&original);
    let translation_nodes = nodes::nodes(translation);
    let pair = drift::Pair {
        original_file: &original_file,
        original: &original_nodes,
        file,
        translation: &translation_nodes,
        record: record.as_ref(),
        command: &command,
    };
    pair.check(out);
    out.extend(inherit::inherit(&mut original, translation, file));
}

/// What `stepguide translated` did.
pub enum Recorded {
    /// The record was written: its path and how many nodes it holds.
    Written(String, usize),
    /// The translation does not mirror its original (or a file does not load): these
    /// problems, and the texts of their files, for the report.
    Refused(Vec<Diagnostic>, BTreeMap<String, String>),
}

/// Records that the translation of guide `id` into `lang` says what its original says now:
/// writes `content/guides/<id>.<lang>.lock`. Refuses a translation that lacks or adds
/// nodes, or changes what it must keep, as the record would then vouch for it.
pub fn record(root: &Path, id: &str, lang: &str) -> anyhow::Result<Recorded> {
    let site = content::load_file::<SiteSettings>(root, SITE_FILE, "the site settings file");
    let mut problems = Vec::new();
    let mut sources = BTreeMap::new();
    if let Some(site) = site.value.as_ref().ok()
        && !site.translations.contains_key(lang)
    {
        anyhow::bail!(
            "`{lang}` is not a language of the site: add it under `translations:` in {SITE_FILE}"
        );
    }
    if !crate::lint::ids::is_slug(id) {
        anyhow::bail!("`{id}` is not a guide id: ids are lowercase letters, digits and hyphens");
    }
    let original_file = format!("{}/{id}.yaml", content::GUIDES_DIR);
    let file = format!("{}/{id}.{lang}.yaml", content::GUIDES_DIR);
    let mut load = |file: &str| {
        let loaded = content::load_file::<Guide>(root, file, "a guide file");
        if let Some((file, text)) = loaded.text {
            sources.insert(file, text);
        }
        loaded.value.map_err(|d| problems.extend(d)).ok()
    };
    let (Some(original), Some(translation)) = (load(&original_file), load(&file)) else {
        return Ok(Recorded::Refused(problems, sources));
    };
    let original_nodes = nodes::nodes(&original);
    let translation_nodes = nodes::nodes(&translation);
    let command = command(&file, lang);
    let pair = drift::Pair {
        original_file: &original_file,
        original: &original_nodes,
        file: &file,
        translation: &translation_nodes,
        record: None,
        command: &command,
    };
    pair.check(&mut problems);
    problems.retain(|d| d.rule != Rule::TranslationUnrecorded);
    if !problems.is_empty() {
        return Ok(Recorded::Refused(problems, sources));
    }
    let record_file = lock_file(&file);
    let text = lock::write(&original_nodes, &command);
    // Written beside and renamed over the old record, so a record that is a link is
    // replaced, never written through to wherever it points.
    let path = root.join(&record_file);
    let temp = root.join(format!("{record_file}.tmp"));
    std::fs::write(&temp, text)
        .and_then(|()| std::fs::rename(&temp, &path))
        .map_err(|err| anyhow::anyhow!("cannot write {}: {err}", path.display()))?;
    Ok(Recorded::Written(record_file, original_nodes.len()))
}
