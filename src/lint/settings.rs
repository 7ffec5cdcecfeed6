//! Rules for `site.yaml` and `terminology.yaml`: a usable base URL, a positive review
//! interval, a language tag pages can carry, and terminology entries that say something.

use super::facts::is_web_url;
use crate::content::{SITE_FILE, SiteSettings, TERMINOLOGY_FILE, Terminology};
use crate::diagnostic::{Diagnostic, Rule};

pub fn check(
    site: Option<&SiteSettings>,
    terminology: Option<&Terminology>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(site) = site {
        super::categories::check_site(site, out);
        if let Some(base_url) = &site.base_url
            && !is_web_url(base_url)
        {
            out.push(
                Diagnostic::new(
                    Rule::InvalidUrl,
                    SITE_FILE,
                    base_url.pos,
                    format!("base_url `{}` is not an http or https URL", base_url.value),
                )
                .width(base_url.width)
                .hint(
                    "write the address the site is published at, e.g. https://guides.example.org/",
                ),
            );
        } else if let Some(base_url) = &site.base_url
            && is_placeholder(base_url)
        {
            out.push(
                Diagnostic::new(
                    Rule::PlaceholderUrl,
                    SITE_FILE,
                    base_url.pos,
                    format!(
                        "base_url `{}` is a placeholder: printed checklists will show it, and \
                         their QR codes will lead nowhere",
                        base_url.value
                    ),
                )
                .width(base_url.width)
                .hint(
                    "write the address the site will be published at, or remove `base_url` \
                     until you know it (`stepguide build --base-url URL` sets it for one build)",
                ),
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
        for (tag, entry) in &site.translations {
            if oxilangtag::LanguageTag::parse(tag.as_str()).is_err() || *tag == site.language.value
            {
                out.push(
                    Diagnostic::new(
                        Rule::InvalidLanguage,
                        SITE_FILE,
                        entry.pos,
                        format!("translation language `{tag}` is not a BCP 47 language tag other than `language`"),
                    )
                    .hint("name each other language of the site by its tag, e.g. `en`; guides in it are `<id>.<tag>.yaml`"),
                );
            }
        }
        let language = site.language.trim();
        if !language.is_empty() && oxilangtag::LanguageTag::parse(language).is_err() {
            out.push(
                Diagnostic::new(
                    Rule::InvalidLanguage,
                    SITE_FILE,
                    site.language.pos,
                    format!(
                        "language `{}` is not a BCP 47 language tag",
                        site.language.value
                    ),
                )
                .width(site.language.width)
                .hint(
                    "every page declares it (`<html lang>`) for screen readers and line breaking; \
                     write a tag such as `ko` (Korean), `en` (English) or `ko-KR` (Korean, Korea)",
                ),
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

/// Whether a URL's host is one of the names reserved for examples and tests (RFC 2606 and
/// RFC 6761): `example.org` and its kin, and anything under `.example`, `.invalid`, `.test`
/// or `.localhost`.
fn is_placeholder(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.com",
        "example.net",
        "example.org",
        "example",
        "invalid",
        "test",
        "localhost",
    ]
    .into_iter()
    .any(under)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_example_hosts_are_placeholders() {
        for url in [
            "https://example.org/",
            "https://stepguide.example.org/",
            "http://EXAMPLE.COM:8080/a",
            "https://guides.example/",
            "https://site.test/",
            "http://localhost:4000/",
            "https://user@example.net./",
        ] {
            assert!(super::is_placeholder(url), "{url}");
        }
        for url in [
            "https://guides.kbstar.com/",
            "https://myexample.org/",
            "https://example.org.kr/",
            "https://testing.dev/",
        ] {
            assert!(!super::is_placeholder(url), "{url}");
        }
    }
}
