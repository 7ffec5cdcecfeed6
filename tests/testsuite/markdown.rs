//! The Markdown of content fields: what renders, and what the sanitiser turns into text or
//! drops (raw HTML, script, event attributes, unsafe link schemes); references and relative
//! links written for every page that shows them.

use crate::support::html::assert_links_resolve;
use crate::support::{build_site, fixture, replace, run_in};
use stepguide::render::links::Place;
use stepguide::render::markdown::is_safe_url;

/// Markdown of guide `g`, on its own page.
fn to_html(markdown: &str) -> String {
    on("guides/g/index.html", markdown)
}

/// Markdown of guide `g`, on `page`.
fn on(page: &str, markdown: &str) -> String {
    stepguide::render::markdown::to_html(markdown, Place { guide: "g", page })
}

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
}

#[test]
fn an_image_from_another_site_becomes_a_link_and_one_of_the_site_stays() {
    // Loading it would tell the other site who reads the page.
    let html = to_html("![그림 *설명*](https://example.org/a.png \"제목\") 뒤");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains(
            r#"<a href="https://example.org/a.png" title="제목">그림 <em>설명</em></a> 뒤"#
        ),
        "{html}"
    );
    let html = to_html("![그림](../../assets/favicon.svg)");
    assert!(
        html.contains(r#"<img src="../../assets/favicon.svg" alt="그림" />"#),
        "{html}"
    );
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
fn fragment_links_point_into_the_guide_from_another_page() {
    let markdown = "[단계](#step-a) [밖](https://example.org/#b)";
    let html = on("index.html", markdown);
    assert!(
        html.contains(r#"<a href="guides/g/index.html#step-a">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://example.org/#b">"#),
        "{html}"
    );
    let html = to_html(markdown);
    assert!(html.contains(r##"<a href="#step-a">"##), "{html}");
}

/// Every reference form, on the guide's own page, on the home page and on its checklist.
#[test]
fn references_become_relative_links_on_every_page() {
    let cases = [
        (
            "guide:h",
            [
                "../h/index.html",
                "guides/h/index.html",
                "../../h/index.html",
            ],
        ),
        (
            "guide:h#failures",
            [
                "../h/index.html#failures",
                "guides/h/index.html#failures",
                "../../h/index.html#failures",
            ],
        ),
        (
            "step:verify",
            [
                "#step-verify",
                "guides/g/index.html#step-verify",
                "../index.html#step-verify",
            ],
        ),
        (
            "procedure:web",
            [
                "#procedure-web",
                "guides/g/index.html#procedure-web",
                "../index.html#procedure-web",
            ],
        ),
        (
            "step:h/verify",
            [
                "../h/index.html#step-verify",
                "guides/h/index.html#step-verify",
                "../../h/index.html#step-verify",
            ],
        ),
        (
            "../h/index.html?x=1#a",
            [
                "../h/index.html?x=1#a",
                "guides/h/index.html?x=1#a",
                "../../h/index.html?x=1#a",
            ],
        ),
        (
            "checklist/index.html",
            [
                "checklist/index.html",
                "guides/g/checklist/index.html",
                "index.html",
            ],
        ),
        (
            "../../compare/index.html",
            [
                "../../compare/index.html",
                "compare/index.html",
                "../../../compare/index.html",
            ],
        ),
    ];
    let pages = [
        "guides/g/index.html",
        "index.html",
        "guides/g/checklist/index.html",
    ];
    for (dest, hrefs) in cases {
        for (page, href) in pages.iter().zip(hrefs) {
            let html = on(page, &format!("[글]({dest})"));
            assert!(
                html.contains(&format!(r#"<a href="{href}">글</a>"#)),
                "{dest} on {page}: {html}"
            );
        }
    }
}

/// A summary's relative link is written for the guide's page; the home page gets one that
/// still leads there, not one that leaves the site.
#[test]
fn relative_links_are_rebased_for_the_home_page() {
    let html = on("index.html", "[다른 안내](../h/index.html)");
    assert!(html.contains(r#"<a href="guides/h/index.html">"#), "{html}");
}

/// A path that climbs to the site's root and names a file with a colon there would read as a
/// scheme once rebased for the home page (`javascript:` among them): it stays a path.
#[test]
fn a_rebased_path_never_becomes_a_scheme() {
    for (dest, href) in [
        ("../../javascript:alert(1)", "./javascript:alert(1)"),
        ("../../cript:x#failures", "./cript:x#failures"),
        ("../../a/b:c", "a/b:c"),
    ] {
        let html = on("index.html", &format!("[글]({dest})"));
        assert!(
            html.contains(&format!(r#"<a href="{href}">"#)),
            "{dest}: {html}"
        );
    }
}

/// References to no valid id and paths out of the site lose their link; the text stays.
#[test]
fn hostile_references_and_escaping_paths_are_dropped() {
    for dest in [
        "guide:../../etc/passwd",
        "guide:a/b",
        "guide:A",
        "guide:",
        "guide:a#",
        "step:a/b/c",
        "step:step:x",
        "procedure:",
        "Guide:a",
        "gu ide:a",
        "../../../x",
        // Markdown needs `\\` for a backslash that stays in the address.
        r"..\\..\\..\\x",
        "%2e%2e/%2e%2e/%2E%2E/x",
    ] {
        for page in ["guides/g/index.html", "index.html"] {
            let html = on(page, &format!("[글]({dest})"));
            assert!(!html.contains("<a"), "{dest} on {page}: {html}");
            assert!(html.contains("글"), "{dest} on {page}: {html}");
        }
    }
}

#[test]
fn markdown_headings_start_at_h3() {
    assert_eq!(to_html("# 제목"), "<h3>제목</h3>\n");
}

/// Every kind of link `check` accepts, in a summary (shown on the guide's page, and as text
/// on the home page) and in a step's detail, leads to a page and an id that the built site has.
#[test]
fn links_check_accepts_resolve_on_every_page_that_shows_them() {
    let dir = fixture("build/valid");
    let links = "[다음 단계](#step-web-agree), [베타 안내](guide:beta-joint), \
                 [베타 단계](step:beta-joint/verify), [베타 절차](procedure:beta-joint/web), \
                 [베타 표](guide:beta-joint#failures), [이 절차](procedure:web), \
                 [옆 안내](../beta-joint/index.html#step-open), [인쇄](checklist/index.html), \
                 [비교](../../compare/index.html)";
    replace(
        dir.path(),
        "content/guides/alpha-cert.yaml",
        "[다음 단계](#step-web-agree)를 보세요.",
        &format!("{links}를 보세요."),
    );
    let checked = run_in(dir.path(), &["check"]);
    assert!(
        !checked.stdout.contains("broken-link"),
        "{}",
        checked.stdout
    );
    let out = dir.path().join("out");
    build_site(dir.path(), &out, &[]);
    assert_links_resolve(&out);
    // The listings show the summary's words, not its links, so that one text serves pages
    // at every depth: no link there can lead out of the site.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("다음 단계, 베타 안내, 베타 단계"), "{home}");
    assert!(!home.contains("#step-web-agree"), "{home}");
}

#[test]
fn an_empty_address_is_the_guide_page_on_every_page() {
    // Found by the render_markdown fuzz target: it was `/index.html` on the guide's page.
    for (page, href) in [
        ("guides/g/index.html", "index.html"),
        ("index.html", "guides/g/index.html"),
        ("guides/g/checklist/index.html", "../index.html"),
    ] {
        let html = on(page, "![x]() [y]()");
        let expected = format!(r#"<img src="{href}" alt="x" /> <a href="{href}">y</a>"#);
        assert!(html.contains(&expected), "{page}: {html}");
    }
}
