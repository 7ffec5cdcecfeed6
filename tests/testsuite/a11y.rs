//! Accessibility and deep links of the shipped site (WCAG 2.2 AA, issue 4): axe-core on every
//! page in light and dark, the keyboard walk, touch targets, reduced motion and the dark
//! scheme, the relevance table typed into the search box in Chromium, fragment links and
//! step anchors that survive reordering, quote disclosures that open without JavaScript, the
//! landmark and heading outline, and the checklist's ticks.
//!
//! The browser checks are node scripts in `tests/browser/` driving Debian's Chromium with
//! playwright-core; without a browser they print a loud SKIPPED notice and pass, unless
//! `STEPGUIDE_REQUIRE_BROWSER=1` (as in `.ci/run`). They read the committed `site/`, which
//! `build::committed_site_is_up_to_date` keeps equal to a fresh build.

use crate::support::browser::{browser_ready, run_browser_script};
use crate::support::{build_site, copy_dir, fixture, names_in, read_tree, repo};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn shipped_site() -> PathBuf {
    repo().join("site")
}

/// Runs `tests/browser/<script>` on the shipped site; prints what it reports (the tables
/// the README and the issue quote).
fn on_the_shipped_site(test: &str, script: &str, extra: &[&str]) {
    if !browser_ready(test) {
        return;
    }
    let site = shipped_site();
    let out = run_browser_script(script, &[&[site.to_str().unwrap()], extra].concat());
    println!("{out}");
    assert!(out.trim_end().ends_with("ok"), "{script}: {out}");
}

#[test]
fn axe_finds_no_violations_on_any_page_in_light_and_dark() {
    on_the_shipped_site(
        "axe_finds_no_violations_on_any_page_in_light_and_dark",
        "a11y.mjs",
        &[],
    );
}

#[test]
fn keyboard_alone_reaches_every_control_with_a_visible_focus_ring() {
    on_the_shipped_site(
        "keyboard_alone_reaches_every_control_with_a_visible_focus_ring",
        "keyboard.mjs",
        &[],
    );
}

#[test]
fn touch_targets_are_at_least_24px_and_header_links_share_a_row_at_390px() {
    on_the_shipped_site(
        "touch_targets_are_at_least_24px_and_header_links_share_a_row_at_390px",
        "a11y_targets.mjs",
        &[],
    );
}

#[test]
fn reduced_motion_and_dark_scheme_follow_the_reader_and_print_stays_dark_on_white() {
    on_the_shipped_site(
        "reduced_motion_and_dark_scheme_follow_the_reader_and_print_stays_dark_on_white",
        "a11y_media.mjs",
        &[],
    );
}

#[test]
fn relevance_table_holds_when_typed_into_the_search_box_in_chromium() {
    let table = repo().join("tests/search_relevance.tsv");
    on_the_shipped_site(
        "relevance_table_holds_when_typed_into_the_search_box_in_chromium",
        "search_chromium.mjs",
        &[table.to_str().unwrap()],
    );
}

#[test]
fn english_relevance_table_holds_when_typed_into_the_search_box_in_chromium() {
    let table = repo().join("tests/search_relevance.en-shipped.tsv");
    on_the_shipped_site(
        "english_relevance_table_holds_when_typed_into_the_search_box_in_chromium",
        "search_chromium.mjs",
        &[table.to_str().unwrap(), "en/"],
    );
}

#[test]
fn every_fragment_link_resolves_and_every_step_links_to_itself() {
    on_the_shipped_site(
        "every_fragment_link_resolves_and_every_step_links_to_itself",
        "deeplinks.mjs",
        &[],
    );
}

#[test]
fn quote_disclosures_open_without_javascript_and_questions_are_deep_links() {
    on_the_shipped_site(
        "quote_disclosures_open_without_javascript_and_questions_are_deep_links",
        "disclosure.mjs",
        &[],
    );
}

// ---- Without a browser: the HTML itself ----

/// Every HTML page of a built site: relative path → text.
fn html_pages(site: &Path) -> BTreeMap<String, String> {
    read_tree(site)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// The start tags named `tag` (`<nav ...>`), in order, attributes included.
fn start_tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    html.match_indices(&open)
        .filter(|(at, _)| {
            let next = html[at + open.len()..].chars().next();
            matches!(next, Some(' ' | '>'))
        })
        .filter_map(|(at, _)| html[at..].find('>').map(|end| &html[at..=at + end]))
        .collect()
}

/// The levels of the headings h1–h6, in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| {
            bytes[i] == b'<'
                && bytes[i + 1] == b'h'
                && (b'1'..=b'6').contains(&bytes[i + 2])
                && matches!(bytes[i + 3], b' ' | b'>')
        })
        .map(|i| bytes[i + 2] - b'0')
        .collect()
}

/// Landmarks, the skip link and the heading outline of every page of one site.
fn assert_outline(site: &Path) {
    let pages = html_pages(site);
    assert!(
        pages.len() >= 5,
        "only {} pages in {}",
        pages.len(),
        site.display()
    );
    let mut problems = Vec::new();
    for (name, html) in &pages {
        let mut problem = |text: String| problems.push(format!("{name}: {text}"));
        // The English edition is under en/; every other page is Korean.
        let (lang, skip) = if name.starts_with("en/") {
            ("en", "Skip to content")
        } else {
            ("ko", "본문 바로가기")
        };
        if !html.contains(&format!("<html lang=\"{lang}\">")) {
            problem(format!("the page is not lang=\"{lang}\""));
        }
        // The skip link is the first link of the body, and its target is <main>.
        let body = &html[html.find("<body").unwrap_or(0)..];
        match start_tags(body, "a").first() {
            Some(tag) if tag.contains("class=\"skip-link\"") && tag.contains("href=\"#main\"") => {}
            other => problem(format!("the first link is {other:?}, not the skip link")),
        }
        if !body.contains(&format!(">{skip}</a>")) {
            problem(format!("the skip link does not read {skip}"));
        }
        let count = |tag: &str| start_tags(html, tag).len();
        for (tag, wanted) in [("header", 1), ("main", 1), ("footer", 1)] {
            // A checklist's sheet has its own <header> inside <main>; only the banner counts.
            let found = start_tags(html, tag)
                .iter()
                .filter(|t| tag != "header" || t.contains("site-header"))
                .count();
            if found != wanted {
                problem(format!("{found} <{tag}> landmarks, wanted {wanted}"));
            }
        }
        if !start_tags(html, "main")
            .iter()
            .any(|t| t.contains("id=\"main\""))
        {
            problem("<main> has no id=\"main\" for the skip link".into());
        }
        if count("nav") == 0 {
            problem("no <nav>".into());
        }
        for nav in start_tags(html, "nav") {
            if !nav.contains("aria-label=\"") {
                problem(format!("{nav} has no aria-label"));
            }
        }
        let levels = heading_levels(html);
        if levels.iter().filter(|&&l| l == 1).count() != 1 || levels.first() != Some(&1) {
            problem(format!("headings {levels:?}: wanted one h1, first"));
        }
        for pair in levels.windows(2) {
            if pair[1] > pair[0] + 1 {
                problem(format!(
                    "heading h{} follows h{}: a level is skipped",
                    pair[1], pair[0]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_has_landmarks_a_skip_link_and_headings_in_order() {
    assert_outline(&shipped_site());
    let dir = fixture("build/valid");
    let out = dir.path().join("site");
    build_site(dir.path(), &out, &[]);
    assert_outline(&out);
}

// ---- Step anchors ----

/// The guide with every `steps:` list written in reverse order.
fn reverse_steps(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].to_string());
        let Some(indent) = lines[i]
            .strip_suffix("steps:")
            .filter(|s| s.trim().is_empty())
        else {
            i += 1;
            continue;
        };
        // The list's items start with `<indent>  - `; it ends at a line indented less.
        let item = format!("{indent}  - ");
        let mut items: Vec<Vec<&str>> = Vec::new();
        i += 1;
        while i < lines.len() {
            let line = lines[i];
            let inside = line.trim().is_empty() || line.starts_with(&format!("{indent}  "));
            if !inside {
                break;
            }
            if line.starts_with(&item) || items.is_empty() {
                items.push(Vec::new());
            }
            items.last_mut().unwrap().push(line);
            i += 1;
        }
        items.reverse();
        out.extend(items.concat().into_iter().map(String::from));
    }
    out.join("\n") + "\n"
}

/// For each `<li class="step…" id="step-…">`: its number and its action text.
fn steps_of(html: &str) -> BTreeMap<String, (String, String)> {
    let mut steps = BTreeMap::new();
    for (at, _) in html.match_indices("<li class=\"step") {
        let rest = &html[at..];
        let id = between(rest, "id=\"", "\"");
        let number = between(rest, "<span class=\"visually-hidden\">단계 </span>", "</p>");
        let action = between(rest, "<p class=\"action\">", "</p>");
        let link = between(rest, "<a class=\"step-link\" href=\"", "\"");
        assert_eq!(link, format!("#{id}"), "the link of step {id}");
        steps.insert(id, (number, action));
    }
    steps
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).map(|at| at + start.len()).unwrap_or(0);
    let to = text[from..].find(end).map(|at| from + at).unwrap_or(from);
    text[from..to].to_string()
}

fn ids_of(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .map(|(at, m)| between(&html[at + m.len() - 1..], "\"", "\""))
        .collect()
}

#[test]
fn step_anchors_do_not_change_when_steps_are_reordered() {
    let dir = tempfile::tempdir().unwrap();
    let (original, reordered) = (dir.path().join("original"), dir.path().join("reordered"));
    for root in [&original, &reordered] {
        copy_dir(&repo().join("content"), &root.join("content"));
    }
    let guides = repo().join("content/guides");
    let mut names = Vec::new();
    // Each guide and its translation alike, so they still mirror each other; a translation's
    // record (`.lock`) is not a guide.
    for name in names_in(&guides)
        .into_iter()
        .filter(|n| n.ends_with(".yaml"))
    {
        let path = reordered.join("content/guides").join(&name);
        let yaml = std::fs::read_to_string(&path).unwrap();
        let reversed = reverse_steps(&yaml);
        assert_ne!(yaml, reversed, "{name} has no steps to reorder");
        std::fs::write(&path, reversed).unwrap();
        let stem = name.trim_end_matches(".yaml");
        names.push(match stem.split_once('.') {
            Some((id, lang)) => format!("{lang}/guides/{id}"),
            None => format!("guides/{stem}"),
        });
    }
    build_site(&original, &original.join("site"), &[]);
    build_site(&reordered, &reordered.join("site"), &[]);

    let mut moved = 0;
    for guide in &names {
        let page = format!("site/{guide}/index.html");
        let before = std::fs::read_to_string(original.join(&page)).unwrap();
        let after = std::fs::read_to_string(reordered.join(&page)).unwrap();
        assert_ne!(before, after, "{page}: reordering changed nothing");
        assert_eq!(
            ids_of(&before),
            ids_of(&after),
            "{page}: the set of ids changed"
        );
        let (steps_before, steps_after) = (steps_of(&before), steps_of(&after));
        assert!(steps_before.len() >= 5, "{page}: too few steps");
        assert_eq!(
            steps_before.keys().collect::<Vec<_>>(),
            steps_after.keys().collect::<Vec<_>>(),
            "{page}: step anchors"
        );
        for (id, (number, action)) in &steps_before {
            let (new_number, new_action) = &steps_after[id];
            // The anchor follows the step's content, not its position.
            assert_eq!(
                action, new_action,
                "{page}: #{id} now points at another step"
            );
            moved += usize::from(number != new_number);
        }
    }
    assert!(moved > 10, "only {moved} steps changed position");
}

#[test]
fn reverse_steps_reverses_only_the_step_lists() {
    let yaml = "id: g\nprocedures:\n  - id: p\n    steps:\n      - id: a\n        action: A\n\n      - id: b\n        action: B\n    result: done\n";
    assert_eq!(
        reverse_steps(yaml),
        "id: g\nprocedures:\n  - id: p\n    steps:\n      - id: b\n        action: B\n      - id: a\n        action: A\n\n    result: done\n"
    );
}

#[test]
fn checklist_ticks_are_kept_and_reset_and_work_without_javascript() {
    if !browser_ready("checklist_ticks_are_kept_and_reset_and_work_without_javascript") {
        return;
    }
    let dir = fixture("build/valid");
    let site = dir.path().join("site");
    build_site(dir.path(), &site, &[]);
    let page = site.join("guides/alpha-cert/checklist/index.html");
    let output = run_browser_script(
        "checklist_ticks.mjs",
        &[&format!("file://{}", page.display())],
    );
    assert_eq!(output.trim(), "ok");
}
