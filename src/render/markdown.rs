//! Markdown to HTML that is safe to put in a page: raw HTML becomes visible text, and links
//! and images keep only URLs whose scheme is on an allow-list.
//!
//! pulldown-cmark's `push_html` passes raw HTML and `javascript:` links through untouched,
//! so every event is filtered here before it is written.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Schemes a link or image may use; relative URLs and `#fragments` are allowed too.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Renders Markdown to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    to_html_from(markdown, "")
}

/// Like [`to_html`], for text shown away from its own page: `#fragment` links get `page`
/// in front, so a guide summary on the home page still points into the guide.
pub fn to_html_from(markdown: &str, page: &str) -> String {
    // A stack of "was this link or image kept?" so the matching end tag is kept or dropped too.
    let mut kept: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::empty()).filter_map(|event| match event {
        // Raw HTML is shown as the text the author wrote, never interpreted.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            kept.push(safe);
            let dest_url = match dest_url.strip_prefix('#') {
                Some(fragment) if !page.is_empty() => format!("{page}#{fragment}").into(),
                _ => dest_url,
            };
            safe.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let safe = is_safe_url(dest_url);
            kept.push(safe);
            safe.then_some(event)
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            kept.pop().unwrap_or(false).then_some(event)
        }
        // Guide pages own h1 and h2; Markdown headings start below them.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// True for relative URLs, fragments and the allowed schemes.
///
/// pulldown-cmark has already decoded entities (`&#106;avascript:`). Browsers also ignore
/// leading spaces and ASCII tabs and newlines anywhere in a URL, so those are removed before
/// the scheme is read, and the scheme is compared case-insensitively.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    // A scheme is whatever comes before the first `:`, unless a `/`, `?` or `#` comes first.
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(end) if cleaned[end..].starts_with(':') => {
            let scheme = cleaned[..end].to_ascii_lowercase();
            ALLOWED_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
    }
}
