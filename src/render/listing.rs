//! The pages that list guides, cut so that none grows with the knowledge base: every guide
//! (`all/`) and each category's guides (`categories/<id>/`), [`PAGE_SIZE`] cards a page at
//! stable addresses (`all/`, `all/2/`, …), and the home page, which shows the categories and
//! only the first guides.

use super::pages::GuideCard;
use serde::Serialize;

/// Cards on a listing page: about 40 KB of HTML, a few screens on a phone.
pub const PAGE_SIZE: usize = 20;

/// Guides the home page names under each category.
const GUIDES_PER_CATEGORY: usize = 3;

/// A category as a language calls it.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryName {
    pub id: String,
    pub title: String,
}

/// A category on the home page: its first guides and where the rest are.
#[derive(Serialize)]
pub struct CategorySummary<'a> {
    pub id: String,
    pub title: String,
    pub count: usize,
    /// From the language's root.
    pub href: String,
    pub guides: Vec<&'a GuideCard>,
}

/// One page of a listing.
pub struct ListingPage<'a> {
    /// From the language's root.
    pub path: String,
    pub cards: &'a [&'a GuideCard],
    pub pagination: Pagination,
}

/// Where a listing page stands among its listing's pages; addresses from the language's
/// root, `None` where there is no such page.
#[derive(Serialize)]
pub struct Pagination {
    pub number: usize,
    pub count: usize,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// The guides of each category, in the categories' order and the guides' (site) order.
/// Guides without a category, or naming one the site lacks (`check` reports it), are only
/// in `all/`.
pub fn by_category<'a>(
    names: &[CategoryName],
    cards: &[&'a GuideCard],
) -> Vec<(CategoryName, Vec<&'a GuideCard>)> {
    let mut groups: Vec<(CategoryName, Vec<&GuideCard>)> = names
        .iter()
        .map(|name| (name.clone(), Vec::new()))
        .collect();
    let index: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.id.as_str(), i))
        .collect();
    for card in cards {
        if let Some(&i) = card.category.as_deref().and_then(|id| index.get(id)) {
            groups[i].1.push(card);
        }
    }
    groups
}

/// What the home page says of each category that has guides in the page's language.
pub fn summaries<'a>(groups: &'a [(CategoryName, Vec<&'a GuideCard>)]) -> Vec<CategorySummary<'a>> {
    groups
        .iter()
        .filter(|(_, cards)| !cards.is_empty())
        .map(|(name, cards)| CategorySummary {
            id: name.id.clone(),
            title: name.title.clone(),
            count: cards.len(),
            href: page_path(&category_base(&name.id), 1),
            guides: cards.iter().take(GUIDES_PER_CATEGORY).copied().collect(),
        })
        .collect()
}

/// Where the listing of a category starts.
pub fn category_base(id: &str) -> String {
    format!("categories/{id}")
}

/// The listing under `base` (`all`, `categories/<id>`) cut into pages; a listing of no
/// guides still has its first page.
pub fn pages<'a>(base: &str, cards: &'a [&'a GuideCard]) -> Vec<ListingPage<'a>> {
    let count = cards.len().div_ceil(PAGE_SIZE).max(1);
    let at = |number: usize| {
        (1..=count)
            .contains(&number)
            .then(|| page_path(base, number))
    };
    (1..=count)
        .map(|number| {
            let start = ((number - 1) * PAGE_SIZE).min(cards.len());
            let end = (start + PAGE_SIZE).min(cards.len());
            ListingPage {
                path: page_path(base, number),
                cards: &cards[start..end],
                pagination: Pagination {
                    number,
                    count,
                    first: (number > 2).then(|| page_path(base, 1)),
                    previous: at(number - 1),
                    next: at(number + 1),
                    last: (number + 1 < count).then(|| page_path(base, count)),
                },
            }
        })
        .collect()
}

/// Whether `path` is a listing's page after the first (`all/2/index.html`,
/// `categories/<id>/3/index.html`).
pub fn is_later_page(path: &str) -> bool {
    let Some(folder) = path.strip_suffix("/index.html") else {
        return false;
    };
    let (base, number) = folder.rsplit_once('/').unwrap_or(("", folder));
    let listing = base == "all"
        || base
            .strip_prefix("categories/")
            .is_some_and(|id| !id.contains('/'));
    listing && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
}

/// Page 1 is the listing's folder; page `n` a folder in it.
fn page_path(base: &str, number: usize) -> String {
    match number {
        1 => format!("{base}/index.html"),
        n => format!("{base}/{n}/index.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: usize, category: Option<&str>) -> GuideCard {
        GuideCard {
            id: format!("g{id}"),
            title: String::new(),
            certificate: String::new(),
            category: category.map(str::to_string),
            summary_html: String::new(),
            blurb: String::new(),
            reviewed: String::new(),
            url: None,
            facts: Vec::new(),
            checklist_items: 0,
        }
    }

    #[test]
    fn pages_hold_page_size_cards_and_link_their_neighbours() {
        let owned: Vec<GuideCard> = (0..2 * PAGE_SIZE + 1).map(|i| card(i, None)).collect();
        let cards: Vec<&GuideCard> = owned.iter().collect();
        let pages = pages("all", &cards);
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["all/index.html", "all/2/index.html", "all/3/index.html"]
        );
        let sizes: Vec<usize> = pages.iter().map(|p| p.cards.len()).collect();
        assert_eq!(sizes, [PAGE_SIZE, PAGE_SIZE, 1]);
        assert_eq!(pages[2].cards[0].id, format!("g{}", 2 * PAGE_SIZE));
        let first = &pages[0].pagination;
        assert_eq!(first.previous, None);
        assert_eq!(first.next.as_deref(), Some("all/2/index.html"));
        assert_eq!(first.last.as_deref(), Some("all/3/index.html"));
        let last = &pages[2].pagination;
        assert_eq!(last.first.as_deref(), Some("all/index.html"));
        assert_eq!(last.previous.as_deref(), Some("all/2/index.html"));
        assert_eq!((last.next.as_deref(), last.last.as_deref()), (None, None));
    }

    #[test]
    fn later_pages_are_told_from_first_pages_and_guides() {
        for (path, later) in [
            ("all/2/index.html", true),
            ("categories/care/12/index.html", true),
            ("all/index.html", false),
            ("categories/care/index.html", false),
            ("categories/2/index.html", false),
            ("guides/2/index.html", false),
            ("index.html", false),
        ] {
            assert_eq!(is_later_page(path), later, "{path}");
        }
    }

    #[test]
    fn an_empty_listing_has_one_page() {
        let pages = pages("categories/empty", &[]);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].path, "categories/empty/index.html");
        assert_eq!(pages[0].pagination.count, 1);
    }

    #[test]
    fn guides_go_to_their_declared_category_in_site_order() {
        let owned = [
            card(0, Some("b")),
            card(1, None),
            card(2, Some("a")),
            card(3, Some("b")),
            card(4, Some("zz")),
        ];
        let cards: Vec<&GuideCard> = owned.iter().collect();
        let names = ["a", "b"].map(|id| CategoryName {
            id: id.to_string(),
            title: id.to_uppercase(),
        });
        let groups = by_category(&names, &cards);
        let ids: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|(name, cards)| {
                (
                    name.id.as_str(),
                    cards.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(ids, [("a", vec!["g2"]), ("b", vec!["g0", "g3"])]);
    }
}
