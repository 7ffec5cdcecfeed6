//! The pages that list guides, at a size where listing every guide on one page would not
//! do: the home page, the paginated listings of every guide and of each category, and the
//! comparison by certificate type.

use crate::support::html::assert_links_resolve;
use crate::support::{build_site, fixture, gen_kb, read_tree, replace};
use std::collections::BTreeSet;
use std::path::Path;

/// Guides a listing page holds (`src/render/listing.rs`).
const PAGE_SIZE: usize = 20;

/// A generated knowledge base of `count` guides (15 categories, 8 certificate types), built
/// without PDFs; returns the project and the built site's folder.
fn generated(count: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    gen_kb::write_kb(count, dir.path()).unwrap();
    let site_yaml = dir.path().join("content/site.yaml");
    let settings = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, format!("{settings}pdf: false\n")).unwrap();
    let out = dir.path().join("out");
    build_site(dir.path(), &out, &[]);
    (dir, out)
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The ids of the guides a page's cards lead to, in order.
fn card_guides(html: &str) -> Vec<String> {
    html.split(" class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split("guides/").nth(1)?.split('/').next())
        .map(str::to_string)
        .collect()
}

/// Follows `rel="next"` from `first` (a path in the site) to the last page.
fn follow(site: &Path, first: &str) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut path = first.to_string();
    loop {
        let html = page(site, &path);
        let next = html
            .split("rel=\"next\" href=\"")
            .nth(1)
            .map(|rest| rest.split('"').next().unwrap().to_string());
        pages.push((path.clone(), html));
        let Some(next) = next else { break };
        // Links are relative to the page's folder.
        let folder = Path::new(&path).parent().unwrap();
        let joined = folder.join(&next);
        path = normalise(&joined);
        assert!(pages.len() < 1000, "the pages never end");
    }
    pages
}

fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(name) => parts.push(name.to_string_lossy().into()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn every_guide_is_listed_once_in_all_and_once_in_its_category_on_pages_of_bounded_size() {
    let count = 3 * PAGE_SIZE + 7;
    let (_dir, site) = generated(count);
    let all = follow(&site, "all/index.html");
    assert_eq!(all.len(), 4, "67 guides make four pages of 20");
    let listed: Vec<String> = all.iter().flat_map(|(_, html)| card_guides(html)).collect();
    let expected: Vec<String> = (0..count).map(|n| format!("guide-{n:05}")).collect();
    assert_eq!(listed, expected, "every guide once, in site order");
    assert_eq!(all[1].0, "all/2/index.html");
    assert!(
        all[3].1.contains("4 / 4쪽"),
        "the last page says where it is"
    );

    // Each category's pages, reached from the home page, hold its guides; together, each
    // guide once.
    let home = page(&site, "index.html");
    let categories: Vec<&str> = home
        .split("<li class=\"category\">\n<h3 class=\"category-title\"><a href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert!(
        categories.len() > 1,
        "the home page lists the categories:\n{home}"
    );
    let mut in_categories: Vec<String> = Vec::new();
    for first in &categories {
        for (_, html) in follow(&site, first) {
            in_categories.extend(card_guides(&html));
        }
    }
    in_categories.sort();
    assert_eq!(
        in_categories, expected,
        "each guide in exactly one category"
    );

    // The home page shows the first page of guides, not every guide.
    assert_eq!(card_guides(&home).len(), PAGE_SIZE);
    assert!(
        home.contains(&format!("모든 안내 {count}개 보기")),
        "{home}"
    );
    assert_links_resolve(&site);
}

#[test]
fn the_home_page_and_the_listings_do_not_grow_with_the_guides() {
    let sizes = |count| {
        let (_dir, site) = generated(count);
        let tree = read_tree(&site);
        let listing_pages = tree
            .iter()
            .filter(|(path, _)| path.starts_with("all/") || path.starts_with("categories/"));
        let largest = listing_pages.map(|(_, bytes)| bytes.len()).max().unwrap();
        let compare = page(&site, "compare/index.html");
        let columns = compare.matches("<th scope=\"col\">").count() - 1;
        (tree["index.html"].len(), largest, compare.len(), columns)
    };
    let (home_small, listing_small, compare_small, columns_small) = sizes(60);
    let (home_large, listing_large, compare_large, columns_large) = sizes(600);
    // Ten times the guides: the same number of cards and categories, so about the same size
    // (titles and summaries differ in length).
    for (what, small, large) in [
        ("home page", home_small, home_large),
        ("largest listing page", listing_small, listing_large),
        ("comparison", compare_small, compare_large),
    ] {
        assert!(
            large * 10 < small * 13,
            "the {what} grew from {small} to {large} bytes with ten times the guides"
        );
    }
    assert_eq!(
        (columns_small, columns_large),
        (8, 8),
        "a column a certificate type"
    );
}

#[test]
fn categories_are_titled_in_each_language_and_a_translation_keeps_its_originals() {
    let dir = fixture("i18n");
    let root = dir.path();
    replace(
        root,
        "content/site.yaml",
        "language: ko\n",
        "language: ko\ncategories:\n  - id: care\n    title: 관리 방법\n  - id: unused\n    title: 빈 분류\n",
    );
    replace(
        root,
        "content/site.yaml",
        "    description: A knowledge base for tests.\n",
        "    description: A knowledge base for tests.\n    categories:\n      care: Looking after it\n",
    );
    let guide = std::fs::read_to_string(root.join("content/guides/sample.yaml")).unwrap();
    let certificate = guide
        .lines()
        .find(|l| l.starts_with("certificate:"))
        .unwrap();
    replace(
        root,
        "content/guides/sample.yaml",
        &format!("{certificate}\n"),
        &format!("{certificate}\ncategory: care\n"),
    );
    let out = root.join("out");
    build_site(root, &out, &[]);
    for (prefix, title) in [("", "관리 방법"), ("en/", "Looking after it")] {
        let home = page(&out, &format!("{prefix}index.html"));
        assert!(home.contains(title), "{prefix}index.html names {title}");
        assert!(
            !home.contains("빈 분류"),
            "an empty category is not on the home page"
        );
        let category = page(&out, &format!("{prefix}categories/care/index.html"));
        assert!(
            category.contains(&format!("<h1>{title}</h1>")),
            "{category}"
        );
        assert_eq!(
            card_guides(&category),
            ["sample"],
            "{prefix}: the translation inherits the category"
        );
    }
    // An empty category still has its page, so its address does not come and go.
    assert!(out.join("categories/unused/index.html").is_file());
    let names: BTreeSet<String> = read_tree(&out).into_keys().collect();
    assert!(names.contains("en/all/index.html"), "{names:?}");
    assert_links_resolve(&out);
}

#[test]
fn a_later_page_that_another_language_lacks_switches_to_that_languages_home() {
    let dir = fixture("i18n");
    let root = dir.path();
    let sample = std::fs::read_to_string(root.join("content/guides/sample.yaml")).unwrap();
    // Korean has two pages of guides; English, with one translated guide, has one.
    for n in 1..=PAGE_SIZE {
        let copy = sample.replacen("id: sample\n", &format!("id: sample-{n}\n"), 1);
        std::fs::write(root.join(format!("content/guides/sample-{n}.yaml")), copy).unwrap();
    }
    let out = root.join("out");
    build_site(root, &out, &[]);
    let second = page(&out, "all/2/index.html");
    let switch = second
        .split("class=\"language-switch\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert_eq!(switch, "../../en/index.html");
    assert!(!out.join("en/all/2/index.html").exists());
    assert_links_resolve(&out);
}
