//! Rules for evidence, the words of a source that back a statement: `fact-without-quote` (a
//! fact names its source but not the words that say it), `quote-without-url` (a quote from a
//! source nobody can open to check it), and, for citations, `unresolved-reference` and
//! `empty-text`. A fact without any source is `facts`'s rule.

use super::cautions::unresolved;
use super::walk::for_each_citation;
use crate::content::{GuideFile, Source, Text};
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let guide = &file.guide;
    let name = file.file.as_str();
    let find = |id: &Text| {
        guide
            .sources
            .iter()
            .find(|s| s.id.value == id.value)
            .map(|s| &s.value)
    };
    for fact in &guide.facts {
        match (&fact.source, &fact.quote) {
            (Some(source), None) => out.push(
                Diagnostic::new(
                    Rule::FactWithoutQuote,
                    name,
                    fact.pos,
                    format!(
                        "fact `{}` cites `{}` but quotes none of its words",
                        fact.id.value, source.value
                    ),
                )
                .hint("add `quote:` with the source's sentence that says this, copied exactly"),
            ),
            // An unknown source is reported by `facts`.
            (Some(source), Some(quote)) => check_quote(name, find(source), quote, out),
            (None, _) => {}
        }
    }
    let known: Vec<String> = guide.sources.iter().map(|s| s.id.value.clone()).collect();
    for_each_citation(guide, &mut |citation| match find(&citation.source) {
        Some(source) => check_quote(name, Some(source), &citation.quote, out),
        None => out.push(unresolved(
            name,
            &citation.source,
            "source",
            "sources",
            &known,
        )),
    });
}

/// A quote says something, and its source can be opened to check it.
fn check_quote(file: &str, source: Option<&Source>, quote: &Text, out: &mut Vec<Diagnostic>) {
    if quote.trim().is_empty() {
        out.push(
            Diagnostic::new(Rule::EmptyText, file, quote.pos, "`quote` is empty")
                .hint("copy the source's words that support the statement"),
        );
        return;
    }
    if let Some(source) = source
        && source.url.is_none()
    {
        out.push(
            Diagnostic::new(
                Rule::QuoteWithoutUrl,
                file,
                quote.pos,
                format!(
                    "a quote from `{}`, which has no `url`: nobody can check it",
                    source.id.value
                ),
            )
            .hint(format!(
                "add `url:` to source `{}`, or quote a source that is online",
                source.id.value
            )),
        );
    }
}
