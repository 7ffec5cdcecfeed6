//! Rule `unknown-category`: a guide's `category`, and each category a translation of the
//! site titles, must be one that `site.yaml` declares, as each becomes a listing's address.
//! The declared ids themselves are checked like other ids (`invalid-id`, `duplicate-id`).

use super::ids::is_slug;
use crate::content::yaml_error::did_you_mean;
use crate::content::{GuideFile, SITE_FILE, SiteSettings, Text};
use crate::diagnostic::{Diagnostic, Rule};

/// The guide's category against the site's `categories` (`None`: no site.yaml loaded, so
/// nothing to check against). A translation takes its original's category, which the
/// original's own check reports.
pub fn check(categories: Option<&[String]>, file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let (Some(categories), Some(category)) = (categories, &file.guide.category) else {
        return;
    };
    if crate::translation::split(&file.file).is_none() {
        unknown(categories, category, &file.file, "guide", out);
    }
}

/// The declared ids, and the categories each translation titles.
pub fn check_site(site: &SiteSettings, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&Text> = Vec::new();
    for category in &site.categories {
        let id = &category.id;
        if !is_slug(id) {
            out.push(
                Diagnostic::new(
                    Rule::InvalidId,
                    SITE_FILE,
                    id.pos,
                    format!("category id `{}` is not a safe slug", id.value),
                )
                .width(id.width)
                .hint(format!(
                    "use lowercase letters, digits and single hyphens (at most 64), e.g. `{}`",
                    super::ids::slugify(id)
                )),
            );
        }
        match seen.iter().find(|first| first.value == id.value) {
            Some(first) => out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    SITE_FILE,
                    id.pos,
                    format!("category id `{}` is used twice", id.value),
                )
                .width(id.width)
                .hint(format!(
                    "the first is at line {}; give this category another id",
                    first.pos.line
                )),
            ),
            None => seen.push(id),
        }
    }
    let ids = ids(site);
    for translation in site.translations.values().filter_map(|t| t.value.as_ref()) {
        for (id, title) in &translation.categories {
            if !ids.contains(id) {
                // The map keeps no key positions: the title's line names the entry.
                let named = Text::new(id.clone(), title.pos);
                unknown(&ids, &named, SITE_FILE, "translated", out);
            }
        }
    }
}

/// The declared category ids, in order.
pub fn ids(site: &SiteSettings) -> Vec<String> {
    site.categories.iter().map(|c| c.id.value.clone()).collect()
}

fn unknown(ids: &[String], category: &Text, file: &str, what: &str, out: &mut Vec<Diagnostic>) {
    if ids.contains(&category.value) {
        return;
    }
    let hint = match did_you_mean(category, ids) {
        Some(close) => format!("did you mean `{close}`?"),
        None if ids.is_empty() => {
            "declare it in site.yaml: `categories: [{id: …, title: …}]`".to_string()
        }
        None => format!(
            "declare it under `categories` in site.yaml, or use one of: {}",
            ids.join(", ")
        ),
    };
    out.push(
        Diagnostic::new(
            Rule::UnknownCategory,
            file,
            category.pos,
            format!(
                "{what} category `{}` is not one of the site's categories",
                category.value
            ),
        )
        .width(category.width)
        .hint(hint),
    );
}
