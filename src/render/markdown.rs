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

#[cfg(test)]
mod tests {
    use super::{is_safe_url, to_html};

    #[test]
    fn emphasis_lists_and_links_render() {
        let html = to_html("**굵게** *기울임*\n\n- 하나\n- 둘\n\n[은행](https://www.kbstar.com/)");
        assert!(html.contains("<strong>굵게</strong>"));
        assert!(html.contains("<em>기울임</em>"));
        assert!(html.contains("<li>하나</li>"));
        assert!(html.contains(r#"<a href="https://www.kbstar.com/">은행</a>"#));
    }

    #[test]
    fn raw_html_block_becomes_text() {
        let html = to_html("<div onclick=\"x()\">안녕</div>\n");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains(r#"&lt;div onclick="x()"&gt;"#), "{html}");
    }

    #[test]
    fn script_tag_becomes_text() {
        let html = to_html("앞 <script>alert(1)</script> 뒤");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn event_attribute_never_reaches_a_tag() {
        let html = to_html("<img src=x onerror=alert(1)>\n\n글 <img src=x onerror=alert(1)> 글");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn javascript_link_is_dropped_but_its_text_stays() {
        let html = to_html("[누르세요](javascript:alert(1))");
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("누르세요"), "{html}");
    }

    #[test]
    fn scheme_check_ignores_case_entities_and_whitespace() {
        for markdown in [
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript&#58;alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](<  javascript:alert(1)>)",
            "[x](vbscript:msgbox)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
        ] {
            let html = to_html(markdown);
            assert!(!html.contains("<a"), "{markdown} gave {html}");
        }
    }

    #[test]
    fn unsafe_image_is_dropped_and_alt_text_kept() {
        let html = to_html("![그림 설명](data:image/svg+xml;base64,PHN2Zz4=)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("그림 설명"), "{html}");
        let html = to_html("![그림](https://example.org/a.png)");
        assert!(html.contains(r#"<img src="https://example.org/a.png" alt="그림" />"#));
    }

    #[test]
    fn allowed_urls() {
        for url in [
            "https://example.org/",
            "http://example.org/",
            "HTTPS://example.org/",
            "mailto:help@example.org",
            "tel:1588-9999",
            "#step-login",
            "../other/index.html",
            "page.html?a=b:c",
            "/a:b",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
        for url in [
            "javascript:x",
            "data:x",
            "vbscript:x",
            "file:///etc/passwd",
            " jav\nascript:x",
        ] {
            assert!(!is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn fragment_links_can_point_into_another_page() {
        let html = super::to_html_from(
            "[단계](#step-a) [밖](https://example.org/#b)",
            "g/index.html",
        );
        assert!(html.contains(r#"<a href="g/index.html#step-a">"#), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org/#b">"#),
            "{html}"
        );
    }

    #[test]
    fn markdown_headings_start_at_h3() {
        assert_eq!(to_html("# 제목"), "<h3>제목</h3>\n");
    }
}
