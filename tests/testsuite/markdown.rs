//! The Markdown of content fields: what renders, and what the sanitiser turns into text or
//! drops (raw HTML, script, event attributes, unsafe link schemes).

use stepguide::render::markdown::{is_safe_url, to_html, to_html_from};

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
    let html = to_html_from(
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
