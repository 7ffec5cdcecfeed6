//! Rules `broken-link` and `link-scheme`: every link and image in Markdown leads somewhere.
//!
//! A link is resolved as the pages resolve it ([`crate::render::links`]): `#fragments`
//! against the ids the guide's page will have ([`anchors::of_guide`]), relative paths
//! against the pages the build writes, `guide:`, `procedure:` and `step:` references against
//! the ids they name. Links into another guide wait in [`Links`] until every guide is loaded
//! ([`check_across`]). External links are not fetched; only their scheme is checked.

use crate::anchors;
use crate::content::yaml_error::{SUGGEST_AMONG, did_you_mean};
use crate::content::{Guide, GuideFile};
use crate::diagnostic::{Diagnostic, Pos, Rule};
use crate::render::links::{ALLOWED_SCHEMES, Problem, REFERENCE_KINDS, Resolved, resolve};
use std::collections::HashMap;

/// Pages the build writes besides each guide's two; links to them need no other check.
const SITE_PAGES: &[&str] = &[
    "index.html",
    "compare/index.html",
    "404.html",
    "sitemap.xml",
    "search-index.js",
];

/// What the check across guides needs of one guide: the ids of its pages, and its links
/// into other guides.
#[derive(Debug, Default)]
pub struct Links {
    page_ids: Ids,
    checklist_ids: Ids,
    pending: Vec<Pending>,
}

/// A sorted set of ids in one string. Every guide's record keeps its ids until the check
/// across guides; as tens of strings a guide they took about 37 MB at 10,000 guides.
#[derive(Debug, Default)]
struct Ids {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
}

impl Ids {
    /// From sorted, distinct ids.
    fn new(sorted: Vec<String>) -> Ids {
        let mut ids = Ids {
            text: String::with_capacity(sorted.iter().map(String::len).sum()),
            ends: Vec::with_capacity(sorted.len()),
        };
        for id in sorted {
            ids.text.push_str(&id);
            ids.ends.push(ids.text.len());
        }
        ids
    }

    fn get(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[n]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|n| self.get(n))
    }

    fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The first ids, one more than [`did_you_mean`] compares with, so a guide of thousands
    /// of ids is not copied for each broken link.
    fn candidates(&self) -> Vec<String> {
        self.iter()
            .take(SUGGEST_AMONG + 1)
            .map(String::from)
            .collect()
    }
}

/// A link into another guide, checked once every guide is known.
#[derive(Debug)]
struct Pending {
    pos: Pos,
    width: u32,
    dest: String,
    guide: String,
    checklist: bool,
    fragment: Option<String>,
}

impl Links {
    pub fn new(guide: &Guide) -> Links {
        Links {
            page_ids: Ids::new(anchors::of_guide(guide)),
            checklist_ids: Ids::new(anchors::of_checklist(guide)),
            pending: Vec::new(),
        }
    }

    /// Whether the guide links into other guides, so the check across guides may report on it.
    pub fn leads_to_other_guides(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// Checks one link of `file` whose destination `dest` is written where `place` says (asked
/// only of a link that is reported or leads into another guide: finding it costs a scan).
pub fn check(
    file: &GuideFile,
    links: &mut Links,
    dest: &str,
    place: impl Fn() -> (Pos, u32),
    out: &mut Vec<Diagnostic>,
) {
    let guide = &file.guide;
    let broken = |message: String, hint: String| {
        let (pos, width) = place();
        Diagnostic::new(Rule::BrokenLink, &file.file, pos, message)
            .width(width)
            .hint(hint)
    };
    let (path, fragment) = match resolve(dest, &guide.id) {
        Err(Problem::Scheme(scheme)) => {
            out.push(scheme_problem(&file.file, place(), dest, &scheme));
            return;
        }
        Err(Problem::BadReference { kind }) => {
            out.push(broken(
                format!("`{dest}` is not a {kind} reference"),
                reference_forms(kind),
            ));
            return;
        }
        Err(Problem::Escapes) => {
            out.push(broken(
                format!("`{dest}` leads out of the site"),
                "link a page of the site relative to this guide's page, or by id: \
                 `guide:GUIDE-ID`, `step:STEP-ID`"
                    .to_string(),
            ));
            return;
        }
        Ok(Resolved::AsWritten(url)) => {
            if let Some(host_path) = url.strip_prefix("//") {
                out.push(broken(
                    format!("`{url}` names no scheme: opened from a file, it leads nowhere"),
                    format!("write `https://{host_path}`"),
                ));
            } else if url.starts_with(['/', '\\']) {
                out.push(broken(
                    format!("`{url}` starts at the host's root, outside a site published under a sub-path or opened from a file"),
                    "link a page relative to this guide's page, or by id: `guide:GUIDE-ID`"
                        .to_string(),
                ));
            }
            return;
        }
        Ok(Resolved::Site { path, fragment, .. }) => (path, fragment),
    };
    if path.ends_with('/') {
        out.push(broken(
            format!("`{dest}` is a folder: opened from a file, it shows a file listing"),
            format!("write `{dest}index.html`, or link a guide by id: `guide:GUIDE-ID`"),
        ));
        return;
    }
    let own = guide.id.value.as_str();
    match guide_of(&path) {
        Some((id, checklist)) if id == own => {
            let ids = if checklist {
                &links.checklist_ids
            } else {
                &links.page_ids
            };
            if let Some(fragment) = fragment.filter(|f| !ids.contains(f)) {
                let (message, hint) = missing_here(guide, dest, &fragment, ids);
                out.push(broken(message, hint));
            }
        }
        Some((id, checklist)) => {
            let (pos, width) = place();
            links.pending.push(Pending {
                pos,
                width,
                dest: dest.to_string(),
                guide: id.to_string(),
                checklist,
                fragment,
            });
        }
        None if SITE_PAGES.contains(&path.as_str()) || path.starts_with("assets/") => {}
        None => out.push(broken(
            format!("`{dest}` leads to `{path}`, which the site does not have"),
            "pages are index.html, compare/index.html, guides/GUIDE-ID/index.html and \
             guides/GUIDE-ID/checklist/index.html; link a guide by id: `guide:GUIDE-ID`"
                .to_string(),
        )),
    }
}

/// The links into other guides: the guide must exist and have the id the link names.
/// `guides` gives each guide's file, id and links.
pub fn check_across<'g>(
    guides: impl IntoIterator<Item = (&'g str, &'g str, &'g Links)>,
    out: &mut Vec<Diagnostic>,
) {
    let guides: Vec<_> = guides.into_iter().collect();
    if guides.iter().all(|(_, _, links)| links.pending.is_empty()) {
        return;
    }
    let by_id: HashMap<&str, &Links> = guides.iter().map(|(_, id, l)| (*id, *l)).collect();
    let mut ids: Vec<String> = by_id.keys().map(|id| id.to_string()).collect();
    ids.sort();
    for (file, _, links) in &guides {
        for link in &links.pending {
            let broken = |message: String, hint: String| {
                Diagnostic::new(Rule::BrokenLink, file, link.pos, message)
                    .width(link.width)
                    .hint(hint)
            };
            let Some(target) = by_id.get(link.guide.as_str()) else {
                let hint = match did_you_mean(&link.guide, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "link a guide by the id in its file's `id:`".to_string(),
                };
                out.push(broken(
                    format!(
                        "`{}` names the guide `{}`, which does not exist",
                        link.dest, link.guide
                    ),
                    hint,
                ));
                continue;
            };
            let target_ids = if link.checklist {
                &target.checklist_ids
            } else {
                &target.page_ids
            };
            if let Some(fragment) = &link.fragment
                && !target_ids.contains(fragment)
            {
                let hint = match did_you_mean(fragment, &target_ids.candidates()) {
                    Some(best) => format!("did you mean `#{best}`?"),
                    None => format!(
                        "`{}` names steps `#step-ID`, procedures `#procedure-ID`, facts `#fact-ID`, failure rows `#failure-ID` and sections such as `#failures`",
                        link.guide
                    ),
                };
                out.push(broken(
                    format!(
                        "`{}`: the page of guide `{}` has no `#{fragment}`",
                        link.dest, link.guide
                    ),
                    hint,
                ));
            }
        }
    }
}

/// The guide id of a guide's page (`false`) or checklist (`true`) path.
fn guide_of(path: &str) -> Option<(&str, bool)> {
    let rest = path.strip_prefix("guides/")?;
    if let Some(id) = rest.strip_suffix("/checklist/index.html") {
        return (!id.contains('/')).then_some((id, true));
    }
    let id = rest.strip_suffix("/index.html")?;
    (!id.contains('/')).then_some((id, false))
}

/// The message and hint for a link to an id this guide's page does not have.
fn missing_here<'a>(guide: &Guide, dest: &'a str, fragment: &str, ids: &Ids) -> (String, String) {
    // `step:ID` or `step:GUIDE-ID/ID` naming this guide: the message names the ID.
    let id_only = |reference: &'a str| reference.rsplit_once('/').map_or(reference, |(_, id)| id);
    let step = dest.strip_prefix("step:").map(id_only);
    let procedure = dest.strip_prefix("procedure:").map(id_only);
    // At most one candidate more than a suggestion is looked for among: a guide of
    // thousands of steps with thousands of broken links must not copy every id for each.
    let some = |ids: &mut dyn Iterator<Item = &str>| -> (Vec<String>, usize) {
        let mut total = 0;
        let mut kept = Vec::new();
        for id in ids {
            total += 1;
            if kept.len() <= SUGGEST_AMONG {
                kept.push(id.to_string());
            }
        }
        (kept, total)
    };
    let (message, (candidates, total)): (String, (Vec<String>, usize)) = if let Some(id) = step {
        if guide.shared_steps.iter().any(|s| s.id.value == id) {
            let users: Vec<String> = crate::lint::walk::all_steps(guide)
                .iter()
                .filter(|s| s.uses.as_ref().is_some_and(|u| u.value == id))
                .map(|s| format!("`step:{}`", s.id.value))
                .collect();
            let hint = if users.is_empty() {
                "no step uses it yet, so it is on no page".to_string()
            } else {
                format!("link a step that uses it: {}", users.join(", "))
            };
            return (
                format!(
                    "`{id}` is a shared step: the page shows it only under the ids of the steps that use it"
                ),
                hint,
            );
        }
        let mut steps = guide
            .procedures
            .iter()
            .flat_map(|p| &p.steps)
            .map(|s| s.id.value.as_str());
        (format!("this guide has no step `{id}`"), some(&mut steps))
    } else if let Some(id) = procedure {
        (
            format!("this guide has no procedure `{id}`"),
            some(&mut guide.procedures.iter().map(|p| p.id.value.as_str())),
        )
    } else {
        (
            format!("this guide's page has no `#{fragment}`"),
            some(&mut ids.iter()),
        )
    };
    let wanted = step.or(procedure).unwrap_or(fragment);
    let hint = match did_you_mean(wanted, &candidates) {
        Some(best) if step.is_some() => format!("did you mean `step:{best}`?"),
        Some(best) if procedure.is_some() => format!("did you mean `procedure:{best}`?"),
        Some(best) => format!("did you mean `#{best}`?"),
        None if candidates.is_empty() => "this guide has none".to_string(),
        None if step.is_some() || procedure.is_some() => {
            format!("ids here: {}", super::cautions::some_of(&candidates, total))
        }
        None => "the page has `#step-ID`, `#procedure-ID`, `#fact-ID`, `#failure-ID`, \
                 `#source-ID` and sections such as `#failures`; link another guide with \
                 `guide:GUIDE-ID#…`"
            .to_string(),
    };
    (message, hint)
}

/// How a reference of `kind` is written.
fn reference_forms(kind: &str) -> String {
    if kind == "guide" {
        "write `guide:GUIDE-ID` or `guide:GUIDE-ID#anchor`; ids are lowercase letters, digits \
         and single hyphens"
            .to_string()
    } else {
        format!(
            "write `{kind}:ID` for one of this guide or `{kind}:GUIDE-ID/ID` for one of another \
             guide; ids are lowercase letters, digits and single hyphens"
        )
    }
}

/// A `link-scheme` warning: the pages drop a link on a scheme off the allow-list.
fn scheme_problem(file: &str, (pos, width): (Pos, u32), dest: &str, scheme: &str) -> Diagnostic {
    let lower = scheme.to_ascii_lowercase();
    let known: Vec<String> = ALLOWED_SCHEMES
        .iter()
        .chain(REFERENCE_KINDS)
        .map(|s| s.to_string())
        .collect();
    let hint = match did_you_mean(&lower, &known) {
        Some(best) => format!("did you mean `{best}:`?"),
        None => "links may use http, https, mailto and tel, or name a part of the knowledge \
                 base: `guide:ID`, `procedure:ID`, `step:ID`"
            .to_string(),
    };
    Diagnostic::new(
        Rule::LinkScheme,
        file,
        pos,
        format!("`{dest}`: pages do not link `{scheme}:` addresses, so this shows as plain text"),
    )
    .width(width)
    .hint(hint)
}

/// Whether `dest`, written in guide `guide`, is an address on another site (an allowed
/// scheme), which an image must not load from.
pub fn is_external(dest: &str, guide: &str) -> bool {
    matches!(resolve(dest, guide), Ok(Resolved::AsWritten(url)) if crate::render::links::scheme(url).is_some())
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn ids_hold_what_they_were_given() {
        let given = ["a", "checklist-x", "step-1", "step-1-cautions", "step-10"];
        let ids = Ids::new(given.iter().map(|s| s.to_string()).collect());
        assert_eq!(ids.iter().collect::<Vec<_>>(), given);
        for id in given {
            assert!(ids.contains(id), "{id}");
        }
        for absent in ["", "b", "step-", "step-1-caution", "step-2", "z"] {
            assert!(!ids.contains(absent), "{absent}");
        }
        assert!(!Ids::default().contains("a"));
    }
}
