//! Markdown to HTML that is safe to put in a page: raw HTML becomes visible text, links and
//! images keep only URLs whose scheme is on an allow-list, with references and paths in the
//! site written for the page that shows them ([`links`]), and an image from outside the site
//! becomes a link to it, so that opening a page sends no request elsewhere.
//!
//! pulldown-cmark's `push_html` passes raw HTML and `javascript:` links through untouched,
//! so every event is filtered here before it is written.

use super::links::{self, ALLOWED_SCHEMES, Place, Resolved};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The options every reader of content Markdown uses, so `check` sees what the pages show.
pub const OPTIONS: Options = Options::empty();

/// Renders Markdown written in `place.guide` to sanitised HTML for `place.page`.
pub fn to_html(markdown: &str, place: Place) -> String {
    // A stack of what became of each link and image, so that its end tag follows.
    let mut kept: Vec<Kept> = Vec::new();
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
            kept.push(if href.is_some() {
                Kept::As
            } else {
                Kept::Dropped
            });
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
            let in_site = matches!(
                links::resolve(&dest_url, place.guide),
                Ok(Resolved::Site { .. })
            );
            let src = links::href(&dest_url, place);
            kept.push(match (&src, in_site) {
                (None, _) => Kept::Dropped,
                (Some(_), true) => Kept::As,
                (Some(_), false) => Kept::AsLink,
            });
            src.map(|src| {
                let dest_url = src.into();
                match in_site {
                    true => Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                    // Its alternative text becomes the link's text.
                    false => Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                }
            })
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => match kept.pop() {
            Some(Kept::As) => Some(event),
            Some(Kept::AsLink) => Some(Event::End(TagEnd::Link)),
            Some(Kept::Dropped) | None => None,
        },
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

/// What became of a link or an image.
enum Kept {
    As,
    /// An image from outside the site, shown as a link to it.
    AsLink,
    Dropped,
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
