//! Rules for `site.yaml` and `terminology.yaml`: a usable base URL, a positive review
//! interval, and terminology entries that say something.

use super::facts::is_web_url;
use crate::content::{SITE_FILE, SiteSettings, TERMINOLOGY_FILE, Terminology};
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(
    site: Option<&SiteSettings>,
    terminology: Option<&Terminology>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(site) = site {
        if !is_web_url(&site.base_url) {
            out.push(
                Diagnostic::new(
                    Rule::InvalidUrl,
                    SITE_FILE,
                    site.base_url.pos,
                    format!(
                        "base_url `{}` is not an http or https URL",
                        site.base_url.value
                    ),
                )
                .width(site.base_url.width)
                .hint("write the address the site is published at, e.g. https://example.org/"),
            );
        }
        if site.review_interval_days.value == 0 {
            out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    SITE_FILE,
                    site.review_interval_days.pos,
                    "review_interval_days must be at least 1",
                )
                .hint("a common interval is 180 days"),
            );
        }
        for (field, text) in [
            ("title", &site.title),
            ("description", &site.description),
            ("language", &site.language),
        ] {
            if text.trim().is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::EmptyText,
                        SITE_FILE,
                        text.pos,
                        format!("`{field}` is empty"),
                    )
                    .hint(format!("write the site's {field}")),
                );
            }
        }
    }
    if let Some(terminology) = terminology {
        for term in &terminology.terms {
            let texts = [&term.preferred, &term.reason]
                .into_iter()
                .chain(&term.forbidden);
            for text in texts {
                if text.trim().is_empty() {
                    out.push(
                        Diagnostic::new(
                            Rule::EmptyText,
                            TERMINOLOGY_FILE,
                            text.pos,
                            "terminology text is empty",
                        )
                        .hint("write the term, or remove the entry"),
                    );
                }
            }
        }
    }
}
