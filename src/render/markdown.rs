//! Markdown to HTML that is safe to put in a page: raw HTML becomes visible text, and links
//! and images keep only URLs whose scheme is on an allow-list, with references and paths
//! in the site written for the page that shows them ([`links`]).
//!
//! pulldown-cmark's `push_html` passes raw HTML and `javascript:` links through untouched,
//! so every event is filtered here before it is written.

use super::links::{self, ALLOWED_SCHEMES, Place};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The options every reader of content Markdown uses, so `check` sees what the pages show.
pub const OPTIONS: Options = Options::empty();

/// Renders Markdown written in `place.guide` to sanitised HTML for `place.page`.
pub fn to_html(markdown: &str, place: Place) -> String {
    // A stack of "was this link or image kept?" so the matching end tag is kept or dropped too.
    let mut kept: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, OPTIONS).filter_map(|event| match event {
        // Raw HTML is shown as the text the author wrote, never interpreted.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let href = links::href(&dest_url, place);
            kept.push(href.is_some());
            href.map(|href| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: href.into(),
                    title,
                    id,
                })
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let src = links::href(&dest_url, place);
            kept.push(src.is_some());
            src.map(|src| {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: src.into(),
                    title,
                    id,
                })
            })
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

/// True for relative URLs, fragments and the allowed schemes: the check for addresses that
/// are not Markdown (a source's `url`).
pub fn is_safe_url(url: &str) -> bool {
    links::scheme(url)
        .is_none_or(|scheme| ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()))
}
