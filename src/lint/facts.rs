//! Rules for facts and sources: `fact-without-source` (warning), `unresolved-reference` for a
//! fact's source, `invalid-url` for a source address that is not http(s), and
//! `invalid-language` for a source's language that is not a BCP 47 tag.

use super::cautions::unresolved;
use crate::content::GuideFile;
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let guide = &file.guide;
    let name = file.file.as_str();
    let known: Vec<String> = guide.sources.iter().map(|s| s.id.value.clone()).collect();
    let ids: std::collections::HashSet<&str> = known.iter().map(String::as_str).collect();
    for fact in &guide.facts {
        match &fact.source {
            None => out.push(
                Diagnostic::new(
                    Rule::FactWithoutSource,
                    name,
                    fact.pos,
                    format!("fact `{}` has no source", fact.id.value),
                )
                .hint("add `source:` with the id of an entry in `sources`"),
            ),
            Some(source) if !ids.contains(source.value.as_str()) => {
                out.push(unresolved(name, source, "source", "sources", &known));
            }
            Some(_) => {}
        }
    }
    for source in &guide.sources {
        if let Some(url) = &source.url
            && !is_web_url(url)
        {
            out.push(
                Diagnostic::new(
                    Rule::InvalidUrl,
                    name,
                    url.pos,
                    format!("source address `{}` is not an http or https URL", url.value),
                )
                .width(url.width)
                .hint("write the full address, starting with https://"),
            );
        }
        if let Some(language) = &source.language
            && oxilangtag::LanguageTag::parse(language.as_str()).is_err()
        {
            out.push(
                Diagnostic::new(
                    Rule::InvalidLanguage,
                    name,
                    language.pos,
                    format!(
                        "source language `{}` is not a BCP 47 language tag",
                        language.value
                    ),
                )
                .width(language.width)
                .hint("write a tag such as `en` (English) or `ko` (Korean)"),
            );
        }
    }
}

/// An absolute http(s) URL with a host and no spaces.
pub fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(char::is_whitespace)
    })
}
